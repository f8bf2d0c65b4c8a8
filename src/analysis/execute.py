"""Execute the chapter notebooks with papermill into a run folder.

The order of work in :func:`execute_run`:

1. check every chapter's ``parameters`` cell against the run parameters (before any
   kernel starts: a notebook that declares an unknown name is an error, and so is a cell
   value the run would silently override); notebooks that are not chapters are skipped;
2. verify the raw data and bring the processed tables up to date (checksums, schemas,
   tidy tables; a step whose inputs and code are unchanged is skipped);
3. look each notebook up in the cache of executed notebooks (:mod:`analysis.notebook_cache`):
   a hit is copied into the run folder; the misses are executed in parallel, each in its
   own kernel, with the parameters it declares and the run id injected; each successful
   execution is stored in the cache with what it read;
4. write the manifest (with ``"cache": "hit"`` or ``"miss"`` and, for a miss, which part of
   the key changed); mark the run as the latest good one only if every chapter ran.

A notebook that raises stops the run with a :class:`NotebookExecutionError` naming the
notebook, the cell and the error; papermill has already saved the executed notebook with
the failing cell marked, and it stays in the run folder. It is never cached. Notebooks
already running are let finish; those not started are not started.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from analysis import paths, processed, provenance, reads
from analysis.chapters import list_chapters, stray_notebooks, stray_warning
from analysis.errors import NotebookExecutionError, ParameterError
from analysis.kernel import KERNEL_NAME, ProjectKernelManager
from analysis.notebook_cache import (
    CurrentReads,
    Key,
    Lookup,
    NotebookCache,
    environment_digest,
    package_digest,
    source_digest,
)
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


def prepare_data(on_step: Callable | None = None, *, force: bool = True) -> None:
    """Verify every raw snapshot's checksum, then run the processing steps (with
    ``force=False``, only those whose inputs or code changed)."""
    for snapshot in provenance.list_snapshots():
        provenance.verify(snapshot)
    processed.run_all_steps(on_step=on_step, force=force)


def execute_run(
    params: ResolvedParameters,
    only: list[str] | None = None,
    *,
    progress: bool = True,
    announce: Callable[[str], None] = print,
    force: bool = False,
    jobs: int | None = None,
    cache: NotebookCache | None = None,
) -> Manifest:
    """Run the pipeline up to executed notebooks; returns the manifest of a successful run.

    ``force`` re-executes every notebook (the cache is not read, but is written); ``jobs``
    is the number of kernels run at once (default: the number of CPUs); ``progress`` prints
    a line per notebook. ``cache`` is the store of executed notebooks (default: under build/).
    """
    notebooks = list_notebooks(only)
    if strays := stray_notebooks():
        announce(stray_warning(strays))
    declared = check_notebook_parameters(notebooks)
    check_parameter_cells(notebooks, params)

    announce("Verifying raw data and building processed tables")
    # Tables are rebuilt when their inputs or code changed (their fingerprint), with or
    # without --force: a rebuild from the same inputs and code gives the same table.
    prepare_data(
        on_step=lambda step: announce(f"  step {step.name}: {', '.join(step.inputs)} → {', '.join(step.outputs)}"),
        force=False,
    )

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

    cache = cache or NotebookCache()
    tasks = _plan(manifest, notebooks, declared, params, cache, force)
    say = announce if progress else (lambda message: None)
    for task in tasks:
        if task.lookup.entry is not None:
            started = time.monotonic()
            cache.restore(task.lookup.entry, task.output, manifest.folder)
            task.record.status, task.record.cache = "ok", "hit"
            task.record.reused_from = task.lookup.entry.run_id
            task.record.seconds = round(time.monotonic() - started, 1)
            say(f"  {task.label}  reused (executed in run {task.lookup.entry.run_id})")
    manifest.save()

    misses = [task for task in tasks if task.lookup.entry is None]
    failures = _execute_misses(misses, manifest, cache, jobs, say)
    reused = len(tasks) - len(misses)
    announce(f"Notebooks: {len(misses)} executed, {reused} reused from the cache.")
    if failures:
        manifest.status, manifest.finished_at = "failed", _now()
        manifest.save()
        raise failures[0]

    manifest.status, manifest.finished_at = "succeeded", _now()
    manifest.save()
    if [nb.name for nb in notebooks] == [nb.name for nb in list_chapters()]:
        mark_latest(manifest)
    else:
        announce("A subset run is never rendered: `brief render` keeps rendering the latest complete run.")
    prune_runs()
    return manifest


@dataclass
class _Task:
    """One notebook of the run: where it goes, what it gets, and what the cache said."""

    index: int
    total: int
    notebook: Path
    output: Path
    record: NotebookRecord
    parameters: dict
    key: Key
    lookup: Lookup

    @property
    def label(self) -> str:
        return f"[{self.index}/{self.total}] {self.notebook.name}"


def _plan(manifest: Manifest, notebooks: list[Path], declared: dict[Path, list[str]], params: ResolvedParameters,
          cache: NotebookCache, force: bool) -> list[_Task]:
    """Each notebook's key, and the cache's answer for it (or 'forced')."""
    values = params.as_dict() | {"run_id": manifest.run_id}
    # What the notebooks will read back from the manifest: its values after the JSON round trip.
    saved = json.loads((manifest.folder / "manifest.json").read_text(encoding="utf-8"))
    current = CurrentReads(
        saved["parameters"], saved["parameter_origins"], saved["parameter_files"], saved["data_as_of"]
    )
    package, environment = package_digest(), environment_digest()
    tasks = []
    for index, (record, notebook) in enumerate(zip(manifest.notebooks, notebooks), start=1):
        injected = {name: values[name] for name in declared[notebook]}
        keyed = json.loads(json.dumps({k: v for k, v in injected.items() if k not in RUN_CONTEXT}, default=str))
        key = Key(source=source_digest(notebook), parameters=keyed, package=package, environment=environment)
        lookup = Lookup(None, "forced (--force)") if force else cache.lookup(notebook.name, key, current)
        tasks.append(_Task(index, len(notebooks), notebook, manifest.notebooks_dir / notebook.name, record, injected,
                           key, lookup))
    return tasks


def _execute_misses(tasks: list[_Task], manifest: Manifest, cache: NotebookCache, jobs: int | None,
                    say: Callable[[str], None]) -> list[NotebookExecutionError]:
    """Execute the notebooks the cache could not serve, ``jobs`` kernels at a time; store each
    success in the cache. Returns the failures in notebook order (after a failure, notebooks
    not yet started are not started)."""
    if not tasks:
        return []
    logs = manifest.folder / "reads"
    logs.mkdir(exist_ok=True)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    failures: dict[int, NotebookExecutionError] = {}

    def finish(task: _Task, outcome: dict) -> None:
        task.record.seconds = outcome["seconds"]
        task.record.cache, task.record.cache_reason = "miss", task.lookup.reason
        if outcome["error"] is not None:
            error = NotebookExecutionError(**outcome["error"])
            task.record.status, task.record.error = "failed", f"{error.ename}: {error.evalue}"
            failures[task.index] = error
            say(f"  {task.label}  failed after {outcome['seconds']:.1f} s")
        else:
            task.record.status = "ok"
            try:
                cache.store(task.notebook.name, task.key, reads.read_log(logs / f"{task.notebook.stem}.jsonl"),
                            task.output, manifest.folder, manifest.run_id)
            except OSError as error:  # the cache only saves time: a run does not fail for it
                say(f"  {task.label}  (not cached: {error})")
            say(f"  {task.label}  executed in {outcome['seconds']:.1f} s ({task.lookup.reason})")
        manifest.save()

    def arguments(task: _Task) -> tuple:
        return (str(task.notebook), str(task.output), task.parameters, str(logs / f"{task.notebook.stem}.jsonl"))

    if workers == 1:
        for task in tasks:
            finish(task, execute_notebook_recording_reads(*arguments(task)))
            if failures:
                break
        return [failures[i] for i in sorted(failures)]

    with ProcessPoolExecutor(max_workers=workers, initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        running: dict[Future, _Task] = {pool.submit(execute_notebook_recording_reads, *arguments(t)): t for t in tasks}
        try:
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    if future.cancelled():
                        continue
                    finish(task, future.result())
                if failures:
                    for future in running:
                        future.cancel()
        except BaseException:
            for future in running:
                future.cancel()
            raise
    return [failures[i] for i in sorted(failures)]


def exit_with_parent(parent: int, every_seconds: float = 0.5) -> None:
    """In a worker process: exit as soon as ``parent`` (the `brief` process) is gone.

    A worker waits for work on a pipe that its sibling workers also hold open, so a parent
    killed with ``kill -9`` would leave it waiting for ever; its kernel follows it out (a
    kernel exits when the process that started it does).
    """
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def execute_notebook_recording_reads(notebook: str, output: str, parameters: dict, reads_log: str) -> dict:
    """Execute one notebook with its kernel recording its reads into ``reads_log``.

    Runs in a worker process (the kernel inherits its environment, where the log is named),
    so it returns plain data: the seconds taken and, for a failure, the error's fields.
    """
    started = time.monotonic()
    Path(reads_log).unlink(missing_ok=True)
    kernel_env = {reads.ENV_VAR: reads_log, reads.TABLES_CURRENT_VAR: "1"}
    previous = {name: os.environ.get(name) for name in kernel_env}
    os.environ.update(kernel_env)
    try:
        _execute_one(Path(notebook), Path(output), parameters)
        error = None
    except NotebookExecutionError as exc:
        error = {"notebook": exc.notebook, "cell_index": exc.cell_index, "exec_count": exc.exec_count,
                 "ename": exc.ename, "evalue": exc.evalue, "output_path": str(exc.output_path)}
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return {"seconds": round(time.monotonic() - started, 1), "error": error}


def _execute_one(notebook: Path, output: Path, parameters: dict) -> None:
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
            progress_bar=False,  # one line per notebook instead, when it finishes (kernels run in parallel)
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
