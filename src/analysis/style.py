"""One look for every figure: seaborn's theme, sized for the brief's text width."""

from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns

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


def apply() -> None:
    """Set the project's theme (call once at the top of a notebook)."""
    sns.set_theme(
        context="paper",
        style="whitegrid",
        font="DejaVu Sans",
        rc={
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
    )


def new_figure(ncols: int = 1, height: float = 3.3, **kwargs) -> tuple[plt.Figure, object]:
    """A figure at the text width with ``ncols`` panels side by side."""
    return plt.subplots(1, ncols, figsize=(TEXT_WIDTH_IN, height), layout="constrained", **kwargs)
