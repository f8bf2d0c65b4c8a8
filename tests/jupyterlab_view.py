"""What JupyterLab shows for a notebook's cells and outputs, and what MathJax would read in it.

JupyterLab (4.x) picks, for each output, the representation of lowest rank among those it
can render safely: ``text/html`` 50, ``text/markdown`` 60, ``text/latex`` 70,
``image/svg+xml`` 80, other images 90, ``application/pdf`` 100, ``text/plain`` 120 (the
``defaultRank`` of its renderer factories; ``application/javascript`` needs a trusted
notebook and is left out). Markdown, in cells and outputs, becomes HTML (CommonMark here,
marked in JupyterLab: the same for what the brief writes). MathJax then runs over the page:
it reads ``$…$`` within one run of text, a run being cut at every element boundary, and
skips ``script``, ``noscript``, ``style``, ``textarea``, ``pre`` and ``code``. The check
below does not honour the ``mathjax_ignore`` class, so it is stricter than MathJax.
"""

from __future__ import annotations

import html as html_module
from html.parser import HTMLParser

from markdown_it import MarkdownIt

RANKS = {"text/html": 50, "text/markdown": 60, "text/latex": 70, "image/svg+xml": 80, "image/png": 90,
         "image/jpeg": 90, "image/gif": 90, "application/pdf": 100, "text/plain": 120}
_SKIPPED = {"script", "noscript", "style", "textarea", "pre", "code"}
_BLOCKS = {"p", "div", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "li", "ul", "ol",
           "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "br", "img"}
_MARKED = MarkdownIt("commonmark", {"html": True}).enable("table")


def screen_of_output(output) -> str:
    """The HTML JupyterLab puts on screen for one output."""
    if output.get("output_type") == "stream":
        return f"<pre>{html_module.escape(output.get('text', ''))}</pre>"
    if output.get("output_type") == "error":
        return f"<pre>{html_module.escape(output.get('ename', ''))}</pre>"
    data = output.get("data", {})
    shown = [m for m in data if m in RANKS]
    if not shown:
        return ""
    mime = min(shown, key=RANKS.get)
    value = data[mime] if isinstance(data[mime], str) else "".join(data[mime])
    if mime == "text/html":
        return value
    if mime == "text/markdown":
        return _MARKED.render(value)
    if mime.startswith("image/"):
        return '<img src="data:…">'
    return f"<pre>{html_module.escape(value)}</pre>"


def screen_of_cell(cell) -> str:
    """A Markdown cell rendered, or a code cell's outputs (its code is code, not read as text)."""
    if cell.cell_type == "markdown":
        return _MARKED.render(cell.source)
    if cell.cell_type == "code":
        return "\n".join(screen_of_output(o) for o in cell.get("outputs", []))
    return ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[str] = [""]
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.skipping = 0

    def _cut(self) -> None:
        if self.runs[-1]:
            self.runs.append("")

    def handle_starttag(self, tag, attrs):
        self._cut()
        if tag in _SKIPPED:
            self.skipping += 1
        if tag in _BLOCKS:
            self.text.append(" ")
        self.attributes += [value or "" for name, value in attrs if name in ("alt", "title", "aria-label")]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED:
            self.skipping -= 1

    def handle_endtag(self, tag):
        self._cut()
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        if tag in _BLOCKS:
            self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)
        if not self.skipping:
            self.runs[-1] += data


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def mathjax_runs(html: str) -> list[str]:
    """The runs of text MathJax would search for ``$…$`` (outside code)."""
    return [run for run in _read(html).runs if run]


def visible_text(html: str) -> str:
    """The text a reader sees, whitespace collapsed."""
    return " ".join("".join(_read(html).text).split())


def visible_attributes(html: str) -> list[str]:
    """Text a screen reader reads from attributes (alt, title, aria-label)."""
    return _read(html).attributes
