"""Figures of the market chapter."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd

from analysis.market import ForecastAnchor, TrendFit
from analysis.style import PALETTE, new_figure


def market_history_and_forecast(
    market: pd.DataFrame,
    trend: TrendFit,
    forecast: pd.DataFrame,
    anchor: ForecastAnchor,
    huang: dict | None = None,
) -> plt.Figure:
    """IDC's observations (full and half years), the fitted trend, the forecast band,
    IDC's own forecast (a lower bound) and, if given, Huang's estimate; log scale."""
    fig, ax = new_figure(height=3.1)
    full = market[(market["period_type"] == "year") & ~market["is_forecast"]]
    half = market[market["period_type"] == "half_year"]
    ax.plot(full["calendar_year"], full["market_usd_bn"], "o", color=PALETTE["china"], ms=6,
            label="IDC, full year", zorder=4)
    ax.plot(half["calendar_year"] - 0.25, half["market_usd_bn"], "o", mfc="white", color=PALETTE["china"],
            ms=5, label="IDC, first half-year", zorder=4)
    for row in pd.concat([full, half]).itertuples():
        x = row.calendar_year - (0.25 if row.period_type == "half_year" else 0)
        ax.annotate(f"{row.market_usd_bn:g}", (x, row.market_usd_bn), textcoords="offset points",
                    xytext=(0, 7), ha="center", fontsize=7.5, color=PALETTE["china"])
    years = range(trend.first_year, trend.last_year + 1)
    ax.plot(list(years), trend.fitted(years).to_numpy(), "--", color=PALETTE["neutral"], lw=1.2,
            label=f"Fitted trend {trend.first_year}\u2013{trend.last_year}")
    base = pd.DataFrame({"calendar_year": [anchor.base_year], "central_usd_bn": [anchor.base_usd_bn],
                         "low_usd_bn": [anchor.base_usd_bn], "high_usd_bn": [anchor.base_usd_bn]})
    path = pd.concat([base, forecast], ignore_index=True)
    ax.fill_between(path["calendar_year"], path["low_usd_bn"], path["high_usd_bn"],
                    color=PALETTE["forecast"], alpha=0.15, lw=0, label="Forecast band")
    ax.plot(path["calendar_year"], path["central_usd_bn"], color=PALETTE["forecast"], lw=1.8,
            label="Forecast (parameters)")
    ax.plot([anchor.target_year], [anchor.target_usd_bn], marker="^", ms=8, ls="none",
            color=PALETTE["highlight"], label=f"IDC forecast ({anchor.target_year}, lower bound)", zorder=5)
    if huang:
        ax.hlines(huang["value_usd_bn"], huang["from_year"], huang["to_year"], color=PALETTE["us"], lw=2.5,
                  label=huang["label"], zorder=3)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_ylabel("USD billion (log scale)")
    last = int(max(forecast["calendar_year"].max(), anchor.target_year))
    ax.set_xlim(market["calendar_year"].min() - 0.6, last + 0.5)
    ax.xaxis.set_major_locator(mticker.MultipleLocator(1))
    ax.legend(loc="upper left", ncols=2)
    return fig


def nvidia_china_revenue(annual: pd.DataFrame, nine_months: pd.DataFrame) -> plt.Figure:
    """Two panels: China revenue (USD bn) and China's share of revenue, by fiscal period."""
    fig, (left, right) = new_figure(ncols=2, height=2.6)
    periods = pd.concat([annual, nine_months], ignore_index=True)
    labels = periods["fiscal_period"].tolist()
    colors = [PALETTE["china"] if t == "year" else "#e6a39b" for t in periods["period_type"]]
    left.bar(labels, periods["china_usd_m"] / 1000, color=colors)
    for i, v in enumerate(periods["china_usd_m"] / 1000):
        left.annotate(f"{v:.1f}", (i, v), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=8)
    left.set_title("Revenue billed to China (incl. Hong Kong)")
    left.set_ylabel("USD billion")
    right.bar(labels, periods["china_share_pct"], color=colors)
    for i, v in enumerate(periods["china_share_pct"]):
        right.annotate(f"{v:.0f}%", (i, v), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=8)
    right.set_title("China's share of NVIDIA revenue")
    right.set_ylabel("percent")
    for ax in (left, right):
        ax.tick_params(axis="x", rotation=30)
        ax.margins(y=0.15)
        ax.grid(axis="x", visible=False)
    return fig
