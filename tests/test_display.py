"""What a notebook shows: one display object, Markdown for the renderers, HTML for the screen.

Known answers for the screen's HTML (money, references, captions), the renderers' Markdown
(ids, captions, alt text, the CSV download), the brief's numbering read from the sources,
and the renderer view that staging gives Quarto and pandoc."""

from __future__ import annotations

import base64
import io
import json
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402

from analysis import display as show  # noqa: E402
from analysis.data_download import csv_text  # noqa: E402
from analysis.exhibit_numbers import exhibit_labels, exhibit_numbers  # noqa: E402
from analysis.render.notebook_markdown import notebook_to_markdown  # noqa: E402
from analysis.render.renderer_view import SCREEN_ONLY as RENDERER_SCREEN_ONLY  # noqa: E402
from analysis.render.renderer_view import renderer_view, write_renderer_view  # noqa: E402
from jupyterlab_view import mathjax_runs, screen_of_output, visible_text  # noqa: E402

NUMBERS = {"fig-market": "Figure 1", "tbl-idc": "Table 2"}


@pytest.fixture
def brief_numbers(monkeypatch):
    """The brief's numbering, as if read from brief.qmd and the notebooks."""
    monkeypatch.setattr(show, "exhibit_numbers", lambda: dict(NUMBERS))
    monkeypatch.setattr("analysis.screen_html.exhibit_numbers", lambda: dict(NUMBERS))


def bundle(shown):
    data, metadata = shown._repr_mimebundle_()
    return data, metadata


def a_chart():
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([2022, 2023], [6.7, 11.0])
    return fig


def decoded_csv(html: str) -> tuple[str, str]:
    match = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)" download="([^"]+)"', html)
    assert match, "no CSV download link"
    return base64.b64decode(match[1]).decode("utf-8"), match[2]


def test_narrative_keeps_markdown_for_renderers_and_reads_as_money_on_screen(brief_numbers):
    text = "An H200 leaves NVIDIA \\$9,450 of gross profit, against \\$3,000 (@fig-market, @tbl-idc)."
    data, metadata = bundle(show.md(text))
    assert data["text/markdown"] == text  # the renderers' Markdown is untouched
    assert metadata == {show.SCREEN_ONLY: ["text/html"]}
    assert show.SCREEN_ONLY == RENDERER_SCREEN_ONLY  # the key staging looks for
    screen = data["text/html"]
    assert visible_text(screen) == "An H200 leaves NVIDIA $9,450 of gross profit, against $3,000 (Figure 1, Table 2)."
    assert all(run.count("$") <= 1 for run in mathjax_runs(screen))  # no two dollars can pair into a formula
    assert data["text/plain"] == "An H200 leaves NVIDIA $9,450 of gross profit, against $3,000 (Figure 1, Table 2)."


def test_a_reference_outside_the_brief_reads_as_words(monkeypatch):
    monkeypatch.setattr("analysis.screen_html.exhibit_numbers", lambda: {})
    data, _ = bundle(show.md("See @tbl-scenario-totals."))
    assert visible_text(data["text/html"]) == "See table ‘scenario totals’."


def test_figure_markdown_has_id_caption_alt_and_a_csv_download(brief_numbers):
    frame = pd.DataFrame({"calendar_year": [2022, 2023], "market_usd_bn": [6.7, 11.0]})
    shown = show.figure(a_chart(), label="fig-market", caption="China's market in \\$bn", source="Source: IDC.",
                        alt="The market grows from \\$6.7bn in 2022 to \\$11.0bn in 2023.", data=frame)
    data, _ = bundle(shown)
    markdown = data["text/markdown"]
    assert re.match(r"!\[China's market in \\\$bn\. \*Source: IDC\.\*\]\(data:image/png;base64,[A-Za-z0-9+/=]+\)"
                    r'\{#fig-market fig-alt="The market grows from \$6\.7bn in 2022 to \$11\.0bn in 2023\."\}', markdown)
    assert "\n\n```{=html}\n<p class=\"data-download\"" in markdown  # HTML only: the PDF drops raw HTML
    text, filename = decoded_csv(markdown)
    assert filename == "fig-market.csv"
    assert text.splitlines()[:3] == ["# Figure 1: China's market in $bn.", "# Source: IDC.", "calendar_year,market_usd_bn"]
    assert pd.read_csv(io.StringIO(text), comment="#").equals(frame)
    screen = visible_text(data["text/html"])
    assert "Figure 1: China's market in $bn. Source: IDC." in screen  # the caption and source line, on screen
    assert "{#" not in screen and "@fig" not in screen


def test_a_figure_needs_a_takeaway_not_its_caption():
    with pytest.raises(ValueError, match="takeaway"):
        show.figure(a_chart(), label="fig-a", caption="The market", source="S", alt="The market.",
                    data=pd.DataFrame({"x": [1]}))


def test_table_markdown_and_screen(brief_numbers):
    frame = pd.DataFrame({"Period": ["2023", "2024"], "Market (USD bn)": ["\\$11.0", ">\\$16"], "See": ["@tbl-idc", "–"]})
    data, _ = bundle(show.table(frame, label="tbl-idc", caption="IDC figures", source="Source: IDC."))
    markdown = data["text/markdown"]
    assert markdown.splitlines()[0] == "| Period | Market (USD bn) | See |"
    assert ": IDC figures. *Source: IDC.* {#tbl-idc}" in markdown
    text, filename = decoded_csv(markdown)
    assert filename == "tbl-idc.csv"
    assert text.splitlines() == ["# Table 2: IDC figures.", "# Source: IDC.", "Period,Market (USD bn),See",
                                 "2023,$11.0,Table 2", "2024,>$16,–"]
    screen = data["text/html"]
    assert "<th style=\"text-align: right\">Market (USD bn)</th>" in screen
    assert visible_text(screen).startswith("Period Market (USD bn) See 2023 $11.0 Table 2 2024 >$16 –")
    assert "Table 2: IDC figures. Source: IDC." in visible_text(screen)


def test_a_table_can_offer_its_numbers_rather_than_its_strings(brief_numbers):
    numbers = pd.DataFrame({"market_usd_bn": [11.0]})
    data, _ = bundle(show.table(pd.DataFrame({"Market": ["\\$11bn"]}), label="tbl-idc", caption="C", source="S",
                                data=numbers))
    assert decoded_csv(data["text/markdown"])[0].splitlines()[2:] == ["market_usd_bn", "11.0"]


def test_csv_refuses_an_empty_frame():
    with pytest.raises(ValueError, match="empty"):
        csv_text(pd.DataFrame({"a": []}), title="T", source="S")


def test_the_brief_is_numbered_from_its_embeds_and_the_notebooks_labels(tmp_path):
    report, notebooks = tmp_path / "report", tmp_path / "notebooks"
    report.mkdir()
    notebooks.mkdir()
    (report / "brief.qmd").write_text("---\ntitle: t\n---\n\n{{< embed _notebooks/b.ipynb >}}\n\n"
                                      "{{< embed _notebooks/a.ipynb >}}\n")
    a = new_notebook(cells=[new_code_cell('show.figure(f, label="fig-a1")'),
                            new_markdown_cell("![x](y.png){#fig-a2}"), new_code_cell("show.table(t, label='tbl-a')")])
    b = new_notebook(cells=[new_code_cell('show.table(t,\n    label="tbl-b",\n)\nshow.figure(g, label="fig-b")')])
    nbformat.write(a, notebooks / "a.ipynb")
    nbformat.write(b, notebooks / "b.ipynb")
    assert exhibit_labels(notebooks / "b.ipynb") == ["tbl-b", "fig-b"]
    assert exhibit_numbers(report, notebooks) == {
        "tbl-b": "Table 1", "fig-b": "Figure 1", "fig-a1": "Figure 2", "fig-a2": "Figure 3", "tbl-a": "Table 2"}


def test_every_label_in_the_real_notebooks_is_numbered_once():
    numbers = exhibit_numbers()
    assert numbers["fig-market"] == "Figure 1" and numbers["tbl-summary-key-numbers"] == "Table 1"
    assert len(set(numbers.values())) == len(numbers)


def screen_and_renderer_notebook():
    shown = show.md("Revenue \\$1 and \\$2")
    data, metadata = bundle(shown)
    cell = new_code_cell("show.md(...)", outputs=[new_output("display_data", data=data, metadata=metadata)])
    heading = new_markdown_cell("# Summary\n\nText.\n\n## Part")
    heading.metadata["tags"] = ["unnumbered"]
    notebook = new_notebook(cells=[heading, cell, new_markdown_cell("# Chapter")])
    notebook.metadata["papermill"] = {"exception": None}
    return notebook


def test_the_renderers_view_drops_the_screens_html_and_marks_unnumbered_headings():
    notebook = renderer_view(screen_and_renderer_notebook())
    output = notebook.cells[1].outputs[0]
    assert set(output.data) == {"text/markdown", "text/plain"}
    assert "brief_screen_only" not in output.metadata
    assert notebook.cells[0].source == "# Summary {.unnumbered}\n\nText.\n\n## Part {.unnumbered}"
    assert notebook.cells[2].source == "# Chapter"
    assert renderer_view(notebook).cells[0].source == "# Summary {.unnumbered}\n\nText.\n\n## Part {.unnumbered}"


def test_staging_and_the_pandoc_engine_read_the_renderers_view(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(screen_and_renderer_notebook(), path)
    assert notebook_to_markdown(path) == "# Summary {.unnumbered}\n\nText.\n\n## Part {.unnumbered}\n\n" \
                                         "Revenue \\$1 and \\$2\n\n# Chapter"
    write_renderer_view(path)
    stored = json.loads(path.read_text())
    assert "text/html" not in stored["cells"][1]["outputs"][0]["data"]
    before = path.read_bytes()
    write_renderer_view(path)  # already the renderers' view: left as it is
    assert path.read_bytes() == before


def test_the_pandoc_engine_writes_quartos_fig_alt_as_alt(tmp_path):
    markdown = '![Cap. *S.*](data:image/png;base64,AAAA){#fig-a fig-alt="Grows from $1 to $2."}'
    notebook = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("display_data", data={"text/markdown": markdown, "text/plain": "x"})])])
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook, path)
    assert notebook_to_markdown(path).endswith('{#fig-a alt="Grows from $1 to $2."}')


def test_what_the_screen_would_show_is_jupyterlabs_choice():
    html_and_markdown = new_output("display_data", data={"text/markdown": "# x {#a}", "text/html": "<p>x</p>",
                                                        "text/plain": "x"})
    assert screen_of_output(html_and_markdown) == "<p>x</p>"  # text/html ranks above text/markdown
    markdown_only = new_output("display_data", data={"text/markdown": "\\$1 and \\$2", "text/plain": "x"})
    assert [r for r in mathjax_runs(screen_of_output(markdown_only)) if r.count("$") > 1] == ["$1 and $2"]
