"""Render the executed notebooks into one brief: ``brief.html`` and ``brief.pdf``.

Two engines read the same Quarto project (``report/``): Quarto itself when a ``quarto``
binary is found, else pandoc + typst from their Python wheels. Either way the project is
staged with the run's notebooks, rendered in the stage, checked, and only then moved
into ``report/_output`` (see :mod:`analysis.render.publish`), so a failed or interrupted
render leaves the previous brief as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.edition_record import RECORD_FILE, load_record
from analysis.editions import archive_edition
from analysis.errors import RenderError
from analysis.render import pandoc_engine, quarto_engine
from analysis.render.publish import publish
from analysis.render.staging import stage_project
from analysis.runs import Manifest, latest_manifest

ENGINES = ("auto", "quarto", "pandoc")


@dataclass(frozen=True)
class RenderResult:
    engine: str
    outputs: dict[str, Path]
    stage: Path
    warnings: tuple[str, ...] = ()  # what the engine warned about while rendering


def choose_engine(preference: str = "auto"):
    if preference not in ENGINES:
        raise RenderError(f"Unknown engine {preference!r}; choose one of {', '.join(ENGINES)}")
    if preference == "pandoc" or (preference == "auto" and quarto_engine.find_quarto() is None):
        return pandoc_engine
    return quarto_engine


def render_brief(manifest: Manifest | None = None, engine: str = "auto") -> RenderResult:
    manifest = manifest or latest_manifest()
    chosen = choose_engine(engine)
    stage = manifest.folder / f"render-{chosen.__name__.rsplit('.', 1)[-1]}"
    if stage.exists():
        shutil.rmtree(stage)
    stage_project(manifest, stage, chosen.NAME)
    outputs, warnings = chosen.render(stage)
    for name, path in outputs.items():
        if not path.is_file() or path.stat().st_size == 0:
            raise RenderError(f"The {chosen.NAME} engine produced no {name}")
    published = publish(outputs, paths.output_dir())
    archive_edition(load_record(manifest.folder / RECORD_FILE), published)
    return RenderResult(engine=chosen.NAME, outputs=published, stage=stage, warnings=tuple(warnings))
