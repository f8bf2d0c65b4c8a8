"""What the economist sees in JupyterLab, and what the HTML reader gets, on real executions.

The notebooks are executed in real Jupyter kernels: by ``brief run`` (papermill), and one
directly with nbclient, as Run All in JupyterLab would. Each cell is then read as
JupyterLab shows it (:mod:`jupyterlab_view`): no two dollars that MathJax could pair into
a formula, and no renderer markup (``{#…}``, ``{.unnumbered}``, ``@fig-…``, ``@tbl-…``).
The rendered HTML offers every figure's and table's data as an embedded CSV, and every
chart has alt text of its own.
"""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from pypdf import PdfReader

from analysis.exhibit_numbers import exhibit_numbers
from analysis.render.crossref import number_crossrefs
from analysis.render.pandoc_engine import assemble_markdown
from analysis.render.project import read_project
from jupyterlab_view import mathjax_runs, screen_of_cell, visible_attributes, visible_text

pytestmark = pytest.mark.pipeline
MARKUP = re.compile(r"\{#|\{\.|\{-\}|(?<![\w@])@(?:fig|tbl)-")


def latest_run(root: Path) -> Path:
    run_id = json.loads((root / "build" / "latest-run.json").read_text())["run_id"]
    return root / "build" / "runs" / run_id


def published_run(root: Path) -> Path:
    """The run the published brief was rendered from (a later run may have reused it unrendered)."""
    run_id = json.loads((root / "build" / "published-brief.json").read_text())["run_id"]
    return root / "build" / "runs" / run_id


# Tables the brief adds at render time, outside the notebooks: the appendix's freshness table
# (analysis.freshness_notice), after every notebook's exhibit, so it numbers none of them.
RENDER_TIME_TABLES = {"tbl-appendix-freshness"}


def screen_problems(notebook: nbformat.NotebookNode) -> list[str]:
    """What JupyterLab would show wrongly, cell by cell."""
    problems = []
    for index, cell in enumerate(notebook.cells):
        screen = screen_of_cell(cell)
        for run in mathjax_runs(screen):
            if run.count("$") > 1:
                problems.append(f"cell {index}: MathJax would read a formula in {run[:120]!r}")
        shown = [visible_text(screen), *visible_attributes(screen)]
        problems += [f"cell {index}: markup on screen: {m.group(0)!r} in {text[max(m.start() - 60, 0):m.end() + 40]!r}"
                     for text in shown for m in MARKUP.finditer(text)]
    return problems


def test_every_executed_notebook_reads_right_in_jupyterlab(built_brief):
    root, result = built_brief
    assert result.returncode == 0, result.stderr
    notebooks = sorted((latest_run(root) / "notebooks").glob("*.ipynb"))
    assert len(notebooks) == 10
    problems = {p.name: screen_problems(nbformat.read(p, as_version=4)) for p in notebooks}
    assert {name: found for name, found in problems.items() if found} == {}


def test_run_all_in_a_jupyter_kernel_shows_captions_money_and_words(built_brief, monkeypatch):
    root, _ = built_brief
    monkeypatch.setenv("BRIEF_ROOT", str(root))  # the kernel inherits it, as from `make lab`
    notebook = nbformat.read(root / "notebooks" / "07_scenarios.ipynb", as_version=4)
    NotebookClient(notebook, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(root / "notebooks")}}).execute()
    assert screen_problems(notebook) == []
    screen = visible_text("\n".join(screen_of_cell(c) for c in notebook.cells))
    numbers = exhibit_numbers(root / "report", root / "notebooks")
    fans, totals = numbers["fig-scenario-fans"], numbers["tbl-scenario-totals"]
    assert f"({fans}, {totals})" in screen  # the references, as words
    assert f"{fans}: The three options by year" in screen  # the caption and its source line, on screen
    assert re.search(rf"{totals}: Totals over \d{{4}}–\d{{4}} by option.*Source: ", screen)
    assert re.search(r"US government receipts of \$\d", screen)  # money as money


def test_the_screens_numbers_are_the_rendered_briefs(built_brief):
    root, _ = built_brief
    stage = published_run(root) / "render-pandoc_engine"
    _, rendered = number_crossrefs(assemble_markdown(read_project(stage)))
    numbers = exhibit_numbers(root / "report", root / "notebooks")
    assert {label: number for label, number in rendered.items() if label in numbers} == numbers
    assert set(rendered) - set(numbers) == RENDER_TIME_TABLES


class FigureReader(HTMLParser):
    """Each figure's id, image alt text and caption text; every CSV download link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, dict] = {}
        self.downloads: dict[str, str] = {}
        self._figure: dict | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and (attrs.get("id") or "").startswith("fig-"):
            self._figure = self.figures.setdefault(attrs["id"], {"alt": "", "caption": ""})
        elif tag == "img" and self._figure is not None:
            self._figure["alt"] = attrs.get("alt") or ""
        elif tag == "figcaption":
            self._in_caption = True
        elif tag == "a" and attrs.get("download"):
            self.downloads[attrs["download"]] = attrs.get("href") or ""

    def handle_endtag(self, tag):
        if tag == "figure":
            self._figure = None
        elif tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption and self._figure is not None:
            self._figure["caption"] += data


def test_the_html_offers_every_exhibits_data_and_says_what_each_chart_shows(built_brief):
    root, _ = built_brief
    html = (root / "report" / "_output" / "brief.html").read_text(encoding="utf-8")
    reader = FigureReader()
    reader.feed(html)
    numbers = exhibit_numbers(root / "report", root / "notebooks")
    # one per figure and table
    assert set(reader.downloads) == {f"{label}.csv" for label in set(numbers) | RENDER_TIME_TABLES}
    for label, number in numbers.items():
        href = reader.downloads[f"{label}.csv"]
        assert href.startswith("data:text/csv;charset=utf-8;base64,")
        lines = base64.b64decode(href.split(",", 1)[1]).decode("utf-8").splitlines()
        assert lines[0].startswith(f"# {number}: ") and lines[1].startswith("# Source")
        assert len(lines) >= 4 and not lines[2].startswith("#")  # a header row and data
    figures = {k: v for k, v in reader.figures.items() if k in numbers}
    assert len(figures) == sum(1 for v in numbers.values() if v.startswith("Figure"))
    for label, figure in figures.items():
        alt, caption = " ".join(figure["alt"].split()), " ".join(figure["caption"].split())
        assert re.search(r"\d", alt), f"{label}: the alt text states no number: {alt!r}"
        assert alt not in caption, f"{label}: the alt text repeats the caption"
    text = " ".join(page.extract_text() for page in PdfReader(root / "report" / "_output" / "brief.pdf").pages)
    assert "Download the data" not in text  # the downloads are in the HTML only
