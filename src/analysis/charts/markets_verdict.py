"""Figures of the markets' verdict chapter (the event study)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.style import PALETTE, new_figure

TICKER_COLORS = {"NVDA": PALETTE["nvidia"], "SOXX": PALETTE["us"]}


def cars_by_event(cars: pd.DataFrame, window: str, significance_t: float, event_labels: dict[str, str]) -> plt.Figure:
    """Grouped bars: each stock's CAR over ``window`` for every event, with whiskers of
    ± ``significance_t`` standard errors (a whisker that crosses zero: not significant)."""
    shown = cars[cars["window"] == window]
    if shown.empty:
        raise ValueError(f"no CARs for the window {window!r}")
    events = list(dict.fromkeys(shown["event_id"]))
    tickers = list(dict.fromkeys(shown["ticker"]))
    width = 0.8 / len(tickers)
    fig, ax = new_figure(height=2.8)
    x = np.arange(len(events))
    for i, ticker in enumerate(tickers):
        rows = shown[shown["ticker"] == ticker].set_index("event_id").loc[events]
        offset = (i - (len(tickers) - 1) / 2) * width
        half = significance_t * rows["car_se_pct"]
        ax.bar(x + offset, rows["car_pct"], width * 0.9, color=TICKER_COLORS.get(ticker, PALETTE["neutral"]),
               label=ticker, zorder=3)
        ax.errorbar(x + offset, rows["car_pct"], yerr=half, fmt="none", ecolor="#333333", elinewidth=0.9,
                    capsize=3, zorder=4)
        for xi, car, h, t in zip(x + offset, rows["car_pct"], half, rows["car_t"]):
            star = "*" if abs(t) > significance_t else ""
            y = car + h if car >= 0 else car - h
            ax.annotate(f"{car:+.1f}%{star}".replace("-", "\u2212"), (xi, y), textcoords="offset points",
                        xytext=(0, 4 if car >= 0 else -4), ha="center", va="bottom" if car >= 0 else "top",
                        fontsize=7.5)
    ax.axhline(0, color="#555555", lw=0.8, zorder=2)
    ax.set_xticks(x, [event_labels[e] for e in events])
    ax.set_ylabel(f"Cumulative abnormal return, {window} (%)")
    ax.margins(y=0.18)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", ncols=len(tickers))
    return fig
