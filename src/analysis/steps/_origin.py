"""Where a processed row came from: the raw file and the line, for messages that point at the data.

A raw frame (from :func:`analysis.raw.read_raw`) has a 0..n-1 index and carries
``attrs['line_numbers']``, the file line each row starts on. Steps keep that index while
they filter, sort and join, so a row's index says which raw row it came from:

- :func:`lines_of` names the raw lines of some rows, for a cross-check's message;
- :func:`keep_raw_rows` is called on an output table built row for row from one raw
  file: it gives the table a fresh index and remembers the raw rows in ``attrs``, so that
  a processed-table validation failure names the raw file and line, not a table index.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis import paths

RAW_ROWS = "raw_rows"


def keep_raw_rows(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """``frame`` with a fresh 0..n-1 index; ``attrs['raw_rows']`` = (dataset, raw row of each row)."""
    out = frame.reset_index(drop=True)
    out.attrs[RAW_ROWS] = (dataset, [int(i) for i in frame.index])
    return out


def source_of(raw: pd.DataFrame, fallback: str = "the raw file") -> str:
    """The raw file a frame was read from, as a reader sees its path."""
    snapshot = raw.attrs.get("snapshot")
    path = getattr(snapshot, "path", None)
    if path is not None:
        return paths.display_path(path)
    meta = getattr(snapshot, "meta", None)
    return meta.snapshot.file if meta is not None else fallback


def line_of(raw: pd.DataFrame, row: int) -> str:
    """'line 14' (a CSV row), or 'record 3' where the file has no lines (a JSON document)."""
    lines = raw.attrs.get("line_numbers")
    if lines is not None and 0 <= row < len(lines):
        return f"line {lines[row]}"
    return f"record {row + 1}"


def lines_of(raw: pd.DataFrame, rows: Iterable) -> str:
    """'lines 12-14, 20' for raw rows (index labels of ``raw``), compacted into ranges."""
    rows = sorted({int(r) for r in rows})
    lines = raw.attrs.get("line_numbers")
    if lines is None or any(not 0 <= r < len(lines) for r in rows):
        numbers, word = [r + 1 for r in rows], "record"
    else:
        numbers, word = sorted(lines[r] for r in rows), "line"
    if not numbers:
        return f"no {word}s"
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)
    return f"{word}{'s' if len(numbers) > 1 else ''} {text}"


def row_origins(table: pd.DataFrame, raws: dict[str, pd.DataFrame]) -> tuple[str, list[str]] | None:
    """The raw file an output table was built from and each row's line in it, if the step kept them."""
    kept = table.attrs.get(RAW_ROWS)
    if not kept:
        return None
    dataset, rows = kept
    raw = raws.get(dataset)
    if raw is None or len(rows) != len(table):
        return None
    return source_of(raw, dataset), [line_of(raw, row) for row in rows]
