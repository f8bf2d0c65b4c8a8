"""Small parsing helpers for the USGS Mineral Commodity Summaries tables (rare-earth steps)."""

from __future__ import annotations

import re

import pandas as pd

_YEAR = re.compile(r"^(?P<first>20\d\d)(?:-(?P<last>20\d\d))?(?P<e>e)?$")
_EDITION = re.compile(r"MCS20\d\d")


def parse_usgs_year(label: str) -> dict:
    """'2024e' -> 2024 to 2024, marked e; '2020-2023' -> 2020 to 2023; '2022' -> 2022 to 2022."""
    match = _YEAR.match(label.strip())
    if not match:
        raise ValueError(f"not a USGS year label: {label!r}")
    first = int(match["first"])
    return {
        "first_year": first,
        "last_year": int(match["last"]) if match["last"] else first,
        "is_marked_e": bool(match["e"]),
    }


def edition_of(text: str) -> str:
    """'USGS MCS2025 Rare Earths' -> 'MCS2025'."""
    match = _EDITION.search(text)
    if not match:
        raise ValueError(f"no MCS edition named in {text!r}")
    return match.group(0)


def flag_preliminary(editions: pd.Series, first_years: pd.Series, last_years: pd.Series) -> pd.Series:
    """True for one-year rows of the latest year their edition covers (USGS's 'e' year)."""
    latest = last_years.groupby(editions).transform("max")
    return (first_years == last_years) & (last_years == latest)


def check_e_marks_are_preliminary(frame: pd.DataFrame, dataset: str) -> None:
    """Every year USGS marks 'e' must be the latest year of its edition; raise naming the rows."""
    wrong = frame[frame["is_marked_e"] & ~frame["is_preliminary"]]
    if not wrong.empty:
        rows = "; ".join(f"{r.mcs_edition} {r.first_year}" for r in wrong.itertuples())
        raise ValueError(f"{dataset}: a year marked 'e' is not its edition's latest year: {rows}")
