"""One look for every figure: seaborn's "paper" context and "whitegrid" style, sized for the
brief's text width.

The theme is what ``seaborn.set_theme(**SEABORN_THEME)`` sets, written out as matplotlib
settings (a test holds the two equal): importing seaborn imports scipy.stats, which took
a large part of each chapter kernel's start-up, and only the theme was used. The one
setting left out is the default colour map ("rocket", which only seaborn registers); no
figure here draws an image.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler

# Width of the text block in the PDF (A4, 2 cm margins) in inches: figures drawn at this
# width print their fonts at true size.
TEXT_WIDTH_IN = 6.7

PALETTE = {
    "china": "#c0392b",
    "nvidia": "#76b900",
    "us": "#2c3e50",
    "neutral": "#7f8c8d",
    "forecast": "#2980b9",
    "highlight": "#e67e22",
}

SEABORN_THEME = {
    "context": "paper",
    "style": "whitegrid",
    "font": "DejaVu Sans",
    "rc": {
        "figure.figsize": (TEXT_WIDTH_IN, 3.3),
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.labelsize": 9,
        "xtick.labelsize": 8.5,
        "ytick.labelsize": 8.5,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "grid.color": "#e5e5e5",
    },
}

# seaborn's "deep" palette (the colour cycle) and its six-colour version.
DEEP = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"]
DEEP6 = ["#4C72B0", "#55A868", "#C44E52", "#8172B3", "#CCB974", "#64B5CD"]

# What seaborn.set_theme(**SEABORN_THEME) sets (without "image.cmap", see above); sizes are
# the "paper" context's, i.e. seaborn's "notebook" sizes × 0.8, hence the long decimals.
THEME = {
    "axes.facecolor": "white",
    "axes.edgecolor": ".8",
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.labelcolor": ".15",
    "figure.facecolor": "white",
    "grid.color": "#e5e5e5",
    "grid.linestyle": "-",
    "text.color": ".15",
    "xtick.color": ".15",
    "ytick.color": ".15",
    "xtick.direction": "out",
    "ytick.direction": "out",
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "font.family": ["DejaVu Sans"],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "xtick.bottom": False,
    "xtick.top": False,
    "ytick.left": False,
    "ytick.right": False,
    "axes.spines.left": True,
    "axes.spines.bottom": True,
    "axes.spines.right": False,
    "axes.spines.top": False,
    "font.size": 9.600000000000001,
    "axes.labelsize": 9.0,
    "axes.titlesize": 10.0,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.0,
    "legend.title_fontsize": 9.600000000000001,
    "axes.linewidth": 1.0,
    "grid.linewidth": 0.8,
    "lines.linewidth": 1.2000000000000002,
    "lines.markersize": 4.800000000000001,
    "patch.linewidth": 0.8,
    "xtick.major.width": 1.0,
    "ytick.major.width": 1.0,
    "xtick.minor.width": 0.8,
    "ytick.minor.width": 0.8,
    "xtick.major.size": 4.800000000000001,
    "ytick.major.size": 4.800000000000001,
    "xtick.minor.size": 3.2,
    "ytick.minor.size": 3.2,
    "axes.prop_cycle": cycler(color=[mpl.colors.to_rgb(c) for c in DEEP]),
    "patch.facecolor": "C0",
    "figure.figsize": [6.7, 3.3],
    "axes.titleweight": "bold",
    "legend.frameon": False,
}

# seaborn's "deep" colours for matplotlib's one-letter colour codes, as set_theme sets them.
COLOR_CODES = dict(zip("bgrmyck", [mpl.colors.to_rgb(c) for c in DEEP6] + [(0.1, 0.1, 0.1)]))


def apply() -> None:
    """Set the project's theme (call once at the top of a notebook)."""
    mpl.rcParams.update(THEME)
    for code, rgb in COLOR_CODES.items():
        mpl.colors.colorConverter.colors[code] = rgb


def new_figure(ncols: int = 1, height: float = 3.3, **kwargs) -> tuple[plt.Figure, object]:
    """A figure at the text width with ``ncols`` panels side by side."""
    return plt.subplots(1, ncols, figsize=(TEXT_WIDTH_IN, height), layout="constrained", **kwargs)
