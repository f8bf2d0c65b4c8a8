"""The setup's Jupyter side: the named kernel, `make lab`, and notebooks kept out of git with outputs.

Every test that registers a kernel points JUPYTER_DATA_DIR at a temporary folder, so none
leaves a user-level kernel behind (nor one pointing into a temporary folder).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from analysis.execute import _execute_one
from analysis.kernel import KERNEL_NAME
from conftest import REPO

VENV_PYTHON = Path(sys.executable)


def jupyter_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """This environment, with the user's Jupyter folder moved to ``data_dir`` and preferred."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF_", "JUPYTER_"))}
    env.update(JUPYTER_DATA_DIR=str(data_dir), JUPYTER_PREFER_ENV_PATH="0", **extra)
    return env


def register_elsewhere(data_dir: Path, name: str, python: str) -> None:
    """A user-level kernel, as another checkout's `make setup` would leave it."""
    folder = data_dir / "kernels" / name
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python ({name}) of another checkout", "language": "python",
    }))


def tiny_notebook(path: Path, code: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python (h200-brief)", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}  # as the chapters are committed
    parameters = nbformat.v4.new_code_cell('run_id = "interactive"')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(code)]
    nbformat.write(notebook, path)
    return path


def test_brief_run_executes_with_its_own_interpreter_whatever_kernel_is_registered(tmp_path, monkeypatch):
    """Another checkout's h200-brief (and python3) kernel, preferred by Jupyter, is never used."""
    data_dir = tmp_path / "jupyter"
    other = tmp_path / "other-checkout" / ".venv" / "bin" / "python"
    for name in (KERNEL_NAME, "python3"):
        register_elsewhere(data_dir, name, str(other))
    for key, value in jupyter_env(data_dir).items():
        if key.startswith("JUPYTER_"):
            monkeypatch.setenv(key, value)
    source = tiny_notebook(tmp_path / "which.ipynb", "import sys; print(sys.executable)")
    output = tmp_path / "which-out.ipynb"
    _execute_one(source, output, {"run_id": "R"})
    printed = nbformat.read(output, as_version=4).cells[-1].outputs[0]["text"].strip()
    assert printed == sys.executable


def test_make_kernel_registers_h200_brief_for_this_environment_and_the_user(tmp_path):
    data_dir = tmp_path / "jupyter"
    result = subprocess.run(["make", "--no-print-directory", "kernel", f"BIN={VENV_PYTHON.parent}"], cwd=REPO,
                            env=jupyter_env(data_dir), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for kernels in (data_dir / "kernels", Path(sys.prefix) / "share" / "jupyter" / "kernels"):
        spec = json.loads((kernels / KERNEL_NAME / "kernel.json").read_text())
        assert spec["argv"][0] == sys.executable
        assert spec["display_name"] == "Python (h200-brief)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_lab_serves_jupyterlab_for_any_user_with_args(tmp_path):
    """As root too (the test machine runs as root): JupyterLab refuses root without --allow-root."""
    port = _free_port()
    lab = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"BIN={VENV_PYTHON.parent}",
         f"ARGS=--no-browser --port={port} --ServerApp.port_retries=0"],
        cwd=REPO, env=jupyter_env(tmp_path / "jupyter", JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime")),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        deadline, status = time.monotonic() + 120, None
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as response:
                    status = json.loads(response.read())
                    break
            except OSError:
                time.sleep(1)
        if status is None:
            lab.terminate()
            pytest.fail(f"JupyterLab did not answer on port {port}:\n{lab.communicate(timeout=30)[0]}")
        assert "version" in status
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)
            lab.wait(timeout=60)


def test_committing_a_re_run_notebook_commits_no_outputs(tmp_path):
    """`make setup`'s git filter strips what `jupyter nbconvert --execute --inplace` adds."""
    repo = tmp_path / "clone"
    repo.mkdir()
    git = lambda *args: subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout
    git("init", "-q")
    git("config", "user.email", "test@example.org")
    git("config", "user.name", "test")
    shutil.copy(REPO / ".gitattributes", repo / ".gitattributes")
    (repo / ".venv").symlink_to(Path(sys.prefix))
    setup = subprocess.run(["make", "--no-print-directory", "-f", str(REPO / "Makefile"), "notebook-filter"],
                           cwd=repo, capture_output=True, text=True, timeout=120)
    assert setup.returncode == 0, setup.stderr
    notebook = tiny_notebook(repo / "chapter.ipynb", "import matplotlib\nprint('a re-run prints this')\n1 + 1")
    git("add", ".")
    git("commit", "-qm", "a notebook without outputs")

    data_dir = tmp_path / "jupyter"
    subprocess.run([str(VENV_PYTHON), "-m", "ipykernel", "install", "--user", "--name", KERNEL_NAME],
                   env=jupyter_env(data_dir), check=True, capture_output=True)
    executed = subprocess.run([str(VENV_PYTHON.parent / "jupyter"), "nbconvert", "--execute", "--inplace", str(notebook)],
                              cwd=repo, env=jupyter_env(data_dir), capture_output=True, text=True, timeout=300)
    assert executed.returncode == 0, executed.stderr
    rerun = nbformat.read(notebook, as_version=4)
    assert rerun.cells[-1].outputs and rerun.cells[-1].execution_count  # the working copy holds outputs

    # Stripped, the re-run notebook is the committed one: nothing to commit. (`git status` may
    # list it until `git add` refreshes the index: git sees the file's size change first.)
    assert subprocess.run(["git", "diff", "--exit-code"], cwd=repo, capture_output=True).returncode == 0
    git("add", "chapter.ipynb")
    assert git("status", "--porcelain") == ""

    # An edited and re-run notebook: the edit is committed, its outputs are not.
    rerun.cells[-1].source += "\n2 + 2"
    nbformat.write(rerun, notebook)
    git("commit", "-qam", "an edit, with outputs in the working copy")
    committed = nbformat.reads(git("show", "HEAD:chapter.ipynb"), as_version=4)
    assert committed.cells[-1].source.endswith("2 + 2")
    for cell in committed.cells:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
        assert "execution" not in cell.metadata
    assert committed.metadata.language_info == {"name": "python"}
