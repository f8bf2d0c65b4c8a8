"""What a notebook knows about the run it is part of: its parameters and their origins.

A notebook gets only the parameters it declares; one that needs all of them (the summary,
the appendix) declares ``run_id`` and reads the run's manifest. Run on its own (papermill,
nbmake, JupyterLab; ``run_id = "interactive"``), it gets the defaults as they would be used
now, with any run parameter injected into it (``papermill ... -p forecast_end_year 2032``),
and its record says plainly that there is no run manifest.

In a run, what the notebook read is recorded for the notebook cache (:mod:`analysis.reads`):
the parameters alone, or the whole record. The run id is not part of it: a notebook that
shows the run id would depend on every run (the brief shows it in the box under the title).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import paths, provenance, reads
from analysis.errors import ParameterError

INTERACTIVE = "interactive"
INJECTED = "this notebook's parameters"


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    parameters: dict
    origins: dict
    files: list[str]
    data_as_of: str
    manifest: str | None = None  # the manifest's path; None when the notebook ran outside `brief run`

    def parameters_source(self) -> str:
        """Where the parameters come from, in one sentence a reader can check."""
        if self.manifest:  # not its path: that names the run, which a cached notebook must not
            return "Source: the run's manifest (manifest.json in its folder under build/runs/)."
        return f"Source: {self._defaults_and_injected()}. {self._no_manifest()}"

    def say_if_no_manifest(self) -> None:
        """Print, in the notebook, that it ran on its own (nothing when `brief run` ran it)."""
        if not self.manifest:
            print(f"{self._no_manifest()} Its parameters: {self._defaults_and_injected()}.")

    def _defaults_and_injected(self) -> str:
        injected = sorted(name for name, origin in self.origins.items() if origin == INJECTED)
        return ", ".join(self.files) + (f", except {', '.join(injected)}, set in the notebook" if injected else "")

    def _no_manifest(self) -> str:
        missing = "" if self.run_id == INTERACTIVE else f" ({paths.display_path(_manifest_path(self.run_id))} does not exist)"
        return f"No run manifest{missing}: this notebook ran on its own, outside `brief run`."

    def values(self):
        """The parameters, validated (a :class:`~analysis.parameters.RunParameters`)."""
        from analysis.parameters import RunParameters

        return RunParameters.model_validate(self.parameters)

    def digest(self) -> str:
        """What a notebook that reads the whole record depends on (everything but the run id)."""
        return record_digest(self.parameters, self.origins, self.files, self.data_as_of)


def record_digest(parameters: dict, origins: dict, files: list[str], data_as_of: str) -> str:
    return reads.digest_of({"parameters": parameters, "origins": origins, "files": files, "data_as_of": data_as_of})


def parameters_digest(parameters: dict) -> str:
    return reads.digest_of(parameters)


def run_record(run_id: str, injected: dict[str, Any] | None = None) -> RunRecord:
    """The run's record (recorded, for the notebook cache, as a read of the whole record)."""
    record = _load_record(run_id, injected)
    reads.record(reads.RUN, "record", record.digest())
    return record


def _load_record(run_id: str, injected: dict[str, Any] | None = None) -> RunRecord:
    """The run's parameters, origins and data date: from its manifest when ``brief run`` ran
    the notebook, else the defaults with ``injected`` (the notebook's own run parameters)."""
    injected = injected or {}
    data = _manifest(run_id)
    if data is not None:
        clashes = [f"parameter {name!r} = {value!r} was injected, but run {run_id} used {data['parameters'][name]!r}"
                   for name, value in injected.items() if value != data["parameters"].get(name)]
        if clashes:
            raise ParameterError(clashes + [f"run_id {run_id!r} reads that run's parameters: inject either it or the values"])
        return RunRecord(run_id, data["parameters"], data["parameter_origins"], data["parameter_files"], data["data_as_of"],
                         manifest=paths.display_path(_manifest_path(run_id)))
    from analysis.parameters import RunParameters, load_parameters

    resolved = load_parameters()
    values = RunParameters.model_validate(resolved.as_dict() | injected).model_dump(mode="json")
    origins = resolved.origins | {name: INJECTED for name in injected}
    accessed = max(s.meta.origin.date_accessed for s in provenance.list_snapshots()).isoformat()
    return RunRecord(run_id, values, origins, list(resolved.files), accessed)


def run_parameter_values(run_id: str) -> dict[str, Any]:
    """The run's parameter values (its manifest's, else the defaults'), unvalidated."""
    data = _manifest(run_id)
    if data is not None:
        return data["parameters"]
    from analysis.parameters import load_parameters

    return load_parameters().as_dict()


def run_parameters(run_id: str, injected: dict[str, Any] | None = None):
    """The run's parameters, validated (a :class:`~analysis.parameters.RunParameters`);
    recorded, for the notebook cache, as a read of the parameters alone."""
    record = _load_record(run_id, injected)
    reads.record(reads.RUN, "parameters", parameters_digest(record.parameters))
    return record.values()


def _manifest_path(run_id: str) -> Path:
    return paths.runs_dir() / run_id / "manifest.json"


def _manifest(run_id: str) -> dict | None:
    path = _manifest_path(run_id)
    if run_id == INTERACTIVE or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
