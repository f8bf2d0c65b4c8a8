"""What changed since the last brief: one edition's record compared with the previous one.

:func:`compare` takes two records (:mod:`analysis.edition_record`) and lists, old → new:
the key numbers that moved, the claims whose verdict changed, the datasets with a new
version (rows added, removed and changed, on the dataset's key) and the parameters that
changed. :func:`changes_markdown` prints it as the short section after the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from analysis import data_diff
from analysis.display import escape
from analysis.errors import BriefError

EXAMPLES = 3  # rows or cells named per dataset; the rest are counted


@dataclass(frozen=True)
class Moved:
    """One value, old → new (``None``: it was not there / is no longer there)."""

    name: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class DatasetChange:
    name: str
    old_version: str | None  # None: a dataset the previous edition did not use
    new_version: str | None  # None: a dataset this edition no longer uses
    rows: data_diff.RowDiff = field(default_factory=data_diff.RowDiff)
    cells: list[data_diff.CellChange] = field(default_factory=list)


@dataclass(frozen=True)
class Changes:
    previous_run: str | None  # None: this is the first edition
    previous_date: str | None = None
    key_numbers: list[Moved] = field(default_factory=list)
    verdicts: list[Moved] = field(default_factory=list)
    datasets: list[DatasetChange] = field(default_factory=list)
    parameters: list[Moved] = field(default_factory=list)
    key_numbers_unknown: bool = False  # one of the two editions recorded no key numbers

    @property
    def nothing(self) -> bool:
        return not (self.key_numbers or self.verdicts or self.datasets or self.parameters)


ReadVersion = Callable[[str, str], pd.DataFrame]


def compare(previous: dict | None, current: dict, read_version: ReadVersion | None = None) -> Changes:
    """Compare ``current`` with ``previous`` (None: the first edition).

    ``read_version(dataset, version)`` reads a raw table so that changed cells can be
    named (default :func:`analysis.raw.read_raw`); without it, rows are only counted.
    """
    if previous is None:
        return Changes(previous_run=None)
    if read_version is None:
        from analysis.raw import read_raw as read_version
    unknown = previous.get("key_numbers") is None or current.get("key_numbers") is None
    return Changes(
        previous_run=previous["run_id"],
        previous_date=previous["run_date"],
        key_numbers=[] if unknown else _moved(_by(previous["key_numbers"], "name", "value"),
                                              _by(current["key_numbers"], "name", "value")),
        verdicts=_verdicts(previous.get("verdicts"), current.get("verdicts")),
        datasets=_datasets(previous["datasets"], current["datasets"], read_version),
        parameters=_moved(flatten(previous["parameters"]), flatten(current["parameters"])),
        key_numbers_unknown=unknown,
    )


def flatten(mapping: dict, prefix: str = "") -> dict[str, str]:
    """``{"a": {"b": 1}}`` → ``{"a.b": "1"}``: nested parameters as dotted names, values as text."""
    flat: dict[str, str] = {}
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = _text(value)
    return flat


def _text(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _by(rows: list[dict], key: str, value: str) -> dict[str, str]:
    return {row[key]: row[value] for row in rows}


def _moved(old: dict[str, str], new: dict[str, str]) -> list[Moved]:
    """Names whose value differs, in the new order, then names no longer present."""
    moved = [Moved(name, old.get(name), value) for name, value in new.items() if old.get(name) != value]
    return moved + [Moved(name, value, None) for name, value in old.items() if name not in new]


def _verdicts(old: list[dict] | None, new: list[dict] | None) -> list[Moved]:
    if old is None or new is None:
        return []
    before = {row["claim_id"]: row["verdict"] for row in old}
    return [Moved(row["claim"], before.get(row["claim_id"]), row["verdict"])
            for row in new if before.get(row["claim_id"]) != row["verdict"]]


def _datasets(old: list[dict], new: list[dict], read_version: ReadVersion) -> list[DatasetChange]:
    before = {d["name"]: d for d in old}
    after = {d["name"]: d for d in new}
    changes = []
    for name, now in after.items():
        was = before.get(name)
        if was is not None and was["md5"] == now["md5"]:
            continue
        if was is None:
            changes.append(DatasetChange(name, None, now["version"], data_diff.RowDiff(added=list(now["rows"]))))
            continue
        rows = data_diff.diff_digests(was["rows"], now["rows"])
        changes.append(DatasetChange(name, was["version"], now["version"], rows,
                                     _cells(name, was["version"], now["version"], rows, read_version)))
    changes += [DatasetChange(name, was["version"], None) for name, was in before.items() if name not in after]
    return changes


def _cells(name: str, old_version: str, new_version: str, rows: data_diff.RowDiff,
           read_version: ReadVersion) -> list[data_diff.CellChange]:
    if not rows.changed or old_version == new_version:
        return []
    try:
        return data_diff.cell_changes(name, read_version(name, old_version), read_version(name, new_version))
    except (BriefError, LookupError, OSError):
        return []  # an old version no longer on disk: the rows are still counted


# --- printing ----------------------------------------------------------------------------------

def changes_markdown(changes: Changes, heading: str = "What changed since the last brief") -> str:
    """The section after the summary, as Markdown (numbers and names escaped for the brief)."""
    title = f"# {heading} {{.unnumbered}}\n\n"
    if changes.previous_run is None:
        return title + ("This is the first edition of the brief: there is no earlier edition to compare with. "
                        "From the next edition on, this section lists the key numbers, verdicts, data versions and "
                        "parameters that changed.\n")
    intro = f"Compared with the previous edition, of {changes.previous_date} (run `{changes.previous_run}`)"
    if changes.nothing and not changes.key_numbers_unknown:
        return title + intro + ": nothing changed. The data versions, the parameters, the key numbers and the " \
                               "claims' verdicts are the same.\n"
    lines = [
        f"- **Key numbers:** {_list_moved(changes.key_numbers)}" if changes.key_numbers else
        ("- **Key numbers:** not compared (an edition recorded none)." if changes.key_numbers_unknown
         else "- **Key numbers:** none changed."),
        f"- **Claims:** {_list_moved(changes.verdicts, quote=True)}" if changes.verdicts
        else "- **Claims:** no verdict changed.",
        "- **Data:** " + ("; ".join(_dataset_text(d) for d in changes.datasets) if changes.datasets
                          else "no new data version") + ".",
        f"- **Parameters:** {_list_moved(changes.parameters, code=True)}" if changes.parameters
        else "- **Parameters:** none changed.",
    ]
    return title + intro + ":\n\n" + "\n".join(lines) + "\n"


def _value(value: str | None) -> str:
    return "–" if value is None else escape(value)


def _list_moved(items: list[Moved], *, quote: bool = False, code: bool = False) -> str:
    def name(text: str) -> str:
        return f"`{text}`" if code else (f"“{escape(text)}”" if quote else escape(text))

    parts = []
    for item in items:
        if item.old is None:
            parts.append(f"{name(item.name)}: new, {_value(item.new)}")
        elif item.new is None:
            parts.append(f"{name(item.name)}: no longer reported (was {_value(item.old)})")
        else:
            parts.append(f"{name(item.name)}: {_value(item.old)} → {_value(item.new)}")
    return "; ".join(parts) + "."


def _dataset_text(change: DatasetChange) -> str:
    if change.new_version is None:
        return f"*{change.name}* is no longer used (was version {change.old_version})"
    if change.old_version is None:
        return f"*{change.name}* is new (version {change.new_version}, {_count(len(change.rows.added), 'row')})"
    rows = change.rows
    counts = f"{len(rows.added)} rows added, {len(rows.removed)} removed, {len(rows.changed)} changed"
    detail = []
    if change.cells:
        shown = [f"{escape(c.key)}: {escape(c.column)} {_value(c.old)} → {_value(c.new)}" for c in change.cells[:EXAMPLES]]
        more = len(change.cells) - EXAMPLES
        detail.append("; ".join(shown) + (f"; and {_count(more, 'more cell')}" if more > 0 else ""))
    for label, keys in (("added", rows.added), ("removed", rows.removed)):
        if keys:
            more = len(keys) - EXAMPLES
            detail.append(f"{label} " + ", ".join(escape(k) for k in keys[:EXAMPLES])
                          + (f" and {more} more" if more > 0 else ""))
    version = (f"version {change.old_version} → {change.new_version}" if change.old_version != change.new_version
               else f"version {change.new_version} (its file changed)")
    return f"*{change.name}*, {version}: {counts}" + (f" ({'; '.join(detail)})" if detail else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
