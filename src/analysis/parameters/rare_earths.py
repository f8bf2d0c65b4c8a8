"""Parameters of the rare-earths chapter (notebooks/04_rare_earths.ipynb)."""

from pydantic import BaseModel


class RareEarthParameters(BaseModel):
    """Fields need a description and a range; their defaults go in params/default.yaml."""
