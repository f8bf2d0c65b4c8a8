"""Processing steps: raw snapshots in, tidy validated tables out.

Each module in this package defines ``STEP``, a :class:`Step` that declares its inputs
(raw dataset names) and its outputs (processed table names and their schemas), and a
``transform`` that turns the raw frames into the tables. :mod:`analysis.processed` runs
steps, validates what they return and writes each table to ``data/processed/<table>.parquet``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa


@dataclass(frozen=True)
class Step:
    name: str
    inputs: tuple[str, ...]
    outputs: dict[str, pa.DataFrameSchema]
    transform: Callable[..., dict[str, pd.DataFrame]]
    """Called with one keyword argument per input (the raw frame); returns a table per output.

    The module's function is stored guarded (:func:`analysis.steps._guard.guard_transform`):
    a failure names the step's raw files, and an output that fails its schema is reported
    by the raw file and line each offending row came from."""

    def __post_init__(self) -> None:
        from analysis.steps._guard import guard_transform

        object.__setattr__(self, "transform", guard_transform(self))


def all_steps() -> dict[str, Step]:
    steps: dict[str, Step] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        step = module.STEP
        steps[step.name] = step
    return steps


def step_for_table(table: str) -> Step:
    for step in all_steps().values():
        if table in step.outputs:
            return step
    raise LookupError(f"No processing step produces a table named {table!r}")
