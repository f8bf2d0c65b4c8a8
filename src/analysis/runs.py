"""Run folders and their manifests: what a run used, what it produced, and whether it worked.

Each ``brief run`` gets ``build/runs/<run-id>/`` holding its executed notebooks and a
``manifest.json``. ``build/latest-run.json`` names the latest run that succeeded; it is
replaced atomically and only on success, so the renderer never picks up a failed run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import paths
from analysis.errors import BriefError

KEEP_RUNS = 10


@dataclass
class NotebookRecord:
    name: str
    output: str
    status: str = "pending"  # pending | ok | failed
    seconds: float | None = None
    error: str | None = None
    cache: str | None = None  # hit (reused from an earlier run) | miss (executed)
    cache_reason: str | None = None  # for a miss: which part of the key changed
    reused_from: str | None = None  # for a hit: the run that executed it


@dataclass
class Manifest:
    run_id: str
    started_at: str
    parameters: dict
    parameter_origins: dict
    parameter_files: list[str]
    snapshots: list[dict]
    data_as_of: str
    latest_observation: str | None
    notebooks: list[NotebookRecord] = field(default_factory=list)
    status: str = "running"  # running | succeeded | failed
    finished_at: str | None = None

    @property
    def folder(self) -> Path:
        return paths.runs_dir() / self.run_id

    @property
    def notebooks_dir(self) -> Path:
        return self.folder / "notebooks"

    def save(self) -> Path:
        return atomic_write_text(self.folder / "manifest.json", json.dumps(asdict(self), indent=2, default=str))

    @classmethod
    def load(cls, path: Path) -> Manifest:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        data["notebooks"] = [NotebookRecord(**n) for n in data.get("notebooks", [])]
        return cls(**data)


def new_run_id(now: dt.datetime | None = None) -> str:
    """A new run id (UTC time stamp) whose folder this call has created, so two runs
    started in the same second never share a folder."""
    now = now or dt.datetime.now(dt.timezone.utc)
    base = now.strftime("%Y%m%dT%H%M%SZ")
    paths.runs_dir().mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        run_id = base if n == 1 else f"{base}-{n}"
        try:
            (paths.runs_dir() / run_id).mkdir()
            return run_id
        except FileExistsError:
            continue
    raise RuntimeError(f"could not create a run folder for {base}")


def mark_latest(manifest: Manifest) -> None:
    atomic_write_text(paths.build_dir() / "latest-run.json", json.dumps({"run_id": manifest.run_id}))


def latest_manifest() -> Manifest:
    pointer = paths.build_dir() / "latest-run.json"
    if not pointer.is_file():
        raise BriefError(
            "No successful run yet: there are no executed notebooks to render.",
            remedy="Run `brief run` (or `make brief`) first.",
        )
    run_id = json.loads(pointer.read_text(encoding="utf-8"))["run_id"]
    return Manifest.load(paths.runs_dir() / run_id / "manifest.json")


def prune_runs(keep: int = KEEP_RUNS) -> None:
    """Delete all but the newest ``keep`` run folders (never the latest successful one)."""
    root = paths.runs_dir()
    if not root.is_dir():
        return
    protected = set()
    pointer = paths.build_dir() / "latest-run.json"
    if pointer.is_file():
        protected.add(json.loads(pointer.read_text(encoding="utf-8"))["run_id"])
    runs = sorted(p for p in root.iterdir() if p.is_dir())
    for folder in runs[:-keep] if keep else runs:
        if folder.name not in protected:
            shutil.rmtree(folder, ignore_errors=True)


def atomic_write_text(path: Path, text: str) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
