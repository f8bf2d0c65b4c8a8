"""Parameters of the investment-and-trade chapter (notebooks/05_investment_trade.ipynb)."""

from pydantic import BaseModel, Field


class InvestmentParameters(BaseModel):
    """Fields need a description and a range; their defaults go in params/default.yaml."""

    fx_fallback_year: int | None = Field(
        ge=1990, le=2040,
        description="Year whose exchange rate converts a programme whose start year has no rate in the data "
        "(assumption). null: the nearest year that has one.",
    )
    fallback_horizon_years: int = Field(
        ge=1, le=30,
        description="Years over which a programme is spread when its source states no horizon "
        "(Korea's packages, China's Big Funds): an assumption.",
    )
    gdp_year: int | None = Field(
        ge=1990, le=2040,
        description="Year of the GDP that programme spending is set against. null: each programme's first "
        "year, or the nearest year in the World Bank vintage used.",
    )
