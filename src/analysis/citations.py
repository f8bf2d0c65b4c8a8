"""Source lines and caveats, taken from the raw snapshots' provenance sidecars."""

from __future__ import annotations

from analysis import provenance
from analysis.formatting import escape_dollars
from analysis.quality import grade_label


def source_line(*datasets: str, note: str | None = None) -> str:
    """'Source: <attribution> (<grade>); <…>.' for the named raw datasets, plus a note."""
    parts = []
    for name in datasets:
        snapshot = provenance.find_snapshot(name)
        parts.append(f"{snapshot.meta.origin.attribution_short} ({grade_label(snapshot)})")
    text = "Source: " + "; ".join(parts) + "."
    if note:
        text += " " + note.strip()
    return escape_dollars(text)


def caveat(dataset: str, caveat_id: str) -> str:
    """The text of one caveat recorded in a dataset's sidecar."""
    return escape_dollars(provenance.find_snapshot(dataset).meta.caveat(caveat_id))


def quality_grade(dataset: str) -> str:
    return provenance.find_snapshot(dataset).meta.quality.grade.label
