"""prices_daily.csv -> one closing price per trading day and ticker, from the right column."""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import row_grades

COLUMNS = ["trade_date", "ticker", "price_usd", "price_field", "source", "quality_grade"]

# Which column to compute returns from (SOURCES.md, "Which column to use in an event study"):
# the dividend-adjusted close where every row has one (SPY, QQQ); the plain close for NVDA and
# SOXX, whose Investing.com rows carry no adjusted close (so their returns exclude dividends).
PRICE_FIELD = {"SPY": "adj_close", "QQQ": "adj_close", "NVDA": "close", "SOXX": "close"}


def transform(prices_daily: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per date x ticker, prices as text, adj_close blank on some rows.
    Out: ``daily_prices``, the chosen price per date x ticker, after the calendar checks."""
    raw = prices_daily.copy()
    raw["line"] = prices_daily.attrs.get("line_numbers") or range(2, len(raw) + 2)
    raw["quality_grade"] = row_grades(raw, prices_daily.attrs["snapshot"].meta)
    check_no_duplicate_days(raw)
    check_one_calendar(raw)

    # Pick each ticker's price column (see PRICE_FIELD) and read it as a number.
    raw["price_field"] = raw["ticker"].map(PRICE_FIELD)
    raw["price_usd"] = pd.to_numeric(raw["close"].where(raw["price_field"] == "close", raw["adj_close"]))
    missing = raw[raw["price_usd"].isna()]
    if len(missing):
        raise ValueError(
            "prices_daily.csv: the price column chosen for the ticker is blank on these rows:\n"
            + _rows(missing, ["line", "date", "ticker", "price_field", "close", "adj_close"])
        )

    prices = raw.assign(trade_date=pd.to_datetime(raw["date"], format="%Y-%m-%d"))
    prices = prices.sort_values(["ticker", "trade_date"])
    return {"daily_prices": keep_raw_rows(prices[COLUMNS], "prices_daily")}


def check_no_duplicate_days(raw: pd.DataFrame) -> None:
    """Raise, naming the rows, if a ticker has two rows for one date."""
    duplicated = raw[raw.duplicated(["date", "ticker"], keep=False)]
    if len(duplicated):
        raise ValueError(
            "prices_daily.csv: a ticker has more than one row for a date:\n"
            + _rows(duplicated.sort_values(["ticker", "date"]), ["line", "date", "ticker", "close", "source"])
        )


def check_one_calendar(raw: pd.DataFrame) -> None:
    """Raise, naming the dates and tickers, unless every ticker trades on the same dates."""
    tickers = sorted(raw["ticker"].unique())
    present = raw.groupby("date")["ticker"].agg(lambda t: sorted(set(t)))
    gaps = present[present.map(len) < len(tickers)]
    if len(gaps):
        lines = [f"  {date}: only {', '.join(have)} (missing {', '.join(sorted(set(tickers) - set(have)))})"
                 for date, have in gaps.items()]
        raise ValueError("prices_daily.csv: the tickers do not share one set of trading days:\n" + "\n".join(lines))


def _rows(frame: pd.DataFrame, columns: list[str]) -> str:
    return frame[columns].to_string(index=False)


STEP = Step(
    name="prices_daily",
    inputs=("prices_daily",),
    outputs={"daily_prices": schema_for(COLUMNS, unique=["ticker", "trade_date"], name="daily_prices")},
    transform=transform,
)
