"""Data anchors of the scenario inputs: values computed from ``data/raw`` that an input in
``params/*.yaml`` can be tied to (``anchor: <name>``), so that new data moves the scenarios.

Each anchor is a function of the run parameters returning one number; :data:`DESCRIPTIONS`
says in words what it is and where it comes from (printed beside the inputs in the brief).
"""

from __future__ import annotations

from collections.abc import Callable

from analysis import market, policy
from analysis.processed import load_table


def idc_server_market_first_year_usd_bn(first_year: int) -> float:
    """IDC's last full-year market, grown at the rate IDC's latest forecast implies."""
    anchor = market.idc_forecast_anchor(load_table("china_accelerated_server_market"))
    return anchor.base_usd_bn * (1 + anchor.growth_pct / 100) ** (first_year - anchor.base_year)


def h200_price_usd(first_year: int) -> float:
    prices = load_table("chip_prices")
    row = prices[(prices["chip"] == "H200") & (prices["metric"] == "unit_price_China_orders_reported")]
    if len(row) != 1:
        raise LookupError("chip_prices has no single reported H200 price for Chinese orders")
    return float(row["value"].iloc[0])


def h200_us_share_pct(first_year: int) -> float:
    return policy.us_revenue_share_pct(load_table("chip_prices"), "H200")


def volume_cap_pct(first_year: int) -> float:
    return policy.volume_cap_pct(load_table("policy_events"))


def h100e_per_h200(first_year: int) -> float:
    """H200 compute in H100-equivalents: H200 TPP over H100 SXM TPP (the compute chapter's table)."""
    from analysis import compute

    table = compute.spec_table(compute.lineup_values(load_table("chip_specs"), load_table("chip_prices")))
    return float(table.at["H200", "tpp"] / table.at["H100 SXM", "tpp"])


ANCHORS: dict[str, Callable[[int], float]] = {
    "idc_server_market_first_year_usd_bn": idc_server_market_first_year_usd_bn,
    "h200_price_usd": h200_price_usd,
    "h200_us_share_pct": h200_us_share_pct,
    "volume_cap_pct": volume_cap_pct,
    "h100e_per_h200": h100e_per_h200,
}

DESCRIPTIONS = {
    "idc_server_market_first_year_usd_bn": "IDC's last full-year China accelerated-server market grown to the first "
    "scenario year at the growth IDC's latest forecast implies (market_size.csv)",
    "h200_price_usd": "price reported for H200s ordered by Chinese firms (chip_pricing.csv)",
    "h200_us_share_pct": "US government's share of H200 sales to China (chip_pricing.csv)",
    "volume_cap_pct": "cap on China volumes as a share of US customer volumes (policy_events.csv)",
    "h100e_per_h200": "H200 TPP divided by H100 SXM TPP (chip_specs.csv)",
}


def anchor_values(first_year: int, names: set[str] | None = None) -> dict[str, float]:
    """The anchors' values (only ``names`` if given: each anchor reads processed tables)."""
    wanted = ANCHORS if names is None else {n: ANCHORS[n] for n in names if n in ANCHORS}
    return {name: function(first_year) for name, function in wanted.items()}
