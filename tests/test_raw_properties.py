"""Property: whatever bytes a raw file holds, reading it (and processing it) ends in a table or a BriefError.

Two kinds of input, for every raw dataset (the CSVs and the SEC JSON document):

- arbitrary bytes;
- the real file, mutated: bytes inserted, deleted or replaced, separators and quotes
  sprinkled in, lines duplicated or dropped.

The frame that reads is then run through every processing step that uses the dataset
(the other inputs being the real files), which must also end in tables or a BriefError.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import provenance
from analysis.errors import BriefError
from analysis.raw import read_raw, read_raw_file
from analysis.steps import all_steps
from conftest import REPO

RAW = REPO / "data" / "raw"
SNAPSHOTS = {s.name: s for s in provenance.list_snapshots(RAW)}
DATASETS = sorted(SNAPSHOTS)
ORIGINAL = {name: snapshot.path.read_bytes() for name, snapshot in SNAPSHOTS.items()}
SCRATCH = Path(tempfile.mkdtemp(prefix="brief-properties-"))
SETTINGS = settings(max_examples=120, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _read_and_process(name: str, data: bytes) -> None:
    """Read ``data`` as dataset ``name``, then run its steps: a BriefError is the only way to fail."""
    path = SCRATCH / SNAPSHOTS[name].path.name
    path.write_bytes(data)
    try:
        frame = read_raw_file(name, path)
        frame.attrs["snapshot"] = SNAPSHOTS[name]
        for step in all_steps().values():
            if name in step.inputs:
                inputs = {other: frame if other == name else _real(other) for other in step.inputs}
                step.transform(**inputs)
    except BriefError as error:
        assert str(error).strip()


_REAL: dict[str, object] = {}


def _real(name: str):
    if name not in _REAL:
        _REAL[name] = read_raw(name)  # the repository's own snapshot (checksum verified)
    return _REAL[name].copy()


@pytest.fixture(autouse=True)
def _repository_paths(monkeypatch):
    for key in ("BRIEF_ROOT", "BRIEF_DATA_DIR"):
        monkeypatch.delenv(key, raising=False)


@SETTINGS
@given(name=st.sampled_from(DATASETS), data=st.binary(max_size=4000))
def test_arbitrary_bytes_read_or_raise_a_brief_error(name, data):
    _read_and_process(name, data)


@SETTINGS
@given(name=st.sampled_from(DATASETS), data=st.binary(min_size=1, max_size=400).map(lambda b: b"\xef\xbb\xbf" + b))
def test_arbitrary_bytes_after_a_byte_order_mark(name, data):
    _read_and_process(name, data)


SPRINKLES = [b",", b'"', b"\n", b"\r\n", b"\r", b"\x00", b" ", b"-", b"9", b"\xff", b"\xc3", "é".encode(), b'""', b",,"]


@st.composite
def mutations(draw):
    """The real file of a dataset with a few random edits."""
    name = draw(st.sampled_from(DATASETS))
    data = bytearray(ORIGINAL[name])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "sprinkle", "duplicate line", "drop line", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        elif kind == "replace" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "sprinkle":
            data[at:at] = draw(st.sampled_from(SPRINKLES))
        elif kind in ("duplicate line", "drop line"):
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines[index:index + 1] = [lines[index]] * (2 if kind == "duplicate line" else 0)
            data = bytearray(b"\n".join(lines))
        elif kind == "truncate":
            del data[at:]
    return name, bytes(data)


@SETTINGS
@given(case=mutations())
def test_mutated_raw_files_read_or_raise_a_brief_error(case):
    name, data = case
    _read_and_process(name, data)


def test_the_unmutated_files_read_and_process():
    """The property's baseline: the real files go through without error."""
    for name in DATASETS:
        path = SCRATCH / SNAPSHOTS[name].path.name
        path.write_bytes(ORIGINAL[name])
        frame = read_raw_file(name, path)
        assert len(frame) > 0
