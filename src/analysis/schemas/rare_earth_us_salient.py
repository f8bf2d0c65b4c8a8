"""Raw schema of ``rare_earth_us_salient.csv`` (USGS salient statistics for the United States)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "mcs_edition": text(matches(r"MCS20\d\d")),
        # One year, an estimated year ("2024e") or a span of years ("2020-2023").
        "year": text(matches(r"20\d\de?|20\d\d-20\d\d")),
        "metric": text(),
        # A number, a lower bound (">95"), or zero printed as a dash ('0 ("—")').
        "value": text(matches(rf">?{NUMBER}|0 \(\"—\"\)")),
        "unit": text(),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
