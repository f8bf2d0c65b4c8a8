"""Parameters of the investment-and-trade chapter (notebooks/05_investment_trade.ipynb)."""

from pydantic import BaseModel


class InvestmentParameters(BaseModel):
    """Fields need a description and a range; their defaults go in params/default.yaml."""
