"""policy_events.csv -> a dated timeline of export-control measures."""

from __future__ import annotations

import re

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import resolve_same_as_above, row_grades

COLUMNS = ["date_label", "event_date", "date_precision", "effective_date", "actor", "measure", "source", "quality_grade"]
_FIRST_DATE = re.compile(r"^(?P<year>20\d\d)-(?P<month>\d\d)(?:-(?P<day>\d\d))?")
_EFFECTIVE = re.compile(r"effective (?P<date>20\d\d-\d\d-\d\d)")


def parse_event_date(label: str) -> dict:
    """'2023-10-17 (effective 2023-10-23 for …)' -> 2023-10-17, day, effective 2023-10-23.

    '2022-08 / 2022-10' -> 2022-08-01, month (the first date given, to the month).
    """
    match = _FIRST_DATE.match(label.strip())
    if not match:
        raise ValueError(f"policy_events.csv: cannot read a date from {label!r}")
    day = match["day"] or "01"
    effective = _EFFECTIVE.search(label)
    return {
        "event_date": pd.Timestamp(f"{match['year']}-{match['month']}-{day}"),
        "date_precision": "day" if match["day"] else "month",
        "effective_date": pd.Timestamp(effective["date"]) if effective else pd.NaT,
    }


def transform(policy_events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per measure with a free-form date. Out: the same rows, dated and sorted."""
    raw = policy_events.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, policy_events.attrs["snapshot"].meta)
    dates = pd.DataFrame([parse_event_date(d) for d in raw["date"]], index=raw.index)
    events = raw.join(dates).rename(columns={"date": "date_label"})
    events = events.sort_values(["event_date", "actor"], kind="stable")
    return {"policy_events": keep_raw_rows(events[COLUMNS], "policy_events")}


STEP = Step(
    name="policy_events",
    inputs=("policy_events",),
    outputs={"policy_events": schema_for(COLUMNS, name="policy_events")},
    transform=transform,
)
