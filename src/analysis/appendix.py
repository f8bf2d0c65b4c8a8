"""The appendix: every raw source with its provenance and grade, the caveats, the run's parameters."""

from __future__ import annotations

import pandas as pd

from analysis import provenance
from analysis.quality import grade_counts
from analysis.run_context import RunRecord


def sources_table() -> pd.DataFrame:
    """One row per raw snapshot: the file (version, checksum, quality grade with the rows of
    each grade), and its provenance (citation, URL, dates published and accessed, licence)."""
    rows = []
    for snapshot in provenance.list_snapshots():
        meta, origin = snapshot.meta, snapshot.meta.origin
        counts = ", ".join(f"{n} {g}" for g, n in grade_counts(snapshot).items())
        url = origin.url_download or origin.url_main
        rows.append({
            "Dataset": f"**{meta.snapshot.name}**, {meta.snapshot.version}, md5 {meta.snapshot.md5[:8]}…; "
                       f"{meta.quality.grade.label} (rows: {counts})",
            "Provenance": f"{origin.citation} <{url}>. Published {origin.date_published}; accessed "
                          f"{origin.date_accessed.isoformat()}. Licence: {origin.license}",
        })
    return pd.DataFrame(rows)


def caveats_table() -> pd.DataFrame:
    """Every caveat recorded in the sidecars, by dataset."""
    rows = [{"Dataset": snapshot.name, "Caveat": caveat.text}
            for snapshot in provenance.list_snapshots() for caveat in snapshot.meta.caveats]
    return pd.DataFrame(rows)


def parameters_table(record: RunRecord) -> pd.DataFrame:
    """Every parameter of the run with its value and origin; a mapping parameter gets a row
    per entry (the scenario inputs are described in the scenarios chapter)."""
    rows = []
    default = record.files[0] if record.files else ""
    for name, value in sorted(record.parameters.items(), key=lambda item: _yaml_order().get(item[0], 1_000)):
        origin = record.origins.get(name, default)
        if isinstance(value, dict):
            for key, entry in value.items():
                rows.append({"Parameter": f"{name}.{key}", "Value": _describe(entry), "From": origin})
        else:
            rows.append({"Parameter": name, "Value": _describe(value), "From": origin})
    return pd.DataFrame(rows)


def _yaml_order() -> dict[str, int]:
    """Parameters in the order params/default.yaml documents them (chapter by chapter)."""
    import yaml

    from analysis import paths

    return {name: i for i, name in enumerate(yaml.safe_load(paths.default_params_file().read_text()) or {})}


KEY_CAVEATS = (
    ("nvidia_financials", "fiscal_year"),
    ("nvidia_financials", "geography_basis"),
    ("market_size", "idc_vintages"),
    ("market_size", "market_definition"),
    ("chip_pricing", "prices_are_estimates"),
    ("chip_specs", "h20_no_datasheet"),
    ("rare_earth_production", "usgs_revisions"),
    ("rare_earth_production", "iea_secondary"),
    ("macro", "vintages_2024"),
    ("semiconductor_programs", "totals_vs_outlays"),
    ("trade", "gacc_as_reported"),
    ("prices_daily", "price_columns"),
    ("policy_events", "date_precision"),
)


def key_caveats() -> pd.DataFrame:
    """The caveats that cut across chapters (all are printed where their numbers appear)."""
    rows = []
    for dataset, caveat_id in KEY_CAVEATS:
        rows.append({"Dataset": dataset, "Caveat": provenance.find_snapshot(dataset).meta.caveat(caveat_id)})
    return pd.DataFrame(rows)


def _describe(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        keys = [k for k in ("dist", "value", "low", "mode", "high", "low_pct", "high_pct", "mean", "sd", "anchor")
                if value.get(k) is not None]
        return ", ".join(f"{k} {value[k]:g}" if isinstance(value[k], float) else f"{k} {value[k]}" for k in keys)
    return str(value)
