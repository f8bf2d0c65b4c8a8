"""Render the staged project with pandoc (HTML) and pandoc + typst (PDF).

This is the toolchain Quarto drives internally; here it is driven from Python with the
``pypandoc-binary`` and ``typst`` wheels, so it works wherever pip does. The document is
assembled from ``brief.qmd`` as Quarto would (includes inlined, notebooks embedded with
their outputs only), cross-references are numbered, then pandoc writes the HTML and the
typst source, and typst compiles the PDF.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import matplotlib
import pypandoc
import typst
import yaml

from analysis.errors import RenderError
from analysis.render.crossref import number_crossrefs
from analysis.render.notebook_markdown import notebook_to_markdown
from analysis.render.project import Project, read_project

NAME = "pandoc + typst"
# Markdown as Quarto reads it, minus TeX maths: a '$' in the brief is money, never a formula.
READER = "markdown-tex_math_dollars-tex_math_single_backslash"
FONT_DIRS = [Path(matplotlib.get_data_path()) / "fonts" / "ttf"]  # DejaVu Sans, as in the figures


def assemble_markdown(project: Project) -> str:
    """The whole brief as one Markdown document (body only), cross-references numbered."""
    parts = []
    warnings = bool((project.config.get("execute") or {}).get("warning", True))
    for segment in project.segments:
        if segment.kind == "markdown":
            parts.append(segment.text)
        elif segment.kind == "include":
            parts.append((project.root / segment.target).read_text(encoding="utf-8"))
        else:
            parts.append(notebook_to_markdown(project.root / segment.target, segment.cell, warnings=warnings))
    markdown, _ = number_crossrefs("\n\n".join(parts))
    return markdown


def render(stage: Path) -> tuple[dict[str, Path], list[str]]:
    """Write ``brief.html`` and ``brief.pdf`` into ``stage/_output``; return their paths and
    the warnings pandoc printed."""
    project = read_project(stage)
    body = assemble_markdown(project)
    out = stage / "_output"
    out.mkdir(exist_ok=True)
    outputs = {"brief.html": out / "brief.html", "brief.pdf": out / "brief.pdf"}
    warnings = _render_html(project, body, outputs["brief.html"]) + _render_pdf(project, body, outputs["brief.pdf"])
    return outputs, warnings


def _document(metadata: dict, body: str) -> str:
    front = {k: v for k, v in metadata.items() if isinstance(v, (str, int, float, bool, list, dict)) or v is None}
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n" + body + "\n"


SKELETONS = Path(__file__).parent
HTML_TEMPLATE = SKELETONS / "html_skeleton" / "template.html"
TYPST_SKELETON = SKELETONS / "typst_skeleton"


def _render_html(project: Project, body: str, output: Path) -> list[str]:
    options = project.format_options("html")
    source = project.root / "_run" / "brief.html.md"
    source.write_text(_document(_html_metadata(options), body), encoding="utf-8")
    args = [
        "--standalone", "--embed-resources", f"--resource-path={project.root}", "--section-divs",
        f"--template={HTML_TEMPLATE}",
        *(f"--lua-filter={f}" for f in project.filters("html")),
        *(f"--css={css}" for css in project.stylesheets()),
    ]
    if options.get("toc"):
        args += ["--toc", f"--toc-depth={options.get('toc-depth', 3)}"]
    if options.get("number-sections"):
        args.append("--number-sections")
    return _pandoc(source, "html5", output, args)


def _html_metadata(options: dict) -> dict:
    keep = ("title", "subtitle", "date", "lang", "toc-title")
    metadata = {k: options[k] for k in keep if k in options}
    metadata["pagetitle"] = options.get("title", "Brief")
    return metadata


def _render_pdf(project: Project, body: str, output: Path) -> list[str]:
    options = project.format_options("typst")
    source = project.root / "_run" / "brief.typst.md"
    source.write_text(_document(_typst_metadata(options), body), encoding="utf-8")
    typ = project.root / "_run" / "brief.typ"
    template = _typst_template(project, project.root / "_run" / "typst-template")
    args = [
        "--standalone",
        f"--template={template}",
        *(f"--lua-filter={f}" for f in project.filters("typst")),
        *(f"--include-in-header={f}" for f in _header_files(project, "typst")),
        "--extract-media=media",  # relative to the .typ file, as typst resolves it
        f"--resource-path={project.root}",
    ]
    warnings = _pandoc(source, "typst", typ, args)
    try:
        typst.compile(
            str(typ),
            output=str(output),
            root=str(project.root),
            font_paths=[str(d) for d in FONT_DIRS],
            timestamp=_timestamp(options.get("date")),
        )
    except Exception as exc:  # typst reports syntax and layout errors as exceptions
        raise RenderError(f"typst could not compile {typ}: {exc}") from exc
    return warnings


def _typst_template(project: Project, folder: Path) -> Path:
    """Quarto's template structure with the project's partials in it: the skeleton's files,
    overridden by every partial ``_quarto.yml`` declares (by file name, as Quarto does)."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in TYPST_SKELETON.glob("*.typ"):
        shutil.copyfile(part, folder / part.name)
    for partial in project.template_partials("typst"):
        shutil.copyfile(partial, folder / partial.name)
    return folder / "template.typ"


def _header_files(project: Project, fmt: str) -> list[Path]:
    files = []
    for index, text in enumerate(project.header_includes(fmt)):
        path = project.root / "_run" / f"header-{fmt}-{index}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def _typst_metadata(options: dict) -> dict:
    """The variables Quarto gives its typst partials, from the same options."""
    margin = options.get("margin") or {}
    metadata = {
        "title": options.get("title", "Brief"),
        "subtitle": options.get("subtitle"),
        "date": str(options.get("date", "")),
        "lang": options.get("lang"),
        "papersize": options.get("papersize", "a4"),
        "fontsize": options.get("fontsize", "10pt"),
        "margin": {k: str(v) for k, v in margin.items()} or None,
        "page-numbering": options.get("page-numbering"),
    }
    if options.get("number-sections"):
        metadata["section-numbering"] = str(options.get("section-numbering", "1.1"))
    return {k: v for k, v in metadata.items() if v is not None}


def _timestamp(date) -> int | None:
    """The document date as the PDF's creation time, so the same run gives the same file."""
    try:
        day = dt.date.fromisoformat(str(date))
    except ValueError:
        return None
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def _pandoc(source: Path, to: str, output: Path, extra: list[str]) -> list[str]:
    """Run pandoc; return its warnings (what it printed on standard error)."""
    command = [pypandoc.get_pandoc_path(), str(source), "-f", READER, "-t", to, "-o", str(output), *extra]
    result = subprocess.run(command, capture_output=True, text=True, cwd=source.parent)
    if result.returncode != 0:
        raise RenderError(f"pandoc failed writing {output.name} (exit {result.returncode}):\n{result.stderr.strip()}")
    return [line.strip() for line in result.stderr.splitlines() if line.strip()]
