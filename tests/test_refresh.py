"""Refreshing raw data from the live sources, on recorded responses (no network here)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from analysis import provenance
from analysis.raw import read_raw
from analysis.refresh import refresh_sec_companyfacts, refresh_worldbank_macro
from conftest import REPO
from test_sec_edgar import FakeResponse

FIXTURES = REPO / "tests" / "fixtures" / "worldbank"
DAY = dt.date(2027, 1, 4)


class UrlOpener:
    """Answers each request with ``answer(url)`` as JSON; records the requests."""

    def __init__(self, answer):
        self.answer, self.requests = answer, []

    def open(self, request, timeout=None):
        self.requests.append(request)
        return FakeResponse(json.dumps(self.answer(request.full_url)).encode())


def test_a_sec_refresh_becomes_a_new_verified_snapshot(project):
    recorded = json.loads(provenance.find_snapshot("sec_companyfacts_nvda").path.read_text())
    opener = UrlOpener(lambda url: recorded | {"facts": recorded["facts"] | {"dei": {}}})
    snapshot = refresh_sec_companyfacts("Brief tests tests@example.org", opener=opener, today=DAY)
    assert snapshot.version == "2027-01-04"
    assert opener.requests[0].full_url.endswith("CIK0001045810.json")
    assert opener.requests[0].get_header("User-agent") == "Brief tests tests@example.org"
    assert provenance.find_snapshot("sec_companyfacts_nvda").version == "2027-01-04"  # the newest is used
    frame = read_raw("sec_companyfacts_nvda")  # checksum and schema pass
    assert {"Revenues", "CostOfRevenue", "GrossProfit"} <= set(frame["concept"])
    stored = json.loads(snapshot.path.read_text())
    assert set(stored["facts"]["us-gaap"]) == set(recorded["facts"]["us-gaap"])  # trimmed to what was kept
    assert snapshot.meta.origin.date_accessed == DAY


def test_a_refresh_with_the_same_bytes_makes_no_new_version(project):
    recorded = json.loads(provenance.find_snapshot("sec_companyfacts_nvda").path.read_text())
    opener = UrlOpener(lambda url: recorded)
    first = refresh_sec_companyfacts("Brief tests tests@example.org", opener=opener, today=DAY)
    assert first is not None and first.version == "2027-01-04"
    again = refresh_sec_companyfacts("Brief tests tests@example.org", opener=opener, today=DAY + dt.timedelta(days=7))
    assert again is None  # the fetched bytes equal the latest version: nothing written
    assert provenance.find_snapshot("sec_companyfacts_nvda").version == "2027-01-04"
    assert not (project / "data" / "raw" / "sec_companyfacts_nvda" / "2027-01-11").exists()


def test_a_second_different_refresh_on_the_same_day_is_refused(project):
    recorded = json.loads(provenance.find_snapshot("sec_companyfacts_nvda").path.read_text())
    refresh_sec_companyfacts("Brief tests tests@example.org", opener=UrlOpener(lambda url: recorded), today=DAY)
    fewer = recorded | {"entityName": "NVIDIA CORPORATION"}
    with pytest.raises(provenance.ProvenanceError, match="never overwritten"):
        refresh_sec_companyfacts("Brief tests tests@example.org", opener=UrlOpener(lambda url: fewer), today=DAY)


def _worldbank_answer(url: str):
    """A response in the recorded API shape, for the URL's countries and indicator."""
    recorded = json.loads((FIXTURES / "worldbank_api_v2_gdp_chn_sample.json").read_text())
    meta, template = recorded[0], recorded[1][0]
    countries = url.split("/country/")[1].split("/")[0].split(";")
    indicator = url.split("/indicator/")[1].split("?")[0]
    rows = []
    for code in countries:
        for year in (2024, 2025):
            value = 7.2 if indicator == "PA.NUS.FCRF" else 1.9e13
            rows.append(template | {"countryiso3code": code, "date": str(year), "value": value,
                                    "indicator": {"id": indicator, "value": indicator}})
    return [meta | {"page": 1, "pages": 1, "per_page": 1000, "total": len(rows)}, rows]


def test_a_worldbank_refresh_writes_macro_in_its_own_layout(project):
    snapshot = refresh_worldbank_macro(2024, 2025, opener=UrlOpener(_worldbank_answer), today=DAY)
    frame = read_raw("macro")  # the raw schema of macro.csv accepts it
    assert snapshot.version == "2027-01-04" and len(frame) == 5 * 2 * 2
    emu = frame[(frame["iso3"] == "EMU") & (frame["indicator"] == "PA.NUS.FCRF")]
    assert set(emu["unit"]) == {"EUR per US$ (period average)"}
    assert frame["source_detail"].str.contains("lastupdated").all()
    assert dict(zip(frame["iso3"], frame["country"]))["CHN"] == "China"
