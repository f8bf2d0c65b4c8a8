"""Epoch AI's "Data on Machine Learning Hardware": the published CSV, read as text.

``GET https://epoch.ai/data/ml_hardware.csv`` (no key; CC BY) answers one row per
accelerator with its name, manufacturer, dates and measurements in SI units. Columns come
and go between releases; :func:`select_subset` keeps the rows and columns the brief's
subset has, and names a row or column that disappeared. ``BRIEF_EPOCH_URL`` redirects the
base URL.
"""

from __future__ import annotations

import io

import pandas as pd

from analysis.connectors import http

CSV_PATH = "/data/ml_hardware.csv"
NAME = "Hardware name"


def csv_url() -> str:
    return http.base_url("epoch") + CSV_PATH


def read_hardware_csv(data: bytes, *, url: str = "(recorded response)") -> pd.DataFrame:
    """The CSV as a text table (blank cells missing); a body that is no such CSV raises."""
    rows = http.csv_rows(data, url)
    if not rows or NAME not in rows[0]:
        raise http.UnexpectedResponseError(url, f"no {NAME!r} column in the header: {data[:80]!r}")
    header = rows[0]
    ragged = [i + 2 for i, row in enumerate(rows[1:]) if len(row) != len(header)]
    if ragged:
        raise http.UnexpectedResponseError(url, f"rows of another width than the header (lines {ragged[:5]})")
    return pd.DataFrame(rows[1:], columns=header, dtype="string").replace("", pd.NA)


def fetch_hardware(*, opener=None) -> tuple[pd.DataFrame, str]:
    url = csv_url()
    return read_hardware_csv(http.get(url, opener=opener), url=url), url


def select_subset(table: pd.DataFrame, names: list[str], columns: list[str], *, url: str) -> pd.DataFrame:
    """The rows named ``names`` (in that order) and the ``columns``, as the source has them.

    A name or a column the source no longer has raises: the subset is never silently shrunk.
    """
    missing_columns = [c for c in columns if c not in table.columns]
    if missing_columns:
        raise http.UnexpectedResponseError(url, f"the CSV lacks the columns {missing_columns}")
    if table[NAME].duplicated().any():
        doubles = table.loc[table[NAME].duplicated(), NAME].tolist()
        raise http.UnexpectedResponseError(url, f"hardware listed twice: {doubles[:5]}")
    indexed = table.set_index(NAME, drop=False)
    missing_rows = [n for n in names if n not in indexed.index]
    if missing_rows:
        raise http.UnexpectedResponseError(url, f"the CSV no longer lists {missing_rows}")
    return indexed.loc[names, columns].reset_index(drop=True)


def subset_csv(subset: pd.DataFrame, mirror_source: str) -> bytes:
    """The subset as ``epoch_ml_hardware_subset.csv`` stores it: line breaks inside a cell (Epoch
    separates several datasheet links with one) become spaces, and ``mirror_source`` names where
    the rows were read."""
    out = subset.apply(lambda column: column.str.replace("\r\n", " ").str.replace("\n", " "))
    out["mirror_source"] = mirror_source
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
