"""Raw schema of ``rare_earth_prices.csv`` (annual average oxide prices printed by USGS)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "product": text(),
        "year": text(matches(r"20\d\de?")),
        "value": text(matches(NUMBER)),
        "unit": text(pa.Check.isin(["USD/kg (annual average)"])),
        "mcs_edition": text(matches(r"MCS20\d\d")),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
