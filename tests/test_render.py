"""Rendering: the project as Quarto reads it, notebook outputs as Markdown, numbering,
the Quarto invocation, and publishing that never leaves a half-written brief."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
import yaml

from analysis import paths
from analysis.errors import RenderError
from analysis.render import choose_engine, pandoc_engine, quarto_engine, render_brief
from analysis.render.crossref import number_crossrefs
from analysis.render.notebook_markdown import notebook_to_markdown
from analysis.render.project import parse_body, read_project
from analysis.render.publish import publish
from fakes import executed_notebook, fake_brief_run, market_notebook


def test_body_is_split_into_markdown_and_shortcodes():
    segments = parse_body("Intro\n\n{{< include _run/run-info.md >}}\n\n{{< embed _notebooks/a.ipynb#fig-x >}}\ntail\n")
    assert [(s.kind, s.target, s.cell) for s in segments] == [
        ("markdown", "", None), ("include", "_run/run-info.md", None), ("embed", "_notebooks/a.ipynb", "fig-x"),
        ("markdown", "", None),
    ]


def test_metadata_precedence_is_quartos(tmp_path):
    (tmp_path / "_run").mkdir()
    (tmp_path / "_run" / "m.yml").write_text("date: 2026-02-02\ntitle: from metadata file\n")
    (tmp_path / "_quarto.yml").write_text(
        "metadata-files: [_run/m.yml]\ntoc: true\ntitle: from project\nformat:\n  typst:\n    toc: false\n"
    )
    (tmp_path / "brief.qmd").write_text("---\ntitle: from document\n---\n\nBody\n")
    project = read_project(tmp_path)
    assert project.metadata()["title"] == "from document"
    assert str(project.metadata()["date"]) == "2026-02-02"
    assert project.format_options("html")["toc"] is True
    assert project.format_options("typst")["toc"] is False


def test_the_real_report_project_embeds_every_chapter_notebook():
    from conftest import REPO
    project = read_project(REPO / "report")
    embedded = {Path(t).name for t in project.embedded_notebooks()}
    assert embedded == {p.name for p in (REPO / "notebooks").glob("*.ipynb")}


def test_notebook_outputs_become_markdown_without_code(tmp_path):
    path = tmp_path / "nb.ipynb"
    import nbformat
    nbformat.write(market_notebook(), path)
    text = notebook_to_markdown(path)
    assert text.startswith("# The China market")
    assert "show.md" not in text and "x = 1" not in text  # no code
    assert "Revenue was \\$10.3bn" in text
    assert "SomeWarning" not in text  # warnings dropped, as with Quarto's warning: false
    assert "{#fig-one}" in text and "{#tbl-one}" in text


def test_stdout_is_kept_as_a_code_block_and_errors_refused(tmp_path):
    import nbformat
    path = tmp_path / "nb.ipynb"
    nbformat.write(executed_notebook(("code", "print(1)", [("stdout", "1\n")])), path)
    assert notebook_to_markdown(path) == "```\n1\n```"
    failed = executed_notebook(("md", "x"))
    failed.metadata["papermill"] = {"exception": True}
    nbformat.write(failed, path)
    with pytest.raises(RenderError, match="failed execution"):
        notebook_to_markdown(path)


def test_embedding_one_cell_by_id_label_or_tag(tmp_path):
    import nbformat
    notebook = executed_notebook(("md", "first"), ("code", "#| label: fig-a\nplot()", [("text/markdown", "second")]))
    notebook.cells[0].metadata["tags"] = ["intro"]
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook, path)
    assert notebook_to_markdown(path, "cell-1") == "second"
    assert notebook_to_markdown(path, "fig-a") == "second"
    assert notebook_to_markdown(path, "intro") == "first"
    with pytest.raises(RenderError, match="no cell"):
        notebook_to_markdown(path, "nothing")


def test_crossrefs_are_numbered_in_document_order():
    markdown = (
        "See @fig-b and @tbl-a.\n\n![Second](x.png){#fig-a}\n\n| a |\n|:-|\n| 1 |\n\n: Tab {#tbl-a}\n\n"
        "![Third](y.png){#fig-b}\n"
    )
    text, numbers = number_crossrefs(markdown)
    assert numbers == {"fig-a": "Figure 1", "tbl-a": "Table 1", "fig-b": "Figure 2"}
    assert "See [Figure 2](#fig-b) and [Table 1](#tbl-a)." in text
    assert "![Figure 1: Second](x.png){#fig-a}" in text
    assert ": Table 1: Tab {#tbl-a}" in text


@pytest.mark.parametrize(
    "markdown, message",
    [("See @fig-missing.", "no figure or table has that id"), ("![a](x){#fig-a}\n\n![b](y){#fig-a}", "used twice")],
)
def test_broken_crossrefs_are_errors(markdown, message):
    with pytest.raises(RenderError, match=message):
        number_crossrefs(markdown)


def test_email_like_text_is_not_a_reference():
    text, _ = number_crossrefs("Write to team@fig-lab.org")
    assert text == "Write to team@fig-lab.org"


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    """A `quarto` that records its arguments and writes the two outputs, as Quarto would."""
    log = tmp_path / "quarto-args.json"
    script = tmp_path / "quarto"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, sys\n"
        f"pathlib.Path({str(log)!r}).write_text(json.dumps(sys.argv))\n"
        "out = pathlib.Path(sys.argv[2]) / '_output'\n"
        "out.mkdir(exist_ok=True)\n"
        "(out / 'brief.html').write_text('<html>quarto</html>')\n"
        "(out / 'brief.pdf').write_bytes(b'%PDF-1.7 quarto')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BRIEF_QUARTO", str(script))
    return script, log


def test_quarto_is_invoked_on_the_staged_project_without_execution(project, fake_quarto):
    script, log = fake_quarto
    manifest = fake_brief_run()
    assert choose_engine("auto") is quarto_engine
    result = render_brief(manifest)
    argv = json.loads(log.read_text())
    assert argv == [str(script), "render", str(result.stage), "--to", "all", "--no-execute"]
    # The stage is a Quarto project with the run's notebooks and details in place.
    assert (result.stage / "_quarto.yml").is_file() and (result.stage / "brief.qmd").is_file()
    assert (result.stage / "_notebooks" / "01_market.ipynb").read_bytes() == (
        manifest.notebooks_dir / "01_market.ipynb").read_bytes()
    metadata = yaml.safe_load((result.stage / "_run" / "metadata.yml").read_text())
    assert metadata["date"] == "2026-01-01" and metadata["data-versions"] == "unrecorded"
    assert "rendered with Quarto" in (result.stage / "_run" / "run-info.md").read_text()
    assert (paths.output_dir() / "brief.pdf").read_bytes() == b"%PDF-1.7 quarto"


def test_the_quarto_project_asks_for_no_execution_and_both_formats():
    from conftest import REPO
    config = yaml.safe_load((REPO / "report" / "_quarto.yml").read_text())
    assert config["execute"]["enabled"] is False and config["execute"]["echo"] is False
    assert set(config["format"]) == {"html", "typst"}
    assert config["format"]["html"]["embed-resources"] is True
    assert "_run/metadata.yml" in config["metadata-files"]


def test_without_quarto_the_pandoc_engine_is_chosen(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEF_QUARTO", str(tmp_path / "absent"))
    assert choose_engine("auto") is pandoc_engine
    assert choose_engine("pandoc") is pandoc_engine
    with pytest.raises(RenderError):
        choose_engine("word")


def test_a_failed_quarto_render_leaves_the_previous_brief(project, fake_quarto, monkeypatch, tmp_path):
    script, _ = fake_quarto
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.stderr.write('ERROR: boom')\nsys.exit(1)\n")
    out = paths.output_dir()
    out.mkdir(parents=True)
    (out / "brief.pdf").write_bytes(b"previous")
    fake_brief_run()
    with pytest.raises(RenderError, match="boom"):
        render_brief()
    assert (out / "brief.pdf").read_bytes() == b"previous"


def test_publish_replaces_nothing_if_a_copy_fails(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.html").write_text("old html")
    (out / "brief.pdf").write_text("old pdf")
    new_html = tmp_path / "new.html"
    new_html.write_text("new html")
    with pytest.raises(FileNotFoundError):
        publish({"brief.html": new_html, "brief.pdf": tmp_path / "missing.pdf"}, out)
    assert (out / "brief.html").read_text() == "old html"
    assert sorted(p.name for p in out.iterdir()) == ["brief.html", "brief.pdf"]  # no temporary left behind


def test_published_files_are_readable_by_others(tmp_path):
    source = tmp_path / "a.pdf"
    source.write_bytes(b"x")
    published = publish({"brief.pdf": source}, tmp_path / "out")
    assert published["brief.pdf"].stat().st_mode & stat.S_IROTH


def test_rendering_without_a_successful_run_says_what_to_do(project):
    from analysis.errors import BriefError
    with pytest.raises(BriefError, match="brief run"):
        render_brief()


def test_wide_tables_share_the_line_by_content_and_keep_words_whole():
    import pandas as pd
    from analysis.display import LINE_CHARS, column_widths

    narrow = pd.DataFrame({"Year": ["2022"], "Value": ["6.7"]})
    assert column_widths(narrow) == [6, 7]  # natural widths (plus padding) when it all fits
    wide = pd.DataFrame({"Dataset": ["critical_minerals_reliance"], "Text": ["word " * 200], "Grade": ["weak"]})
    widths = column_widths(wide)
    assert widths[0] >= len("critical_minerals_reliance")  # the long word fits
    assert widths[1] > widths[0] > widths[2] >= len("Grade")
    assert sum(widths) <= LINE_CHARS + 2


def test_double_slashes_in_text_do_not_become_typst_comments(tmp_path):
    """Typst reads // as a comment; text such as 'build/runs/<id>/x' must survive."""
    import pypandoc
    import subprocess
    import typst
    from conftest import REPO

    source = tmp_path / "t.md"
    source.write_text("A path data/raw//x and [brackets] then // more] and build/runs/<run id>/manifest.json.\n")
    out = tmp_path / "t.typ"
    subprocess.run([pypandoc.get_pandoc_path(), str(source), "-t", "typst", "-o", str(out),
                    f"--lua-filter={REPO / 'report' / 'filters' / 'typst-blocks.lua'}"], check=True)
    typst.compile(str(out), output=str(tmp_path / "t.pdf"))  # raised "unclosed delimiter" before the filter
    from pypdf import PdfReader
    text = PdfReader(tmp_path / "t.pdf").pages[0].extract_text()
    assert "data/raw//x" in text and "more]" in text


def test_quartos_warnings_are_shown_after_a_successful_render(project, fake_quarto):
    script, _ = fake_quarto
    script.write_text(script.read_text() + (
        "sys.stderr.write('\\x1b[33mWARN: Unable to resolve crossref @fig-x\\x1b[39m\\n"
        "  in brief.qmd\\nOutput created: _output/brief.html\\n"
        "WARNING (filters/a.lua:3) something odd\\n')\n"
    ))
    fake_brief_run()
    result = render_brief()
    assert result.warnings == (
        "WARN: Unable to resolve crossref @fig-x\n    in brief.qmd",
        "WARNING (filters/a.lua:3) something odd",
    )


def test_the_cli_prints_the_engines_warnings(project, fake_quarto):
    from typer.testing import CliRunner

    from analysis.cli import app

    script, _ = fake_quarto
    script.write_text(script.read_text() + "sys.stderr.write('WARN: a figure has no alt text\\n')\n")
    fake_brief_run()
    output = CliRunner().invoke(app, ["render"]).output
    assert "Quarto warned: WARN: a figure has no alt text" in output


def test_the_design_is_declared_in_the_project_and_read_from_there():
    from conftest import REPO

    project = read_project(REPO / "report")
    partials = {p.name for p in project.template_partials("typst")}
    assert partials == {"typst-template.typ", "typst-show.typ"}
    filters = {p.name for p in project.filters("typst")}
    assert filters == {p.name for p in project.filters("html")} >= {"appendix.lua", "typst-blocks.lua", "html-reader.lua"}
    assert [p.name for p in project.stylesheets()] == ["brief.css"]
    assert "max-width" not in (REPO / "report" / "assets" / "brief.css").read_text().split("body {")[1].split("}")[0]


def test_a_declared_file_that_is_missing_is_named(tmp_path):
    (tmp_path / "_quarto.yml").write_text("filters: [filters/absent.lua]\nformat:\n  typst:\n    template-partials: [p.typ]\n")
    (tmp_path / "brief.qmd").write_text("Body\n")
    project = read_project(tmp_path)
    with pytest.raises(RenderError, match="filters/absent.lua"):
        project.filters("html")
    with pytest.raises(RenderError, match="template-partials: p.typ"):
        project.template_partials("typst")


def _pandoc_with_filters(tmp_path, markdown: str, to: str) -> str:
    import subprocess

    import pypandoc
    from conftest import REPO

    source = tmp_path / "in.md"
    source.write_text(markdown)
    filters = [f"--lua-filter={REPO / 'report' / 'filters' / name}" for name in ("appendix.lua", "html-reader.lua")]
    result = subprocess.run([pypandoc.get_pandoc_path(), str(source), "-t", to, "--number-sections", "--section-divs",
                             *filters], capture_output=True, text=True, check=True)
    return result.stdout


APPENDIX_DOC = "# One\n\n## One a\n\n# Appendix: sources {.unnumbered}\n\n## Sources\n\n### Detail\n\n## Methods\n"


def test_the_appendix_is_lettered_in_html(tmp_path):
    import re

    html = _pandoc_with_filters(tmp_path, APPENDIX_DOC, "html5")
    numbers = re.findall(r'header-section-number">([^<]+)<', html)
    assert numbers == ["1", "1.1", "A", "A.1", "A.1.1", "A.2"]


def test_a_class_also_starts_the_appendix(tmp_path):
    import re

    html = _pandoc_with_filters(tmp_path, "# One\n\n# Sources and methods {.unnumbered .lettered-appendix}\n\n## A\n", "html5")
    assert re.findall(r'header-section-number">([^<]+)<', html) == ["1", "A", "A.1"]


def test_the_appendix_is_lettered_in_typst(tmp_path):
    typ = _pandoc_with_filters(tmp_path, APPENDIX_DOC, "typst")
    reset = typ.index('#counter(heading).update(0)\n#set heading(numbering: "A.1")')
    assert typ.index("= One") < reset < typ.index("= Appendix: sources")
    assert "numbering: none" not in typ[reset:]  # the appendix's headings are numbered, with letters


def test_wide_tables_scroll_in_labelled_regions_and_notebook_paths_are_dropped(tmp_path):
    markdown = (
        "::: {.quarto-embed-nb-cell notebook=\"/home/me/build/runs/x/nb.ipynb\" notebook-cellId=\"c1\"}\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n: Sources of the brief. Long explanation {#tbl-s}\n:::\n\n"
        "![Chart caption with [a link](#tbl-s)](x.png){#fig-a}\n\n![Caption](y.png){#fig-b fig-alt=\"The takeaway\"}\n"
    )
    html = _pandoc_with_filters(tmp_path, markdown, "html5")
    import re
    scroll = re.search(r'<div class="table-scroll"([^>]*)>\s*<table', html)
    assert scroll, html
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', scroll[1]))
    assert attributes == {"tabindex": "0", "role": "region", "aria-label": "Sources of the brief"}
    assert "/home/me" not in html and "notebook" not in html
    assert 'alt=""' in html and 'aria-hidden="true"' not in html  # the linked caption stays readable
    assert 'alt="The takeaway"' in html and "fig-alt" not in html
    # an alt text given as an attribute (how the notebooks' Markdown may carry it) is kept
    html = _pandoc_with_filters(tmp_path, '![Caption](z.png){#fig-c alt="Margins fell"}\n', "html5")
    assert 'alt="Margins fell"' in html and 'alt=""' not in html
