"""The brief's figure and table numbers, known before the brief is rendered.

The renderers number figures and tables in document order: the notebooks in the order
``report/brief.qmd`` embeds them, and within a notebook in the order its cells show them.
That order is written in the sources, so it can be read without running anything: the
embeds of ``brief.qmd``, then each notebook's ``label="fig-…"`` / ``label="tbl-…"``
arguments (and ``{#fig-…}`` ids typed in Markdown cells), cell by cell.

The screen (JupyterLab) uses this to print a reference as the renderers will, "Figure 3",
rather than the renderer markup ``@fig-market``. A test checks the numbers against those
of a rendered brief.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis import paths

PREFIX = {"fig": "Figure", "tbl": "Table"}
_EMBED = re.compile(r"^\{\{<\s*embed\s+(?P<target>[^\s#>]+)(?:#[^\s>]+)?\s*>\}\}\s*$", re.MULTILINE)
_CODE_LABEL = re.compile(r"""\blabel\s*=\s*(["'])(?P<id>(?:fig|tbl)-[a-z0-9-]+)\1""")
_MARKDOWN_ID = re.compile(r"\{#(?P<id>(?:fig|tbl)-[a-z0-9-]+)")
_cache: dict[tuple, dict[str, str]] = {}


def exhibit_numbers(report_dir: Path | None = None, notebooks_dir: Path | None = None) -> dict[str, str]:
    """Map each figure and table id of the brief to its number: ``{"fig-market": "Figure 1", …}``."""
    report_dir = report_dir or paths.report_dir()
    notebooks_dir = notebooks_dir or paths.notebooks_dir()
    document = report_dir / "brief.qmd"
    if not document.is_file():
        return {}
    notebooks = [notebooks_dir / Path(m["target"]).name for m in _EMBED.finditer(document.read_text(encoding="utf-8"))]
    key = tuple((str(p), p.stat().st_mtime_ns if p.is_file() else None) for p in [document, *notebooks])
    if key not in _cache:
        _cache.clear()
        _cache[key] = _number(label for notebook in notebooks for label in exhibit_labels(notebook))
    return dict(_cache[key])


def exhibit_labels(notebook: Path) -> list[str]:
    """The figure and table ids a notebook shows, in the order of its cells."""
    if not notebook.is_file():
        return []
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    labels = []
    for cell in cells:
        source = "".join(cell.get("source", ""))
        pattern = _CODE_LABEL if cell.get("cell_type") == "code" else _MARKDOWN_ID
        labels += [m["id"] for m in pattern.finditer(source)]
    return labels


def words_for(label: str, numbers: dict[str, str]) -> str:
    """How a reference reads on screen: its number, or, for an id outside the brief, its kind and name."""
    if label in numbers:
        return numbers[label]
    kind, _, name = label.partition("-")
    return f"{PREFIX.get(kind, kind).lower()} ‘{name.replace('-', ' ')}’"


def _number(labels) -> dict[str, str]:
    numbers: dict[str, str] = {}
    counters = {kind: 0 for kind in PREFIX}
    for label in labels:
        if label in numbers:
            continue
        kind = label.split("-", 1)[0]
        counters[kind] += 1
        numbers[label] = f"{PREFIX[kind]} {counters[kind]}"
    return numbers
