"""Raw schema of ``macro.csv`` (World Bank WDI: GDP in current US$ and official exchange rates)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

GDP = "NY.GDP.MKTP.CD"
EXCHANGE_RATE = "PA.NUS.FCRF"

SCHEMA = pa.DataFrameSchema(
    {
        "country": text(),
        "iso3": text(matches(r"[A-Z]{3}")),
        "year": text(matches(r"(19|20)\d\d")),
        "indicator": text(pa.Check.isin([GDP, EXCHANGE_RATE])),
        "value": text(matches(NUMBER)),
        "unit": text(pa.Check.isin(["current US$", "LCU per US$ (period average)", "EUR per US$ (period average)"])),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
