"""market_size.csv -> China's accelerated-server market series, and the other statements."""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import parse_calendar_period, parse_value, resolve_same_as_above, row_grades

MARKET_METRIC = "accelerated_server_market"

MARKET_COLUMNS = [
    "period_label", "calendar_year", "period_type", "market_usd_bn",
    "is_lower_bound", "is_forecast", "source", "quality_grade",
]
STATEMENT_COLUMNS = [
    "period_label", "metric", "value", "value_to", "unit", "is_lower_bound", "source", "quality_grade",
]


def transform(market_size: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split the raw file into the IDC market-size series and everything else.

    In: one row per period x metric, values as text ('2.38', '>100', '95 -> 0').
    Out: ``china_accelerated_server_market`` (USD bn, one row per period) and
    ``china_ai_market_statements`` (shares, shipments and remarks, long format).
    """
    raw = market_size.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, market_size.attrs["snapshot"].meta)
    values = pd.DataFrame([parse_value(v) for v in raw["value"]], index=raw.index)
    raw = raw.drop(columns="value").join(values)

    # The market series: periods the calendar parser understands, in USD billion.
    is_market = raw["metric"].eq(MARKET_METRIC)
    market = raw[is_market].copy()
    periods = pd.DataFrame([_calendar_or_fail(p) for p in market["period"]], index=market.index)
    market = market.join(periods).rename(columns={"period": "period_label", "value": "market_usd_bn"})
    market = market.sort_values(["calendar_year", "period_type"])

    statements = raw[~is_market].rename(columns={"period": "period_label"})
    return {
        "china_accelerated_server_market": keep_raw_rows(market[MARKET_COLUMNS], "market_size"),
        "china_ai_market_statements": keep_raw_rows(statements[STATEMENT_COLUMNS], "market_size"),
    }


def _calendar_or_fail(label: str) -> dict:
    parsed = parse_calendar_period(label)
    if parsed is None:
        raise ValueError(f"market_size.csv: cannot read the period {label!r} of a market-size row")
    return parsed


STEP = Step(
    name="market_size",
    inputs=("market_size",),
    outputs={
        "china_accelerated_server_market": schema_for(
            MARKET_COLUMNS, unique=["period_label"], name="china_accelerated_server_market"
        ),
        "china_ai_market_statements": schema_for(STATEMENT_COLUMNS, name="china_ai_market_statements"),
    },
    transform=transform,
)
