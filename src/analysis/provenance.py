"""Raw snapshots and their provenance sidecars (after OWID's ``etl`` snapshots).

Layout: one folder per dataset, one dated folder per version, the data file and its
sidecar side by side::

    data/raw/<dataset>/<YYYY-MM-DD>/<file>
    data/raw/<dataset>/<YYYY-MM-DD>/<file>.meta.yaml

A refresh is a new dated folder, never an overwrite. The sidecar records where the bytes
came from (producer, title, URLs, dates, licence, citation), how far to trust them (a
quality grade) and what they are (md5 and size). :func:`verify` recomputes the md5 before
any data is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analysis import paths, reads
from analysis.errors import ChecksumMismatchError, ProvenanceError

SIDECAR_SUFFIX = ".meta.yaml"
_VERSION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# ISO 8601 date, or an interval of two dates ("2022-03-18/2026-02-25") for a compilation.
_DATE_OR_INTERVAL_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


class QualityGrade(str, Enum):
    """How far a snapshot can be trusted, in the brief's three words."""

    primary = "primary"  # the producer's own document or data release (or a verbatim copy)
    secondary = "secondary"  # a faithful secondary copy: press reports quoting the figure
    weak = "weak"  # a weak source: use with a caveat and verify before relying on it

    @property
    def label(self) -> str:
        return {
            "primary": "primary source",
            "secondary": "secondary copy",
            "weak": "weak source to verify",
        }[self.value]


class Cadence(str, Enum):
    """How often the producer publishes new data: what a refresh can be expected to bring.

    ``static`` data is not expected to change (a chip's datasheet, a one-off cross-check);
    see :mod:`analysis.freshness` for when a version counts as stale.
    """

    daily = "daily"
    weekly = "weekly"
    quarterly = "quarterly"
    annual = "annual"
    static = "static"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SnapshotInfo(_Strict):
    name: str = Field(description="Dataset short name: the folder under data/raw/.")
    version: str = Field(description="The dated version folder, YYYY-MM-DD.")
    file: str = Field(description="The data file's name, in the same folder as the sidecar.")
    md5: str = Field(pattern=r"^[0-9a-f]{32}$")
    size_bytes: int = Field(gt=0)


class Origin(_Strict):
    producer: str = Field(min_length=2, description="Who made the data (not who copied it).")
    title: str = Field(min_length=2)
    description: str = Field(min_length=2)
    url_main: str = Field(pattern=r"^https?://")
    url_download: str | None = Field(
        default=None, description="Where the bytes were read, when that is not url_main."
    )
    date_published: str = Field(
        description="ISO date, or ISO interval start/end for a compilation of documents."
    )
    date_accessed: dt.date
    cadence: Cadence = Field(description="How often the producer publishes: daily, weekly, quarterly, annual or static.")
    license: str = Field(min_length=2)
    citation: str = Field(min_length=10)
    version_note: str | None = Field(
        default=None, description="What made this version: the refresh or registration, in one sentence."
    )
    attribution_short: str = Field(
        min_length=2, description="Short form for figure and table source lines."
    )

    @field_validator("date_published")
    @classmethod
    def _iso_date_or_interval(cls, value: str) -> str:
        if not _DATE_OR_INTERVAL_RE.match(value):
            raise ValueError(f"{value!r} is not an ISO date or date interval (start/end)")
        return value


class Quality(_Strict):
    grade: QualityGrade
    rationale: str = Field(min_length=10)


class RowQuality(_Strict):
    """A grade for the rows of a compilation whose ``column`` contains ``contains``."""

    column: str
    contains: str
    grade: QualityGrade
    note: str


class Caveat(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=10)


class SnapshotMeta(_Strict):
    snapshot: SnapshotInfo
    origin: Origin
    quality: Quality
    row_quality: list[RowQuality] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)

    def caveat(self, caveat_id: str) -> str:
        for caveat in self.caveats:
            if caveat.id == caveat_id:
                return caveat.text
        known = ", ".join(c.id for c in self.caveats) or "none"
        raise KeyError(f"{self.snapshot.name} has no caveat {caveat_id!r} (has: {known})")


@dataclass(frozen=True)
class Snapshot:
    """A located raw snapshot: its sidecar, parsed, and the paths of both files."""

    sidecar_path: Path

    @cached_property
    def meta(self) -> SnapshotMeta:
        try:
            raw = yaml.safe_load(self.sidecar_path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ProvenanceError(self.sidecar_path, f"is not valid YAML: {exc}") from exc
        try:
            meta = SnapshotMeta.model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ProvenanceError(self.sidecar_path, f"incomplete sidecar: {problems}") from exc
        expected_folder = (meta.snapshot.name, meta.snapshot.version)
        actual_folder = (self.sidecar_path.parent.parent.name, self.sidecar_path.parent.name)
        if expected_folder != actual_folder:
            raise ProvenanceError(
                self.sidecar_path,
                f"describes {'/'.join(expected_folder)} but sits in {'/'.join(actual_folder)}",
            )
        return meta

    @property
    def name(self) -> str:
        return self.meta.snapshot.name

    @property
    def version(self) -> str:
        return self.meta.snapshot.version

    @property
    def path(self) -> Path:
        return self.sidecar_path.parent / self.meta.snapshot.file


def md5_of(path: Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(snapshot: Snapshot) -> Snapshot:
    """Raise :class:`ChecksumMismatchError` unless the file's bytes match the sidecar."""
    path = snapshot.path
    if not path.is_file():
        raise ProvenanceError(snapshot.sidecar_path, f"its data file {path.name} is missing")
    actual = md5_of(path)
    if actual != snapshot.meta.snapshot.md5 or path.stat().st_size != snapshot.meta.snapshot.size_bytes:
        raise ChecksumMismatchError(
            paths.display_path(path), snapshot.meta.snapshot.md5, actual, snapshot.sidecar_path
        )
    return snapshot


def find_snapshot(name: str, version: str | None = None, raw_dir: Path | None = None) -> Snapshot:
    """The sidecar of dataset ``name``: the given version, or the latest dated folder."""
    dataset_dir = (raw_dir or paths.raw_dir()) / name
    versions = sorted(
        p for p in dataset_dir.glob("*") if p.is_dir() and _VERSION_RE.match(p.name)
    ) if dataset_dir.is_dir() else []
    if version is not None:
        versions = [v for v in versions if v.name == version]
    if not versions:
        wanted = f"version {version} of " if version else ""
        raise ProvenanceError(dataset_dir, f"no {wanted}snapshot of dataset {name!r} found")
    sidecars = sorted(versions[-1].glob(f"*{SIDECAR_SUFFIX}"))
    if len(sidecars) != 1:
        raise ProvenanceError(
            versions[-1], f"expected exactly one *{SIDECAR_SUFFIX} sidecar, found {len(sidecars)}"
        )
    # For the notebook cache: the notebook read this snapshot's provenance (or its data).
    reads.record(reads.SNAPSHOT, snapshot_read_name(name, version), sidecar_digest(sidecars[0]))
    return Snapshot(sidecars[0])


def snapshot_read_name(name: str, version: str | None = None) -> str:
    """How a snapshot look-up is named in the reads log: the dataset, or dataset@version."""
    return name if version is None else f"{name}@{version}"


def sidecar_digest(sidecar: Path) -> str:
    """Where the sidecar sits (the version) and what it says (origin, grade, the data's md5)."""
    return hashlib.sha256(f"{sidecar.parent.name}/{sidecar.name}\n".encode() + sidecar.read_bytes()).hexdigest()


def list_snapshots(raw_dir: Path | None = None) -> list[Snapshot]:
    """The latest version of every dataset under ``data/raw``, sorted by name."""
    root = raw_dir or paths.raw_dir()
    names = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    reads.record(reads.DATASETS, "*", reads.digest_of(names))
    return [find_snapshot(name, raw_dir=root) for name in names]


def orphan_files(raw_dir: Path | None = None) -> list[Path]:
    """Files under ``data/raw`` that no sidecar describes (every raw file needs one)."""
    root = raw_dir or paths.raw_dir()
    described: set[Path] = set()
    for sidecar in root.rglob(f"*{SIDECAR_SUFFIX}"):
        described.add(sidecar)
        described.add(Snapshot(sidecar).path)
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p not in described and p.name != ".gitkeep"
    )


def write_sidecar(data_file: Path, meta: dict) -> Path:
    """Write (or rewrite) the sidecar of ``data_file``, filling in md5, size and folder names.

    Used when adding a snapshot; the fields other than ``snapshot`` come from ``meta``.
    """
    data_file = Path(data_file)
    body = dict(meta)
    body["snapshot"] = {
        "name": data_file.parent.parent.name,
        "version": data_file.parent.name,
        "file": data_file.name,
        "md5": md5_of(data_file),
        "size_bytes": data_file.stat().st_size,
    }
    SnapshotMeta.model_validate(body)  # refuse to write an incomplete sidecar
    sidecar = data_file.with_name(data_file.name + SIDECAR_SUFFIX)
    ordered = {key: body[key] for key in ("snapshot", "origin", "quality", "row_quality", "caveats") if key in body}
    sidecar.write_text(
        "# Provenance sidecar (fields: src/analysis/provenance.py). The md5 guards the data file.\n"
        + yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    return sidecar


def md5_of_bytes(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def is_latest_version(name: str, data: bytes, raw_dir: Path | None = None) -> bool:
    """True when ``data`` has the bytes of dataset ``name``'s latest version (md5 and size)."""
    info = find_snapshot(name, raw_dir=raw_dir).meta.snapshot
    return info.size_bytes == len(data) and info.md5 == md5_of_bytes(data)


def add_version(name: str, data: bytes, *, accessed: dt.date | None = None, note: str | None = None,
                raw_dir: Path | None = None) -> Snapshot:
    """Store freshly fetched bytes of dataset ``name`` as a new dated version.

    The new sidecar copies the latest version's origin, quality and caveats, with the new
    access date and ``note`` as its ``version_note``; md5 and size are computed. An
    existing version folder is never overwritten: fetching twice on one day is refused.
    """
    previous = find_snapshot(name, raw_dir=raw_dir)
    accessed = accessed or dt.date.today()
    folder = previous.sidecar_path.parent.parent / accessed.isoformat()
    if folder.exists():
        raise ProvenanceError(folder, "this version already exists; raw snapshots are never overwritten")
    meta = previous.meta.model_dump(mode="json")
    meta.pop("snapshot")
    meta["origin"]["date_accessed"] = accessed.isoformat()
    meta["origin"]["version_note"] = note  # this version's own note; the previous one is not carried over
    if note is None:
        meta["origin"].pop("version_note")
    folder.mkdir(parents=True)
    data_file = folder / previous.meta.snapshot.file
    try:
        data_file.write_bytes(data)
        write_sidecar(data_file, meta)
    except Exception:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        raise
    return Snapshot(data_file.with_name(data_file.name + SIDECAR_SUFFIX))
