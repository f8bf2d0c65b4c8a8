"""rare_earth_production.csv -> USGS mine production by country, and IEA's mining and refining shares.

The MCS2024 rows are checked against the official USGS data release
(``usgs_mcs2024_raree_world.csv``) before anything else; a disagreement stops the run.
Reserves and IEA's magnet-demand figure are not used by the brief and are not carried on.
"""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._tidy import resolve_same_as_above, row_grades
from analysis.steps._usgs import check_e_marks_are_preliminary, edition_of, flag_preliminary, parse_usgs_year

PRODUCTION_COLUMNS = [
    "mcs_edition", "producing_country", "producer_kind", "calendar_year", "is_preliminary",
    "production_t_reo", "source", "quality_grade",
]
SHARE_COLUMNS = [
    "producer_group", "supply_stage", "period_label", "calendar_year", "is_forecast",
    "share_of_world_pct", "source", "quality_grade",
]
STAGE_OF_METRIC = {
    "share_of_global_REE_mining": "mining",
    "share_of_global_refined_REE_output": "refining",
    "share_of_global_REE_refining": "refining",
}
WORLD_TOTAL = "World total (rounded)"
OTHER_COUNTRIES = "Other countries"
# The listed rows must add up to USGS's rounded world total within this relative gap.
# 2026-11-24: 2%. USGS rounds world totals to two or three significant figures; the largest
# gap in MCS2024/MCS2025 is MCS2025's 2024e (listed rows 1.0% above the rounded 390,000 t).
WORLD_TOTAL_TOLERANCE = 0.02
# The columns of the USGS data release and the compiled year label each one corresponds to.
RELEASE_COLUMNS = {
    "Prod_t_est_2022": ("2022", "mine_production"),
    "Prod_t_est_2023": ("2023", "mine_production"),
    "Reserves_t": ("2023 (as of MCS2024)", "reserves"),
}


def transform(rare_earth_production: pd.DataFrame, usgs_mcs2024_raree_world: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per country x year x metric, values as text. Out: two tidy tables.

    ``rare_earth_mine_production``: one row per edition x country x year (t REO), with
    USGS's residual and world-total rows marked by ``producer_kind``.
    ``rare_earth_stage_shares``: China's (and groups') shares of world mining and refining.
    """
    raw = rare_earth_production.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, rare_earth_production.attrs["snapshot"].meta)

    # Check: the compiled MCS2024 rows are the official data release's numbers.
    check_against_data_release(raw, usgs_mcs2024_raree_world)

    production = mine_production(raw[raw["metric"] == "mine_production"])
    check_listed_rows_add_up_to_world(production)
    shares = stage_shares(raw[raw["metric"].isin(STAGE_OF_METRIC)])
    return {"rare_earth_mine_production": production, "rare_earth_stage_shares": shares}


def mine_production(rows: pd.DataFrame) -> pd.DataFrame:
    """USGS mine-production rows, one per edition x country x year, in t REO."""
    frame = rows.copy()
    frame["mcs_edition"] = frame["source"].map(edition_of)
    years = pd.DataFrame([parse_usgs_year(y) for y in frame["year"]], index=frame.index)
    frame = frame.join(years)
    frame["is_preliminary"] = flag_preliminary(frame["mcs_edition"], frame["first_year"], frame["last_year"])
    check_e_marks_are_preliminary(frame, "rare_earth_production.csv")
    frame["producing_country"] = frame["country"].replace({"Other": OTHER_COUNTRIES})
    frame["producer_kind"] = frame["producing_country"].map(
        {WORLD_TOTAL: "world total", OTHER_COUNTRIES: "other countries"}
    ).fillna("country")
    frame["calendar_year"] = frame["first_year"]
    frame["production_t_reo"] = frame["value"].astype(float)
    frame = frame.sort_values(["mcs_edition", "calendar_year", "producer_kind", "producing_country"], kind="stable")
    return frame[PRODUCTION_COLUMNS].reset_index(drop=True)


def stage_shares(rows: pd.DataFrame) -> pd.DataFrame:
    """IEA's (and FDD's) shares of world mining and refining, one row per group x stage x period."""
    frame = rows.copy()
    frame["producer_group"] = frame["country"]
    frame["supply_stage"] = frame["metric"].map(STAGE_OF_METRIC)
    frame["period_label"] = frame["year"]
    frame["calendar_year"] = frame["year"].str[:4].astype(int)
    frame["is_forecast"] = frame["year"].str.contains("projection", case=False)
    frame["share_of_world_pct"] = frame["value"].astype(float)
    frame = frame.sort_values(["supply_stage", "calendar_year", "producer_group"], kind="stable")
    return frame[SHARE_COLUMNS].reset_index(drop=True)


def check_against_data_release(compiled: pd.DataFrame, release: pd.DataFrame) -> None:
    """Raise unless every MCS2024 value equals the data release's, naming each country/year that differs.

    Compared: production in 2022 and 2023 and reserves, for every country in either file.
    """
    expected = {}
    for row in release.itertuples(index=False):
        for column, (year, metric) in RELEASE_COLUMNS.items():
            expected[(row.Country, year, metric)] = getattr(row, column)
    mcs2024 = compiled[compiled["source"].str.contains("MCS2024") & compiled["metric"].isin(["mine_production", "reserves"])]
    found = {(r.country, r.year, r.metric): r.value for r in mcs2024.itertuples(index=False)}
    problems = []
    for key in sorted(set(expected) | set(found)):
        country, year, metric = key
        want, got = expected.get(key), found.get(key)
        if want is None or got is None:
            where = "the data release" if want is None else "rare_earth_production.csv"
            problems.append(f"{country} {year} {metric}: missing from {where}")
        elif not _same_number(want, got):
            problems.append(f"{country} {year} {metric}: compiled {got} vs data release {want}")
    if problems:
        raise ValueError(
            "rare_earth_production.csv disagrees with the USGS MCS2024 data release "
            "(usgs_mcs2024_raree_world.csv): " + "; ".join(problems)
        )


def _same_number(a: str, b: str) -> bool:
    if a == "NA" or b == "NA":
        return a == b
    return float(a) == float(b)


def check_listed_rows_add_up_to_world(production: pd.DataFrame) -> None:
    """Raise, naming the edition and year, where the countries (and residual) miss the rounded world total."""
    is_world = production["producer_kind"] == "world total"
    listed = production[~is_world].groupby(["mcs_edition", "calendar_year"])["production_t_reo"].sum()
    world = production[is_world].set_index(["mcs_edition", "calendar_year"])["production_t_reo"]
    problems = []
    for key in sorted(set(listed.index) | set(world.index)):
        if key not in world.index or key not in listed.index:
            problems.append(f"{key[0]} {key[1]}: no {'world total' if key not in world.index else 'country'} rows")
            continue
        gap = listed[key] / world[key] - 1
        if abs(gap) > WORLD_TOTAL_TOLERANCE:
            problems.append(f"{key[0]} {key[1]}: listed rows sum to {listed[key]:,.0f} t vs world total {world[key]:,.0f} t")
    if problems:
        raise ValueError("rare_earth_production.csv: " + "; ".join(problems))


STEP = Step(
    name="rare_earth_production",
    inputs=("rare_earth_production", "usgs_mcs2024_raree_world"),
    outputs={
        "rare_earth_mine_production": schema_for(
            PRODUCTION_COLUMNS, unique=["mcs_edition", "producing_country", "calendar_year"],
            name="rare_earth_mine_production",
        ),
        "rare_earth_stage_shares": schema_for(
            SHARE_COLUMNS, unique=["producer_group", "supply_stage", "period_label"], name="rare_earth_stage_shares"
        ),
    },
    transform=transform,
)
