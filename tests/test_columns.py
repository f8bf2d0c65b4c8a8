"""The column dictionary and the processed schemas agree in both directions."""

from __future__ import annotations

from analysis.columns import COLUMNS
from analysis.steps import all_steps


def _used_columns() -> set[str]:
    return {name for step in all_steps().values() for schema in step.outputs.values() for name in schema.columns}


def test_every_processed_column_is_defined():
    assert _used_columns() <= set(COLUMNS)


def test_every_defined_column_is_used_by_some_table():
    assert set(COLUMNS) - _used_columns() == set()


def test_every_defined_column_says_what_it_is():
    for column in COLUMNS.values():
        assert len(column.description) > 10, column.name


def test_every_table_is_produced_by_exactly_one_step():
    tables = [table for step in all_steps().values() for table in step.outputs]
    assert len(tables) == len(set(tables))
