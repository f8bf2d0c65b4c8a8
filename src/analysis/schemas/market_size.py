"""Raw schema of ``market_size.csv`` (China AI-server market figures and remarks)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "market": text(pa.Check.isin(["China"])),
        "period": text(),
        "metric": text(),
        # A number, a lower bound (">100") or a change from one number to another ("95 -> 0").
        "value": text(matches(rf">?{NUMBER}|{NUMBER} -> {NUMBER}")),
        "unit": text(),
        "source": text(),
        "source_detail": text(nullable=True),
    },
    strict=True,
    ordered=True,
)
