"""Executed notebooks and run manifests made by hand, for render tests that need no kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis import paths
from analysis.runs import Manifest, NotebookRecord, mark_latest


def executed_notebook(*cells) -> nbformat.NotebookNode:
    """Cells: ("md", text) | ("code", source, [outputs as (mime or stream name, text)])."""
    notebook = new_notebook()
    for index, cell in enumerate(cells):
        if cell[0] == "md":
            made = new_markdown_cell(cell[1])
        else:
            made = new_code_cell(cell[1], execution_count=index)
            for kind, text in cell[2]:
                if kind in ("stdout", "stderr"):
                    made.outputs.append(new_output("stream", name=kind, text=text))
                else:
                    made.outputs.append(new_output("display_data", data={kind: text, "text/plain": "<obj>"}))
        made.id = f"cell-{index}"
        notebook.cells.append(made)
    notebook.metadata["papermill"] = {"exception": None}
    return notebook


def fake_run(notebooks: dict[str, nbformat.NotebookNode], run_id: str = "20260101T000000Z") -> Manifest:
    folder = paths.runs_dir() / run_id / "notebooks"
    folder.mkdir(parents=True)
    records = []
    for name, notebook in notebooks.items():
        nbformat.write(notebook, folder / name)
        records.append(NotebookRecord(name=name, output=paths.display_path(folder / name), status="ok", seconds=0.1))
    manifest = Manifest(
        run_id=run_id,
        started_at="2026-01-01T00:00:00+00:00",
        parameters={"forecast_end_year": 2030},
        parameter_origins={"forecast_end_year": "params/default.yaml"},
        parameter_files=["params/default.yaml"],
        snapshots=[],
        data_as_of="2026-01-01",
        latest_observation="2025-10-26",
        notebooks=records,
        status="succeeded",
    )
    manifest.save()
    mark_latest(manifest)
    return manifest


def market_notebook() -> nbformat.NotebookNode:
    """A stand-in for 01_market.ipynb as papermill would leave it."""
    image = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    return executed_notebook(
        ("md", "# The China market\n\nIntro text."),
        ("code", "x = 1", []),
        ("code", "show.md(...)", [("text/markdown", "Revenue was \\$10.3bn, see @fig-one and @tbl-one.")]),
        ("code", "show.figure(...)", [("text/markdown", f"![A figure. *Source: S.*](data:image/png;base64,{image}){{#fig-one}}")]),
        ("code", "show.table(...)", [("text/markdown", "| a | b |\n|:--|--:|\n| x | 1 |\n\n: A table. *Source: S.* {#tbl-one}")]),
        ("code", "import warnings", [("stderr", "SomeWarning: ignore me\n")]),
    )


def fake_brief_run() -> Manifest:
    """A successful run for every notebook the project's brief.qmd embeds (no kernel)."""
    from analysis.render.project import read_project

    notebooks = {}
    for target in read_project(paths.report_dir()).embedded_notebooks():
        name = Path(target).name
        notebooks[name] = market_notebook() if name == "01_market.ipynb" else executed_notebook(
            ("md", f"# Chapter {name}"), ("code", "x = 1", [("text/markdown", f"Text of {name}.")])
        )
    return fake_run(notebooks)


def snapshot_meta(grade: str = "secondary", rules: list[dict] | None = None) -> "SnapshotMeta":
    """A complete provenance sidecar for inline test tables (grade and row rules as given)."""
    from analysis.provenance import SnapshotMeta

    return SnapshotMeta.model_validate({
        "snapshot": {"name": "t", "version": "2026-01-01", "file": "t.csv", "md5": "0" * 32, "size_bytes": 1},
        "origin": {"producer": "Producer", "title": "Title", "description": "D.", "url_main": "https://x.org",
                   "date_published": "2025", "date_accessed": "2026-01-01", "cadence": "static", "license": "CC",
                   "citation": "A citation.", "attribution_short": "Producer"},
        "quality": {"grade": grade, "rationale": "For the test."},
        "row_quality": rules or [],
    })


def with_snapshot(frame, meta=None):
    """Attach a snapshot (as :func:`analysis.raw.read_raw` does) so a step can grade the rows."""
    frame.attrs["snapshot"] = type("Snapshot", (), {"meta": meta or snapshot_meta()})()
    return frame


def raw_table(columns: list[str], rows: list[tuple], meta=None):
    """An inline raw table, every column text, with its snapshot attached."""
    import pandas as pd

    return with_snapshot(pd.DataFrame(rows, columns=columns, dtype="string"), meta)
