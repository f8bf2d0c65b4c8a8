"""Raw schema of ``policy_events.csv`` (one row per export-control measure)."""

import pandera.pandas as pa

from analysis.schemas.checks import matches, text

SCHEMA = pa.DataFrameSchema(
    {
        # A day or a month, optionally a second date or a note: "2022-08 / 2022-10",
        # "2023-10-17 (effective 2023-10-23 for …)", "2024-08/09".
        "date": text(matches(r"20\d\d-\d\d(-\d\d)?.*")),
        "actor": text(pa.Check.isin(["US", "China"])),
        "measure": text(),
        "source": text(),
        "source_detail": text(nullable=True),
    },
    strict=True,
    ordered=True,
)
