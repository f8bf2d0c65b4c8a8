"""Compare two versions of a raw table on the dataset's key: rows added, removed, changed.

An edition's record keeps, per dataset, one short digest per row, keyed on the dataset's
key (:data:`KEYS`), so the next edition can count what moved without keeping whole
tables. When both versions are still on disk (raw snapshots are never deleted), the
changed cells themselves can be listed, old → new (:func:`cell_changes`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

# The columns that identify a row of each raw dataset (after OWID's and PUDL's primary keys).
# A dataset missing here is compared on whole rows: additions and removals, never "changed".
KEYS: dict[str, tuple[str, ...]] = {
    "chip_pricing": ("chip", "metric", "date"),
    "chip_specs": ("chip", "metric", "source"),
    "critical_minerals_reliance": ("country", "year", "metric"),
    "epoch_ml_hardware_subset": ("Hardware name",),
    "macro": ("iso3", "year", "indicator"),
    "market_size": ("market", "period", "metric"),
    "nvidia_financials": ("fiscal_period", "period_end", "metric", "source"),
    "policy_events": ("date", "actor", "measure"),
    "prices_crosscheck": ("date", "ticker", "field", "other_source"),
    "prices_daily": ("date", "ticker"),
    "rare_earth_prices": ("product", "year", "mcs_edition"),
    "rare_earth_production": ("country", "year", "metric", "source"),
    "rare_earth_us_salient": ("mcs_edition", "year", "metric"),
    "sec_companyfacts_nvda": ("concept", "start", "end", "accn", "fp", "form"),
    "seed_claims": ("claim_id",),
    "semiconductor_programs": ("country", "program"),
    "trade": ("reporter", "year", "metric"),
    "usgs_mcs2024_raree_world": ("Country", "Type"),
}
KEY_SEPARATOR = " · "


def key_columns(dataset: str, frame: pd.DataFrame) -> list[str]:
    """The dataset's key, or every column when it declares none (or lacks a key column)."""
    declared = list(KEYS.get(dataset, ()))
    return declared if declared and set(declared) <= set(frame.columns) else list(frame.columns)


def _cell(value) -> str | None:
    return None if pd.isna(value) else str(value)


def row_keys(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """Each row's key as text; a repeated key gets `` #2``, `` #3``… in file order."""
    seen: dict[str, int] = {}
    keys = []
    for values in frame[columns].itertuples(index=False):
        key = KEY_SEPARATOR.join("" if v is None else v for v in map(_cell, values))
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return keys


def row_digests(dataset: str, frame: pd.DataFrame) -> dict[str, str]:
    """Key → a 16-hex-digit digest of the whole row (column names included)."""
    columns = key_columns(dataset, frame)
    names = list(frame.columns)
    digests = {}
    for key, values in zip(row_keys(frame, columns), frame.itertuples(index=False)):
        payload = json.dumps([names, [_cell(v) for v in values]], ensure_ascii=False)
        digests[key] = hashlib.md5(payload.encode("utf-8")).hexdigest()[:16]
    return digests


@dataclass(frozen=True)
class RowDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_digests(old: dict[str, str], new: dict[str, str]) -> RowDiff:
    """Keys only in ``new`` (added), only in ``old`` (removed), in both with another digest."""
    return RowDiff(
        added=[k for k in new if k not in old],
        removed=[k for k in old if k not in new],
        changed=[k for k in new if k in old and old[k] != new[k]],
    )


@dataclass(frozen=True)
class CellChange:
    key: str
    column: str
    old: str | None
    new: str | None


def cell_changes(dataset: str, old: pd.DataFrame, new: pd.DataFrame) -> list[CellChange]:
    """Every cell that differs between rows with the same key, in the new table's row order."""
    columns = key_columns(dataset, new)
    old_rows = dict(zip(row_keys(old, columns), old.to_dict("records")))
    changes = []
    for key, row in zip(row_keys(new, columns), new.to_dict("records")):
        before = old_rows.get(key)
        if before is None:
            continue
        for column in new.columns:
            was, now = _cell(before.get(column)), _cell(row[column])
            if was != now:
                changes.append(CellChange(key, column, was, now))
    return changes
