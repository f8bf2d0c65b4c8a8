"""trade.csv -> China's IC and crude-oil trade by year (GACC figures as reported), one long table."""

from __future__ import annotations

import re

import pandas as pd

from analysis.columns import schema_for
from analysis.errors import CrossCheckError
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows, lines_of, source_of
from analysis.steps._tidy import resolve_same_as_above, row_grades

COLUMNS = ["calendar_year", "metric", "value", "unit", "source", "quality_grade"]
IC_IMPORTS = "IC_imports_value"
CRUDE_IMPORTS = "crude_oil_imports_value"

# The IC-imports articles compare with crude oil: "outnumbering crude oil's $365.512 billion".
_QUOTED_CRUDE = re.compile(r"crude oil(?:'s)? (?:US)?\$(\d+(?:\.\d+)?) billion")


def quoted_crude_imports(ic_rows: pd.DataFrame) -> pd.DataFrame:
    """Crude-oil import values (USD billion) quoted in the IC-imports rows' source quotes."""
    found = ic_rows["source_detail"].str.extract(_QUOTED_CRUDE, expand=False).dropna()
    quoted = ic_rows.loc[found.index].copy()
    quoted["metric"] = CRUDE_IMPORTS
    quoted["value"] = found.astype(float)
    quoted["unit"] = "USD billion"
    quoted["source"] = quoted["source"] + " (crude-oil figure quoted in the IC-imports article)"
    return quoted


def transform(trade: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per year x metric (values, unit counts), values as text.

    Out: ``china_trade``: the same rows with numbers, plus the crude-oil values that the
    IC-imports articles quote for years that have no crude-oil row of their own. Where a
    year has both, they must agree.
    """
    raw = trade.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, trade.attrs["snapshot"].meta)
    raw["calendar_year"] = raw["year"].astype(int)
    raw["value"] = raw["value"].astype(float)

    # Crude oil: add the values quoted beside IC imports, after checking them against the rows.
    quoted = quoted_crude_imports(raw[raw["metric"] == IC_IMPORTS])
    crude_rows = raw[raw["metric"] == CRUDE_IMPORTS]
    _check_quoted_crude_matches_rows(quoted, crude_rows, trade)
    extra = quoted[~quoted["calendar_year"].isin(crude_rows["calendar_year"])]
    # Each quoted crude-oil row keeps the index of the IC row that quotes it (its raw line).
    flows = pd.concat([raw, extra])
    flows = flows.sort_values(["metric", "calendar_year"], kind="stable")
    return {"china_trade": keep_raw_rows(flows[COLUMNS], "trade")}


def _check_quoted_crude_matches_rows(quoted: pd.DataFrame, crude_rows: pd.DataFrame, source: pd.DataFrame) -> None:
    """Where a year has a crude-oil row and an IC row quoting crude oil, the two values must be equal."""
    problems = []
    for index, row in quoted.iterrows():
        listed = crude_rows[crude_rows["calendar_year"] == row["calendar_year"]]
        for listed_index, value in listed["value"].items():
            if value != row["value"]:
                problems.append(
                    f"{row['calendar_year']}: the IC-imports row ({lines_of(source, [index])}) quotes crude oil at "
                    f"{row['value']:g} but the crude-oil row ({lines_of(source, [listed_index])}) has {value:g} (USD billion)"
                )
    if problems:
        raise CrossCheckError("crude-oil imports quoted in the IC-imports articles must equal the crude-oil rows",
                              [source_of(source, "trade.csv")], problems)


STEP = Step(
    name="trade",
    inputs=("trade",),
    outputs={"china_trade": schema_for(COLUMNS, unique=["calendar_year", "metric"], name="china_trade")},
    transform=transform,
)
