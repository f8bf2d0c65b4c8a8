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
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from analysis import provenance, source_refreshes
from analysis.connectors import http, sec_edgar, worldbank
from analysis.errors import BriefError
from analysis.raw import read_raw
from analysis.snapshot_versions import add_checked_version

NVIDIA_CIK = 1045810
SEC_DATASET = "sec_companyfacts_nvda"
MACRO_DATASET = "macro"
MACRO_INDICATORS = {"NY.GDP.MKTP.CD": "current US$", "PA.NUS.FCRF": "LCU per US$ (period average)"}
EURO_AREA = "EMU"


def trim_companyfacts(document: dict, concepts: list[str]) -> dict:
    """Keep the document's identity and only the us-gaap ``concepts`` the brief reads."""
    facts = document.get("facts", {}).get("us-gaap", {})
    missing = [c for c in concepts if c not in facts]
    if missing:
        raise KeyError(f"the fetched companyfacts lack the concepts {missing}")
    return {
        "cik": document.get("cik"),
        "entityName": document.get("entityName"),
        "facts": {"us-gaap": {c: facts[c] for c in concepts}},
    }


def sec_user_agent() -> str:
    """The SEC User-Agent from ``BRIEF_SEC_USER_AGENT`` (a scheduler sets it; the CLI can pass one)."""
    agent = os.environ.get(sec_edgar.USER_AGENT_ENV, "").strip()
    if not agent:
        raise BriefError(
            f"The SEC asks every client to say who it is, and {sec_edgar.USER_AGENT_ENV} is not set.",
            remedy=f"Set {sec_edgar.USER_AGENT_ENV}='Your Name your.name@example.org' "
            "(or pass --user-agent to `brief fetch sec`).",
        )
    return agent


def sec_companyfacts_bytes(user_agent: str, *, cik: int = NVIDIA_CIK, opener=None) -> tuple[bytes, str]:
    """NVIDIA's companyfacts from the SEC, trimmed to the concepts the current snapshot holds."""
    current = json.loads(provenance.find_snapshot(SEC_DATASET).path.read_text(encoding="utf-8"))
    concepts = list(current["facts"]["us-gaap"])
    try:
        sec_edgar.check_user_agent(user_agent)
    except ValueError as exc:
        raise BriefError(str(exc), remedy=f"Set {sec_edgar.USER_AGENT_ENV} to a name and an e-mail address.") from exc
    url = sec_edgar.companyfacts_url(cik)
    document = sec_edgar.fetch_companyfacts(cik, user_agent=user_agent, opener=opener, timeout=http.fetch_timeout())
    try:
        trimmed = trim_companyfacts(document, concepts)
    except (KeyError, AttributeError, TypeError) as exc:
        raise sec_edgar.SecEdgarError(url, f"the response has another shape than companyfacts ({exc})",
                                      remedy="The last snapshot is kept. Check the SEC API's documentation.") from exc
    data = json.dumps(trimmed, separators=(",", ":")).encode("utf-8")
    return data, f"Refreshed from {url} and trimmed to {', '.join(concepts)}."


def refresh_sec_companyfacts(user_agent: str, *, cik: int = NVIDIA_CIK, opener=None,
                             today: dt.date | None = None) -> provenance.Snapshot | None:
    """Fetch NVIDIA's companyfacts from the SEC and store them as a new snapshot (None: unchanged)."""
    data, note = sec_companyfacts_bytes(user_agent, cik=cik, opener=opener)
    return add_checked_version(SEC_DATASET, data, source=sec_edgar.companyfacts_url(cik), accessed=today, note=note)


def macro_rows(observations: pd.DataFrame, country_names: dict[str, str], urls: list[str]) -> pd.DataFrame:
    """World Bank observations in the layout of ``macro.csv`` (missing values dropped)."""
    rows = observations.dropna(subset=["value"]).copy()
    rows["country"] = rows["iso3"].map(lambda code: country_names.get(code, code))
    rows["unit"] = [
        "EUR per US$ (period average)" if (code == EURO_AREA and indicator == "PA.NUS.FCRF")
        else MACRO_INDICATORS[indicator]
        for code, indicator in zip(rows["iso3"], rows["indicator"])
    ]
    rows["source"] = "World Bank Indicators API v2"
    updated = rows["lastupdated"].dt.strftime("%Y-%m-%d").fillna("unknown")
    rows["source_detail"] = [f"{' '.join(urls)} (lastupdated {u})" for u in updated]
    rows["value"] = rows["value"].map(lambda v: f"{v:.10g}" if abs(v) < 1e6 else f"{v:.0f}")
    rows["year"] = rows["year"].astype(str)
    columns = ["country", "iso3", "year", "indicator", "value", "unit", "source", "source_detail"]
    return rows[columns].sort_values(["iso3", "indicator", "year"]).reset_index(drop=True)


def worldbank_macro_bytes(start_year: int, end_year: int, *, opener=None) -> tuple[bytes, str]:
    """GDP and exchange rates for the countries in ``macro.csv``, in its layout."""
    current = read_raw(MACRO_DATASET)
    names = dict(zip(current["iso3"], current["country"]))
    frames, urls = [], []
    for indicator in MACRO_INDICATORS:
        frame = worldbank.fetch_indicator(sorted(names), indicator, start_year, end_year, opener=opener,
                                          timeout=http.fetch_timeout())
        frames.append(frame)
        urls += frame.attrs.get("urls", [])
    table = macro_rows(pd.concat(frames, ignore_index=True), names, urls)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8"), f"Refreshed from the World Bank Indicators API v2 for {start_year}-{end_year}."


def refresh_worldbank_macro(start_year: int, end_year: int, *, opener=None,
                            today: dt.date | None = None) -> provenance.Snapshot | None:
    """Fetch GDP and exchange rates for the countries in ``macro.csv`` as a new snapshot (None: unchanged)."""
    data, note = worldbank_macro_bytes(start_year, end_year, opener=opener)
    return add_checked_version(MACRO_DATASET, data, source="World Bank Indicators API v2", accessed=today, note=note)


def _worldbank_years(today: dt.date) -> tuple[int, int]:
    """The weekly refresh asks for the years the current file starts with, up to this year."""
    years = pd.to_numeric(read_raw(MACRO_DATASET)["year"], errors="coerce").dropna()
    return (int(years.min()) if len(years) else today.year - 6), today.year


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
        Connector("sec_edgar", SEC_DATASET, "SEC EDGAR XBRL companyfacts (data.sec.gov)",
                  lambda today: sec_companyfacts_bytes(sec_user_agent())),
        Connector("worldbank", MACRO_DATASET, "World Bank Indicators API v2",
                  lambda today: worldbank_macro_bytes(*_worldbank_years(today))),
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
