"""What the published brief was rendered from, so that a run can skip a render that would
produce the same brief again.

After a render, ``build/published-brief.json`` records a digest of its inputs: the executed
notebooks (their bytes: a notebook reused from the cache is the same file again), the report
project, the engine, the ``analysis`` package and the environment, and the run's details the
brief prints beside the run id (data vintage, parameters and their origins); and the digest
of each published file. A later run whose inputs give the same digest, and whose published
files are still those, needs no render: the brief is up to date.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis import paths, provenance
from analysis.notebook_cache import environment_digest, package_digest
from analysis.runs import Manifest, atomic_write_text

# Generated or output folders of the report project: not inputs.
_NOT_INPUTS = ("_output", "_notebooks", "_run", ".quarto")


def stamp_path() -> Path:
    return paths.build_dir() / "published-brief.json"


def inputs_digest(manifest: Manifest, engine: str) -> str:
    digest = hashlib.sha256()
    for record in manifest.notebooks:
        notebook = Path(record.output)
        notebook = notebook if notebook.is_absolute() else paths.root_dir() / notebook
        digest.update(f"notebook {record.name} {record.status}\0".encode() + notebook.read_bytes())
    report = paths.report_dir()
    for path in sorted(report.rglob("*")):
        relative = path.relative_to(report)
        if path.is_file() and not set(relative.parts) & set(_NOT_INPUTS):
            digest.update(f"report {relative}\0".encode() + path.read_bytes())
    details = {
        "engine": engine,
        "package": package_digest(),
        "environment": environment_digest(),
        "parameters": manifest.parameters,
        "origins": manifest.parameter_origins,
        "files": manifest.parameter_files,
        "data_as_of": manifest.data_as_of,
        "latest_observation": manifest.latest_observation,
        "output_dir": str(paths.output_dir()),
    }
    digest.update(json.dumps(details, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def record_published(manifest: Manifest, engine: str, outputs: dict[str, Path]) -> None:
    """Remember what the brief just published was made from."""
    stamp = {
        "run_id": manifest.run_id,
        "engine": engine,
        "inputs": inputs_digest(manifest, engine),
        "outputs": {str(path): provenance.md5_of(path) for path in outputs.values()},
    }
    atomic_write_text(stamp_path(), json.dumps(stamp, indent=2))


def published_run_if_current(manifest: Manifest, engine: str) -> str | None:
    """The run the published brief was rendered from, if rendering ``manifest`` with ``engine``
    would use exactly the same inputs and the published files are untouched; else None."""
    try:
        stamp = json.loads(stamp_path().read_text(encoding="utf-8"))
        if stamp["engine"] != engine or stamp["inputs"] != inputs_digest(manifest, engine):
            return None
        if not stamp["outputs"] or any(
            not Path(path).is_file() or provenance.md5_of(Path(path)) != md5 for path, md5 in stamp["outputs"].items()
        ):
            return None
        return stamp["run_id"]
    except (OSError, ValueError, KeyError):
        return None
