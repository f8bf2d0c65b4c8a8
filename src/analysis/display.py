"""What a notebook shows in the brief: figures, tables and narrative, as Markdown outputs.

Both renderers (Quarto, and pandoc + typst) read a notebook's Markdown outputs as
Markdown, so everything the brief prints goes through here: figures become Markdown images
with an id (``#fig-…``) and a caption that ends with the source line; tables become pipe
tables with a caption (``#tbl-…``). The renderer numbers them (Figure 1, Table 1, …) and
resolves references such as ``@fig-market`` in the narrative.
"""

from __future__ import annotations

import base64
import io
import re

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown

from analysis.formatting import escape_dollars

FIGURE_DPI = 200
SHORT_COLUMN = 16  # characters: a column this narrow keeps its natural width
LINE_CHARS = 110  # characters of table text (7.6 pt sans) across the PDF's text width
MAX_WORD = 28  # a longer "word" is given no more room than this (it will overflow or hyphenate)
PADDING = 2  # characters' worth of cell padding
_NUMERIC_CELL = re.compile(r"^[\s\\$+\-\u2212<>~≈]*[\d.,]+\s*(%|pp|bn|m|×|x)?\s*$|^[–—-]$")
_LABEL = re.compile(r"^(fig|tbl)-[a-z0-9-]+$")


def escape(text: str) -> str:
    """Escape characters Markdown would misread: a bare ``$`` (maths)."""
    return escape_dollars(text)


def md(text: str) -> Markdown:
    """Narrative with computed numbers, shown as Markdown."""
    return Markdown(text)


def figure(fig: plt.Figure, *, label: str, caption: str, source: str) -> Markdown:
    """A numbered figure: the image, embedded, with its caption and source line below it."""
    _check_label(label, "fig")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = f"![{_caption(caption, source)}](data:image/png;base64,{data}){{#{label}}}"
    return Markdown(text)


def table(
    frame: pd.DataFrame,
    *,
    label: str,
    caption: str,
    source: str,
    right_align: list[str] | None = None,
) -> Markdown:
    """A numbered table from a frame of display strings (format the numbers first)."""
    _check_label(label, "tbl")
    if frame.empty or frame.shape[1] == 0:
        raise ValueError(f"table {label} is empty: an empty table is a bug, not a result")
    cells = frame.astype(str).map(lambda v: escape(v).replace("|", r"\|"))
    if right_align is None:
        right_align = [c for c in cells.columns if cells[c].str.match(_NUMERIC_CELL).all()]
    header = "| " + " | ".join(escape(str(c)) for c in cells.columns) + " |"
    # Pandoc sizes the columns of a wide pipe table by the dashes under each header.
    widths = column_widths(cells)
    rule = "|" + "|".join(
        ("-" * (w - 1) + ":") if c in right_align else (":" + "-" * (w - 1)) for c, w in zip(cells.columns, widths)
    ) + "|"
    body = ["| " + " | ".join(row) + " |" for row in cells.itertuples(index=False)]
    text = "\n".join([header, rule, *body, "", f": {_caption(caption, source)} {{#{label}}}"])
    return Markdown(text)


def column_widths(cells: pd.DataFrame, line: int = LINE_CHARS) -> list[int]:
    """Characters of width per column (cell padding included), for a line of ``line`` characters.

    A table whose entries fit on one line keeps its natural widths. Otherwise a short column
    (longest entry within :data:`SHORT_COLUMN`) keeps its natural width and the long columns
    share the rest of the line in proportion to their average length, each getting at least
    its longest word (a word cannot wrap).
    """
    names = list(cells.columns)
    longest = {c: max(int(cells[c].str.len().max()), len(str(c))) for c in names}
    word = {c: _longest_word(" ".join([str(c), *cells[c]])) + PADDING for c in names}
    natural = {c: max(longest[c], 3) + PADDING for c in names}
    if sum(natural.values()) <= line:
        return [natural[c] for c in names]
    widths = {c: natural[c] for c in names if longest[c] <= SHORT_COLUMN}
    long_columns = [c for c in names if c not in widths]
    available = max(line - sum(widths.values()), 3 * len(long_columns))
    average = {c: max(float(cells[c].str.len().mean()), 1.0) for c in long_columns}
    share = {c: available * average[c] / sum(average.values()) for c in long_columns}
    floor = {c: word[c] for c in long_columns if share[c] < word[c]}  # too narrow for a word
    rest = [c for c in long_columns if c not in floor]
    left = available - sum(floor.values())
    for c in long_columns:
        widths[c] = floor[c] if c in floor else max(int(left * average[c] / sum(average[r] for r in rest)), 3)
    return [widths[c] for c in names]


def _longest_word(text: str) -> int:
    """The longest token that cannot wrap (links wrap at their slashes, so they do not count)."""
    tokens = [t for t in text.split() if not t.lstrip("<(").startswith("http")]
    return min(max([len(t) for t in tokens] or [3]), MAX_WORD)


def _caption(caption: str, source: str) -> str:
    caption = escape(caption.strip())
    if not caption.endswith((".", "?", "!")):
        caption += "."
    return f"{caption} *{escape(source.strip())}*"


def _check_label(label: str, kind: str) -> None:
    if not _LABEL.match(label) or not label.startswith(kind + "-"):
        raise ValueError(f"label {label!r} must look like '{kind}-some-name' (lower case, digits, dashes)")
