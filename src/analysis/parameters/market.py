"""Parameters of the market chapter (notebooks/01_market.ipynb)."""

from pydantic import BaseModel, Field


class MarketParameters(BaseModel):
    forecast_end_year: int = Field(ge=2025, le=2040, description="Last calendar year of the market forecast.")
    market_growth_pct: float | None = Field(
        ge=-50, le=200,
        description="Annual growth of China's accelerated-server market after the last full year. "
        "null: the growth implied by IDC's 2029 forecast (a lower bound).",
    )
    market_growth_band_pp: float = Field(
        ge=0, le=100, description="Half-width of the forecast band around that growth, in percentage points."
    )
    interval_level: float = Field(
        gt=0.5, lt=1, description="Confidence level of the estimated trend's interval."
    )
