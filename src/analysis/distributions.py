"""Uncertain inputs as declared distributions: validated specs, sampling and quantiles.

A scenario input in ``params/*.yaml`` is a mapping such as::

    h200_price_usd:
      dist: triangular
      anchor: h200_price_usd          # the data value this input is centred on
      low_pct: -15                    # ... and how far it may fall or rise around it (%)
      high_pct: 15
      unit: USD per chip
      description: Price of an H200 sold in China.
      source: Reuters via techzine.eu, 8 January 2026 (the anchor); the spread is an assumption.

Numbers may be given outright (``low``/``mode``/``high``, ``mean``/``sd``, ``value``) or tied to
a data *anchor* (a value computed from ``data/raw``, see :mod:`analysis.scenario_anchors`), so
new data moves the scenario. An explicit number always wins over the anchor, so
``-p scenario_inputs.h200_us_share_pct.value=30`` overrides the policy data for one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str = Field(min_length=1)
    description: str = Field(min_length=5)
    source: str = Field(min_length=5, description="Where the numbers come from, or 'assumption'.")
    anchor: str | None = Field(default=None, description="A data value the numbers are tied to.")


class Fixed(_Spec):
    dist: Literal["fixed"]
    value: float | None = None

    @model_validator(mode="after")
    def _value_or_anchor(self):
        if self.value is None and self.anchor is None:
            raise ValueError("a fixed input needs a value or an anchor")
        return self


class Uniform(_Spec):
    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low < self.high:
            raise ValueError(f"uniform needs low < high (got {self.low}, {self.high})")
        return self


class Triangular(_Spec):
    dist: Literal["triangular"]
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    low_pct: float | None = Field(default=None, le=0, description="With an anchor: low = anchor × (1 + low_pct/100).")
    high_pct: float | None = Field(default=None, ge=0, description="With an anchor: high = anchor × (1 + high_pct/100).")

    @model_validator(mode="after")
    def _complete(self):
        absolute = None not in (self.low, self.mode, self.high)
        anchored = self.anchor is not None and (self.low is not None or self.low_pct is not None) and (
            self.high is not None or self.high_pct is not None
        )
        if not (absolute or anchored):
            raise ValueError("triangular needs low, mode and high, or an anchor with low_pct and high_pct")
        if absolute and not self.low <= self.mode <= self.high:
            raise ValueError(f"triangular needs low <= mode <= high (got {self.low}, {self.mode}, {self.high})")
        return self


class Normal(_Spec):
    dist: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)


DistributionSpec = Annotated[Fixed | Uniform | Triangular | Normal, Field(discriminator="dist")]


@dataclass(frozen=True)
class Resolved:
    """A distribution with every number filled in (anchors looked up)."""

    name: str
    dist: str
    params: tuple[float, ...]  # fixed: (v,); uniform: (lo, hi); triangular: (lo, mode, hi); normal: (mean, sd)
    unit: str
    description: str
    source: str
    anchor: str | None = None
    anchor_value: float | None = None

    @property
    def mean(self) -> float:
        p = self.params
        return {"fixed": lambda: p[0], "uniform": lambda: (p[0] + p[1]) / 2,
                "triangular": lambda: sum(p) / 3, "normal": lambda: p[0]}[self.dist]()

    @property
    def is_uncertain(self) -> bool:
        return self.dist != "fixed"

    def describe(self) -> str:
        p = [readable_number(v) for v in self.params]
        return {
            "fixed": lambda: f"fixed {p[0]}",
            "uniform": lambda: f"uniform {p[0]} to {p[1]}",
            "triangular": lambda: f"triangular {p[0]} / {p[1]} / {p[2]}",
            "normal": lambda: f"normal, mean {p[0]}, sd {p[1]}",
        }[self.dist]()


def readable_number(value: float) -> str:
    """Readable: thousands separated above 100, three significant digits below."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def resolve(name: str, spec: Fixed | Uniform | Triangular | Normal, anchors: Mapping[str, float]) -> Resolved:
    """Fill in the numbers an anchor provides; explicit numbers win."""
    anchor_value = None
    if spec.anchor is not None:
        if spec.anchor not in anchors:
            raise KeyError(f"scenario input {name!r}: unknown anchor {spec.anchor!r} (known: {', '.join(sorted(anchors))})")
        anchor_value = float(anchors[spec.anchor])
    if isinstance(spec, Fixed):
        params = (spec.value if spec.value is not None else anchor_value,)
    elif isinstance(spec, Uniform):
        params = (spec.low, spec.high)
    elif isinstance(spec, Normal):
        params = (spec.mean, spec.sd)
    else:
        mode = spec.mode if spec.mode is not None else anchor_value
        low = spec.low if spec.low is not None else mode * (1 + spec.low_pct / 100)
        high = spec.high if spec.high is not None else mode * (1 + spec.high_pct / 100)
        if not low <= mode <= high:
            raise ValueError(f"scenario input {name!r}: low <= mode <= high fails ({low:g}, {mode:g}, {high:g})")
        params = (low, mode, high)
    return Resolved(name, spec.dist, tuple(float(v) for v in params), spec.unit, spec.description, spec.source,
                    spec.anchor, anchor_value)


def sample(dist: Resolved, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` independent draws."""
    p = dist.params
    if dist.dist == "fixed":
        return np.full(n, p[0])
    if dist.dist == "uniform":
        return rng.uniform(p[0], p[1], n)
    if dist.dist == "triangular":
        if p[0] == p[2]:
            return np.full(n, p[0])
        return rng.triangular(p[0], p[1], p[2], n)
    return rng.normal(p[0], p[1], n)


def quantile(dist: Resolved, q: float) -> float:
    """The ``q`` quantile (inverse CDF), used to set an input low or high in the tornado."""
    p = dist.params
    if dist.dist == "fixed":
        return p[0]
    if dist.dist == "uniform":
        return p[0] + q * (p[1] - p[0])
    if dist.dist == "normal":
        from scipy import stats  # here, not at the top: importing scipy.stats takes a while

        return float(stats.norm.ppf(q, p[0], p[1]))
    low, mode, high = p
    if high == low:
        return low
    split = (mode - low) / (high - low)
    if q <= split:
        return low + np.sqrt(q * (high - low) * (mode - low))
    return high - np.sqrt((1 - q) * (high - low) * (high - mode))
