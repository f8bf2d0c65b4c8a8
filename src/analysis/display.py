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

FIGURE_DPI = 200
MAX_COLUMN_DASHES = 40
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
_NUMERIC_CELL = re.compile(r"^[\s\\$+\-\u2212<>~≈]*[\d.,]+\s*(%|pp|bn|m|×|x)?\s*$|^[–—-]$")
_LABEL = re.compile(r"^(fig|tbl)-[a-z0-9-]+$")


def escape(text: str) -> str:
    """Escape characters Markdown would misread: a bare ``$`` (maths) and ``|`` in tables."""
    return _UNESCAPED_DOLLAR.sub(r"\\$", str(text))


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
    # Pandoc sizes the columns of a wide pipe table by the dashes under each header:
    # give each column dashes in proportion to its longest entry (within bounds).
    widths = [min(max(len(str(c)), cells[c].str.len().max(), 3), MAX_COLUMN_DASHES) for c in cells.columns]
    rule = "|" + "|".join(
        ("-" * (w - 1) + ":") if c in right_align else (":" + "-" * (w - 1)) for c, w in zip(cells.columns, widths)
    ) + "|"
    body = ["| " + " | ".join(row) + " |" for row in cells.itertuples(index=False)]
    text = "\n".join([header, rule, *body, "", f": {_caption(caption, source)} {{#{label}}}"])
    return Markdown(text)


def _caption(caption: str, source: str) -> str:
    caption = escape(caption.strip())
    if not caption.endswith((".", "?", "!")):
        caption += "."
    return f"{caption} *{escape(source.strip())}*"


def _check_label(label: str, kind: str) -> None:
    if not _LABEL.match(label) or not label.startswith(kind + "-"):
        raise ValueError(f"label {label!r} must look like '{kind}-some-name' (lower case, digits, dashes)")
