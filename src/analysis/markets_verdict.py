"""The markets' verdict chapter: which events, which prices, and the tables it prints.

The event-study arithmetic lives in :mod:`analysis.event_study`; this module chooses the
chapter's inputs (US export-control events dated to the day, NVDA and SOXX against SPY)
and turns the results into what the brief shows.
"""

from __future__ import annotations

import pandas as pd

from analysis import event_study, policy

STOCKS = ["NVDA", "SOXX"]
MARKET = "SPY"


def daily_returns(daily_prices: pd.DataFrame, tickers: list[str]) -> pd.DataFrame:
    """Simple daily returns, one column per ticker, from the ``daily_prices`` table."""
    wide = daily_prices[daily_prices["ticker"].isin(tickers)].pivot(
        index="trade_date", columns="ticker", values="price_usd"
    )
    return event_study.simple_returns(wide[tickers])


def us_events(policy_events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """US measures dated to the day (the events, with an ``event_id``) and those dated only
    to the month (left out: without a day there is no day 0)."""
    us = policy.events_of(policy_events, "US")
    dated = us[us["date_precision"] == "day"].copy()
    dated["event_id"] = dated["event_date"].dt.strftime("%Y-%m-%d")
    dated["event_label"] = [day_label(d) for d in dated["event_date"]]
    undated = us[us["date_precision"] != "day"]
    return dated.reset_index(drop=True), undated.reset_index(drop=True)


def day_label(day: pd.Timestamp) -> str:
    """2025-12-08 -> '8 Dec 2025'."""
    return f"{day.day} {day:%b %Y}"


def ex_dividend_offsets(ex_dividend_dates: pd.DataFrame, models: pd.DataFrame, calendar: pd.DatetimeIndex,
                        span: tuple[int, int]) -> pd.DataFrame:
    """Each ex-dividend day's position relative to every event of the same ticker: its
    trading-day offset from day 0, and whether it falls inside the events' span of windows
    or inside the estimation window."""
    rows = []
    for fit in models.itertuples():
        day0 = calendar.get_loc(fit.day0_date)
        for ex in ex_dividend_dates[ex_dividend_dates["ticker"] == fit.ticker]["ex_dividend_date"]:
            if ex not in calendar:
                continue
            offset = calendar.get_loc(ex) - day0
            rows.append({
                "event_id": fit.event_id, "ticker": fit.ticker, "ex_dividend_date": ex, "offset_days": offset,
                "in_event_windows": span[0] <= offset <= span[1],
                "in_estimation_window": fit.estimation_first_date <= ex <= fit.estimation_last_date,
            })
    return pd.DataFrame(rows, columns=["event_id", "ticker", "ex_dividend_date", "offset_days",
                                       "in_event_windows", "in_estimation_window"])


def signed(value: float, digits: int = 1) -> str:
    """-3.21 -> '−3.2', 0.5 -> '+0.5' (a true minus sign; zero unsigned)."""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


def t_cell(t: float, significance_t: float) -> str:
    """A t-statistic as the tables print it, starred when |t| exceeds the threshold."""
    return signed(t, 2) + ("*" if abs(t) > significance_t else "")


def car_table(cars: pd.DataFrame, events: pd.DataFrame, significance_t: float) -> pd.DataFrame:
    """Display strings: one row per event x window, CAR (%) and t for each stock side by side."""
    labels = dict(zip(events["event_id"], events["event_label"]))
    cells = cars.assign(
        car=[signed(v) for v in cars["car_pct"]],
        t=[t_cell(v, significance_t) for v in cars["car_t"]],
    )
    # Windows in the order the study ran them (the order of the event_windows parameter).
    cells["window"] = pd.Categorical(cells["window"], categories=list(dict.fromkeys(cells["window"])))
    wide = cells.pivot(index=["event_id", "window"], columns="ticker", values=["car", "t"]).sort_index()
    tickers = list(dict.fromkeys(cars["ticker"]))
    out = pd.DataFrame({
        "Event": [labels[e] for e in wide.index.get_level_values("event_id")],
        "Window (trading days)": wide.index.get_level_values("window").astype(str),
    })
    for ticker in tickers:
        out[f"{ticker} CAR (%)"] = wide[("car", ticker)].to_numpy()
        out[f"{ticker} t"] = wide[("t", ticker)].to_numpy()
    # Print each event's name once, on its first row.
    out.loc[out["Event"].duplicated(), "Event"] = ""
    return out.reset_index(drop=True)


def model_table(models: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Display strings: the estimation window and the fitted market model per event x stock."""
    labels = dict(zip(events["event_id"], events["event_label"]))
    out = pd.DataFrame({
        "Event": [labels[e] for e in models["event_id"]],
        "Stock": models["ticker"],
        "Estimation window": [f"{day_label(a)} – {day_label(b)}" for a, b in
                              zip(models["estimation_first_date"], models["estimation_last_date"])],
        "Days": models["estimation_days"].astype(int).astype(str),
        "Beta": [f"{b:.2f}" for b in models["beta"]],
        "σ (% a day)": [f"{s:.2f}" for s in models["sigma_pct"]],
        "R²": [f"{r:.2f}" for r in models["r_squared"]],
        "SPY on day 0 (%)": [signed(v) for v in models["market_day0_pct"]],
    })
    out.loc[out["Event"].duplicated(), "Event"] = ""
    return out


def crosscheck_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """How the price file agrees with each other copy, per ticker: spot checks (dates compared,
    exact matches, range of the other/ours ratio) and period checks (the largest difference)."""
    rows = []
    for (source, ticker), group in checks.groupby(["other_source", "ticker"], sort=False):
        spot = group[group["metric"] == "ratio_other_to_ours"]
        period = group[group["metric"] != "ratio_other_to_ours"]
        rows.append({
            "other_source": source, "ticker": ticker,
            "spot_dates": len(spot), "spot_exact": int((spot["value"] == 1.0).sum()),
            "ratio_min": spot["value"].min(), "ratio_max": spot["value"].max(),
            "period": period["check_label"].iloc[0] if len(period) else None,
            "max_diff": period["value"].max() if len(period) else None,
            "max_diff_unit": period["unit"].iloc[0] if len(period) else None,
        })
    return pd.DataFrame(rows)


def move_rank(returns: pd.Series, day: pd.Timestamp) -> int:
    """Rank of the size of ``day``'s return among all days' (1 = the largest move, up or down)."""
    sizes = returns.abs()
    return int((sizes > sizes.loc[day]).sum()) + 1


def trading_day_offset(calendar: pd.DatetimeIndex, day0: pd.Timestamp, day: pd.Timestamp) -> int:
    """Trading days from ``day0`` to ``day`` (a non-trading ``day`` counts as the next trading day)."""
    return event_study.day_zero(calendar, day) - calendar.get_loc(day0)


# A day-0 market move among this many largest of the file marks an event as confounded by
# market-wide news (a presentation choice: the narrative then says so).
EXTREME_MARKET_RANK = 10


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def study_us_events(
    daily_prices: pd.DataFrame,
    policy_events: pd.DataFrame,
    estimation: tuple[int, int],
    windows: list,
    prediction_error_correction: bool,
    min_estimation_days: int,
):
    """The chapter's event study: NVDA and SOXX against SPY around the US events dated to the day.

    Returns ``(study, events, undated)``: the :class:`~analysis.event_study.EventStudy`, the
    events used and the month-dated ones left out.
    """
    events, undated = us_events(policy_events)
    returns = daily_returns(daily_prices, STOCKS + [MARKET])
    study = event_study.run_event_study(
        returns, events, STOCKS, MARKET,
        estimation=tuple(estimation), windows=[tuple(w) for w in windows],
        prediction_error_correction=prediction_error_correction, min_estimation_days=min_estimation_days,
    )
    return study, events, undated
