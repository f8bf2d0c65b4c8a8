"""The decision as a seeded Monte Carlo: deny, approve under licence, or approve fully.

For each draw of the uncertain inputs and each year, the model computes:

* China's AI-accelerator market: IDC's accelerated-server market in the first year, times
  the chips' share of server value, growing at ``market_growth_pct``;
* the H200s China would buy from NVIDIA: NVIDIA's share of that market (if unrestricted)
  divided by the H200 price, which falls by ``price_decline_pct`` a year;
* per option:

  - **deny**: no H200 sales (China's own chips fill the gap; not modelled);
  - **licensed**: demand scaled by ``licence_demand_factor_pct`` (fee, testing, approvals),
    capped at ``volume_cap_pct`` of the H200s sold to US customers, with the US government
    taking ``h200_us_share_pct`` of the sales;
  - **full**: demand unrestricted, no share to the US government;

* NVIDIA's China revenue (gross sales), its gross profit (sales × margin − the US share),
  US government receipts, and the compute added in China in H100-equivalents.

Everything is vectorised over draws; the generator is seeded and the inputs are drawn in
name order, so the same parameters and seed give the same numbers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.distributions import Resolved, quantile, sample

OPTIONS = ("deny", "licensed", "full")
OPTION_LABELS = {"deny": "Deny", "licensed": "Approve under licence", "full": "Approve fully"}
METRICS = ("revenue_usd_bn", "gross_profit_usd_bn", "us_receipts_usd_bn", "compute_h100e_k")
METRIC_LABELS = {
    "revenue_usd_bn": "NVIDIA China revenue (USD bn)",
    "gross_profit_usd_bn": "NVIDIA gross profit on it (USD bn)",
    "us_receipts_usd_bn": "US government receipts (USD bn)",
    "compute_h100e_k": "Compute added in China (thousand H100-equivalents)",
}
INPUTS = (
    "server_market_first_year_usd_bn",
    "chip_share_of_server_value_pct",
    "market_growth_pct",
    "nvidia_share_if_unrestricted_pct",
    "licence_demand_factor_pct",
    "us_h200_units_first_year_k",
    "us_h200_decline_pct",
    "h200_price_usd",
    "price_decline_pct",
    "h200_gross_margin_pct",
    "h200_us_share_pct",
    "volume_cap_pct",
    "h100e_per_h200",
)

INPUT_LABELS = {
    "server_market_first_year_usd_bn": "Server market, first year",
    "chip_share_of_server_value_pct": "Chips' share of server value",
    "market_growth_pct": "Market growth",
    "nvidia_share_if_unrestricted_pct": "NVIDIA share if unrestricted",
    "licence_demand_factor_pct": "Demand under licence",
    "us_h200_units_first_year_k": "US H200 volume (cap base)",
    "us_h200_decline_pct": "Decline of US H200 volume",
    "h200_price_usd": "H200 price",
    "price_decline_pct": "Price decline",
    "h200_gross_margin_pct": "H200 gross margin",
    "h200_us_share_pct": "US share of sales",
    "volume_cap_pct": "Volume cap",
    "h100e_per_h200": "H100-equivalents per H200",
}


@dataclass(frozen=True)
class ScenarioResult:
    years: np.ndarray
    draws: dict[str, dict[str, np.ndarray]]  # option -> metric -> array (draws, years)
    seed: int | None = None

    @property
    def n_draws(self) -> int:
        return next(iter(next(iter(self.draws.values())).values())).shape[0]


def simulate(x: Mapping[str, np.ndarray], years: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """The model for given input draws (each an array of the same length).

    Returns option -> metric -> array (draws × years); the licensed option also carries
    ``cap_binds`` (1 where the volume cap binds).
    """
    missing = set(INPUTS) - set(x)
    if missing:
        raise KeyError(f"scenario inputs missing: {sorted(missing)}")
    # Computed as (years × draws), each year's draws contiguous in memory, and returned
    # transposed (a view): the summary reads the draws year by year.
    col = {k: np.asarray(x[k], dtype=float)[None, :] for k in INPUTS}  # (1, n) for broadcasting
    t = (np.asarray(years) - years[0])[:, None]  # (T, 1): years since the first

    # China's AI-accelerator market and the H200s NVIDIA could sell into it.
    market_usd = col["server_market_first_year_usd_bn"] * 1e9 * col["chip_share_of_server_value_pct"] / 100 * _power(
        1 + col["market_growth_pct"] / 100, t)
    price = col["h200_price_usd"] * _power(1 - col["price_decline_pct"] / 100, t)
    demand_units = market_usd * col["nvidia_share_if_unrestricted_pct"] / 100 / price
    # The licence: less demand (fee, testing, approvals), and the cap on volumes.
    us_units = col["us_h200_units_first_year_k"] * 1e3 * _power(1 - col["us_h200_decline_pct"] / 100, t)
    cap_units = col["volume_cap_pct"] / 100 * us_units
    licensed_demand = demand_units * col["licence_demand_factor_pct"] / 100
    units = {
        "deny": np.zeros_like(demand_units),
        "licensed": np.minimum(licensed_demand, cap_units),
        "full": demand_units,
    }
    share = {"deny": 0.0, "licensed": col["h200_us_share_pct"] / 100, "full": 0.0}
    margin = col["h200_gross_margin_pct"] / 100

    def outcomes(option: str) -> dict[str, np.ndarray]:
        revenue = units[option] * price / 1e9
        receipts = revenue * share[option]
        return {
            "revenue_usd_bn": revenue,
            "gross_profit_usd_bn": revenue * margin - receipts,
            "us_receipts_usd_bn": receipts,
            "compute_h100e_k": units[option] * col["h100e_per_h200"] / 1e3,
        }

    # The options on a thread each (NumPy releases the GIL on large arrays): same numbers, sooner.
    with ThreadPoolExecutor(max_workers=min(len(OPTIONS), os.cpu_count() or 1)) as pool:
        out = dict(zip(OPTIONS, pool.map(outcomes, OPTIONS)))
    # A diagnostic, not an outcome: 1 where the volume cap, not demand, sets licensed volumes.
    out["licensed"]["cap_binds"] = (licensed_demand > cap_units).astype(float)
    return {option: {metric: values.T for metric, values in metrics.items()} for option, metrics in out.items()}


def _power(base: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``base ** t`` for ``base`` (1, draws) and ``t`` (years, 1), as a (years × draws) array.

    NumPy's ``power`` can round the last bit differently depending on the memory layout it
    runs over (vectorised or not); it is computed draws-first, as the model always did, so
    that a given seed keeps giving bit-identical numbers.
    """
    return np.ascontiguousarray((base.T ** t.T).T)


def run_monte_carlo(inputs: Mapping[str, Resolved], years: np.ndarray, n_draws: int, seed: int) -> ScenarioResult:
    """Draw every input (in name order, from one seeded generator) and run the model."""
    rng = np.random.default_rng(seed)
    draws = {name: sample(inputs[name], n_draws, rng) for name in sorted(inputs)}
    return ScenarioResult(years=np.asarray(years), draws=simulate(draws, np.asarray(years)), seed=seed)


def summarise(result: ScenarioResult) -> pd.DataFrame:
    """Mean and 5th/50th/95th percentiles per option, metric and year, plus the total over the
    years (``year`` = 0 marks the total).

    The metrics are summarised on a thread each (NumPy releases the GIL while it partitions
    and sums), and the rows put back in order: the same table, sooner on several CPUs.
    """
    pairs = [(option, metric, values)
             for option, metrics in result.draws.items() for metric, values in metrics.items()]
    years = [int(y) for y in result.years] + [0]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        blocks = list(pool.map(lambda pair: _summarise_metric(*pair, years), pairs))
    return pd.DataFrame([row for block in blocks for row in block])


def _summarise_metric(option: str, metric: str, values: np.ndarray, years: list[int]) -> list[dict]:
    rows = []
    columns = [*values.T, values.sum(axis=1)]  # each year's draws (contiguous, see simulate), the total
    for year, v in zip(years, columns):
        p5, p50, p95 = percentiles(v, SUMMARY_PERCENTILES)
        rows.append({"option": option, "metric": metric, "year": year,
                     "mean": v.mean(), "p5": p5, "p50": p50, "p95": p95})
    return rows


SUMMARY_PERCENTILES = (5, 50, 95)


def percentiles(values: np.ndarray, q) -> np.ndarray:
    """``np.percentile(values, q)`` (its default, linear method), bit for bit, only faster.

    ``np.percentile`` partitions its data around all the order statistics it needs in one
    call, and NumPy's partition is slow with several of them (tens of ms for a million draws)
    while one at a time it is vectorised (about 2 ms). So the order statistics are selected
    one partition at a time, each on the slice that must hold it (see :func:`_select`), and
    interpolated with ``np.percentile``'s own arithmetic: virtual index ``(n - 1) q``, then
    NumPy's ``_lerp``. The result is unchanged (tests hold the two equal); it is only faster.
    """
    values = np.asarray(values, dtype=float).ravel()
    n = values.size
    quantiles = np.true_divide(np.asarray(q, dtype=float), 100)
    virtual = (n - 1) * quantiles
    previous = np.floor(virtual)
    following = previous + 1
    above = virtual >= n - 1
    previous[above], following[above] = -1, -1
    below = virtual < 0
    previous[below], following[below] = 0, 0
    previous, following = previous.astype(np.intp), following.astype(np.intp)
    gamma = virtual - previous
    wanted = sorted({int(i) % n for i in np.concatenate([previous, following])})
    work = values.copy()
    _select(work, 0, n, wanted)
    a, b = work[previous], work[following]
    diff = b - a
    result = a + diff * gamma
    np.subtract(b, diff * (1 - gamma), out=result, where=gamma >= 0.5)
    if np.isnan(values).any():  # np.percentile returns NaN when any value is NaN
        result[:] = np.nan
    return result


def _select(work: np.ndarray, low: int, high: int, ranks: list[int]) -> None:
    """Partition ``work`` in place so that each rank in ``ranks`` (sorted, each within
    [low, high)) holds the value a full sort would put there: partition the slice around
    the middle rank, then each side around the ranks on that side."""
    if not ranks:
        return
    middle = ranks[len(ranks) // 2]
    work[low:high].partition(middle - low)
    _select(work, low, middle, [r for r in ranks if r < middle])
    _select(work, middle + 1, high, [r for r in ranks if r > middle])


def tornado(
    inputs: Mapping[str, Resolved],
    years: np.ndarray,
    option: str = "licensed",
    metric: str = "us_receipts_usd_bn",
    low_q: float = 0.05,
    high_q: float = 0.95,
) -> pd.DataFrame:
    """One-at-a-time swings of the total over the years: every input at its median, then
    each uncertain input alone at its ``low_q`` and ``high_q`` quantiles.

    Columns: input, low_input, high_input, at_low, at_high, swing, base (sorted by swing).
    """
    names = sorted(inputs)
    median = {n: quantile(inputs[n], 0.5) for n in names}
    uncertain = [n for n in names if inputs[n].is_uncertain]
    cases = [dict(median)]
    for name in uncertain:
        cases += [median | {name: quantile(inputs[name], low_q)}, median | {name: quantile(inputs[name], high_q)}]
    batch = {n: np.array([case[n] for case in cases]) for n in names}
    totals = simulate(batch, np.asarray(years))[option][metric].sum(axis=1)
    base = totals[0]
    rows = []
    for i, name in enumerate(uncertain):
        at_low, at_high = totals[1 + 2 * i], totals[2 + 2 * i]
        rows.append({"input": name, "low_input": quantile(inputs[name], low_q),
                     "high_input": quantile(inputs[name], high_q), "at_low": at_low, "at_high": at_high,
                     "swing": abs(at_high - at_low), "base": base})
    return pd.DataFrame(rows).sort_values("swing", ascending=False, ignore_index=True)


def lower_first(text: str) -> str:
    """'Market growth' -> 'market growth', but 'US H200 volume' stays as it is."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]
