"""Number figures and tables and resolve ``@fig-…`` / ``@tbl-…`` references (pandoc engine).

Quarto does this itself. For pandoc, which has no cross-reference support of its own, the
assembled Markdown is rewritten: ``![caption](…){#fig-x}`` gets "Figure 1: caption",
``: caption {#tbl-x}`` gets "Table 1: caption", in document order, and every ``@fig-x``
becomes a link "[Figure 1](#fig-x)". An unknown reference or a duplicate id is an error:
a brief that says "see @fig-x" to its reader is broken.
"""

from __future__ import annotations

import re

from analysis.errors import RenderError

PREFIX = {"fig": "Figure", "tbl": "Table"}
_FIGURE = re.compile(r"!\[(?P<caption>.*?)\]\((?P<src>[^)\s]*)\)\{#(?P<id>fig-[A-Za-z0-9_-]+)(?P<rest>[^}]*)\}", re.DOTALL)
_TABLE = re.compile(r"^: (?P<caption>.*?)\s*\{#(?P<id>tbl-[A-Za-z0-9_-]+)(?P<rest>[^}]*)\}\s*$", re.MULTILINE)
_REF = re.compile(r"(?<![\w@])@(?P<id>(?:fig|tbl)-[A-Za-z0-9_-]*[A-Za-z0-9])")


def number_crossrefs(markdown: str) -> tuple[str, dict[str, str]]:
    """Return the rewritten Markdown and the map id -> 'Figure 1' / 'Table 1'."""
    numbers: dict[str, str] = {}
    order = sorted(
        [(m.start(), m["id"]) for m in _FIGURE.finditer(markdown)]
        + [(m.start(), m["id"]) for m in _TABLE.finditer(markdown)]
    )
    counters = {"fig": 0, "tbl": 0}
    for _, ident in order:
        if ident in numbers:
            raise RenderError(f"The id #{ident} is used twice in the brief; ids must be unique")
        kind = ident.split("-", 1)[0]
        counters[kind] += 1
        numbers[ident] = f"{PREFIX[kind]} {counters[kind]}"

    def figure(match: re.Match) -> str:
        caption = f"{numbers[match['id']]}: {match['caption']}"
        return f"![{caption}]({match['src']}){{#{match['id']}{match['rest']}}}"

    def table(match: re.Match) -> str:
        return f": {numbers[match['id']]}: {match['caption']} {{#{match['id']}{match['rest']}}}"

    def reference(match: re.Match) -> str:
        ident = match["id"]
        if ident not in numbers:
            raise RenderError(f"The brief refers to @{ident}, but no figure or table has that id")
        return f"[{numbers[ident]}](#{ident})"

    markdown = _FIGURE.sub(figure, markdown)
    markdown = _TABLE.sub(table, markdown)
    markdown = _REF.sub(reference, markdown)
    return markdown, numbers
