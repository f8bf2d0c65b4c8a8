"""The PDF's layout: long tables break across pages and no text is drawn over other text.

Overprints are found from the word boxes of ``pdftotext -bbox`` (poppler-utils; .ci/run
installs it). The design under test is the project's own typst partial, as both engines
use it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader

from analysis.render.overprint import find_overprints
from conftest import REPO

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (poppler-utils) is not installed: apt-get install poppler-utils",
)

PARTIAL = REPO / "report" / "partials" / "typst-template.typ"


def compile_typst(tmp_path: Path, source: str) -> Path:
    typ = tmp_path / "doc.typ"
    typ.write_text(source, encoding="utf-8")
    pdf = tmp_path / "doc.pdf"
    typst.compile(str(typ), output=str(pdf))
    return pdf


def long_table_figure(kind: str) -> str:
    """A captioned 60-row table wrapped in a figure, as pandoc (kind: table) or Quarto writes it."""
    rows = ", ".join(f"[Row {i}], [value {i}]" for i in range(60))
    supplement = ', supplement: "Table"' if kind.startswith('"') else ""
    return f"#figure(table(columns: 2, {rows}), caption: [A long table], kind: {kind}{supplement})\n"


def test_text_placed_over_text_is_found_and_named(tmp_path):
    # (poppler drops a word drawn exactly over the same word, as for fake bold: use others)
    pdf = compile_typst(tmp_path, "#place(top + left)[Written over]\nUnderneath here\n\nA clean line.\n")
    found = find_overprints(pdf)
    pairs = {frozenset((o.first.text, o.second.text)) for o in found}
    assert frozenset(("Written", "Underneath")) in pairs
    assert all(o.page == 1 for o in found)
    assert "clean" not in " ".join(f"{o.first.text} {o.second.text}" for o in found)


def test_a_long_table_in_an_unbreakable_figure_overprints(tmp_path):
    """What Quarto's PDF did: typst keeps a figure on one page and draws its rows over each other."""
    pdf = compile_typst(tmp_path, '#set page(paper: "a6")\n' + long_table_figure('"quarto-float-tbl"'))
    assert len(PdfReader(pdf).pages) == 1
    assert find_overprints(pdf)


@pytest.mark.parametrize("kind", ["table", '"quarto-float-tbl"'])
def test_the_brief_design_breaks_long_tables_of_either_engine(tmp_path, kind):
    source = PARTIAL.read_text(encoding="utf-8") + (
        '\n#set page(paper: "a6")\n#show: doc => brief(title: [T], margin-x: 1cm, margin-y: 1cm, doc)\n'
        + long_table_figure(kind)
    )
    pdf = compile_typst(tmp_path, source)
    pages = PdfReader(pdf).pages
    assert len(pages) >= 2
    assert find_overprints(pdf) == []
    text = " ".join(page.extract_text() for page in pages)
    assert "Row 0" in text and "Row 59" in text and f"Page 1 of {len(pages)}" in text
