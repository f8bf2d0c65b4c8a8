"""Parse a raw CSV file into a text table with line numbers, or say exactly what is wrong with it.

The one way raw CSV files are read. Every problem in the bytes becomes a
:class:`~analysis.errors.RawFileError` naming the file and, where known, the line, the
column and the byte offset:

- bytes that are not UTF-8 (another encoding, binary garbage);
- an empty file, or one with a header and no rows;
- a blank or repeated column name in the header;
- a row with more or fewer fields than the header (a "ragged" row);
- a field longer than the csv module's limit (131,072 characters; usually a quote left open).

Benign variants read to the same table: a UTF-8 byte-order mark, CRLF (or CR) line ends,
blank lines (anywhere, including at the end), and newlines inside quoted fields.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import RawFileError

_BOM = b"\xef\xbb\xbf"


def read_csv_with_line_numbers(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """All columns as strings (blank cells as missing) and the line each record starts on."""
    path = Path(path)
    source = paths.display_path(path)
    text = decode_utf8(path.read_bytes(), source)
    return parse_csv_text(text, source)


def decode_utf8(data: bytes, source: str) -> str:
    """The file's text; a byte that is not UTF-8 is reported with its offset, line and column."""
    skipped = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skipped + exc.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1  # in bytes, counting from 1
        raise RawFileError(
            source,
            f"byte 0x{data[offset]:02X} at offset {offset} is not valid UTF-8 ({exc.reason})",
            line=line,
            column=column,
            remedy="Raw CSV files must be UTF-8. Re-save the file as UTF-8 (or restore the "
            "original download) in a new dated snapshot folder.",
        ) from None


def parse_csv_text(text: str, source: str) -> tuple[pd.DataFrame, list[int]]:
    """Parse decoded CSV text: one header line, then records of exactly as many fields."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 1
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, source, start) from None
        if _is_blank(record):
            start = reader.line_num + 1
            continue
        if header is None:
            _check_header(record, source, start)
            header, header_line = record, start
        elif len(record) != len(header):
            raise RawFileError(
                source,
                f"this row has {len(record)} fields but the header has {len(header)} "
                "(a stray or missing comma, or a quote not closed?)",
                line=start,
                remedy=_FIX,
            )
        else:
            records.append(record)
            lines.append(start)
        start = reader.line_num + 1
    if header is None:
        raise RawFileError(source, "the file is empty: no header and no rows", remedy=_FIX)
    if not records:
        raise RawFileError(source, "the file has a header but no data rows", line=header_line, remedy=_FIX)
    frame = pd.DataFrame(records, columns=header, dtype="string")
    frame = frame.replace("", pd.NA)
    return frame, lines


_FIX = ("Raw files are immutable: add a corrected copy of the file in a new dated snapshot "
        "folder (with its sidecar), or restore the original (git checkout -- <file>).")


def _is_blank(record: list[str]) -> bool:
    """A blank line (or a row of empty cells only), which carries no data and is skipped."""
    return all(not cell.strip() for cell in record)


def _check_header(header: list[str], source: str, line: int) -> None:
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name.strip():
            raise RawFileError(source, f"column {position} of the header has no name", line=line, column=position,
                               remedy=_FIX)
        if name in seen:
            raise RawFileError(source, f"the header names the column {name!r} twice", line=line, column=position,
                               remedy=_FIX)
        seen.add(name)


def _csv_error(exc: csv.Error, source: str, start: int) -> RawFileError:
    problem = str(exc)
    if "field larger than field limit" in problem:
        problem = (f"a field in the record starting here is longer than the CSV reader's limit of "
                   f"{csv.field_size_limit():,} characters (a quote opened and never closed?)")
    else:
        problem = f"cannot be read as CSV: {problem}"
    return RawFileError(source, problem, line=start, remedy=_FIX)
