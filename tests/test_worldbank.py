"""World Bank API v2 connector: the URL, the parser on recorded real responses, errors, pages.

No network: responses come from ``tests/fixtures/worldbank/`` or are served by a fake opener.
"""

from __future__ import annotations

import io
import json
import math
import urllib.error
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.connectors import worldbank as wb

FIXTURES = Path(__file__).parent / "fixtures" / "worldbank"
ERROR_SHAPE = [{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}]}]


def _load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _expected(rows: list[tuple], updated: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["iso3", "indicator", "year", "value"])
    frame["lastupdated"] = pd.Timestamp(updated)
    return frame.astype({"iso3": "string", "indicator": "string", "year": "Int64", "value": "float64",
                         "lastupdated": "datetime64[ns]"})


class FakeOpener:
    """Serves one JSON body per page number (or an exception), and records the URLs asked for."""

    def __init__(self, pages: dict[int, object]):
        self.pages = pages
        self.urls: list[str] = []

    def open(self, request, timeout=None):
        url = request.full_url
        self.urls.append(url)
        page = int(url.rsplit("page=", 1)[1])
        body = self.pages[page]
        if isinstance(body, Exception):
            raise body
        return io.BytesIO(json.dumps(body).encode("utf-8"))


def test_indicator_url_has_the_api_v2_shape():
    url = wb.indicator_url(["chn", "USA", "EMU"], "NY.GDP.MKTP.CD", 2020, 2024, per_page=500, page=2)
    assert url == ("https://api.worldbank.org/v2/country/CHN;USA;EMU/indicator/NY.GDP.MKTP.CD"
                   "?format=json&date=2020:2024&per_page=500&page=2")


@pytest.mark.parametrize(
    "countries, start, end, per_page, problem",
    [([], 2020, 2024, 10, "country codes"), (["CH N"], 2020, 2024, 10, "country codes"),
     (["CHN"], 2024, 2020, 10, "after end year"), (["CHN"], 2020, 2024, 0, "positive")],
)
def test_indicator_url_refuses_bad_requests(countries, start, end, per_page, problem):
    with pytest.raises(ValueError, match=problem):
        wb.indicator_url(countries, "NY.GDP.MKTP.CD", start, end, per_page=per_page)


def test_parser_reads_the_recorded_canada_response_and_its_nulls():
    """In: the first 6 observations of a real response (total 198, 4 nulls).
    Out: 6 rows, nulls as NaN, and 192 rows flagged missing for the page size."""
    page = wb.parse_response(_load("worldbank_api_v2_sample_trimmed.json"))
    indicator = "EG.ELC.RNEW.ZS"
    expected = _expected(
        [("CAN", indicator, 2025, math.nan), ("CAN", indicator, 2024, math.nan), ("CAN", indicator, 2023, math.nan),
         ("CAN", indicator, 2022, math.nan), ("CAN", indicator, 2021, 67.0163805768966),
         ("CAN", indicator, 2020, 67.0564578594512)],
        "2026-07-13",
    )
    assert_frame_equal(page.observations, expected)
    assert (page.page, page.pages, page.per_page, page.total) == (1, 1, 300, 198)
    assert page.missing_rows == 198 - 6


def test_parser_flags_the_china_gdp_sample_that_says_three_rows_but_holds_two():
    page = wb.parse_response(_load("worldbank_api_v2_gdp_chn_sample.json"))
    expected = _expected(
        [("CHN", "NY.GDP.MKTP.CD", 2024, 18743803170827.2), ("CHN", "NY.GDP.MKTP.CD", 2023, 18270356654533.2)],
        "2026-04-08",
    )
    assert_frame_equal(page.observations, expected)
    assert (page.total, page.missing_rows) == (3, 1)


def test_the_api_error_shape_raises_with_its_id_and_text():
    with pytest.raises(wb.WorldBankAPIError) as caught:
        wb.parse_response(ERROR_SHAPE, url="https://api.worldbank.org/v2/country/XXX/indicator/NY.GDP.MKTP.CD")
    assert caught.value.message_id == "120"
    message = str(caught.value)
    assert "Invalid value" in message and "XXX" in message and "country codes" in message


@pytest.mark.parametrize("payload", [{"page": 1}, [{"page": 1, "pages": 1}], "<xml/>"])
def test_a_response_of_another_shape_is_refused(payload):
    with pytest.raises(wb.WorldBankAPIError):
        wb.parse_response(payload)


def _page(page: int, pages: int, per_page: int, total: int, years: list[int]) -> list:
    meta = {"page": page, "pages": pages, "per_page": str(per_page), "total": total, "sourceid": "2",
            "lastupdated": "2026-04-08"}
    rows = [{"indicator": {"id": "NY.GDP.MKTP.CD", "value": "GDP (current US$)"},
             "country": {"id": "KR", "value": "Korea, Rep."}, "countryiso3code": "KOR", "date": str(y),
             "value": 1000.0 + y, "unit": "", "obs_status": "", "decimal": 0} for y in years]
    return [meta, rows]


def test_fetch_follows_the_pages_and_joins_them():
    """Two pages of 2 and 1 observations (total 3): three rows, both URLs asked for in order."""
    opener = FakeOpener({1: _page(1, 2, 2, 3, [2023, 2022]), 2: _page(2, 2, 2, 3, [2021])})
    frame = wb.fetch_indicator(["KOR"], "NY.GDP.MKTP.CD", 2021, 2023, per_page=2, opener=opener)
    assert [u.rsplit("&", 1)[1] for u in opener.urls] == ["page=1", "page=2"]
    assert frame["year"].tolist() == [2023, 2022, 2021]
    assert frame["value"].tolist() == [3023.0, 3022.0, 3021.0]
    assert frame.attrs["total"] == 3 and frame.attrs["missing_rows"] == 0


def test_fetch_refuses_or_warns_on_fewer_rows_than_announced():
    opener = FakeOpener({1: _load("worldbank_api_v2_gdp_chn_sample.json")})
    with pytest.raises(wb.IncompleteResponseError, match="announced 3 observations but the 1 page"):
        wb.fetch_indicator(["CHN"], "NY.GDP.MKTP.CD", 2022, 2024, opener=opener)
    with pytest.warns(UserWarning, match="announced 3"):
        frame = wb.fetch_indicator(["CHN"], "NY.GDP.MKTP.CD", 2022, 2024, opener=opener, strict=False)
    assert len(frame) == 2 and frame.attrs["missing_rows"] == 1


def test_an_error_on_a_later_page_names_that_page():
    opener = FakeOpener({1: _page(1, 2, 1, 2, [2023]), 2: ERROR_SHAPE})
    with pytest.raises(wb.WorldBankAPIError, match="page=2"):
        wb.fetch_indicator(["KOR"], "NY.GDP.MKTP.CD", 2022, 2023, per_page=1, opener=opener)


def test_an_http_error_carries_its_status():
    error = urllib.error.HTTPError("https://api.worldbank.org", 503, "Service Unavailable", {}, None)
    with pytest.raises(wb.WorldBankAPIError) as caught:
        wb.fetch_indicator(["KOR"], "NY.GDP.MKTP.CD", 2022, 2023, opener=FakeOpener({1: error}))
    assert caught.value.status == 503
