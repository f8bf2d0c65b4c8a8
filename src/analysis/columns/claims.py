"""Columns of the claims table (the article's assertions, to be checked)."""

from analysis.columns import Column

COLUMNS = [
    Column("claim_id", "string", "Short identifier of one of the article's claims."),
    Column("topic", "string", "Which part of the brief the claim belongs to (market, margins, rare_earths, ...)."),
    Column("claim", "string", "The claim, paraphrased in English."),
    Column("claim_value", "float64", "The number the article gives (the low end of a range).",
           unit="the claim's unit"),
    Column("claim_value_to", "float64", "The high end when the article gives a range (e.g. 5-7 years).",
           unit="the claim's unit", nullable=True),
    Column("claim_unit", "string", "The unit of the article's number, as the article states it."),
    Column("claim_period", "string", "The period the claim refers to, as the article states it."),
    Column("quote_ja", "string", "A fragment of the article's Japanese text, to find the claim in it."),
]
