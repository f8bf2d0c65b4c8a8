"""An edition's machine-readable record: what the brief said and what it was made from.

One record per run (``build/runs/<run>/record.json``), archived with each published
edition. It holds what the next edition compares against ("What changed since the last
brief", :mod:`analysis.changes`) and what the freshness notice reports
(:mod:`analysis.freshness_notice`):

- the key numbers and the claims' verdicts, as the summary notebook wrote them;
- the parameters;
- every dataset used: version, md5, connector, cadence, staleness, this run's refresh
  outcome, and one digest per row keyed on the dataset's key (:mod:`analysis.data_diff`).

A run's refresh outcomes (``refresh.json`` beside its manifest) are written by
``brief weekly``; a run without that file made no refresh attempt.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from analysis import data_diff, run_outputs
from analysis.errors import BriefError
from analysis.runs import Manifest, atomic_write_text

RECORD_FORMAT = 1
RECORD_FILE = "record.json"
REFRESH_FILE = "refresh.json"
KEY_NUMBERS = "key_numbers"  # results table written by the summary notebook
CLAIM_VERDICTS = "claim_verdicts"  # results table written by the summary notebook


def edition_name(record: dict) -> str:
    """``<date>_<run>``: the edition's folder name under ``report/_output/history``."""
    return f"{record['run_date']}_{record['run_id']}"


def write_refresh_outcomes(manifest: Manifest, outcomes: list) -> Path:
    """Record a run's refresh outcomes (dataclasses or dicts) beside its manifest."""
    rows = [o if isinstance(o, dict) else {k: getattr(o, k) for k in ("dataset", "connector", "status", "version", "error")}
            for o in outcomes]
    return atomic_write_text(manifest.folder / REFRESH_FILE, json.dumps(rows, indent=2, default=str))


def read_refresh_outcomes(manifest: Manifest) -> dict[str, dict] | None:
    """Dataset → refresh outcome of this run, or None when the run made no refresh attempt."""
    path = manifest.folder / REFRESH_FILE
    if not path.is_file():
        return None
    return {row["dataset"]: row for row in json.loads(path.read_text(encoding="utf-8"))}


def build_record(manifest: Manifest) -> dict:
    """The record of a successful run (reads its results, refresh outcomes and raw data)."""
    run_date = dt.date.fromisoformat(manifest.started_at[:10])
    refresh = read_refresh_outcomes(manifest)
    freshness = _freshness_by_name(run_date)
    datasets = []
    for snapshot in manifest.snapshots:
        name, version = snapshot["name"], snapshot["version"]
        known = freshness.get(name)
        outcome = (refresh or {}).get(name)
        datasets.append({
            "name": name,
            "version": version,
            "md5": snapshot["md5"],
            "file": snapshot["file"],
            "connector": getattr(known, "connector", "manual") or "manual",
            "cadence": getattr(known, "cadence", None),
            # A newer version than the one this run used is also "stale" for this edition.
            "stale": bool(getattr(known, "stale", False)) or (known is not None and known.latest_version != version),
            "refresh_status": outcome["status"] if outcome else None,
            # The error's first line (the weekly status keeps the whole message).
            "refresh_error": (outcome.get("summary") or outcome.get("error")) if outcome and outcome.get("error") else None,
            **_rows(name, version),
        })
    return {
        "record_format": RECORD_FORMAT,
        "run_id": manifest.run_id,
        "run_date": run_date.isoformat(),
        "parameters": manifest.parameters,
        "refresh_attempted": refresh is not None,
        "key_numbers": _results(manifest.run_id, KEY_NUMBERS, {"Key number": "name", "Value": "value"}),
        "verdicts": _results(manifest.run_id, CLAIM_VERDICTS, {"claim_id": "claim_id", "claim": "claim", "verdict": "verdict"}),
        "datasets": datasets,
    }


def write_summary_results(facts, run_id: str) -> None:
    """Called by the summary notebook: its key numbers and the claims' verdicts, for the record."""
    import pandas as pd

    from analysis import summary

    run_outputs.write_table(summary.key_numbers(facts), run_id, KEY_NUMBERS)
    verdicts = pd.DataFrame([{"claim_id": c.claim_id, "claim": c.claim, "verdict": c.verdict} for c in facts.checks])
    run_outputs.write_table(verdicts, run_id, CLAIM_VERDICTS)


def save_record(manifest: Manifest, record: dict) -> Path:
    return atomic_write_text(manifest.folder / RECORD_FILE, json.dumps(record, indent=1, ensure_ascii=False))


def load_record(path: Path) -> dict:
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BriefError(f"The edition record {path} cannot be read: {exc}",
                         remedy="Delete that edition's folder under report/_output/history, or restore it.") from exc
    if record.get("record_format") != RECORD_FORMAT:
        raise BriefError(f"The edition record {path} has format {record.get('record_format')!r}, "
                         f"not {RECORD_FORMAT}")
    return record


def _rows(name: str, version: str) -> dict:
    """The dataset's key and one digest per row (empty when the version cannot be read)."""
    from analysis.raw import read_raw

    try:
        frame = read_raw(name, version)
    except (BriefError, LookupError):
        return {"key": [], "rows": {}}
    return {"key": data_diff.key_columns(name, frame), "rows": data_diff.row_digests(name, frame)}


def _results(run_id: str, table: str, columns: dict[str, str]) -> list[dict] | None:
    """A results table the summary notebook wrote, as records (None if it wrote none)."""
    if not (run_outputs.results_dir(run_id) / f"{table}.csv").is_file():
        return None
    frame = run_outputs.read_table(run_id, table).astype(str)
    frame = frame[list(columns)].rename(columns=columns)
    # Kept as plain text: the brief's Markdown escapes ($ as \$) are added again when printed.
    return frame.map(lambda text: text.replace("\\$", "$")).to_dict("records")


def _freshness_by_name(today: dt.date) -> dict:
    from analysis.freshness import dataset_freshness

    return {item.name: item for item in dataset_freshness(today)}
