"""prices_crosscheck.csv -> the cross-checks in long form, and SOXX's ex-dividend days."""

from __future__ import annotations

import re

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows

CHECK_COLUMNS = ["check_label", "ticker", "price_field", "other_source", "metric", "value", "unit"]
EX_DIVIDEND_COLUMNS = ["ticker", "ex_dividend_date"]

# What the last numeric column holds: a ratio on spot checks (one date), otherwise the note
# says which largest difference it is.
_PERIOD_METRICS = [
    (re.compile(r"max \|diff\| in USD"), "max_abs_price_diff", "USD"),
    (re.compile(r"max \|return diff\| in percentage points"), "max_abs_return_diff", "percentage points"),
]
_DATE = re.compile(r"20\d\d-\d\d-\d\d")


def transform(prices_crosscheck: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per spot check (a date) or period check (a date range), with a note.
    Out: ``price_crosschecks`` (metric, value, unit per check) and ``ex_dividend_dates``
    (the days the notes name as ex-dividend days of a ticker)."""
    raw = prices_crosscheck.copy()
    metrics = pd.DataFrame([_metric_of(label, note) for label, note in zip(raw["date"], raw["note"])],
                           index=raw.index)
    checks = raw.join(metrics).rename(columns={"date": "check_label", "field": "price_field"})
    checks["value"] = pd.to_numeric(checks["ratio_other_to_ours_or_maxdiff"])

    # Ex-dividend days: the dates a note names where it says the gaps fall on ex-dividend days.
    on_ex_days = raw[raw["note"].fillna("").str.contains("ex-dividend")]
    ex_days = pd.DataFrame(
        [(ticker, pd.Timestamp(day)) for ticker, note in zip(on_ex_days["ticker"], on_ex_days["note"])
         for day in _DATE.findall(note)],
        columns=EX_DIVIDEND_COLUMNS,
    )
    if ex_days.empty:
        raise ValueError("prices_crosscheck.csv: no note names ex-dividend days (expected SOXX's)")
    ex_days = ex_days.drop_duplicates().sort_values(EX_DIVIDEND_COLUMNS).reset_index(drop=True)
    return {"price_crosschecks": keep_raw_rows(checks[CHECK_COLUMNS], "prices_crosscheck"), "ex_dividend_dates": ex_days}


def _metric_of(label: str, note: str | None) -> dict:
    if ".." not in label:
        return {"metric": "ratio_other_to_ours", "unit": "ratio"}
    for pattern, metric, unit in _PERIOD_METRICS:
        if note and pattern.search(note):
            return {"metric": metric, "unit": unit}
    raise ValueError(f"prices_crosscheck.csv: cannot tell what the period check {label!r} measures from its note {note!r}")


STEP = Step(
    name="prices_crosscheck",
    inputs=("prices_crosscheck",),
    outputs={
        "price_crosschecks": schema_for(CHECK_COLUMNS, name="price_crosschecks"),
        "ex_dividend_dates": schema_for(EX_DIVIDEND_COLUMNS, unique=EX_DIVIDEND_COLUMNS, name="ex_dividend_dates"),
    },
    transform=transform,
)
