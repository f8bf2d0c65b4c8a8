"""A notebook's ``parameters`` cell, read without running it, and checked against a run.

The cell holds ``params/default.yaml``'s values, so that a notebook opened in JupyterLab runs
as ``brief run`` would. ``brief run`` injects its own values below the cell; an edited cell
would be overridden without a word. So before any kernel starts, a cell value that differs
from both the defaults file and the run's value stops the run, naming the notebook, the
parameter and both values, and saying where a parameter is set.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import nbformat
import yaml

from analysis import paths
from analysis.errors import BriefError
from analysis.parameters import ResolvedParameters, RunParameters


class ParameterCellError(BriefError):
    """A notebook's parameters cell holds a value ``brief run`` would override; or it cannot be read."""

    def __init__(self, problems: list[str], remedy: str) -> None:
        self.problems = problems
        super().__init__("\n".join(problems), remedy=remedy)


def parameters_cell_source(notebook: Path) -> str | None:
    cells = [c for c in nbformat.read(notebook, as_version=4).cells if "parameters" in c.metadata.get("tags", [])]
    return cells[0].source if cells else None


def parameter_cell_values(notebook: Path) -> dict[str, Any]:
    """``name -> value`` for each assignment in the cell tagged ``parameters`` (annotated or not)."""
    source = parameters_cell_source(notebook)
    if source is None:
        return {}
    where = paths.display_path(notebook)
    try:
        body = ast.parse(source).body
    except SyntaxError as exc:
        raise ParameterCellError([f"{where}: its parameters cell is not valid Python ({exc.msg}, line {exc.lineno})"],
                                 remedy="Fix the cell: one `name: type = value  # meaning` per line.") from None
    values: dict[str, Any] = {}
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            target, value = node.target.id, node.value
        else:
            continue
        try:
            values[target] = ast.literal_eval(value)
        except ValueError:
            raise ParameterCellError(
                [f"{where}: parameter {target!r} is set to an expression, {ast.unparse(value)}"],
                remedy="A parameters cell holds plain values (numbers, strings, lists, None), as params/default.yaml does.",
            ) from None
    return values


def check_parameter_cells(notebooks: list[Path], params: ResolvedParameters) -> None:
    """Stop before any kernel starts if a cell holds a value the run would silently override."""
    defaults = yaml.safe_load(paths.default_params_file().read_text(encoding="utf-8")) or {}
    run_values = params.as_dict()
    defaults_file = paths.display_path(paths.default_params_file())
    problems, examples, mirrored = [], [], []
    for notebook in notebooks:
        for name, value in parameter_cell_values(notebook).items():
            if name not in RunParameters.model_fields:
                continue
            if value is None and isinstance(defaults.get(name), dict):
                continue  # a mapping parameter may stand as None: "the defaults file's mapping"
            if _same(value, defaults.get(name)) or _same(value, run_values[name]):
                continue
            origin = params.origins.get(name, defaults_file)
            problems.append(
                f"{paths.display_path(notebook)}: its parameters cell sets {name} = {_yaml(value)}, but `brief run` "
                f"would inject {name} = {_yaml(run_values[name])} (from {origin}) below it, overriding the edit."
            )
            examples.append(f"{name}={_yaml(value)}")
            mirrored.append(f"{name}: {_yaml(defaults.get(name))}")
    if problems:
        raise ParameterCellError(
            problems,
            remedy=(
                f"A parameters cell only mirrors {defaults_file} ({', '.join(mirrored)}), so that the notebook runs "
                f"alone as in the brief. Set a parameter in {defaults_file} for every run (and the cell to match), "
                f"in a file given with `brief run --params FILE`, or for one run with "
                f"`brief run {' '.join('-p ' + e for e in examples)}`; or put the cell back."
            ),
        )


def _same(a: Any, b: Any) -> bool:
    """Equal as YAML would write them (a tuple and a list of the same items are the same)."""
    return json.loads(json.dumps(a, default=str)) == json.loads(json.dumps(b, default=str))


def _yaml(value: Any) -> str:
    """A value as YAML reads it (and as ``-p name=value`` takes it): null, true, [-1,1], text."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
