"""The policy terms the brief reasons with, read from the processed tables (never typed in)."""

from __future__ import annotations

import re

import pandas as pd

SHARE_METRIC = "US_government_share_of_sales"


def us_revenue_share_pct(prices: pd.DataFrame, chip_prefix: str) -> float:
    """The US government's share of China sales for the chip whose name starts with
    ``chip_prefix`` ('H200' -> 25, 'H20 ' -> 15), from ``chip_prices``."""
    rows = prices[(prices["metric"] == SHARE_METRIC) & prices["chip"].str.startswith(chip_prefix)]
    if len(rows) != 1:
        raise LookupError(f"expected one revenue-share row for {chip_prefix!r}, found {len(rows)}")
    return float(rows["value"].iloc[0])


def volume_cap_pct(events: pd.DataFrame) -> float:
    """The cap on China volumes as a share of US customer volumes, from the measure's text
    ('China volume capped at 50% of US customer volume' -> 50)."""
    found = events["measure"].str.extract(r"capped at (\d+(?:\.\d+)?)% of US", expand=False).dropna()
    if len(found) != 1:
        raise LookupError(f"expected one volume-cap measure in the policy timeline, found {len(found)}")
    return float(found.iloc[0])


def events_of(events: pd.DataFrame, actor: str, precision: str | None = None) -> pd.DataFrame:
    """The measures of one actor (US or China), optionally only those dated to the day."""
    rows = events[events["actor"] == actor]
    if precision:
        rows = rows[rows["date_precision"] == precision]
    return rows.reset_index(drop=True)


def mentions(events: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """Measures whose description matches a regular expression (case-insensitive)."""
    return events[events["measure"].str.contains(pattern, flags=re.IGNORECASE, regex=True)]
