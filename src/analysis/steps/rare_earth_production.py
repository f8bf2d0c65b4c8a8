"""rare_earth_production.csv -> USGS mine production by country, and IEA's mining and refining shares.

The MCS2024 rows are checked against the official USGS data release
(``usgs_mcs2024_raree_world.csv``) before anything else; a disagreement stops the run.
Reserves and IEA's magnet-demand figure are not used by the brief and are not carried on.
"""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.errors import CrossCheckError
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows, line_of, lines_of, source_of
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
    check_listed_rows_add_up_to_world(production, rare_earth_production)
    shares = stage_shares(raw[raw["metric"].isin(STAGE_OF_METRIC)])
    return {
        "rare_earth_mine_production": keep_raw_rows(production, "rare_earth_production"),
        "rare_earth_stage_shares": keep_raw_rows(shares, "rare_earth_production"),
    }


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
    return frame[PRODUCTION_COLUMNS]  # indexed by raw row, for messages that name the line


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
    return frame[SHARE_COLUMNS]  # indexed by raw row


def check_against_data_release(compiled: pd.DataFrame, release: pd.DataFrame) -> None:
    """Raise unless every MCS2024 value equals the data release's, naming each country/year that differs.

    Compared: production in 2022 and 2023 and reserves, for every country in either file.
    """
    expected = {}  # (country, year, metric) -> (value, where in the release)
    for position, row in enumerate(release.itertuples(index=False)):
        for column, (year, metric) in RELEASE_COLUMNS.items():
            expected[(row.Country, year, metric)] = (getattr(row, column), f"{line_of(release, position)}, {column}")
    mcs2024 = compiled[compiled["source"].str.contains("MCS2024") & compiled["metric"].isin(["mine_production", "reserves"])]
    found = {(r.country, r.year, r.metric): (r.value, lines_of(compiled, [index]))
             for index, r in zip(mcs2024.index, mcs2024.itertuples(index=False))}
    problems = []
    for key in sorted(set(expected) | set(found)):
        country, year, metric = key
        if key not in expected or key not in found:
            where = "the data release" if key not in expected else "rare_earth_production.csv"
            have = found[key] if key in found else expected[key]
            problems.append(f"{country} {year} {metric}: missing from {where} (the other file has {have[0]}, {have[1]})")
        elif not _same_number(expected[key][0], found[key][0]):
            (want, release_at), (got, compiled_at) = expected[key], found[key]
            problems.append(f"{country} {year} {metric}: compiled {got} ({compiled_at}) vs data release {want} ({release_at})")
    if problems:
        raise CrossCheckError(
            "the compiled MCS2024 rows must equal the USGS MCS2024 data release",
            [source_of(compiled, "rare_earth_production.csv"), source_of(release, "usgs_mcs2024_raree_world.csv")],
            problems,
        )


def _same_number(a: str, b: str) -> bool:
    if a == "NA" or b == "NA":
        return a == b
    return float(a) == float(b)


def check_listed_rows_add_up_to_world(production: pd.DataFrame, source: pd.DataFrame | None = None) -> None:
    """Raise, naming edition, year, lines and both sums, where the countries (and residual) miss the world total.

    ``production`` is indexed by raw row of ``source`` (the raw frame, for its file and lines).
    """
    source = production if source is None else source
    is_world = production["producer_kind"] == "world total"
    keys = ["mcs_edition", "calendar_year"]
    listed = production[~is_world].groupby(keys)["production_t_reo"].sum()
    world = production[is_world].groupby(keys)["production_t_reo"].first()
    problems = []
    for key in sorted(set(listed.index) | set(world.index)):
        in_key = (production["mcs_edition"] == key[0]) & (production["calendar_year"] == key[1])
        listed_at = lines_of(source, production.index[in_key & ~is_world])
        world_at = lines_of(source, production.index[in_key & is_world])
        if key not in world.index or key not in listed.index:
            missing = "world total" if key not in world.index else "country"
            problems.append(f"{key[0]} {key[1]}: no {missing} rows ({listed_at if key in listed.index else world_at} only)")
            continue
        gap = listed[key] / world[key] - 1
        if abs(gap) > WORLD_TOTAL_TOLERANCE:
            problems.append(f"{key[0]} {key[1]}: listed rows ({listed_at}) sum to {listed[key]:,.0f} t "
                            f"vs world total {world[key]:,.0f} t ({world_at})")
    if problems:
        raise CrossCheckError(
            f"the listed countries must add up to USGS's rounded world total (within {WORLD_TOTAL_TOLERANCE:.0%})",
            [source_of(source, "rare_earth_production.csv")], problems,
        )


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
