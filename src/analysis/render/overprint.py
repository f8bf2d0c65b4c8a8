"""Find text drawn over other text in a PDF, from the word boxes ``pdftotext -bbox`` reports.

A table row that typst could not break across pages, a float placed over the text, a
header over the body: each leaves two words whose boxes cover each other. Words on
neighbouring lines may touch, so a pair counts only when the shared area is a real part of
the smaller word (``min_share``).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from analysis.errors import BriefError

_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return max(self.x1 - self.x0, 0.0) * max(self.y1 - self.y0, 0.0)


@dataclass(frozen=True)
class Overprint:
    page: int
    first: Word
    second: Word
    share: float  # the shared area over the smaller word's area

    def __str__(self) -> str:
        return (f"page {self.page}: {self.first.text!r} at ({self.first.x0:.0f}, {self.first.y0:.0f}) and "
                f"{self.second.text!r} at ({self.second.x0:.0f}, {self.second.y0:.0f}) share {self.share:.0%}")


def pdftotext_path() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        raise BriefError(
            "pdftotext (poppler-utils) is needed to check the PDF's text positions, and it is not on PATH",
            remedy="Install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils; conda: poppler).",
        )
    return found


def word_boxes(pdf: Path) -> list[Word]:
    """Every word of the PDF with its box, in points from the page's top-left corner."""
    result = subprocess.run([pdftotext_path(), "-bbox", str(pdf), "-"], capture_output=True, text=True)
    if result.returncode != 0:
        raise BriefError(f"pdftotext could not read {pdf}: {result.stderr.strip()}")
    root = ElementTree.fromstring(result.stdout)
    words = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        for word in page.iter(f"{_XHTML}word"):
            box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            words.append(Word(number, word.text or "", *box))
    return words


def find_overprints(pdf: Path, min_share: float = 0.25) -> list[Overprint]:
    """Pairs of words on the same page whose boxes share at least ``min_share`` of the smaller."""
    found = []
    by_page: dict[int, list[Word]] = {}
    for word in word_boxes(pdf):
        if word.area > 0:
            by_page.setdefault(word.page, []).append(word)
    for page, words in by_page.items():
        words.sort(key=lambda w: w.y0)
        for i, first in enumerate(words):
            for second in words[i + 1:]:
                if second.y0 >= first.y1:
                    break  # sorted by top edge: no later word reaches this one
                width = min(first.x1, second.x1) - max(first.x0, second.x0)
                height = min(first.y1, second.y1) - max(first.y0, second.y0)
                if width <= 0 or height <= 0:
                    continue
                share = width * height / min(first.area, second.area)
                if share >= min_share:
                    found.append(Overprint(page, first, second, share))
    return found
