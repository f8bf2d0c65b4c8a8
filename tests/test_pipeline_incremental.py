"""Incremental runs on the real chapters: a run re-executes only what its changes touch, and
its brief says exactly what a forced run's does.

Runs after tests/test_pipeline.py's checks of the shared full run (``built_brief``), on the
same project copy, whose cache that run filled.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_brief

pytestmark = pytest.mark.pipeline

RUN_ID = re.compile(r"\d{8}T\d{6}Z(-\d+)?")
# "What changed since the last brief" compares with the previous edition, so two runs of the
# same inputs differ there by design (the second finds nothing changed); the rest must match.
WHAT_CHANGED = re.compile(r"(Compared with the previous edition|This is the first edition).*?(?= 1 The China market)")


class TextCollector(HTMLParser):
    """The text a reader sees: everything outside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def brief_text(root: Path) -> str:
    """The HTML brief's text, with run ids masked (every run has its own)."""
    collector = TextCollector()
    collector.feed((root / "report" / "_output" / "brief.html").read_text(encoding="utf-8"))
    text = RUN_ID.sub("<run id>", " ".join(" ".join(collector.parts).split()))
    return WHAT_CHANGED.sub("<what changed>", text)


def latest_manifest(root: Path) -> dict:
    run_id = json.loads((root / "build" / "latest-run.json").read_text())["run_id"]
    return json.loads((root / "build" / "runs" / run_id / "manifest.json").read_text())


def test_a_changed_parameter_reexecutes_some_notebooks_and_gives_the_forced_runs_brief(built_brief):
    root, first = built_brief
    assert first.returncode == 0, first.stderr

    partial = run_brief(root, "run", "-p", "forecast_end_year=2032", "--no-progress")
    assert partial.returncode == 0, partial.stderr
    manifest = latest_manifest(root)
    executed = {n["name"] for n in manifest["notebooks"] if n["cache"] == "miss"}
    assert "01_market.ipynb" in executed and len(executed) < len(manifest["notebooks"])
    assert all(n["cache"] == "hit" for n in manifest["notebooks"] if n["name"] not in executed)
    assert re.search(r"Notebooks: \d+ executed, \d+ reused from the cache", partial.stderr)
    reused_text = brief_text(root)
    assert "forecast to 2032" in reused_text

    forced = run_brief(root, "run", "--force", "-p", "forecast_end_year=2032", "--no-progress")
    assert forced.returncode == 0, forced.stderr
    assert {n["cache"] for n in latest_manifest(root)["notebooks"]} == {"miss"}
    assert brief_text(root) == reused_text

    html = (root / "report" / "_output" / "brief.html").read_bytes()
    again = run_brief(root, "run", "-p", "forecast_end_year=2032", "--no-progress")
    assert again.returncode == 0, again.stderr
    assert {n["cache"] for n in latest_manifest(root)["notebooks"]} == {"hit"}
    assert "The brief is up to date" in again.stderr
    assert (root / "report" / "_output" / "brief.html").read_bytes() == html
