"""The economics of one chip sold to China under a US revenue share, and the blended margin.

Notation (per chip): price ``P`` (an estimate from ``chip_prices``), gross margin ``m``
before the share (an assumption: the article's claims), unit cost ``C = P·(1 − m)``, and
the US government's share of the sale ``s`` (policy data). Then

* gross profit per unit before the share: ``P·m``
* the share paid per unit: ``P·s``
* gross profit per unit after the share: ``P·(1 − s) − C = P·(m − s)``
* margin after the share, on the gross price: ``m − s``
* margin after the share, on NVIDIA's net revenue ``P·(1 − s)``: ``(m − s) / (1 − s)``

The two last differ by accounting: if NVIDIA books the gross price as revenue and the
share as a cost, its margin is ``m − s``; if it books only what it keeps, ``(m − s)/(1 − s)``.

Blended margin: with a share ``w`` of (Data Center) revenue sold to China at margin
``m_china`` and the rest at ``m_rest``, the blend is ``(1 − w)·m_rest + w·m_china``; each
percentage point of China mix moves it by ``(m_china − m_rest) / 100`` points.
All margins and shares are in percent.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

UNIT_COLUMNS = [
    "chip", "price_usd", "gross_margin_pct", "us_share_pct", "unit_cost_usd",
    "gross_profit_before_share_usd", "us_share_usd", "gross_profit_after_share_usd",
    "margin_after_share_of_price_pct", "margin_after_share_of_net_pct",
]


def price_usd(prices: pd.DataFrame, chip: str, metric: str) -> float:
    """One price from ``chip_prices`` (exact chip name and metric); refuses a non-USD row."""
    rows = prices[(prices["chip"] == chip) & (prices["metric"] == metric)]
    if len(rows) != 1:
        raise LookupError(f"expected one {metric!r} row for chip {chip!r}, found {len(rows)}")
    if rows["unit"].iloc[0] != "USD":
        raise ValueError(f"{chip} {metric} is in {rows['unit'].iloc[0]!r}, not USD")
    return float(rows["value"].iloc[0])


def margin_after_share_pct(gross_margin_pct, us_share_pct):
    """Margin left after the share, as a share of the gross price: m − s."""
    return gross_margin_pct - us_share_pct


def margin_after_share_of_net_pct(gross_margin_pct, us_share_pct):
    """Margin left after the share, as a share of the revenue NVIDIA keeps: (m − s)/(1 − s)."""
    if np.any(np.asarray(us_share_pct) >= 100):
        raise ValueError("a revenue share of 100% or more leaves no net revenue")
    return 100 * (gross_margin_pct - us_share_pct) / (100 - us_share_pct)


def chip_unit_economics(chips: pd.DataFrame) -> pd.DataFrame:
    """Per-unit economics of each chip.

    In: ``chip``, ``price_usd``, ``gross_margin_pct``, ``us_share_pct`` (one row per chip).
    Out: the same rows with ``unit_cost_usd``, ``gross_profit_before_share_usd``,
    ``us_share_usd``, ``gross_profit_after_share_usd``, ``margin_after_share_of_price_pct``
    and ``margin_after_share_of_net_pct`` (see the module docstring).
    """
    out = chips[["chip", "price_usd", "gross_margin_pct", "us_share_pct"]].copy()
    price, margin, share = out["price_usd"], out["gross_margin_pct"] / 100, out["us_share_pct"] / 100
    out["unit_cost_usd"] = price * (1 - margin)
    out["gross_profit_before_share_usd"] = price * margin
    out["us_share_usd"] = price * share
    out["gross_profit_after_share_usd"] = price * (1 - share) - out["unit_cost_usd"]
    out["margin_after_share_of_price_pct"] = margin_after_share_pct(out["gross_margin_pct"], out["us_share_pct"])
    out["margin_after_share_of_net_pct"] = margin_after_share_of_net_pct(out["gross_margin_pct"], out["us_share_pct"])
    return out[UNIT_COLUMNS].reset_index(drop=True)


def blended_margin_pct(base_margin_pct, china_margin_pct, china_mix_pct):
    """(1 − w)·m_rest + w·m_china, with w = ``china_mix_pct`` / 100."""
    mix = np.asarray(china_mix_pct, dtype=float) / 100
    if np.any((mix < 0) | (mix > 1)):
        raise ValueError("the China mix is a share between 0% and 100%")
    blended = (1 - mix) * base_margin_pct + mix * china_margin_pct
    return blended if np.ndim(blended) else float(blended)


def mix_effect_pp_per_pp(base_margin_pct: float, china_margin_pct: float) -> float:
    """Change of the blended margin (pp) for one more percentage point of China mix."""
    return (china_margin_pct - base_margin_pct) / 100


def blended_margin_curve(
    base_margin_pct: float, china_margins_pct: Mapping[str, float], mix_max_pct: float, step_pct: float = 0.5
) -> pd.DataFrame:
    """The blended margin over China mixes 0 … ``mix_max_pct``, one line per chip.

    Columns: ``chip``, ``china_mix_pct``, ``blended_margin_pct`` (chips in the given order).
    """
    if not 0 < mix_max_pct <= 100:
        raise ValueError(f"mix_max_pct must lie in (0, 100], got {mix_max_pct}")
    mixes = np.append(np.arange(0, mix_max_pct, step_pct), mix_max_pct)
    frames = [
        pd.DataFrame({
            "chip": chip,
            "china_mix_pct": mixes,
            "blended_margin_pct": blended_margin_pct(base_margin_pct, margin, mixes),
        })
        for chip, margin in china_margins_pct.items()
    ]
    return pd.concat(frames, ignore_index=True)


def h20_h200_chips(prices: pd.DataFrame, h20_gross_margin_pct: float, h200_gross_margin_pct: float) -> pd.DataFrame:
    """The two China chips as :func:`chip_unit_economics` takes them: the estimated prices and
    the US shares from the data, the gross margins given (assumptions)."""
    from analysis import policy

    return pd.DataFrame({
        "chip": ["H20", "H200"],
        "price_usd": [price_usd(prices, "H20", "unit_price_estimate"),
                      price_usd(prices, "H200", "unit_price_China_orders_reported")],
        "gross_margin_pct": [h20_gross_margin_pct, h200_gross_margin_pct],
        "us_share_pct": [policy.us_revenue_share_pct(prices, "H20 "), policy.us_revenue_share_pct(prices, "H200")],
    })
