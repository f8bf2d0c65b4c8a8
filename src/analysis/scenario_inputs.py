"""From run parameters to the scenario model's resolved inputs and years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.distributions import Resolved, readable_number, resolve
from analysis.scenario_anchors import DESCRIPTIONS, anchor_values


def years(params) -> np.ndarray:
    return np.arange(params.scenario_first_year, params.scenario_last_year + 1)


def resolve_inputs(params) -> dict[str, Resolved]:
    """Every scenario input with its numbers filled in (anchors computed from the data)."""
    specs = params.scenario_inputs
    needed = {spec.anchor for spec in specs.values() if spec.anchor}
    anchors = anchor_values(params.scenario_first_year, needed)
    return {name: resolve(name, spec, anchors) for name, spec in specs.items()}


def inputs_table(inputs: dict[str, Resolved]) -> pd.DataFrame:
    """The inputs as the brief lists them: distribution, unit, and where the numbers come from."""
    rows = []
    for name, dist in inputs.items():
        source = dist.source
        if dist.anchor:
            source = f"Data: {DESCRIPTIONS.get(dist.anchor, dist.anchor)}, {readable_number(dist.anchor_value)}. {source[:1].upper()}{source[1:]}"
        rows.append({"input": name, "description": dist.description, "distribution": dist.describe(),
                     "unit": dist.unit, "mean": dist.mean, "source": source})
    return pd.DataFrame(rows)


def notebook_parameters(**values):
    """The scenario parameters inside a notebook: the values papermill injected, with
    ``None`` standing for the default in params/default.yaml (so a notebook's parameters
    cell need not repeat a long mapping)."""
    from analysis.parameters import load_parameters
    from analysis.parameters.scenarios import ScenarioParameters

    defaults = load_parameters().values
    merged = {name: getattr(defaults, name) for name in ScenarioParameters.model_fields}
    merged.update({name: value for name, value in values.items() if value is not None})
    return ScenarioParameters.model_validate(merged)
