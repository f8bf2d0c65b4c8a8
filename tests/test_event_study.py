"""Event study: known answers on synthetic returns, the window arithmetic on an inline
calendar, the price step's calendar checks and the chapter's tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from scipy import stats

from analysis import event_study as es
from analysis import markets_verdict as mv
from analysis.steps import prices_crosscheck, prices_daily

ESTIMATION = (-250, -31)
WINDOWS = [(0, 0), (-1, 1), (0, 5)]


def _synthetic(seed: int, *, n_days: int = 400, alpha: float = 0.0005, beta: float = 1.5, sigma: float = 0.01,
               event_day: int = 300, planted: float = 0.0, quiet_event: bool = False) -> pd.DataFrame:
    """Market ~ N(0.0003, 0.01); stock = alpha + beta * market + N(0, sigma), plus ``planted``
    on ``event_day``. ``quiet_event``: no stock noise on days -1..+5 (so the AR is exactly
    the planted return plus the model's estimation error)."""
    rng = np.random.default_rng(seed)
    market = rng.normal(0.0003, 0.01, n_days)
    noise = rng.normal(0, sigma, n_days)
    if quiet_event:
        noise[event_day - 1: event_day + 6] = 0.0
    stock = alpha + beta * market + noise
    stock[event_day] += planted
    days = pd.bdate_range("2024-01-01", periods=n_days)
    return pd.DataFrame({"STOCK": stock, "MKT": market}, index=days)


def _study(returns: pd.DataFrame, event_days: list[int], correction: bool = True) -> es.EventStudy:
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(event_days))],
                           "event_date": returns.index[event_days]})
    return es.run_event_study(returns, events, ["STOCK"], "MKT", estimation=ESTIMATION, windows=WINDOWS,
                              prediction_error_correction=correction, min_estimation_days=100)


def test_a_planted_abnormal_return_is_recovered():
    """Stock = 0.05% + 1.5 x market + N(0, 0.5%), with +5% planted on day 300 and no noise
    around it. Expected: beta = 1.5 within 3 standard errors (0.5% / (1% x sqrt(220)) = 0.034),
    AR on day 0 ~ +5%, every window containing day 0 has CAR ~ +5% with a large t (day 0:
    5% / 0.5% = 10), and the days around day 0 have AR ~ 0."""
    study = _study(_synthetic(1, sigma=0.005, planted=0.05, quiet_event=True), [300])
    model = study.models.iloc[0]
    assert model["beta"] == pytest.approx(1.5, abs=0.1)
    assert model["alpha_pct"] == pytest.approx(0.05, abs=0.1)
    assert model["estimation_days"] == 220
    assert model["sigma_pct"] == pytest.approx(0.5, abs=0.08)
    ar = study.abnormal.set_index("relative_day")["abnormal_pct"]
    assert ar[0] == pytest.approx(5.0, abs=0.1)
    assert ar.drop(0).abs().max() < 0.1
    cars = study.cars.set_index("window")
    for window in ["[0, 0]", "[-1, +1]", "[0, +5]"]:
        assert cars.loc[window, "car_pct"] == pytest.approx(5.0, abs=0.5)
        assert cars.loc[window, "car_t"] > 3
    assert cars.loc["[0, 0]", "car_t"] == pytest.approx(10.0, abs=2.0)


def test_a_planted_return_stands_out_of_ordinary_noise():
    """Same, but with the usual noise on the event days: the day-0 t is still large."""
    study = _study(_synthetic(2, planted=0.05), [300])
    assert study.cars.set_index("window").loc["[0, 0]", "car_t"] > 3


def test_without_a_planted_return_t_is_small():
    """The same series as above without the +5%: the CARs are only the model's estimation
    error, under 0.5% with |t| < 1 (against +5% and t > 3 with the planted return)."""
    study = _study(_synthetic(1, sigma=0.005, quiet_event=True), [300])
    assert study.cars["car_pct"].abs().max() < 0.5
    assert study.cars["car_t"].abs().max() < 1.0


def test_t_statistics_are_standard_normal_without_an_event():
    """Over 300 seeds of pure noise the day-0 and [-1, +1] t-statistics have mean ~0, sd ~1
    and reject |t| > 1.96 about 5% of the time: the standard errors are the right size."""
    ts = np.array([_study(_synthetic(seed), [300]).cars.set_index("window").loc[["[0, 0]", "[-1, +1]"], "car_t"]
                   for seed in range(300)])
    assert abs(ts.mean()) < 0.15
    assert ts.std() == pytest.approx(1.0, abs=0.1)
    assert (np.abs(ts) > 1.96).mean() == pytest.approx(0.05, abs=0.025)


def test_day0_t_equals_statsmodels_prediction_error():
    """With the correction, the one-day t is AR / the standard error of a new observation
    (statsmodels' se_obs); without it, AR / sigma."""
    import statsmodels.api as sm

    returns = _synthetic(4, planted=0.03)
    estimation = returns.iloc[300 - 250: 300 - 30]
    fit = sm.OLS(estimation["STOCK"].to_numpy(), sm.add_constant(estimation["MKT"].to_numpy())).fit()
    x0 = np.array([[1.0, returns["MKT"].iloc[300]]])
    ar = returns["STOCK"].iloc[300] - (x0 @ fit.params)[0]
    se_obs = fit.get_prediction(x0).summary_frame()["obs_ci_upper"].iloc[0] - (x0 @ fit.params)[0]
    se_obs /= stats.t.ppf(0.975, fit.df_resid)
    with_correction = _study(returns, [300], correction=True).cars.set_index("window").loc["[0, 0]"]
    without = _study(returns, [300], correction=False).cars.set_index("window").loc["[0, 0]"]
    assert with_correction["car_pct"] == pytest.approx(100 * ar)
    assert with_correction["car_t"] == pytest.approx(ar / se_obs)
    assert without["car_t"] == pytest.approx(ar / np.sqrt(fit.scale))


def test_car_standard_error_without_correction_is_sigma_root_l():
    model = es.MarketModel(alpha=0.0, beta=1.0, sigma=0.02, n_obs=100, r_squared=0.5, xtx_inv=np.eye(2))
    market = pd.Series([0.01, -0.02, 0.03, 0.0])
    assert model.car_standard_error(market, prediction_error_correction=False) == pytest.approx(0.02 * 2)
    # 1'X* = [4, 0.02]; with (X'X)^-1 = I the correction adds 16 + 0.0004 to L = 4.
    assert model.car_standard_error(market, prediction_error_correction=True) == pytest.approx(
        0.02 * np.sqrt(4 + 16 + 0.0004))


# An inline calendar: 1-12 December 2025 without the weekends and a made-up holiday on the 10th.
CALENDAR = pd.DatetimeIndex(["2025-12-01", "2025-12-02", "2025-12-03", "2025-12-04", "2025-12-05",
                             "2025-12-08", "2025-12-09", "2025-12-11", "2025-12-12"])


@pytest.mark.parametrize(
    "event_date, day0",
    [
        ("2025-12-03", "2025-12-03"),  # a trading day is its own day 0
        ("2025-12-06", "2025-12-08"),  # Saturday -> Monday
        ("2025-12-07", "2025-12-08"),  # Sunday -> Monday
        ("2025-12-10", "2025-12-11"),  # a holiday -> the next trading day
        ("2025-11-29", "2025-12-01"),  # before the first day -> the first day
    ],
)
def test_day_zero_is_the_next_trading_day(event_date, day0):
    assert CALENDAR[es.day_zero(CALENDAR, pd.Timestamp(event_date))] == pd.Timestamp(day0)


def test_event_windows_count_trading_days():
    """Event on Sunday 7 Dec: day 0 is Mon 8 Dec; [-1, +1] runs Fri 5 to Tue 9; [0, +2]
    skips the holiday on the 10th and ends on Thu 11; [-3, -2] is Wed 3 to Thu 4."""
    got = es.event_window_dates(CALENDAR, pd.Timestamp("2025-12-07"), [(0, 0), (-1, 1), (0, 2), (-3, -2)])
    expected = pd.DataFrame({
        "window": ["[0, 0]", "[-1, +1]", "[0, +2]", "[-3, -2]"],
        "first_date": pd.to_datetime(["2025-12-08", "2025-12-05", "2025-12-08", "2025-12-03"]),
        "last_date": pd.to_datetime(["2025-12-08", "2025-12-09", "2025-12-11", "2025-12-04"]),
        "days": [1, 3, 3, 2],
    })
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    "event_date, window, message",
    [
        ("2025-12-12", (0, 1), r"returns cover 0..8"),
        ("2025-12-02", (-3, 0), r"needs trading days -2..1"),
        ("2025-12-13", (0, 0), r"after the last trading day"),
        ("2025-12-03", (1, 0), r"starts after it ends"),
    ],
)
def test_windows_outside_the_calendar_are_refused(event_date, window, message):
    with pytest.raises(ValueError, match=message):
        es.event_window_dates(CALENDAR, pd.Timestamp(event_date), [window])


def test_estimation_leaves_out_other_events_windows():
    """Two events 100 days apart: the later one's estimation window [-250, -31] holds the
    earlier one's span [-1, +5], whose 7 days are left out (213 of 220 used); the earlier
    one's estimation window ends before the later event and keeps all 220."""
    study = _study(_synthetic(5, n_days=500), [300, 400])
    models = study.models.set_index("event_id")
    assert models.loc["e0", "excluded_days"] == 0 and models.loc["e0", "estimation_days"] == 220
    assert models.loc["e1", "excluded_days"] == 7 and models.loc["e1", "estimation_days"] == 213
    kept = es.clean_estimation_positions(400, ESTIMATION, 500, set(range(299, 306)))
    assert len(kept) == 213 and not set(kept) & set(range(299, 306))


def test_the_estimation_window_must_end_before_the_event_windows():
    with pytest.raises(ValueError, match="must end before the event windows"):
        es.run_event_study(_synthetic(6), pd.DataFrame({"event_id": ["e"], "event_date": [pd.Timestamp("2025-01-01")]}),
                           ["STOCK"], "MKT", estimation=(-250, -1), windows=[(-1, 1)],
                           prediction_error_correction=True, min_estimation_days=100)


def test_too_few_clean_estimation_days_stop_the_study():
    with pytest.raises(ValueError, match="only 220 clean estimation days"):
        es.run_event_study(_synthetic(6), pd.DataFrame({"event_id": ["e"], "event_date": [_synthetic(6).index[300]]}),
                           ["STOCK"], "MKT", estimation=ESTIMATION, windows=WINDOWS,
                           prediction_error_correction=True, min_estimation_days=221)


def test_simple_returns():
    prices = pd.DataFrame({"A": [100.0, 110.0, 99.0]}, index=pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-06"]))
    expected = pd.DataFrame({"A": [0.10, -0.10]}, index=pd.to_datetime(["2025-01-03", "2025-01-06"]))
    assert_frame_equal(es.simple_returns(prices), expected)


# --- The price step: one calendar, no duplicate days, the right column ---------------------

def _raw_prices(rows: list[tuple]) -> pd.DataFrame:
    from fakes import raw_table

    frame = raw_table(["date", "ticker", "close", "adj_close", "source", "source_detail"], rows)
    frame.attrs["line_numbers"] = list(range(2, len(rows) + 2))
    return frame


def test_price_step_reads_adj_close_for_spy_and_close_for_nvda():
    """In: NVDA with a blank adj_close, SPY with both. Out: NVDA's close, SPY's adj_close."""
    raw = _raw_prices([
        ("2025-01-02", "NVDA", "138.31", None, "Investing.com", "d"),
        ("2025-01-02", "SPY", "584.64", "575.1", "Yahoo", "d"),
        ("2025-01-03", "NVDA", "144.47", None, "Investing.com", "d"),
        ("2025-01-03", "SPY", "591.95", "582.3", "Yahoo", "d"),
    ])
    got = prices_daily.STEP.outputs["daily_prices"].validate(prices_daily.transform(raw)["daily_prices"])
    expected = pd.DataFrame({
        "trade_date": pd.to_datetime(["2025-01-02", "2025-01-03"] * 2),
        "ticker": ["NVDA", "NVDA", "SPY", "SPY"],
        "price_usd": [138.31, 144.47, 575.1, 582.3],
        "price_field": ["close", "close", "adj_close", "adj_close"],
        "source": ["Investing.com", "Investing.com", "Yahoo", "Yahoo"],
        "quality_grade": ["secondary"] * 4,
    })
    assert_frame_equal(got, prices_daily.STEP.outputs["daily_prices"].validate(expected))


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("2025-01-02", "NVDA", "1", None), ("2025-01-02", "NVDA", "2", None), ("2025-01-02", "SPY", "1", "1")],
         r"more than one row(.|\n)*2025-01-02\s+NVDA"),
        ([("2025-01-02", "NVDA", "1", None), ("2025-01-02", "SPY", "1", "1"), ("2025-01-03", "NVDA", "1", None)],
         r"2025-01-03: only NVDA \(missing SPY\)"),
        ([("2025-01-02", "NVDA", "1", None), ("2025-01-02", "SPY", "1", None)], r"blank(.|\n)*SPY\s+adj_close"),
    ],
)
def test_price_step_names_the_offending_rows(rows, message):
    raw = _raw_prices([(*r, "src", "d") for r in rows])
    with pytest.raises(ValueError, match=message):
        prices_daily.transform(raw)


def test_crosscheck_step_reads_metrics_and_ex_dividend_days():
    """A spot check is a ratio; a period check's note says its unit; the ex-dividend note's
    dates become SOXX's ex-dividend days."""
    raw = pd.DataFrame([
        ("2026-08-21", "NVDA", "close", "214.72", "Stooq", "d", "214.48", "0.998882", None),
        ("2024-06-26..2026-07-02", "SOXX", "close", "(505 daily returns)", "yfinance", "d", None, "0.2446",
         "max |return diff| in percentage points (on 2024-09-25); top dates: 2024-09-25 2025-06-16; "
         "gaps fall on ex-dividend days"),
    ], columns=["date", "ticker", "field", "value_prices_daily", "other_source", "other_detail", "other_value",
                "ratio_other_to_ours_or_maxdiff", "note"], dtype="string")
    tables = prices_crosscheck.transform(raw)
    assert tables["price_crosschecks"][["metric", "value", "unit"]].values.tolist() == [
        ["ratio_other_to_ours", 0.998882, "ratio"], ["max_abs_return_diff", 0.2446, "percentage points"]]
    expected = pd.DataFrame({"ticker": ["SOXX", "SOXX"], "ex_dividend_date": pd.to_datetime(["2024-09-25", "2025-06-16"])})
    assert_frame_equal(tables["ex_dividend_dates"], expected, check_dtype=False)


# --- The chapter's glue ------------------------------------------------------------------

def test_only_day_dated_us_events_are_studied():
    events = pd.DataFrame({
        "date_label": ["2025-04-09", "2025-08", "2025-10-09"],
        "event_date": pd.to_datetime(["2025-04-09", "2025-08-01", "2025-10-09"]),
        "date_precision": ["day", "month", "day"],
        "effective_date": pd.NaT,
        "actor": ["US", "US", "China"],
        "measure": ["H20 licence", "15% deal", "REE controls"],
        "source": ["s"] * 3,
        "quality_grade": ["secondary"] * 3,
    })
    dated, undated = mv.us_events(events)
    assert dated[["event_id", "event_label", "measure"]].values.tolist() == [["2025-04-09", "9 Apr 2025", "H20 licence"]]
    assert undated["measure"].tolist() == ["15% deal"]


def test_car_table_pairs_the_stocks_and_stars_significant_t():
    """In: two stocks x two windows for one event. Out: one row per window, CAR and t side by
    side, |t| > 1.96 starred, the event named once."""
    cars = pd.DataFrame({
        "event_id": ["e"] * 4, "ticker": ["NVDA", "NVDA", "SOXX", "SOXX"],
        "window": ["[0, 0]", "[-1, +1]", "[0, 0]", "[-1, +1]"],
        "car_pct": [-5.149, 1.25, 0.04, -2.0], "car_t": [-1.97, 0.4, 0.01, -1.95],
    })
    events = pd.DataFrame({"event_id": ["e"], "event_label": ["8 Dec 2025"]})
    expected = pd.DataFrame({
        "Event": ["8 Dec 2025", ""],
        "Window (trading days)": ["[0, 0]", "[-1, +1]"],
        "NVDA CAR (%)": ["\u22125.1", "+1.2"], "NVDA t": ["\u22121.97*", "+0.40"],
        "SOXX CAR (%)": ["0.0", "\u22122.0"], "SOXX t": ["+0.01", "\u22121.95"],
    })
    assert_frame_equal(mv.car_table(cars, events, 1.96), expected)


def test_ex_dividend_days_are_placed_relative_to_each_event():
    """Ex-dividend on Thu 11 Dec = day +2 after an event on Mon 8 Dec (the 10th is a holiday
    in the inline calendar): inside a [-1, +5] span, outside the estimation window."""
    models = pd.DataFrame({"event_id": ["e"], "ticker": ["SOXX"], "day0_date": [pd.Timestamp("2025-12-08")],
                           "estimation_first_date": [pd.Timestamp("2025-12-01")],
                           "estimation_last_date": [pd.Timestamp("2025-12-03")]})
    ex = pd.DataFrame({"ticker": ["SOXX", "NVDA"], "ex_dividend_date": pd.to_datetime(["2025-12-11", "2025-12-09"])})
    got = mv.ex_dividend_offsets(ex, models, CALENDAR, (-1, 5))
    expected = pd.DataFrame({"event_id": ["e"], "ticker": ["SOXX"], "ex_dividend_date": [pd.Timestamp("2025-12-11")],
                             "offset_days": [2], "in_event_windows": [True], "in_estimation_window": [False]})
    assert_frame_equal(got, expected)


def test_move_rank_and_trading_day_offset():
    returns = pd.Series([0.01, -0.05, 0.02, 0.05], index=CALENDAR[:4])
    assert [mv.move_rank(returns, d) for d in CALENDAR[:4]] == [4, 1, 3, 1]
    # From Mon 8 Dec to the holiday on Wed 10 Dec: counted as Thu 11 Dec, day +2.
    assert mv.trading_day_offset(CALENDAR, pd.Timestamp("2025-12-08"), pd.Timestamp("2025-12-10")) == 2
    assert mv.trading_day_offset(CALENDAR, pd.Timestamp("2025-12-08"), pd.Timestamp("2025-12-03")) == -3


@pytest.mark.parametrize("n, text", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                                     (22, "22nd"), (101, "101st")])
def test_ordinal(n, text):
    assert mv.ordinal(n) == text
