"""The ``brief`` command: run the notebooks, render the brief, inspect parameters and data."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

# jsonschema (imported by nbformat, so by papermill) imports the optional rfc3987-syntax,
# which compiles some 35 grammars at import: about a second of every `brief` command
# (python-jsonschema/jsonschema#1428). It only checks the "iri" formats, which the notebook
# schemas do not use; without it jsonschema leaves that one check out.
sys.modules.setdefault("rfc3987_syntax", None)

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from analysis import paths, provenance
from analysis.errors import BriefError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Build the H200 brief: execute the notebooks with papermill, render HTML and PDF.",
)
console = Console(stderr=True, highlight=False)

ParamOption = Annotated[
    list[str] | None,
    typer.Option("-p", "--param", help="Override one parameter: name=value (value read as YAML). Repeatable."),
]
ParamsFileOption = Annotated[
    list[Path] | None,
    typer.Option("--params", help="A YAML file of parameter values, applied over params/default.yaml. Repeatable."),
]
EngineOption = Annotated[
    str, typer.Option("--engine", help="auto (Quarto if installed, else pandoc + typst), quarto or pandoc.")
]
WaitOption = Annotated[
    bool,
    typer.Option("--wait/--no-wait", help="If another brief command is writing in this project, wait for it "
                 "(saying so), or stop at once."),
]


def _fail(error: BaseException) -> None:
    console.print(f"[bold red]error:[/] {error}", soft_wrap=True)
    cause = error.__cause__
    if cause is not None and not isinstance(cause, BriefError):
        from analysis.error_log import save_traceback

        console.print(f"  (the full traceback is in {paths.display_path(save_traceback(error))})", soft_wrap=True)
    raise typer.Exit(code=1)


def _lock(wait: bool):
    """The project's write lock for this command (one brief command writes at a time)."""
    from analysis.run_lock import command_line, project_lock

    return project_lock(command_line(), wait=wait, announce=lambda m: console.print(m, soft_wrap=True))


@app.command()
def run(
    param: ParamOption = None,
    params: ParamsFileOption = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Execute only this notebook (name or stem). Repeatable.")
    ] = None,
    render: Annotated[bool, typer.Option("--render/--no-render", help="Render the brief after execution.")] = True,
    engine: EngineOption = "auto",
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a line per notebook.")] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Re-execute every notebook (do not reuse earlier executions).")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Notebooks executed at once (default: the number of CPUs).")
    ] = None,
    wait: WaitOption = True,
) -> None:
    """Validate parameters, process the data, execute the notebooks that changed, render the brief."""
    from analysis.execute import execute_run
    from analysis.parameters import load_parameters

    started = time.monotonic()
    try:
        resolved = load_parameters(params, param)
        if only and render:
            raise BriefError(
                "--only executes a subset of the notebooks, which cannot make a complete brief.",
                remedy="Add --no-render to execute a subset.",
            )
        with _lock(wait):
            manifest = execute_run(resolved, only, progress=progress,
                                   announce=lambda m: console.print(m, soft_wrap=True), force=force, jobs=jobs)
            console.print(f"Executed notebooks are in {paths.display_path(manifest.notebooks_dir)}")
            if render:
                _render_unless_up_to_date(manifest, engine, force)
    except BriefError as error:
        _fail(error)
    except KeyboardInterrupt:
        console.print("[bold red]Interrupted.[/] The last good brief was left in place.")
        raise typer.Exit(code=130) from None
    console.print(f"Done in {time.monotonic() - started:.0f} s.")


@app.command("weekly")
def weekly_command(
    param: ParamOption = None,
    params: ParamsFileOption = None,
    engine: EngineOption = "auto",
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show per-cell progress.")] = False,
    wait: WaitOption = True,
) -> None:
    """The weekly job: refresh every source with a connector, run, publish, archive the edition.

    Exit status: 0 published; 3 published with stale sources (a refresh failed or a source is
    past its cadence; the brief names them on page 1); 1 failed, nothing published.
    """
    from analysis import weekly
    from analysis.parameters import load_parameters

    started = time.monotonic()
    say = lambda m: console.print(m, soft_wrap=True)  # noqa: E731
    try:
        with _lock(wait):
            status = weekly.run_weekly(load_parameters(params, param), engine=engine, progress=progress, announce=say)
    except BriefError as error:
        weekly.failed_status(error)
        _fail(error)
    except KeyboardInterrupt:
        weekly.failed_status(KeyboardInterrupt("interrupted"))
        console.print("[bold red]Interrupted.[/] The last good brief was left in place.")
        raise typer.Exit(code=130) from None
    except Exception as error:  # a bug: record the failure for the scheduler, then show the traceback
        weekly.failed_status(error)
        raise
    for path in (paths.output_dir() / "brief.html", paths.output_dir() / "brief.pdf"):
        print(f"Brief written: {path}")
    print(f"Edition archived: {paths.display_path(paths.output_dir() / 'history' / status.edition)}")
    if status.exit_code == weekly.EXIT_PUBLISHED_STALE:
        console.print(f"[bold yellow]Published with stale sources[/] (exit {status.exit_code}): "
                      f"refresh failed for {', '.join(status.failed_sources) or 'none'}; "
                      f"past their cadence: {', '.join(status.stale_sources) or 'none'}.", soft_wrap=True)
    console.print(f"Done in {time.monotonic() - started:.0f} s.")
    raise typer.Exit(code=status.exit_code)


@app.command("render")
def render_command(engine: EngineOption = "auto", wait: WaitOption = True) -> None:
    """Render the brief from the latest complete, successful run (a --only run never is one)."""
    try:
        with _lock(wait):
            _render(None, engine)
    except BriefError as error:
        _fail(error)


def _render(manifest, engine: str) -> None:
    from analysis.render import render_brief
    from analysis.render.published_inputs import record_published
    from analysis.runs import latest_manifest

    console.print("Rendering the brief")
    result = render_brief(manifest, engine)
    console.print(f"  engine: {result.engine}")
    for warning in result.warnings:
        console.print(f"  [yellow]{result.engine} warned:[/yellow] {escape(warning)}")
    for path in result.outputs.values():
        print(f"Brief written: {path}")
    record_published(manifest if manifest is not None else latest_manifest(), result.engine, result.outputs)


def _render_unless_up_to_date(manifest, engine: str, force: bool) -> None:
    """Render, unless every notebook was reused and the published brief came from exactly
    these notebooks, this report project and this engine."""
    from analysis.render import choose_engine
    from analysis.render.published_inputs import published_run_if_current

    if not force and all(record.cache == "hit" for record in manifest.notebooks):
        published = published_run_if_current(manifest, choose_engine(engine).NAME)
        if published is not None:
            console.print(f"The brief is up to date (rendered from run {published}, with the same inputs); "
                          "not rendering it again.")
            for path in sorted(paths.output_dir().glob("brief.*")):
                print(f"Brief: {path}")
            return
    _render(manifest, engine)


@app.command("params")
def params_command(param: ParamOption = None, params: ParamsFileOption = None) -> None:
    """List every parameter: its value for this configuration, where it came from, what it means."""
    from analysis.parameters import RunParameters, load_parameters

    try:
        resolved = load_parameters(params, param)
    except BriefError as error:
        _fail(error)
    table = Table("parameter", "value", "from", "meaning", show_lines=False)
    for name, field in RunParameters.model_fields.items():
        table.add_row(name, repr(getattr(resolved.values, name)), resolved.origins.get(name, "?"), field.description or "")
    Console().print(table)


@app.command("verify")
def verify_command() -> None:
    """Check every raw snapshot: sidecar complete, checksum matching, schema valid."""
    from analysis.raw import read_raw

    failures = 0
    table = Table("dataset", "version", "rows", "grade", "status")
    for snapshot in provenance.list_snapshots():
        try:
            frame = read_raw(snapshot.name, snapshot.version)
            table.add_row(snapshot.name, snapshot.version, str(len(frame)), snapshot.meta.quality.grade.label, "ok")
        except (BriefError, LookupError) as error:
            failures += 1
            table.add_row(snapshot.name, snapshot.version, "", "", "[red]failed[/]")
            console.print(f"[bold red]error:[/] {error}", soft_wrap=True)
    orphans = provenance.orphan_files()
    for orphan in orphans:
        console.print(f"[bold red]error:[/] {paths.display_path(orphan)} has no provenance sidecar")
    Console().print(table)
    if failures or orphans:
        raise typer.Exit(code=1)


fetch_app = typer.Typer(help="Fetch fresh data from a live source into a new dated raw snapshot.")
app.add_typer(fetch_app, name="fetch")


@fetch_app.callback(invoke_without_command=True)
def fetch_callback(
    ctx: typer.Context,
    list_: Annotated[bool, typer.Option("--list", help="One line per dataset: connector or 'manual', cadence, "
                                        "latest version, stale or not.")] = False,
) -> None:
    """Fetch fresh data (`brief fetch all`, or one source), or list every dataset's freshness (`--list`)."""
    if list_:
        from analysis.fetch_report import print_freshness

        print_freshness()
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        print(ctx.get_help())
        raise typer.Exit()


@fetch_app.command("all")
def fetch_all(
    dataset: Annotated[list[str] | None, typer.Argument(help="Only these datasets (default: every one with a "
                                                        "connector).")] = None,
) -> None:
    """Refresh every dataset with a connector; a failed source keeps its last snapshot (exit 1 if any failed)."""
    from analysis.fetch_report import print_outcomes
    from analysis.refresh import refresh_all

    outcomes = refresh_all(datasets=dataset or None)
    print_outcomes(outcomes)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(code=1)


@fetch_app.command("sec")
def fetch_sec(
    user_agent: Annotated[str, typer.Option("--user-agent", envvar="BRIEF_SEC_USER_AGENT",
                                            help="Who is asking, with a contact, as the SEC requires: "
                                            "'Name Org name@example.org'.")],
) -> None:
    """NVIDIA's XBRL company facts from data.sec.gov -> data/raw/sec_companyfacts_nvda/<today>/."""
    from analysis.refresh import refresh_sec_companyfacts

    try:
        with _lock(wait=True):
            snapshot = refresh_sec_companyfacts(user_agent)
    except BriefError as error:
        _fail(error)
    _print_new(snapshot, "sec_companyfacts_nvda")


@fetch_app.command("worldbank")
def fetch_worldbank(
    start_year: Annotated[int, typer.Option(help="First year to fetch.")] = 2020,
    end_year: Annotated[int, typer.Option(help="Last year to fetch.")] = 2025,
) -> None:
    """GDP and official exchange rates from the World Bank API -> data/raw/macro/<today>/."""
    from analysis.refresh import refresh_worldbank_macro

    try:
        with _lock(wait=True):
            snapshot = refresh_worldbank_macro(start_year, end_year)
    except BriefError as error:
        _fail(error)
    _print_new(snapshot, "macro")


def _print_new(snapshot, dataset: str) -> None:
    if snapshot is None:
        print(f"Unchanged: the fetched {dataset} equals its latest snapshot; no new version.")
    else:
        print(f"New snapshot: {paths.display_path(snapshot.path)}")


snapshot_app = typer.Typer(help="Register hand-compiled data as a new dated raw snapshot.")
app.add_typer(snapshot_app, name="snapshot")


@snapshot_app.command("add")
def snapshot_add(
    dataset: Annotated[str, typer.Argument(help="The dataset (a folder under data/raw/).")],
    file: Annotated[Path, typer.Argument(help="The new data file, in the dataset's raw layout.")],
    note: Annotated[str | None, typer.Option(help="What changed, appended to the sidecar's description.")] = None,
) -> None:
    """Validate FILE against DATASET's raw schema and store it as today's version, sidecar carried over."""
    from analysis.snapshot_versions import describe, register_file

    try:
        snapshot = register_file(dataset, file, note=note)
    except BriefError as error:
        _fail(error)
    print(f"New snapshot: {describe(snapshot)}")


def main() -> None:
    """The console script: user errors print their message; anything else prints one line and where
    its full traceback was saved (build/logs/), never the traceback itself."""
    try:
        app()
    except BriefError as error:  # a user error that no command caught: still no traceback
        console.print(f"[bold red]error:[/] {error}", soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        console.print("[bold red]Interrupted.[/] The last good brief was left in place.")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - a bug: summarise it, keep the details in a file
        from analysis.error_log import one_line_summary, save_traceback

        saved = save_traceback(error)
        console.print(
            f"[bold red]error:[/] unexpected {one_line_summary(error)} (a bug in the brief, not in your input); "
            f"full traceback saved in {paths.display_path(saved)}",
            soft_wrap=True,
        )
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
