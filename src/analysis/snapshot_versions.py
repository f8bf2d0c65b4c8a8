"""Add a checked new version of a raw dataset: from a refresh, or from a file a person compiled.

A new version is accepted only if its bytes pass the dataset's raw schema (read exactly as
:func:`analysis.raw.read_raw` reads it). Bytes equal to the latest version's make no new
version. The sidecar is carried over from the latest version by
:func:`analysis.provenance.add_version`, with md5, size and date accessed filled in.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from analysis import paths, provenance
from analysis.errors import BriefError
from analysis.raw import read_csv_with_line_numbers
from analysis.schemas import raw_reader, raw_schema
from analysis.validation import validate


class IdenticalVersionError(BriefError):
    """The offered bytes equal the latest version's: there is nothing new to register."""

    def __init__(self, name: str, version: str, source: str) -> None:
        self.name, self.version = name, version
        super().__init__(
            f"{source} is identical to the latest version of {name} ({version}): no new version made.",
            remedy="Register a file only when its content changed.",
        )


def check_against_schema(name: str, data: bytes, source: str) -> None:
    """Raise :class:`~analysis.errors.DataValidationError` unless ``data`` passes ``name``'s raw schema.

    ``source`` names the bytes in the error (a URL or a file).
    """
    file_name = provenance.find_snapshot(name).meta.snapshot.file
    with tempfile.TemporaryDirectory(prefix="brief-check-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(data)
        reader = raw_reader(name)
        try:
            if reader is None:
                frame, lines = read_csv_with_line_numbers(path)
            else:
                frame, lines = reader(path), None
        except BriefError:
            raise
        except Exception as exc:  # unreadable bytes: not CSV, not the JSON the reader expects
            raise BriefError(f"{source} cannot be read as {file_name}: {exc}",
                             remedy="The last snapshot is kept. Check the source's format.") from exc
        validate(frame, raw_schema(name), source=source, line_numbers=lines)


def add_checked_version(name: str, data: bytes, *, source: str, accessed: dt.date | None = None,
                        note: str | None = None) -> provenance.Snapshot | None:
    """Store ``data`` as a new dated version of ``name`` once it passes the raw schema.

    Returns the new snapshot, or None when ``data`` equals the latest version (nothing stored).
    """
    check_against_schema(name, data, source)
    if provenance.is_latest_version(name, data):
        return None
    return provenance.add_version(name, data, accessed=accessed, note=note)


def register_file(name: str, file: Path, *, accessed: dt.date | None = None,
                  note: str | None = None) -> provenance.Snapshot:
    """``brief snapshot add``: a hand-compiled file becomes the newest version of dataset ``name``.

    Refuses a file that fails the raw schema, or one identical to the latest version.
    """
    file = Path(file)
    if not file.is_file():
        raise BriefError(f"{file} is not a file", remedy="Give the path of the new data file.")
    latest = provenance.find_snapshot(name)
    data = file.read_bytes()
    snapshot = add_checked_version(
        name, data, source=str(file), accessed=accessed,
        note=note or f"Registered by hand from {file.name} (brief snapshot add).",
    )
    if snapshot is None:
        raise IdenticalVersionError(name, latest.version, str(file))
    return snapshot


def describe(snapshot: provenance.Snapshot) -> str:
    return f"{snapshot.name} {snapshot.version}: {paths.display_path(snapshot.path)}"
