"""Read the ``report/`` Quarto project the way Quarto does, for the pandoc engine.

The brief's structure lives in one file, ``report/brief.qmd``: front matter, Markdown, and
``{{< include file.md >}}`` / ``{{< embed notebook.ipynb >}}`` shortcodes. Formats and
shared options live in ``report/_quarto.yml``. Quarto reads both natively; the pandoc
engine reads them through :func:`read_project`, so the two engines render the same
document from the same source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import RenderError

DOCUMENT = "brief.qmd"
CONFIG = "_quarto.yml"
_SHORTCODE = re.compile(r"^\{\{<\s*(?P<kind>embed|include)\s+(?P<target>[^\s#>]+)(?:#(?P<cell>[^\s>]+))?\s*>\}\}\s*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<yaml>.*?)\n---\s*\n", re.DOTALL)
# Options that are about the project, not the document's metadata.
_NON_METADATA = {"project", "format", "metadata-files", "execute", "filters"}


@dataclass(frozen=True)
class Segment:
    kind: str  # "markdown" | "embed" | "include"
    text: str = ""  # markdown text, for kind == "markdown"
    target: str = ""  # path relative to the project, for embed / include
    cell: str | None = None  # an embed's cell id, label or tag (None: the whole notebook)


@dataclass
class Project:
    root: Path
    config: dict[str, Any]
    front_matter: dict[str, Any]
    segments: list[Segment] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        """Document metadata, merged as Quarto does: project < metadata files < front matter."""
        merged = {k: v for k, v in self.config.items() if k not in _NON_METADATA}
        for name in self.config.get("metadata-files", []):
            path = self.root / name
            if not path.is_file():
                raise RenderError(f"{path} (listed in metadata-files of {CONFIG}) does not exist")
            merged.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        merged.update(self.front_matter)
        return merged

    def format_options(self, fmt: str) -> dict[str, Any]:
        """Options for one output format: the metadata, overridden by ``format: <fmt>:``."""
        options = self.metadata()
        options.update((self.config.get("format") or {}).get(fmt) or {})
        return options

    def embedded_notebooks(self) -> list[str]:
        return [s.target for s in self.segments if s.kind == "embed"]

    # The design's declarations, which Quarto reads natively and the pandoc engine through
    # these: Lua filters, stylesheets, template partials and header includes.
    def filters(self, fmt: str) -> list[Path]:
        """Lua filters for ``fmt`` (``filters:`` of the project, or of ``format: <fmt>:``)."""
        entries = _as_list(self._declared(fmt, "filters"))
        return [self._declared_file(e["path"] if isinstance(e, dict) else e, "filters") for e in entries]

    def stylesheets(self) -> list[Path]:
        return [self._declared_file(name, "css") for name in _as_list(self._declared("html", "css"))]

    def template_partials(self, fmt: str) -> list[Path]:
        names = _as_list(self._declared(fmt, "template-partials"))
        return [self._declared_file(name, "template-partials") for name in names]

    def header_includes(self, fmt: str) -> list[str]:
        """``include-in-header``: files (read) or ``{text: ...}`` entries, as Quarto accepts them."""
        texts = []
        for entry in _as_list(self._declared(fmt, "include-in-header")):
            if isinstance(entry, dict):
                texts.append(str(entry.get("text", "")))
            else:
                texts.append(self._declared_file(entry, "include-in-header").read_text(encoding="utf-8"))
        return texts

    def _declared(self, fmt: str, option: str):
        """An option of ``format: <fmt>:`` in _quarto.yml, else of the whole project."""
        per_format = (self.config.get("format") or {}).get(fmt) or {}
        return per_format.get(option, self.config.get(option))

    def _declared_file(self, name: str, option: str) -> Path:
        path = self.root / str(name)
        if not path.is_file():
            raise RenderError(f"{CONFIG} declares {option}: {name}, but {path} does not exist")
        return path


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def read_project(root: Path) -> Project:
    root = Path(root)
    config_path, document_path = root / CONFIG, root / DOCUMENT
    for path in (config_path, document_path):
        if not path.is_file():
            raise RenderError(f"The report project is missing {path}")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    text = document_path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    front_matter = yaml.safe_load(match["yaml"]) if match else {}
    body = text[match.end():] if match else text
    return Project(root=root, config=config, front_matter=front_matter or {}, segments=parse_body(body))


def parse_body(body: str) -> list[Segment]:
    """Split a document body into Markdown runs and shortcodes (one shortcode per line)."""
    segments: list[Segment] = []
    buffer: list[str] = []

    def flush() -> None:
        text = "\n".join(buffer).strip("\n")
        if text.strip():
            segments.append(Segment("markdown", text=text))
        buffer.clear()

    for line in body.splitlines():
        match = _SHORTCODE.match(line.strip())
        if match:
            flush()
            segments.append(Segment(match["kind"], target=match["target"], cell=match["cell"]))
        else:
            buffer.append(line)
    flush()
    return segments
