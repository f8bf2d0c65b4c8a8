"""China's accelerated-server market: the historical trend and a parameter-driven forecast."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
# The two names used, imported from their modules: `statsmodels.api` imports all of statsmodels.
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant


@dataclass(frozen=True)
class TrendFit:
    """Exponential trend fitted by OLS on log values: growth per year with its interval."""

    first_year: int
    last_year: int
    n_obs: int
    df_resid: int
    level: float
    growth_pct: float
    ci_low_pct: float
    ci_high_pct: float
    intercept: float
    slope: float

    def fitted(self, years) -> pd.Series:
        years = np.asarray(list(years), dtype=float)
        return pd.Series(np.exp(self.intercept + self.slope * (years - self.first_year)), index=years.astype(int))


def full_year_outcomes(market: pd.DataFrame) -> pd.Series:
    """Market size (USD bn) by calendar year: full years only, outcomes only (no forecast)."""
    rows = market[(market["period_type"] == "year") & ~market["is_forecast"] & ~market["is_lower_bound"]]
    return rows.set_index("calendar_year")["market_usd_bn"].astype(float).sort_index()


def fit_exponential_trend(values: pd.Series, level: float = 0.95) -> TrendFit:
    """Fit log(value) = a + b·(year − first year) by OLS; growth = e^b − 1.

    The interval is the t interval of b, transformed the same way, so it is exact for the
    model's assumptions and honest about few observations (few degrees of freedom give
    a wide interval).
    """
    if len(values) < 3:
        raise ValueError(f"an interval needs at least 3 observations, got {len(values)}")
    years = values.index.to_numpy(dtype=float)
    x = add_constant(years - years[0])
    result = OLS(np.log(values.to_numpy(dtype=float)), x).fit()
    low, high = result.conf_int(alpha=1 - level)[1]
    slope = result.params[1]
    return TrendFit(
        first_year=int(years[0]),
        last_year=int(years[-1]),
        n_obs=int(result.nobs),
        df_resid=int(result.df_resid),
        level=level,
        growth_pct=100 * (np.exp(slope) - 1),
        ci_low_pct=100 * (np.exp(low) - 1),
        ci_high_pct=100 * (np.exp(high) - 1),
        intercept=float(result.params[0]),
        slope=float(slope),
    )


def implied_cagr_pct(start_value: float, end_value: float, years: int) -> float:
    """Compound annual growth that takes ``start_value`` to ``end_value`` in ``years`` years."""
    if years <= 0 or start_value <= 0 or end_value <= 0:
        raise ValueError("CAGR needs positive values and a positive number of years")
    return 100 * ((end_value / start_value) ** (1 / years) - 1)


@dataclass(frozen=True)
class ForecastAnchor:
    """IDC's published forecast, read against the last full year of outcomes."""

    base_year: int
    base_usd_bn: float
    target_year: int
    target_usd_bn: float
    target_is_lower_bound: bool
    growth_pct: float


def idc_forecast_anchor(market: pd.DataFrame) -> ForecastAnchor:
    """The growth from the last full-year outcome to IDC's latest forecast year."""
    outcomes = full_year_outcomes(market)
    forecasts = market[market["is_forecast"]].sort_values("calendar_year")
    if forecasts.empty:
        raise ValueError("the market table has no IDC forecast row")
    target = forecasts.iloc[-1]
    base_year = int(outcomes.index[-1])
    target_year = int(target["calendar_year"])
    return ForecastAnchor(
        base_year=base_year,
        base_usd_bn=float(outcomes.iloc[-1]),
        target_year=target_year,
        target_usd_bn=float(target["market_usd_bn"]),
        target_is_lower_bound=bool(target["is_lower_bound"]),
        growth_pct=implied_cagr_pct(float(outcomes.iloc[-1]), float(target["market_usd_bn"]), target_year - base_year),
    )


def forecast_path(
    base_year: int, base_value: float, growth_pct: float, band_pp: float, end_year: int
) -> pd.DataFrame:
    """Compound growth from the base year to ``end_year``, with a band of ± ``band_pp`` growth.

    Returns one row per year after the base: ``calendar_year``, ``central_usd_bn``,
    ``low_usd_bn``, ``high_usd_bn``.
    """
    if end_year <= base_year:
        raise ValueError(f"forecast end year {end_year} is not after the base year {base_year}")
    years = np.arange(base_year + 1, end_year + 1)
    steps = years - base_year

    def path(rate_pct: float) -> np.ndarray:
        return base_value * (1 + rate_pct / 100) ** steps

    return pd.DataFrame(
        {
            "calendar_year": years,
            "central_usd_bn": path(growth_pct),
            "low_usd_bn": path(max(growth_pct - band_pp, -99.0)),
            "high_usd_bn": path(growth_pct + band_pp),
        }
    )


@dataclass(frozen=True)
class RemarkEstimate:
    """A dated remark such as 'about $50bn within 2-3 years' (May 2025), as a span of years."""

    value_usd_bn: float
    from_year: int
    to_year: int
    period_label: str


def remark_horizon(statements: pd.DataFrame, metric: str) -> RemarkEstimate:
    """Read a remark's horizon from its period label and unit.

    The period label starts with the year of the remark ('2025-2028 (Huang, May 2025)');
    the unit states the horizon ('USD billion (within 2-3 years)'), so the estimate
    applies from the remark year + 2 to the remark year + 3.
    """
    row = statements[statements["metric"] == metric]
    if len(row) != 1:
        raise ValueError(f"expected one statement {metric!r}, found {len(row)}")
    row = row.iloc[0]
    year = int(str(row["period_label"])[:4])
    horizon = pd.Series([row["unit"]]).str.extract(r"within (\d+)\s*-\s*(\d+) years").iloc[0]
    if horizon.isna().any():
        raise ValueError(f"no 'within a-b years' horizon in the unit {row['unit']!r}")
    return RemarkEstimate(
        value_usd_bn=float(row["value"]),
        from_year=year + int(horizon[0]),
        to_year=year + int(horizon[1]),
        period_label=str(row["period_label"]),
    )
