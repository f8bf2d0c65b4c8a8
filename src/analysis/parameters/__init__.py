"""Run parameters: declared and typed here, given values in ``params/*.yaml`` and ``-p``.

Every chapter has a section model in this package; :class:`RunParameters` joins them. The
defaults live in ``params/default.yaml`` (one documented place); other YAML files and
``-p name=value`` options override them, in that order. Everything is validated before
any kernel starts: an unknown or ill-typed parameter is a :class:`ParameterError` that
names it and where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ConfigDict, ValidationError

from analysis import paths
from analysis.errors import ParameterError
from analysis.parameters.compute import ComputeParameters
from analysis.parameters.investment import InvestmentParameters
from analysis.parameters.margins import MarginParameters
from analysis.parameters.market import MarketParameters
from analysis.parameters.markets_verdict import MarketsVerdictParameters
from analysis.parameters.rare_earths import RareEarthParameters
from analysis.parameters.scenarios import ScenarioParameters


class RunParameters(
    MarketParameters,
    MarginParameters,
    ComputeParameters,
    RareEarthParameters,
    InvestmentParameters,
    MarketsVerdictParameters,
    ScenarioParameters,
):
    """All parameters of a run (the union of the chapters' sections)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class ResolvedParameters:
    """Validated parameters, with the origin of each value (a file path or ``-p``)."""

    values: RunParameters
    origins: dict[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return self.values.model_dump(mode="json")

    def overridden(self) -> dict[str, str]:
        """Parameters whose value does not come from the defaults file."""
        default = paths.display_path(paths.default_params_file())
        return {name: origin for name, origin in self.origins.items() if origin != default}


def parse_override(text: str) -> tuple[str, Any]:
    """``name=value`` -> (name, value), the value read as YAML (so 2031 is an int, null is None)."""
    if "=" not in text:
        raise ParameterError([f"-p {text!r}: expected name=value"])
    name, _, raw = text.partition("=")
    name = name.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    return name, value


def load_parameters(
    files: list[Path] | None = None,
    overrides: list[str] | None = None,
) -> ResolvedParameters:
    """Defaults, then each file in ``files``, then each ``-p`` override; validated."""
    sources = [paths.default_params_file(), *(Path(f) for f in files or [])]
    merged: dict[str, Any] = {}
    origins: dict[str, str] = {}
    problems: list[str] = []
    for source in sources:
        label = paths.display_path(source)
        for name, value in _read_yaml(source).items():
            merged[name] = value
            origins[name] = label
    for text in overrides or []:
        name, value = parse_override(text)
        _set_dotted(merged, name, value, problems)
        origins[name.split(".")[0]] = "-p"
    known = set(RunParameters.model_fields)
    for name in sorted(set(merged) - known):
        problems.append(f"unknown parameter {name!r} (from {origins[name]})")
    if problems:
        raise ParameterError(problems + [f"known parameters: {', '.join(sorted(known))}"])
    try:
        values = RunParameters.model_validate(merged)
    except ValidationError as exc:
        raise ParameterError([_describe(err, merged, origins) for err in exc.errors()]) from None
    return ResolvedParameters(values=values, origins=origins, files=tuple(paths.display_path(s) for s in sources))


def _set_dotted(merged: dict[str, Any], name: str, value: Any, problems: list[str]) -> None:
    """Set ``a.b.c=value`` inside nested mappings (for parameters that are mappings)."""
    *parents, leaf = name.split(".")
    target = merged
    for depth, key in enumerate(parents):
        child = target.get(key)
        if not isinstance(child, dict):
            prefix = ".".join(parents[: depth + 1])
            problems.append(f"-p {name}: {prefix!r} is not a parameter with named parts")
            return
        target[key] = child = dict(child)  # copy: never mutate what the YAML file gave
        target = child
    target[leaf] = value


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ParameterError([f"parameter file {path} does not exist"])
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParameterError([f"{path} is not valid YAML: {exc}"]) from None
    if not isinstance(content, dict):
        raise ParameterError([f"{path} must be a mapping of parameter names to values"])
    return content


def _describe(error: dict, merged: dict[str, Any], origins: dict[str, str]) -> str:
    name = str(error["loc"][0]) if error["loc"] else "?"
    where = ".".join(str(part) for part in error["loc"])
    origin = origins.get(name, "defaults")
    if error["type"] == "missing":
        return f"parameter {where!r} has no value (add it to params/default.yaml)"
    return f"parameter {where!r} = {merged.get(name)!r} (from {origin}): {error['msg']}"
