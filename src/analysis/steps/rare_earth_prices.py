"""rare_earth_prices.csv -> annual average oxide prices by product, edition and year."""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import resolve_same_as_above, row_grades
from analysis.steps._usgs import check_e_marks_are_preliminary, flag_preliminary, parse_usgs_year

COLUMNS = [
    "product", "mcs_edition", "calendar_year", "is_preliminary", "price_usd_per_kg", "source", "quality_grade",
]


def transform(rare_earth_prices: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per product x edition x year ('2024e'), prices as text.

    Out: the same rows, years and prices as numbers, each edition's preliminary year flagged;
    rows whose element name was inferred are graded weak (a rule in the sidecar).
    """
    raw = rare_earth_prices.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, rare_earth_prices.attrs["snapshot"].meta)
    years = pd.DataFrame([parse_usgs_year(y) for y in raw["year"]], index=raw.index)
    frame = raw.join(years)
    frame["is_preliminary"] = flag_preliminary(frame["mcs_edition"], frame["first_year"], frame["last_year"])
    check_e_marks_are_preliminary(frame, "rare_earth_prices.csv")
    frame["calendar_year"] = frame["first_year"]
    frame["price_usd_per_kg"] = frame["value"].astype(float)
    frame = frame.sort_values(["product", "calendar_year", "mcs_edition"], kind="stable")
    return {"rare_earth_oxide_prices": keep_raw_rows(frame[COLUMNS], "rare_earth_prices")}


STEP = Step(
    name="rare_earth_prices",
    inputs=("rare_earth_prices",),
    outputs={
        "rare_earth_oxide_prices": schema_for(
            COLUMNS, unique=["product", "mcs_edition", "calendar_year"], name="rare_earth_oxide_prices"
        ),
    },
    transform=transform,
)
