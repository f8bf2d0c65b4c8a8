"""Raw schema of ``rare_earth_production.csv`` (USGS mine production and reserves; IEA shares)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

METRICS = [
    "mine_production",
    "reserves",
    "share_of_global_refined_REE_output",
    "share_of_global_REE_refining",
    "share_of_global_REE_mining",
    "REE_magnet_demand",
]

SCHEMA = pa.DataFrameSchema(
    {
        "country": text(),
        # "2023", "2024e", "2023 (as of MCS2024)", "2030 (IEA projection)", "2025 (FDD analysis, Nov 2025)".
        "year": text(matches(r"20\d\de?( \(.+\))?")),
        "metric": text(pa.Check.isin(METRICS)),
        # A number, a lower bound (">90000000") or NA (USGS prints no figure).
        "value": text(matches(rf">?{NUMBER}|NA")),
        "unit": text(pa.Check.isin(["t REO equivalent", "percent", "t"])),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
