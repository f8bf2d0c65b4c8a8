"""The column dictionary: every column of every processed table, defined once.

Each module in this package defines ``COLUMNS``, a list of :class:`Column` (one module per
domain keeps concurrent edits apart). Names carry their unit or time grain
(``revenue_usd_m``, ``share_pct``, ``period_end_date``, ``fiscal_year``), so a reader of a
table never guesses. Processed-table schemas are generated from here by
:func:`schema_for`, so the check and the documentation cannot drift apart; a test checks
both directions (every column used is defined, every defined column is used).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

import pandera.pandas as pa


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # a pandas dtype name: "string", "float64", "Int64", "boolean", "datetime64[ns]"
    description: str
    unit: str | None = None
    nullable: bool = False
    checks: tuple[pa.Check, ...] = field(default=(), compare=False)


def _collect() -> dict[str, Column]:
    found: dict[str, Column] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for column in getattr(module, "COLUMNS", []):
            if column.name in found and found[column.name] != column:
                raise ValueError(f"Column {column.name!r} is defined twice, differently ({module_info.name})")
            found[column.name] = column
    return found


COLUMNS: dict[str, Column] = _collect()


def schema_for(
    columns: list[str],
    *,
    checks: list[pa.Check] | None = None,
    unique: list[str] | None = None,
    name: str | None = None,
) -> pa.DataFrameSchema:
    """A strict pandera schema with exactly these columns, typed as the dictionary says."""
    missing = [c for c in columns if c not in COLUMNS]
    if missing:
        raise KeyError(f"Columns not in the column dictionary (src/analysis/columns/): {missing}")
    return pa.DataFrameSchema(
        {
            c: pa.Column(COLUMNS[c].dtype, checks=list(COLUMNS[c].checks), nullable=COLUMNS[c].nullable)
            for c in columns
        },
        checks=checks or [],
        unique=unique,
        strict=True,
        ordered=True,
        coerce=True,
        name=name,
    )
