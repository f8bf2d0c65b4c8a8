"""rare_earth_us_salient.csv -> US rare-earth statistics by edition and year (long format)."""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import parse_value, resolve_same_as_above, row_grades
from analysis.steps._usgs import check_e_marks_are_preliminary, flag_preliminary, parse_usgs_year

COLUMNS = [
    "mcs_edition", "period_label", "first_year", "last_year", "is_preliminary", "metric",
    "value", "is_lower_bound", "unit", "source", "quality_grade",
]
DASH_ZERO = ' ("—")'


def transform(rare_earth_us_salient: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per edition x year x metric, values as text ('>95', '0 ("—")').

    Out: the same rows with years as numbers (a span such as 2020-2023 keeps both ends),
    the edition's preliminary year flagged, and values as numbers with lower bounds marked.
    """
    raw = rare_earth_us_salient.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, rare_earth_us_salient.attrs["snapshot"].meta)
    years = pd.DataFrame([parse_usgs_year(y) for y in raw["year"]], index=raw.index)
    # USGS prints a zero as a dash; the compiler wrote 0 and kept the dash in brackets.
    values = pd.DataFrame([parse_value(v.removesuffix(DASH_ZERO)) for v in raw["value"]], index=raw.index)
    frame = raw.drop(columns="value").join(years).join(values.drop(columns="value_to"))
    frame["is_preliminary"] = flag_preliminary(frame["mcs_edition"], frame["first_year"], frame["last_year"])
    check_e_marks_are_preliminary(frame, "rare_earth_us_salient.csv")
    frame["period_label"] = frame["year"]
    frame = frame.sort_values(["metric", "first_year", "mcs_edition"], kind="stable")
    return {"rare_earth_us_salient": keep_raw_rows(frame[COLUMNS], "rare_earth_us_salient")}


STEP = Step(
    name="rare_earth_us_salient",
    inputs=("rare_earth_us_salient",),
    outputs={
        "rare_earth_us_salient": schema_for(
            COLUMNS, unique=["mcs_edition", "metric", "period_label"], name="rare_earth_us_salient"
        ),
    },
    transform=transform,
)
