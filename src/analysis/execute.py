"""Execute the chapter notebooks with papermill into a run folder.

The order of work in :func:`execute_run`:

1. check every chapter's ``parameters`` cell against the run parameters (before any
   kernel starts: a notebook that declares an unknown name is an error, and so is a cell
   value the run would silently override); notebooks that are not chapters are skipped;
2. verify and process the raw data (checksums, schemas, tidy tables);
3. execute each notebook in its own kernel, injecting the parameters it declares and the
   run id, showing progress per cell;
4. write the manifest; mark the run as the latest good one only if every chapter ran.

A notebook that raises stops the run with a :class:`NotebookExecutionError` naming the
notebook, the cell and the error; papermill has already saved the executed notebook with
the failing cell marked, and it stays in the run folder.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from analysis import paths, processed, provenance
from analysis.chapters import list_chapters, stray_notebooks, stray_warning
from analysis.errors import NotebookExecutionError, ParameterError
from analysis.kernel import KERNEL_NAME, ProjectKernelManager
from analysis.parameters import ResolvedParameters, RunParameters
from analysis.parameters.cells import check_parameter_cells
from analysis.runs import Manifest, NotebookRecord, mark_latest, new_run_id, prune_runs

# Parameters every notebook may declare besides the run parameters.
RUN_CONTEXT = ("run_id",)


def list_notebooks(only: list[str] | None = None) -> list[Path]:
    """The chapter notebooks (those report/brief.qmd embeds) in execution order (by file
    name), optionally a subset. Other notebooks in notebooks/ are never executed."""
    notebooks = list_chapters()
    if only:
        wanted = {name.removesuffix(".ipynb") for name in only}
        unknown = wanted - {nb.stem for nb in notebooks}
        if unknown:
            chapters = ", ".join(nb.stem for nb in notebooks)
            raise ParameterError([f"no chapter notebook named {name!r} (the chapters: {chapters})" for name in sorted(unknown)])
        notebooks = [nb for nb in notebooks if nb.stem in wanted]
    return notebooks


def declared_parameters(notebook: Path) -> list[str]:
    """Names assigned in the notebook's cell tagged ``parameters``."""
    return list(papermill.inspect_notebook(str(notebook)))


def check_notebook_parameters(notebooks: list[Path]) -> dict[Path, list[str]]:
    """Each notebook's declared parameters; raise if one is not a run parameter."""
    known = set(RunParameters.model_fields) | set(RUN_CONTEXT)
    declared, problems = {}, []
    for notebook in notebooks:
        names = declared_parameters(notebook)
        if not names:
            problems.append(f"{notebook.name} has no cell tagged 'parameters'")
        for name in names:
            if name not in known:
                problems.append(f"{notebook.name} declares {name!r}, which is not a run parameter")
        declared[notebook] = names
    if problems:
        raise ParameterError(problems)
    return declared


def prepare_data(on_step: Callable | None = None) -> None:
    """Verify every raw snapshot's checksum, then run the processing steps."""
    for snapshot in provenance.list_snapshots():
        provenance.verify(snapshot)
    processed.run_all_steps(on_step=on_step)


def execute_run(
    params: ResolvedParameters,
    only: list[str] | None = None,
    *,
    progress: bool = True,
    announce: Callable[[str], None] = print,
) -> Manifest:
    """Run the pipeline up to executed notebooks; returns the manifest of a successful run."""
    notebooks = list_notebooks(only)
    if strays := stray_notebooks():
        announce(stray_warning(strays))
    declared = check_notebook_parameters(notebooks)
    check_parameter_cells(notebooks, params)

    announce("Verifying raw data and building processed tables")
    prepare_data(on_step=lambda step: announce(f"  step {step.name}: {', '.join(step.inputs)} → {', '.join(step.outputs)}"))

    snapshots = [_snapshot_record(s) for s in provenance.list_snapshots()]
    manifest = Manifest(
        run_id=new_run_id(),
        started_at=_now(),
        parameters=params.as_dict(),
        parameter_origins=params.origins,
        parameter_files=list(params.files),
        snapshots=snapshots,
        data_as_of=max(s["date_accessed"] for s in snapshots),
        latest_observation=processed.latest_observation_date(),
    )
    manifest.notebooks = [NotebookRecord(nb.name, paths.display_path(manifest.notebooks_dir / nb.name)) for nb in notebooks]
    manifest.notebooks_dir.mkdir(parents=True, exist_ok=True)
    manifest.save()

    values = params.as_dict() | {"run_id": manifest.run_id}
    for index, (record, notebook) in enumerate(zip(manifest.notebooks, notebooks), start=1):
        announce(f"[{index}/{len(notebooks)}] {notebook.name}")
        injected = {name: values[name] for name in declared[notebook]}
        started = time.monotonic()
        try:
            _execute_one(notebook, manifest.notebooks_dir / notebook.name, injected, progress, index, len(notebooks))
        except NotebookExecutionError as error:
            record.status, record.error = "failed", f"{error.ename}: {error.evalue}"
            record.seconds = round(time.monotonic() - started, 1)
            manifest.status, manifest.finished_at = "failed", _now()
            manifest.save()
            raise
        record.status, record.seconds = "ok", round(time.monotonic() - started, 1)
        manifest.save()

    manifest.status, manifest.finished_at = "succeeded", _now()
    manifest.save()
    if [nb.name for nb in notebooks] == [nb.name for nb in list_chapters()]:
        mark_latest(manifest)
    else:
        announce("A subset run is never rendered: `brief render` keeps rendering the latest complete run.")
    prune_runs()
    return manifest


def _execute_one(notebook: Path, output: Path, parameters: dict, progress: bool, index: int, total: int) -> None:
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets a debugger warning
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            # This environment's interpreter, whatever kernel the notebook names or is registered.
            kernel_name=KERNEL_NAME,
            kernel_manager_class=ProjectKernelManager,
            cwd=str(notebook.parent),
            progress_bar={"desc": f"  {notebook.stem} [{index}/{total}]", "leave": True} if progress else False,
            log_output=False,
            # The kernel's own start-up warnings (e.g. about its local TCP transport) are not
            # the reader's business; errors still show.
            extra_arguments=["--log-level=ERROR"],
        )
    except PapermillExecutionError as exc:
        raise NotebookExecutionError(
            notebook=paths.display_path(notebook),
            cell_index=_source_cell_index(notebook, output, exc.cell_index),
            exec_count=exc.exec_count,
            ename=exc.ename,
            evalue=exc.evalue,
            output_path=paths.display_path(output),
        ) from None
    except Exception as exc:  # the kernel died or could not start
        raise NotebookExecutionError(
            notebook=paths.display_path(notebook),
            cell_index=None,
            exec_count=None,
            ename=type(exc).__name__,
            evalue=str(exc).strip().splitlines()[0] if str(exc).strip() else "",
            output_path=paths.display_path(output),
        ) from exc


def _source_cell_index(notebook: Path, output: Path, executed_index: int) -> int:
    """The failing cell's index in the source notebook (what its author sees), found by cell id.

    papermill's index counts the injected-parameters cell, and the saved output also holds
    the error banners it inserted; the failing cell follows the anchor banner.
    """
    try:
        executed = nbformat.read(output, as_version=4).cells
        anchor = next(i for i, c in enumerate(executed) if 'id="papermill-error-cell"' in c.source)
        failing_id = executed[anchor + 1].get("id")
        source_ids = [c.get("id") for c in nbformat.read(notebook, as_version=4).cells]
        return source_ids.index(failing_id)
    except (StopIteration, ValueError, IndexError, OSError):
        return executed_index


def _snapshot_record(snapshot: provenance.Snapshot) -> dict:
    meta = snapshot.meta
    return {
        "name": meta.snapshot.name,
        "version": meta.snapshot.version,
        "file": paths.display_path(snapshot.path),
        "md5": meta.snapshot.md5,
        "grade": meta.quality.grade.value,
        "date_accessed": meta.origin.date_accessed.isoformat(),
    }


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
