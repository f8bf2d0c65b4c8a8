"""What ``brief fetch`` prints: every dataset's freshness, and the outcomes of a refresh."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.table import Table

from analysis.freshness import dataset_freshness
from analysis.refresh import RefreshOutcome


def freshness_lines(today: dt.date | None = None) -> list[str]:
    """One plain line per dataset: name, connector or 'manual', cadence, latest version, stale or fresh."""
    rows = dataset_freshness(today)
    width = max(len(r.name) for r in rows) if rows else 0
    connector_width = max(len(r.connector) for r in rows) if rows else 0
    return [
        f"{r.name:<{width}}  {r.connector:<{connector_width}}  {r.cadence:<9}  {r.latest_version}  "
        f"{'STALE' if r.stale else 'fresh'} ({r.age_days} days old)"
        for r in rows
    ]


def print_freshness(today: dt.date | None = None) -> None:
    lines = freshness_lines(today)
    for line in lines:
        print(line)
    rows = dataset_freshness(today)
    with_connector = sum(r.connector != "manual" for r in rows)
    print(f"{len(rows)} datasets, {with_connector} with a connector, {sum(r.stale for r in rows)} stale "
          "(stale: older than its cadence allows; see analysis.freshness).")


def print_outcomes(outcomes: list[RefreshOutcome]) -> None:
    table = Table(title="Refresh", title_justify="left")
    for column in ("dataset", "connector", "outcome", "version", "error"):
        table.add_column(column)
    colour = {"new": "green", "unchanged": "default", "failed": "red"}
    for o in outcomes:
        table.add_row(o.dataset, o.connector, f"[{colour[o.status]}]{o.status}[/]", o.version or "",
                      o.summary if o.error else "")
    Console(width=160).print(table)
