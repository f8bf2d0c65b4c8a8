"""Parameters of the margins chapter (notebooks/02_margins.ipynb)."""

from pydantic import BaseModel


class MarginParameters(BaseModel):
    """Fields need a description and a range; their defaults go in params/default.yaml."""
