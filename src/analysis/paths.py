"""Every path the project uses, in one place (no project imports here).

The repository root is found from this file's location (the package is installed in
editable mode, ``src`` layout). Environment variables move the roots, so tests and the
weekly job can point the pipeline at a copy of the data or a scratch output folder:

========================  ==================================  =========================
variable                  default                             what lives there
========================  ==================================  =========================
``BRIEF_ROOT``            the repository                      everything below
``BRIEF_DATA_DIR``        ``<root>/data``                     ``raw/`` and ``processed/``
``BRIEF_NOTEBOOKS_DIR``   ``<root>/notebooks``                the chapter notebooks
``BRIEF_PARAMS_DIR``      ``<root>/params``                   parameter YAML files
``BRIEF_REPORT_DIR``      ``<root>/report``                   the Quarto project
``BRIEF_BUILD_DIR``       ``<root>/build``                    executed notebooks, runs
``BRIEF_OUTPUT_DIR``      ``<report>/_output``                ``brief.html``, ``brief.pdf``
========================  ==================================  =========================
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def root_dir() -> Path:
    return _env_path("BRIEF_ROOT", _PACKAGE_ROOT)


def data_dir() -> Path:
    return _env_path("BRIEF_DATA_DIR", root_dir() / "data")


def raw_dir() -> Path:
    return data_dir() / "raw"


def processed_dir() -> Path:
    return data_dir() / "processed"


def notebooks_dir() -> Path:
    return _env_path("BRIEF_NOTEBOOKS_DIR", root_dir() / "notebooks")


def params_dir() -> Path:
    return _env_path("BRIEF_PARAMS_DIR", root_dir() / "params")


def default_params_file() -> Path:
    return params_dir() / "default.yaml"


def report_dir() -> Path:
    return _env_path("BRIEF_REPORT_DIR", root_dir() / "report")


def build_dir() -> Path:
    return _env_path("BRIEF_BUILD_DIR", root_dir() / "build")


def runs_dir() -> Path:
    return build_dir() / "runs"


def notebook_cache_dir() -> Path:
    """Executed notebooks kept for reuse by later runs (see ``analysis.notebook_cache``)."""
    return build_dir() / "cache" / "notebooks"


def output_dir() -> Path:
    return _env_path("BRIEF_OUTPUT_DIR", report_dir() / "_output")


def display_path(path: Path) -> str:
    """A path as a reader should see it: relative to the repository when it lies inside."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(root_dir()))
    except ValueError:
        return str(path)


def run_lock_file() -> Path:
    """The lock that lets one brief command at a time write in the project (see analysis.run_lock)."""
    return build_dir() / "brief.lock"


def error_logs_dir() -> Path:
    """Where the CLI saves the full traceback of an unexpected error."""
    return build_dir() / "logs"
