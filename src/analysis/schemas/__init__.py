"""Raw schemas: one module per raw dataset, discovered by name.

A module ``analysis/schemas/<dataset>.py`` defines ``SCHEMA``, a pandera
``DataFrameSchema`` for the raw file as read by :func:`analysis.raw.read_raw` (a CSV: every
column as text). A dataset that is not a CSV (a JSON API response, say) also defines
``read(path) -> DataFrame``, which flattens the file into the table ``SCHEMA`` checks.
The processed tables' schemas are built from the column dictionary instead
(:func:`analysis.columns.schema_for`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.errors import UnknownDatasetError


def _module(dataset: str):
    try:
        return importlib.import_module(f"analysis.schemas.{dataset}")
    except ModuleNotFoundError as exc:
        if exc.name != f"analysis.schemas.{dataset}":
            raise
        raise UnknownDatasetError(
            f"No raw schema for dataset {dataset!r} (a folder under data/raw/)",
            remedy=f"Add src/analysis/schemas/{dataset}.py defining SCHEMA (see src/analysis/schemas/__init__.py).",
        ) from None


def raw_schema(dataset: str) -> pa.DataFrameSchema:
    return _module(dataset).SCHEMA


def raw_reader(dataset: str) -> Callable[[Path], pd.DataFrame] | None:
    """The dataset's own reader for a non-CSV file, or None (read as CSV)."""
    return getattr(_module(dataset), "read", None)
