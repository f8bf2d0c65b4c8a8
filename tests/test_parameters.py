"""Parameters: defaults from YAML, overrides in order, errors that name the parameter."""

from __future__ import annotations

import nbformat
import pytest
import yaml

from analysis.errors import ParameterError
from analysis.execute import check_notebook_parameters, list_notebooks
from analysis.parameters import RunParameters, load_parameters, parse_override
from analysis.parameters.cells import parameter_cell_values
from conftest import REPO


def test_defaults_come_from_params_default_yaml():
    defaults = yaml.safe_load((REPO / "params" / "default.yaml").read_text())
    assert load_parameters().as_dict() == RunParameters.model_validate(defaults).model_dump(mode="json")


def test_every_parameter_has_a_default_and_a_description():
    defaults = yaml.safe_load((REPO / "params" / "default.yaml").read_text())
    assert set(defaults) == set(RunParameters.model_fields)
    for name, field in RunParameters.model_fields.items():
        assert field.description, name


def test_files_then_command_line_override_in_order(tmp_path):
    override = tmp_path / "alt.yaml"
    override.write_text("forecast_end_year: 2032\ninterval_level: 0.9\n")
    resolved = load_parameters([override], ["forecast_end_year=2033"])
    assert resolved.values.forecast_end_year == 2033
    assert resolved.values.interval_level == 0.9
    assert resolved.origins["forecast_end_year"] == "-p"
    assert resolved.origins["interval_level"].endswith("alt.yaml")
    assert set(resolved.overridden()) == {"forecast_end_year", "interval_level"}


@pytest.mark.parametrize(
    "override, names",
    [
        ("no_such_parameter=1", ["'no_such_parameter'", "from -p"]),
        ("forecast_end_year=abc", ["'forecast_end_year'", "'abc'", "integer"]),
        ("interval_level=1.5", ["'interval_level'", "less than 1"]),
        ("forecast_end_year.part=1", ["forecast_end_year"]),
        ("forecast_end_year", ["expected name=value"]),
    ],
)
def test_bad_overrides_name_the_parameter(override, names):
    with pytest.raises(ParameterError) as caught:
        load_parameters(overrides=[override])
    for fragment in names:
        assert fragment in str(caught.value)


def test_values_are_read_as_yaml():
    assert parse_override("a=2031") == ("a", 2031)
    assert parse_override("a=null") == ("a", None)
    assert parse_override("a=0.5") == ("a", 0.5)
    assert parse_override("a=text") == ("a", "text")


def _parameters_cell(path):
    notebook = nbformat.read(path, as_version=4)
    cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name} must have exactly one cell tagged 'parameters'"
    return parameter_cell_values(path)


def test_notebook_parameter_cells_match_the_defaults_file():
    """So that a notebook opened in JupyterLab runs with the same values as `brief run`."""
    defaults = yaml.safe_load((REPO / "params" / "default.yaml").read_text())
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        values = _parameters_cell(path)
        assert values, path.name
        for name, value in values.items():
            if value is None and isinstance(defaults.get(name), dict):
                continue  # a mapping parameter may stand as None: "the defaults file's mapping"
            if name in defaults:
                assert value == defaults[name], f"{path.name}: {name} = {value!r}, default is {defaults[name]!r}"


def test_every_notebook_declares_only_run_parameters():
    check_notebook_parameters(list_notebooks())


def test_a_notebook_declaring_an_unknown_parameter_is_refused(project):
    path = project / "notebooks" / "01_market.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "\nmystery_knob = 3\n"
    nbformat.write(notebook, path)
    with pytest.raises(ParameterError, match="01_market.ipynb declares 'mystery_knob'"):
        check_notebook_parameters(list_notebooks())
