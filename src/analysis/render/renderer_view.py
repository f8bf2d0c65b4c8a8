"""An executed notebook as the renderers must read it: the screen's representations removed.

A notebook is read by two kinds of reader. JupyterLab shows each output's ``text/html``
first; the renderers should read the ``text/markdown`` that :mod:`analysis.display` writes
for them. Pandoc's ipynb reader and this project's pandoc engine prefer Markdown, but
Quarto's embed prefers ``text/html`` whenever the format is HTML (quarto-cli,
``src/core/jupyter/display-data.ts``), so the screen's HTML would leak into the brief. Each
display output therefore names, in its metadata (``brief_screen_only``), the
representations meant for the screen, and :func:`renderer_view` drops them.

Markdown cells follow one convention of their own: a heading the brief leaves unnumbered
(the summary, the appendix) is written plainly, ``# Summary``, so that JupyterLab shows it
clean, and the cell carries the tag ``unnumbered``; :func:`renderer_view` adds Pandoc's
``{.unnumbered}`` to its headings, which both Quarto and pandoc honour.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import nbformat

SCREEN_ONLY = "brief_screen_only"  # the same key as analysis.display.SCREEN_ONLY
UNNUMBERED_TAG = "unnumbered"
_HEADING = re.compile(r"^(?P<heading>#{1,6}[ \t]+\S.*?)[ \t]*$", re.MULTILINE)


def renderer_view(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook, changed in place and returned, as the renderers must read it."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and UNNUMBERED_TAG in cell.get("metadata", {}).get("tags", []):
            cell.source = _unnumbered_headings(cell.source)
        for output in cell.get("outputs", []):
            screen_only = output.get("metadata", {}).pop(SCREEN_ONLY, None)
            for mime in screen_only or []:
                output.get("data", {}).pop(mime, None)
    return notebook


def write_renderer_view(path: Path) -> None:
    """Rewrite the notebook at ``path`` as the renderers must read it (atomically; untouched if already so)."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    before = nbformat.writes(notebook)
    renderer_view(notebook)
    if nbformat.writes(notebook) == before:
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            nbformat.write(notebook, stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _unnumbered_headings(source: str) -> str:
    def mark(match: re.Match) -> str:
        heading = match["heading"]
        if re.search(r"\{[^{}]*\.unnumbered[^{}]*\}\s*$", heading) or heading.rstrip().endswith("{-}"):
            return heading
        return f"{heading} {{.unnumbered}}"

    return _HEADING.sub(mark, source)
