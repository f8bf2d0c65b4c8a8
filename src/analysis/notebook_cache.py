"""A cache of executed notebooks: reuse a notebook's execution when nothing it depends on changed.

A cached execution is keyed on

* **source**: the notebook's cells (type, source, non-volatile metadata such as tags), not
  their outputs or execution counts, and its kernel;
* **parameters**: the values injected into it (all but the run id, see below);
* **package**: the source of the ``analysis`` package;
* **environment**: the Python version and every installed distribution's version;
* **data**: what it read while it ran, recorded by the reading functions themselves
  (:mod:`analysis.reads`): the content digest of each processed table, the sidecar of each
  raw snapshot whose provenance or data it used, the run's parameters or record.

The first four are known before the notebook runs; the reads only afterwards, so an entry
stores them and a look-up recomputes each one now (as a build system re-checks the
dependencies a step actually used). The run id is injected but not part of the key: what a
notebook takes from the run (its parameters, their origins) is recorded as a read.

Layout, under ``build/cache/notebooks/<notebook stem>/<entry id>/``
(:func:`analysis.paths.notebook_cache_dir`): ``entry.json`` (the key and the reads),
``notebook.ipynb`` (the executed notebook) and ``files/`` (what it wrote into its run
folder). An entry is assembled in a temporary folder and renamed into place, so a killed
run leaves either a whole entry or none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from analysis import paths, processed, provenance, reads, run_context
from analysis.errors import BriefError
from analysis.runs import atomic_write_bytes

KEEP_ENTRIES = 8  # per notebook: the newest few (e.g. a run with a changed parameter and the default)
# Cell metadata that changes without the cell changing (JupyterLab, papermill, execution times).
_VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "jupyter", "ExecuteTime", "papermill", "trusted")
_STALE_TEMP_SECONDS = 3600


@dataclass(frozen=True)
class Key:
    """The parts of a notebook's key known before it runs."""

    source: str
    parameters: dict
    package: str
    environment: str

    def as_dict(self) -> dict:
        return {"source": self.source, "parameters": self.parameters, "package": self.package,
                "environment": self.environment}


@dataclass
class Entry:
    folder: Path
    notebook: str
    key: Key
    reads: dict[tuple[str, str], str]
    run_id: str
    created_at: str
    files: list[str] = field(default_factory=list)

    @property
    def executed_notebook(self) -> Path:
        return self.folder / "notebook.ipynb"


@dataclass(frozen=True)
class Lookup:
    """A look-up's answer: the entry to reuse, or why there is none (which part changed)."""

    entry: Entry | None
    reason: str | None = None


def source_digest(notebook: Path) -> str:
    """The notebook's cells and kernel, without outputs, execution counts or volatile metadata."""
    nb = nbformat.read(notebook, as_version=4)
    cells = [
        {
            "cell_type": cell.cell_type,
            "source": cell.source,
            "metadata": {k: v for k, v in cell.get("metadata", {}).items() if k not in _VOLATILE_CELL_METADATA},
        }
        for cell in nb.cells
    ]
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    return reads.digest_of({"cells": cells, "kernel": kernel})


def package_digest(package: Path | None = None) -> str:
    """Every file of the ``analysis`` package (its code, schemas, templates), by path and bytes."""
    package = package or Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def environment_digest() -> str:
    """The interpreter and every installed distribution with its version (the kernels run in
    this same environment), read from the names of the ``*.dist-info`` / ``*.egg-info``
    folders on ``sys.path`` (``name-version.dist-info``): listing folders is much faster
    than parsing every distribution's metadata."""
    distributions = sorted(
        entry.name
        for folder in map(Path, sys.path)
        if folder.is_dir()
        for entry in folder.iterdir()
        if entry.suffix in (".dist-info", ".egg-info")
    )
    return reads.digest_of({"python": sys.version, "executable": sys.executable, "distributions": distributions})


class CurrentReads:
    """What each kind of recorded read gives now, for a run with this manifest (memoised)."""

    def __init__(self, parameters: dict, origins: dict, files: list[str], data_as_of: str) -> None:
        self._run = {
            "parameters": run_context.parameters_digest(parameters),
            "record": run_context.record_digest(parameters, origins, files, data_as_of),
        }
        self._known: dict[tuple[str, str], str | None] = {}

    def __call__(self, kind: str, name: str) -> str | None:
        if (kind, name) not in self._known:
            self._known[(kind, name)] = self._digest(kind, name)
        return self._known[(kind, name)]

    def _digest(self, kind: str, name: str) -> str | None:
        try:
            if kind == reads.TABLE:
                path = processed.table_path(name)
                return processed.content_digest(path) if path.is_file() else None
            if kind == reads.SNAPSHOT:
                dataset, _, version = name.partition("@")
                return provenance.sidecar_digest(provenance.find_snapshot(dataset, version or None).sidecar_path)
            if kind == reads.DATASETS:
                root = paths.raw_dir()
                return reads.digest_of(sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else [])
            if kind == reads.RUN:
                return self._run.get(name)
        except (BriefError, OSError, LookupError):
            return None
        return None  # a kind this version does not know: never a match


class NotebookCache:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or paths.notebook_cache_dir()

    # -- look-up ------------------------------------------------------------------------
    def entries(self, notebook: str) -> list[Entry]:
        """The notebook's complete entries, newest first."""
        folder = self.root / Path(notebook).stem
        found = []
        if folder.is_dir():
            for child in folder.iterdir():
                entry = _load_entry(child)
                if entry is not None:
                    found.append(entry)
        return sorted(found, key=lambda e: e.created_at, reverse=True)

    def lookup(self, notebook: str, key: Key, current: Callable[[str, str], str | None]) -> Lookup:
        """The newest entry whose key equals ``key`` and whose every read is unchanged now
        (``current(kind, name)`` gives a read's digest today); else why none fits."""
        entries = self.entries(notebook)
        for entry in entries:
            if entry.key == key and not _changed_reads(entry, current):
                return Lookup(entry)
        if not entries:
            return Lookup(None, "no earlier execution")
        return Lookup(None, _what_changed(entries[0], key, current))

    # -- store and restore --------------------------------------------------------------
    def store(self, notebook: str, key: Key, read_log: dict[tuple[str, str], str], executed: Path,
              run_folder: Path, run_id: str) -> Entry | None:
        """Keep a successful execution: its notebook, its reads and the files it wrote."""
        # The executed notebook's own bytes are part of the id: after a forced run, the newest
        # entry is the notebook just executed (and rendered), even if an older one had the same key.
        entry_id = reads.digest_of({"key": key.as_dict(), "reads": sorted(map(list, read_log.items())),
                                    "notebook": hashlib.sha256(executed.read_bytes()).hexdigest()})[:20]
        folder = self.root / Path(notebook).stem / entry_id
        if folder.is_dir():
            return _load_entry(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(folder.parent)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        try:
            shutil.copyfile(executed, tmp / "notebook.ipynb")
            files = sorted(name for kind, name in read_log if kind == reads.OUTPUT)
            for name in files:
                target = tmp / "files" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(run_folder / name, target)
            record = {
                "notebook": notebook, "key": key.as_dict(), "run_id": run_id, "created_at": _now(),
                "reads": [{"kind": k, "name": n, "digest": d} for (k, n), d in sorted(read_log.items())],
                "files": files,
            }
            (tmp / "entry.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
            os.rename(tmp, folder)  # atomic; fails if another run stored the same entry first
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not folder.is_dir():
                raise
        self.prune(notebook)
        return _load_entry(folder)

    def restore(self, entry: Entry, output: Path, run_folder: Path) -> None:
        """Copy the cached notebook to ``output`` and its files into ``run_folder``."""
        _copy_atomically(entry.executed_notebook, output)
        for name in entry.files:
            _copy_atomically(entry.folder / "files" / name, run_folder / name)

    def prune(self, notebook: str, keep: int = KEEP_ENTRIES) -> None:
        for entry in self.entries(notebook)[keep:]:
            shutil.rmtree(entry.folder, ignore_errors=True)


def _changed_reads(entry: Entry, current: Callable[[str, str], str | None]) -> list[str]:
    return [f"{kind} {name}" for (kind, name), digest in sorted(entry.reads.items())
            if kind != reads.OUTPUT and current(kind, name) != digest]


def _what_changed(previous: Entry, key: Key, current: Callable[[str, str], str | None]) -> str:
    """Which parts of the key differ from the notebook's newest entry, in words."""
    parts = []
    if previous.key.source != key.source:
        parts.append("source")
    if previous.key.parameters != key.parameters:
        names = sorted(n for n in set(previous.key.parameters) | set(key.parameters)
                       if previous.key.parameters.get(n) != key.parameters.get(n))
        parts.append("parameters (" + ", ".join(names) + ")")
    if previous.key.package != key.package:
        parts.append("analysis package")
    if previous.key.environment != key.environment:
        parts.append("environment")
    changed = _changed_reads(previous, current)
    if changed:
        parts.append("data (" + ", ".join(changed) + ")")
    return "; ".join(parts) or "no earlier execution with these inputs"


def _load_entry(folder: Path) -> Entry | None:
    """An entry, or None for a folder that is not a complete one (a temporary, a damaged copy)."""
    if folder.name.startswith(".") or not (folder / "notebook.ipynb").is_file():
        return None
    try:
        record = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
        return Entry(
            folder=folder,
            notebook=record["notebook"],
            key=Key(**record["key"]),
            reads={(r["kind"], r["name"]): r["digest"] for r in record["reads"]},
            run_id=record["run_id"],
            created_at=record["created_at"],
            files=list(record.get("files", [])),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _copy_atomically(source: Path, destination: Path) -> None:
    atomic_write_bytes(destination, source.read_bytes())


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary folders left by a run that was killed while storing an entry."""
    cutoff = time.time() - _STALE_TEMP_SECONDS
    for child in folder.glob(".tmp-*"):
        try:
            if child.stat().st_mtime < cutoff:
                shutil.rmtree(child, ignore_errors=True)
        except OSError:
            continue


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
