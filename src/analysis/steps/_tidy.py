"""Small parsing helpers shared by the processing steps."""

from __future__ import annotations

import re

import pandas as pd

from analysis.provenance import SnapshotMeta

_SAME = {"same", "same as above"}


def resolve_same_as_above(values: pd.Series) -> pd.Series:
    """Replace 'same' / 'same as above' with the value of the row above (as the file means)."""
    marked = values.str.strip().str.lower().isin(_SAME)
    return values.mask(marked).ffill()


def row_grades(frame: pd.DataFrame, meta: SnapshotMeta) -> pd.Series:
    """Each row's quality grade: the first matching row rule of the sidecar, else the file's."""
    grades = pd.Series(meta.quality.grade.value, index=frame.index, dtype="string")
    assigned = pd.Series(False, index=frame.index)
    for rule in meta.row_quality:
        hit = frame[rule.column].fillna("").str.contains(rule.contains, regex=False) & ~assigned
        grades[hit] = rule.grade.value
        assigned |= hit
    return grades


_FISCAL = re.compile(r"^(?:(?P<q>Q[1-4]) |(?P<nine>9M) )?FY(?P<year>20\d\d)(?P<outlook> \(outlook\))?$")


def parse_fiscal_period(label: str) -> dict:
    """'Q3 FY2025' -> fiscal_year 2025, period_type quarter, fiscal_quarter 3 (and so on)."""
    match = _FISCAL.match(label.strip())
    if not match:
        raise ValueError(f"not an NVIDIA fiscal period label: {label!r}")
    if match["q"]:
        period_type, quarter = "quarter", int(match["q"][1])
    elif match["nine"]:
        period_type, quarter = "nine_months", None
    else:
        period_type, quarter = "year", None
    return {
        "fiscal_year": int(match["year"]),
        "period_type": period_type,
        "fiscal_quarter": quarter,
        "is_outlook": bool(match["outlook"]),
    }


_CALENDAR = re.compile(r"^(?P<year>20\d\d)(?P<half>H[12])?(?P<forecast> \(.*forecast\))?$", re.IGNORECASE)


def parse_calendar_period(label: str) -> dict | None:
    """'2024H1' -> 2024, half_year; '2029 (IDC forecast)' -> 2029, year, forecast; else None."""
    match = _CALENDAR.match(label.strip())
    if not match:
        return None
    return {
        "calendar_year": int(match["year"]),
        "period_type": "half_year" if match["half"] else "year",
        "is_forecast": bool(match["forecast"]),
    }


def split_range(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'5000-10000' -> (5000, 10000); '40' -> (40, NaN): a range's low and high ends as floats."""
    bounds = values.str.split("-", n=1, expand=True).reindex(columns=[0, 1])
    return bounds[0].astype(float), bounds[1].astype(float)


def parse_value(text: str) -> dict:
    """'>100' -> 100 (lower bound); '95 -> 0' -> 95 to 0; '2.38' -> 2.38."""
    text = text.strip()
    if "->" in text:
        start, end = (float(part) for part in text.split("->"))
        return {"value": start, "value_to": end, "is_lower_bound": False}
    if text.startswith(">"):
        return {"value": float(text[1:]), "value_to": None, "is_lower_bound": True}
    return {"value": float(text), "value_to": None, "is_lower_bound": False}
