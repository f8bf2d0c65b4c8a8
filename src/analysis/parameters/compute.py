"""Parameters of the compute chapter (notebooks/03_compute.ipynb)."""

from pydantic import BaseModel


class ComputeParameters(BaseModel):
    """Fields need a description and a range; their defaults go in params/default.yaml."""
