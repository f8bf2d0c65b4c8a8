"""Processing steps: parsers and transforms on small inline tables with known answers."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from analysis.errors import CrossCheckError
from analysis.processed import load_table, run_all_steps
from fakes import raw_table, snapshot_meta
from analysis.steps import all_steps
from analysis.steps import market_size, nvidia_financials
from analysis.steps._tidy import parse_calendar_period, parse_fiscal_period, parse_value, resolve_same_as_above, row_grades


@pytest.mark.parametrize(
    "label, expected",
    [
        ("FY2024", {"fiscal_year": 2024, "period_type": "year", "fiscal_quarter": None, "is_outlook": False}),
        ("Q3 FY2025", {"fiscal_year": 2025, "period_type": "quarter", "fiscal_quarter": 3, "is_outlook": False}),
        ("9M FY2025", {"fiscal_year": 2025, "period_type": "nine_months", "fiscal_quarter": None, "is_outlook": False}),
        ("Q2 FY2026 (outlook)", {"fiscal_year": 2026, "period_type": "quarter", "fiscal_quarter": 2, "is_outlook": True}),
    ],
)
def test_parse_fiscal_period(label, expected):
    assert parse_fiscal_period(label) == expected


def test_parse_fiscal_period_refuses_calendar_labels():
    with pytest.raises(ValueError, match="2024H1"):
        parse_fiscal_period("2024H1")


@pytest.mark.parametrize(
    "label, expected",
    [
        ("2022", {"calendar_year": 2022, "period_type": "year", "is_forecast": False}),
        ("2024H1", {"calendar_year": 2024, "period_type": "half_year", "is_forecast": False}),
        ("2029 (IDC forecast)", {"calendar_year": 2029, "period_type": "year", "is_forecast": True}),
        ("2025-10 (Huang)", None),
    ],
)
def test_parse_calendar_period(label, expected):
    assert parse_calendar_period(label) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2.38", {"value": 2.38, "value_to": None, "is_lower_bound": False}),
        (">100", {"value": 100.0, "value_to": None, "is_lower_bound": True}),
        ("95 -> 0", {"value": 95.0, "value_to": 0.0, "is_lower_bound": False}),
    ],
)
def test_parse_value(text, expected):
    assert parse_value(text) == expected


def test_same_as_above_takes_the_previous_source():
    values = pd.Series(["A", "same", "same as above", "B", "Same"], dtype="string")
    expected = pd.Series(["A", "A", "A", "B", "B"], dtype="string")
    assert_series_equal(resolve_same_as_above(values), expected)


def test_row_grades_first_matching_rule_wins_else_the_file_grade():
    frame = pd.DataFrame({"source": ["blog copy of 10-K", "10-K", "press"]}, dtype="string")
    meta = snapshot_meta("secondary", [
        {"column": "source", "contains": "blog", "grade": "weak", "note": "n"},
        {"column": "source", "contains": "10-K", "grade": "primary", "note": "n"},
    ])
    assert row_grades(frame, meta).tolist() == ["weak", "primary", "secondary"]


def _raw_market(rows: list[tuple]) -> pd.DataFrame:
    return raw_table(["market", "period", "metric", "value", "unit", "source", "source_detail"], rows)


def test_market_size_transform_splits_series_from_statements():
    """In: a size row, a forecast lower bound, a remark. Out: two tidy tables."""
    raw = _raw_market([
        ("China", "2023", "accelerated_server_market", "9.4", "USD billion", "IDC via X", None),
        ("China", "2029 (IDC forecast)", "accelerated_server_market", ">100", "USD billion", "same", None),
        ("China", "2025-10 (Huang)", "share", "95 -> 0", "percent", "Y", None),
    ])
    tables = market_size.transform(raw)
    expected_market = pd.DataFrame({
        "period_label": ["2023", "2029 (IDC forecast)"],
        "calendar_year": [2023, 2029],
        "period_type": ["year", "year"],
        "market_usd_bn": [9.4, 100.0],
        "is_lower_bound": [False, True],
        "is_forecast": [False, True],
        "source": ["IDC via X", "IDC via X"],
        "quality_grade": ["secondary", "secondary"],
    })
    got = market_size.STEP.outputs["china_accelerated_server_market"].validate(tables["china_accelerated_server_market"])
    assert_frame_equal(got, market_size.STEP.outputs["china_accelerated_server_market"].validate(expected_market))
    statements = tables["china_ai_market_statements"]
    assert statements[["value", "value_to"]].iloc[0].tolist() == [95.0, 0.0]


def test_nvidia_regions_must_sum_to_the_reported_total():
    """Two regions on lines 2-3 sum to 30; the total on line 4 says 40: both numbers and lines are named."""
    rows = raw_table(["fiscal_period", "region", "revenue_usd_m"], [
        ("FY2024", "China (including Hong Kong)", 10.0),
        ("FY2024", "United States", 20.0),
        ("FY2024", "Total", 40.0),
    ])
    rows.attrs["line_numbers"] = [2, 3, 4]
    rows["revenue_usd_m"] = rows["revenue_usd_m"].astype(float)
    regions, totals = rows[rows.region != "Total"], rows[rows.region == "Total"]
    with pytest.raises(CrossCheckError) as caught:
        nvidia_financials._check_regions_sum_to_total(regions, totals, rows)
    assert caught.value.sources == ["t.csv"]
    assert caught.value.disagreements == [
        "FY2024: the regions (lines 2-3) sum to 30, but the reported total (line 4) is 40 (USD million)"
    ]


def test_real_nvidia_china_revenue_is_as_the_10k_reports_it(project):
    run_all_steps()
    geography = load_table("nvidia_revenue_by_geography")
    china = geography[(geography.region == "China (including Hong Kong)") & (geography.period_type == "year")]
    assert dict(zip(china.fiscal_period, china.revenue_usd_m)) == {"FY2022": 7111.0, "FY2023": 5785.0, "FY2024": 10306.0}


def test_a_processed_table_is_rebuilt_when_its_raw_input_changes(project):
    run_all_steps()
    first = load_table("china_accelerated_server_market")
    snapshot_dir = project / "data" / "raw" / "market_size"
    (old,) = snapshot_dir.iterdir()
    new = snapshot_dir / "2027-01-01"
    new.mkdir()
    text = (old / "market_size.csv").read_text().replace(",2022,accelerated_server_market,6.7,", ",2022,accelerated_server_market,6.9,")
    (new / "market_size.csv").write_text(text)
    from analysis.provenance import write_sidecar
    import yaml
    meta = yaml.safe_load((old / "market_size.csv.meta.yaml").read_text())
    write_sidecar(new / "market_size.csv", {k: v for k, v in meta.items() if k != "snapshot"})
    second = load_table("china_accelerated_server_market")
    assert first.set_index("period_label").loc["2022", "market_usd_bn"] == 6.7
    assert second.set_index("period_label").loc["2022", "market_usd_bn"] == 6.9


def test_every_step_declares_inputs_that_exist():
    from analysis import provenance
    for step in all_steps().values():
        for name in step.inputs:
            provenance.find_snapshot(name)
