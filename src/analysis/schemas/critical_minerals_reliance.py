"""Raw schema of ``critical_minerals_reliance.csv`` (press reports of USGS import-reliance figures)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "country": text(pa.Check.isin(["United States"])),
        # The data year and the edition that reports it: "2024 (MCS2025)".
        "year": text(matches(r"20\d\d \(MCS20\d\d\)")),
        "metric": text(),
        # A number, or an approximate one ("about 70").
        "value": text(matches(rf"(about )?{NUMBER}")),
        "unit": text(),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
