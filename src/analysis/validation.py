"""Run a pandera schema and turn its failures into an error that names file, row and column."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa

from analysis.errors import DataValidationError


def validate(
    df: pd.DataFrame,
    schema: pa.DataFrameSchema,
    *,
    source: str,
    line_numbers: Sequence[int | str] | None = None,
) -> pd.DataFrame:
    """Validate ``df`` (lazily, so every failure is reported at once).

    ``line_numbers[i]`` is the line of the source file that row ``i`` came from; when
    given, failures name that line, so a reader can open the CSV and find the value. An
    entry may also be a text (e.g. "data/raw/x/…/x.csv line 12", for a processed row).
    """
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataValidationError(source, _failures(exc.failure_cases, df, line_numbers)) from None


def _failures(cases: pd.DataFrame, df: pd.DataFrame, line_numbers: Sequence[int | str] | None) -> list[dict]:
    failures: list[dict] = []
    seen: set[tuple] = set()
    for case in cases.itertuples(index=False):
        index = case.index if pd.notna(case.index) else None
        row = None
        if index is not None:
            position = df.index.get_loc(index) if index in df.index else None
            if line_numbers is not None and isinstance(position, int):
                origin = line_numbers[position]
                row = f"line {origin}" if isinstance(origin, int) else str(origin)
            else:
                row = f"{index}"
        column = case.column if isinstance(case.column, str) else None
        table_level = case.schema_context == "DataFrameSchema"
        key = (row, case.check) if table_level else (row, column, case.check)
        if key in seen:
            continue
        seen.add(key)
        value = case.failure_case
        if table_level and index is not None and index in df.index:
            # A row-wise check: show the whole offending row, not one cell of it.
            value = "; ".join(f"{k}={v}" for k, v in df.loc[index].items() if k != "source_detail")
            column = "(row)"
        failures.append({"row": row, "column": column, "value": value, "check": case.check})
    return failures
