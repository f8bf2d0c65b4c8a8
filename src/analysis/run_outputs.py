"""Tables a notebook hands on: written as files into its run folder (papermill passes values
into a notebook; files are how values come out)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.runs import atomic_write_text

INTERACTIVE = "interactive"


def results_dir(run_id: str) -> Path:
    """``build/runs/<run_id>/results``; an interactive session writes to ``build/interactive``."""
    if run_id == INTERACTIVE:
        return paths.build_dir() / INTERACTIVE / "results"
    return paths.runs_dir() / run_id / "results"


def write_table(frame: pd.DataFrame, run_id: str, name: str) -> Path:
    """Write ``<name>.csv`` atomically into the run's results folder."""
    return atomic_write_text(results_dir(run_id) / f"{name}.csv", frame.to_csv(index=False))


def read_table(run_id: str, name: str) -> pd.DataFrame:
    return pd.read_csv(results_dir(run_id) / f"{name}.csv")
