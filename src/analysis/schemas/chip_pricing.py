"""Raw schema of ``chip_pricing.csv`` (prices, volumes and revenue shares, long format)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "chip": text(),
        "metric": text(),
        "value": text(matches(rf"{NUMBER}|{NUMBER}-{NUMBER}")),  # a number or a range "5000-10000"
        "unit": text(),
        "date": text(),
        "source": text(),
        "source_detail": text(nullable=True),
    },
    strict=True,
    ordered=True,
)
