"""Compute chapter: the chip_specs step (typed values, cross-checks, Epoch audit) and the
spec-table and spec-ratio model functions, on small inline tables with known answers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import compute
from analysis.charts import compute as charts
from fakes import raw_table, snapshot_meta, with_snapshot
from analysis.steps import chip_specs as step

EPOCH = "Epoch AI ML Hardware (mirror)"


def _quote(row: str, field: str, si: str) -> str:
    return f'github:x (Epoch); row "{row}", column "{field}" = {si}; datasheet link(s): https://x'


def _raw_specs(rows: list[tuple]) -> pd.DataFrame:
    return raw_table(["chip", "metric", "value", "unit", "source", "source_detail"], rows,
                     snapshot_meta("secondary", [{"column": "source", "contains": "wiki", "grade": "weak", "note": "n"}]))


def _raw_epoch(**cells) -> pd.DataFrame:
    """Epoch's rows: {'NVIDIA X': {'Memory (bytes)': '96000000000.0', ...}, ...} as a text frame."""
    frame = pd.DataFrame.from_dict(cells, orient="index").rename_axis("Hardware name").reset_index()
    return frame.astype("string")


GOOD_SPECS = [
    ("X1", "release_date", "2024-11-18", "date", EPOCH, _quote("NVIDIA X1", "Release date", "2024-11-18")),
    ("X1", "bf16_fp16_tensor_dense", "989.5", "TFLOPS", EPOCH,
     _quote("NVIDIA X1", "Tensor-FP16/BF16 performance (FLOP/s)", "989500000000000.0")),
    ("X1", "TPP_export_control_metric", "15832", "TPP (= bit-OP/s / 1e12)", EPOCH,
     _quote("NVIDIA X1", "Total processing performance (bit-OP/s)", "1.5832e+16")),
    ("X1", "memory", "141", "GB", "aiwiki page", "quote"),
    ("X1", "memory_type", "HBM3e", "text", "aiwiki page", "quote"),
    ("X1", "TPP_export_control_metric", "15832", "TPP", "Tencent news", "quote"),
    ("X1", "bf16_fp16_tensor_dense_crosscheck", "989.5", "TFLOPS", "blog", "quote"),
    ("X1 vs X0", "performance_ratio_news", "~6x", "ratio", "news", "quote"),
]
GOOD_EPOCH = {"NVIDIA X1": {
    "Release date": "2024-11-18",
    "Tensor-FP16/BF16 performance (FLOP/s)": "989500000000000.0",
    "Total processing performance (bit-OP/s)": "1.5832e+16",
}}


def test_chip_specs_transform_types_values_and_splits_second_sources():
    """In: two Epoch rows, a web-page spec Epoch lacks, two second-source values, a ratio,
    a date and a memory type. Out: three typed specs (Epoch's first), two cross-checks,
    one profile, one parsed ratio, and two audited rows."""
    tables = step.transform(_raw_specs(GOOD_SPECS), _raw_epoch(**GOOD_EPOCH))
    validated = {name: step.STEP.outputs[name].validate(frame) for name, frame in tables.items()}

    expected_specs = pd.DataFrame({
        "chip": ["X1", "X1", "X1"],
        "metric": ["bf16_fp16_tensor_dense", "TPP_export_control_metric", "memory"],
        "value": [989.5, 15832.0, 141.0],
        "unit": ["TFLOPS", "TPP", "GB"],
        "source": [EPOCH, EPOCH, "aiwiki page"],
        "quality_grade": ["secondary", "secondary", "weak"],
    })
    assert_frame_equal(validated["chip_specs"], step.STEP.outputs["chip_specs"].validate(expected_specs))

    crosschecks = validated["chip_spec_crosschecks"]
    assert crosschecks[["metric", "value", "source"]].values.tolist() == [
        ["TPP_export_control_metric", 15832.0, "Tencent news"],
        ["bf16_fp16_tensor_dense", 989.5, "blog"],
    ]
    profile = validated["chip_profiles"].iloc[0]
    assert (profile["chip"], profile["release_date"], profile["memory_type"]) == ("X1", pd.Timestamp("2024-11-18"), "HBM3e")
    assert pd.isna(profile["foundry"])
    ratio = validated["chip_reported_ratios"].iloc[0]
    assert (ratio["numerator_chip"], ratio["denominator_chip"], ratio["ratio"], ratio["is_approximate"]) == ("X1", "X0", 6.0, True)
    audit = validated["chip_spec_epoch_audit"]
    assert audit[["metric", "epoch_value_si", "epoch_unit"]].values.tolist() == [
        ["bf16_fp16_tensor_dense", 989.5e12, "FLOP/s"],
        ["TPP_export_control_metric", 1.5832e16, "bit-OP/s"],
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        # The compiler's conversion is off by more than the rounding of "989.5" (0.05 TFLOPS).
        ({"Tensor-FP16/BF16 performance (FLOP/s)": "989600000000000.0"}, "X1 / bf16_fp16_tensor_dense"),
        ({"Total processing performance (bit-OP/s)": "1.6e+16"}, "X1 / TPP_export_control_metric"),
        ({"Release date": "2024-11-19"}, "X1 / release_date"),
        ({"Tensor-FP16/BF16 performance (FLOP/s)": None}, "Epoch has no value in row 'NVIDIA X1'"),
    ],
)
def test_the_step_stops_on_a_value_that_disagrees_with_epoch(change, message):
    epoch = {"NVIDIA X1": {**GOOD_EPOCH["NVIDIA X1"], **change}}
    with pytest.raises(ValueError, match=message):
        step.transform(_raw_specs(GOOD_SPECS), _raw_epoch(**epoch))


def test_a_rounded_figure_passes_the_audit():
    """'0.9274' TFLOPS stands for anything within 0.00005 TFLOPS: Epoch's 927420000000 passes."""
    rows = [("L", "fp64", "0.9274", "TFLOPS", EPOCH, _quote("NVIDIA L", "FP64 (FLOP/s)", "927420000000.0"))]
    tables = step.transform(_raw_specs(rows), _raw_epoch(**{"NVIDIA L": {"FP64 (FLOP/s)": "927420000000.0"}}))
    assert tables["chip_spec_epoch_audit"]["epoch_value_si"].tolist() == [927420000000.0]


def test_a_cross_check_that_disagrees_stops_the_step_and_names_it():
    rows = [*GOOD_SPECS, ("X1", "TPP_export_control_metric", "15900", "TPP", "Other news", "quote")]
    with pytest.raises(ValueError, match=r"X1 / TPP_export_control_metric: 15900 TPP \(Other news\)"):
        step.transform(_raw_specs(rows), _raw_epoch(**GOOD_EPOCH))


@pytest.mark.parametrize("text, expected", [("989.4", 0.05), ("15832", 0.5), ("0.9274", 0.00005), ("3.35", 0.005)])
def test_rounding_tolerance_is_half_the_last_written_digit(text, expected):
    assert step.rounding_tolerance(text) == pytest.approx(expected)


# --- Model: the spec table and the ratios ---------------------------------------------------

def _specs() -> pd.DataFrame:
    rows = [
        ("A", "bf16_fp16_tensor_dense", 100.0, "TFLOPS", "secondary"),
        ("A", "memory", 80.0, "GB", "secondary"),
        ("A", "memory_bandwidth", 2.0, "TB/s", "secondary"),
        ("A", "tdp", 400.0, "W", "secondary"),
        ("A", "TPP_export_control_metric", 1600.0, "TPP", "secondary"),
        ("B SXM", "bf16_fp16_tensor_dense", 400.0, "TFLOPS", "secondary"),
        ("B SXM", "memory", 120.0, "GB", "weak"),
        ("B SXM", "memory_bandwidth", 3.0, "TB/s", "secondary"),
        ("B SXM", "tdp", 800.0, "W", "secondary"),
        ("B SXM", "TPP_export_control_metric", 6400.0, "TPP", "secondary"),
        ("C", "memory_bandwidth", 1.0, "TB/s", "weak"),
    ]
    return pd.DataFrame(rows, columns=["chip", "metric", "value", "unit", "quality_grade"])


def _prices() -> pd.DataFrame:
    return pd.DataFrame({
        "chip": ["A", "B"], "metric": ["unit_price_estimate", "unit_price_orders_reported"],
        "value": [10000.0, 20000.0], "unit": ["USD", "USD"], "date_label": ["2023-11", "2025-12"],
        "quality_grade": ["secondary", "secondary"],
    })


LINEUP = (
    compute.LineupChip("A", "A", "A", "unit_price_estimate"),
    compute.LineupChip("B", "B SXM", "B", "unit_price_orders_reported"),
    compute.LineupChip("C", "C"),
)


def test_spec_table_puts_chips_side_by_side_and_leaves_unknowns_missing():
    """In: long specs for A, B SXM and C (C has only bandwidth), prices for A and B.
    Out: one row per lineup label; C's other cells and price are NaN, never guessed."""
    table = compute.spec_table(compute.lineup_values(_specs(), _prices(), LINEUP))
    expected = pd.DataFrame(
        {
            "bf16_dense_tflops": [100.0, 400.0, np.nan],
            "memory_gb": [80.0, 120.0, np.nan],
            "memory_bandwidth_tb_s": [2.0, 3.0, 1.0],
            "tdp_w": [400.0, 800.0, np.nan],
            "tpp": [1600.0, 6400.0, np.nan],
            "price_usd": [10000.0, 20000.0, np.nan],
            "price_basis": ["estimate", "orders reported", np.nan],
            "price_date": ["2023-11", "2025-12", np.nan],
        },
        index=pd.Index(["A", "B", "C"], name="chip"),
    )
    assert_frame_equal(table, expected, check_dtype=False)


def test_spec_grades_follow_each_value():
    grades = compute.spec_grades(compute.lineup_values(_specs(), _prices(), LINEUP))
    assert grades.loc["B", "memory_gb"] == "weak"
    assert grades.loc["C", "memory_bandwidth_tb_s"] == "weak"
    assert pd.isna(grades.loc["C", "price_usd"])


@pytest.mark.parametrize(
    "lineup, error",
    [
        ((compute.LineupChip("Z", "no such chip"),), "no chip 'no such chip'"),
        ((compute.LineupChip("A", "A", "A", "no_such_price"),), "no single USD row"),
    ],
)
def test_a_lineup_entry_missing_from_the_data_is_an_error(lineup, error):
    with pytest.raises(KeyError, match=error):
        compute.lineup_values(_specs(), _prices(), lineup)


def test_a_spec_in_an_unexpected_unit_is_an_error():
    specs = _specs().replace({"unit": {"GB": "GiB"}})
    with pytest.raises(ValueError, match="A / memory is in 'GiB'"):
        compute.lineup_values(specs, _prices(), LINEUP)


def test_spec_ratio_table():
    """In: B = 4x A's compute, 1.5x its bandwidth and memory, 2x its power and price.
    Out: the ratios, and the derived ones: compute per dollar 4/2 = 2, bandwidth per
    dollar 1.5/2 = 0.75, compute per watt 4/2 = 2."""
    table = compute.spec_table(compute.lineup_values(_specs(), _prices(), LINEUP))
    got = compute.spec_ratios(table, numerator="B", denominator="A")
    expected = pd.DataFrame({
        "measure": ["bf16_dense_tflops", "memory_bandwidth_tb_s", "memory_gb", "tpp", "tdp_w", "price_usd",
                    "bf16_tflops_per_usd", "bandwidth_tb_s_per_usd", "bf16_tflops_per_w"],
        "numerator": [400.0, 3.0, 120.0, 6400.0, 800.0, 20000.0, 0.02, 0.00015, 0.5],
        "denominator": [100.0, 2.0, 80.0, 1600.0, 400.0, 10000.0, 0.01, 0.0002, 0.25],
        "ratio": [4.0, 1.5, 1.5, 4.0, 2.0, 2.0, 2.0, 0.75, 2.0],
    })
    assert_frame_equal(got[expected.columns.tolist()], expected)
    assert got["governs"].str.len().gt(10).all()


def test_a_ratio_with_a_missing_side_is_missing():
    table = compute.spec_table(compute.lineup_values(_specs(), _prices(), LINEUP))
    got = compute.spec_ratios(table, numerator="C", denominator="A").set_index("measure")["ratio"]
    assert got["memory_bandwidth_tb_s"] == 0.5
    assert got[["bf16_dense_tflops", "price_usd", "bf16_tflops_per_usd"]].isna().all()


def test_spec_ratios_refuses_an_unknown_chip():
    table = compute.spec_table(compute.lineup_values(_specs(), _prices(), LINEUP))
    with pytest.raises(KeyError, match="no chip 'D'"):
        compute.spec_ratios(table, numerator="D", denominator="A")


def test_relative_to_and_tpp_per_tflops():
    table = compute.spec_table(compute.lineup_values(_specs(), _prices(), LINEUP))
    rel = compute.relative_to(table, "A", ["bf16_dense_tflops", "memory_bandwidth_tb_s"])
    assert rel.loc["B"].tolist() == [4.0, 1.5]
    assert rel.loc["C", "memory_bandwidth_tb_s"] == 0.5
    assert compute.tpp_per_bf16_tflops(table).to_dict() == {"A": 16.0, "B": 16.0}


@pytest.mark.parametrize("price_metric, expected", [
    ("unit_price_estimate", "estimate"),
    ("unit_price_China_orders_reported", "China orders reported"),
])
def test_price_basis(price_metric, expected):
    assert compute.price_basis(price_metric) == expected


def _events(details: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"date": [f"2023-10-{17 + i}" for i in range(len(details))], "source_detail": details})


def test_tpp_threshold_is_read_from_the_quote():
    """In: a policy row quoting 'composite performance reaching 4800 or above'. Out: 4800 and who said it."""
    events = _events(['"licences required"', 'smbom.com: restriction applies to products with '
                                              '"composite performance reaching 4,800 or above" (TPP)'])
    threshold = compute.tpp_threshold(events)
    assert (threshold.tpp, threshold.quoted_by, threshold.date_label) == (4800.0, "smbom.com", "2023-10-18")


@pytest.mark.parametrize("details", [["no threshold here"], ['a.com: x "composite performance reaching 1 or above"'] * 2])
def test_tpp_threshold_needs_exactly_one_quote(details):
    with pytest.raises(LookupError, match="expected one quoted TPP threshold"):
        compute.tpp_threshold(_events(details))


def test_audit_rows_put_specs_beside_epoch_and_mark_what_epoch_lacks():
    """In: B's compute in the audit (Epoch has it), B's memory not (a web page). Out: a gap of
    0 for the first; NaN Epoch value and gap for the second."""
    specs = _specs().assign(source="s")
    audit = pd.DataFrame({"chip": ["B SXM"], "metric": ["bf16_fp16_tensor_dense"], "value": [400.0],
                          "unit": ["TFLOPS"], "epoch_value_si": [4e14], "epoch_unit": ["FLOP/s"]})
    got = compute.audit_rows(specs, audit, {"B": "B SXM"}, ["bf16_fp16_tensor_dense", "memory"])
    assert got["relative_gap"].iloc[0] == 0.0
    assert np.isnan(got["epoch_value_si"].iloc[1]) and np.isnan(got["relative_gap"].iloc[1])
    assert got["value"].tolist() == [400.0, 120.0]


def test_relative_gaps_convert_to_si_first():
    audit = pd.DataFrame({"value": [148.0, 96.0], "unit": ["TFLOPS", "GB"], "epoch_value_si": [1.48e14, 1.0e11]})
    assert compute.relative_gaps(audit).tolist() == pytest.approx([0.0, 0.04])


def test_figures_draw_one_bar_per_known_ratio_and_one_point_per_complete_chip():
    table = compute.spec_table(compute.lineup_values(_specs(), _prices(), LINEUP))
    ratios = compute.spec_ratios(table, numerator="C", denominator="A")
    fig = charts.ratio_bars(ratios, claim=2.0)
    assert len(fig.axes[0].patches) == ratios["ratio"].notna().sum()
    fig = charts.tpp_vs_bandwidth(table, threshold=4800.0)
    assert len([line for line in fig.axes[0].lines if line.get_marker() == "o"]) == 2  # C has no TPP


def test_channel_module_price_ratios_span_the_denominator_range():
    """In: an H200 module at 140, an H20 module before (88) and at its peak (105).
    Out: the ratio at the peak price (low end) and before it (high end)."""
    prices = pd.DataFrame({
        "chip": ["H200 8-GPU module", "H20 8-GPU module", "H20 8-GPU module", "H200"],
        "metric": ["channel_price_China", "channel_price_China_before", "channel_price_China_peak", "unit_price"],
        "value": [140.0, 88.0, 105.0, 1.0],
        "unit": ["CNY", "CNY", "CNY", "USD"],
    })
    low, high = compute.channel_module_price_ratios(prices, "H200 8-GPU module", "H20 8-GPU module")
    assert (low, high) == pytest.approx((140 / 105, 140 / 88))


def test_real_snapshot_every_epoch_number_is_audited():
    """The real chip_specs.csv: each number read from Epoch AI has an audit row, and none
    differs from Epoch's raw SI value beyond floating-point noise."""
    from analysis.raw import read_raw
    raw = read_raw("chip_specs")
    tables = step.transform(raw, read_raw("epoch_ml_hardware_subset"))
    from_epoch = raw["source"].str.startswith("Epoch AI") & ~raw["unit"].isin(["date", "text"])
    audit = tables["chip_spec_epoch_audit"]
    assert len(audit) == from_epoch.sum()
    assert compute.relative_gaps(audit).max() < 1e-9
