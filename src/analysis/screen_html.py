"""The brief's Markdown as HTML for the screen (JupyterLab), free of renderer markup.

The renderers read Markdown written for them: ``\\$`` for a dollar, ``@fig-market`` for a
reference, ``{#fig-market}`` for an id. JupyterLab shows ``text/html`` before
``text/markdown`` and then runs MathJax over the page, which reads any two ``$`` in one
run of text as a formula, escaped or not. This module turns the same Markdown into HTML
that reads as the brief does:

- a reference becomes words, "Figure 3", numbered as the brief numbers it;
- every ``$`` is set in its own ``<span>``: MathJax looks for ``$…$`` within one run of
  text, and an element boundary ends a run, so no two dollars can pair into a formula;
- the whole is marked ``mathjax_ignore`` as well, MathJax's own opt-out.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from analysis.exhibit_numbers import exhibit_numbers, words_for

IGNORE_MATH = "mathjax_ignore"  # MathJax 3's ignoreHtmlClass (JupyterLab keeps the default)
DOLLAR = '<span class="dollar">$</span>'
_REF = re.compile(r"(?<![\w@])@(?P<id>(?:fig|tbl)-[A-Za-z0-9_-]*[A-Za-z0-9])")
_ATTRIBUTES = re.compile(r"\s*\{[#.][^{}]*\}\s*$")


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def text(self, tokens, idx, options, env):
        return html.escape(tokens[idx].content, quote=False).replace("$", DOLLAR)

    md.add_render_rule("text", text)
    return md


_MD = _renderer()


def references_as_words(markdown: str, numbers: dict[str, str] | None = None) -> str:
    """``(@fig-market)`` -> ``(Figure 1)``, numbered as the brief will number it."""
    numbers = exhibit_numbers() if numbers is None else numbers
    return _REF.sub(lambda m: words_for(m["id"], numbers), markdown)


def block_html(markdown: str, numbers: dict[str, str] | None = None) -> str:
    """A Markdown passage as screen HTML (paragraphs, lists, quotes, emphasis, links)."""
    return _MD.render(references_as_words(markdown, numbers)).strip()


def inline_html(markdown: str, numbers: dict[str, str] | None = None) -> str:
    """A Markdown phrase (a caption, a table cell) as screen HTML, without a paragraph around it."""
    return _MD.renderInline(references_as_words(markdown, numbers)).strip()


def heading_text(markdown_heading: str) -> str:
    """``# Summary {.unnumbered}`` -> ``Summary``."""
    return _ATTRIBUTES.sub("", markdown_heading.lstrip("#").strip())


def plain_text(markdown: str, numbers: dict[str, str] | None = None) -> str:
    """A Markdown phrase as plain text: escapes undone, emphasis dropped, references as words."""
    text = references_as_words(markdown, numbers)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!$|<>~])", r"\1", text)
    return re.sub(r"(?<![\w*])[*_]{1,2}(?=\S)(.+?)(?<=\S)[*_]{1,2}(?![\w*])", r"\1", text)


def wrap(inner: str, element: str = "div", css_class: str = "") -> str:
    """``inner`` in one element that MathJax skips."""
    classes = " ".join(c for c in (css_class, IGNORE_MATH) if c)
    return f'<{element} class="{classes}">{inner}</{element}>'
