"""An event study with the market model (MacKinlay 1997, "Event Studies in Economics and
Finance"): pure functions on returns, no data loading.

Conventions, used throughout:

- Returns are *simple* daily returns, ``P_t / P_(t-1) - 1``, as decimals (0.05 is 5%).
- Time is counted in trading days on the calendar of the returns' index. **Day 0** is the
  event date when it is a trading day, otherwise the next trading day (an announcement made
  after the close therefore shows on day +1, which the window [-1, +1] covers).
- The market model ``R_i = alpha + beta R_m + e`` is fitted by OLS (statsmodels) on an
  estimation window of trading days relative to day 0 that ends before the event windows
  start, with days inside any *other* event's window left out ("clean").
- The abnormal return is ``AR_t = R_i,t - (alpha + beta R_m,t)``; the cumulative abnormal
  return over a window of L days is the sum of its ARs (not compounded).
- The t-statistic of a CAR is CAR over its standard error: ``sigma * sqrt(L)``, or with the
  prediction-error correction ``sigma * sqrt(L + 1' X* (X'X)^-1 X*' 1)``, which adds the
  uncertainty of the estimated alpha and beta (X* holds [1, R_m] on the window's days).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
# The two names used, imported from their modules: `statsmodels.api` imports all of statsmodels.
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

Window = tuple[int, int]


@dataclass(frozen=True)
class MarketModel:
    """An OLS market model: coefficients, residual standard deviation and (X'X)^-1."""

    alpha: float
    beta: float
    sigma: float
    """Standard deviation of the residuals (n - 2 degrees of freedom), as a daily return."""
    n_obs: int
    r_squared: float
    xtx_inv: np.ndarray
    """(X'X)^-1 for the regressors [1, R_m] of the estimation window."""

    def expected(self, market: pd.Series) -> pd.Series:
        """Normal returns: what the model predicts from the market's returns."""
        return self.alpha + self.beta * market

    def car_standard_error(self, market: pd.Series, *, prediction_error_correction: bool) -> float:
        """Standard error of the sum of abnormal returns over the days of ``market``."""
        days = len(market)
        if not prediction_error_correction:
            return self.sigma * np.sqrt(days)
        summed = np.array([days, float(market.sum())])  # 1' X* for X* = [1, R_m]
        return self.sigma * np.sqrt(days + summed @ self.xtx_inv @ summed)


@dataclass(frozen=True)
class EventStudy:
    """The results of :func:`run_event_study`, one table each (returns in percent)."""

    cars: pd.DataFrame
    """One row per event x ticker x window: CAR, its standard error and t-statistic."""
    models: pd.DataFrame
    """One row per event x ticker: the estimation window and the fitted market model."""
    abnormal: pd.DataFrame
    """One row per event x ticker x event day: return, normal return and abnormal return."""


def simple_returns(prices: pd.DataFrame) -> pd.DataFrame:
    """Daily simple returns of each column of a price table indexed by trading day
    (the first day, which has no previous close, is dropped)."""
    if prices.isna().any().any():
        gaps = prices[prices.isna().any(axis=1)]
        raise ValueError(f"prices are missing on these days, so returns would span gaps:\n{gaps}")
    return prices.sort_index().pct_change().iloc[1:]


def day_zero(calendar: pd.DatetimeIndex, event_date: pd.Timestamp) -> int:
    """Position in ``calendar`` of the event's day 0: the event date itself when it is a
    trading day, otherwise the first trading day after it."""
    position = int(calendar.searchsorted(pd.Timestamp(event_date), side="left"))
    if position == len(calendar):
        raise ValueError(f"event date {pd.Timestamp(event_date).date()} is after the last trading day "
                         f"{calendar[-1].date()} of the returns")
    return position


def window_positions(day0: int, window: Window, n_days: int, *, what: str = "window") -> np.ndarray:
    """Calendar positions of the trading days ``window[0]`` to ``window[1]`` around ``day0``."""
    first, last = window
    if first > last:
        raise ValueError(f"{what} {list(window)} starts after it ends")
    if day0 + first < 0 or day0 + last >= n_days:
        raise ValueError(
            f"{what} {list(window)} around day 0 at position {day0} needs trading days "
            f"{day0 + first}..{day0 + last}, but the returns cover 0..{n_days - 1}"
        )
    return np.arange(day0 + first, day0 + last + 1)


def window_label(window: Window) -> str:
    """(-1, 1) -> '[-1, +1]', (0, 0) -> '[0, 0]'."""
    return "[" + ", ".join(f"{d:+d}" if d else "0" for d in window) + "]"


def event_window_dates(calendar: pd.DatetimeIndex, event_date: pd.Timestamp, windows: list[Window]) -> pd.DataFrame:
    """For one event: each window's label, first and last trading day and length in days."""
    day0 = day_zero(calendar, event_date)
    rows = []
    for window in windows:
        positions = window_positions(day0, window, len(calendar))
        rows.append({
            "window": window_label(window),
            "first_date": calendar[positions[0]],
            "last_date": calendar[positions[-1]],
            "days": len(positions),
        })
    return pd.DataFrame(rows)


def fit_market_model(stock: pd.Series, market: pd.Series) -> MarketModel:
    """OLS of the stock's returns on the market's (same days), with a constant."""
    if not stock.index.equals(market.index):
        raise ValueError("stock and market returns must cover the same days")
    design = add_constant(market.to_numpy(dtype=float), has_constant="add")
    fit = OLS(stock.to_numpy(dtype=float), design).fit()
    return MarketModel(
        alpha=float(fit.params[0]),
        beta=float(fit.params[1]),
        sigma=float(np.sqrt(fit.scale)),
        n_obs=int(fit.nobs),
        r_squared=float(fit.rsquared),
        xtx_inv=np.asarray(fit.normalized_cov_params, dtype=float),
    )


def abnormal_returns(model: MarketModel, stock: pd.Series, market: pd.Series) -> pd.Series:
    """Actual minus normal returns, day by day."""
    return stock - model.expected(market)


def clean_estimation_positions(
    day0: int,
    estimation: Window,
    n_days: int,
    excluded: set[int],
) -> np.ndarray:
    """Positions of the estimation window around ``day0``, without the ``excluded`` ones."""
    positions = window_positions(day0, estimation, n_days, what="estimation window")
    return positions[~np.isin(positions, sorted(excluded))]


def run_event_study(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    tickers: list[str],
    market: str,
    *,
    estimation: Window,
    windows: list[Window],
    prediction_error_correction: bool,
    min_estimation_days: int,
) -> EventStudy:
    """Market-model event study of ``tickers`` against ``market`` around each event.

    ``returns``: simple daily returns, one column per ticker, indexed by trading day.
    ``events``: columns ``event_id`` and ``event_date``. Estimation windows leave out the
    days of every other event's span (the union of the windows around its day 0).
    """
    windows = [tuple(w) for w in windows]
    span = (min(w[0] for w in windows), max(w[1] for w in windows))
    if estimation[1] >= span[0]:
        raise ValueError(f"the estimation window {list(estimation)} must end before the event windows "
                         f"start (day {span[0]})")
    calendar = pd.DatetimeIndex(returns.index)
    n_days = len(calendar)
    day0s = {row.event_id: day_zero(calendar, row.event_date) for row in events.itertuples()}
    spans = {event: set(window_positions(d0, span, n_days)) for event, d0 in day0s.items()}

    cars, models, abnormal = [], [], []
    for event in events.itertuples():
        day0 = day0s[event.event_id]
        others = set().union(*(s for e, s in spans.items() if e != event.event_id))
        full = window_positions(day0, estimation, n_days, what="estimation window")
        kept = clean_estimation_positions(day0, estimation, n_days, others)
        if len(kept) < min_estimation_days:
            raise ValueError(
                f"event {event.event_id}: only {len(kept)} clean estimation days, fewer than "
                f"min_estimation_days={min_estimation_days}"
            )
        base = {"event_id": event.event_id, "event_date": pd.Timestamp(event.event_date),
                "day0_date": calendar[day0]}
        for ticker in tickers:
            model = fit_market_model(returns[ticker].iloc[kept], returns[market].iloc[kept])
            models.append({
                **base, "ticker": ticker,
                "estimation_first_date": calendar[full[0]], "estimation_last_date": calendar[full[-1]],
                "estimation_days": model.n_obs, "excluded_days": len(full) - len(kept),
                "alpha_pct": 100 * model.alpha, "beta": model.beta, "sigma_pct": 100 * model.sigma,
                "r_squared": model.r_squared, "market_day0_pct": 100 * returns[market].iloc[day0],
            })
            span_positions = window_positions(day0, span, n_days)
            stock_span, market_span = returns[ticker].iloc[span_positions], returns[market].iloc[span_positions]
            ar = abnormal_returns(model, stock_span, market_span)
            abnormal.append(pd.DataFrame({
                **base, "ticker": ticker, "relative_day": span_positions - day0, "trade_date": ar.index,
                "return_pct": 100 * stock_span.to_numpy(), "market_pct": 100 * market_span.to_numpy(),
                "normal_pct": 100 * model.expected(market_span).to_numpy(), "abnormal_pct": 100 * ar.to_numpy(),
            }))
            for window in windows:
                inside = window_positions(day0, window, n_days) - span_positions[0]
                car = float(ar.iloc[inside].sum())
                se = model.car_standard_error(market_span.iloc[inside],
                                              prediction_error_correction=prediction_error_correction)
                cars.append({
                    **base, "ticker": ticker, "window": window_label(window),
                    "window_start_day": window[0], "window_end_day": window[1], "window_days": len(inside),
                    "car_pct": 100 * car, "car_se_pct": 100 * se, "car_t": car / se,
                })
    return EventStudy(
        cars=pd.DataFrame(cars),
        models=pd.DataFrame(models),
        abnormal=pd.concat(abnormal, ignore_index=True),
    )
