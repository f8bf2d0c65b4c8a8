"""Market model functions: known answers for the trend, the CAGR and the forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import market, nvidia_revenue


def test_trend_recovers_the_growth_of_an_exact_exponential():
    values = pd.Series([10 * 1.5**t for t in range(5)], index=range(2020, 2025))
    fit = market.fit_exponential_trend(values, level=0.95)
    assert fit.growth_pct == pytest.approx(50.0)
    assert fit.ci_low_pct == pytest.approx(50.0, abs=1e-6)  # no noise, no width
    assert fit.ci_high_pct == pytest.approx(50.0, abs=1e-6)
    assert fit.fitted([2026]).iloc[0] == pytest.approx(10 * 1.5**6)


def test_trend_interval_matches_the_t_interval_of_the_log_slope():
    """Slope of log(y) on t for y = e^(0.1 t + e_t): compare with a hand OLS."""
    years = np.arange(2010, 2020)
    noise = np.array([0.03, -0.02, 0.01, 0.04, -0.05, 0.0, 0.02, -0.01, 0.03, -0.04])
    values = pd.Series(np.exp(0.1 * (years - 2010) + noise), index=years)
    fit = market.fit_exponential_trend(values, level=0.90)
    t = years - 2010
    slope = np.cov(t, np.log(values))[0, 1] / np.var(t, ddof=1)
    residuals = np.log(values) - (np.log(values).mean() + slope * (t - t.mean()))
    se = np.sqrt((residuals**2).sum() / (len(t) - 2) / ((t - t.mean()) ** 2).sum())
    from scipy import stats
    half = stats.t.ppf(0.95, len(t) - 2) * se
    assert fit.growth_pct == pytest.approx(100 * (np.exp(slope) - 1))
    assert fit.ci_low_pct == pytest.approx(100 * (np.exp(slope - half) - 1))
    assert fit.ci_high_pct == pytest.approx(100 * (np.exp(slope + half) - 1))
    assert fit.df_resid == 8


def test_trend_needs_three_points():
    with pytest.raises(ValueError, match="at least 3"):
        market.fit_exponential_trend(pd.Series([1.0, 2.0], index=[2020, 2021]))


def test_implied_cagr():
    assert market.implied_cagr_pct(100, 121, 2) == pytest.approx(10.0)
    assert market.implied_cagr_pct(22.1, 100, 5) == pytest.approx(35.2, abs=0.05)


def test_forecast_path_compounds_and_bands():
    got = market.forecast_path(2024, 100.0, 10.0, 5.0, 2026)
    expected = pd.DataFrame({
        "calendar_year": [2025, 2026],
        "central_usd_bn": [110.0, 121.0],
        "low_usd_bn": [105.0, 110.25],
        "high_usd_bn": [115.0, 132.25],
    })
    assert_frame_equal(got, expected, check_dtype=False)


def test_forecast_must_end_after_its_base():
    with pytest.raises(ValueError, match="not after the base year"):
        market.forecast_path(2024, 1.0, 10.0, 0.0, 2024)


def _market_table() -> pd.DataFrame:
    return pd.DataFrame({
        "period_label": ["2023", "2024H1", "2024", "2029 (IDC forecast)"],
        "calendar_year": [2023, 2024, 2024, 2029],
        "period_type": ["year", "half_year", "year", "year"],
        "market_usd_bn": [9.4, 5.0, 22.1, 100.0],
        "is_lower_bound": [False, False, False, True],
        "is_forecast": [False, False, False, True],
    })


def test_full_year_outcomes_drop_half_years_and_forecasts():
    assert market.full_year_outcomes(_market_table()).to_dict() == {2023: 9.4, 2024: 22.1}


def test_idc_anchor_reads_growth_to_the_forecast_year():
    anchor = market.idc_forecast_anchor(_market_table())
    assert (anchor.base_year, anchor.target_year, anchor.target_is_lower_bound) == (2024, 2029, True)
    assert anchor.growth_pct == pytest.approx(100 * ((100 / 22.1) ** 0.2 - 1))


def test_remark_horizon_reads_the_years_from_label_and_unit():
    statements = pd.DataFrame({
        "period_label": ["2025-2028 (Huang, May 2025)"],
        "metric": ["AI_chip_market_estimate"],
        "value": [50.0],
        "unit": ["USD billion (within 2-3 years)"],
    })
    remark = market.remark_horizon(statements, "AI_chip_market_estimate")
    assert (remark.value_usd_bn, remark.from_year, remark.to_year) == (50.0, 2027, 2028)


def test_china_revenue_share_of_the_sum_of_regions():
    geography = pd.DataFrame({
        "fiscal_period": ["FY2024"] * 3,
        "period_type": ["year"] * 3,
        "fiscal_year": [2024] * 3,
        "period_end_date": pd.to_datetime(["2024-01-28"] * 3),
        "region": [nvidia_revenue.CHINA, "United States", "Taiwan"],
        "revenue_usd_m": [25.0, 50.0, 25.0],
    })
    got = nvidia_revenue.china_revenue(geography)
    assert got[["china_usd_m", "total_usd_m", "china_share_pct"]].iloc[0].tolist() == [25.0, 100.0, 25.0]
    wide = nvidia_revenue.regions_by_period(geography, ["FY2024"])
    assert wide.index.tolist() == [nvidia_revenue.CHINA, "Taiwan", "United States", "Total"]
    assert wide.loc["Total", "FY2024"] == 100.0
