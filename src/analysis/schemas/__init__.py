"""Raw schemas: one module per raw dataset, discovered by name.

A module ``analysis/schemas/<dataset>.py`` defines ``SCHEMA``, a pandera
``DataFrameSchema`` for the raw file as read by :func:`analysis.raw.read_raw` (every column
as text). The processed tables' schemas are built from the column dictionary instead
(:func:`analysis.columns.schema_for`).
"""

from __future__ import annotations

import importlib

import pandera.pandas as pa


def raw_schema(dataset: str) -> pa.DataFrameSchema:
    try:
        module = importlib.import_module(f"analysis.schemas.{dataset}")
    except ModuleNotFoundError as exc:
        raise LookupError(
            f"No raw schema for dataset {dataset!r}: add src/analysis/schemas/{dataset}.py"
        ) from exc
    return module.SCHEMA
