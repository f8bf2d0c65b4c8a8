"""Run processing steps and read their tables from ``data/processed/``.

A table is written as ``<table>.parquet`` with a fingerprint in its metadata: the md5 of
every raw input and of the step's code. :func:`load_table` re-runs the step when the
fingerprint no longer matches (new data, changed code) or the file is missing, so a
notebook opened in JupyterLab always reads tables built from the current raw data.
Files are written to a temporary name and renamed, so a table is never half-written.

Each table also carries a digest of its content (its rows and columns, not the fingerprint),
which :func:`load_table` records in the executing notebook's reads log
(:mod:`analysis.reads`): the notebook cache re-executes a notebook only when a table it
read changed.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import tempfile
from pathlib import Path

from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import paths, provenance, reads

if TYPE_CHECKING:
    from analysis.steps import Step

# The steps, raw reading and validation (pandera) are imported where a table is built or
# checked, not here: in a run's kernels the tables are already current, and a notebook
# that only reads them need not import pandera.

_METADATA_KEY = b"brief_fingerprint"
_CONTENT_KEY = b"brief_content_digest"


def table_path(table: str) -> Path:
    return paths.processed_dir() / f"{table}.parquet"


# The code a table depends on besides its step module: how raw files are read and checked,
# the parsers the steps share, and the column dictionary its schema comes from.
_SHARED_CODE = (
    "raw.py", "raw_csv.py", "validation.py", "steps/_tidy.py", "steps/_usgs.py", "steps/_guard.py", "steps/_origin.py",
    "schemas", "connectors", "columns",
)


def fingerprint(step: Step) -> dict:
    """What a step's outputs depend on: its inputs' checksums and the code that makes them."""
    inputs = {}
    for name in step.inputs:
        snapshot = provenance.find_snapshot(name)
        inputs[name] = {"version": snapshot.version, "md5": snapshot.meta.snapshot.md5}
    digest = hashlib.md5(inspect.getsource(inspect.getmodule(step.transform)).encode())
    package = Path(__file__).parent
    for part in _SHARED_CODE:
        target = package / part
        for source in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(source.read_bytes())
    return {"step": step.name, "inputs": inputs, "code_md5": digest.hexdigest()}


def run_step(step: Step) -> dict[str, Path]:
    """Load the step's raw inputs, transform them, validate and save every output."""
    from analysis.raw import read_raw
    from analysis.validation import validate

    # Load: each raw input is checksum-verified and schema-validated on the way in.
    raws = {name: read_raw(name) for name in step.inputs}
    tables = step.transform(**raws)
    if set(tables) != set(step.outputs):
        raise RuntimeError(
            f"Step {step.name} returned tables {sorted(tables)}, but declares {sorted(step.outputs)}"
        )
    stamp = fingerprint(step)
    written = {}
    for table, frame in tables.items():
        checked = validate(frame, step.outputs[table], source=f"processed table {table} (step {step.name})")
        checked.attrs = {}  # the raw snapshot handle rides along in attrs; it is not table data
        written[table] = _write_parquet(checked, table_path(table), stamp)
    return written


def run_all_steps(on_step=None, *, force: bool = True) -> dict[str, Path]:
    """Run every step (``on_step(step)`` is called before each, e.g. to show progress).

    With ``force=False`` a step whose tables all carry its current fingerprint is skipped:
    its inputs and code are unchanged, so it would write the same tables again.
    """
    from analysis.steps import all_steps

    written: dict[str, Path] = {}
    for step in all_steps().values():
        if not force and is_up_to_date(step):
            continue
        if on_step:
            on_step(step)
        written.update(run_step(step))
    return written


def is_up_to_date(step: Step) -> bool:
    """Every output of the step exists and was built from its current inputs and code."""
    current = fingerprint(step)
    return all(stored_fingerprint(table_path(table)) == current for table in step.outputs)


def load_table(table: str) -> pd.DataFrame:
    """The processed table, rebuilt first if its raw inputs or its step's code changed.

    In a run, the read is recorded (table name and content digest) for the notebook cache.
    """
    path = table_path(table)
    checked_by_run = os.environ.get(reads.TABLES_CURRENT_VAR) == "1" and path.is_file()
    if not checked_by_run:
        from analysis.steps import step_for_table

        step = step_for_table(table)
        with reads.paused():  # the freshness check reads the snapshots behind the table
            if stored_fingerprint(path) != fingerprint(step):
                run_step(step)
    reads.record(reads.TABLE, table, content_digest(path))
    return pd.read_parquet(path)


def content_digest(path: Path) -> str:
    """The digest of a processed table's content, as stored when it was written (tables
    written before digests were stored fall back to the file's md5)."""
    stored = (pq.read_schema(path).metadata or {}).get(_CONTENT_KEY)
    return stored.decode() if stored else provenance.md5_of(path)


def stored_fingerprint(path: Path) -> dict | None:
    if not path.is_file():
        return None
    metadata = pq.read_schema(path).metadata or {}
    raw = metadata.get(_METADATA_KEY)
    return json.loads(raw) if raw else None


def _write_parquet(frame: pd.DataFrame, path: Path, stamp: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    metadata[_METADATA_KEY] = json.dumps(stamp, sort_keys=True).encode()
    metadata[_CONTENT_KEY] = _digest_of_table(table).encode()
    table = table.replace_schema_metadata(metadata)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(table, tmp_name)
        os.replace(tmp_name, path)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return path


def _digest_of_table(table: pa.Table) -> str:
    """sha256 of the table's Arrow IPC stream: its schema (names, types) and its values."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


def latest_observation_date() -> str | None:
    """The latest date in any processed table's date columns (ISO), or None if none has dates."""
    from analysis.steps import all_steps

    latest = None
    for step in all_steps().values():
        for table in step.outputs:
            path = table_path(table)
            if not path.is_file():
                continue
            frame = pd.read_parquet(path)
            for column in frame.select_dtypes(include=["datetime", "datetimetz"]).columns:
                value = frame[column].max()
                if pd.notna(value) and (latest is None or value > latest):
                    latest = value
    return latest.date().isoformat() if latest is not None else None
