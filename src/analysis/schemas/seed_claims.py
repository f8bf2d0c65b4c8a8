"""Raw schema of ``seed_claims.csv`` (the article's 17 quantitative claims)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        "claim_id": text(matches(r"[a-z0-9_]+")),
        "topic": text(),
        "claim": text(),
        "value": text(matches(rf"{NUMBER}|{NUMBER}-{NUMBER}")),  # a number, or a range such as "5-7"
        "unit": text(),
        "period": text(),
        "quote_ja": text(),
    },
    unique=["claim_id"],
    strict=True,
    ordered=True,
)
