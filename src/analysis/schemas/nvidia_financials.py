"""Raw schema of ``nvidia_financials.csv`` (one row per fiscal period x metric)."""

import pandera.pandas as pa

from analysis.schemas.checks import matches, numeric_when, text

SCHEMA = pa.DataFrameSchema(
    {
        "fiscal_period": text(matches(r"(Q[1-4] |9M )?FY20\d\d( \(outlook\))?")),
        "period_end": text(matches(r"20\d\d-\d\d-\d\d")),
        "metric": text(),
        "value": text(),
        "unit": text(),
        "source": text(),
        "source_detail": text(nullable=True),
    },
    checks=[
        numeric_when(
            "value",
            lambda df: df["unit"].str.startswith("USD million") | (df["unit"] == "percent"),
            "the unit is USD million or percent",
        )
    ],
    strict=True,
    ordered=True,
)
