"""critical_minerals_reliance.csv -> press reports of USGS import-reliance figures for the US."""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import resolve_same_as_above, row_grades

COLUMNS = [
    "mcs_edition", "period_label", "calendar_year", "metric", "value", "is_approximate", "unit",
    "source", "quality_grade",
]


def transform(critical_minerals_reliance: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per reported figure, year as '2024 (MCS2025)', value as '12' or 'about 70'.

    Out: the data year and the reporting edition apart, values as numbers, approximations marked,
    and each row graded by its outlet ('same' sources resolved to the row above first).
    """
    raw = critical_minerals_reliance.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, critical_minerals_reliance.attrs["snapshot"].meta)
    parts = raw["year"].str.extract(r"^(?P<year>20\d\d) \((?P<edition>MCS20\d\d)\)$")
    raw["period_label"] = raw["year"]
    raw["calendar_year"] = parts["year"].astype(int)
    raw["mcs_edition"] = parts["edition"]
    raw["is_approximate"] = raw["value"].str.startswith("about ")
    raw["value"] = raw["value"].str.removeprefix("about ").astype(float)
    return {"us_mineral_import_reliance_reports": keep_raw_rows(raw[COLUMNS], "critical_minerals_reliance")}


STEP = Step(
    name="critical_minerals_reliance",
    inputs=("critical_minerals_reliance",),
    outputs={
        "us_mineral_import_reliance_reports": schema_for(COLUMNS, name="us_mineral_import_reliance_reports"),
    },
    transform=transform,
)
