"""How fresh each raw dataset is: its connector, its cadence, its latest version, and whether it is stale.

The staleness rule. Each sidecar declares the producer's cadence. A dataset is **stale**
when its latest version (the dated folder, i.e. the day it was fetched or registered) is
older than one period of its cadence plus a grace:

========== ============================== =====================
cadence    period + grace                 stale when older than
========== ============================== =====================
daily      1 day + 3 (weekends, holidays) 4 days
weekly     7 days + 1                     8 days
quarterly  91 days + 14 (filing lag)      105 days
annual     365 days + 30                  395 days
static     never expected to change       never stale
========== ============================== =====================

Used by ``brief fetch --list`` and by the brief's freshness notice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from analysis import provenance
from analysis.provenance import Cadence

MAX_AGE_DAYS: dict[Cadence, int | None] = {
    Cadence.daily: 4,
    Cadence.weekly: 8,
    Cadence.quarterly: 105,
    Cadence.annual: 395,
    Cadence.static: None,
}
MANUAL = "manual"


@dataclass(frozen=True)
class DatasetFreshness:
    """One dataset's freshness on ``today``: ``connector`` is a connector's name or ``"manual"``."""

    name: str
    connector: str
    cadence: str
    latest_version: str
    age_days: int
    stale: bool


def is_stale(cadence: Cadence | str, version_date: dt.date, today: dt.date) -> bool:
    """The staleness rule above: older than the cadence's allowance (static data never is)."""
    limit = MAX_AGE_DAYS[Cadence(cadence)]
    return limit is not None and (today - version_date).days > limit


def dataset_freshness(today: dt.date | None = None, raw_dir: Path | None = None) -> list[DatasetFreshness]:
    """Every dataset under ``data/raw`` (sorted by name) with its connector, cadence and staleness."""
    from analysis.refresh import CONNECTORS  # the connectors pull in pandas; only load them when asked

    today = today or dt.date.today()
    rows = []
    for snapshot in provenance.list_snapshots(raw_dir):
        version_date = dt.date.fromisoformat(snapshot.version)
        cadence = snapshot.meta.origin.cadence
        connector = CONNECTORS[snapshot.name].name if snapshot.name in CONNECTORS else MANUAL
        rows.append(DatasetFreshness(
            name=snapshot.name,
            connector=connector,
            cadence=cadence.value,
            latest_version=snapshot.version,
            age_days=(today - version_date).days,
            stale=is_stale(cadence, version_date, today),
        ))
    return rows
