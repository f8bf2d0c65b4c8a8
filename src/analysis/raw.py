"""Read a raw snapshot: verify its checksum, parse it, validate it against its raw schema.

Raw tables are read with every column as text, exactly as the file has it; turning text
into numbers, dates and units is the job of the processing steps (``analysis.steps``).
Whatever is wrong with a file (its bytes, its CSV structure, its values) ends in a
:class:`~analysis.errors.BriefError` naming the file, and the line and column where known;
never in another exception.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis import paths, provenance
from analysis.errors import BriefError, RawFileError
from analysis.raw_csv import decode_utf8, read_csv_with_line_numbers
from analysis.schemas import raw_reader, raw_schema
from analysis.validation import validate

__all__ = ["read_raw", "read_raw_file", "read_csv_with_line_numbers"]


def read_raw(name: str, version: str | None = None) -> pd.DataFrame:
    """The verified, validated raw table of dataset ``name`` (latest version by default).

    The frame carries ``attrs['snapshot']`` (the :class:`~analysis.provenance.Snapshot`) and
    ``attrs['line_numbers']`` (the file line each row starts on; None for non-CSV files).
    """
    snapshot = provenance.verify(provenance.find_snapshot(name, version))
    frame = read_raw_file(name, snapshot.path)
    frame.attrs["snapshot"] = snapshot
    return frame


def read_raw_file(name: str, path: Path) -> pd.DataFrame:
    """Parse and validate the file at ``path`` as dataset ``name`` (no checksum: see :func:`read_raw`)."""
    source = paths.display_path(path)
    reader = raw_reader(name)
    if reader is None:
        frame, lines = read_csv_with_line_numbers(path)
    else:
        frame, lines = _read_with(reader, path, source), None  # not a CSV: failures name the table row
    validate(frame, raw_schema(name), source=source, line_numbers=lines)
    frame.attrs["line_numbers"] = lines
    return frame


def _read_with(reader, path: Path, source: str) -> pd.DataFrame:
    """Run a dataset's own reader (a JSON document, say); a malformed file is a RawFileError."""
    decode_utf8(Path(path).read_bytes(), source)  # undecodable bytes are named by offset, line and column
    try:
        return reader(path)
    except BriefError:
        raise
    except json.JSONDecodeError as exc:
        raise RawFileError(source, f"is not valid JSON: {exc.msg} (offset {exc.pos})", line=exc.lineno,
                           column=exc.colno) from None
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise RawFileError(
            source, f"does not have the structure its reader expects ({type(exc).__name__}: {exc})",
            remedy="Compare the file with the previous snapshot of the same source: a field is missing "
            "or has another type.",
        ) from None
