"""The rendered brief as readers meet it (one real run, shared with test_pipeline.py): the
PDF's design and clean layout, the HTML's landmarks, contents, scrolling tables and paths.

Accessibility (axe-core) and the 390 px overflow are checked in a browser by the dev script
tools/html-check/check.mjs, which needs node and Chromium and so stays outside the suite.
"""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from analysis.render.overprint import find_overprints

pytestmark = pytest.mark.pipeline


def _outputs(built_brief):
    root, result = built_brief
    assert result.returncode == 0, result.stderr
    out = root / "report" / "_output"
    return root, out / "brief.html", out / "brief.pdf"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_no_text_in_the_pdf_is_drawn_over_other_text(built_brief):
    _, _, pdf = _outputs(built_brief)
    overprints = find_overprints(pdf)
    assert overprints == [], "\n".join(str(o) for o in overprints[:10])


def test_the_pdf_carries_the_design(built_brief):
    _, _, pdf = _outputs(built_brief)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
    assert all(f"Page {n} of {len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert all("The H200 decision" in text for text in pages[1:])  # the running header
    assert "About this brief." in pages[0] + pages[1]
    appendix = " ".join(pages[-6:])
    assert re.search(r"A Appendix: sources", appendix) and "A.1 Sources" in appendix and "A.3 Parameters" in appendix


def test_the_html_has_landmarks_contents_and_scrolling_tables(built_brief):
    _, html_path, _ = _outputs(built_brief)
    html = html_path.read_text(encoding="utf-8")
    assert html.count("<main") == 1
    assert re.search(r'<nav id="TOC" role="doc-toc" aria-labelledby="toc-title">', html)
    assert 'href="#tbl-claims"' in html or 'href="#checking-the-articles-claims"' in html
    tables = len(re.findall(r"<table\b", html))
    scrolling = re.findall(r'<div class="table-scroll"[^>]*>\s*<table\b', html)
    assert tables and len(scrolling) == tables
    assert 'aria-label="About this brief"' in html
    numbers = re.findall(r'header-section-number">([^<]+)<', html)
    # A.4 is the data's freshness, added at render time (analysis.freshness_notice)
    assert numbers[-5:] == ["A", "A.1", "A.2", "A.3", "A.4"] and "9" not in numbers


def test_the_html_holds_no_path_of_the_machine(built_brief):
    root, html_path, _ = _outputs(built_brief)
    html = html_path.read_text(encoding="utf-8")
    assert str(root) not in html and "file://" not in html
    assert not re.search(r'="(/(home|root|tmp|work|Users)/[^"]*)"', html)
