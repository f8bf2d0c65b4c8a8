"""Read a raw snapshot: verify its checksum, parse it, validate it against its raw schema.

Raw tables are read with every column as text, exactly as the file has it; turning text
into numbers, dates and units is the job of the processing steps (``analysis.steps``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from analysis import paths, provenance
from analysis.schemas import raw_reader, raw_schema
from analysis.validation import validate


def read_raw(name: str, version: str | None = None) -> pd.DataFrame:
    """The verified, validated raw table of dataset ``name`` (latest version by default).

    The frame carries ``attrs['snapshot']`` (the :class:`~analysis.provenance.Snapshot`) and
    ``attrs['line_numbers']`` (the file line each row starts on; None for non-CSV files).
    """
    snapshot = provenance.verify(provenance.find_snapshot(name, version))
    reader = raw_reader(name)
    if reader is None:
        frame, lines = read_csv_with_line_numbers(snapshot.path)
    else:
        frame, lines = reader(snapshot.path), None  # not a CSV: failures name the table row
    validate(frame, raw_schema(name), source=paths.display_path(snapshot.path), line_numbers=lines)
    frame.attrs["snapshot"] = snapshot
    frame.attrs["line_numbers"] = lines
    return frame


def read_csv_with_line_numbers(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """All columns as strings (blank cells as missing) and each record's first line number."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        records, lines = [], []
        start = reader.line_num + 1
        for record in reader:
            records.append(record)
            lines.append(start)
            start = reader.line_num + 1
    frame = pd.DataFrame(records, columns=header, dtype="string")
    frame = frame.replace("", pd.NA)
    return frame, lines
