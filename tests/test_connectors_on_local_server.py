"""Every connector against a real HTTP server on 127.0.0.1 serving recorded real responses.

The base URLs are redirected with the connectors' environment variables (BRIEF_*_URL). Each
connector is also given the failures a live source can produce (HTTP 500, 429 with
Retry-After, no answer in time, a malformed body, a changed format): each must raise a clear
BriefError, write no new snapshot and leave the latest one as it was.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from analysis import provenance, refresh
from analysis.connectors import http
from analysis.errors import BriefError
from analysis.raw import read_raw
from analysis.snapshot_versions import add_checked_version
from analysis.source_refreshes import prices_daily_bytes
from conftest import REPO
from recorded_server import Answer, RecordedServer

FIXTURES = REPO / "tests" / "fixtures"
DAY = dt.date(2027, 1, 4)
JSON = {"Content-Type": "application/json; charset=utf-8"}
CSV = {"Content-Type": "text/csv"}
AGENT = "H200 brief tests tests@example.org"

SEC_PATH = "/api/xbrl/companyfacts/CIK0001045810.json"
USGS_PATH = "/catalog/file/get/65a6e45fd34e5af967a46749"
EPOCH_PATH = "/data/ml_hardware.csv"
FR_PATH = "/api/v1/documents.json"


def _yahoo(name: str) -> tuple[dict, int, dict]:
    """A recorded yahoo-finance2 exchange: (body as JSON, status, headers)."""
    exchange = json.loads((FIXTURES / "yahoo_chart" / name).read_text(encoding="utf-8"))
    response = exchange["response"]
    return response["bodyJson"], response["status"], {"Content-Type": response["headers"]["content-type"]}


def _sec_document() -> dict:
    path = REPO / "data" / "raw" / "sec_companyfacts_nvda" / "2026-11-24" / "sec_companyfacts_nvda_trimmed.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _json_answer(document) -> Answer:
    return Answer(200, json.dumps(document).encode("utf-8"), JSON)


# --- Recorded responses and a changed-format variant of each -------------------------------


def _changed_csv(data: bytes, old: bytes, new: bytes) -> Answer:
    assert old in data
    return Answer(200, data.replace(old, new, 1), CSV)


def _renamed_key(document, path: list, new_key: str):
    changed = copy.deepcopy(document)
    node = changed
    for key in path[:-1]:
        node = node[key]
    node[new_key] = node.pop(path[-1])
    return changed


@dataclass(frozen=True)
class Case:
    dataset: str
    routes: Callable[[], dict[str, Answer]]
    changed: Callable[[], Answer]  # the recorded answer with one field or column renamed


def _fr_changed() -> Answer:
    document = json.loads((FIXTURES / "federal_register" / "documents_2024_page2_trimmed.json").read_text())
    for item in document["results"]:
        item["pub_date"] = item.pop("publication_date")
    return _json_answer(document)


CASES = [
    Case("sec_companyfacts_nvda", lambda: {SEC_PATH: _json_answer(_sec_document())},
         lambda: _json_answer(_renamed_key(_sec_document(), ["facts", "us-gaap"], "us_gaap"))),
    Case("macro", lambda: {},  # World Bank: every path gets the fallback (set per test)
         lambda: _json_answer([{"page": 1, "pages": 1, "per_page": 50, "total": 1},
                               [{"indicator": {"id": "NY.GDP.MKTP.CD"}, "year": "2024", "value": 1.0}]])),
    Case("prices_daily", lambda: {},
         lambda: _json_answer(_renamed_key(_yahoo("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json")[0],
                                           ["chart", "result", 0, "indicators", "adjclose"], "adjClose"))),
    Case("usgs_mcs2024_raree_world",
         lambda: {USGS_PATH: Answer(200, (FIXTURES / "usgs_sciencebase" / "mcs2024-raree_world-1.csv").read_bytes(), CSV)},
         lambda: _changed_csv((FIXTURES / "usgs_sciencebase" / "mcs2024-raree_world-1.csv").read_bytes(),
                              b"Reserves_t,", b"Reserves_kt,")),
    Case("rare_earth_production",
         lambda: {USGS_PATH: Answer(200, (FIXTURES / "usgs_sciencebase" / "mcs2024-raree_world-1.csv").read_bytes(), CSV)},
         lambda: _changed_csv((FIXTURES / "usgs_sciencebase" / "mcs2024-raree_world-1.csv").read_bytes(),
                              b"Reserves_t,", b"Reserves_kt,")),
    Case("epoch_ml_hardware_subset",
         lambda: {EPOCH_PATH: Answer(200, (FIXTURES / "epoch_ai" / "ml_hardware.csv").read_bytes(), CSV)},
         lambda: _changed_csv((FIXTURES / "epoch_ai" / "ml_hardware.csv").read_bytes(), b",TDP (W),", b",TDP (kW),")),
    Case("policy_events",
         lambda: {FR_PATH: Answer(200, (FIXTURES / "federal_register" / "documents_2024_page2_trimmed.json").read_bytes(),
                                  JSON)},
         _fr_changed),
]


@pytest.fixture
def server(project, monkeypatch):
    """The recorded-response server, with every connector's base URL pointed at it."""
    with RecordedServer() as running:
        for env, _default in http.BASE_URLS.values():
            monkeypatch.setenv(env, running.url)
        monkeypatch.setenv("BRIEF_SEC_USER_AGENT", AGENT)
        monkeypatch.setenv(http.TIMEOUT_ENV, "5")
        yield running


def _state(dataset: str) -> tuple[list[str], bytes]:
    """The dataset's version folders and its latest file's bytes."""
    folder = provenance.find_snapshot(dataset).sidecar_path.parent.parent
    return sorted(p.name for p in folder.iterdir()), provenance.find_snapshot(dataset).path.read_bytes()


def test_every_connector_is_covered_here():
    assert {c.dataset for c in CASES} == set(refresh.CONNECTORS)
    assert len(refresh.CONNECTORS) >= 7


# --- Failures: each a clear BriefError, nothing written ---------------------------------


FAILURES = {
    "http_500": (lambda case: Answer(500, b"Internal Server Error", {"Content-Type": "text/plain"}), r"HTTP 500"),
    "http_429": (lambda case: Answer(429, b"Too Many Requests", {"Retry-After": "120"}), r"429"),
    "timeout": (lambda case: Answer(200, b"{}", JSON, delay=1.5), r"no answer within|timed out"),
    "malformed": (lambda case: Answer(200, b"<html><body>Service maintenance</body></html>", JSON), None),
    "changed_format": (lambda case: case.changed(), None),
}


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.dataset)
def test_a_failed_fetch_raises_a_clear_error_and_keeps_the_old_data(server, monkeypatch, case, failure):
    make, pattern = FAILURES[failure]
    server.fallback = make(case)
    if failure == "timeout":
        monkeypatch.setenv(http.TIMEOUT_ENV, "0.3")
    before = _state(case.dataset)
    with pytest.raises(BriefError) as caught:
        refresh.refresh_dataset(case.dataset, DAY)
    message = str(caught.value)
    assert server.requests, "the connector asked the local server"
    assert "Traceback" not in message and len(message) > 20
    if pattern:
        assert caught.match(pattern)
    if failure == "http_429":
        assert "120" in message  # the Retry-After the server asked for is reported
    assert _state(case.dataset) == before  # no new version, old data untouched


def test_refresh_all_records_failures_and_never_raises(server):
    server.fallback = Answer(500, b"down", {"Content-Type": "text/plain"})
    outcomes = refresh.refresh_all(DAY)
    assert {o.dataset for o in outcomes} == set(refresh.CONNECTORS)
    assert all(o.status == "failed" and "HTTP 500" in o.error for o in outcomes)
    assert all(o.version == "2026-11-24" for o in outcomes)  # the kept version
    prices = next(o for o in outcomes if o.dataset == "prices_daily")
    assert prices.summary == f"Request {server.url}/v8/finance/chart/NVDA failed: HTTP 500 Internal Server Error"


def test_a_short_retry_after_is_waited_once_then_the_answer_used(server):
    body = (FIXTURES / "epoch_ai" / "ml_hardware.csv").read_bytes()
    server.route(EPOCH_PATH, Answer(429, b"slow down", {"Retry-After": "0"}), Answer(200, body, CSV))
    snapshot = refresh.refresh_dataset("epoch_ml_hardware_subset", DAY)
    assert snapshot is not None and [p.split("?")[0] for p in server.requests] == [EPOCH_PATH, EPOCH_PATH]


# --- Recorded responses: the new snapshot, or none when nothing changed ----------------------


def _serve(server, case_dataset: str) -> None:
    case = next(c for c in CASES if c.dataset == case_dataset)
    for path, answer in case.routes().items():
        server.route(path, answer)


def test_usgs_world_table_read_from_the_release_equals_the_snapshot(server):
    """The release file the snapshot was compiled from gives its exact bytes: no new version."""
    _serve(server, "usgs_mcs2024_raree_world")
    before = _state("usgs_mcs2024_raree_world")
    assert refresh.refresh_dataset("usgs_mcs2024_raree_world", DAY) is None
    assert _state("usgs_mcs2024_raree_world") == before
    outcome, = refresh.refresh_all(DAY, datasets=["usgs_mcs2024_raree_world"])
    assert (outcome.status, outcome.version, outcome.error) == ("unchanged", "2026-11-24", None)


def test_rare_earth_production_rebuilds_the_mcs2024_rows_from_the_release(server):
    _serve(server, "rare_earth_production")
    old = read_raw("rare_earth_production")
    snapshot = refresh.refresh_dataset("rare_earth_production", DAY)
    assert snapshot.version == DAY.isoformat()
    new = read_raw("rare_earth_production")  # checksum and schema pass
    assert len(new) == len(old)
    key = ["country", "year", "metric", "value", "unit", "source"]
    assert new[key].equals(old[key])  # same values, same places: the release confirms the compilation
    mcs2024 = new["source"] == "USGS MCS2024"
    assert new.loc[mcs2024, "source_detail"].str.contains("ScienceBase item 65a6e45fd34e5af967a46749").all()
    assert new.loc[~mcs2024, "source_detail"].equals(old.loc[~mcs2024, "source_detail"])
    assert snapshot.meta.origin.date_accessed == DAY and snapshot.meta.origin.cadence.value == "annual"
    assert refresh.refresh_dataset("rare_earth_production", DAY + dt.timedelta(days=7)) is None  # same again


def test_epoch_subset_is_reread_with_the_same_rows_and_values(server):
    _serve(server, "epoch_ml_hardware_subset")
    old = read_raw("epoch_ml_hardware_subset")
    snapshot = refresh.refresh_dataset("epoch_ml_hardware_subset", DAY)
    new = read_raw("epoch_ml_hardware_subset")
    assert snapshot.version == DAY.isoformat()
    values = [c for c in old.columns if c != "mirror_source"]
    assert new[values].equals(old[values])
    assert set(new["mirror_source"]) == {server.url + EPOCH_PATH}
    assert snapshot.meta.origin.producer == old.attrs["snapshot"].meta.origin.producer  # origin carried over
    assert snapshot.meta.origin.description == old.attrs["snapshot"].meta.origin.description
    assert snapshot.meta.origin.version_note.startswith("Re-read from Epoch AI's ml_hardware.csv")


def test_policy_events_appends_the_bis_documents_once(server):
    _serve(server, "policy_events")
    old = read_raw("policy_events")
    snapshot = refresh.refresh_dataset("policy_events", DAY)
    new = read_raw("policy_events")
    added = new.iloc[len(old):]
    assert new.iloc[: len(old)].equals(old)  # the hand-compiled rows are kept as they were
    assert added["source"].str.extract(r"document ([\d-]+)")[0].tolist() == [
        "2024-00190", "2024-00359", "2024-00422", "2024-00582"]  # BIS only, oldest first
    assert added["date"].tolist() == ["2024-01-09", "2024-01-10", "2024-01-11", "2024-01-12"]
    assert set(added["actor"]) == {"US"}
    assert added["source_detail"].str.startswith("https://www.federalregister.gov/documents/2024/01/").all()
    assert snapshot.version == DAY.isoformat()
    assert sum(FR_PATH in r for r in server.requests) == 2  # total_pages 2: both pages asked for
    assert refresh.refresh_dataset("policy_events", DAY + dt.timedelta(days=7)) is None  # already cited


def test_prices_replace_the_days_yahoo_returns_and_keep_the_others(server):
    body, status, headers = _yahoo("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json")
    server.route("/v8/finance/chart/NVDA", Answer(status, json.dumps(body).encode(), headers))
    qqq, status, headers = _yahoo("chart-QQQ-2020-01-01-to-2020-01-03.json")
    server.route("/v8/finance/chart/QQQ", Answer(status, json.dumps(qqq).encode(), headers))
    old = read_raw("prices_daily")
    data, note = prices_daily_bytes(DAY, tickers=["NVDA", "QQQ"])
    snapshot = add_checked_version("prices_daily", data, source="test", accessed=DAY, note=note)
    new = read_raw("prices_daily")
    assert snapshot.version == DAY.isoformat() and len(new) == len(old)
    replaced = new["source"] == "Yahoo Finance chart API"
    nvda_jan = new[replaced]
    assert set(nvda_jan["ticker"]) == {"NVDA"}  # QQQ's recorded day (2020-01-02) is before the file starts
    assert nvda_jan["date"].min() == "2022-01-03" and nvda_jan["date"].max() == "2022-01-28"
    assert len(nvda_jan) == 19  # the trading days of 3-28 January 2022 (the recording ends there)
    first = nvda_jan.iloc[0]
    assert float(first["close"]) == pytest.approx(30.12, abs=0.01)  # Yahoo agrees with the Investing.com close
    assert first["adj_close"] is not None and float(first["adj_close"]) < float(first["close"]) + 1e-9
    keys = set(zip(nvda_jan["date"], nvda_jan["ticker"]))
    kept_old = old[[(d, t) not in keys for d, t in zip(old["date"], old["ticker"])]].reset_index(drop=True)
    assert new[~replaced].reset_index(drop=True).equals(kept_old)  # every other row as it was
    assert "/v8/finance/chart/NVDA?period1=1641168000" in " ".join(server.requests)  # from the file's first day


def test_prices_refresh_of_all_tickers_fails_whole_when_one_is_missing(server):
    """SPY and SOXX have no recorded answer (404): nothing is written, the error names the ticker."""
    body, status, headers = _yahoo("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json")
    server.route("/v8/finance/chart/NVDA", Answer(status, json.dumps(body).encode(), headers))
    before = _state("prices_daily")
    with pytest.raises(http.FetchError, match=r"chart/(SPY|QQQ|SOXX).*HTTP 404"):
        refresh.refresh_dataset("prices_daily", DAY)
    assert _state("prices_daily") == before


def test_a_chart_for_another_ticker_is_refused(server):
    qqq, status, headers = _yahoo("chart-QQQ-2020-01-01-to-2020-01-03.json")
    server.route("/v8/finance/chart/NVDA", Answer(status, json.dumps(qqq).encode(), headers))
    with pytest.raises(http.UnexpectedResponseError, match="for 'QQQ', not 'NVDA'"):
        prices_daily_bytes(DAY, tickers=["NVDA"])


def test_sec_companyfacts_from_the_recorded_document(server):
    _serve(server, "sec_companyfacts_nvda")
    refresh.refresh_dataset("sec_companyfacts_nvda", DAY)
    frame = read_raw("sec_companyfacts_nvda")
    assert {"Revenues", "CostOfRevenue", "GrossProfit"} <= set(frame["concept"])
    assert any(SEC_PATH in r for r in server.requests)


def test_sec_needs_a_user_agent_from_the_environment(server, monkeypatch):
    monkeypatch.delenv("BRIEF_SEC_USER_AGENT")
    with pytest.raises(BriefError, match="BRIEF_SEC_USER_AGENT"):
        refresh.refresh_dataset("sec_companyfacts_nvda", DAY)
    assert server.requests == []


def test_worldbank_refuses_the_recorded_response_that_lacks_a_row(server):
    """The recorded China GDP answer says total 3 but holds 2 observations: refused, nothing written."""
    recorded = (FIXTURES / "worldbank" / "worldbank_api_v2_gdp_chn_sample.json").read_bytes()
    server.fallback = Answer(200, recorded, JSON)
    before = _state("macro")
    with pytest.raises(BriefError, match="announced 3 observations"):
        refresh.refresh_dataset("macro", DAY)
    assert _state("macro") == before
    assert server.requests[0].startswith("/country/")


def test_an_unset_variable_leaves_the_live_base_url(monkeypatch):
    for env, _default in http.BASE_URLS.values():
        monkeypatch.delenv(env, raising=False)
    assert http.base_url("federal_register") == "https://www.federalregister.gov"
    monkeypatch.setenv("BRIEF_FEDERAL_REGISTER_URL", "http://127.0.0.1:9/")
    assert http.base_url("federal_register") == "http://127.0.0.1:9"



def test_fetch_sec_takes_the_user_agent_from_the_environment(project):
    from conftest import run_brief

    with RecordedServer() as running:
        running.fallback = Answer(503, b"maintenance", {"Content-Type": "text/plain", "Retry-After": "600"})
        result = run_brief(project, "fetch", "sec", BRIEF_SEC_USER_AGENT=AGENT, BRIEF_SEC_URL=running.url)
        missing = run_brief(project, "fetch", "sec", BRIEF_SEC_URL=running.url)
    assert result.returncode == 1 and "HTTP 503" in result.stderr and "Traceback" not in result.stderr
    assert missing.returncode != 0 and "--user-agent" in missing.stderr  # neither option nor variable given


def test_fetch_all_command_reports_each_source_and_exits_1_on_a_failure(project):
    from conftest import run_brief

    with RecordedServer() as running:
        running.route(USGS_PATH, Answer(200, (FIXTURES / "usgs_sciencebase" / "mcs2024-raree_world-1.csv").read_bytes(),
                                        CSV))
        env = {name: running.url for name, _default in http.BASE_URLS.values()}
        result = run_brief(project, "fetch", "all", "usgs_mcs2024_raree_world", "epoch_ml_hardware_subset",
                           BRIEF_FETCH_TIMEOUT="5", **env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "usgs_mcs2024_raree_world" in result.stdout and "unchanged" in result.stdout
    assert "epoch_ml_hardware_subset" in result.stdout and "failed" in result.stdout and "HTTP 404" in result.stdout


def test_the_processing_steps_accept_the_refreshed_files(server):
    """New versions from the recorded answers still go through their processing steps."""
    from analysis.processed import load_table, run_step
    from analysis.steps import all_steps

    for dataset in ("rare_earth_production", "epoch_ml_hardware_subset", "policy_events"):
        _serve(server, dataset)
        assert refresh.refresh_dataset(dataset, DAY) is not None
    body, status, headers = _yahoo("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json")
    server.route("/v8/finance/chart/NVDA", Answer(status, json.dumps(body).encode(), headers))
    add_checked_version("prices_daily", prices_daily_bytes(DAY, tickers=["NVDA"])[0], source="test", accessed=DAY)
    steps = {s.name: s for s in all_steps().values() if set(s.inputs) & {
        "rare_earth_production", "epoch_ml_hardware_subset", "policy_events", "prices_daily"}}
    assert len(steps) >= 4
    for step in steps.values():
        run_step(step)
    prices = load_table("daily_prices")
    nvda = prices[(prices["ticker"] == "NVDA") & (prices["trade_date"] == "2022-01-03")]
    assert len(nvda) == 1
