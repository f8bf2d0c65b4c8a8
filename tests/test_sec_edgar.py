"""The SEC EDGAR connector: URL, headers, rate limit, errors (fake transport) and the parser
(on the recorded real companyfacts response)."""

from __future__ import annotations

import gzip
import io
import json
import urllib.error
import zlib

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.connectors import sec_edgar
from analysis.connectors.sec_edgar import RateLimiter, SecEdgarError
from analysis.schemas import sec_companyfacts_nvda
from conftest import REPO

FIXTURE = REPO / "data" / "raw" / "sec_companyfacts_nvda" / "2026-11-24" / "sec_companyfacts_nvda_trimmed.json"
AGENT = "H200 brief tests tests@example.org"
NVDA_URL = "https://data.sec.gov/api/xbrl/companyfacts/CIK0001045810.json"


class FakeResponse:
    def __init__(self, body: bytes, status: int = 200, encoding: str | None = None):
        self._body, self.status = body, status
        self.headers = {"Content-Encoding": encoding} if encoding else {}

    def read(self) -> bytes:
        return self._body

    def getcode(self) -> int:
        return self.status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeOpener:
    """Stands in for urllib's opener: records each request, replays canned answers."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def open(self, request, timeout=None):
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class NoWait:
    def __init__(self):
        self.calls = 0

    def wait(self) -> float:
        self.calls += 1
        return 0.0


def _http_error(code: int, reason: str) -> urllib.error.HTTPError:
    return urllib.error.HTTPError(NVDA_URL, code, reason, hdrs=None, fp=io.BytesIO(b""))


@pytest.mark.parametrize("cik", [1045810, "1045810", "0001045810", " 1045810 "])
def test_companyfacts_url_pads_the_cik_to_ten_digits(cik):
    assert sec_edgar.companyfacts_url(cik) == NVDA_URL


@pytest.mark.parametrize("cik", ["NVDA", "12345678901", "-1", ""])
def test_companyfacts_url_refuses_what_is_not_a_cik(cik):
    with pytest.raises(ValueError, match="CIK"):
        sec_edgar.companyfacts_url(cik)


@pytest.mark.parametrize("agent", ["", "python-urllib/3.11", "Mozilla/5.0 (X11; Linux x86_64)", "me@example.org"])
def test_a_user_agent_without_a_name_and_contact_is_refused(agent):
    with pytest.raises(ValueError, match="does not declare who is asking"):
        sec_edgar.check_user_agent(agent)


@pytest.mark.parametrize("encoding, pack", [
    (None, lambda b: b),
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
])
def test_fetch_sends_the_sec_headers_and_decodes_the_body(encoding, pack):
    """One request to the companyfacts URL, with our User-Agent and gzip accepted; body decoded."""
    document = {"cik": 1045810, "entityName": "NVIDIA CORP", "facts": {}}
    opener = FakeOpener(FakeResponse(pack(json.dumps(document).encode()), encoding=encoding))
    limiter = NoWait()
    got = sec_edgar.fetch_companyfacts(1045810, user_agent=AGENT, opener=opener, limiter=limiter)
    assert got == document
    (request,) = opener.requests
    assert request.full_url == NVDA_URL
    assert request.get_method() == "GET"
    assert request.get_header("User-agent") == AGENT
    assert "gzip" in request.get_header("Accept-encoding")
    assert limiter.calls == 1


@pytest.mark.parametrize("code, reason, remedy", [
    (403, "Forbidden", "User-Agent"),
    (429, "Too Many Requests", "10 per second"),
    (404, "Not Found", "CIK"),
    (503, "Service Unavailable", "Retry later"),
])
def test_http_errors_raise_an_error_naming_the_url_and_status(code, reason, remedy):
    opener = FakeOpener(_http_error(code, reason))
    with pytest.raises(SecEdgarError) as caught:
        sec_edgar.fetch_companyfacts(1045810, user_agent=AGENT, opener=opener, limiter=NoWait())
    assert caught.value.url == NVDA_URL and caught.value.status == code
    assert NVDA_URL in str(caught.value) and str(code) in str(caught.value)
    assert remedy in str(caught.value)


def test_an_error_status_returned_without_an_exception_still_raises():
    """An opener without urllib's error processor hands back the 429 response itself."""
    opener = FakeOpener(FakeResponse(b"slow down", status=429))
    with pytest.raises(SecEdgarError, match=r"CIK0001045810\.json failed: HTTP 429"):
        sec_edgar.fetch_companyfacts("1045810", user_agent=AGENT, opener=opener, limiter=NoWait())


def test_no_connection_raises_an_error_naming_the_url():
    opener = FakeOpener(urllib.error.URLError("Name or service not known"))
    with pytest.raises(SecEdgarError, match="no connection") as caught:
        sec_edgar.fetch_companyfacts(1045810, user_agent=AGENT, opener=opener, limiter=NoWait())
    assert caught.value.url == NVDA_URL and caught.value.status is None


def test_a_body_that_is_not_json_raises():
    opener = FakeOpener(FakeResponse(b"<html>blocked</html>"))
    with pytest.raises(SecEdgarError, match="not JSON"):
        sec_edgar.fetch_companyfacts(1045810, user_agent=AGENT, opener=opener, limiter=NoWait())


def test_the_user_agent_is_checked_before_anything_is_sent():
    opener = FakeOpener()
    with pytest.raises(ValueError):
        sec_edgar.fetch_companyfacts(1045810, user_agent="", opener=opener, limiter=NoWait())
    assert opener.requests == []


def test_rate_limiter_spaces_requests_a_tenth_of_a_second_apart():
    """Four calls at once: no wait, then 0.1 s each (fake clock advanced by the fake sleep)."""
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(10, clock=lambda: now[0], sleep=sleep)
    delays = [limiter.wait() for _ in range(4)]
    assert delays == pytest.approx([0.0, 0.1, 0.1, 0.1])
    now[0] += 1.0  # a pause longer than the interval: the next call goes at once
    assert limiter.wait() == 0.0
    assert slept == pytest.approx([0.1, 0.1, 0.1])


def test_the_module_limiter_follows_the_sec_limit():
    assert sec_edgar.SEC_RATE_LIMITER.interval == pytest.approx(1 / 10)


def test_flatten_small_document_known_answer():
    """In: two Revenues facts (one without frame) and a concept not asked for. Out: two text rows."""
    document = {"cik": 1, "facts": {"us-gaap": {
        "Revenues": {"label": "Revenues", "units": {"USD": [
            {"start": "2022-01-31", "end": "2022-05-01", "val": 8288000000, "accn": "0001045810-22-000079",
             "fy": 2023, "fp": "Q1", "form": "10-Q", "filed": "2022-05-27"},
            {"start": "2022-01-31", "end": "2022-05-01", "val": 8288000000, "accn": "0001045810-23-000093",
             "fy": 2024, "fp": "Q1", "form": "10-Q", "filed": "2023-05-26", "frame": "CY2022Q1"},
        ]}},
        "Assets": {"units": {"USD": [{"end": "2022-05-01", "val": 1}]}},
    }}}
    expected = pd.DataFrame({
        "concept": ["Revenues", "Revenues"],
        "start": ["2022-01-31", "2022-01-31"],
        "end": ["2022-05-01", "2022-05-01"],
        "val": ["8288000000", "8288000000"],
        "accn": ["0001045810-22-000079", "0001045810-23-000093"],
        "fy": ["2023", "2024"],
        "fp": ["Q1", "Q1"],
        "form": ["10-Q", "10-Q"],
        "filed": ["2022-05-27", "2023-05-26"],
        "frame": [None, "CY2022Q1"],
    }, dtype="string")
    assert_frame_equal(sec_edgar.flatten_companyfacts(document, ["Revenues"]), expected)


def test_flatten_names_a_missing_concept():
    with pytest.raises(KeyError, match="GrossProfit"):
        sec_edgar.flatten_companyfacts({"facts": {"us-gaap": {"Revenues": {"units": {}}}}}, ["GrossProfit"])


def test_parser_on_the_recorded_real_response():
    """The recorded companyfacts of NVIDIA: 46 facts per concept; only last-filed copies carry a frame."""
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    flat = sec_edgar.flatten_companyfacts(document, sec_companyfacts_nvda.CONCEPTS)
    assert flat.groupby("concept").size().to_dict() == {"CostOfRevenue": 46, "GrossProfit": 46, "Revenues": 46}
    first = flat.iloc[0]
    assert (first["concept"], first["start"], first["end"], first["val"], first["form"]) == (
        "Revenues", "2022-01-31", "2022-05-01", "8288000000", "10-Q")
    fy2026 = flat[(flat["concept"] == "Revenues") & (flat["start"] == "2025-01-27") & (flat["end"] == "2026-01-25")]
    assert fy2026["val"].tolist() == ["215938000000"]  # FY2026 revenue, $215,938 million
    framed = flat.dropna(subset=["frame"])
    assert not framed.duplicated(["concept", "start", "end"]).any()
    # The raw reader and the connector share the parser: the same frame, and it passes the raw schema.
    read = sec_companyfacts_nvda.read(FIXTURE)
    assert_frame_equal(read, flat)
    sec_companyfacts_nvda.SCHEMA.validate(read)
