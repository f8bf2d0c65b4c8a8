"""`brief weekly` end to end, offline: refreshes fail, the brief is still published, says so on
page 1, shows what changed since the previous edition, and both editions are archived.

Starts from a copy of the session's built brief (the first edition), registers a changed
market_size (China 2024: 22.1 -> 23.4, the issue's test), and runs the weekly job with every
connector pointed at a closed port on 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil

import pytest
from pypdf import PdfReader

from analysis.connectors.http import BASE_URLS
from conftest import run_brief

pytestmark = pytest.mark.pipeline

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, a connection is refused at once


@pytest.fixture(scope="module")
def weekly(built_brief, tmp_path_factory):
    first_root, first = built_brief
    assert first.returncode == 0, first.stderr
    root = tmp_path_factory.mktemp("weekly") / "project"
    shutil.copytree(first_root, root, symlinks=True)
    csv = next((root / "data" / "raw" / "market_size").glob("*/market_size.csv"))
    line = "China,2024,accelerated_server_market,22.1,"
    edited = root.parent / "market_size.csv"
    edited.write_text(csv.read_text(encoding="utf-8").replace(line, line.replace("22.1", "23.4")), encoding="utf-8")
    added = run_brief(root, "snapshot", "add", "market_size", str(edited))
    assert added.returncode == 0, added.stderr
    history = root / "report" / "_output" / "history"
    before = sorted(p.name for p in history.iterdir() if p.is_dir())  # the first edition, and any later
    assert before
    offline = {variable: CLOSED for variable, _ in BASE_URLS.values()}
    result = run_brief(root, "weekly", BRIEF_SEC_USER_AGENT="Brief tests tests@example.org",
                       BRIEF_FETCH_TIMEOUT="5", **offline)
    return root, result, before


def pdf_pages(root) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(root / "report" / "_output" / "brief.pdf").pages]


def test_a_weekly_run_without_network_publishes_with_stale_sources(weekly):
    root, result, _ = weekly
    assert result.returncode == 3, result.stderr  # published, with stale sources
    status = json.loads((root / "report" / "_output" / "weekly-status.json").read_text())
    assert status["status"] == "published-stale"
    refreshed = [o for o in status["refresh"] if o["connector"] != "manual"]
    assert refreshed and all(o["status"] == "failed" for o in refreshed)
    assert set(status["failed_sources"]) == {o["dataset"] for o in refreshed}


def test_page_one_names_the_sources_that_could_not_be_refreshed(weekly):
    root, result, _ = weekly
    status = json.loads((root / "report" / "_output" / "weekly-status.json").read_text())
    first_page = pdf_pages(root)[0]
    assert "Data freshness" in first_page and "failed in this run" in first_page
    for dataset in status["failed_sources"]:
        assert dataset in first_page


def test_history_holds_both_editions_and_the_index_lists_them(weekly):
    root, _, before = weekly
    history = root / "report" / "_output" / "history"
    editions = sorted(p for p in history.iterdir() if p.is_dir())
    status = json.loads((root / "report" / "_output" / "weekly-status.json").read_text())
    assert [e.name for e in editions] == before + [status["edition"]]  # the earlier ones kept, the weekly's added
    for edition in editions:
        assert {p.name for p in edition.iterdir()} == {"brief.pdf", "brief.html", "record.json"}
    index = (history / "index.html").read_text()
    assert all(f'href="{e.name}/brief.pdf"' in index for e in editions)


def test_the_changed_number_flows_into_what_changed_and_the_summary(weekly):
    root, _, _ = weekly
    text = " ".join(pdf_pages(root))
    changed = text[text.index("What changed since the last brief"):]
    assert "$22.1bn → $23.4bn" in changed[:3000]
    assert "value 22.1 → 23.4" in changed[:3000]
    summary = text[:text.index("What changed since the last brief")]
    assert "$23.4bn in 2024" in summary
    html = (root / "report" / "_output" / "brief.html").read_text(encoding="utf-8")
    assert "What changed since the last brief" in html and "22.1 → 23.4" in html
