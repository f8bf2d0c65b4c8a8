"""Stage a renderable copy of the report project for one run.

The copy holds the project files (``_quarto.yml``, ``brief.qmd``, templates, styles), the
run's executed notebooks in ``_notebooks/`` and the run's details in ``_run/``
(``metadata.yml`` for the title block, ``run-info.md`` for the box under it). Rendering
happens in the copy; only finished outputs are moved into ``report/_output``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import yaml

from analysis import paths
from analysis.edition_sections import write_sections
from analysis.errors import RenderError
from analysis.render.project import read_project
from analysis.render.renderer_view import write_renderer_view
from analysis.runs import Manifest

# Generated or output folders of the report project that are never copied into a stage.
_NOT_STAGED = ("_output", "_notebooks", "_run", ".quarto")


def stage_project(manifest: Manifest, stage: Path, engine: str) -> Path:
    """Copy the project into ``stage`` with the run's notebooks and details; return ``stage``."""
    shutil.copytree(paths.report_dir(), stage, ignore=shutil.ignore_patterns(*_NOT_STAGED), dirs_exist_ok=True)
    executed = {Path(record.output).name: record for record in manifest.notebooks}
    project = read_project(stage)
    (stage / "_notebooks").mkdir(exist_ok=True)
    for target in project.embedded_notebooks():
        name = Path(target).name
        record = executed.get(name)
        if record is None or record.status != "ok":
            raise RenderError(
                f"brief.qmd embeds {target}, but run {manifest.run_id} has no successful execution of {name}",
                remedy="Run `brief run` to execute every notebook, or remove the embed from report/brief.qmd.",
            )
        source = paths.root_dir() / record.output if not Path(record.output).is_absolute() else Path(record.output)
        destination = stage / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        _check_executed(destination)
        write_renderer_view(destination)  # the renderers read Markdown, never the screen's HTML
    run_folder = stage / "_run"
    run_folder.mkdir(exist_ok=True)
    (run_folder / "metadata.yml").write_text(yaml.safe_dump(run_metadata(manifest), sort_keys=False), encoding="utf-8")
    (run_folder / "run-info.md").write_text(run_info_markdown(manifest, engine), encoding="utf-8")
    write_sections(manifest, run_folder)  # freshness notice, what changed, the appendix's freshness table
    return stage


def _check_executed(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    if notebook.metadata.get("papermill", {}).get("exception"):
        raise RenderError(f"{path.name} failed when it was executed; re-run `brief run`")


def run_metadata(manifest: Manifest) -> dict:
    return {
        "date": manifest.started_at[:10],
        "run-id": manifest.run_id,
        "data-versions": _version_span(manifest),
    }


def run_info_markdown(manifest: Manifest, engine: str) -> str:
    """The box after the summary: data vintage, run, engine, and what the parameters changed."""
    latest = f" The latest observation in the data is dated {manifest.latest_observation}." if manifest.latest_observation else ""
    defaults = manifest.parameter_files[0]
    overridden = {k: v for k, v in manifest.parameter_origins.items() if v != defaults}
    changes = (
        "changed for this run: " + "; ".join(
            f"`{k}` = {_value(manifest.parameters.get(k))} ({v})" for k, v in sorted(overridden.items())) + "."
        if overridden else "no parameter was changed from the defaults."
    )
    return f"""::: {{.run-info}}
**About this brief.** The data's versions are dated {_version_span(manifest)}; the notice on page 1 names any
source that is stale or could not be refreshed.{latest}
Run `{manifest.run_id}` of {manifest.started_at[:10]}, rendered with {engine}. Parameters from
{", ".join(manifest.parameter_files)}; {changes} Every parameter and the Monte Carlo's seed are listed in the
appendix (@tbl-appendix-parameters).
:::
"""


def _version_span(manifest: Manifest) -> str:
    """The dates of the oldest and newest raw versions the run used (no single "as of" date)."""
    versions = sorted(s["version"] for s in manifest.snapshots)
    if not versions:
        return "unrecorded"
    return versions[0] if versions[0] == versions[-1] else f"{versions[0]} to {versions[-1]}"


def _value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dict, list)):
        text = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
        return text.replace("|", r"\|")
    return str(value)
