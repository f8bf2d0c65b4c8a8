"""Editions: every published brief kept in ``report/_output/history/<date>_<run>/``.

Each edition folder holds the brief as published (``brief.pdf``, ``brief.html``) and the
run's record (``record.json``, :mod:`analysis.edition_record`). ``history/index.html``
lists the editions, newest first, with their dates, the data versions they used and
links to them.

Archiving is atomic: the folder is assembled under a hidden temporary name in
``history/`` and renamed into place, so an edition is either complete or absent; the
index is rewritten the same way. Re-rendering a run replaces that run's edition.

**Retention.** The newest :data:`KEEP_EDITIONS` editions (a year of weekly briefs) keep
their PDF, HTML and record. An older edition keeps only its ``record.json``, so the index
still lists its date and data versions, and its files are deleted. ``BRIEF_KEEP_EDITIONS``
changes the number.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.edition_record import RECORD_FILE, edition_name, load_record
from analysis.runs import atomic_write_text

KEEP_EDITIONS = 52
INDEX = "index.html"


def history_dir() -> Path:
    return paths.output_dir() / "history"


def keep_editions() -> int:
    return int(os.environ.get("BRIEF_KEEP_EDITIONS", KEEP_EDITIONS))


@dataclass(frozen=True)
class Edition:
    folder: Path
    record: dict

    @property
    def run_id(self) -> str:
        return self.record["run_id"]

    @property
    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.is_file() and p.name != RECORD_FILE)


def list_editions() -> list[Edition]:
    """Every archived edition, oldest first (by run id, a UTC time stamp)."""
    root = history_dir()
    if not root.is_dir():
        return []
    editions = [Edition(folder, load_record(folder / RECORD_FILE))
                for folder in root.iterdir() if not folder.name.startswith(".") and (folder / RECORD_FILE).is_file()]
    return sorted(editions, key=lambda e: e.run_id)


def previous_record(run_id: str) -> dict | None:
    """The record of the newest edition made before run ``run_id`` (None: there is none)."""
    earlier = [e for e in list_editions() if e.run_id < run_id]
    return earlier[-1].record if earlier else None


def archive_edition(record: dict, files: dict[str, Path]) -> Path:
    """Archive a published brief (``files``: name → published file) with its record; return
    the edition's folder. Then apply the retention rule and rewrite the index."""
    root = history_dir()
    root.mkdir(parents=True, exist_ok=True)
    final = root / edition_name(record)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=f".{final.name}."))
    try:
        for name, source in files.items():
            shutil.copyfile(source, staging / name)
        (staging / RECORD_FILE).write_text(_record_text(record), encoding="utf-8")  # the folder's rename is atomic
        os.chmod(staging, 0o755)
        _replace_folder(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    apply_retention()
    write_index()
    return final


def _replace_folder(new: Path, final: Path) -> None:
    """Rename ``new`` to ``final``; an existing ``final`` (the same run re-rendered) is moved
    aside first and deleted after, so a reader finds either edition whole."""
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
        os.replace(new, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, final)


def _record_text(record: dict) -> str:
    return json.dumps(record, indent=1, ensure_ascii=False)


def apply_retention(keep: int | None = None) -> list[Path]:
    """Delete the files (not the record) of all but the newest ``keep`` editions."""
    keep = keep_editions() if keep is None else keep
    editions = list_editions()
    trimmed = []
    for edition in editions[:-keep] if keep > 0 else editions:
        for path in edition.files:
            path.unlink()
            trimmed.append(path)
    return trimmed


def write_index() -> Path:
    """``history/index.html``: one row per edition, newest first."""
    rows = []
    for edition in reversed(list_editions()):
        record = edition.record
        links = " · ".join(f'<a href="{html.escape(edition.folder.name)}/{html.escape(p.name)}">{html.escape(p.name)}</a>'
                           for p in edition.files) or "<em>files removed (retention)</em>"
        links += f' · <a href="{html.escape(edition.folder.name)}/{RECORD_FILE}">{RECORD_FILE}</a>'
        versions = ", ".join(f"{html.escape(d['name'])} {html.escape(d['version'])}" for d in record["datasets"])
        problems = [d["name"] for d in record["datasets"] if d.get("refresh_status") == "failed"]
        stale = [d["name"] for d in record["datasets"] if d.get("stale")]
        notes = "; ".join(part for part in (
            f"refresh failed: {', '.join(problems)}" if problems else "",
            f"stale: {', '.join(stale)}" if stale else "") if part)
        rows.append(
            f"<tr><td class=\"date\">{html.escape(record['run_date'])}</td><td><code>{html.escape(record['run_id'])}</code></td>"
            f"<td>{links}</td><td class=\"versions\">{versions}</td><td>{html.escape(notes) or '–'}</td></tr>"
        )
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>The H200 brief: editions</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; max-width: 80rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ccc; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
td.versions {{ font-size: .8rem; color: #444; }}
td.date {{ white-space: nowrap; }}
</style>
</head>
<body>
<h1>The H200 brief: editions</h1>
<p>{len(rows)} editions, newest first. The newest {keep_editions()} keep their PDF and HTML; older ones keep
only their record. Index written {generated}.</p>
<table>
<thead><tr><th>Date</th><th>Run</th><th>Files</th><th>Data versions used</th><th>Freshness</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
    return _readable(atomic_write_text(history_dir() / INDEX, page))


def _readable(path: Path) -> Path:
    """A temporary file is private (0600); a published page is for readers, like the brief."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
    return path
