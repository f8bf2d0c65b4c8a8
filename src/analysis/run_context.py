"""What a notebook knows about the run it is part of: its parameters and their origins.

A notebook gets only the parameters it declares; one that needs all of them (the summary,
the appendix) declares ``run_id`` and reads the run's manifest. Run interactively
(``run_id = "interactive"``), it gets the defaults as they would be used now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from analysis import paths, provenance


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    parameters: dict
    origins: dict
    files: list[str]
    data_as_of: str


def run_record(run_id: str) -> RunRecord:
    manifest_path = paths.runs_dir() / run_id / "manifest.json"
    if run_id != "interactive" and manifest_path.is_file():
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
        return RunRecord(run_id, data["parameters"], data["parameter_origins"], data["parameter_files"], data["data_as_of"])
    from analysis.parameters import load_parameters

    resolved = load_parameters()
    accessed = max(s.meta.origin.date_accessed for s in provenance.list_snapshots()).isoformat()
    return RunRecord(run_id, resolved.as_dict(), resolved.origins, list(resolved.files), accessed)


def run_parameters(run_id: str):
    """The run's parameters, validated (a :class:`~analysis.parameters.RunParameters`)."""
    from analysis.parameters import RunParameters

    return RunParameters.model_validate(run_record(run_id).parameters)
