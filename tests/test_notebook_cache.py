"""The cache of executed notebooks: what a notebook's key covers, and when a run reuses it.

The run-level tests execute three tiny notebooks (each in a real kernel) against a copy of
the project's data: one reads the processed table ``chip_prices``, one reads ``china_trade``,
one reads no data. A new raw snapshot of the trade data must re-execute exactly the
notebook that read the table it feeds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from analysis import notebook_cache, processed, provenance, reads, scenario_inputs, scenarios
from analysis.errors import NotebookExecutionError
from analysis.execute import execute_run
from analysis.notebook_cache import Key, NotebookCache
from analysis.parameters import load_parameters
from analysis.steps import step_for_table


# -- the reads log ------------------------------------------------------------------------

def test_reads_are_recorded_only_when_a_run_names_a_log(tmp_path, monkeypatch):
    log = tmp_path / "reads.jsonl"
    monkeypatch.delenv(reads.ENV_VAR, raising=False)
    reads.record(reads.TABLE, "t", "d0")  # JupyterLab, a script: nothing happens
    assert not log.exists()
    monkeypatch.setenv(reads.ENV_VAR, str(log))
    reads.record(reads.TABLE, "t", "d1")
    with reads.paused():
        reads.record(reads.TABLE, "hidden", "d2")
    reads.record(reads.SNAPSHOT, "s", "d3")
    assert reads.read_log(log) == {(reads.TABLE, "t"): "d1", (reads.SNAPSHOT, "s"): "d3"}


def test_load_table_records_the_tables_content_digest_not_its_inputs(project, monkeypatch, tmp_path):
    log = tmp_path / "reads.jsonl"
    monkeypatch.setenv(reads.ENV_VAR, str(log))
    processed.load_table("chip_prices")
    entries = reads.read_log(log)
    # The table, by content; its step's look-ups of raw snapshots are not the notebook's reads.
    assert entries == {(reads.TABLE, "chip_prices"): processed.content_digest(processed.table_path("chip_prices"))}


def test_a_tables_content_digest_depends_on_its_rows_only(project):
    processed.load_table("chip_prices")
    path = processed.table_path("chip_prices")
    before = processed.content_digest(path)
    step = step_for_table("chip_prices")
    processed.run_step(step)  # rebuilt from the same inputs: same content
    assert processed.content_digest(path) == before
    frame = processed.load_table("chip_prices")
    processed._write_parquet(frame.iloc[1:], path, processed.fingerprint(step))
    assert processed.content_digest(path) != before


# -- the parts of the key ------------------------------------------------------------------

def _notebook(path: Path, parameters: str, *body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, *(nbformat.v4.new_code_cell(source) for source in body)]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_the_source_digest_ignores_outputs_and_execution_metadata(tmp_path):
    path = _notebook(tmp_path / "a.ipynb", "seed = 1", "print(seed)")
    before = notebook_cache.source_digest(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[1].execution_count = 7
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.cells[1].metadata["papermill"] = {"duration": 0.1}
    nbformat.write(nb, path)
    assert notebook_cache.source_digest(path) == before
    nb.cells[1].source = "print(seed + 1)"
    nbformat.write(nb, path)
    assert notebook_cache.source_digest(path) != before


def test_the_package_digest_covers_every_file_of_the_package(tmp_path):
    package = tmp_path / "analysis"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.yaml").write_text("k: v\n")
    before = notebook_cache.package_digest(package)
    (package / "sub" / "b.yaml").write_text("k: w\n")
    assert notebook_cache.package_digest(package) != before
    (package / "sub" / "b.yaml").write_text("k: v\n")
    assert notebook_cache.package_digest(package) == before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert notebook_cache.package_digest(package) == before


def test_the_environment_digest_changes_with_an_installed_distribution(tmp_path, monkeypatch):
    before = notebook_cache.environment_digest()
    site = tmp_path / "site"
    info = site / "extra_tool-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-tool\nVersion: 1.0\n")
    monkeypatch.syspath_prepend(str(site))
    with_tool = notebook_cache.environment_digest()
    assert with_tool != before
    info.rename(site / "extra_tool-1.1.dist-info")
    (site / "extra_tool-1.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-tool\nVersion: 1.1\n")
    assert notebook_cache.environment_digest() not in (before, with_tool)


# -- the store ------------------------------------------------------------------------------

KEY = Key(source="s", parameters={"seed": 1}, package="p", environment="e")


def _stored(tmp_path: Path, key: Key = KEY, read_log=None) -> tuple[NotebookCache, Path]:
    cache = NotebookCache(tmp_path / "cache")
    run_folder = tmp_path / "run"
    executed = _notebook(run_folder / "notebooks" / "x.ipynb", "seed = 1")
    cache.store("x.ipynb", key, read_log or {(reads.TABLE, "t"): "d1"}, executed, run_folder, "run-1")
    return cache, executed


def test_a_stored_execution_is_found_while_its_key_and_reads_are_unchanged(tmp_path):
    cache, executed = _stored(tmp_path)
    found = cache.lookup("x.ipynb", KEY, lambda kind, name: "d1")
    assert found.entry is not None and found.entry.run_id == "run-1"
    target = tmp_path / "next" / "x.ipynb"
    cache.restore(found.entry, target, tmp_path / "next")
    assert target.read_bytes() == executed.read_bytes()


@pytest.mark.parametrize(
    ("key", "current", "reason"),
    [
        (Key("s2", {"seed": 1}, "p", "e"), "d1", "source"),
        (Key("s", {"seed": 2}, "p", "e"), "d1", "parameters (seed)"),
        (Key("s", {"seed": 1}, "p2", "e"), "d1", "analysis package"),
        (Key("s", {"seed": 1}, "p", "e2"), "d1", "environment"),
        (KEY, "d2", "data (table t)"),
    ],
)
def test_a_change_to_any_part_of_the_key_is_a_miss_that_names_it(tmp_path, key, current, reason):
    cache, _ = _stored(tmp_path)
    found = cache.lookup("x.ipynb", key, lambda kind, name: current)
    assert found.entry is None and found.reason == reason


def test_a_different_environment_never_reuses_any_entry(tmp_path):
    cache = NotebookCache(tmp_path / "cache")
    for environment in ("e1", "e2", "e3"):
        run_folder = tmp_path / environment
        executed = _notebook(run_folder / "x.ipynb", "seed = 1", f"# {environment}")
        cache.store("x.ipynb", Key("s", {}, "p", environment), {}, executed, run_folder, environment)
    assert cache.lookup("x.ipynb", Key("s", {}, "p", "e4"), lambda kind, name: None).entry is None
    assert cache.lookup("x.ipynb", Key("s", {}, "p", "e2"), lambda kind, name: None).entry.run_id == "e2"


def test_unfinished_entries_are_ignored(tmp_path):
    cache, _ = _stored(tmp_path)
    folder = next((tmp_path / "cache" / "x").iterdir())
    (folder / "entry.json").write_text("{ truncated")
    assert cache.lookup("x.ipynb", KEY, lambda kind, name: "d1").entry is None
    (tmp_path / "cache" / "x" / ".tmp-killed").mkdir()  # a run killed while storing
    assert cache.entries("x.ipynb") == []


# -- runs -----------------------------------------------------------------------------------

@pytest.fixture
def small_project(project, tmp_path, monkeypatch):
    """The project's data with three tiny notebooks instead of the chapters."""
    notebooks = tmp_path / "notebooks"
    defaults = load_parameters().as_dict()  # a parameters cell mirrors params/default.yaml (else brief run stops)
    _notebook(notebooks / "a_prices.ipynb", f"seed = {defaults['seed']}",
              "from analysis.processed import load_table", "print(len(load_table('chip_prices')))")
    _notebook(notebooks / "b_trade.ipynb", f"claims_tolerance_pct = {defaults['claims_tolerance_pct']}",
              "from analysis.processed import load_table", "print(load_table('china_trade')['value'].sum())")
    _notebook(notebooks / "c_no_data.ipynb", f"n_draws = {defaults['n_draws']}", "print(n_draws * 2)")
    monkeypatch.setenv("BRIEF_NOTEBOOKS_DIR", str(notebooks))
    _declare_chapters(project, ["a_prices", "b_trade", "c_no_data"])
    return project


def _declare_chapters(root: Path, stems: list[str]) -> None:
    """Make the tiny notebooks the chapters: the ones report/brief.qmd embeds."""
    embeds = "".join(f"{{{{< embed _notebooks/{stem}.ipynb >}}}}\n\n" for stem in stems)
    (root / "report" / "brief.qmd").write_text(f"---\ntitle: test\n---\n\n{embeds}", encoding="utf-8")


def _run(**kwargs):
    return execute_run(load_parameters(), progress=False, announce=lambda message: None, jobs=2, **kwargs)


def _cache_states(manifest) -> dict[str, tuple[str, str | None]]:
    return {n.name: (n.cache, n.cache_reason) for n in manifest.notebooks}


pipeline = pytest.mark.pipeline


@pipeline
def test_a_new_raw_snapshot_reexecutes_exactly_the_notebooks_that_read_its_tables(small_project):
    first = _run()
    assert {name: state[0] for name, state in _cache_states(first).items()} == dict.fromkeys(
        ("a_prices.ipynb", "b_trade.ipynb", "c_no_data.ipynb"), "miss")
    second = _run()
    assert all(n.cache == "hit" and n.reused_from == first.run_id for n in second.notebooks)
    assert all(n.status == "ok" for n in second.notebooks)

    trade = provenance.find_snapshot("trade")
    changed = trade.path.read_bytes().replace(b"350.06", b"351.06", 1)
    provenance.add_version("trade", changed, accessed=dt.date(2030, 1, 1))
    third = _run()
    assert _cache_states(third) == {
        "a_prices.ipynb": ("hit", None),
        "b_trade.ipynb": ("miss", "data (table china_trade)"),
        "c_no_data.ipynb": ("hit", None),
    }
    executed = nbformat.read(third.notebooks_dir / "b_trade.ipynb", as_version=4)
    assert "350.06" not in str(executed.cells) and third.status == "succeeded"


@pipeline
def test_a_change_to_the_analysis_package_reexecutes_every_notebook(small_project, monkeypatch):
    _run()
    monkeypatch.setattr(notebook_cache, "package_digest", lambda package=None: "a different package")
    monkeypatch.setattr("analysis.execute.package_digest", lambda package=None: "a different package")
    states = _cache_states(_run())
    assert set(states.values()) == {("miss", "analysis package")}


@pipeline
def test_a_different_environment_reexecutes_every_notebook(small_project, monkeypatch):
    _run()
    monkeypatch.setattr("analysis.execute.environment_digest", lambda: "another environment")
    assert set(_cache_states(_run()).values()) == {("miss", "environment")}


@pipeline
def test_forced_runs_execute_everything_and_parameters_invalidate_only_their_notebook(small_project):
    _run()
    assert {n.cache for n in _run(force=True).notebooks} == {"miss"}
    overridden = execute_run(load_parameters(overrides=["n_draws=2000"]), progress=False,
                             announce=lambda message: None, jobs=2)
    assert _cache_states(overridden)["c_no_data.ipynb"] == ("miss", "parameters (n_draws)")
    assert {_cache_states(overridden)[n][0] for n in ("a_prices.ipynb", "b_trade.ipynb")} == {"hit"}


@pipeline
def test_a_failed_notebook_is_never_cached(small_project, tmp_path):
    _notebook(Path(os.environ["BRIEF_NOTEBOOKS_DIR"]) / "d_fails.ipynb", f"seed = {load_parameters().as_dict()['seed']}", "x = 1", "raise ValueError('planted')")
    _declare_chapters(small_project, ["a_prices", "b_trade", "c_no_data", "d_fails"])
    for _ in range(2):
        with pytest.raises(NotebookExecutionError) as failure:
            _run()
        assert failure.value.notebook.endswith("d_fails.ipynb") and failure.value.cell_index == 2
        assert NotebookCache().entries("d_fails.ipynb") == []
    latest = sorted((small_project / "build" / "runs").iterdir())[-1]
    manifest = json.loads((latest / "manifest.json").read_text())
    failed = next(n for n in manifest["notebooks"] if n["name"] == "d_fails.ipynb")
    assert manifest["status"] == "failed" and failed["status"] == "failed" and failed["cache"] == "miss"
    assert failed["cache_reason"] == "no earlier execution"  # the failure of the first run left no entry
    executed = nbformat.read(latest / "notebooks" / "d_fails.ipynb", as_version=4)
    assert executed.metadata["papermill"]["exception"] is True  # kept for debugging


# -- the Monte Carlo's percentiles ------------------------------------------------------------

@pytest.mark.parametrize("size", [1, 2, 3, 5, 19, 20, 21, 100, 1_001, 100_000])
@pytest.mark.parametrize("kind", ["normal", "skewed", "ties", "constant"])
def test_percentiles_equal_numpys_bit_for_bit(size, kind):
    rng = np.random.default_rng(size)
    values = {
        "normal": lambda: rng.normal(size=size),
        "skewed": lambda: rng.triangular(0, 1, 9, size) * 1e9,
        "ties": lambda: rng.integers(0, 4, size) * 0.1,
        "constant": lambda: np.zeros(size),
    }[kind]()
    for q in ([5, 50, 95], [0, 100], [1, 33.3, 99.9], [12.5]):
        assert scenarios.percentiles(values, q).tobytes() == np.percentile(values, q).tobytes()


def test_percentiles_are_nan_when_a_value_is():
    assert np.isnan(scenarios.percentiles(np.array([1.0, np.nan, 3.0]), [5, 50])).all()


def test_the_summary_equals_the_one_numpys_percentile_gives():
    """The faster summary changes no number: the same seed gives the same table as
    ``np.percentile`` on each (year, or total) column of the draws."""
    params = load_parameters().values
    inputs = scenario_inputs.resolve_inputs(params)
    result = scenarios.run_monte_carlo(inputs, scenario_inputs.years(params), 20_001, params.seed)
    rows = []
    for option, metrics in result.draws.items():
        for metric, values in metrics.items():
            for i, year in enumerate(list(result.years) + [0]):
                v = values[:, i] if year else values.sum(axis=1)
                p5, p50, p95 = np.percentile(v, [5, 50, 95])
                rows.append((option, metric, int(year), v.mean(), p5, p50, p95))
    summary = scenarios.summarise(result)
    assert [tuple(r) for r in summary.itertuples(index=False)] == rows


def test_the_cli_spares_jsonschema_its_slow_optional_import_and_notebooks_still_validate():
    """rfc3987-syntax only serves jsonschema's "iri" formats; the notebook schema has none."""
    import subprocess

    code = ("import sys, analysis.cli, nbformat; nb = nbformat.v4.new_notebook(); nbformat.validate(nb); "
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is not None)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
    schemas = Path(nbformat.__file__).parent / "v4"
    for schema in schemas.glob("*.schema.json"):
        assert '"iri' not in schema.read_text(), schema.name
