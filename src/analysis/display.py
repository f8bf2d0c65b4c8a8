"""What a notebook shows, for two readers: the renderers and the screen.

Everything the brief prints goes through here. Each call returns one display object that
carries several representations (IPython's ``_repr_mimebundle_``):

- ``text/markdown`` for the renderers (Quarto, pandoc + typst). Figures are Markdown images
  with an id (``#fig-…``), a caption that ends with the source line and a ``fig-alt`` that
  states the chart's takeaway; tables are pipe tables with a caption (``#tbl-…``); a dollar is
  ``\\$``; references read ``@fig-market``. The renderer numbers and resolves them. In the
  HTML a raw-HTML block below each figure and table offers its data as an embedded CSV
  (:mod:`analysis.data_download`); the PDF drops raw HTML.
- ``text/html`` for the screen (JupyterLab, which prefers it to Markdown): the same content with
  the caption and source line visible under the figure or table, references as words
  ("Figure 3", numbered as the brief numbers it), money as money and no renderer markup
  (:mod:`analysis.screen_html`).
- ``text/plain`` for a console.

Quarto's HTML output would also prefer ``text/html``; the output's metadata therefore marks
it as for the screen only (:data:`SCREEN_ONLY`), and the staging of a run for rendering
removes it (:mod:`analysis.render.renderer_view`), so both engines read the Markdown.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pandas as pd

from analysis import screen_html
from analysis.data_download import download_link
from analysis.exhibit_numbers import exhibit_numbers
from analysis.formatting import escape_dollars

FIGURE_DPI = 200
SHORT_COLUMN = 16  # characters: a column this narrow keeps its natural width
LINE_CHARS = 110  # characters of table text (7.6 pt sans) across the PDF's text width
MAX_WORD = 28  # a longer "word" is given no more room than this (it will overflow or hyphenate)
PADDING = 2  # characters' worth of cell padding
DOWNLOAD_STYLE = "font-size: 0.8em; margin-top: -0.5em"  # a quiet line under the caption (report CSS may restyle)
SCREEN_ONLY = "brief_screen_only"  # output metadata key: the representations renderers must not read
_NUMERIC_CELL = re.compile(r"^[\s\\$+\-\u2212<>~≈]*[\d.,]+\s*(%|pp|bn|m|×|x)?\s*$|^[–—-]$")
_LABEL = re.compile(r"^(fig|tbl)-[a-z0-9-]+$")


@dataclass(frozen=True)
class Shown:
    """One output, several readers: Markdown for the renderers, HTML for the screen."""

    markdown: str
    html: str
    plain: str = ""
    screen_only: tuple[str, ...] = field(default=("text/html",))

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/markdown": self.markdown, "text/html": self.html, "text/plain": self.plain or self.markdown}
        return data, {SCREEN_ONLY: list(self.screen_only)}

    @property
    def data(self) -> str:
        """The renderers' Markdown (as ``IPython.display.Markdown(...).data``)."""
        return self.markdown


def escape(text: str) -> str:
    """Escape characters Markdown would misread: a bare ``$`` (maths)."""
    return escape_dollars(text)


def md(text: str) -> Shown:
    """Narrative with computed numbers: Markdown for the renderers, HTML for the screen."""
    return Shown(text, screen_html.wrap(screen_html.block_html(text), css_class="brief-text"),
                 screen_html.plain_text(text))


def figure(
    fig: plt.Figure,
    *,
    label: str,
    caption: str,
    source: str,
    alt: str,
    data: pd.DataFrame,
) -> Shown:
    """A numbered figure: the image, embedded, with its caption and source line below it.

    ``alt`` is the chart's takeaway in a sentence or two, computed from the data (screen
    readers read it instead of the image); ``data`` is the table the chart draws, offered as
    a CSV download in the HTML.
    """
    _check_label(label, "fig")
    numbers = exhibit_numbers()
    if not alt.strip() or alt.strip().rstrip(".") == caption.strip().rstrip("."):
        raise ValueError(f"figure {label}: alt must state the chart's takeaway, not repeat its caption")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    image = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    alt_text = _attribute(alt, numbers)
    title = f"{_number(label, numbers)}: {_plain(_ended(caption), numbers)}"
    link = download_link(data, label=label, title=title, source=_plain(source, numbers), what="figure")
    markdown = f'![{_caption(caption, source)}]({image}){{#{label} fig-alt="{alt_text}"}}' + _raw_html(link)
    screen = (
        f'<img src="{image}" alt="{html.escape(alt_text)}" style="max-width: 100%">'
        f"<figcaption>{_screen_caption(label, caption, source, numbers)}<br>{link}</figcaption>"
    )
    return Shown(markdown, screen_html.wrap(screen, "figure", "brief-figure"),
                 f"[{title} {_plain(source, numbers)}]")


def table(
    frame: pd.DataFrame,
    *,
    label: str,
    caption: str,
    source: str,
    right_align: list[str] | None = None,
    data: pd.DataFrame | None = None,
) -> Shown:
    """A numbered table from a frame of display strings (format the numbers first).

    ``data`` is what the CSV download offers (the numbers behind the strings); by default
    the table as shown.
    """
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
    numbers = exhibit_numbers()
    title = f"{_number(label, numbers)}: {_plain(_ended(caption), numbers)}"
    offered = frame.astype(str).map(lambda v: _plain(escape(v), numbers)) if data is None else data
    link = download_link(offered, label=label, title=title, source=_plain(source, numbers), what="table")
    markdown = "\n".join([header, rule, *body, "", f": {_caption(caption, source)} {{#{label}}}"]) + _raw_html(link)
    screen = (
        _screen_table(cells, right_align, numbers)
        + f"<figcaption>{_screen_caption(label, caption, source, numbers)}<br>{link}</figcaption>"
    )
    return Shown(markdown, screen_html.wrap(screen, "figure", "brief-table"),
                 frame.to_string(index=False) + f"\n[{title} {_plain(source, numbers)}]")


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


def _ended(caption: str) -> str:
    """The caption, escaped, as a sentence."""
    caption = escape(caption.strip())
    return caption if caption.endswith((".", "?", "!")) else caption + "."


def _caption(caption: str, source: str) -> str:
    return f"{_ended(caption)} *{escape(source.strip())}*"


def _screen_caption(label: str, caption: str, source: str, numbers: dict[str, str]) -> str:
    caption = _ended(caption)
    return (f"<strong>{_number(label, numbers)}:</strong> {screen_html.inline_html(caption, numbers)} "
            f"<em>{screen_html.inline_html(escape(source.strip()), numbers)}</em>")


def _screen_table(cells: pd.DataFrame, right_align: list[str], numbers: dict[str, str]) -> str:
    def cell(tag: str, column, text: str) -> str:
        align = ' style="text-align: right"' if column in right_align else ' style="text-align: left"'
        return f"<{tag}{align}>{screen_html.inline_html(text, numbers)}</{tag}>"

    head = "".join(cell("th", c, escape(str(c))) for c in cells.columns)
    rows = "".join("<tr>" + "".join(cell("td", c, v) for c, v in zip(cells.columns, row)) + "</tr>"
                   for row in cells.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _number(label: str, numbers: dict[str, str]) -> str:
    return numbers.get(label, {"fig": "Figure", "tbl": "Table"}[label.split("-", 1)[0]])


def _plain(markdown: str, numbers: dict[str, str] | None = None) -> str:
    return screen_html.plain_text(markdown, numbers)


def _attribute(text: str, numbers: dict[str, str]) -> str:
    """Text for a Markdown attribute value: plain, one line, no double quote or brace."""
    text = " ".join(_plain(text, numbers).split())
    return text.replace('"', "\u201d").replace("{", "(").replace("}", ")")


def _raw_html(element: str) -> str:
    """A raw-HTML block: kept in the HTML, dropped by the PDF."""
    return f"\n\n```{{=html}}\n<p class=\"data-download\" style=\"{DOWNLOAD_STYLE}\">{element}</p>\n```"


def _check_label(label: str, kind: str) -> None:
    if not _LABEL.match(label) or not label.startswith(kind + "-"):
        raise ValueError(f"label {label!r} must look like '{kind}-some-name' (lower case, digits, dashes)")
