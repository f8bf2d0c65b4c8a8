"""Raw schema of ``semiconductor_programs.csv`` (government chip programmes, as announced)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "country": text(pa.Check.isin(["United States", "European Union", "South Korea", "Japan", "China"])),
        "program": text(),
        "amount": text(matches(NUMBER)),
        # A currency amount ("KRW trillion") or a percentage ("percent of qualified investment").
        "currency": text(matches(r"(USD|EUR|KRW|JPY|CNY) (billion|trillion)|percent.*")),
        "period": text(),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
