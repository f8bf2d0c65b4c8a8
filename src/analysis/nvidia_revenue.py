"""NVIDIA's revenue from China, as the filings report it (billing location)."""

from __future__ import annotations

import pandas as pd

CHINA = "China (including Hong Kong)"


def china_revenue(geography: pd.DataFrame) -> pd.DataFrame:
    """China revenue, total revenue and China's share, one row per fiscal period.

    The total is the sum of the regions (the processing step checked it equals the
    reported total). Columns: ``fiscal_period``, ``period_type``, ``fiscal_year``,
    ``period_end_date``, ``china_usd_m``, ``total_usd_m``, ``china_share_pct``.
    """
    keys = ["fiscal_period", "period_type", "fiscal_year", "period_end_date"]
    totals = geography.groupby(keys, as_index=False)["revenue_usd_m"].sum().rename(columns={"revenue_usd_m": "total_usd_m"})
    china = geography[geography["region"] == CHINA][keys + ["revenue_usd_m"]].rename(columns={"revenue_usd_m": "china_usd_m"})
    out = china.merge(totals, on=keys, validate="one_to_one")
    out["china_share_pct"] = 100 * out["china_usd_m"] / out["total_usd_m"]
    return out.sort_values(["period_end_date", "period_type"]).reset_index(drop=True)


def by_period_type(revenue: pd.DataFrame, period_type: str) -> pd.DataFrame:
    return revenue[revenue["period_type"] == period_type].reset_index(drop=True)


def growth_pct(revenue: pd.DataFrame, earlier: str, later: str, column: str = "china_usd_m") -> float:
    """Growth of ``column`` from one fiscal period to another, in percent."""
    values = revenue.set_index("fiscal_period")[column]
    return 100 * (values[later] / values[earlier] - 1)


def metric_series(metrics: pd.DataFrame, metric: str, period_type: str | None = None) -> pd.DataFrame:
    """One metric from ``nvidia_metrics`` over time (optionally one period type)."""
    rows = metrics[(metrics["metric"] == metric) & ~metrics["is_outlook"]]
    if period_type:
        rows = rows[rows["period_type"] == period_type]
    return rows.sort_values("period_end_date").reset_index(drop=True)


def regions_by_period(geography: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """Revenue (USD million) by region (rows) and fiscal period (columns, in the given order),
    with a ``Total`` row; a region a filing does not break out is missing (NaN)."""
    rows = geography[geography["fiscal_period"].isin(periods)]
    wide = rows.pivot_table(index="region", columns="fiscal_period", values="revenue_usd_m", aggfunc="sum")
    wide = wide.reindex(columns=periods)
    order = [CHINA] + sorted(r for r in wide.index if r not in (CHINA, "Other countries")) + ["Other countries"]
    wide = wide.reindex([r for r in order if r in wide.index])
    wide.loc["Total"] = wide.sum()
    return wide
