"""What a notebook knows about the run it is part of: its parameters and their origins.

A notebook gets only the parameters it declares; one that needs all of them (the summary,
the appendix) declares ``run_id`` and reads the run's manifest. Run interactively
(``run_id = "interactive"``), it gets the defaults as they would be used now.

In a run, what the notebook read is recorded for the notebook cache (:mod:`analysis.reads`):
the parameters alone, or the whole record. The run id is not part of it: a notebook that
shows the run id would depend on every run (the brief shows it in the box under the title).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from analysis import paths, provenance, reads


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    parameters: dict
    origins: dict
    files: list[str]
    data_as_of: str

    def digest(self) -> str:
        """What a notebook that reads the whole record depends on (everything but the run id)."""
        return record_digest(self.parameters, self.origins, self.files, self.data_as_of)


def record_digest(parameters: dict, origins: dict, files: list[str], data_as_of: str) -> str:
    return reads.digest_of({"parameters": parameters, "origins": origins, "files": files, "data_as_of": data_as_of})


def parameters_digest(parameters: dict) -> str:
    return reads.digest_of(parameters)


def run_record(run_id: str) -> RunRecord:
    record = _load_record(run_id)
    reads.record(reads.RUN, "record", record.digest())
    return record


def _load_record(run_id: str) -> RunRecord:
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

    parameters = _load_record(run_id).parameters
    reads.record(reads.RUN, "parameters", parameters_digest(parameters))
    return RunParameters.model_validate(parameters)
