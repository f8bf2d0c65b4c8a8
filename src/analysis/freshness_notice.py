"""How fresh the brief's data are, told per source (not one "data as of" date).

From an edition's record (:mod:`analysis.edition_record`):

- :func:`notice_markdown`: the notice on page 1, naming every source whose refresh failed
  in this run or that is past its cadence, each with the date of the data used;
- :func:`freshness_table`: the appendix's table, each source's version date, cadence,
  connector and this run's refresh outcome.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import display as show

REFRESH_WORDS = {
    "new": "new version fetched",
    "unchanged": "fetched; same as the last version",
    "failed": "failed; last version kept",
    None: "not refreshed in this run",
}
ERROR_CHARS = 110  # an error message is cut to this length in the table
_URL = re.compile(r"https?://([^/\s]+)\S*")


def failed_sources(record: dict) -> list[dict]:
    return [d for d in record["datasets"] if d.get("refresh_status") == "failed"]


def stale_sources(record: dict) -> list[dict]:
    """Sources past their cadence whose refresh did not fail (those are named as failures)."""
    return [d for d in record["datasets"] if d.get("stale") and d.get("refresh_status") != "failed"]


def version_span(record: dict) -> str:
    versions = sorted(d["version"] for d in record["datasets"])
    if not versions:
        return "no data versions recorded"
    return versions[0] if versions[0] == versions[-1] else f"{versions[0]} to {versions[-1]}"


def _named(items: list[dict], with_cadence: bool = False) -> str:
    def one(d: dict) -> str:
        cadence = f", {d['cadence']}" if with_cadence and d.get("cadence") else ""
        return f"*{d['name']}* (data of {d['version']}{cadence})"

    return ", ".join(one(d) for d in items)


def notice_markdown(record: dict) -> str:
    """The page-1 notice: a box naming every failed or stale source, or saying there is none."""
    failed, stale = failed_sources(record), stale_sources(record)
    parts = []
    if failed:
        parts.append(f"The refresh of {_sources(len(failed))} failed in this run, so the brief uses the last "
                     f"snapshot of: {_named(failed)}.")
    if stale:
        parts.append(f"{_sources(len(stale), capital=True)} {'is' if len(stale) == 1 else 'are'} past the "
                     f"cadence at which {'it is' if len(stale) == 1 else 'they are'} updated: "
                     f"{_named(stale, with_cadence=True)}.")
    if not parts:
        attempted = " All refreshable sources were refreshed in this run." if record.get("refresh_attempted") else ""
        parts.append(f"Every source is within its update cadence (versions dated {version_span(record)}).{attempted}")
    if record["datasets"]:
        parts.append("Each source's version, cadence and refresh outcome are in the appendix (@tbl-appendix-freshness).")
    kind = ".run-info .freshness-notice" + (" .stale" if (failed or stale) else "")
    return f"::: {{{kind}}}\n**Data freshness.** " + " ".join(parts) + "\n:::\n"


def _sources(n: int, capital: bool = False) -> str:
    word = f"{n} source" + ("" if n == 1 else "s")
    return word[0].upper() + word[1:] if capital else word


def freshness_table(record: dict) -> pd.DataFrame:
    """One row per source: version date, cadence, connector, refresh outcome, stale or not."""
    rows = []
    for d in record["datasets"]:
        outcome = REFRESH_WORDS.get(d.get("refresh_status"), str(d.get("refresh_status")))
        if d.get("refresh_error"):
            # The host is enough for a reader (the weekly status keeps the whole URL).
            error = _URL.sub(r"\1", " ".join(str(d["refresh_error"]).split()))
            outcome += f" ({error[:ERROR_CHARS]}{'…' if len(error) > ERROR_CHARS else ''})"
        rows.append({
            "Dataset": d["name"],
            "Version": d["version"],
            "Cadence": d.get("cadence") or "–",
            "Connector": d.get("connector") or "manual",
            "Refresh in this run": outcome,
            "Stale": "yes" if d.get("stale") else "no",
        })
    return pd.DataFrame(rows)


def appendix_markdown(record: dict) -> str:
    """The appendix's freshness section: a sentence and the numbered table."""
    text = ("## Freshness of the data\n\n"
            "Each source is refreshed at its own cadence; a source past it is marked stale. A source with a "
            "connector is fetched by the weekly job, and a failed fetch keeps the last version. "
            f"This run of {record['run_date']} used versions dated {version_span(record)}.\n\n")
    if not record["datasets"]:
        return text
    table = show.table(
        freshness_table(record),
        label="tbl-appendix-freshness",
        caption="Each source's version, cadence and connector, and the outcome of this run's refresh",
        source="Source: the run's record (record.json) and the provenance sidecars.",
    )
    return text + table.data + "\n"
