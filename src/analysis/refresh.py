"""Fetch fresh data from the live sources into new dated raw snapshots (the weekly refresh).

Each refresh calls a connector (:mod:`analysis.connectors`), writes the response in the
layout the dataset's raw schema expects, and stores it with
:func:`analysis.provenance.add_version` as a new dated folder with its own sidecar. The
run that follows reads the newest version; the old ones stay as they were.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd

from analysis import provenance
from analysis.connectors import sec_edgar, worldbank
from analysis.raw import read_raw

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


def refresh_sec_companyfacts(user_agent: str, *, cik: int = NVIDIA_CIK, opener=None,
                             today: dt.date | None = None) -> provenance.Snapshot:
    """Fetch NVIDIA's companyfacts from the SEC and store them as a new snapshot."""
    current = json.loads(provenance.find_snapshot(SEC_DATASET).path.read_text(encoding="utf-8"))
    concepts = list(current["facts"]["us-gaap"])
    document = sec_edgar.fetch_companyfacts(cik, user_agent=user_agent, opener=opener)
    data = json.dumps(trim_companyfacts(document, concepts), separators=(",", ":")).encode("utf-8")
    return provenance.add_version(
        SEC_DATASET, data, accessed=today,
        note=f"Refreshed from {sec_edgar.companyfacts_url(cik)} and trimmed to {', '.join(concepts)}.",
    )


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


def refresh_worldbank_macro(start_year: int, end_year: int, *, opener=None,
                            today: dt.date | None = None) -> provenance.Snapshot:
    """Fetch GDP and exchange rates for the countries in ``macro.csv`` as a new snapshot."""
    current = read_raw(MACRO_DATASET)
    names = dict(zip(current["iso3"], current["country"]))
    frames, urls = [], []
    for indicator in MACRO_INDICATORS:
        frame = worldbank.fetch_indicator(sorted(names), indicator, start_year, end_year, opener=opener)
        frames.append(frame)
        urls += frame.attrs.get("urls", [])
    table = macro_rows(pd.concat(frames, ignore_index=True), names, urls)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    return provenance.add_version(
        MACRO_DATASET, buffer.getvalue().encode("utf-8"), accessed=today,
        note=f"Refreshed from the World Bank Indicators API v2 for {start_year}-{end_year}.",
    )
