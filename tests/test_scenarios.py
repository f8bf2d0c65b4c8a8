"""The scenario model: known answers, Monte Carlo convergence, reproducibility, tornado."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis import scenarios
from analysis.distributions import Fixed, Normal, Resolved, Triangular, Uniform, quantile, resolve, sample

YEARS = np.array([2026, 2027])


def _point(**overrides) -> dict[str, np.ndarray]:
    """One draw: a $100bn server market, chips half of it, NVIDIA 40%, $20,000 a chip."""
    values = {
        "server_market_first_year_usd_bn": 100.0,
        "chip_share_of_server_value_pct": 50.0,
        "market_growth_pct": 0.0,
        "nvidia_share_if_unrestricted_pct": 40.0,
        "licence_demand_factor_pct": 50.0,
        "us_h200_units_first_year_k": 2000.0,
        "us_h200_decline_pct": 0.0,
        "h200_price_usd": 20000.0,
        "price_decline_pct": 0.0,
        "h200_gross_margin_pct": 60.0,
        "h200_us_share_pct": 25.0,
        "volume_cap_pct": 50.0,
        "h100e_per_h200": 1.0,
    } | overrides
    return {k: np.array([v]) for k, v in values.items()}


def test_known_answer_per_option():
    """$50bn chip market × 40% = $20bn of demand = 1m H200s at $20,000.

    Licensed: half the demand (500k units, under the 1m cap) = $10bn; the US takes 25%
    ($2.5bn); gross profit 60% × 10 − 2.5 = $3.5bn. Full: $20bn, $12bn profit, no receipts.
    """
    out = scenarios.simulate(_point(), YEARS)
    licensed, full, deny = out["licensed"], out["full"], out["deny"]
    assert licensed["revenue_usd_bn"][0].tolist() == pytest.approx([10.0, 10.0])
    assert licensed["us_receipts_usd_bn"][0, 0] == pytest.approx(2.5)
    assert licensed["gross_profit_usd_bn"][0, 0] == pytest.approx(3.5)
    assert licensed["compute_h100e_k"][0, 0] == pytest.approx(500.0)
    assert full["revenue_usd_bn"][0, 0] == pytest.approx(20.0)
    assert full["gross_profit_usd_bn"][0, 0] == pytest.approx(12.0)
    assert full["us_receipts_usd_bn"][0, 0] == 0.0
    assert all(np.all(v == 0) for v in deny.values())


def test_the_volume_cap_binds_when_us_volumes_are_small():
    """US customers take 400k: the cap is 200k units = $4bn, below the $10bn of demand."""
    out = scenarios.simulate(_point(us_h200_units_first_year_k=400.0), YEARS)
    assert out["licensed"]["revenue_usd_bn"][0, 0] == pytest.approx(4.0)
    assert out["licensed"]["cap_binds"][0].tolist() == [1.0, 1.0]
    assert scenarios.simulate(_point(), YEARS)["licensed"]["cap_binds"][0].tolist() == [0.0, 0.0]


def test_growth_and_price_decline_compound_by_year():
    out = scenarios.simulate(_point(market_growth_pct=10.0, price_decline_pct=50.0), YEARS)
    # Revenue = market share in dollars: the price cancels out of full-approval revenue...
    assert out["full"]["revenue_usd_bn"][0].tolist() == pytest.approx([20.0, 22.0])
    # ...but not out of the units: half the price buys twice the chips, plus growth.
    assert out["full"]["compute_h100e_k"][0].tolist() == pytest.approx([1000.0, 2200.0])


def test_receipts_move_in_proportion_to_the_revenue_share():
    base = scenarios.simulate(_point(), YEARS)["licensed"]["us_receipts_usd_bn"]
    doubled = scenarios.simulate(_point(h200_us_share_pct=50.0), YEARS)["licensed"]["us_receipts_usd_bn"]
    assert doubled == pytest.approx(2 * base)


def _inputs(**overrides) -> dict[str, Resolved]:
    fixed = {k: float(v[0]) for k, v in _point().items()}
    specs = {k: Resolved(k, "fixed", (v,), "u", "d", "s") for k, v in fixed.items()}
    return specs | overrides


def test_monte_carlo_mean_converges_to_the_analytic_answer():
    """Full-approval revenue = 100 × chip share × NVIDIA share: with independent inputs its mean
    is 100 × E[chip share] × E[share] = 100 × 0.5 × 0.4 = $20bn (triangular 40/50/60, uniform 20-60)."""
    inputs = _inputs(
        chip_share_of_server_value_pct=Resolved("c", "triangular", (40.0, 50.0, 60.0), "%", "d", "s"),
        nvidia_share_if_unrestricted_pct=Resolved("n", "uniform", (20.0, 60.0), "%", "d", "s"),
    )
    result = scenarios.run_monte_carlo(inputs, YEARS, n_draws=1_000_000, seed=7)
    revenue = result.draws["full"]["revenue_usd_bn"][:, 0]
    standard_error = revenue.std() / np.sqrt(revenue.size)
    assert abs(revenue.mean() - 20.0) < 4 * standard_error
    assert standard_error < 0.01


def test_same_seed_same_numbers_other_seed_other_numbers():
    inputs = _inputs(market_growth_pct=Resolved("g", "triangular", (0.0, 10.0, 20.0), "%", "d", "s"))
    first = scenarios.run_monte_carlo(inputs, YEARS, 1000, seed=1)
    again = scenarios.run_monte_carlo(dict(reversed(list(inputs.items()))), YEARS, 1000, seed=1)
    other = scenarios.run_monte_carlo(inputs, YEARS, 1000, seed=2)
    assert np.array_equal(first.draws["full"]["revenue_usd_bn"], again.draws["full"]["revenue_usd_bn"])
    assert not np.array_equal(first.draws["full"]["revenue_usd_bn"], other.draws["full"]["revenue_usd_bn"])


def test_summary_has_every_option_metric_and_year_and_a_total():
    inputs = _inputs(market_growth_pct=Resolved("g", "triangular", (0.0, 10.0, 20.0), "%", "d", "s"))
    summary = scenarios.summarise(scenarios.run_monte_carlo(inputs, YEARS, 2000, seed=3))
    assert len(summary) == (len(scenarios.OPTIONS) * len(scenarios.METRICS) + 1) * (len(YEARS) + 1)  # + cap_binds
    total = summary.query("option == 'full' and metric == 'revenue_usd_bn' and year == 0").iloc[0]
    by_year = summary.query("option == 'full' and metric == 'revenue_usd_bn' and year > 0")["mean"].sum()
    assert total["mean"] == pytest.approx(by_year)
    assert total["p5"] <= total["p50"] <= total["p95"]


def test_tornado_ranks_inputs_by_swing_and_ignores_fixed_ones():
    inputs = _inputs(
        nvidia_share_if_unrestricted_pct=Resolved("n", "uniform", (20.0, 60.0), "%", "d", "s"),
        h200_gross_margin_pct=Resolved("m", "uniform", (50.0, 70.0), "%", "d", "s"),  # no effect on receipts
        chip_share_of_server_value_pct=Resolved("c", "uniform", (45.0, 55.0), "%", "d", "s"),
    )
    table = scenarios.tornado(inputs, YEARS)
    assert table["input"].tolist() == [
        "nvidia_share_if_unrestricted_pct", "chip_share_of_server_value_pct", "h200_gross_margin_pct"]
    assert table.set_index("input").loc["h200_gross_margin_pct", "swing"] == pytest.approx(0.0)
    # Share from its 5th to 95th percentile (22 to 58): receipts = 100 × 0.5 × s × 0.5 × 0.25 × 2 years.
    share = table.set_index("input").loc["nvidia_share_if_unrestricted_pct"]
    assert share["at_low"] == pytest.approx(100 * 0.5 * 0.22 * 0.5 * 0.25 * 2)
    assert share["at_high"] == pytest.approx(100 * 0.5 * 0.58 * 0.5 * 0.25 * 2)


# --- distributions -----------------------------------------------------------------------

def test_triangular_quantiles_match_scipy():
    dist = Resolved("x", "triangular", (10.0, 13.0, 20.0), "u", "d", "s")
    reference = stats.triang(c=0.3, loc=10, scale=10)
    for q in (0.05, 0.3, 0.5, 0.95):
        assert quantile(dist, q) == pytest.approx(reference.ppf(q))


def test_sampling_matches_the_declared_distribution():
    rng = np.random.default_rng(0)
    draws = sample(Resolved("x", "triangular", (10.0, 13.0, 20.0), "u", "d", "s"), 200_000, rng)
    assert draws.min() >= 10 and draws.max() <= 20
    assert draws.mean() == pytest.approx(43 / 3, abs=0.02)
    assert np.all(sample(Resolved("x", "fixed", (3.0,), "u", "d", "s"), 5, rng) == 3.0)


def test_anchors_fill_numbers_and_explicit_numbers_win():
    anchors = {"price": 27000.0, "share": 25.0}
    spread = Triangular(dist="triangular", anchor="price", low_pct=-10, high_pct=20, unit="USD", description="price", source="a source")
    assert resolve("p", spread, anchors).params == pytest.approx((24300.0, 27000.0, 32400.0))
    fixed = Fixed(dist="fixed", anchor="share", unit="%", description="share", source="policy data")
    assert resolve("s", fixed, anchors).params == (25.0,)
    overridden = Fixed(dist="fixed", anchor="share", value=30, unit="%", description="share", source="policy data")
    resolved = resolve("s", overridden, anchors)
    assert resolved.params == (30.0,) and resolved.anchor_value == 25.0


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"dist": "triangular", "low": 5, "mode": 1, "high": 9}, "low <= mode <= high"),
        ({"dist": "triangular", "low": 1, "high": 9}, "needs low, mode and high"),
        ({"dist": "uniform", "low": 9, "high": 1}, "low < high"),
        ({"dist": "fixed"}, "a value or an anchor"),
        ({"dist": "normal", "mean": 1, "sd": -1}, "greater than 0"),
        ({"dist": "beta", "low": 1}, "dist"),
    ],
)
def test_bad_distributions_are_refused(spec, message):
    from pydantic import TypeAdapter, ValidationError
    from analysis.distributions import DistributionSpec
    with pytest.raises(ValidationError, match=message):
        TypeAdapter(DistributionSpec).validate_python(spec | {"unit": "u", "description": "words", "source": "assumption"})


def test_an_unknown_anchor_is_named():
    spec = Fixed(dist="fixed", anchor="nope", unit="u", description="words", source="assumption")
    with pytest.raises(KeyError, match="nope"):
        resolve("x", spec, {"price": 1.0})
