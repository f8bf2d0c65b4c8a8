"""The weekly job (``brief weekly``): refresh, run, publish, archive.

1. Refresh every dataset that has a connector (:func:`analysis.refresh.refresh_all`). A
   failed fetch never stops the job: the dataset keeps its last snapshot and the failure
   is recorded in the run's ``refresh.json`` and record.
2. Run the notebooks (the normal ``brief run`` path, incremental where it can be).
3. Render and publish the brief, and archive it as an edition (``report/_output/history``).

**Exit status**, so that a scheduler can tell the outcomes apart:

==========  =============================================================================
code        meaning
==========  =============================================================================
0           published; every source refreshed or within its cadence
3           published **with stale sources**: a refresh failed or a source is past its
            cadence; the brief names them on page 1 (``weekly-status.json`` lists them)
1           failed: nothing was published, the previous brief is still in place
==========  =============================================================================

A non-zero 3 (rather than 0 with a flag) makes staleness visible to any scheduler that
only looks at exit codes (cron's mail, systemd's ``SuccessExitStatus=3``); ``make weekly``
maps 3 to success, because make itself can only exit 0 or 2. Either way the outcome is
also written to ``report/_output/weekly-status.json``, which the GitHub workflow reads.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import paths
from analysis.runs import atomic_write_text

EXIT_PUBLISHED = 0
EXIT_FAILED = 1
EXIT_PUBLISHED_STALE = 3
STATUS_FILE = "weekly-status.json"


@dataclass
class WeeklyStatus:
    status: str  # "published" | "published-stale" | "failed"
    exit_code: int
    finished_at: str
    run_id: str | None = None
    edition: str | None = None
    refresh: list[dict] = field(default_factory=list)
    failed_sources: list[str] = field(default_factory=list)
    stale_sources: list[str] = field(default_factory=list)
    error: str | None = None


def status_path() -> Path:
    return paths.output_dir() / STATUS_FILE


def write_status(status: WeeklyStatus) -> Path:
    return atomic_write_text(status_path(), json.dumps(asdict(status), indent=2, default=str))


def refresh_outcomes(refresh: Callable[[], list], announce: Callable[[str], None]) -> list[dict]:
    """Call the refresh; one line per dataset. Should the refresh itself break (a bug, not a
    failed fetch), every dataset with a connector is recorded as failed and the job goes on."""
    try:
        outcomes = [_as_dict(o) for o in refresh()]
    except Exception as exc:  # noqa: BLE001 - the job must publish with the last snapshots
        from analysis.freshness import dataset_freshness

        error = f"the refresh could not run: {type(exc).__name__}: {exc}"
        outcomes = [{"dataset": d.name, "connector": d.connector, "status": "failed", "version": d.latest_version,
                     "error": error} for d in dataset_freshness(dt.date.today()) if d.connector != "manual"]
    for o in outcomes:
        detail = f" ({o.get('summary') or o['error']})" if o.get("error") else ""
        announce(f"  refresh {o['dataset']} ({o['connector']}): {o['status']}, version {o.get('version')}{detail}")
    return outcomes


def _as_dict(outcome) -> dict:
    """An outcome as JSON-ready fields, with ``summary``: the error's first line (for the brief)."""
    if isinstance(outcome, dict):
        return outcome
    fields = {k: getattr(outcome, k, None) for k in ("dataset", "connector", "status", "version", "error")}
    return fields | {"summary": getattr(outcome, "summary", fields["error"])}


def run_weekly(params, *, engine: str = "auto", progress: bool = False,
               announce: Callable[[str], None] = print, refresh: Callable[[], list] | None = None) -> WeeklyStatus:
    """Refresh, run, render, publish and archive; return the status (also written to disk).

    Errors of the run or the render propagate (the caller records a failed status).
    """
    from analysis.edition_record import RECORD_FILE, edition_name, load_record, write_refresh_outcomes
    from analysis.execute import execute_run
    from analysis.freshness_notice import failed_sources, stale_sources
    from analysis.render import render_brief

    if refresh is None:
        from analysis.refresh import refresh_all as refresh
    announce("Refreshing every dataset with a connector")
    outcomes = refresh_outcomes(refresh, announce)
    manifest = execute_run(params, progress=progress, announce=announce)
    write_refresh_outcomes(manifest, outcomes)
    announce("Rendering the brief")
    render_brief(manifest, engine)
    record = load_record(manifest.folder / RECORD_FILE)
    failed = [d["name"] for d in failed_sources(record)]
    stale = [d["name"] for d in stale_sources(record)]
    status = WeeklyStatus(
        status="published-stale" if failed or stale else "published",
        exit_code=EXIT_PUBLISHED_STALE if failed or stale else EXIT_PUBLISHED,
        finished_at=_now(), run_id=manifest.run_id, edition=edition_name(record),
        refresh=outcomes, failed_sources=failed, stale_sources=stale,
    )
    write_status(status)
    return status


def failed_status(error: BaseException) -> WeeklyStatus:
    status = WeeklyStatus(status="failed", exit_code=EXIT_FAILED, finished_at=_now(), error=str(error))
    write_status(status)
    return status


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
