"""Figures of the investment-and-trade chapter."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from analysis.style import PALETTE, new_figure

ECONOMY_COLOURS = {
    "USA": PALETTE["us"],
    "EMU": PALETTE["forecast"],
    "KOR": PALETTE["highlight"],
    "JPN": PALETTE["nvidia"],
    "CHN": PALETTE["china"],
}


def _years(first: int, last: int) -> str:
    return f"{first}\u2013{str(last)[-2:]}" if str(first)[:2] == str(last)[:2] else f"{first}\u2013{last}"


def _bn_text(value: float) -> str:
    return f"{value:.1f}"


def _pct_text(value: float) -> str:
    """Two decimals, or three below 0.01% so a small share does not print as zero."""
    return f"{value:.3f}%" if value < 0.01 else f"{value:.2f}%"


def amount_text(value: float, unit: str) -> str:
    """An amount as announced, compactly: (26, 'KRW trillion') -> 'KRW 26tn', (3.3, 'EUR billion') -> 'EUR 3.3bn'."""
    currency, _, scale = unit.partition(" ")
    suffix = {"billion": "bn", "trillion": "tn"}.get(scale)
    if suffix is None:
        raise ValueError(f"not a currency amount: {unit!r}")
    return f"{currency} {value:,g}{suffix}"


def programme_label(row) -> str:
    """'US CHIPS Act, 2022–26' (an asterisk when the horizon is an assumption)."""
    star = "*" if row.horizon_is_assumption else ""
    return f"{row.programme_short_name}, {_years(row.first_year, row.last_year)}{star}"


def programme_spending(spending: pd.DataFrame) -> plt.Figure:
    """Two panels of horizontal bars, one bar per programme: USD bn a year, and % of GDP a year.

    Budget outlays are drawn lighter; programmes whose horizon is an assumption are hatched.
    """
    rows = spending.iloc[::-1].reset_index(drop=True)  # first programme at the top
    fig, (left, right) = new_figure(ncols=2, height=0.36 * len(rows) + 1.0, sharey=True)
    y = np.arange(len(rows))
    colours = [ECONOMY_COLOURS.get(code, PALETTE["neutral"]) for code in rows["economy_code"]]
    for ax, column, fmt in ((left, "usd_bn_per_year", _bn_text), (right, "pct_of_gdp_per_year", _pct_text)):
        for i, row in rows.iterrows():
            light = row.programme_role == "budget_outlay"
            ax.barh(y[i], row[column], color=colours[i], alpha=0.45 if light else 1.0, height=0.7,
                    hatch="///" if row.horizon_is_assumption else None, edgecolor="white", lw=0)
            ax.annotate(fmt(row[column]), (row[column], y[i]), textcoords="offset points", xytext=(3, 0),
                        va="center", fontsize=7.5)
        ax.margins(x=0.22)
        ax.grid(axis="y", visible=False)
    left.set_yticks(y, [programme_label(r) for r in rows.itertuples()])
    left.set_xlabel("USD billion a year")
    right.set_xlabel("percent of GDP a year")
    left.set_title("Dollars a year")
    right.set_title("Share of GDP a year")
    handles = [Patch(facecolor="white", edgecolor=PALETTE["neutral"], hatch="///", label="* horizon assumed"),
               Patch(facecolor=PALETTE["forecast"], alpha=0.45, label="EU budget's share of the EU Act")]
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig


def ic_and_crude_imports(comparison: pd.DataFrame) -> plt.Figure:
    """China's IC and crude-oil imports (USD bn) side by side by year, with their ratio above."""
    fig, ax = new_figure(height=2.9)
    x = np.arange(len(comparison))
    width = 0.38
    series = (("ic_imports_usd_bn", "Integrated circuits", PALETTE["china"], -width / 2),
              ("crude_imports_usd_bn", "Crude oil", PALETTE["us"], width / 2))
    for column, label, colour, offset in series:
        values = comparison[column]
        ax.bar(x + offset, values.fillna(0), width, color=colour, label=label)
        for xi, v in zip(x + offset, values):
            text = "n/a" if pd.isna(v) else f"{v:.0f}"
            ax.annotate(text, (xi, 0 if pd.isna(v) else v), textcoords="offset points", xytext=(0, 2),
                        ha="center", fontsize=7.5, color=PALETTE["neutral"] if pd.isna(v) else "black")
    top = comparison[["ic_imports_usd_bn", "crude_imports_usd_bn"]].max(axis=1)
    for xi, ratio, height in zip(x, comparison["ic_to_crude_ratio"], top):
        if pd.notna(ratio):
            ax.annotate(f"chips \u00f7 oil = {ratio:.2f}\u00d7", (xi, height), textcoords="offset points",
                        xytext=(0, 13), ha="center", fontsize=8, fontweight="bold")
    ax.set_xticks(x, comparison["calendar_year"].astype(str))
    ax.set_ylabel("USD billion")
    ax.set_ylim(0, top.max() * 1.25)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", ncols=2, bbox_to_anchor=(0, 1.12))
    return fig


def rate_text(lcu_per_usd: float) -> str:
    """A rate to four significant figures, with thousands separators (a whole number as it is):
    1305.66 -> '1,306', 140.49 -> '140.5', 0.92484 -> '0.9248', 1.0 -> '1'."""
    if lcu_per_usd <= 0:
        raise ValueError(f"an exchange rate must be positive, got {lcu_per_usd}")
    if float(lcu_per_usd).is_integer():
        return f"{int(lcu_per_usd):,}"
    digits = max(0, 3 - int(np.floor(np.log10(lcu_per_usd))))
    return f"{lcu_per_usd:,.{digits}f}"


def programme_table(spending: pd.DataFrame) -> pd.DataFrame:
    """The chapter's programme table as display strings: amount as announced (a dagger marks a
    weak source), the rate used (year; * when another year's), USD total, years spread over
    (* when assumed), USD a year, and % of GDP a year (GDP year)."""
    def star(flag: bool) -> str:
        return "*" if flag else ""

    return pd.DataFrame({
        "Programme": [n + ("\u2020" if g == "weak" else "")
                      for n, g in zip(spending["programme_short_name"], spending["quality_grade"])],
        "Amount": [amount_text(v, u) for v, u in zip(spending["value"], spending["unit"])],
        "Rate (year)": [
            f"{rate_text(r)} ({y}{star(a)})" for r, y, a in
            zip(spending["lcu_per_usd"], spending["rate_year"], spending["rate_is_assumption"])
        ],
        "USD bn": [f"{v:,.1f}" for v in spending["amount_usd_bn"]],
        "Spread over": [f"{_years(a, b)}{star(s)}" for a, b, s in
                  zip(spending["first_year"], spending["last_year"], spending["horizon_is_assumption"])],
        "USD bn/yr": [f"{v:,.1f}" for v in spending["usd_bn_per_year"]],
        "% GDP/yr (of)": [f"{p:.3f}% ({y})" for p, y in zip(spending["pct_of_gdp_per_year"], spending["gdp_year"])],
    })
