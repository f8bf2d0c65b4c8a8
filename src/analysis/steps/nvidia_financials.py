"""nvidia_financials.csv -> NVIDIA revenue by region, and NVIDIA's numeric metrics."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.columns import schema_for
from analysis.errors import CrossCheckError
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows, lines_of, source_of
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

    geography = _geography(raw, nvidia_financials)
    metrics = _metrics(raw)
    return {"nvidia_revenue_by_geography": geography, "nvidia_metrics": metrics}


def _geography(raw: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    rows = raw[raw["metric"].str.startswith(GEOGRAPHY_PREFIX)].copy()
    rows["region"] = rows["metric"].str.removeprefix(GEOGRAPHY_PREFIX)
    rows["revenue_usd_m"] = rows["value"].astype(float)
    rows["geography_basis"] = "billing location"
    totals = rows[rows["region"] == "Total"]
    regions = rows[rows["region"] != "Total"]
    _check_regions_sum_to_total(regions, totals, source)
    regions = regions.sort_values(["period_end_date", "period_type", "region"])
    return keep_raw_rows(regions[GEOGRAPHY_COLUMNS], "nvidia_financials")


def _check_regions_sum_to_total(regions: pd.DataFrame, totals: pd.DataFrame, source: pd.DataFrame) -> None:
    """Sanity check: each period's regions add up to its reported total (names the periods and lines).

    ``regions`` and ``totals`` are rows of ``source`` (the raw frame: its file and line numbers).
    """
    sums = regions.groupby("fiscal_period")["revenue_usd_m"].sum()
    reported = totals.groupby("fiscal_period")["revenue_usd_m"].first()
    problems = []
    for period in sorted(set(sums.index) | set(reported.index)):
        region_rows = regions.index[regions["fiscal_period"] == period]
        total_rows = totals.index[totals["fiscal_period"] == period]
        if period not in reported.index:
            problems.append(f"{period}: regions ({lines_of(source, region_rows)}) but no reported total")
        elif period not in sums.index:
            problems.append(f"{period}: a reported total ({lines_of(source, total_rows)}) but no regions")
        elif abs(sums[period] - reported[period]) > ROUNDING_TOLERANCE_USD_M:
            problems.append(
                f"{period}: the regions ({lines_of(source, region_rows)}) sum to {sums[period]:,.0f}, "
                f"but the reported total ({lines_of(source, total_rows)}) is {reported[period]:,.0f} (USD million)"
            )
    if problems:
        raise CrossCheckError("NVIDIA's revenue by region must sum to the reported total "
                              f"(within {ROUNDING_TOLERANCE_USD_M:g} USD million of rounding)",
                              [source_of(source, "nvidia_financials.csv")], problems)


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
