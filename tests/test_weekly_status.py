"""The weekly job's refresh step and status file, without kernels."""

from __future__ import annotations

import json

from analysis import paths, weekly
from analysis.freshness import dataset_freshness
from analysis.refresh import RefreshOutcome


def test_outcomes_are_recorded_one_line_each():
    lines = []
    outcomes = weekly.refresh_outcomes(lambda: [
        RefreshOutcome(dataset="macro", connector="worldbank", status="failed", version="2026-11-24",
                       error="FetchError: no connection"),
        {"dataset": "sec_companyfacts_nvda", "connector": "sec", "status": "new", "version": "2026-12-07",
         "error": None},
    ], lines.append)
    assert [o["status"] for o in outcomes] == ["failed", "new"]
    assert outcomes[0]["summary"] == "FetchError: no connection"  # the line the brief prints
    assert lines == ["  refresh macro (worldbank): failed, version 2026-11-24 (FetchError: no connection)",
                     "  refresh sec_companyfacts_nvda (sec): new, version 2026-12-07"]


def test_a_refresh_that_breaks_marks_every_connector_dataset_failed_and_the_job_goes_on(project):
    def broken():
        raise RuntimeError("a bug in the refresh")

    outcomes = weekly.refresh_outcomes(broken, lambda line: None)
    with_connector = {d.name for d in dataset_freshness() if d.connector != "manual"}
    assert {o["dataset"] for o in outcomes} == with_connector and with_connector
    assert all(o["status"] == "failed" and "RuntimeError: a bug in the refresh" in o["error"] for o in outcomes)


def test_a_failed_job_writes_a_failed_status(project):
    status = weekly.failed_status(RuntimeError("render failed"))
    assert status.exit_code == weekly.EXIT_FAILED == 1
    written = json.loads((paths.output_dir() / "weekly-status.json").read_text())
    assert written["status"] == "failed" and written["error"] == "render failed"
