"""The parts of the brief written from the run's record rather than by a notebook.

They depend on things a notebook's execution does not (this run's refresh outcomes, the
previous edition, the date of the run), so they are written when the brief is staged,
as Markdown files the report project includes (see ``report/brief.qmd``):

- ``_run/freshness-notice.md``: page 1, the sources that are stale or failed to refresh;
- ``_run/changes.md``: "What changed since the last brief", right after the summary;
- ``_run/freshness.md``: the appendix's table of each source's version, cadence and refresh.
"""

from __future__ import annotations

from pathlib import Path

from analysis import changes, editions, freshness_notice
from analysis.edition_record import build_record, save_record
from analysis.runs import Manifest

NOTICE, CHANGES, APPENDIX = "freshness-notice.md", "changes.md", "freshness.md"


def write_sections(manifest: Manifest, folder: Path) -> dict:
    """Build and save the run's record, write the three sections into ``folder``; return the record."""
    record = build_record(manifest)
    save_record(manifest, record)
    compared = changes.compare(editions.previous_record(manifest.run_id), record)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / NOTICE).write_text(freshness_notice.notice_markdown(record), encoding="utf-8")
    (folder / CHANGES).write_text(changes.changes_markdown(compared), encoding="utf-8")
    (folder / APPENDIX).write_text(freshness_notice.appendix_markdown(record), encoding="utf-8")
    return record
