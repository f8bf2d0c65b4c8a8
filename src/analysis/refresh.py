"""Fetch fresh data from the live sources into new dated raw snapshots (the weekly refresh).

Each dataset with a connector is listed in :data:`CONNECTORS`. A refresh calls the
connector (:mod:`analysis.connectors`), writes the response in the layout the dataset's raw
schema expects, checks it against that schema, and stores it with
:func:`analysis.snapshot_versions.add_checked_version` as a new dated folder with its own
sidecar. Bytes equal to the latest version make no new version. The run that follows reads
the newest version; the old ones stay as they were.

:func:`refresh_all` refreshes every dataset that has a connector and never stops at a failed
fetch: each dataset gets a :class:`RefreshOutcome` (``new``, ``unchanged`` or ``failed``,
with the error), and a failed one keeps its last snapshot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from analysis import provenance, source_refreshes
from analysis.connectors import sec_edgar
from analysis.errors import BriefError
from analysis.snapshot_versions import add_checked_version

# --- The two sources that `brief fetch sec|worldbank` refresh with explicit options ----------


def refresh_sec_companyfacts(user_agent: str, *, cik: int = source_refreshes.NVIDIA_CIK, opener=None,
                             today: dt.date | None = None) -> provenance.Snapshot | None:
    """Fetch NVIDIA's companyfacts from the SEC and store them as a new snapshot (None: unchanged)."""
    data, note = source_refreshes.sec_companyfacts_bytes(user_agent, cik=cik, opener=opener)
    return add_checked_version(source_refreshes.SEC_DATASET, data, source=sec_edgar.companyfacts_url(cik),
                               accessed=today, note=note)


def refresh_worldbank_macro(start_year: int, end_year: int, *, opener=None,
                            today: dt.date | None = None) -> provenance.Snapshot | None:
    """Fetch GDP and exchange rates for the countries in ``macro.csv`` as a new snapshot (None: unchanged)."""
    data, note = source_refreshes.worldbank_macro_bytes(start_year, end_year, opener=opener)
    return add_checked_version(source_refreshes.MACRO_DATASET, data, source="World Bank Indicators API v2",
                               accessed=today, note=note)


# --- Every connector, and the weekly refresh --------------------------------------------


@dataclass(frozen=True)
class Connector:
    """A dataset's live source: ``build(today)`` returns the new raw file's bytes and a note."""

    name: str
    dataset: str
    source: str
    build: Callable[[dt.date], tuple[bytes, str]]


CONNECTORS: dict[str, Connector] = {
    c.dataset: c
    for c in [
        Connector("sec_edgar", source_refreshes.SEC_DATASET, "SEC EDGAR XBRL companyfacts (data.sec.gov)",
                  lambda today: source_refreshes.sec_companyfacts_bytes(source_refreshes.sec_user_agent())),
        Connector("worldbank", source_refreshes.MACRO_DATASET, "World Bank Indicators API v2",
                  lambda today: source_refreshes.worldbank_macro_bytes(*source_refreshes.worldbank_years(today))),
        Connector("yahoo_chart", "prices_daily", "Yahoo Finance chart API (v8)",
                  lambda today: source_refreshes.prices_daily_bytes(today)),
        Connector("usgs_sciencebase", "usgs_mcs2024_raree_world", "USGS MCS2024 data release (ScienceBase)",
                  lambda today: source_refreshes.usgs_world_bytes()),
        Connector("usgs_sciencebase", "rare_earth_production", "USGS MCS2024 data release (ScienceBase)",
                  lambda today: source_refreshes.rare_earth_production_bytes()),
        Connector("epoch_ai", "epoch_ml_hardware_subset", "Epoch AI ml_hardware.csv",
                  lambda today: source_refreshes.epoch_subset_bytes()),
        Connector("federal_register", "policy_events", "Federal Register API (BIS rules)",
                  lambda today: source_refreshes.policy_events_bytes()),
    ]
}

Status = Literal["new", "unchanged", "failed"]


@dataclass(frozen=True)
class RefreshOutcome:
    """What the refresh of one dataset did: a ``new`` version, ``unchanged`` bytes, or ``failed``.

    ``version`` is the new version's date, or the latest kept version (also after a failure);
    ``error`` is the failure's message (None otherwise).
    """

    dataset: str
    connector: str
    status: Status
    version: str | None
    error: str | None = None

    @property
    def summary(self) -> str:
        """The error's first line without URL queries (for a notice), or the status."""
        if not self.error:
            return self.status
        return re.sub(r"(https?://\S+?)\?\S*", r"\1", self.error.splitlines()[0])


def refresh_dataset(dataset: str, today: dt.date | None = None) -> provenance.Snapshot | None:
    """Refresh one dataset through its connector: the new snapshot, or None if unchanged.

    Raises :class:`~analysis.errors.BriefError` when the fetch, the parse or the schema fails;
    nothing is written then.
    """
    try:
        connector = CONNECTORS[dataset]
    except KeyError:
        known = ", ".join(sorted(CONNECTORS))
        raise BriefError(f"Dataset {dataset!r} has no connector (datasets with one: {known}).",
                         remedy="Register a hand-compiled file with `brief snapshot add DATASET FILE`.") from None
    today = today or dt.date.today()
    data, note = connector.build(today)
    return add_checked_version(dataset, data, source=connector.source, accessed=today, note=note)


def _latest_version(dataset: str) -> str | None:
    try:
        return provenance.find_snapshot(dataset).version
    except BriefError:
        return None


def refresh_all(today: dt.date | None = None, datasets: list[str] | None = None) -> list[RefreshOutcome]:
    """Refresh every dataset that has a connector (or the ``datasets`` named); never raises for one.

    A failed fetch is recorded in its outcome and the dataset keeps its last snapshot.
    """
    today = today or dt.date.today()
    outcomes = []
    for dataset in datasets or sorted(CONNECTORS):
        connector = CONNECTORS[dataset].name if dataset in CONNECTORS else "manual"
        try:
            snapshot = refresh_dataset(dataset, today)
        except Exception as error:  # noqa: BLE001 - one failed source must not stop the others
            message = str(error) if isinstance(error, BriefError) else f"{type(error).__name__}: {error}"
            outcomes.append(RefreshOutcome(dataset, connector, "failed", _latest_version(dataset), message))
            continue
        if snapshot is None:
            outcomes.append(RefreshOutcome(dataset, connector, "unchanged", _latest_version(dataset)))
        else:
            outcomes.append(RefreshOutcome(dataset, connector, "new", snapshot.version))
    return outcomes
