"""Which notebooks are the brief's chapters: the ones ``report/brief.qmd`` embeds.

``notebooks/`` also collects notebooks that are not chapters: ``Untitled.ipynb`` from
JupyterLab's "+" button, ``02_margins-Copy1.ipynb`` from "Duplicate", a scratch notebook.
They are never executed by ``brief run``; the run names them in a warning and goes on.
"""

from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.errors import BriefError
from analysis.render.project import read_project


def chapter_names() -> list[str]:
    """File names of the notebooks ``report/brief.qmd`` embeds, in the document's order."""
    names: list[str] = []
    for target in read_project(paths.report_dir()).embedded_notebooks():
        name = Path(target).name
        if name not in names:
            names.append(name)
    return names


def list_chapters() -> list[Path]:
    """The chapter notebooks in ``notebooks/``, in execution order (by file name)."""
    notebooks = paths.notebooks_dir()
    chapters = [notebooks / name for name in chapter_names()]
    missing = [path for path in chapters if not path.is_file()]
    if missing:
        raise BriefError(
            "report/brief.qmd embeds "
            + ", ".join(path.name for path in missing)
            + f", which {'is' if len(missing) == 1 else 'are'} not in {paths.display_path(notebooks)}",
            remedy="Restore the notebook (git checkout -- notebooks/<name>), or remove its embed from report/brief.qmd.",
        )
    return sorted(chapters, key=lambda path: path.name)


def stray_notebooks() -> list[Path]:
    """Notebooks in ``notebooks/`` that no embed names (never executed)."""
    chapters = set(chapter_names())
    return sorted(path for path in paths.notebooks_dir().glob("*.ipynb") if path.name not in chapters)


def stray_warning(strays: list[Path]) -> str:
    names = ", ".join(path.name for path in strays)
    return (
        f"warning: skipping {names} in {paths.display_path(paths.notebooks_dir())}: "
        "not a chapter (report/brief.qmd embeds only the chapters). "
        "To make it one, add {{< embed _notebooks/<name>.ipynb >}} to report/brief.qmd."
    )
