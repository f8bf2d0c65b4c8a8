"""What the H200 adds over the H20: a side-by-side spec table and the ratios between chips.

Compute, memory bandwidth and memory capacity govern different workloads, so "how much
faster" has no single answer: :data:`RATIO_MEASURES` says which workload each ratio governs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.steps.chip_specs import SI_PER_UNIT


@dataclass(frozen=True)
class LineupChip:
    """A chip of the comparison: its label in the brief and its names in the data."""

    label: str
    spec_chip: str  # the chip as chip_specs names it
    price_chip: str | None = None  # the chip as chip_prices names it (None: no price known)
    price_metric: str | None = None


# The H100 is the SXM5 80 GB board (the variant the H200 succeeds; the PCIe and NVL boards
# are slower). Huawei's Ascend parts are those the data cover. Prices only where one exists.
LINEUP: tuple[LineupChip, ...] = (
    LineupChip("H20", "H20", "H20", "unit_price_estimate"),
    LineupChip("H100 SXM", "H100 SXM5 80GB", "H100 SXM5 80GB", "unit_price_estimate"),
    LineupChip("H200", "H200 SXM", "H200", "unit_price_China_orders_reported"),
    LineupChip("B200", "B200"),
    LineupChip("Ascend 910B2", "Huawei Ascend 910B2"),
    LineupChip("Ascend 910C", "Huawei Ascend 910C"),
    LineupChip("Ascend 920", "Huawei Ascend 920"),
)

# Column of the spec table -> (metric in chip_specs, the unit it must be in).
SPEC_MEASURES: dict[str, tuple[str, str]] = {
    "bf16_dense_tflops": ("bf16_fp16_tensor_dense", "TFLOPS"),
    "memory_gb": ("memory", "GB"),
    "memory_bandwidth_tb_s": ("memory_bandwidth", "TB/s"),
    "tdp_w": ("tdp", "W"),
    "tpp": ("TPP_export_control_metric", "TPP"),
}
SPEC_COLUMNS = [*SPEC_MEASURES, "price_usd"]


@dataclass(frozen=True)
class RatioMeasure:
    name: str
    label: str
    governs: str
    kind: str  # "hardware" or "economics"


RATIO_MEASURES: tuple[RatioMeasure, ...] = (
    RatioMeasure("bf16_dense_tflops", "Compute (dense BF16)",
                 "training, and the prefill phase of inference (reading the prompt)", "hardware"),
    RatioMeasure("memory_bandwidth_tb_s", "Memory bandwidth",
                 "token generation (decode) for large models, which streams the weights from memory for every token",
                 "hardware"),
    RatioMeasure("memory_gb", "Memory capacity", "the largest model, batch or context that fits on one chip", "hardware"),
    RatioMeasure("tpp", "TPP (export-control metric)",
                 "whether a chip needs an export licence: it is what the threshold measures", "hardware"),
    RatioMeasure("tdp_w", "Power (TDP)", "power and cooling per chip", "hardware"),
    RatioMeasure("price_usd", "Price", "what a buyer pays per chip", "economics"),
    RatioMeasure("bf16_tflops_per_usd", "Compute per dollar", "the chip cost of training compute", "economics"),
    RatioMeasure("bandwidth_tb_s_per_usd", "Bandwidth per dollar", "the chip cost of decode throughput", "economics"),
    RatioMeasure("bf16_tflops_per_w", "Compute per watt", "the energy cost of compute", "economics"),
)


def lineup_values(specs: pd.DataFrame, prices: pd.DataFrame, lineup: tuple[LineupChip, ...] = LINEUP) -> pd.DataFrame:
    """One row per lineup chip x measure: ``chip``, ``measure``, ``value``, ``quality_grade``,
    ``price_basis`` and ``price_date`` (on price rows: what kind of price, and when).

    Specs come from ``chip_specs`` (a missing spec is NaN, never a guess); the price from
    ``chip_prices``. A chip or a
    price named in the lineup but absent from the data is an error (a typo, or the data moved).
    """
    known = set(specs["chip"])
    rows = []
    for chip in lineup:
        if chip.spec_chip not in known:
            raise KeyError(f"chip_specs has no chip {chip.spec_chip!r} (lineup entry {chip.label!r})")
        for measure, (metric, unit) in SPEC_MEASURES.items():
            found = specs[(specs["chip"] == chip.spec_chip) & (specs["metric"] == metric)]
            if len(found) and found["unit"].iloc[0] != unit:
                raise ValueError(f"{chip.spec_chip} / {metric} is in {found['unit'].iloc[0]!r}, expected {unit!r}")
            rows.append(_value_row(chip.label, measure, found))
        rows.append(_price_row(chip, prices))
    return pd.DataFrame(rows, columns=["chip", "measure", "value", "quality_grade", "price_basis", "price_date"])


def _value_row(label: str, measure: str, found: pd.DataFrame, **price) -> dict:
    row = {"chip": label, "measure": measure, "value": np.nan, "quality_grade": None,
           "price_basis": None, "price_date": None, **price}
    if len(found):
        row.update(value=float(found["value"].iloc[0]), quality_grade=found["quality_grade"].iloc[0])
    return row


def _price_row(chip: LineupChip, prices: pd.DataFrame) -> dict:
    if chip.price_chip is None:
        return _value_row(chip.label, "price_usd", prices.iloc[0:0])
    found = prices[(prices["chip"] == chip.price_chip) & (prices["metric"] == chip.price_metric)]
    if len(found) != 1 or found["unit"].iloc[0] != "USD":
        raise KeyError(f"chip_prices has no single USD row {chip.price_chip!r} / {chip.price_metric!r}")
    return _value_row(chip.label, "price_usd", found, price_basis=price_basis(chip.price_metric),
                      price_date=found["date_label"].iloc[0])


def price_basis(metric: str) -> str:
    """What kind of price a chip_prices metric is: 'unit_price_China_orders_reported' -> 'China orders reported'."""
    return metric.removeprefix("unit_price_").replace("_", " ")


def spec_table(values: pd.DataFrame) -> pd.DataFrame:
    """The side-by-side table: one row per chip (lineup order), the measures as columns
    (:data:`SPEC_COLUMNS`, units in the names), ``price_basis`` (what kind of price) and
    ``price_date`` (as the source dates it); NaN where not known."""
    order = list(dict.fromkeys(values["chip"]))
    wide = values.pivot(index="chip", columns="measure", values="value").reindex(index=order, columns=SPEC_COLUMNS)
    price = values[values["measure"] == "price_usd"].set_index("chip").reindex(order)
    wide["price_basis"] = price["price_basis"]
    wide["price_date"] = price["price_date"]
    return wide.rename_axis(index="chip", columns=None)


def spec_grades(values: pd.DataFrame) -> pd.DataFrame:
    """The quality grade behind each cell of :func:`spec_table` (None where no value)."""
    order = list(dict.fromkeys(values["chip"]))
    return (values.pivot(index="chip", columns="measure", values="quality_grade")
            .reindex(index=order, columns=SPEC_COLUMNS).rename_axis(index="chip", columns=None))


def with_derived_measures(table: pd.DataFrame) -> pd.DataFrame:
    """Add compute per dollar, bandwidth per dollar and compute per watt (NaN when an input is missing)."""
    out = table.copy()
    out["bf16_tflops_per_usd"] = out["bf16_dense_tflops"] / out["price_usd"]
    out["bandwidth_tb_s_per_usd"] = out["memory_bandwidth_tb_s"] / out["price_usd"]
    out["bf16_tflops_per_w"] = out["bf16_dense_tflops"] / out["tdp_w"]
    return out


def spec_ratios(table: pd.DataFrame, numerator: str = "H200", denominator: str = "H20") -> pd.DataFrame:
    """``numerator`` / ``denominator`` for every measure of :data:`RATIO_MEASURES`.

    In: the spec table (index: chip labels). Out: one row per measure, in that order, with
    ``measure``, ``label``, ``kind``, ``numerator``, ``denominator``, ``ratio`` and
    ``governs`` (the workload the ratio speaks to); ``ratio`` is NaN when either value is missing.
    """
    for chip in (numerator, denominator):
        if chip not in table.index:
            raise KeyError(f"the spec table has no chip {chip!r} (has {list(table.index)})")
    full = with_derived_measures(table)
    rows = []
    for m in RATIO_MEASURES:
        top, bottom = float(full.at[numerator, m.name]), float(full.at[denominator, m.name])
        rows.append({"measure": m.name, "label": m.label, "kind": m.kind, "numerator": top,
                     "denominator": bottom, "ratio": top / bottom, "governs": m.governs})
    return pd.DataFrame(rows)


def relative_to(table: pd.DataFrame, base: str, measures: list[str]) -> pd.DataFrame:
    """Each chip's ``measures`` divided by those of ``base`` (base = 1)."""
    return table[measures].div(table.loc[base, measures], axis="columns")


def tpp_per_bf16_tflops(table: pd.DataFrame) -> pd.Series:
    """TPP divided by dense BF16 TFLOPS, for the chips with both figures."""
    both = table.dropna(subset=["tpp", "bf16_dense_tflops"])
    return both["tpp"] / both["bf16_dense_tflops"]


@dataclass(frozen=True)
class TppThreshold:
    """The TPP level above which the October 2023 rule requires a licence, as quoted in the data."""

    tpp: float
    date_label: str
    quoted_by: str


_THRESHOLD = re.compile(r"(?P<who>[\w.]+):[^\"]*"
                        r"\"composite performance reaching (?P<tpp>\d[\d,]*) or above\"")


def tpp_threshold(raw_events: pd.DataFrame) -> TppThreshold:
    """Read the TPP threshold from the raw policy timeline's ``source_detail`` quotes.

    The processed ``policy_events`` table drops ``source_detail``, so this reads the raw
    snapshot (``analysis.raw.read_raw("policy_events")``). Exactly one quote must match.
    """
    hits = []
    for row in raw_events.itertuples(index=False):
        match = _THRESHOLD.search(str(row.source_detail or ""))
        if match:
            hits.append(TppThreshold(float(match["tpp"].replace(",", "")), str(row.date), match["who"]))
    if len(hits) != 1:
        raise LookupError(f"expected one quoted TPP threshold in policy_events, found {len(hits)}")
    return hits[0]


def audit_rows(specs: pd.DataFrame, audit: pd.DataFrame, chips: dict[str, str], metrics: list[str]) -> pd.DataFrame:
    """The spec values of ``chips`` (label -> chip_specs name) beside Epoch's raw SI values.

    One row per chip x metric with ``chip``, ``metric``, ``value``, ``unit``, ``source``,
    ``epoch_value_si``, ``epoch_unit`` and ``relative_gap`` (NaN when Epoch has no value:
    the spec came from another source, or there is none).
    """
    rows = []
    for label, name in chips.items():
        for metric in metrics:
            spec = specs[(specs["chip"] == name) & (specs["metric"] == metric)]
            raw = audit[(audit["chip"] == name) & (audit["metric"] == metric)]
            row = {"chip": label, "metric": metric, "value": np.nan, "unit": None, "source": None,
                   "epoch_value_si": np.nan, "epoch_unit": None, "relative_gap": np.nan}
            if len(spec):
                row.update(value=float(spec["value"].iloc[0]), unit=spec["unit"].iloc[0], source=spec["source"].iloc[0])
            if len(raw):
                row.update(epoch_value_si=float(raw["epoch_value_si"].iloc[0]), epoch_unit=raw["epoch_unit"].iloc[0])
                row["relative_gap"] = relative_gaps(raw).iloc[0]
            rows.append(row)
    return pd.DataFrame(rows)


def relative_gaps(audit: pd.DataFrame) -> pd.Series:
    """|converted value in SI − Epoch's SI value| / Epoch's value, per audit row."""
    factors = audit["unit"].map(SI_PER_UNIT).astype(float)
    return ((audit["value"] * factors - audit["epoch_value_si"]).abs() / audit["epoch_value_si"]).astype(float)


def channel_module_price_ratios(prices: pd.DataFrame, numerator_chip: str, denominator_chip: str) -> tuple[float, float]:
    """The channel price of one 8-GPU module over another's, low and high, when the
    denominator has several reported prices (before and at a peak, say)."""
    channel = prices[prices["metric"].str.startswith("channel_price")]
    top = channel[channel["chip"] == numerator_chip]
    bottom = channel[channel["chip"] == denominator_chip]
    if len(top) != 1 or bottom.empty or set(top["unit"]) != set(bottom["unit"]):
        raise LookupError(f"need one channel price of {numerator_chip!r} and some of {denominator_chip!r}, same currency")
    value = float(top["value"].iloc[0])
    return value / float(bottom["value"].max()), value / float(bottom["value"].min())
