"""Damaged raw files end in one clear error naming the file and line; benign variants read the same.

Each damage case rewrites one raw CSV of a copy of the project and re-stamps its sidecar's
md5 and size, so the checksum passes and the reading path itself has to catch the damage.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
import yaml
from pandas.testing import assert_frame_equal

from analysis import paths, provenance
from analysis.errors import BriefError, CrossCheckError, DataValidationError, ProvenanceError, RawFileError
from analysis.processed import run_step
from analysis.raw import read_raw
from analysis.steps import all_steps
from conftest import REPO

CSV_DATASETS = sorted(
    p.parent.parent.name for p in (REPO / "data" / "raw").glob("*/*/*.csv")
)
LIMIT = csv.field_size_limit()


def restamp(snapshot: provenance.Snapshot, data: bytes) -> None:
    """Replace a snapshot's bytes and rewrite its sidecar's md5 and size to match (checksum passes)."""
    snapshot.path.write_bytes(data)
    content = yaml.safe_load(snapshot.sidecar_path.read_text(encoding="utf-8"))
    content["snapshot"]["md5"] = provenance.md5_of(snapshot.path)
    content["snapshot"]["size_bytes"] = len(data)
    snapshot.sidecar_path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")


def records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def write_records(rows: list[list[str]], terminator: str = "\n", quoting: int = csv.QUOTE_MINIMAL) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=terminator, quoting=quoting).writerows(rows)
    return out.getvalue().encode("utf-8")


def _first_row(change):
    def damage(data: bytes) -> bytes:
        rows = records(data)
        rows[1] = change(list(rows[1]))
        return write_records(rows)
    return damage


def _insert_at_line(line: int, payload: bytes):
    def damage(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[line - 1] = payload + lines[line - 1]
        return b"\n".join(lines)
    return damage


# class: (damage, the line it names (None: none), fragments the message must contain)
DAMAGE = {
    "latin-1 byte": (_insert_at_line(2, b"caf\xe9 "), 2, ["byte 0xE9 at offset", "not valid UTF-8", "column 4"]),
    "binary garbage": (lambda d: b"\x89PNG\r\n\x1a\n\x00\xff\x00" + d, 1, ["byte 0x89 at offset 0", "not valid UTF-8"]),
    "UTF-16 file": (lambda d: d.decode("utf-8").encode("utf-16"), 1, ["byte 0xFF at offset 0", "not valid UTF-8"]),
    "extra field": (_first_row(lambda r: [*r, "extra"]), 2, ["fields but the header has"]),
    "missing field": (_first_row(lambda r: r[:-1]), 2, ["fields but the header has"]),
    "oversized field": (_first_row(lambda r: ["x" * (LIMIT + 1), *r[1:]]), 2, [f"{LIMIT:,} characters"]),
    "header only": (lambda d: write_records(records(d)[:1]), 1, ["has a header but no data rows"]),
    "blank lines only": (lambda d: b"\n\r\n  \n", None, ["the file is empty"]),
    "repeated column name": (lambda d: write_records([[records(d)[0][0], *records(d)[0][:-1]], *records(d)[1:]]),
                             1, ["twice"]),
}


@pytest.mark.parametrize("dataset", CSV_DATASETS)
@pytest.mark.parametrize("damage_class", sorted(DAMAGE))
def test_a_damaged_raw_file_is_one_error_naming_file_and_line(project, dataset, damage_class):
    damage, line, fragments = DAMAGE[damage_class]
    snapshot = provenance.find_snapshot(dataset)
    restamp(snapshot, damage(snapshot.path.read_bytes()))
    with pytest.raises(RawFileError) as caught:
        read_raw(dataset)
    message = str(caught.value)
    assert message.startswith(paths.display_path(snapshot.path))
    assert caught.value.line == line
    if line is not None:
        assert f", line {line}" in message
    for fragment in fragments:
        assert fragment in message


def test_an_empty_file_is_refused_by_its_sidecar(project):
    """A zero-byte file cannot even be described: the sidecar's size must be positive."""
    snapshot = provenance.find_snapshot("market_size")
    snapshot.path.write_bytes(b"")
    content = yaml.safe_load(snapshot.sidecar_path.read_text(encoding="utf-8"))
    content["snapshot"].update(md5=provenance.md5_of(snapshot.path), size_bytes=0)
    snapshot.sidecar_path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProvenanceError, match=r"market_size\.csv\.meta\.yaml: incomplete sidecar: snapshot\.size_bytes"):
        read_raw("market_size")


def test_a_bad_byte_in_the_json_snapshot_is_named_by_offset(project):
    snapshot = provenance.find_snapshot("sec_companyfacts_nvda")
    data = snapshot.path.read_bytes()
    restamp(snapshot, data[:100] + b"\xff" + data[100:])
    with pytest.raises(RawFileError, match=r"sec_companyfacts_nvda_trimmed\.json, line \d+, column \d+: byte 0xFF at offset 100"):
        read_raw("sec_companyfacts_nvda")


def test_a_truncated_json_snapshot_names_line_and_column(project):
    snapshot = provenance.find_snapshot("sec_companyfacts_nvda")
    data = snapshot.path.read_bytes()
    restamp(snapshot, data[: len(data) // 2])
    with pytest.raises(RawFileError, match=r"sec_companyfacts_nvda_trimmed\.json, line \d+, column \d+: is not valid JSON"):
        read_raw("sec_companyfacts_nvda")


# Benign variants: the same table, whatever the line ends, byte-order mark, blank lines or quoting.
BENIGN = {
    "byte-order mark": lambda d: b"\xef\xbb\xbf" + d,
    "CRLF line ends": lambda d: write_records(records(d), terminator="\r\n"),
    "trailing blank lines": lambda d: d.rstrip(b"\n") + b"\n\n\n\r\n",
    "blank line between rows": lambda d: write_records(records(d)[:2]) + b"\n" + write_records(records(d)[2:]),
    "every field quoted": lambda d: write_records(records(d), quoting=csv.QUOTE_ALL),
    "no final newline": lambda d: d.rstrip(b"\r\n"),
}


def _tables_from(dataset: str) -> dict[str, pd.DataFrame]:
    """Every processed table built from ``dataset`` (by the real steps, validation included)."""
    tables = {}
    for step in all_steps().values():
        if dataset in step.inputs:
            for table, written in run_step(step).items():
                tables[table] = pd.read_parquet(written)
    return tables


@pytest.mark.parametrize("dataset", CSV_DATASETS)
def test_benign_variants_give_the_same_raw_and_processed_tables(project, dataset):
    snapshot = provenance.find_snapshot(dataset)
    original = snapshot.path.read_bytes()
    expected_raw, expected_tables = read_raw(dataset), _tables_from(dataset)
    for name, variant in BENIGN.items():
        restamp(snapshot, variant(original))
        got = read_raw(dataset)
        assert_frame_equal(got, expected_raw, obj=f"{dataset} read with {name}")
        if name == "CRLF line ends":  # the processed tables too (running the steps is the slow part)
            for table, frame in _tables_from(dataset).items():
                assert_frame_equal(frame, expected_tables[table], obj=f"{table} from {dataset} with {name}")


def test_quoted_newlines_keep_the_line_numbers_of_later_rows(tmp_path):
    from analysis.raw import read_csv_with_line_numbers

    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\r\n1,"two\r\nlines"\r\n\r\n3,x\r\n')
    frame, lines = read_csv_with_line_numbers(path)
    assert lines == [2, 5]
    assert frame["b"].tolist() == ["two\r\nlines", "x"]


# Values that pass the raw schema but fail a processed table's check: named by raw file and line.
def _replace_line(line: int, old: str, new: str):
    def damage(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        assert old in lines[line - 1], lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        return "\n".join(lines).encode("utf-8")
    return damage


def _duplicate_line(line: int):
    def damage(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        return "\n".join([*lines[:line], lines[line - 1], *lines[line:]]).encode("utf-8")
    return damage


PROCESSED_DAMAGE = {
    "negative market size": ("market_size", _replace_line(3, ",6.7,", ",-6.7,"), "market_size",
                             ["processed into table china_accelerated_server_market", "line 3", "-6.7", "greater_than(0)"]),
    "duplicated row": ("market_size", _duplicate_line(3), "market_size",
                       ["processed into table china_accelerated_server_market", "line 3", "line 4"]),
}


@pytest.mark.parametrize("case", sorted(PROCESSED_DAMAGE))
def test_a_processed_table_failure_names_the_raw_file_and_line(project, case):
    dataset, damage, step_name, fragments = PROCESSED_DAMAGE[case]
    snapshot = provenance.find_snapshot(dataset)
    restamp(snapshot, damage(snapshot.path.read_bytes()))
    with pytest.raises(DataValidationError) as caught:
        run_step(all_steps()[step_name])
    message = str(caught.value)
    assert message.startswith(paths.display_path(snapshot.path))
    for fragment in fragments:
        assert fragment in message


# Cross-checks: the files, the rows and both numbers.
CROSS_CHECKS = {
    "regions do not sum to the total": (
        "nvidia_financials", ",revenue_by_billing_location: Total,60922,", ",revenue_by_billing_location: Total,60000,",
        "nvidia_financials", [r"FY2024: the regions \(lines \d+-\d+\) sum to 60,922, but the reported total "
                              r"\(line \d+\) is 60,000 \(USD million\)"],
    ),
    "countries do not sum to the world total": (
        "rare_earth_production", "World total (rounded),2023,mine_production,376000,",
        "World total (rounded),2023,mine_production,476000,", "rare_earth_production",
        [r"MCS2025 2023: listed rows \(lines [\d, -]+\) sum to [\d,]+ t vs world total 476,000 t \(line 101\)"],
    ),
    "compiled figure differs from the USGS release": (
        "usgs_mcs2024_raree_world", 'metric tons",12000,38000,', 'metric tons",12000,39000,', "rare_earth_production",
        [r"Burma 2023 mine_production: compiled 38000 \(line 12\) vs data release 39000 \(line 5, Prod_t_est_2023\)",
         r"usgs_mcs2024_raree_world\.csv"],
    ),
}


@pytest.mark.parametrize("case", sorted(CROSS_CHECKS))
def test_a_failed_cross_check_names_files_lines_and_both_numbers(project, case):
    dataset, old, new, step_name, patterns = CROSS_CHECKS[case]
    snapshot = provenance.find_snapshot(dataset)
    text = snapshot.path.read_text(encoding="utf-8")
    assert old in text
    restamp(snapshot, text.replace(old, new, 1).encode("utf-8"))
    with pytest.raises(CrossCheckError) as caught:
        run_step(all_steps()[step_name])
    assert paths.display_path(snapshot.path) in caught.value.sources
    for pattern in patterns:
        assert any(__import__("re").search(pattern, line) for line in str(caught.value).splitlines()), pattern


def test_a_step_that_cannot_use_valid_raw_data_names_its_files(project):
    """A period label the raw schema lets through but the step cannot read: a StepError, not a traceback."""
    snapshot = provenance.find_snapshot("market_size")
    restamp(snapshot, _replace_line(3, "China,2022,", "China,twenty-two,")(snapshot.path.read_bytes()))
    with pytest.raises(BriefError, match=r"Processing step market_size failed on data/raw/market_size/.*market_size\.csv"):
        run_step(all_steps()["market_size"])


# The same damage through the real `brief run`: exit 1, the file named, no traceback, last brief kept.
# (One case per kind of check; each run takes some 20 s, so the other classes are covered above.)
RUN_CASES = {
    "latin-1 byte": ("trade", DAMAGE["latin-1 byte"][0], ["trade.csv, line 2, column 4: byte 0xE9"]),
    "extra field": ("market_size", DAMAGE["extra field"][0], ["market_size.csv, line 2: this row has 8 fields"]),
    "negative market size": ("market_size", PROCESSED_DAMAGE["negative market size"][1],
                             ["market_size.csv (processed into table china_accelerated_server_market", "line 3"]),
    "regions do not sum": ("nvidia_financials", lambda d: d.replace(b"Total,60922,", b"Total,60000,"),
                           ["Cross-check failed", "nvidia_financials.csv", "is 60,000 (USD million)"]),
}


@pytest.mark.parametrize("case", sorted(RUN_CASES))
def test_brief_run_on_a_damaged_file_fails_cleanly_and_keeps_the_last_brief(tmp_path, case):
    from conftest import copy_project, run_brief

    dataset, damage, fragments = RUN_CASES[case]
    root = copy_project(tmp_path / "project")
    out = root / "report" / "_output"
    out.mkdir(parents=True)
    (out / "brief.html").write_bytes(b"<html>the last good brief</html>")
    (out / "brief.pdf").write_bytes(b"%PDF the last good brief")
    snapshot = provenance.find_snapshot(dataset, raw_dir=root / "data" / "raw")
    restamp(snapshot, damage(snapshot.path.read_bytes()))
    result = run_brief(root, "run", "--no-progress")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr
    assert (out / "brief.html").read_bytes() == b"<html>the last good brief</html>"
    assert (out / "brief.pdf").read_bytes() == b"%PDF the last good brief"
    assert sorted(p.name for p in out.iterdir()) == ["brief.html", "brief.pdf"]
