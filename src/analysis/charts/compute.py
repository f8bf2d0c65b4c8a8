"""Figures of the compute chapter."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from analysis.style import PALETTE, new_figure

_KIND_COLORS = {"hardware": PALETTE["nvidia"], "economics": PALETTE["neutral"]}


def ratio_bars(ratios: pd.DataFrame, claim: float | None = None, claim_label: str = "Article's claim",
               numerator: str = "H200", denominator: str = "H20") -> plt.Figure:
    """Horizontal bars of ``ratios`` (from :func:`analysis.compute.spec_ratios`), first measure
    on top, each labelled with its value; parity (1×) and, if given, the article's claim marked."""
    shown = ratios.dropna(subset=["ratio"]).reset_index(drop=True)
    fig, ax = new_figure(height=0.32 * len(shown) + 1.0)
    y = np.arange(len(shown))[::-1]
    ax.barh(y, shown["ratio"], color=[_KIND_COLORS[k] for k in shown["kind"]], height=0.62)
    for yi, value in zip(y, shown["ratio"]):
        ax.annotate(f"{value:.1f}\u00d7", (value, yi), textcoords="offset points", xytext=(4, 0),
                    va="center", fontsize=8, zorder=5, bbox={"fc": "white", "ec": "none", "pad": 0.8})
    ax.set_yticks(y, shown["label"])
    ax.axvline(1, color=PALETTE["us"], lw=0.8)
    if claim is not None:
        ax.axvline(claim, color=PALETTE["highlight"], lw=1.6, ls="--")
        ax.annotate(f"{claim_label}: {claim:g}\u00d7", (claim, y.max() + 0.55), xytext=(4, 0),
                    textcoords="offset points", color=PALETTE["highlight"], fontsize=8, va="center")
    ax.set_ylim(-0.6, y.max() + 0.9)
    ax.set_xlim(0, shown["ratio"].max() * 1.12)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}\u00d7"))
    ax.set_xlabel(f"{numerator} \u00f7 {denominator} (1\u00d7 = parity)")
    ax.grid(axis="y", visible=False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in _KIND_COLORS.values()]
    ax.legend(handles, ["Chip specification", "Price and efficiency"], loc="lower right")
    return fig


# Where each chip's label sits relative to its point (layout only), in points.
_LABEL_OFFSETS = {"H20": (0, 7, "center", "bottom"), "Ascend 910C": (-8, -4, "right", "center")}


def tpp_vs_bandwidth(table: pd.DataFrame, threshold: float | None = None,
                     threshold_label: str = "Licence threshold") -> plt.Figure:
    """Each chip's TPP (x) against its memory bandwidth (y), labelled with its memory size;
    NVIDIA and Huawei in their own colours; the export-control threshold as a vertical line."""
    shown = table.dropna(subset=["tpp", "memory_bandwidth_tb_s"])
    fig, ax = new_figure(height=2.8)
    for chip, row in shown.iterrows():
        color = PALETTE["china"] if chip.startswith("Ascend") else PALETTE["nvidia"]
        ax.plot(row["tpp"], row["memory_bandwidth_tb_s"], "o", ms=7, color=color, zorder=3)
        memory = "" if np.isnan(row["memory_gb"]) else f"\n{row['memory_gb']:g} GB"
        dx, dy, ha, va = _LABEL_OFFSETS.get(chip, (8, -4, "left", "center"))
        ax.annotate(f"{chip}{memory}", (row["tpp"], row["memory_bandwidth_tb_s"]), textcoords="offset points",
                    xytext=(dx, dy), ha=ha, va=va, fontsize=8)
    if threshold is not None:
        ax.axvline(threshold, color=PALETTE["highlight"], lw=1.4, ls="--")
        ax.annotate(f"{threshold_label}\n(TPP {threshold:,.0f})", (threshold, 0.98), xycoords=("data", "axes fraction"),
                    xytext=(5, 0), textcoords="offset points", color=PALETTE["highlight"], fontsize=8, va="top")
    ax.set_xlim(0, shown["tpp"].max() * 1.2)
    ax.set_ylim(0, shown["memory_bandwidth_tb_s"].max() * 1.2)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("Total processing performance (TPP), which tracks dense compute")
    ax.set_ylabel("Memory bandwidth (TB/s)")
    handles = [plt.Line2D([], [], marker="o", ls="none", color=PALETTE[k]) for k in ("nvidia", "china")]
    ax.legend(handles, ["NVIDIA", "Huawei"], loc="lower right")
    return fig
