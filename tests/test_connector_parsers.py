"""The connectors' parsers on recorded real responses (known answers), without a server."""

from __future__ import annotations

import email.utils
import json

import pandas as pd
import pytest

from analysis.connectors import epoch_hardware, federal_register, http, usgs_mcs, yahoo_chart
from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"


def _nvda_chart() -> dict:
    path = FIXTURES / "yahoo_chart" / "historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json"
    return json.loads(path.read_text(encoding="utf-8"))["response"]["bodyJson"]


def test_chart_days_are_the_exchange_days_with_close_and_adjusted_close():
    """In: NVDA's recorded chart (252 sessions from 1 Feb 2021, opening times in UTC seconds).
    Out: the New York trading days, the close and the adjusted close as Yahoo gave them."""
    frame = yahoo_chart.parse_chart(_nvda_chart(), ticker="NVDA")
    assert len(frame) == 252
    expected = pd.DataFrame({"date": ["2021-02-01", "2021-02-02"], "close": [13.237000465393066, 13.556750297546387],
                             "adj_close": [13.2034912109375, 13.522431373596191]})
    pd.testing.assert_frame_equal(frame.head(2), expected)
    assert frame["date"].iloc[-1] == "2022-01-28"
    assert frame["date"].is_monotonic_increasing and not frame["date"].duplicated().any()


def test_chart_null_closes_are_dropped_and_an_error_object_refused():
    chart = _nvda_chart()
    chart["chart"]["result"][0]["indicators"]["quote"][0]["close"][0] = None
    assert yahoo_chart.parse_chart(chart, ticker="NVDA")["date"].iloc[0] == "2021-02-02"
    error = {"chart": {"result": None, "error": {"code": "Not Found", "description": "No data found"}}}
    with pytest.raises(http.UnexpectedResponseError, match="No data found"):
        yahoo_chart.parse_chart(error, ticker="NVDA")


def test_chart_url_asks_for_the_days_from_start_to_end():
    url = yahoo_chart.chart_url("SOXX", pd.Timestamp("2022-01-03").date(), pd.Timestamp("2022-01-04").date())
    assert url.startswith("https://query1.finance.yahoo.com/v8/finance/chart/SOXX?period1=1641168000&period2=1641340800")
    with pytest.raises(ValueError):
        yahoo_chart.chart_url("SOXX;rm", pd.Timestamp("2022-01-03").date(), pd.Timestamp("2022-01-04").date())


def test_release_csv_drops_the_padding_and_keeps_the_cells():
    """In: the recorded MCS2024 world CSV (BOM, 44 columns of which 8 named, blank rows).
    Out: 16 country rows, the 8 named columns, text as written."""
    frame = usgs_mcs.read_release_csv((FIXTURES / "usgs_sciencebase" / "mcs2024-raree_world-1.csv").read_bytes())
    assert list(frame.columns) == ["Source", "Country", "Type", "Prod_t_est_2022", "Prod_t_est_2023", "Prod_notes",
                                   "Reserves_t", "Reserves_notes"]
    assert len(frame) == 16
    china = frame[frame["Country"] == "China"].iloc[0]
    assert (china["Prod_t_est_2022"], china["Prod_t_est_2023"], china["Reserves_t"]) == ("210000", "240000", "44000000")
    assert frame["Country"].iloc[-1] == "World total (rounded)"


def test_world_rows_known_answer():
    table = pd.DataFrame({"Source": ["MCS2024"], "Country": ["Burma"], "Type": ["t"], "Prod_t_est_2022": ["12000"],
                          "Prod_t_est_2023": ["38000"], "Prod_notes": [pd.NA], "Reserves_t": ["NA"],
                          "Reserves_notes": [pd.NA]}, dtype="string")
    rows = usgs_mcs.world_production_rows(table, source_detail="release")
    assert rows.values.tolist() == [
        ["Burma", "2022", "mine_production", "12000", "t REO equivalent", "USGS MCS2024", "release; column Prod_t_est_2022"],
        ["Burma", "2023", "mine_production", "38000", "t REO equivalent", "USGS MCS2024", "release; column Prod_t_est_2023"],
        ["Burma", "2023 (as of MCS2024)", "reserves", "NA", "t REO equivalent", "USGS MCS2024", "release; column Reserves_t"],
    ]


def test_epoch_subset_names_what_disappeared():
    table = epoch_hardware.read_hardware_csv((FIXTURES / "epoch_ai" / "ml_hardware.csv").read_bytes())
    assert len(table) == 170 and {"NVIDIA GB200", "Huawei Ascend 920"} <= set(table["Hardware name"])
    with pytest.raises(http.UnexpectedResponseError, match="no longer lists \\['Imaginary X1'\\]"):
        epoch_hardware.select_subset(table, ["Imaginary X1"], ["Hardware name"], url="u")


def test_federal_register_page_keeps_the_bis_documents():
    payload = json.loads((FIXTURES / "federal_register" / "documents_2024_page2_trimmed.json").read_text())
    frame, pages = federal_register.parse_documents(payload)
    assert pages == 2
    assert frame["document_number"].tolist() == ["2024-00190", "2024-00359", "2024-00422", "2024-00582"]
    assert frame["citation"].str.match(r"89 FR \d+").all()


def test_federal_register_empty_answer_and_missing_results():
    frame, pages = federal_register.parse_documents({"description": "Documents matching 'x'", "count": 0})
    assert frame.empty and pages == 0
    with pytest.raises(http.UnexpectedResponseError, match="count is 5"):
        federal_register.parse_documents({"description": "x", "count": 5})


def test_retry_after_in_seconds_or_as_a_date():
    assert http.parse_retry_after("120") == 120.0
    when = email.utils.formatdate(1_000_060, usegmt=True)
    assert http.parse_retry_after(when, now=1_000_000) == pytest.approx(60.0)
    assert http.parse_retry_after("soon") is None and http.parse_retry_after(None) is None
