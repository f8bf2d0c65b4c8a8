"""One brief command writes at a time: a second waits (saying so) or refuses; a killed holder frees the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import paths
from analysis.errors import RunLockedError
from analysis.run_lock import project_lock
from conftest import copy_project, project_env, run_brief

HOLD = """
import sys, time
from analysis.run_lock import project_lock
with project_lock("brief run"):
    print("held", flush=True)
    time.sleep(float(sys.argv[1]))
    last_moment_held = time.time()
print(last_moment_held, flush=True)
"""


def hold_lock(root: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the project's lock (as `brief run` does), for ``seconds``."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(seconds)], env=project_env(root),
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_command_refuses_naming_the_holder(project):
    holder = hold_lock(project, 60)
    try:
        with pytest.raises(RunLockedError) as caught:
            with project_lock("brief render", wait=False):
                pass
        assert f"`brief run` (process {holder.pid}, since " in str(caught.value)
        assert "--wait" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_second_command_waits_saying_so_then_runs_after_the_first(project):
    holder = hold_lock(project, 3)
    said: list[str] = []
    with project_lock("brief render", announce=said.append):
        acquired = time.time()
    assert acquired >= float(holder.stdout.readline())  # the second went on only after the first let go
    holder.wait()
    assert said[0].startswith(f"Waiting for another brief command to finish: `brief run` (process {holder.pid}")
    assert said[1] == "The other command has finished; going on."


def test_a_lock_left_by_a_killed_run_is_recovered(project):
    holder = hold_lock(project, 600)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert paths.run_lock_file().exists()  # the file stays; the OS lock on it died with its process
    started = time.monotonic()
    with project_lock("brief run", wait=False):
        pass
    assert time.monotonic() - started < 5


def test_the_cli_refuses_with_no_wait_and_waits_otherwise(tmp_path):
    root = copy_project(tmp_path / "project")
    holder = hold_lock(root, 600)
    try:
        refused = run_brief(root, "render", "--no-wait")
        assert refused.returncode == 1
        assert f"Another brief command is writing in this project: `brief run` (process {holder.pid}" in refused.stderr
        assert "Traceback" not in refused.stderr
        # Waiting: the second command says so, and goes on once the holder is killed.
        waiting = subprocess.Popen([str(Path(sys.executable).with_name("brief")), "render"], cwd=root,
                                   env=project_env(root), stderr=subprocess.PIPE, text=True)
        first_line = waiting.stderr.readline()
        assert first_line.startswith("Waiting for another brief command to finish: `brief run`")
        os.kill(holder.pid, signal.SIGKILL)
        rest = waiting.communicate(timeout=120)[1]
        assert "The other command has finished; going on." in rest
        assert "Traceback" not in rest
    finally:
        holder.kill()
        holder.wait()
