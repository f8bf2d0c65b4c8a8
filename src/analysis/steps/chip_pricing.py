"""chip_pricing.csv -> price estimates, volumes and revenue shares in one long table."""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import resolve_same_as_above, row_grades, split_range

COLUMNS = ["chip", "metric", "value", "value_to", "is_lower_bound", "unit", "date_label", "source", "quality_grade"]


def transform(chip_pricing: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: values as text, ranges as 'a-b', 'more than' as '(>)' in the unit.

    Out: ``value`` (the number, or the low end of a range), ``value_to`` (a range's high
    end), ``is_lower_bound`` (the unit said '(>)', which is then dropped from the unit).
    """
    raw = chip_pricing.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, chip_pricing.attrs["snapshot"].meta)
    raw["value"], raw["value_to"] = split_range(raw["value"])
    raw["is_lower_bound"] = raw["unit"].str.contains("(>)", regex=False)
    raw["unit"] = raw["unit"].str.replace(" (>)", "", regex=False)
    prices = raw.rename(columns={"date": "date_label"})
    return {"chip_prices": keep_raw_rows(prices[COLUMNS], "chip_pricing")}


STEP = Step(
    name="chip_pricing",
    inputs=("chip_pricing",),
    outputs={"chip_prices": schema_for(COLUMNS, unique=["chip", "metric"], name="chip_prices")},
    transform=transform,
)
