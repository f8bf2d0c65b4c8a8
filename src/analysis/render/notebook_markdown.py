"""An executed notebook as Markdown, with the cell semantics Quarto applies to it.

Quarto renders a notebook's Markdown cells as they are and each code cell's outputs
(never its code when ``echo: false``): a Markdown output is Markdown, an image is a
figure, plain text is a code block, standard error is a warning and is dropped when
``warning: false``. This module does the same for the pandoc engine, on the notebook as
the renderers must read it (:func:`analysis.render.renderer_view.renderer_view`: the
screen's HTML removed, unnumbered headings marked).

Quarto gives a figure the alt text of its ``fig-alt`` attribute; pandoc reads ``alt``, so
``fig-alt`` is renamed here and both engines write the same ``<img alt>``.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat

from analysis.errors import RenderError
from analysis.render.renderer_view import renderer_view

PAPERMILL_HIDDEN_TAGS = {"injected-parameters", "parameters", "remove-cell", "remove-output"}
_FIG_ALT = re.compile(r'(\{#fig-[A-Za-z0-9_-]+[^}]*?\s)fig-alt=(?=")')


def notebook_to_markdown(path: Path, cell: str | None = None, *, warnings: bool = False) -> str:
    """Markdown for the whole notebook, or only the cells whose id, label or tag is ``cell``."""
    notebook = renderer_view(nbformat.read(path, as_version=4))
    if notebook.metadata.get("papermill", {}).get("exception"):
        raise RenderError(f"{path} is a failed execution (papermill marked an exception); re-run `brief run`")
    cells = notebook.cells if cell is None else _select(notebook.cells, cell, path)
    parts = [_cell_markdown(c, path, warnings) for c in cells]
    return "\n\n".join(p for p in parts if p.strip())


def _select(cells: list, address: str, path: Path) -> list:
    """Quarto's heuristic: a cell id first, then a ``label`` cell option, then a tag."""
    for test in (
        lambda c: c.get("id") == address,
        lambda c: _cell_options(c).get("label") == address,
        lambda c: address in c.get("metadata", {}).get("tags", []),
    ):
        found = [c for c in cells if test(c)]
        if found:
            return found
    raise RenderError(f"{path} has no cell with id, label or tag {address!r}")


def _cell_options(cell) -> dict:
    """Quarto ``#| key: value`` options at the top of a code cell."""
    options = {}
    if cell.cell_type != "code":
        return options
    for line in cell.source.splitlines():
        if not line.startswith("#|"):
            break
        key, _, value = line[2:].partition(":")
        options[key.strip()] = value.strip().strip('"')
    return options


def _cell_markdown(cell, path: Path, warnings: bool) -> str:
    if cell.cell_type == "markdown":
        return cell.source
    if cell.cell_type != "code":
        return ""
    tags = set(cell.get("metadata", {}).get("tags", []))
    if tags & {"remove-cell", "remove-output"}:
        return ""
    parts = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            raise RenderError(f"{path}: a cell holds an error output ({output.get('ename')}); re-run `brief run`")
        if kind == "stream":
            if output.get("name") == "stderr" and not warnings:
                continue
            parts.append(_code_block(output.get("text", "")))
        elif kind in ("display_data", "execute_result"):
            parts.append(_rich_output(output.get("data", {}), _cell_options(cell)))
    return "\n\n".join(p for p in parts if p.strip())


def _rich_output(data: dict, options: dict) -> str:
    if "text/markdown" in data:
        return _FIG_ALT.sub(r"\1alt=", _text(data["text/markdown"]))
    for mime in ("image/png", "image/jpeg", "image/svg+xml"):
        if mime in data:
            payload = _text(data[mime])
            if mime == "image/svg+xml":
                payload = base64.b64encode(payload.encode()).decode()
            caption = options.get("fig-cap", "")
            label = options.get("label", "")
            attrs = f"{{#{label}}}" if label.startswith("fig-") else ""
            return f"![{caption}](data:{mime};base64,{payload.strip()}){attrs}"
    if "text/plain" in data:
        return _code_block(_text(data["text/plain"]))
    return ""


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _code_block(text: str) -> str:
    text = _text(text).rstrip("\n")
    return f"```\n{text}\n```" if text.strip() else ""
