"""Benchmark: Monte Carlo throughput of the scenario model (prints figures; not a test).

    .venv/bin/python benchmarks/monte_carlo.py [--draws 1000000] [--repeat 3]

Draws every input with the default parameters (params/default.yaml) and runs the model for
every option and year; reports draws per second for sampling + model, and for the summary.
For comparison on a busy machine, it also times the summary computed the way it was before
(``np.percentile`` on each column) on the same draws, and checks the two tables are equal.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from analysis import scenario_inputs, scenarios
from analysis.parameters import load_parameters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    params = load_parameters().values
    inputs = scenario_inputs.resolve_inputs(params)
    years = scenario_inputs.years(params)
    print(f"inputs: {len(inputs)} ({sum(d.is_uncertain for d in inputs.values())} uncertain), "
          f"years {years[0]}-{years[-1]}, options {len(scenarios.OPTIONS)}, draws {args.draws:,}")
    best_run, best_summary = float("inf"), float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = scenarios.run_monte_carlo(inputs, years, args.draws, seed=params.seed)
        middle = time.perf_counter()
        scenarios.summarise(result)
        end = time.perf_counter()
        best_run, best_summary = min(best_run, middle - start), min(best_summary, end - middle)
    cells = args.draws * len(years) * len(scenarios.OPTIONS)
    print(f"sample + model: {best_run:.3f} s  ->  {args.draws / best_run:,.0f} draws/s "
          f"({cells / best_run:,.0f} draw-years-options/s)")
    print(f"summary (mean, percentiles): {best_summary:.3f} s")
    print(f"total: {best_run + best_summary:.3f} s for {args.draws:,} draws (best of {args.repeat})")
    start = time.perf_counter()
    reference = summary_with_np_percentile(result)
    before = time.perf_counter() - start
    same = reference.equals(scenarios.summarise(result))
    print(f"for comparison, the summary with np.percentile per column: {before:.3f} s "
          f"({before / best_summary:.1f}x the summary above); same numbers: {same}")
    assert np.isfinite(best_run) and same


def summary_with_np_percentile(result: scenarios.ScenarioResult) -> pd.DataFrame:
    """The summary as it was computed before (same rows, same numbers, slower)."""
    rows = []
    for option, metrics in result.draws.items():
        for metric, values in metrics.items():
            columns = [(int(y), values[:, i]) for i, y in enumerate(result.years)] + [(0, values.sum(axis=1))]
            for year, v in columns:
                p5, p50, p95 = np.percentile(v, [5, 50, 95])
                rows.append({"option": option, "metric": metric, "year": year,
                             "mean": v.mean(), "p5": p5, "p50": p50, "p95": p95})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    main()
