"""The reads log: what an executing notebook read and wrote, recorded as it ran.

A run gives each notebook's kernel the environment variable ``BRIEF_READS_LOG``, naming a
file of its own. The functions that read data (``processed.load_table``, the provenance
look-ups, the run's record) and the one that writes results (``run_outputs.write_table``)
call :func:`record`, which appends one JSON line ``{"kind", "name", "digest"}`` to that file.
The cache (:mod:`analysis.notebook_cache`) keys the executed notebook on these reads, the
way a build system tracks the dependencies a step actually used rather than a hand-kept list.

Without the variable (a notebook opened in JupyterLab, a test, a script) recording is a
no-op. One file per kernel keeps parallel kernels apart; each line is written with a single
``write`` in append mode.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

ENV_VAR = "BRIEF_READS_LOG"
# Set for a run's kernels: the run brought every processed table up to date before starting
# them, so ``load_table`` need not check each table's fingerprint again.
TABLES_CURRENT_VAR = "BRIEF_TABLES_CURRENT"

TABLE = "table"  # a processed table; digest of its content
SNAPSHOT = "snapshot"  # a raw snapshot's sidecar (provenance, checksum); digest of the sidecar
DATASETS = "datasets"  # the list of raw datasets (who lists them all); digest of the names
RUN = "run"  # the run's parameters or record (name "parameters" or "record")
OUTPUT = "output"  # a file the notebook wrote into its run folder; name = path in the folder

_paused: ContextVar[bool] = ContextVar("brief_reads_paused", default=False)


def digest_of(value) -> str:
    """A stable digest of a JSON-able value (keys sorted)."""
    text = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def record(kind: str, name: str, digest: str) -> None:
    """Append one read (or output) to this kernel's log, if it has one."""
    log = os.environ.get(ENV_VAR)
    if not log or _paused.get():
        return
    line = json.dumps({"kind": kind, "name": name, "digest": digest}, sort_keys=True) + "\n"
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(line)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Reads inside this block are not recorded (e.g. a table's own freshness check reads
    the snapshots behind it; the notebook read the table, whose content digest is recorded)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def read_log(path: Path) -> dict[tuple[str, str], str]:
    """The log's entries as ``{(kind, name): digest}``; a later entry for the same name wins.

    A missing file means the notebook read nothing through the recorded functions.
    """
    entries: dict[tuple[str, str], str] = {}
    if not Path(path).is_file():
        return entries
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        entries[(item["kind"], item["name"])] = item["digest"]
    return entries
