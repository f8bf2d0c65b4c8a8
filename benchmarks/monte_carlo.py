"""Benchmark: Monte Carlo throughput of the scenario model (prints figures; not a test).

    .venv/bin/python benchmarks/monte_carlo.py [--draws 1000000] [--repeat 3]

Draws every input with the default parameters (params/default.yaml) and runs the model for
every option and year; reports draws per second for sampling + model, and for the summary.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

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
    assert np.isfinite(best_run)


if __name__ == "__main__":
    main()
