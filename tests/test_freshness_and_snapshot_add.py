"""Freshness (cadence, staleness), `brief fetch --list`, and `brief snapshot add` for hand-compiled data."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from analysis import provenance
from analysis.errors import BriefError, DataValidationError
from analysis.freshness import dataset_freshness, is_stale
from analysis.raw import read_raw
from analysis.snapshot_versions import IdenticalVersionError, register_file
from conftest import REPO, run_brief

VERSION = dt.date(2026, 11, 24)


@pytest.mark.parametrize("cadence, age_days, stale", [
    ("daily", 4, False), ("daily", 5, True),
    ("weekly", 8, False), ("weekly", 9, True),
    ("quarterly", 105, False), ("quarterly", 106, True),
    ("annual", 395, False), ("annual", 396, True),
    ("static", 10_000, False),
])
def test_staleness_rule_allows_one_period_and_a_grace(cadence, age_days, stale):
    assert is_stale(cadence, VERSION, VERSION + dt.timedelta(days=age_days)) is stale


def test_every_sidecar_declares_a_cadence():
    sidecars = sorted((REPO / "data" / "raw").glob("*/*/*.meta.yaml"))
    assert len(sidecars) == 18
    for path in sidecars:
        origin = yaml.safe_load(path.read_text(encoding="utf-8"))["origin"]
        assert origin["cadence"] in {"daily", "weekly", "quarterly", "annual", "static"}, path


def test_freshness_names_the_connector_or_manual(project):
    rows = {r.name: r for r in dataset_freshness(dt.date(2026, 12, 10))}
    assert len(rows) == 18
    assert rows["prices_daily"].connector == "yahoo_chart" and rows["market_size"].connector == "manual"
    assert sum(r.connector != "manual" for r in rows.values()) >= 7
    assert rows["prices_daily"].stale and rows["prices_daily"].age_days == 16  # daily, 16 days old
    assert not rows["market_size"].stale and rows["market_size"].cadence == "annual"
    assert not rows["chip_specs"].stale  # static


def test_a_sidecar_without_cadence_is_incomplete(project):
    sidecar = provenance.find_snapshot("trade").sidecar_path
    sidecar.write_text(sidecar.read_text().replace("  cadence: annual\n", ""))
    with pytest.raises(provenance.ProvenanceError, match="cadence"):
        provenance.find_snapshot("trade").meta


def test_fetch_list_prints_one_line_per_dataset(project):
    result = run_brief(project, "fetch", "--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    datasets = lines[:-1]
    assert len(datasets) == 18
    prices = next(line.split() for line in datasets if line.startswith("prices_daily "))
    assert prices[:4] == ["prices_daily", "yahoo_chart", "daily", "2026-11-24"] and prices[4] in ("STALE", "fresh")
    manual = [line for line in datasets if line.split()[1] == "manual"]
    assert len(datasets) - len(manual) >= 7
    assert "7 with a connector" in lines[-1]


def _market_size_with_china_2024(project, value: str):
    """A copy of market_size.csv with China's 2024 IDC value changed (the issue's example)."""
    source = provenance.find_snapshot("market_size").path
    text = source.read_text(encoding="utf-8")
    assert ",22.1," in text
    copy = project / "market_size_new.csv"
    copy.write_text(text.replace(",22.1,", f",{value},", 1), encoding="utf-8")
    return copy


def test_snapshot_add_registers_a_changed_copy_with_the_sidecar_carried_over(project):
    old = provenance.find_snapshot("market_size")
    new_file = _market_size_with_china_2024(project, "23.4")
    snapshot = register_file("market_size", new_file, accessed=dt.date(2026, 12, 1))
    assert snapshot.version == "2026-12-01" and snapshot.path.read_bytes() == new_file.read_bytes()
    meta = snapshot.meta
    assert meta.snapshot.md5 == provenance.md5_of(new_file) and meta.snapshot.size_bytes == new_file.stat().st_size
    assert meta.origin.date_accessed == dt.date(2026, 12, 1)
    assert meta.origin.model_dump(exclude={"date_accessed", "version_note"}) == old.meta.origin.model_dump(
        exclude={"date_accessed", "version_note"})
    assert meta.quality == old.meta.quality and meta.caveats == old.meta.caveats
    assert "23.4" in set(read_raw("market_size")["value"])  # the newest version is read
    assert old.path.is_file() and provenance.verify(old)  # the old version is kept as it was


def test_snapshot_add_refuses_a_file_identical_to_the_latest(project):
    same = project / "same.csv"
    same.write_bytes(provenance.find_snapshot("market_size").path.read_bytes())
    with pytest.raises(IdenticalVersionError, match="identical to the latest version of market_size"):
        register_file("market_size", same)
    assert [p.name for p in (project / "data" / "raw" / "market_size").iterdir()] == ["2026-11-24"]


def test_snapshot_add_refuses_a_file_that_fails_the_raw_schema(project):
    bad = _market_size_with_china_2024(project, "lots")
    with pytest.raises(DataValidationError, match="market_size_new.csv"):
        register_file("market_size", bad)
    assert [p.name for p in (project / "data" / "raw" / "market_size").iterdir()] == ["2026-11-24"]


def test_snapshot_add_of_an_unknown_dataset_or_missing_file_is_a_clear_error(project):
    with pytest.raises(BriefError, match="no snapshot of dataset 'nonesuch'"):
        register_file("nonesuch", project / "params" / "default.yaml")
    with pytest.raises(BriefError, match="is not a file"):
        register_file("market_size", project / "missing.csv")


def test_snapshot_add_command(project):
    new_file = _market_size_with_china_2024(project, "23.4")
    result = run_brief(project, "snapshot", "add", "market_size", str(new_file))
    assert result.returncode == 0, result.stderr
    assert "New snapshot: market_size" in result.stdout
    again = run_brief(project, "snapshot", "add", "market_size", str(new_file))
    assert again.returncode == 1 and "identical to the latest version" in again.stderr
    assert "Traceback" not in again.stderr
