"""Figures of the rare-earths chapter."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.rare_earth_prices import decimal_year, element_of, product_order
from analysis.style import PALETTE, new_figure

# Older editions lighter, the newest darkest (assigned in edition order).
_EDITION_SHADES = ["#b8c4cc", "#7f97aa", "#4a6b84", PALETTE["us"]]
_STAGE_COLORS = {"refining": PALETTE["china"], "mining": PALETTE["highlight"]}


def edition_colors(editions) -> dict[str, str]:
    """A colour per edition, oldest lightest."""
    ordered = sorted(set(editions))
    shades = _EDITION_SHADES[-len(ordered):]
    return dict(zip(ordered, shades))


def _thousands(value: float, _pos=None) -> str:
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def edition_revisions_dumbbell(revisions: pd.DataFrame) -> plt.Figure:
    """Each producer's figure for the shared year in the earlier and the later edition (log scale),
    with the revision in percent at the right. Producers with zero in both editions are left out."""
    rows = revisions[(revisions["earlier_t_reo"].fillna(0) > 0) | (revisions["later_t_reo"].fillna(0) > 0)]
    rows = rows.iloc[::-1].reset_index(drop=True)  # first row at the top
    earlier_edition, later_edition = rows["earlier_edition"].iloc[0], rows["later_edition"].iloc[0]
    fig, ax = new_figure(height=0.2 * len(rows) + 0.9)
    y = np.arange(len(rows))
    for i, row in rows.iterrows():
        if pd.notna(row.earlier_t_reo) and pd.notna(row.later_t_reo):
            ax.plot([row.earlier_t_reo, row.later_t_reo], [i, i], color="#c9c9c9", lw=2, zorder=1)
    ax.scatter(rows["earlier_t_reo"], y, s=34, facecolor="white", edgecolor=PALETTE["neutral"], lw=1.3,
               zorder=3, label=earlier_edition)
    ax.scatter(rows["later_t_reo"], y, s=34, color=PALETTE["forecast"], zorder=4, label=later_edition)
    ax.set_yticks(y, rows["producing_country"])
    for label, kind in zip(ax.get_yticklabels(), rows["producer_kind"]):
        if kind != "country":
            label.set_fontstyle("italic")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(_thousands))
    ax.set_xlabel(f"Mine production in {int(rows['calendar_year'].iloc[0])}, t REO (log scale)")
    ax.set_xlim(rows[["earlier_t_reo", "later_t_reo"]].min().min() / 2, rows[["earlier_t_reo", "later_t_reo"]].max().max() * 2)
    trans = ax.get_yaxis_transform()
    ax.text(1.01, len(rows) - 0.45, "revision", transform=trans, fontsize=7.5, color=PALETTE["neutral"], ha="left")
    for i, row in rows.iterrows():
        if pd.isna(row.earlier_t_reo):
            text = f"not in {earlier_edition}"
        elif pd.isna(row.later_t_reo):
            text = f"not in {later_edition}"
        else:
            change = row.revision_pct
            text = "0%" if round(change) == 0 else f"{change:+.0f}%".replace("-", "\u2212")
        ax.text(1.01, i, text, transform=trans, va="center", fontsize=7.5,
                color=PALETTE["china"] if text not in ("0%",) else PALETTE["neutral"])
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside upper center", ncols=2)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    return fig


def china_share_by_stage(comparison: pd.DataFrame) -> plt.Figure:
    """China's share of world mining and refining by source and year; projections dashed,
    weak sources hollow; each point labelled with its value."""
    fig, ax = new_figure(height=2.9)
    markers = {"IEA": "o", "FDD": "D"}
    handles = []
    for (publisher, stage), series in comparison.groupby(["publisher", "supply_stage"], sort=False):
        series = series.sort_values("calendar_year")
        color = _STAGE_COLORS[stage]
        is_usgs = publisher.startswith("USGS")
        marker = "s" if is_usgs else markers.get(publisher, "o")
        weak = series["quality_grade"].eq("weak")
        if len(series) > 1 and not is_usgs:
            ax.plot(series["calendar_year"], series["share_pct"], color=color, lw=1.3,
                    ls="--" if series["is_forecast"].any() else "-", zorder=2)
        offset = {"USGS MCS2024": -0.12, "USGS MCS2025": 0.12}.get(publisher, 0.0)
        for row, is_weak in zip(series.itertuples(), weak):
            hollow = is_weak or row.is_forecast
            ax.plot(row.calendar_year + offset, row.share_pct, marker=marker, ms=6 if not is_usgs else 5,
                    color=color, mfc="white" if hollow else color, ls="none", zorder=3,
                    alpha=0.55 if publisher == "USGS MCS2024" else 1)
            if not is_usgs or publisher == "USGS MCS2025":
                dy = 7 if stage == "refining" or is_usgs else -12
                ax.annotate(f"{row.share_pct:.0f}%", (row.calendar_year + offset, row.share_pct),
                            textcoords="offset points", xytext=(0, dy), ha="center", fontsize=7.5, color=color)
        label = f"{publisher} {stage}" + (" (weak source)" if weak.all() else "")
        handles.append(Line2D([], [], color=color, marker=marker, ls="none", ms=5,
                              mfc="white" if weak.all() else color,
                              alpha=0.55 if publisher == "USGS MCS2024" else 1, label=label))
    handles.append(Line2D([], [], color=PALETTE["neutral"], ls="--", marker="o", mfc="white", ms=5,
                          label="IEA projection"))
    ax.set_ylim(0, 105)
    ax.set_ylabel("China's share of world output, %")
    years = comparison["calendar_year"]
    ax.set_xlim(years.min() - 0.6, years.max() + 0.6)
    ax.xaxis.set_major_locator(mticker.MultipleLocator(1))
    ax.legend(handles=handles, loc="lower left", ncols=3, fontsize=7.5)
    return fig


def us_dependence(production: pd.DataFrame, reliance: pd.DataFrame) -> plt.Figure:
    """Two panels by edition: US mine production (t REO) and net import reliance for compounds
    and metals (%). Preliminary years hollow; lower bounds ('>95') drawn as upward triangles."""
    fig, (left, right) = new_figure(ncols=2, height=2.8)
    colors = edition_colors(pd.concat([production["mcs_edition"], reliance["mcs_edition"]]))
    for ax, frame, scale in ((left, production, 1000), (right, reliance, 1)):
        for edition, series in frame.groupby("mcs_edition"):
            series = series.sort_values("calendar_year")
            color = colors[edition]
            ax.plot(series["calendar_year"], series["value"] / scale, color=color, lw=1.5, label=edition, zorder=2)
            for row in series.itertuples():
                ax.plot(row.calendar_year, row.value / scale, ls="none", color=color, zorder=3,
                        marker="^" if row.is_lower_bound else "o", ms=6 if row.is_lower_bound else 4.5,
                        mfc="white" if row.is_preliminary else color)
        ax.xaxis.set_major_locator(mticker.MultipleLocator(2))
        ax.set_xlim(frame["calendar_year"].min() - 0.5, frame["calendar_year"].max() + 0.5)
    left.set_title("US mine production")
    left.set_ylabel("thousand t REO")
    left.set_ylim(bottom=0)
    right.set_title("US net import reliance")
    right.set_ylabel("% of apparent consumption")
    right.set_ylim(0, 110)
    edition_handles = [Line2D([], [], color=c, lw=1.5, marker="o", ms=4, label=e) for e, c in colors.items()]
    extra = [
        Line2D([], [], color=PALETTE["neutral"], ls="none", marker="o", mfc="white", ms=4.5,
               label="preliminary (e)"),
        Line2D([], [], color=PALETTE["neutral"], ls="none", marker="^", ms=6, label="lower bound (>)"),
    ]
    fig.legend(handles=edition_handles + extra, loc="outside lower center", ncols=5)
    return fig


def oxide_prices(preferred: pd.DataFrame, events: pd.DataFrame) -> plt.Figure:
    """Small multiples, one panel per product (own linear scale), annual averages at mid-year,
    coloured by the edition the value comes from (weak values hollow), with numbered vertical
    markers at the given events; the last panel holds the key."""
    products = product_order(preferred["product"])
    ncols = 4
    nrows = int(np.ceil((len(products) + 1) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.6, 2.05 * nrows), layout="constrained")
    axes = axes.ravel()
    colors = edition_colors(preferred["mcs_edition"])
    first, last = int(preferred["calendar_year"].min()), int(preferred["calendar_year"].max())
    event_x = [decimal_year(d) for d in events["event_date"]]
    for ax, product in zip(axes, products):
        series = preferred[preferred["product"] == product].sort_values("calendar_year")
        x = series["calendar_year"] + 0.5
        ax.plot(x, series["price_usd_per_kg"], color="#9aa5ad", lw=1.1, zorder=2)
        for xi, row in zip(x, series.itertuples()):
            color = colors[row.mcs_edition]
            ax.plot(xi, row.price_usd_per_kg, ls="none", marker="o", ms=3.8, color=color, zorder=3,
                    mfc="white" if row.quality_grade == "weak" else color)
        top = series["price_usd_per_kg"].max() * 1.22
        for n, ex in enumerate(event_x, start=1):
            ax.axvline(ex, color=PALETTE["china"], lw=0.8, ls=":", zorder=1)
            ax.text(ex, top * (0.99 - 0.12 * ((n - 1) % 2)), str(n), color=PALETTE["china"], fontsize=6.5, ha="center", va="top",
                    bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": PALETTE["china"], "lw": 0.6})
        ax.set_ylim(0, top)
        ax.set_xlim(first, last + 1)
        ax.xaxis.set_major_locator(mticker.FixedLocator(range(first, last + 2, 4)))
        ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{int(v)}"))
        ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.tick_params(labelsize=7)
        ax.set_title(element_of(product), fontsize=8.5)
        ax.grid(axis="x", visible=False)
    for ax in axes[len(products):]:
        ax.axis("off")
    key = axes[len(products)]
    handles = [Line2D([], [], ls="none", marker="o", ms=4.5, color=c, label=e) for e, c in colors.items()]
    handles.append(Line2D([], [], ls="none", marker="o", ms=4.5, color=PALETTE["neutral"], mfc="white",
                          label="weak (name inferred)"))
    handles.append(Line2D([], [], color=PALETTE["china"], ls=":", lw=1, label="China export control"))
    key.legend(handles=handles, loc="center", fontsize=7, title="USD/kg, annual average", title_fontsize=7)
    for ax in axes[:len(products)]:
        if list(axes).index(ax) % ncols == 0:
            ax.set_ylabel("USD/kg", fontsize=7.5)
    return fig
