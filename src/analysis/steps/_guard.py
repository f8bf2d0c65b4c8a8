"""Run a step's transform so that every failure names the raw data it came from.

- A :class:`~analysis.errors.BriefError` raised by the step (a cross-check, say) passes
  through unchanged: it already names its files, rows and numbers.
- Any other exception becomes a :class:`~analysis.errors.StepError` naming the step and
  its raw files (the original is chained, so the CLI can save its traceback).
- An output table the step built row for row from one raw file (see
  :func:`analysis.steps._origin.keep_raw_rows`) is validated here, so a bad value or a
  duplicated row is reported by the raw file and line that produced it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from analysis.errors import BriefError, StepError
from analysis.steps._origin import row_origins, source_of
from analysis.validation import validate


def guard_transform(step) -> Callable[..., dict[str, pd.DataFrame]]:
    transform = step.transform
    if getattr(transform, "__guarded__", False):
        return transform

    @functools.wraps(transform)
    def guarded(*args: pd.DataFrame, **raws: pd.DataFrame) -> dict[str, pd.DataFrame]:
        raws = dict(zip(step.inputs, args)) | raws
        try:
            tables = transform(**raws)
        except BriefError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is reported with the step's files
            sources = [source_of(raws[name], name) for name in step.inputs if name in raws]
            raise StepError(step.name, sources, f"{type(exc).__name__}: {exc}") from exc
        for table, frame in tables.items():
            schema = step.outputs.get(table)
            origins = row_origins(frame, raws)
            if schema is not None and origins is not None:
                raw_file, lines = origins
                validate(frame, schema, source=f"{raw_file} (processed into table {table} by step {step.name})",
                         line_numbers=lines)
        return tables

    guarded.__guarded__ = True
    return guarded
