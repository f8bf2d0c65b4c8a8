"""Raw schemas: a bad value is reported with its file, line and column."""

from __future__ import annotations

import pytest
import yaml

from analysis import provenance
from analysis.errors import DataValidationError
from analysis.raw import read_csv_with_line_numbers, read_raw


def _rewrite(snapshot, text: str) -> None:
    """Replace a snapshot's bytes and re-stamp its sidecar (as a new snapshot would be)."""
    snapshot.path.write_text(text, encoding="utf-8")
    content = yaml.safe_load(snapshot.sidecar_path.read_text())
    content["snapshot"]["md5"] = provenance.md5_of(snapshot.path)
    content["snapshot"]["size_bytes"] = snapshot.path.stat().st_size
    snapshot.sidecar_path.write_text(yaml.safe_dump(content))


def test_a_non_numeric_revenue_is_reported_with_file_line_and_column(project):
    snapshot = provenance.find_snapshot("nvidia_financials")
    lines = snapshot.path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[3].startswith("FY2024,2024-01-28,revenue_by_billing_location: China")
    lines[3] = lines[3].replace(",10306,", ",ten billion,")
    _rewrite(snapshot, "".join(lines))
    with pytest.raises(DataValidationError) as caught:
        read_raw("nvidia_financials")
    message = str(caught.value)
    assert "nvidia_financials.csv" in message
    assert "line 4" in message
    assert "ten billion" in message


def test_a_malformed_period_names_the_column(project):
    snapshot = provenance.find_snapshot("market_size")
    text = snapshot.path.read_text(encoding="utf-8").replace("China,2022,", "PRC,2022,", 1)
    _rewrite(snapshot, text)
    with pytest.raises(DataValidationError) as caught:
        read_raw("market_size")
    failure = caught.value.failures[0]
    assert failure["column"] == "market" and failure["value"] == "PRC" and failure["row"] == "line 3"


def test_line_numbers_follow_quoted_newlines(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"two\nlines"\n3,x\n', encoding="utf-8")
    frame, lines = read_csv_with_line_numbers(path)
    assert lines == [2, 4]
    assert frame.loc[1, "a"] == "3"
