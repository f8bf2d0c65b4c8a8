"""Benchmark: what a run costs, against a naive papermill loop (prints figures; not a test).

    .venv/bin/python benchmarks/pipeline.py [--jobs N] [--no-render-runs]

On a scratch copy of the project (raw data, notebooks, parameters, report; the processed
tables built first, as `make brief` leaves them), in one go:

1. the naive loop: the `papermill` command on each of notebooks/*.ipynb in turn;
2. `brief run --force --no-render`: every notebook executed, in parallel kernels;
3. `brief run --no-render` with nothing changed: every notebook reused from the cache;
4. `brief run --no-render -p forecast_end_year=2032`: one parameter changed;

each with its wall time and its ratio to the naive loop. Then, with the render:
`brief run --force`, and `brief run` with nothing changed (ratio to the forced run).
The machine's load average is printed before and after: timings on a busy machine are
noisy, the ratios within one invocation less so.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COPIED = ("data/raw", "notebooks", "params", "report")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="passed to brief run (default: its own)")
    parser.add_argument("--no-render-runs", action="store_true", help="skip the two runs that render")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []

    with tempfile.TemporaryDirectory(prefix="brief-bench-") as scratch:
        root = Path(scratch) / "project"
        for part in COPIED:
            shutil.copytree(REPO / part, root / part,
                            ignore=shutil.ignore_patterns("_output", "_notebooks", "_run", ".quarto", ".ipynb_checkpoints"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEF_")} | {"BRIEF_ROOT": str(root)}
        print(f"scratch project: {root}; CPUs: {os.cpu_count()}; load average: {_load()}")
        _check(subprocess.run([sys.executable, "-c", "from analysis.processed import run_all_steps; run_all_steps()"],
                              env=env, capture_output=True, text=True))

        rows: list[tuple[str, float, str]] = []
        naive = _timed(lambda: _naive_loop(root, env))
        rows.append(("naive papermill loop over notebooks/*.ipynb", naive, "naive"))
        forced = _timed(lambda: _brief(root, env, "run", "--force", "--no-render", *jobs))
        rows.append(("brief run --force --no-render", forced, "naive"))
        warm = _timed(lambda: _brief(root, env, "run", "--no-render", *jobs))
        rows.append((f"brief run --no-render, nothing changed ({_executed(root)} executed)", warm, "naive"))
        changed = _timed(lambda: _brief(root, env, "run", "--no-render", "-p", "forecast_end_year=2032", *jobs))
        rows.append((f"brief run --no-render -p forecast_end_year=2032 ({_executed(root)} executed)", changed, "naive"))
        if not args.no_render_runs:
            forced_render = _timed(lambda: _brief(root, env, "run", "--force", *jobs))
            rows.append(("brief run --force (with render)", forced_render, "naive"))
            warm_render = _timed(lambda: _brief(root, env, "run", *jobs))
            rows.append((f"brief run, nothing changed (with render; {_executed(root)} executed)", warm_render, "forced"))

        print(f"\n{'what':62s} {'seconds':>8s}  ratio")
        for label, seconds, base in rows:
            reference = naive if base == "naive" else forced_render
            against = "naive loop" if base == "naive" else "brief run --force"
            print(f"{label:62s} {seconds:8.1f}  {seconds / reference:5.2f}× {against}")
        print(f"\nload average after: {_load()}")


def _naive_loop(root: Path, env: dict) -> None:
    """What one would write without this project's runner: papermill, one notebook after another."""
    out = root / "build" / "naive"
    out.mkdir(parents=True, exist_ok=True)
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        _check(subprocess.run([str(BIN / "papermill"), str(notebook), str(out / notebook.name), "--cwd",
                               str(notebook.parent), "--no-progress-bar"], env=env, capture_output=True, text=True))


def _brief(root: Path, env: dict, *args: str) -> None:
    _check(subprocess.run([str(BIN / "brief"), *args], cwd=root, env=env, capture_output=True, text=True))


def _executed(root: Path) -> int:
    """How many notebooks the latest run executed (from its manifest)."""
    run_id = json.loads((root / "build" / "latest-run.json").read_text())["run_id"]
    manifest = json.loads((root / "build" / "runs" / run_id / "manifest.json").read_text())
    return sum(1 for n in manifest["notebooks"] if n.get("cache") == "miss")


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _check(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, result.args))}\n{result.stderr[-3000:]}")


def _load() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


if __name__ == "__main__":
    main()
