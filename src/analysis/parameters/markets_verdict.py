"""Parameters of the markets' verdict chapter (notebooks/06_markets_verdict.ipynb)."""

from pydantic import BaseModel


class MarketsVerdictParameters(BaseModel):
    """Fields need a description and a range; their defaults go in params/default.yaml."""
