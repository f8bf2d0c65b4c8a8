"""The real path end to end: `brief run` executes the notebooks and renders HTML and PDF.

These tests start Jupyter kernels (marked ``pipeline``); one full run is shared by the
tests that read the brief, and the failure tests run on their own copies.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from conftest import copy_project, run_brief

pytestmark = pytest.mark.pipeline


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


class ResourceCollector(HTMLParser):
    """Every URL the page would load: scripts, styles, images, frames, media, CSS url()."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])

    def handle_data(self, data):
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)


def test_brief_run_succeeds_and_says_where_the_brief_is(built_brief):
    root, result = built_brief
    assert result.returncode == 0, result.stderr
    assert f"Brief written: {root / 'report' / '_output' / 'brief.html'}" in result.stdout
    assert f"Brief written: {root / 'report' / '_output' / 'brief.pdf'}" in result.stdout


def test_the_pdf_has_pages_figures_and_the_10k_numbers(built_brief):
    root, _ = built_brief
    pdf = root / "report" / "_output" / "brief.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    assert sum(len(page.images) for page in reader.pages) >= 1
    text = pdf_text(pdf)
    # NVIDIA's China revenue for FY2022-FY2024 as the 10-K reports it (7,111; 5,785; 10,306 USD m).
    assert "$7.1bn in FY2022, $5.8bn in FY2023, $10.3bn in FY2024" in " ".join(text.split())
    assert "Figure 1:" in text and "Table 1:" in text
    assert "Source:" in text
    assert re.search(r"Page 1 of \d+", text)
    assert "Data freshness" in text


def test_the_pdf_shows_no_code(built_brief):
    root, _ = built_brief
    text = pdf_text(root / "report" / "_output" / "brief.pdf")
    # Fragments every notebook's code has and no prose does.
    for code in ("from analysis", "load_table(", "show.md(", "show.figure(", "style.apply()", "run_id ="):
        assert code not in text


def test_the_html_is_self_contained(built_brief):
    root, _ = built_brief
    html = (root / "report" / "_output" / "brief.html").read_text(encoding="utf-8")
    collector = ResourceCollector()
    collector.feed(html)
    remote = [u for u in collector.urls if re.match(r"^(https?:)?//", u.strip())]
    assert remote == []
    assert html.count("data:image/png;base64,") >= 2
    assert 'id="fig-market"' in html and "Figure 1:" in html
    assert "Data freshness" in html


def test_both_outputs_say_the_same_things(built_brief):
    root, _ = built_brief
    html = (root / "report" / "_output" / "brief.html").read_text(encoding="utf-8")
    pdf = " ".join(pdf_text(root / "report" / "_output" / "brief.pdf").split())
    captions = re.findall(r"(Figure \d+|Table \d+):", html)
    assert captions and all(c + ":" in pdf for c in captions)


def test_rendering_the_same_run_twice_gives_the_same_pdf(built_brief):
    root, _ = built_brief
    pdf = root / "report" / "_output" / "brief.pdf"
    first = pdf.read_bytes()
    result = run_brief(root, "render")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes() == first


def test_an_unknown_parameter_fails_before_any_kernel_starts(tmp_path):
    root = copy_project(tmp_path / "project")
    result = run_brief(root, "run", "-p", "no_such_parameter=1")
    assert result.returncode == 1
    assert "no_such_parameter" in result.stderr
    assert not (root / "build").exists()  # no run folder: nothing was executed


def test_a_corrupted_raw_file_stops_the_run_and_keeps_the_last_brief(built_brief, tmp_path):
    root, _ = built_brief
    pdf = root / "report" / "_output" / "brief.pdf"
    before = pdf.read_bytes()
    raw = next((root / "data" / "raw" / "nvidia_financials").glob("*/nvidia_financials.csv"))
    original = raw.read_bytes()
    corrupted = bytearray(original)
    corrupted[200] = ord("9") if corrupted[200] != ord("9") else ord("8")
    raw.write_bytes(bytes(corrupted))
    try:
        result = run_brief(root, "run", "--no-progress")
    finally:
        raw.write_bytes(original)
    assert result.returncode == 1
    assert "nvidia_financials.csv" in result.stderr and "md5" in result.stderr
    assert pdf.read_bytes() == before


def test_a_failing_notebook_names_notebook_cell_and_error(tmp_path):
    root = copy_project(tmp_path / "project")
    source = root / "notebooks" / "01_market.ipynb"
    notebook = nbformat.read(source, as_version=4)
    notebook.cells.insert(4, nbformat.v4.new_code_cell("raise ValueError('planted failure')"))
    nbformat.write(notebook, source)
    out = root / "report" / "_output"
    out.mkdir(parents=True)
    (out / "brief.pdf").write_bytes(b"previous good brief")
    result = run_brief(root, "run", "--no-progress")
    assert result.returncode == 1
    assert "01_market.ipynb" in result.stderr
    assert "cell 4" in result.stderr
    assert "ValueError: planted failure" in result.stderr
    kept = next((root / "build" / "runs").glob("*/notebooks/01_market.ipynb"))
    executed = nbformat.read(kept, as_version=4)
    assert executed.metadata["papermill"]["exception"] is True
    assert (out / "brief.pdf").read_bytes() == b"previous good brief"


def _scenario_run(root: Path, *overrides: str) -> "pd.DataFrame":
    """Execute only the scenarios notebook through `brief run`; read the table it writes."""
    import pandas as pd

    args = ["run", "--only", "07_scenarios", "--no-render", "--no-progress"]
    for override in overrides:
        args += ["-p", override]
    result = run_brief(root, *args)
    assert result.returncode == 0, result.stderr
    latest = sorted((root / "build" / "runs").iterdir())[-1]
    return pd.read_csv(latest / "results" / "scenario_summary.csv")


@pytest.fixture(scope="module")
def scenario_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("scenarios") / "project")


def test_a_higher_revenue_share_raises_us_receipts_in_proportion(scenario_project):
    """Receipts = share × licensed sales, and sales do not depend on the share in the model:
    with the same seed, a 30% share gives exactly 30/25 of the receipts, and nothing else moves."""
    base = _scenario_run(scenario_project).set_index(["option", "metric", "year"]).sort_index()
    higher = _scenario_run(scenario_project, "scenario_inputs.h200_us_share_pct.value=30").set_index(
        ["option", "metric", "year"]).sort_index()
    receipts = ("licensed", "us_receipts_usd_bn")
    ratio = higher.loc[receipts, "mean"] / base.loc[receipts, "mean"]
    assert ratio.to_numpy() == pytest.approx([30 / 25] * len(ratio))
    assert higher.loc[("licensed", "revenue_usd_bn"), "mean"].equals(base.loc[("licensed", "revenue_usd_bn"), "mean"])
    assert higher.loc["full"].equals(base.loc["full"])
    # Gross profit = sales × margin − receipts falls by exactly the extra receipts.
    extra = higher.loc[receipts, "mean"] - base.loc[receipts, "mean"]
    profit = ("licensed", "gross_profit_usd_bn")
    assert (base.loc[profit, "mean"] - higher.loc[profit, "mean"]).to_numpy() == pytest.approx(extra.to_numpy())


def test_the_same_parameters_and_seed_give_identical_numbers(scenario_project):
    first = _scenario_run(scenario_project)
    second = _scenario_run(scenario_project)
    assert first.equals(second)
    reseeded = _scenario_run(scenario_project, "seed=7")
    assert not reseeded.equals(first)


def test_the_summary_comes_first_and_the_appendix_last(built_brief):
    root, _ = built_brief
    reader = PdfReader(root / "report" / "_output" / "brief.pdf")
    first_page = reader.pages[0].extract_text()
    assert "Summary" in first_page and "What the evidence says" in first_page
    chapters = [item.title for item in reader.outline if not isinstance(item, list)]  # the PDF's bookmarks
    assert chapters[0] == "Summary" and chapters[-1] == "A Appendix: sources, methods and parameters"
    assert 15 <= len(reader.pages) <= 30  # a brief, "around 20 pages, not 60"


def test_the_claims_table_covers_all_seventeen_claims(built_brief):
    root, _ = built_brief
    html = (root / "report" / "_output" / "brief.html").read_text(encoding="utf-8")
    table = html[html.index('id="tbl-claims"'):]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == 17 + 1  # header + one row per claim
    for verdict in ("supported", "overstated", "understated", "not verifiable"):
        assert verdict in table
