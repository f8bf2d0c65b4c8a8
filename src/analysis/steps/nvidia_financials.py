"""nvidia_financials.csv -> NVIDIA revenue by region, and NVIDIA's numeric metrics."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._tidy import parse_fiscal_period, resolve_same_as_above, row_grades

GEOGRAPHY_PREFIX = "revenue_by_billing_location: "
# Units that are not numbers (statements of fact, qualitative shares) stay out of the metrics.
NON_NUMERIC_UNITS = {"text", "percent (qualitative)"}
# How far a region sum may be from the reported total: the filings round to $1M per line.
ROUNDING_TOLERANCE_USD_M = 2.0

PERIOD_COLUMNS = ["fiscal_period", "fiscal_year", "period_type", "fiscal_quarter", "period_end_date"]
GEOGRAPHY_COLUMNS = [*PERIOD_COLUMNS, "region", "revenue_usd_m", "geography_basis", "source", "quality_grade"]
METRIC_COLUMNS = [*PERIOD_COLUMNS, "metric", "value", "unit", "is_outlook", "source", "quality_grade"]


def transform(nvidia_financials: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Parse periods and values; split revenue-by-region from the other metrics.

    In: one row per fiscal period x metric, e.g. ``Q3 FY2025, 2024-10-27,
    revenue_by_billing_location: China (including Hong Kong), 5416, USD million``.
    Out: ``nvidia_revenue_by_geography`` (regions only; totals are checked, then dropped)
    and ``nvidia_metrics`` (every other numeric row, one per period x metric).
    """
    raw = nvidia_financials.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, nvidia_financials.attrs["snapshot"].meta)
    periods = pd.DataFrame([parse_fiscal_period(p) for p in raw["fiscal_period"]], index=raw.index)
    raw = raw.join(periods)
    raw["period_end_date"] = pd.to_datetime(raw["period_end"], format="%Y-%m-%d")

    geography = _geography(raw)
    metrics = _metrics(raw)
    return {"nvidia_revenue_by_geography": geography, "nvidia_metrics": metrics}


def _geography(raw: pd.DataFrame) -> pd.DataFrame:
    rows = raw[raw["metric"].str.startswith(GEOGRAPHY_PREFIX)].copy()
    rows["region"] = rows["metric"].str.removeprefix(GEOGRAPHY_PREFIX)
    rows["revenue_usd_m"] = rows["value"].astype(float)
    rows["geography_basis"] = "billing location"
    totals = rows[rows["region"] == "Total"].set_index("fiscal_period")["revenue_usd_m"]
    regions = rows[rows["region"] != "Total"]
    _check_regions_sum_to_total(regions, totals)
    return regions.sort_values(["period_end_date", "period_type", "region"])[GEOGRAPHY_COLUMNS].reset_index(drop=True)


def _check_regions_sum_to_total(regions: pd.DataFrame, totals: pd.Series) -> None:
    """Sanity check: each period's regions add up to its reported total (prints the periods)."""
    sums = regions.groupby("fiscal_period")["revenue_usd_m"].sum()
    gap = (sums - totals.reindex(sums.index)).abs()
    bad = gap[(gap > ROUNDING_TOLERANCE_USD_M) | gap.isna()]
    if not bad.empty:
        detail = ", ".join(f"{p}: regions {sums[p]:,.0f} vs total {totals.get(p)}" for p in bad.index)
        raise ValueError(f"nvidia_financials.csv: regions do not sum to the reported total ({detail})")


def _metrics(raw: pd.DataFrame) -> pd.DataFrame:
    rows = raw[~raw["metric"].str.startswith(GEOGRAPHY_PREFIX) & ~raw["unit"].isin(NON_NUMERIC_UNITS)].copy()
    rows["value"] = rows["value"].astype(float)
    # 'USD million (rounded $44.1B)' -> 'USD million'; the exact figure wins over a rounded one.
    rows["is_rounded"] = rows["unit"].str.contains("rounded", regex=False)
    rows["unit"] = rows["unit"].str.replace(r"\s*\(.*\)$", "", regex=True)
    rows = rows.sort_values("is_rounded").drop_duplicates(["fiscal_period", "metric"], keep="first")
    return rows.sort_values(["period_end_date", "metric"])[METRIC_COLUMNS].reset_index(drop=True)


STEP = Step(
    name="nvidia_financials",
    inputs=("nvidia_financials",),
    outputs={
        "nvidia_revenue_by_geography": schema_for(
            GEOGRAPHY_COLUMNS, unique=["fiscal_period", "region"], name="nvidia_revenue_by_geography"
        ),
        "nvidia_metrics": schema_for(
            METRIC_COLUMNS,
            unique=["fiscal_period", "metric"],
            checks=[pa.Check(lambda df: ~df["unit"].eq("percent") | df["value"].between(0, 100),
                             error="percent values lie between 0 and 100")],
            name="nvidia_metrics",
        ),
    },
    transform=transform,
)
