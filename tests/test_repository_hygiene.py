"""What is committed: notebooks without outputs, no generated files, one config module."""

from __future__ import annotations

import ast
import subprocess

import nbformat
import pytest

from conftest import REPO


def _tracked(pattern: str) -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", pattern], cwd=REPO, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [line for line in out.stdout.splitlines() if line]


STRIP = (
    "strip it with `.venv/bin/python -m nbstripout --keep-id {name}` (or Kernel > Restart and Clear Outputs, "
    "then save); `make setup` installs the nbstripout git filter, which strips notebooks on every `git add`"
)


def test_notebooks_are_committed_without_outputs():
    for name in _tracked("*.ipynb"):
        notebook = nbformat.read(REPO / name, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs, f"{name} holds outputs: " + STRIP.format(name=name)
                assert cell.execution_count is None, f"{name} holds execution counts: " + STRIP.format(name=name)


def test_no_generated_file_is_tracked():
    tracked = _tracked("*")
    generated = [
        f for f in tracked
        if f.startswith(("build/", "report/_output/", "report/_notebooks/", "report/_run/"))
        or (f.startswith("data/processed/") and not f.endswith(".gitkeep"))
    ]
    assert generated == []


def test_paths_module_imports_nothing_from_the_project():
    tree = ast.parse((REPO / "src" / "analysis" / "paths.py").read_text())
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    ]
    assert not [m for m in imported if m and m.startswith("analysis")]
