"""seed_claims.csv -> the article's claims with numeric values (ranges split)."""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import split_range

COLUMNS = ["claim_id", "topic", "claim", "claim_value", "claim_value_to", "claim_unit", "claim_period", "quote_ja"]


def transform(seed_claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per claim, value as text ('40', '5-7'). Out: the same rows, values as numbers."""
    claims = seed_claims.copy()
    claims["claim_value"], claims["claim_value_to"] = split_range(claims["value"])
    claims = claims.rename(columns={"unit": "claim_unit", "period": "claim_period"})
    return {"seed_claims": keep_raw_rows(claims[COLUMNS], "seed_claims")}


STEP = Step(
    name="seed_claims",
    inputs=("seed_claims",),
    outputs={"seed_claims": schema_for(COLUMNS, unique=["claim_id"], name="seed_claims")},
    transform=transform,
)
