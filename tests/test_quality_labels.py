"""A source line's grade label reads a raw file's rows only when rows may differ in grade."""

from __future__ import annotations

import pytest

from analysis import provenance, quality, raw


def test_a_file_with_one_grade_is_labelled_without_reading_its_rows(project, monkeypatch):
    uniform = [s for s in provenance.list_snapshots() if not s.meta.row_quality]
    mixed = [s for s in provenance.list_snapshots() if s.meta.row_quality]
    assert uniform and mixed
    labels = {s.name: quality.grade_label(s) for s in mixed}  # these read their rows
    monkeypatch.setattr(raw, "read_raw", lambda *args, **kwargs: pytest.fail("read a uniform file's rows"))
    for snapshot in uniform:
        assert quality.grade_label(snapshot) == snapshot.meta.quality.grade.label
    quality._counts.cache_clear()
    with pytest.raises(pytest.fail.Exception):
        quality.grade_label(mixed[0])
    assert all(label.startswith(s.meta.quality.grade.label) for s, label in zip(mixed, labels.values()))
