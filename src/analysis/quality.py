"""How many rows of each raw snapshot rest on primary, secondary and weak sources."""

from __future__ import annotations

from functools import lru_cache

from analysis import provenance

GRADE_ORDER = ("primary", "secondary", "weak")


def grade_counts(snapshot: provenance.Snapshot) -> dict[str, int]:
    """Rows per quality grade: the sidecar's row rules applied to the rows, else the file's grade."""
    return dict(_counts(snapshot.name, snapshot.version, snapshot.meta.snapshot.md5))


@lru_cache(maxsize=None)
def _counts(name: str, version: str, md5: str) -> tuple[tuple[str, int], ...]:
    # Imported here: reading a raw file validates it (pandera), which grade_label rarely needs.
    from analysis.raw import read_raw
    from analysis.steps._tidy import resolve_same_as_above, row_grades

    snapshot = provenance.find_snapshot(name, version)
    frame = read_raw(name, version)
    if not snapshot.meta.row_quality:
        return ((snapshot.meta.quality.grade.value, len(frame)),)
    if "source" in frame.columns:
        frame = frame.assign(source=resolve_same_as_above(frame["source"]))
    counts = row_grades(frame, snapshot.meta).value_counts()
    return tuple((grade, int(counts[grade])) for grade in GRADE_ORDER if counts.get(grade, 0))


def grade_label(snapshot: provenance.Snapshot) -> str:
    """'primary source', or for a mixed file e.g. 'primary source; 9 rows secondary, 7 weak'."""
    label = snapshot.meta.quality.grade.label
    if not snapshot.meta.row_quality:  # one grade for every row: no need to read the rows
        return label
    others = {g: n for g, n in grade_counts(snapshot).items() if g != snapshot.meta.quality.grade.value}
    if not others:
        return label
    parts = [f"{n} {'row' if n == 1 else 'rows'} {g}" if i == 0 else f"{n} {g}" for i, (g, n) in enumerate(others.items())]
    return f"{label}; {', '.join(parts)}"
