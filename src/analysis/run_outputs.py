"""Tables a notebook hands on: written as files into its run folder (papermill passes values
into a notebook; files are how values come out).

In a run, each file written is recorded in the notebook's reads log, so that a cached
notebook brings its files along when a later run reuses it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths, reads
from analysis.runs import atomic_write_text

INTERACTIVE = "interactive"


def results_dir(run_id: str) -> Path:
    """``build/runs/<run_id>/results``; an interactive session writes to ``build/interactive``."""
    if run_id == INTERACTIVE:
        return paths.build_dir() / INTERACTIVE / "results"
    return paths.runs_dir() / run_id / "results"


def write_table(frame: pd.DataFrame, run_id: str, name: str) -> Path:
    """Write ``<name>.csv`` atomically into the run's results folder."""
    text = frame.to_csv(index=False)
    path = atomic_write_text(results_dir(run_id) / f"{name}.csv", text)
    reads.record(reads.OUTPUT, f"results/{name}.csv", reads.digest_of(text))
    return path


def read_table(run_id: str, name: str) -> pd.DataFrame:
    return pd.read_csv(results_dir(run_id) / f"{name}.csv")
