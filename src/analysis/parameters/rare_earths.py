"""Parameters of the rare-earths chapter (notebooks/04_rare_earths.ipynb)."""

from pydantic import BaseModel, Field


class RareEarthParameters(BaseModel):
    """Fields need a description and a range; their defaults go in params/default.yaml."""

    hhi_highly_concentrated: float = Field(
        ge=0, le=10_000,
        description="HHI above which a market counts as highly concentrated (sum of squared shares in "
        "percent, 0-10,000); the benchmark the mine-production HHI is read against.",
    )
