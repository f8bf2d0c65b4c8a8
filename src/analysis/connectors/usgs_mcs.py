"""USGS Mineral Commodity Summaries data releases on ScienceBase: fetch a release CSV and read it.

Each MCS edition is a ScienceBase data release (MCS2024: DOI 10.5066/P144BA54, item
65a6e45fd34e5af967a46749) whose files are downloaded, without a key, from
``https://www.sciencebase.gov/catalog/file/get/<item>?f=__disk__<hash>``. The release CSVs
come as Excel writes them: a byte-order mark, CRLF line ends, and blank padding columns and
rows after the table. :func:`read_release_csv` keeps the named columns and the non-blank
rows, every cell as text, exactly as written (no-break spaces in the notes included).

``BRIEF_USGS_URL`` redirects the base URL (see :mod:`analysis.connectors.http`).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from analysis.connectors import http

# The MCS2024 rare-earths world table (mcs2024-raree_world.csv) in the MCS2024 data release.
MCS2024_RAREE_WORLD = ("/catalog/file/get/65a6e45fd34e5af967a46749"
                       "?f=__disk__9c%2F08%2Fa8%2F9c08a8bb0d04a87840f4f7f4ba489adf0d277f32")
WORLD_COLUMNS = ["Source", "Country", "Type"]  # then Prod_t_est_<year>..., Prod_notes, Reserves_t, Reserves_notes
PRODUCTION_COLUMN = re.compile(r"^Prod_t_est_(\d{4})$")


def release_url(path: str = MCS2024_RAREE_WORLD) -> str:
    return http.base_url("usgs") + path


def fetch_release_csv(path: str = MCS2024_RAREE_WORLD, *, opener=None) -> tuple[pd.DataFrame, str]:
    """The release CSV at ``path`` as a text table, and the URL it was read from."""
    url = release_url(path)
    return read_release_csv(http.get(url, opener=opener), url=url), url


def read_release_csv(data: bytes, *, url: str = "(recorded response)") -> pd.DataFrame:
    """The named columns and non-blank rows of a release CSV, every cell text (blank cells missing)."""
    rows = http.csv_rows(data, url)
    if not rows or not rows[0] or not rows[0][0].strip():
        raise http.UnexpectedResponseError(url, f"no CSV header in the body: {data[:80]!r}")
    header = rows[0]
    width = max(i for i, name in enumerate(header) if name.strip()) + 1
    names = header[:width]
    if any(not name.strip() for name in names) or len(set(names)) != len(names):
        raise http.UnexpectedResponseError(url, f"blank or repeated column names in the header {names}")
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    body = [row for row in body if any(cell.strip() for cell in row)]
    if any(len(row) > width and any(cell.strip() for cell in row[width:]) for row in rows[1:]):
        raise http.UnexpectedResponseError(url, "cells beyond the named columns")
    frame = pd.DataFrame(body, columns=names, dtype="string")
    return frame.replace("", pd.NA)


def world_table_csv(frame: pd.DataFrame) -> bytes:
    """The world table as ``usgs_mcs2024_raree_world.csv`` stores it: CRLF, minimal quoting, no BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(["" if pd.isna(v) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def world_production_rows(frame: pd.DataFrame, *, source_detail: str) -> pd.DataFrame:
    """A release's world table as long rows of ``rare_earth_production.csv``.

    In: one row per country with ``Source`` (the edition, e.g. MCS2024),
    ``Prod_t_est_<year>`` columns and ``Reserves_t``. Out: per country, one
    ``mine_production`` row per year, then one ``reserves`` row dated "<last year> (as of
    <edition>)", values as printed ("NA" where USGS prints none), unit "t REO equivalent",
    source "USGS <edition>" and ``source_detail`` naming the column read.
    """
    years = [m.group(1) for m in map(PRODUCTION_COLUMN.match, frame.columns) if m]
    missing = [c for c in [*WORLD_COLUMNS, "Reserves_t"] if c not in frame.columns]
    if missing or not years:
        raise ValueError(f"the world table lacks the columns {missing or ['Prod_t_est_<year>']}")
    editions = frame["Source"].dropna().unique().tolist()
    if len(editions) != 1:
        raise ValueError(f"the world table mixes editions {editions}")
    edition = editions[0]
    rows = []
    for record in frame.itertuples(index=False):
        values = dict(zip(frame.columns, record))
        for year in years:
            column = f"Prod_t_est_{year}"
            rows.append((values["Country"], year, "mine_production", _value(values[column]), column))
        rows.append((values["Country"], f"{years[-1]} (as of {edition})", "reserves", _value(values["Reserves_t"]),
                     "Reserves_t"))
    out = pd.DataFrame(rows, columns=["country", "year", "metric", "value", "column"], dtype="string")
    out.insert(4, "unit", "t REO equivalent")
    out.insert(5, "source", f"USGS {edition}")
    out["source_detail"] = [f"{source_detail}; column {c}" for c in out.pop("column")]
    return out.astype("string")


def _value(cell) -> str:
    return "NA" if pd.isna(cell) else str(cell).strip()
