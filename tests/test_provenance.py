"""Raw snapshots: sidecars complete, checksums guarding the bytes, versions resolved."""

from __future__ import annotations

import shutil

import pytest
import yaml

from analysis import provenance
from analysis.errors import ChecksumMismatchError, ProvenanceError
from conftest import REPO

REQUIRED_ORIGIN = {"producer", "title", "url_main", "date_published", "date_accessed", "license", "citation"}


def test_every_raw_snapshot_has_a_complete_sidecar_and_matching_checksum():
    snapshots = provenance.list_snapshots(REPO / "data" / "raw")
    assert snapshots, "no raw snapshots found"
    for snapshot in snapshots:
        meta = snapshot.meta
        assert REQUIRED_ORIGIN <= set(meta.origin.model_dump()), snapshot.name
        assert meta.quality.grade.value in {"primary", "secondary", "weak"}
        provenance.verify(snapshot)  # raises on a mismatch


def test_no_file_under_raw_lacks_a_sidecar():
    assert provenance.orphan_files(REPO / "data" / "raw") == []


def test_one_changed_byte_is_caught_and_the_error_names_the_file(project):
    snapshot = provenance.find_snapshot("market_size")
    data = bytearray(snapshot.path.read_bytes())
    data[100] ^= 0x01
    snapshot.path.write_bytes(bytes(data))
    with pytest.raises(ChecksumMismatchError) as caught:
        provenance.verify(provenance.find_snapshot("market_size"))
    assert "market_size.csv" in str(caught.value)
    assert caught.value.expected != caught.value.actual


def test_an_incomplete_sidecar_names_the_missing_field(project):
    snapshot = provenance.find_snapshot("market_size")
    content = yaml.safe_load(snapshot.sidecar_path.read_text())
    del content["origin"]["license"]
    snapshot.sidecar_path.write_text(yaml.safe_dump(content))
    with pytest.raises(ProvenanceError, match=r"origin\.license"):
        provenance.find_snapshot("market_size").meta


def test_the_latest_dated_version_is_used_unless_one_is_named(project):
    old = provenance.find_snapshot("market_size")
    newer = old.sidecar_path.parent.with_name("2027-01-01")
    shutil.copytree(old.sidecar_path.parent, newer)
    sidecar = next(newer.glob("*.meta.yaml"))
    content = yaml.safe_load(sidecar.read_text())
    content["snapshot"]["version"] = "2027-01-01"
    sidecar.write_text(yaml.safe_dump(content))
    assert provenance.find_snapshot("market_size").version == "2027-01-01"
    assert provenance.find_snapshot("market_size", version=old.version).version == old.version


def test_a_sidecar_in_the_wrong_folder_is_refused(project):
    snapshot = provenance.find_snapshot("market_size")
    moved = snapshot.sidecar_path.parent.with_name("2030-01-01")
    snapshot.sidecar_path.parent.rename(moved)
    with pytest.raises(ProvenanceError, match="sits in market_size/2030-01-01"):
        provenance.find_snapshot("market_size").meta
