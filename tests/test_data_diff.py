"""Two versions of a raw table compared on the dataset's key (known answers, inline tables)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import data_diff, provenance
from analysis.raw import read_raw


def frame(rows: list[tuple], columns=("market", "period", "metric", "value")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns), dtype="string")


OLD = frame([
    ("China", "2023", "accelerated_server_market", "9.4"),
    ("China", "2024", "accelerated_server_market", "22.1"),
    ("China", "2024", "accelerated_server_market_GPU_share", "69"),
])
NEW = frame([
    ("China", "2023", "accelerated_server_market", "9.4"),  # same
    ("China", "2024", "accelerated_server_market", "23.4"),  # changed value
    ("China", "2025", "accelerated_server_market", "40"),  # added; the GPU share row is removed
])


def test_rows_added_removed_and_changed_on_the_key():
    """old: 2023, 2024, 2024 GPU share; new: 2023 same, 2024 changed, 2025 added -> 1/1/1."""
    diff = data_diff.diff_digests(data_diff.row_digests("market_size", OLD), data_diff.row_digests("market_size", NEW))
    assert diff.added == ["China · 2025 · accelerated_server_market"]
    assert diff.removed == ["China · 2024 · accelerated_server_market_GPU_share"]
    assert diff.changed == ["China · 2024 · accelerated_server_market"]


def test_changed_cells_are_named_old_to_new():
    changes = data_diff.cell_changes("market_size", OLD, NEW)
    assert changes == [data_diff.CellChange("China · 2024 · accelerated_server_market", "value", "22.1", "23.4")]


def test_the_same_table_has_no_differences_and_a_missing_cell_counts():
    same = data_diff.diff_digests(data_diff.row_digests("market_size", OLD), data_diff.row_digests("market_size", OLD))
    assert same.empty
    blank = OLD.copy()
    blank.loc[0, "value"] = pd.NA
    assert data_diff.cell_changes("market_size", OLD, blank) == [
        data_diff.CellChange("China · 2023 · accelerated_server_market", "value", "9.4", None)]


def test_a_dataset_without_a_key_is_compared_on_whole_rows():
    """Unknown dataset: a changed value is one row removed and one added, never 'changed'."""
    diff = data_diff.diff_digests(data_diff.row_digests("no_such_dataset", OLD.iloc[:2]),
                                  data_diff.row_digests("no_such_dataset", NEW.iloc[:2]))
    assert diff.changed == [] and len(diff.added) == 1 and len(diff.removed) == 1


def test_a_repeated_key_is_numbered_in_file_order():
    twice = frame([("China", "2024", "m", "1"), ("China", "2024", "m", "2")])
    assert data_diff.row_keys(twice, ["market", "period", "metric"]) == ["China · 2024 · m", "China · 2024 · m #2"]


@pytest.mark.parametrize("snapshot", provenance.list_snapshots(), ids=lambda s: s.name)
def test_every_declared_key_identifies_the_rows_of_the_current_data(snapshot):
    table = read_raw(snapshot.name)
    key = data_diff.key_columns(snapshot.name, table)
    assert snapshot.name in data_diff.KEYS, f"declare the key of {snapshot.name} in analysis.data_diff.KEYS"
    assert list(data_diff.KEYS[snapshot.name]) == key, f"{snapshot.name}: a key column is not in the table"
    duplicated = table[table.duplicated(subset=key, keep=False)]
    assert duplicated.empty, f"{snapshot.name}: rows share the key {key}:\n{duplicated}"
