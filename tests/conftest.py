"""Shared fixtures: a disposable copy of the project, and one real pipeline run per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BRIEF = Path(sys.executable).with_name("brief")
COPIED = ("data/raw", "notebooks", "params", "report")


def copy_project(destination: Path) -> Path:
    """Copy what a run reads (raw data, notebooks, parameters, the report project)."""
    for part in COPIED:
        shutil.copytree(
            REPO / part,
            destination / part,
            ignore=shutil.ignore_patterns("_output", "_notebooks", "_run", ".quarto", ".ipynb_checkpoints"),
        )
    (destination / "data" / "processed").mkdir(parents=True)
    return destination


def project_env(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEF_")}
    env["BRIEF_ROOT"] = str(root)
    env.update(extra)
    return env


def run_brief(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the real `brief` console script against the project copy at ``root``."""
    return subprocess.run(
        [str(BRIEF), *args], cwd=root, env=project_env(root, **env), capture_output=True, text=True, timeout=1800
    )


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project; the process's BRIEF_ROOT points at it for the test."""
    root = copy_project(tmp_path / "project")
    for key in [k for k in os.environ if k.startswith("BRIEF_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("BRIEF_ROOT", str(root))
    return root


@pytest.fixture(scope="session")
def built_brief(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One full `brief run` on a copy of the project (the slow part, shared by several tests)."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_brief(root, "run", "--no-progress")
    return root, result
