"""Source lines and caveats, taken from the raw snapshots' provenance sidecars."""

from __future__ import annotations

from analysis import provenance


def source_line(*datasets: str, note: str | None = None) -> str:
    """'Source: <attribution> (<grade>); <…>.' for the named raw datasets, plus a note."""
    parts = []
    for name in datasets:
        meta = provenance.find_snapshot(name).meta
        parts.append(f"{meta.origin.attribution_short} ({meta.quality.grade.label})")
    text = "Source: " + "; ".join(parts) + "."
    if note:
        text += " " + note.strip()
    return text


def caveat(dataset: str, caveat_id: str) -> str:
    """The text of one caveat recorded in a dataset's sidecar."""
    return provenance.find_snapshot(dataset).meta.caveat(caveat_id)


def quality_grade(dataset: str) -> str:
    return provenance.find_snapshot(dataset).meta.quality.grade.label
