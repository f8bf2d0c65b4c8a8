"""Notebooks run outside `brief run`, and the runs that are not the brief.

- `papermill` on one notebook: a bad parameter is named; the summary and the appendix take
  injected parameters and say that there is no run manifest;
- `brief run` stops on an edited parameters cell before anything runs;
- stray notebooks are skipped with a warning; a subset run never becomes the rendered run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import REPO, copy_project, project_env, run_brief
from test_chapters import add_stray_notebooks
from test_jupyter_setup import jupyter_env
from test_notebook_parameters import set_parameter_cell_line

pytestmark = pytest.mark.pipeline

PAPERMILL = Path(sys.executable).with_name("papermill")


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory) -> dict[str, str]:
    """The environment of a user who ran `make setup`: h200-brief registered (here in a
    temporary user folder, so that no test leaves a kernel behind)."""
    data_dir = tmp_path_factory.mktemp("jupyter")
    env = jupyter_env(data_dir)
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--user", "--name", "h200-brief"],
                   env=env, check=True, capture_output=True)
    return env


def papermill(notebook: Path, output: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(PAPERMILL), str(notebook), str(output), "--no-progress-bar", *args],
                          env=env, capture_output=True, text=True, timeout=900)


def shown_text(path: Path) -> str:
    """Everything the executed notebook shows: streams, Markdown, text, errors."""
    parts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for kind in ("text/markdown", "text/html", "text/plain"):
                parts.append(output.get("data", {}).get(kind, ""))
    return "\n".join(parts)


def test_papermill_with_a_bad_parameter_fails_naming_it(kernel_env, tmp_path):
    result = papermill(REPO / "notebooks" / "01_market.ipynb", tmp_path / "out.ipynb",
                       "-p", "forecast_end_year", "abc", env=kernel_env)
    assert result.returncode != 0
    assert "NotebookParameterError" in result.stderr
    assert "parameter 'forecast_end_year' = 'abc' is text, but it must be a whole number" in result.stderr
    assert "TypeError" not in result.stderr


def test_the_summary_and_the_appendix_run_alone_take_injected_parameters(built_brief, kernel_env, tmp_path):
    root, result = built_brief
    assert result.returncode == 0, result.stderr
    env = project_env(root, **{k: v for k, v in kernel_env.items() if k.startswith("JUPYTER_")})
    summary = tmp_path / "summary.ipynb"
    ran = papermill(root / "notebooks" / "00_summary.ipynb", summary, "-p", "h200_gross_margin_pct", "70", env=env)
    assert ran.returncode == 0, ran.stderr
    text = shown_text(summary)
    assert "12,150" in text and "9,450" not in text  # 27,000 × (0.70 − 0.25), not the default 60%
    assert "No run manifest: this notebook ran on its own" in text

    appendix = tmp_path / "appendix.ipynb"
    ran = papermill(root / "notebooks" / "09_appendix.ipynb", appendix, "-p", "forecast_end_year", "2032", env=env)
    assert ran.returncode == 0, ran.stderr
    text = shown_text(appendix)
    assert "No run manifest: this notebook ran on its own" in text
    assert "manifest.json" not in text  # no path to a manifest that does not exist
    assert "params/default.yaml, except forecast_end_year, set in the notebook" in text
    assert "2032" in text


def test_an_edited_parameters_cell_stops_brief_run_before_anything_runs(tmp_path):
    root = copy_project(tmp_path / "project")
    set_parameter_cell_line(root / "notebooks" / "01_market.ipynb", "forecast_end_year",
                            "forecast_end_year: int = 2032  # last calendar year of the market forecast")
    result = run_brief(root, "run", "--no-progress")
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "notebooks/01_market.ipynb: its parameters cell sets forecast_end_year = 2032" in message
    assert "`brief run` would inject forecast_end_year = 2030 (from params/default.yaml)" in message
    assert "brief run -p forecast_end_year=2032" in message
    assert not (root / "build" / "runs").exists()  # no run folder: nothing was executed (the lock file may exist)


def test_strays_are_skipped_and_a_subset_run_is_never_rendered(built_brief, tmp_path):
    built, result = built_brief
    assert result.returncode == 0, result.stderr
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    add_stray_notebooks(root / "notebooks")
    pointer = root / "build" / "latest-run.json"
    complete = json.loads(pointer.read_text())["run_id"]

    subset = run_brief(root, "run", "--only", "01_market", "--no-render", "--no-progress")
    assert subset.returncode == 0, subset.stderr
    output = " ".join((subset.stdout + subset.stderr).split())
    assert "warning: skipping 02_margins-Copy1.ipynb, Untitled.ipynb" in output
    assert "A subset run is never rendered" in output
    assert json.loads(pointer.read_text())["run_id"] == complete
    runs = sorted(p.name for p in (root / "build" / "runs").iterdir())
    executed = sorted(p.name for p in (root / "build" / "runs" / runs[-1] / "notebooks").iterdir())
    assert runs[-1] != complete and executed == ["01_market.ipynb"]

    rendered = run_brief(root, "render")
    assert rendered.returncode == 0, rendered.stderr
    html = (root / "report" / "_output" / "brief.html").read_text(encoding="utf-8")
    assert complete in html and runs[-1] not in html
