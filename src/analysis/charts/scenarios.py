"""Figures of the scenarios chapter: fan charts by option, and the tornado."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd

from analysis.scenarios import INPUT_LABELS, METRIC_LABELS, OPTION_LABELS
from analysis.style import PALETTE, new_figure

OPTION_COLORS = {"deny": PALETTE["neutral"], "licensed": PALETTE["forecast"], "full": PALETTE["nvidia"]}
PANEL_TITLES = {
    "revenue_usd_bn": "NVIDIA China revenue\n(USD bn)",
    "gross_profit_usd_bn": "NVIDIA gross profit\n(USD bn)",
    "us_receipts_usd_bn": "US government receipts\n(USD bn)",
    "compute_h100e_k": "Compute added in China\n(thousand H100-equivalents)",
}


def fan_charts(summary: pd.DataFrame, metrics: list[str]) -> plt.Figure:
    """One panel per metric: each option's median by year and its 5–95% band."""
    fig, axes = new_figure(ncols=len(metrics), height=2.7)
    axes = list(axes) if len(metrics) > 1 else [axes]
    yearly = summary[summary["year"] > 0]
    for ax, metric in zip(axes, metrics):
        for option, color in OPTION_COLORS.items():
            rows = yearly[(yearly["metric"] == metric) & (yearly["option"] == option)].sort_values("year")
            if rows.empty:
                continue
            ax.fill_between(rows["year"], rows["p5"], rows["p95"], color=color, alpha=0.18, lw=0)
            ax.plot(rows["year"], rows["p50"], color=color, lw=1.8, label=OPTION_LABELS[option])
        ax.set_title(PANEL_TITLES[metric], fontsize=8.5)
        ax.xaxis.set_major_locator(mticker.MultipleLocator(1))
        ax.tick_params(axis="x", rotation=45)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,g}"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3)
    return fig


def tornado_chart(table: pd.DataFrame, unit_label: str, top: int = 8) -> plt.Figure:
    """Horizontal bars: the total at each input's 5th and 95th percentile, others at median."""
    rows = table.head(top).iloc[::-1]
    fig, ax = new_figure(height=0.32 * len(rows) + 1.0)
    base = float(table["base"].iloc[0])
    labels = [INPUT_LABELS.get(name, name) for name in rows["input"]]
    for i, row in enumerate(rows.itertuples()):
        low, high = sorted((row.at_low, row.at_high))
        ax.barh(i, high - low, left=low, color=PALETTE["forecast"], alpha=0.75, height=0.6)
        ax.annotate(f"{row.at_low:,.1f}", (row.at_low, i), xytext=(-3 if row.at_low < row.at_high else 3, 0),
                    textcoords="offset points", va="center", ha="right" if row.at_low < row.at_high else "left",
                    fontsize=7)
        ax.annotate(f"{row.at_high:,.1f}", (row.at_high, i), xytext=(3 if row.at_high > row.at_low else -3, 0),
                    textcoords="offset points", va="center", ha="left" if row.at_high > row.at_low else "right",
                    fontsize=7)
    ax.axvline(base, color=PALETTE["us"], lw=1)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlabel(unit_label)
    # Room on both sides for the end labels, so they never reach the input names.
    low, high = float(rows[["at_low", "at_high"]].min().min()), float(rows[["at_low", "at_high"]].max().max())
    pad = 0.12 * (high - low) if high > low else 1.0
    ax.set_xlim(low - pad, high + pad)
    ax.grid(axis="y", visible=False)
    return fig


def metric_label(metric: str) -> str:
    return METRIC_LABELS[metric]
