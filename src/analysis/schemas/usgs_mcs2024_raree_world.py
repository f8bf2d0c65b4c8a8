"""Raw schema of ``usgs_mcs2024_raree_world.csv`` (the official USGS MCS2024 rare-earths world table)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "Source": text(pa.Check.isin(["MCS2024"])),
        "Country": text(),
        "Type": text(),
        "Prod_t_est_2022": text(matches(NUMBER)),
        "Prod_t_est_2023": text(matches(NUMBER)),
        "Prod_notes": text(nullable=True),
        "Reserves_t": text(matches(rf"{NUMBER}|NA")),
        "Reserves_notes": text(nullable=True),
    },
    strict=True,
    ordered=True,
)
