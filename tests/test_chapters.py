"""The chapters are the notebooks report/brief.qmd embeds; any other notebook is skipped."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from analysis.chapters import chapter_names, list_chapters, stray_notebooks, stray_warning
from analysis.errors import BriefError, ParameterError
from analysis.execute import check_notebook_parameters, list_notebooks
from conftest import REPO


def add_stray_notebooks(notebooks):
    """What JupyterLab leaves: a blank Untitled.ipynb ("+" button) and a duplicated chapter."""
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nbformat.write(blank, notebooks / "Untitled.ipynb")
    shutil.copy(notebooks / "02_margins.ipynb", notebooks / "02_margins-Copy1.ipynb")


def test_the_chapters_are_the_embedded_notebooks_in_file_order():
    embedded = [line.split()[2].split("/")[-1] for line in (REPO / "report" / "brief.qmd").read_text().splitlines()
                if line.startswith("{{< embed")]
    assert chapter_names() == embedded
    assert [p.name for p in list_chapters()] == sorted(embedded)


def test_stray_notebooks_are_listed_never_run_never_fatal(project):
    add_stray_notebooks(project / "notebooks")
    chapters = list_notebooks()
    assert "Untitled.ipynb" not in [p.name for p in chapters]
    assert "02_margins-Copy1.ipynb" not in [p.name for p in chapters]
    check_notebook_parameters(chapters)  # a blank notebook has no parameters cell: not a chapter, no error
    strays = stray_notebooks()
    assert [p.name for p in strays] == ["02_margins-Copy1.ipynb", "Untitled.ipynb"]
    warning = stray_warning(strays)
    assert warning.startswith("warning: skipping 02_margins-Copy1.ipynb, Untitled.ipynb") and "not a chapter" in warning


def test_only_takes_chapters(project):
    add_stray_notebooks(project / "notebooks")
    assert [p.name for p in list_notebooks(["01_market"])] == ["01_market.ipynb"]
    with pytest.raises(ParameterError, match="no chapter notebook named 'Untitled'"):
        list_notebooks(["Untitled"])


def test_an_embedded_notebook_that_is_missing_is_named(project):
    (project / "notebooks" / "03_compute.ipynb").unlink()
    with pytest.raises(BriefError, match="report/brief.qmd embeds 03_compute.ipynb, which is not in notebooks"):
        list_chapters()
