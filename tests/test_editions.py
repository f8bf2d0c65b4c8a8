"""Edition records, "What changed since the last brief", the freshness notice and the archive.

The runs here are made by hand (a manifest over the project copy's real raw data, and the
results tables the summary notebook writes), so no kernel starts.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from analysis import changes, data_diff, editions, freshness_notice, paths, provenance, run_outputs
from analysis.edition_record import (
    build_record,
    edition_name,
    load_record,
    save_record,
    write_refresh_outcomes,
)
from analysis.edition_sections import write_sections
from analysis.runs import Manifest
from analysis.snapshot_versions import register_file

KEY_NUMBERS = [("China accelerated-server market, 2024", "\\$22.1bn"), ("US share of H200 sales to China", "25%")]


def hand_run(run_id: str, day: str, key_numbers=KEY_NUMBERS, verdicts=None, parameters=None) -> Manifest:
    """A succeeded run over the current raw data, with the summary's results tables."""
    snapshots = [{"name": s.name, "version": s.version, "md5": s.meta.snapshot.md5,
                  "file": paths.display_path(s.path), "grade": s.meta.quality.grade.value,
                  "date_accessed": s.meta.origin.date_accessed.isoformat()} for s in provenance.list_snapshots()]
    manifest = Manifest(run_id=run_id, started_at=f"{day}T06:00:00+00:00",
                        parameters=parameters or {"seed": 42, "scenario_inputs": {"share": {"value": 25.0}}},
                        parameter_origins={}, parameter_files=["params/default.yaml"], snapshots=snapshots,
                        data_as_of=day, latest_observation=None, status="succeeded")
    manifest.folder.mkdir(parents=True, exist_ok=True)
    manifest.save()
    run_outputs.write_table(pd.DataFrame(key_numbers, columns=["Key number", "Value"]).assign(**{"Shown in": "@tbl-x"}),
                            run_id, "key_numbers")
    verdicts = verdicts or [("china_ai_chip_market", "China's AI chip market is over 40 billion USD", "supported")]
    run_outputs.write_table(pd.DataFrame(verdicts, columns=["claim_id", "claim", "verdict"]), run_id, "claim_verdicts")
    return manifest


def new_market_size(project, tmp_path, old: str = "22.1", new: str = "23.4", day=dt.date(2026, 12, 7)):
    """The issue's test: market_size.csv with China's 2024 value changed, registered as a new version."""
    current = provenance.find_snapshot("market_size").path
    text = current.read_text(encoding="utf-8")
    line = "China,2024,accelerated_server_market,22.1,"
    assert line in text
    edited = tmp_path / "market_size.csv"
    edited.write_text(text.replace(line, line.replace(old, new)), encoding="utf-8")
    return register_file("market_size", edited, accessed=day)


def test_the_record_holds_key_numbers_verdicts_parameters_and_row_digests(project):
    manifest = hand_run("20261130T060000Z", "2026-11-30")
    record = build_record(manifest)
    assert record["key_numbers"][0] == {"name": "China accelerated-server market, 2024", "value": "$22.1bn"}
    assert record["verdicts"][0]["verdict"] == "supported"
    assert record["refresh_attempted"] is False
    market = next(d for d in record["datasets"] if d["name"] == "market_size")
    assert market["key"] == ["market", "period", "metric"]
    assert "China · 2024 · accelerated_server_market" in market["rows"]
    assert market["connector"] == "manual" and market["cadence"]
    assert edition_name(record) == "2026-11-30_20261130T060000Z"
    # Saved and loaded unchanged.
    assert load_record(save_record(manifest, record)) == record


def test_a_changed_number_flows_into_what_changed(project, tmp_path):
    """Edition 1 on the shipped data; market_size's China 2024 value 22.1 -> 23.4 registered;
    edition 2 lists the key number, the data version with its changed cell, and the parameter."""
    first = build_record(hand_run("20261130T060000Z", "2026-11-30"))
    snapshot = new_market_size(project, tmp_path)
    second = build_record(hand_run(
        "20261207T060000Z", "2026-12-07",
        key_numbers=[("China accelerated-server market, 2024", "\\$23.4bn"), KEY_NUMBERS[1]],
        verdicts=[("china_ai_chip_market", "China's AI chip market is over 40 billion USD", "overstated")],
        parameters={"seed": 7, "scenario_inputs": {"share": {"value": 25.0}}}))
    found = changes.compare(first, second)
    assert found.key_numbers == [changes.Moved("China accelerated-server market, 2024", "$22.1bn", "$23.4bn")]
    assert found.verdicts == [changes.Moved("China's AI chip market is over 40 billion USD", "supported", "overstated")]
    assert found.parameters == [changes.Moved("seed", "42", "7")]
    [market] = found.datasets
    assert (market.name, market.old_version, market.new_version) == ("market_size", "2026-11-24", snapshot.version)
    assert market.rows == data_diff.RowDiff(changed=["China · 2024 · accelerated_server_market"])
    assert market.cells == [data_diff.CellChange("China · 2024 · accelerated_server_market", "value", "22.1", "23.4")]
    text = changes.changes_markdown(found)
    assert "China accelerated-server market, 2024: \\$22.1bn → \\$23.4bn" in text
    assert "value 22.1 → 23.4" in text and "0 rows added, 0 removed, 1 changed" in text
    assert "`seed`: 42 → 7" in text and "supported → overstated" in text


def test_the_first_edition_says_so_and_an_unchanged_one_says_nothing_changed(project):
    record = build_record(hand_run("20261130T060000Z", "2026-11-30"))
    assert "This is the first edition" in changes.changes_markdown(changes.compare(None, record))
    same = changes.changes_markdown(changes.compare(record, record))
    assert "nothing changed" in same


def test_a_failed_refresh_and_stale_sources_are_named_on_page_one(project):
    manifest = hand_run("20270301T060000Z", "2027-03-01")  # months after the shipped versions
    write_refresh_outcomes(manifest, [
        {"dataset": "sec_companyfacts_nvda", "connector": "sec", "status": "failed", "version": "2026-11-24",
         "error": "FetchError: https://data.sec.gov/x.json?a=1 could not be reached: Connection refused\n  → Retry later.",
         "summary": "FetchError: https://data.sec.gov/x.json could not be reached: Connection refused"},
        {"dataset": "macro", "connector": "worldbank", "status": "unchanged", "version": "2026-11-24", "error": None},
    ])
    record = build_record(manifest)
    notice = freshness_notice.notice_markdown(record)
    assert "The refresh of 1 source failed" in notice and "*sec_companyfacts_nvda* (data of 2026-11-24)" in notice
    stale = {d["name"] for d in freshness_notice.stale_sources(record)}
    assert "prices_daily" in stale  # daily, 97 days old
    assert "sec_companyfacts_nvda" not in stale  # named once, as a failure
    table = freshness_notice.freshness_table(record).set_index("Dataset")
    assert table.loc["sec_companyfacts_nvda", "Refresh in this run"] == (
        "failed; last version kept (FetchError: data.sec.gov could not be reached: Connection refused)")
    assert table.loc["macro", "Refresh in this run"] == "fetched; same as the last version"
    assert table.loc["market_size", "Refresh in this run"] == "not refreshed in this run"


def test_a_fresh_brief_says_every_source_is_within_its_cadence(project):
    record = build_record(hand_run("20261125T060000Z", "2026-11-25"))
    record["datasets"] = [d | {"stale": False} for d in record["datasets"]]
    assert "Every source is within its update cadence (versions dated 2026-11-24)" in \
        freshness_notice.notice_markdown(record)


def archive(manifest: Manifest, tmp_path) -> dict:
    record = write_sections(manifest, tmp_path / f"sections-{manifest.run_id}")
    files = {}
    for name in ("brief.pdf", "brief.html"):
        files[name] = tmp_path / f"{manifest.run_id}-{name}"
        files[name].write_text(f"{name} of {manifest.run_id}")
    editions.archive_edition(record, files)
    return record


def test_editions_are_archived_listed_and_compared_in_order(project, tmp_path):
    archive(hand_run("20261130T060000Z", "2026-11-30"), tmp_path)
    second = hand_run("20261207T060000Z", "2026-12-07",
                      key_numbers=[("China accelerated-server market, 2024", "\\$23.4bn"), KEY_NUMBERS[1]])
    archive(second, tmp_path)
    history = paths.output_dir() / "history"
    assert sorted(p.name for p in history.iterdir()) == [
        "2026-11-30_20261130T060000Z", "2026-12-07_20261207T060000Z", "index.html"]
    for folder in ("2026-11-30_20261130T060000Z", "2026-12-07_20261207T060000Z"):
        assert sorted(p.name for p in (history / folder).iterdir()) == ["brief.html", "brief.pdf", "record.json"]
    index = (history / "index.html").read_text()
    assert index.index(">2026-12-07</td>") < index.index(">2026-11-30</td>")  # newest first
    assert 'href="2026-11-30_20261130T060000Z/brief.pdf"' in index and "market_size 2026-11-24" in index
    # The second edition's "What changed" compared it with the first.
    text = (tmp_path / "sections-20261207T060000Z" / "changes.md").read_text()
    assert "previous edition, of 2026-11-30" in text and "\\$22.1bn → \\$23.4bn" in text
    assert editions.previous_record("20261207T060000Z")["run_id"] == "20261130T060000Z"
    assert editions.previous_record("20261130T060000Z") is None
    # Published files are for readers, not private like a temporary file.
    for path in (history / "index.html", history / "2026-11-30_20261130T060000Z" / "record.json"):
        assert path.stat().st_mode & 0o044 == 0o044, path


def test_re_archiving_a_run_replaces_its_edition_whole(project, tmp_path):
    manifest = hand_run("20261130T060000Z", "2026-11-30")
    archive(manifest, tmp_path)
    archive(manifest, tmp_path)
    history = paths.output_dir() / "history"
    assert [p.name for p in history.iterdir() if p.is_dir()] == ["2026-11-30_20261130T060000Z"]  # no leftovers


def test_retention_keeps_the_newest_editions_files_and_every_record(project, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEF_KEEP_EDITIONS", "2")
    for day in ("2026-11-30", "2026-12-07", "2026-12-14"):
        archive(hand_run(day.replace("-", "") + "T060000Z", day), tmp_path)
    history = paths.output_dir() / "history"
    oldest = history / "2026-11-30_20261130T060000Z"
    assert sorted(p.name for p in oldest.iterdir()) == ["record.json"]
    assert len(list((history / "2026-12-14_20261214T060000Z").iterdir())) == 3
    index = (history / "index.html").read_text()
    assert "files removed (retention)" in index and index.count("<tr><td") == 3


def test_an_unreadable_record_is_a_brief_error(project):
    from analysis.errors import BriefError

    folder = paths.output_dir() / "history" / "2026-11-30_x"
    folder.mkdir(parents=True)
    (folder / "record.json").write_text("{not json")
    with pytest.raises(BriefError, match="cannot be read"):
        editions.list_editions()
    (folder / "record.json").write_text(json.dumps({"record_format": 99}))
    with pytest.raises(BriefError, match="format 99"):
        editions.list_editions()
