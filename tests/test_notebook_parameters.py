"""One source of truth for parameters: the notebooks' cells are checked, never silently overridden.

- ``brief run`` stops, before any kernel starts, on a cell value it would override;
- inside a notebook, the first code cell checks its parameters with the pydantic models;
- the cells carry types and comments, so ``papermill --help-notebook`` documents them;
- the summary and the appendix take injected parameters when run alone, and say there is
  no run manifest.
"""

from __future__ import annotations

import json

import nbformat
import papermill
import pytest

from analysis.errors import ParameterError
from analysis.execute import list_notebooks
from analysis.parameters import load_parameters
from analysis.parameters.cells import ParameterCellError, check_parameter_cells, parameter_cell_values
from analysis.parameters.notebook import NotebookParameterError, check_parameters
from analysis.run_context import INJECTED, run_record
from conftest import REPO


def set_parameter_cell_line(path, name, line):
    """Replace the line assigning ``name`` in the notebook's parameters cell."""
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    lines = cell.source.splitlines()
    index = next(i for i, text in enumerate(lines) if text.startswith((f"{name} ", f"{name}:", f"{name}=")))
    lines[index] = line
    cell.source = "\n".join(lines)
    nbformat.write(notebook, path)


# --- the cells as papermill documents them -------------------------------------------------


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_parameter_has_a_type_and_a_comment_for_help_notebook(path):
    inferred = papermill.inspect_notebook(str(path))
    assert inferred, f"{path.name} declares no parameters"
    for name, parameter in inferred.items():
        assert parameter["inferred_type_name"] not in ("None", ""), f"{path.name}: {name} has no type annotation"
        assert parameter["help"], f"{path.name}: {name} has no comment"


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_the_cell_after_the_parameters_checks_them(path):
    notebook = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    following = notebook.cells[index + 1]
    assert following.cell_type == "code"
    assert "check_parameters(globals())" in following.source


def test_annotated_cells_are_read_with_their_values():
    values = parameter_cell_values(REPO / "notebooks" / "06_markets_verdict.ipynb")
    assert values["event_windows"] == [[0, 0], [-1, 1], [0, 5]]
    assert values["prediction_error_correction"] is True
    assert values["run_id"] == "interactive"


# --- brief run: an edited cell stops the run -----------------------------------------------


def test_an_edited_cell_stops_the_run_naming_notebook_parameter_and_both_values(project):
    set_parameter_cell_line(project / "notebooks" / "01_market.ipynb", "forecast_end_year",
                            "forecast_end_year: int = 2032  # last calendar year of the market forecast")
    with pytest.raises(ParameterCellError) as caught:
        check_parameter_cells(list_notebooks(), load_parameters())
    message = str(caught.value)
    for fragment in ("notebooks/01_market.ipynb", "forecast_end_year = 2032", "forecast_end_year = 2030",
                     "params/default.yaml", "--params", "-p forecast_end_year=2032"):
        assert fragment in message


def test_an_edited_cell_that_the_run_also_sets_is_not_overridden(project):
    set_parameter_cell_line(project / "notebooks" / "01_market.ipynb", "forecast_end_year", "forecast_end_year = 2032")
    check_parameter_cells(list_notebooks(), load_parameters(overrides=["forecast_end_year=2032"]))


def test_a_run_overriding_an_unedited_cell_is_fine():
    check_parameter_cells(list_notebooks(), load_parameters(overrides=["forecast_end_year=2031", "seed=7"]))


def test_a_cell_with_an_expression_is_refused(project):
    set_parameter_cell_line(project / "notebooks" / "08_claims.ipynb", "claims_tolerance_pct", "claims_tolerance_pct = 5 * 2")
    with pytest.raises(ParameterCellError, match=r"'claims_tolerance_pct' is set to an expression, 5 \* 2"):
        check_parameter_cells(list_notebooks(), load_parameters())


# --- inside the notebook: check_parameters(globals()) ----------------------------------------


@pytest.mark.parametrize(
    "namespace, fragments",
    [
        ({"forecast_end_year": "abc"}, ["'forecast_end_year' = 'abc'", "whole number"]),
        ({"interval_level": 1.5}, ["'interval_level' = 1.5", "less than 1"]),
        ({"market_growth_pct": "fast"}, ["'market_growth_pct' = 'fast'", "a number or None"]),
        ({"main_event_window": [-2, 2]}, ["'main_event_window'", "not one of event_windows"]),
        ({"tornado_option": "maybe"}, ["'tornado_option' = 'maybe'", "deny, licensed, full"]),
    ],
)
def test_a_bad_value_is_named(namespace, fragments):
    with pytest.raises(NotebookParameterError) as caught:
        check_parameters(dict(namespace))
    for fragment in fragments:
        assert fragment in str(caught.value)
    # What JupyterLab and papermill show: the message, no stack of library frames.
    assert caught.value._render_traceback_() == [f"NotebookParameterError: {caught.value}"]


def test_checked_values_are_bound_as_brief_run_injects_them():
    namespace = {"market_growth_band_pp": 10, "main_event_window": (-1, 1), "scenario_inputs": None, "other": 1}
    checked = check_parameters(namespace)
    assert namespace["market_growth_band_pp"] == 10.0 and isinstance(namespace["market_growth_band_pp"], float)
    assert namespace["main_event_window"] == [-1, 1]
    assert namespace["scenario_inputs"] is None  # None stands for the defaults file's mapping
    assert set(checked) == {"market_growth_band_pp", "main_event_window"}


def test_a_notebook_in_a_run_is_checked_against_that_runs_values(project):
    """Cross-parameter checks see the run's values, not the defaults."""
    folder = project / "build" / "runs" / "R1"
    folder.mkdir(parents=True)
    parameters = load_parameters(overrides=["event_windows=[[0, 0], [-2, 2]]", "main_event_window=[-2, 2]"]).as_dict()
    (folder / "manifest.json").write_text(json.dumps({
        "parameters": parameters, "parameter_origins": {}, "parameter_files": ["params/default.yaml"], "data_as_of": "2025-01-01",
    }))
    check_parameters({"run_id": "R1", "main_event_window": [-2, 2]})
    with pytest.raises(NotebookParameterError):
        check_parameters({"run_id": "interactive", "main_event_window": [-2, 2]})


# --- the summary and the appendix, run alone ------------------------------------------------


def test_run_alone_the_record_takes_injected_values_and_says_there_is_no_manifest(capsys):
    record = run_record("interactive", {"forecast_end_year": 2032})
    assert record.values().forecast_end_year == 2032
    assert record.origins["forecast_end_year"] == INJECTED
    assert record.manifest is None
    assert "No run manifest" in record.parameters_source() and "forecast_end_year" in record.parameters_source()
    record.say_if_no_manifest()
    assert "No run manifest: this notebook ran on its own, outside `brief run`" in capsys.readouterr().out


def test_a_missing_manifest_is_named(project):
    record = run_record("20990101T000000Z")
    assert "build/runs/20990101T000000Z/manifest.json does not exist" in record.parameters_source()


def test_in_a_run_the_record_is_the_manifests(project, capsys):
    folder = project / "build" / "runs" / "R2"
    folder.mkdir(parents=True)
    parameters = load_parameters(overrides=["forecast_end_year=2031"]).as_dict()
    (folder / "manifest.json").write_text(json.dumps({
        "parameters": parameters, "parameter_origins": {"forecast_end_year": "-p"},
        "parameter_files": ["params/default.yaml"], "data_as_of": "2025-01-01",
    }))
    record = run_record("R2")
    assert record.values().forecast_end_year == 2031
    assert record.parameters_source() == "Source: the run's manifest (manifest.json in its folder under build/runs/)."
    assert record.manifest == "build/runs/R2/manifest.json"
    record.say_if_no_manifest()
    assert capsys.readouterr().out == ""
    with pytest.raises(ParameterError, match="'forecast_end_year' = 2032 was injected, but run R2 used 2031"):
        run_record("R2", {"forecast_end_year": 2032})
