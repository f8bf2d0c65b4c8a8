"""Build a dataset's next raw file from its connector's answer, in the layout its raw schema expects.

Each builder returns the new file's bytes and a note for the sidecar; storing them (after
the schema check, and only if they differ from the latest version) is
:func:`analysis.refresh.refresh_dataset`'s job. Where the raw file is a compilation whose
shape no API returns, the builder says how the API's rows are mapped into it; no value is
ever made up. A file is written with the line ends the current version has, so unchanged rows
keep their bytes and an unchanged source gives identical bytes.

- ``sec_companyfacts_nvda`` (SEC EDGAR): the companyfacts document trimmed to the concepts
  the current snapshot holds.
- ``macro`` (World Bank): GDP and exchange rates for the countries of the current file, from
  its first year to this year, in its layout.
- ``prices_daily`` (Yahoo chart API): each ticker's days from its first date in the file
  to yesterday replace the rows of the same (date, ticker); days the API does not return are
  kept. Close and adjusted close are rounded to 4 decimals, as the file has them.
- ``usgs_mcs2024_raree_world`` (ScienceBase): the release CSV, padding dropped, as is.
- ``rare_earth_production`` (ScienceBase): the MCS2024 world table as long rows (per
  country, a mine_production row per year and a reserves row); they replace the rows whose
  source is "USGS MCS2024", in place; the other editions' and the IEA rows are kept.
- ``epoch_ml_hardware_subset`` (Epoch AI): the same accelerators and columns, re-read.
- ``policy_events`` (Federal Register): BIS rules not yet in the timeline (by document
  number) are appended; the hand-compiled rows are kept as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os

import pandas as pd

from analysis import provenance
from analysis.connectors import epoch_hardware, federal_register, http, sec_edgar, usgs_mcs, worldbank, yahoo_chart
from analysis.errors import BriefError
from analysis.connectors.http import UnexpectedResponseError
from analysis.raw import read_raw

PRICE_DECIMALS = 4
MCS2024_DETAIL = ("USGS MCS2024 data release CSV (mcs2024-raree_world), ScienceBase item 65a6e45fd34e5af967a46749 "
                  "(DOI 10.5066/P144BA54)")
POLICY_SINCE = dt.date(2022, 1, 1)  # the timeline starts with the export controls of 2022


def csv_like_current(frame: pd.DataFrame, dataset: str) -> bytes:
    """``frame`` as CSV with the line ends of the dataset's latest file (CRLF or LF)."""
    current = provenance.find_snapshot(dataset).path.read_bytes()
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\r\n" if b"\r\n" in current else "\n")
    return buffer.getvalue().encode("utf-8")


# --- prices_daily -------------------------------------------------------------------------


def _price(value: float | None) -> str | None:
    return None if value is None or pd.isna(value) else f"{round(float(value), PRICE_DECIMALS):g}"


def prices_daily_bytes(today: dt.date, *, tickers: list[str] | None = None, opener=None) -> tuple[bytes, str]:
    """Refetch each ticker's days from its first date in the file to the day before ``today`` (all
    tickers by default): a session still trading today has no close yet."""
    current = read_raw("prices_daily")
    last_day = today - dt.timedelta(days=1)
    tickers = tickers or list(dict.fromkeys(current["ticker"]))
    fetched, urls = [], []
    for ticker in tickers:
        dates = current.loc[current["ticker"] == ticker, "date"]
        start = dt.date.fromisoformat(dates.min()) if len(dates) else today - dt.timedelta(days=365)
        days, url = yahoo_chart.fetch_daily(ticker, start, last_day, opener=opener)
        fetched.append(pd.DataFrame({
            "date": days["date"], "ticker": ticker,
            "close": [_price(v) for v in days["close"]],
            "adj_close": [_price(v) for v in days["adj_close"]],
            "source": "Yahoo Finance chart API",
            "source_detail": f"{url} (read {today.isoformat()})",
        }, dtype="string"))
        urls.append(url)
    new = pd.concat(fetched, ignore_index=True)
    kept = current.merge(new[["date", "ticker"]], on=["date", "ticker"], how="left", indicator=True)
    kept = current[(kept["_merge"] == "left_only").to_numpy()]
    order = {t: i for i, t in enumerate(dict.fromkeys([*current["ticker"], *tickers]))}
    table = pd.concat([kept, new], ignore_index=True)
    table = table.sort_values(["ticker", "date"], key=lambda c: c.map(order) if c.name == "ticker" else c,
                              kind="stable").reset_index(drop=True)
    note = f"Refreshed {', '.join(tickers)} from the Yahoo Finance chart API ({len(new)} trading days read)."
    return csv_like_current(table, "prices_daily"), note


# --- USGS MCS2024 world table, and the long production table --------------------------------


def usgs_world_bytes(*, opener=None) -> tuple[bytes, str]:
    frame, url = usgs_mcs.fetch_release_csv(opener=opener)
    return usgs_mcs.world_table_csv(frame), f"Re-read from the MCS2024 data release at {url}."


def rare_earth_production_bytes(*, opener=None) -> tuple[bytes, str]:
    """The MCS2024 rows rebuilt from the release's world table; every other row kept in place."""
    frame, url = usgs_mcs.fetch_release_csv(opener=opener)
    try:
        rows = usgs_mcs.world_production_rows(frame, source_detail=MCS2024_DETAIL)
    except ValueError as exc:
        raise UnexpectedResponseError(url, str(exc)) from exc
    current = read_raw("rare_earth_production")
    edition = rows["source"].iloc[0]
    mask = (current["source"] == edition).to_numpy()
    if not mask.any():
        table = pd.concat([current, rows], ignore_index=True)
    else:
        first = int(mask.argmax())
        before, after = current.iloc[:first], current.iloc[first:][~mask[first:]]
        table = pd.concat([before, rows, after], ignore_index=True)
    note = f"The {edition} rows rebuilt from the data release's world table at {url}."
    return csv_like_current(table, "rare_earth_production"), note


# --- Epoch AI ML hardware subset ------------------------------------------------------------


def epoch_subset_bytes(*, opener=None) -> tuple[bytes, str]:
    current = read_raw("epoch_ml_hardware_subset")
    table, url = epoch_hardware.fetch_hardware(opener=opener)
    columns = [c for c in current.columns if c != "mirror_source"]
    subset = epoch_hardware.select_subset(table, current["Hardware name"].tolist(), columns, url=url)
    return epoch_hardware.subset_csv(subset, url), f"Re-read from Epoch AI's ml_hardware.csv at {url}."


# --- policy_events from the Federal Register -----------------------------------------------


def policy_events_bytes(*, opener=None) -> tuple[bytes, str]:
    """BIS rules from the Federal Register that the timeline does not cite yet, appended."""
    current = read_raw("policy_events")
    documents, urls = federal_register.fetch_bis_rules(POLICY_SINCE, opener=opener)
    cited = " ".join(current["source"].fillna("") + " " + current["source_detail"].fillna(""))
    fresh = documents[[number not in cited for number in documents["document_number"]]]
    fresh = fresh.sort_values("publication_date", kind="stable")
    table = pd.concat([current, federal_register.policy_event_rows(fresh)], ignore_index=True)
    note = (f"{len(fresh)} BIS rule(s) from the Federal Register API appended "
            f"({len(documents)} found since {POLICY_SINCE.isoformat()}).")
    return csv_like_current(table, "policy_events"), note


# --- SEC companyfacts and World Bank macro ------------------------------------------------


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


def worldbank_years(today: dt.date) -> tuple[int, int]:
    """The weekly refresh asks for the years the current file starts with, up to this year."""
    years = pd.to_numeric(read_raw(MACRO_DATASET)["year"], errors="coerce").dropna()
    return (int(years.min()) if len(years) else today.year - 6), today.year
