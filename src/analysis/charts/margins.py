"""Figures of the margins chapter."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.margins import SEC_XBRL, ChargeQuarter
from analysis.style import PALETTE, new_figure

BASIS_COLORS = {"GAAP": PALETTE["nvidia"], "non-GAAP": PALETTE["forecast"]}
CHIP_COLORS = {"H20": PALETTE["china"], "H200": PALETTE["highlight"]}
MIN_INSIDE_LABEL_USD_K = 2.5


def _quarter_tick(label: str) -> str:
    """'Q1 FY2026' -> 'Q1\\nFY26'."""
    quarter, year = label.split()
    return f"{quarter}\n{year[:2]}{year[-2:]}"


def quarterly_gross_margins(series: pd.DataFrame, charge: ChargeQuarter) -> plt.Figure:
    """GAAP and non-GAAP gross margin by fiscal quarter.

    Circles: NVIDIA's documents; squares: GAAP margins computed from SEC XBRL facts where
    the documents are missing; hollow markers: weak sources. The H20 charge quarter is
    shaded, with the non-GAAP margin NVIDIA gives excluding the charge.
    """
    fig, ax = new_figure(height=2.7)
    quarters = series.drop_duplicates("fiscal_period").sort_values("period_end_date")["fiscal_period"].tolist()
    position = {q: i for i, q in enumerate(quarters)}
    for basis, color in BASIS_COLORS.items():
        rows = series[series["basis"] == basis].set_index("fiscal_period").reindex(quarters)
        ax.plot(range(len(quarters)), rows["margin_pct"], color=color, lw=1.6, zorder=2)
        for quarter, row in rows.dropna(subset=["margin_pct"]).iterrows():
            weak = row["quality_grade"] == "weak"
            ax.plot(position[quarter], row["margin_pct"], ls="none",
                    marker="s" if row["margin_source"] == SEC_XBRL else "o", ms=5.5 if weak else 5,
                    mec=color, mew=1.4, mfc="white" if weak else color, zorder=3)
    x = position[charge.fiscal_period]
    ax.axvspan(x - 0.45, x + 0.45, color=PALETTE["highlight"], alpha=0.13, lw=0, zorder=0)
    ax.vlines(x, charge.non_gaap_pct, charge.non_gaap_ex_charge_pct, color=PALETTE["highlight"], lw=1, ls=":")
    ax.plot(x, charge.non_gaap_ex_charge_pct, marker="^", ms=7, ls="none", color=PALETTE["highlight"], zorder=4)
    ax.annotate(
        f"H20 charge\n\\${charge.charge_usd_m / 1000:.1f}bn",
        (x, charge.non_gaap_pct), textcoords="offset points", xytext=(-10, -4), ha="right", va="top",
        fontsize=7.5, color=PALETTE["highlight"],
    )
    ax.set_xticks(range(len(quarters)), [_quarter_tick(q) for q in quarters], fontsize=7.5)
    ax.set_xlim(-0.6, len(quarters) - 0.4)
    ax.set_ylabel("gross margin, percent of revenue")
    ax.yaxis.set_major_locator(mticker.MultipleLocator(10))
    low = np.floor(series["margin_pct"].min() / 10) * 10 - 2
    ax.set_ylim(low, 84)
    ax.grid(axis="x", visible=False)
    handles = [
        Line2D([], [], color=BASIS_COLORS["GAAP"], lw=1.6, marker="o", ms=5, label="GAAP"),
        Line2D([], [], color=BASIS_COLORS["non-GAAP"], lw=1.6, marker="o", ms=5, label="non-GAAP"),
        Line2D([], [], color=PALETTE["neutral"], ls="none", marker="s", ms=5, label="GAAP from SEC XBRL facts (gap filled)"),
        Line2D([], [], color=PALETTE["neutral"], ls="none", marker="o", ms=5, mfc="white", mew=1.4,
               label="weak source (verify)"),
        Line2D([], [], color=PALETTE["highlight"], ls="none", marker="^", ms=7, label="non-GAAP excluding the H20 charge"),
    ]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=7.5)
    return fig


def chip_unit_economics(table: pd.DataFrame) -> plt.Figure:
    """Where the price of one chip sold to China goes: unit cost, the US share, NVIDIA's gross profit."""
    fig, ax = new_figure(height=2.3)
    parts = [
        ("unit_cost_usd", "Unit cost (price × (1 − margin))", PALETTE["neutral"]),
        ("us_share_usd", "US government's share", PALETTE["us"]),
        ("gross_profit_after_share_usd", "NVIDIA gross profit after the share", PALETTE["nvidia"]),
    ]
    rows = table.reset_index(drop=True)
    labels = [f"{r.chip}\n(share {r.us_share_pct:.0f}%)" for r in rows.itertuples()]
    left = np.zeros(len(rows))
    for column, label, color in parts:
        values = rows[column].to_numpy(dtype=float)
        ax.barh(labels, values / 1000, left=left / 1000, color=color, label=label, height=0.55)
        for i, v in enumerate(values):
            if v <= 0:
                continue
            inside = v / 1000 >= MIN_INSIDE_LABEL_USD_K  # a narrow segment is labelled above its bar
            ax.text((left[i] + v / 2) / 1000, i if inside else i - 0.3, f"\\${v / 1000:.1f}k", ha="center",
                    va="center" if inside else "bottom", fontsize=7.5, color="white" if inside else color)
        left += values
    for i, r in enumerate(rows.itertuples()):
        ax.text(r.price_usd / 1000, i, f"  price \\${r.price_usd / 1000:.0f}k (estimate)\n  margin after share "
                f"{r.margin_after_share_of_price_pct:.0f}%", va="center", fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(0, rows["price_usd"].max() / 1000 * 1.38)
    ax.set_xlabel("USD thousand per chip")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncols=3, fontsize=7.5)
    return fig


def blended_margin_by_china_mix(
    curve: pd.DataFrame,
    base_margin_pct: float,
    base_label: str,
    chip_labels: dict[str, str],
    reference_mixes: dict[str, float],
) -> plt.Figure:
    """Blended gross margin against China's share of revenue, one line per chip; dotted lines
    mark the observed China shares, the dashed line the margin with no China sales."""
    fig, ax = new_figure(height=2.7)
    ax.axhline(base_margin_pct, color=PALETTE["neutral"], lw=1, ls="--")
    ax.annotate(base_label, (0, base_margin_pct), textcoords="offset points", xytext=(3, 3),
                ha="left", va="bottom", fontsize=7.5, color=PALETTE["neutral"])
    mix_max = curve["china_mix_pct"].max()
    for chip, rows in curve.groupby("chip", sort=False):
        ax.plot(rows["china_mix_pct"], rows["blended_margin_pct"], color=CHIP_COLORS.get(chip, PALETTE["us"]),
                lw=1.8, label=chip_labels.get(chip, chip))
    for label, mix in reference_mixes.items():
        if mix > mix_max:  # outside the range drawn
            continue
        ax.axvline(mix, color=PALETTE["us"], lw=0.8, ls=":")
        ax.annotate(label, (mix, base_margin_pct), textcoords="offset points", xytext=(3, -4), ha="left", va="top",
                    fontsize=7.5, color=PALETTE["us"])
    low = curve["blended_margin_pct"].min()
    ax.set_xlim(0, mix_max)
    ax.set_ylim(low - 2, base_margin_pct + 3)
    ax.yaxis.set_major_locator(mticker.MultipleLocator(5))
    ax.set_xlabel("China's share of Data Center revenue (percent)")
    ax.set_ylabel("blended gross margin (percent)")
    ax.legend(loc="lower left", title="China's sales all (margins assumed):", title_fontsize=7.5)
    return fig
