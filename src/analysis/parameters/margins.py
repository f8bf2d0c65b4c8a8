"""Parameters of the margins chapter (notebooks/02_margins.ipynb)."""

from typing import Literal

from pydantic import BaseModel, Field


class MarginParameters(BaseModel):
    h200_gross_margin_pct: float = Field(
        ge=0, le=100,
        description="Assumption, not data: NVIDIA's gross margin on an H200 sold to China, in percent of the "
        "price before the US government's share. Default: the article's claim that the H200's margin "
        "exceeds 60%.",
    )
    h20_gross_margin_pct: float = Field(
        ge=0, le=100,
        description="Assumption, not data: NVIDIA's gross margin on an H20, in percent of the price before the "
        "US government's share. Default: the article's claim that the H20's margin is below 40%.",
    )
    china_mix_max_pct: float = Field(
        gt=0, le=100,
        description="Upper end of the range of China's share of Data Center revenue drawn in the "
        "blended-margin figure, in percent.",
    )
    base_margin_basis: Literal["non-GAAP", "GAAP"] = Field(
        description="Which of NVIDIA's gross margins stands for the margin on non-China sales in the blend: "
        "the latest quarter's non-GAAP or GAAP margin.",
    )
