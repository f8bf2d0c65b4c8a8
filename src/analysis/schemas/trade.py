"""Raw schema of ``trade.csv`` (China's IC and crude-oil trade, GACC figures as reported)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "reporter": text(pa.Check.isin(["China"])),
        "year": text(matches(r"20\d\d")),
        "metric": text(matches(r"[A-Za-z_]+_(value|units)")),
        "value": text(matches(NUMBER)),
        "unit": text(matches(r"USD billion.*|billion units")),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
