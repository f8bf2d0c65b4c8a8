"""Margins chapter: known answers for the unit economics, the blend, the margin series and
the SEC quarterly step."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import margins, unit_economics as ue
from analysis.processed import load_table
from fakes import raw_table, snapshot_meta, with_snapshot
from analysis.steps import sec_companyfacts_nvda as sec_step

# --- Unit economics of one chip ---------------------------------------------------------


@pytest.mark.parametrize(
    "margin, share, of_price, of_net",
    [
        (60, 25, 35.0, 100 * 35 / 75),  # the H200 case: 60% margin, 25% to the US
        (40, 15, 25.0, 100 * 25 / 85),  # the H20 case: 40% margin, 15% to the US
        (50, 0, 50.0, 50.0),  # no share: nothing changes
        (20, 30, -10.0, 100 * -10 / 70),  # a share above the margin leaves a loss
    ],
)
def test_the_margin_after_a_revenue_share(margin, share, of_price, of_net):
    """Margin after the share: m - s of the gross price, (m - s)/(1 - s) of the net revenue."""
    assert ue.margin_after_share_pct(margin, share) == pytest.approx(of_price)
    assert ue.margin_after_share_of_net_pct(margin, share) == pytest.approx(of_net)


def test_a_share_of_everything_leaves_no_net_revenue():
    with pytest.raises(ValueError, match="no net revenue"):
        ue.margin_after_share_of_net_pct(60, 100)


def test_chip_unit_economics_known_answer():
    """In: a $10,000 chip at 60% margin with a 25% share; a $20,000 chip at 30%, no share.

    Out: cost 4,000 / 14,000; profit before 6,000 / 6,000; share 2,500 / 0; profit after
    3,500 / 6,000; margins after 35% / 30% of price, 46.7% / 30% of net revenue.
    """
    chips = pd.DataFrame({"chip": ["A", "B"], "price_usd": [10_000.0, 20_000.0],
                          "gross_margin_pct": [60.0, 30.0], "us_share_pct": [25.0, 0.0]})
    expected = chips.assign(
        unit_cost_usd=[4_000.0, 14_000.0],
        gross_profit_before_share_usd=[6_000.0, 6_000.0],
        us_share_usd=[2_500.0, 0.0],
        gross_profit_after_share_usd=[3_500.0, 6_000.0],
        margin_after_share_of_price_pct=[35.0, 30.0],
        margin_after_share_of_net_pct=[100 * 3_500 / 7_500, 30.0],
    )
    assert_frame_equal(ue.chip_unit_economics(chips), expected)


def test_profit_after_share_is_price_times_margin_after_share():
    chips = pd.DataFrame({"chip": ["X"], "price_usd": [27_000.0], "gross_margin_pct": [61.0], "us_share_pct": [25.0]})
    row = ue.chip_unit_economics(chips).iloc[0]
    assert row.gross_profit_after_share_usd == pytest.approx(row.price_usd * row.margin_after_share_of_price_pct / 100)
    assert row.gross_profit_after_share_usd == pytest.approx(row.gross_profit_before_share_usd - row.us_share_usd)


def test_price_lookup_takes_one_usd_row():
    prices = pd.DataFrame({"chip": ["H20", "H200", "H20 8-GPU module"],
                           "metric": ["unit_price_estimate", "unit_price_China_orders_reported", "unit_price_estimate"],
                           "value": [12_000.0, 27_000.0, 880_000.0], "unit": ["USD", "USD", "CNY"]})
    assert ue.price_usd(prices, "H200", "unit_price_China_orders_reported") == 27_000.0
    with pytest.raises(ValueError, match="CNY"):
        ue.price_usd(prices, "H20 8-GPU module", "unit_price_estimate")
    with pytest.raises(LookupError, match="found 0"):
        ue.price_usd(prices, "H100", "unit_price_estimate")


# --- Blended margin ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "base, china, mix, expected",
    [
        (70.0, 35.0, 0.0, 70.0),
        (70.0, 35.0, 20.0, 63.0),  # 0.8 * 70 + 0.2 * 35
        (70.0, 35.0, 100.0, 35.0),
        (73.6, 25.0, 14.0, 0.86 * 73.6 + 0.14 * 25.0),
    ],
)
def test_blended_margin(base, china, mix, expected):
    assert ue.blended_margin_pct(base, china, mix) == pytest.approx(expected)


def test_blended_margin_refuses_a_mix_outside_0_100():
    with pytest.raises(ValueError, match="between 0% and 100%"):
        ue.blended_margin_pct(70, 35, 120)


def test_mix_effect_is_the_slope_of_the_blend():
    """(35 - 70) / 100 = -0.35 pp of margin per point of China mix."""
    assert ue.mix_effect_pp_per_pp(70.0, 35.0) == pytest.approx(-0.35)
    slope = ue.blended_margin_pct(70.0, 35.0, 11.0) - ue.blended_margin_pct(70.0, 35.0, 10.0)
    assert slope == pytest.approx(ue.mix_effect_pp_per_pp(70.0, 35.0))


def test_blended_margin_curve_known_answer():
    """Mixes 0, 5, 10 (the end point included), one block per chip in the order given."""
    got = ue.blended_margin_curve(70.0, {"H200": 35.0, "H20": 25.0}, 10.0, step_pct=5.0)
    expected = pd.DataFrame({
        "chip": ["H200"] * 3 + ["H20"] * 3,
        "china_mix_pct": [0.0, 5.0, 10.0] * 2,
        "blended_margin_pct": [70.0, 68.25, 66.5, 70.0, 67.75, 65.5],
    })
    assert_frame_equal(got, expected)


# --- The quarterly margin series --------------------------------------------------------


def _metrics(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["fiscal_period", "period_end_date", "metric", "value", "quality_grade"])
    frame["period_end_date"] = pd.to_datetime(frame["period_end_date"])
    frame["period_type"] = ["year" if p.startswith("FY") else "quarter" for p in frame["fiscal_period"]]
    frame["is_outlook"] = False
    frame["source"] = "doc"
    return frame


def _sec(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["fiscal_period", "period_end_date", "revenue_usd_m", "gross_margin_pct"])
    frame["period_end_date"] = pd.to_datetime(frame["period_end_date"])
    frame["quality_grade"] = "primary"
    return frame


METRICS = _metrics([
    ("Q1 FY2025", "2024-04-28", "gross_margin_GAAP", 78.4, "weak"),
    ("Q2 FY2025", "2024-07-28", "gross_margin_GAAP", 75.1, "primary"),
    ("Q2 FY2025", "2024-07-28", "gross_margin_nonGAAP", 75.7, "primary"),
    ("FY2025", "2025-01-26", "gross_margin_GAAP", 75.0, "secondary"),  # a year: not a quarter
    ("Q1 FY2026", "2025-04-27", "gross_margin_nonGAAP", 61.0, "secondary"),
    ("Q1 FY2026", "2025-04-27", "gross_margin_nonGAAP_ex_H20_charge", 71.3, "secondary"),
    ("Q1 FY2026", "2025-04-27", "H20_inventory_and_purchase_obligation_charge", 4500.0, "secondary"),
])
SEC = _sec([
    ("Q1 FY2025", "2024-04-28", 26044.0, 78.35),
    ("Q2 FY2025", "2024-07-28", 30040.0, 75.15),
    ("Q1 FY2026", "2025-04-27", 45000.0, 60.52),
])


def test_compare_gaap_margins_lists_the_quarters_in_both_with_the_difference():
    """Compiled Q1, Q2 FY2025 against SEC: differences 78.4 - 78.35 and 75.1 - 75.15."""
    got = margins.compare_gaap_margins(METRICS, SEC)
    expected = pd.DataFrame({
        "fiscal_period": ["Q1 FY2025", "Q2 FY2025"],
        "period_end_date": pd.to_datetime(["2024-04-28", "2024-07-28"]),
        "compiled_pct": [78.4, 75.1],
        "compiled_grade": ["weak", "primary"],
        "sec_pct": [78.35, 75.15],
        "difference_pp": [78.4 - 78.35, 75.1 - 75.15],
    })
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("difference, decimals, agrees", [(0.05, 1, True), (-0.049, 1, True), (0.06, 1, False),
                                                         (0.4, 0, True), (0.6, 0, False)])
def test_within_rounding(difference, decimals, agrees):
    assert margins.within_rounding(pd.Series([difference]), decimals).iloc[0] == agrees


def test_series_fills_gaap_gaps_from_sec_and_keeps_each_source():
    """GAAP: compiled Q1, Q2 FY2025, SEC fills Q1 FY2026; non-GAAP: compiled only."""
    got = margins.quarterly_margin_series(METRICS, SEC)
    expected = pd.DataFrame({
        "fiscal_period": ["Q1 FY2025", "Q2 FY2025", "Q2 FY2025", "Q1 FY2026", "Q1 FY2026"],
        "period_end_date": pd.to_datetime(["2024-04-28", "2024-07-28", "2024-07-28", "2025-04-27", "2025-04-27"]),
        "basis": ["GAAP", "GAAP", "non-GAAP", "GAAP", "non-GAAP"],
        "margin_pct": [78.4, 75.1, 75.7, 60.52, 61.0],
        "margin_source": [margins.COMPILED, margins.COMPILED, margins.COMPILED, margins.SEC_XBRL, margins.COMPILED],
        "quality_grade": ["weak", "primary", "primary", "primary", "secondary"],
    })
    assert_frame_equal(got, expected, check_dtype=False)
    latest = margins.latest_margin(got, "GAAP")
    assert (latest["fiscal_period"], latest["margin_source"]) == ("Q1 FY2026", margins.SEC_XBRL)
    with pytest.raises(ValueError, match="basis"):
        margins.latest_margin(got, "adjusted")


def test_h20_charge_quarter_reads_the_charge_and_both_margins():
    """$4.5bn on $45bn revenue is 10 pp of revenue; NVIDIA's margins differ by 71.3 - 61.0."""
    charge = margins.h20_charge_quarter(METRICS, SEC)
    assert charge.fiscal_period == "Q1 FY2026"
    assert charge.charge_share_of_revenue_pp == pytest.approx(10.0)
    assert charge.margin_gap_pp == pytest.approx(10.3)


# --- The SEC quarterly step -------------------------------------------------------------


def _facts(rows: list[tuple]) -> pd.DataFrame:
    columns = ["concept", "start", "end", "val", "accn", "fy", "fp", "form", "filed", "frame"]
    return raw_table(columns, [(*r[:4], r[4], "2025", "Q1", r[5], r[6], None) for r in rows], snapshot_meta("primary"))


def _three(start, end, revenue, cost, accn, form, filed):
    """Revenues, CostOfRevenue and GrossProfit facts of one period (values in USD million)."""
    return [
        ("Revenues", start, end, str(revenue * 10**6), accn, form, filed),
        ("CostOfRevenue", start, end, str(cost * 10**6), accn, form, filed),
        ("GrossProfit", start, end, str((revenue - cost) * 10**6), accn, form, filed),
    ]


def test_sec_step_known_answer():
    """In: Q1-Q3 of a fiscal year, its nine months and full year, and a re-reported Q1 with a
    restated value filed later. Out: Q1 (the later value), Q2, Q3 and Q4 = year - nine months."""
    facts = _facts(
        _three("2024-01-29", "2024-04-28", 100, 40, "0000000001-24-000001", "10-Q", "2024-05-29")
        + _three("2024-01-29", "2024-04-28", 110, 40, "0000000001-25-000001", "10-Q", "2025-05-28")  # re-reported
        + _three("2024-04-29", "2024-07-28", 200, 50, "0000000001-24-000002", "10-Q", "2024-08-28")
        + _three("2024-01-29", "2024-07-28", 310, 90, "0000000001-24-000002", "10-Q", "2024-08-28")  # half: unused
        + _three("2024-07-29", "2024-10-27", 300, 60, "0000000001-24-000003", "10-Q", "2024-11-20")
        + _three("2024-01-29", "2024-10-27", 610, 150, "0000000001-24-000003", "10-Q", "2024-11-20")
        + _three("2024-01-29", "2025-01-26", 1010, 250, "0000000001-25-000002", "10-K", "2025-02-26")
    )
    got = sec_step.transform(facts)["nvidia_sec_quarterly_gross_margin"]
    expected = pd.DataFrame({
        "fiscal_period": ["Q1 FY2025", "Q2 FY2025", "Q3 FY2025", "Q4 FY2025"],
        "fiscal_year": [2025] * 4,
        "fiscal_quarter": [1, 2, 3, 4],
        "period_start_date": pd.to_datetime(["2024-01-29", "2024-04-29", "2024-07-29", "2024-10-28"]),
        "period_end_date": pd.to_datetime(["2024-04-28", "2024-07-28", "2024-10-27", "2025-01-26"]),
        "revenue_usd_m": [110.0, 200.0, 300.0, 400.0],
        "cost_of_revenue_usd_m": [40.0, 50.0, 60.0, 100.0],
        "gross_profit_usd_m": [70.0, 150.0, 240.0, 300.0],
        "gross_margin_pct": [100 * 70 / 110, 75.0, 80.0, 75.0],
        "quarter_derivation": [sec_step.REPORTED] * 3 + [sec_step.DERIVED],
        "source": [
            "SEC XBRL companyfacts: 10-Q 0000000001-25-000001",
            "SEC XBRL companyfacts: 10-Q 0000000001-24-000002",
            "SEC XBRL companyfacts: 10-Q 0000000001-24-000003",
            "SEC XBRL companyfacts: 10-K 0000000001-25-000002 minus 10-Q 0000000001-24-000003",
        ],
        "quality_grade": ["primary"] * 4,
    })
    schema = sec_step.STEP.outputs["nvidia_sec_quarterly_gross_margin"]
    assert_frame_equal(schema.validate(got), schema.validate(expected))


def test_sec_step_stops_when_revenue_minus_cost_is_not_gross_profit():
    rows = _three("2024-01-29", "2024-04-28", 100, 40, "0000000001-24-000001", "10-Q", "2024-05-29")
    rows[2] = ("GrossProfit", "2024-01-29", "2024-04-28", str(75 * 10**6), "0000000001-24-000001", "10-Q", "2024-05-29")
    with pytest.raises(ValueError, match=r"revenue - cost of revenue must equal gross profit[\s\S]*Q1 FY2025[^\n]*= 60, but gross profit is 75"):
        sec_step.transform(_facts(rows))


@pytest.mark.parametrize("days, kind", [(91, "quarter"), (98, "quarter"), (182, None), (273, "nine_months"),
                                        (364, "year"), (371, "year"), (30, None)])
def test_period_kind_by_length(days, kind):
    assert sec_step.period_kind(days) == kind


@pytest.mark.parametrize("end, year", [("2025-01-26", 2025), ("2024-04-28", 2025), ("2024-10-27", 2025),
                                       ("2026-01-25", 2026), ("2026-04-26", 2027)])
def test_fiscal_year_of_a_period_end(end, year):
    assert sec_step.fiscal_year_of(pd.Timestamp(end)) == year


# --- The real data ----------------------------------------------------------------------


def test_real_sec_quarters_match_the_compiled_revenue_and_gaap_margins():
    """Every quarter's SEC revenue equals the compiled revenue, and every compiled GAAP margin
    (rounded to 0.1 pp, some read in weak sources) lies within rounding of the SEC margin."""
    sec = load_table("nvidia_sec_quarterly_gross_margin")
    metrics = load_table("nvidia_metrics")
    assert sec["fiscal_period"].iloc[0] == "Q1 FY2023" and len(sec) == 17  # Q1 FY2023 .. Q1 FY2027
    revenue = metrics[(metrics["metric"] == "revenue") & (metrics["period_type"] == "quarter")]
    both = revenue.merge(sec, on="fiscal_period")
    assert len(both) >= 10
    assert (both["value"] == both["revenue_usd_m"]).all(), both[["fiscal_period", "value", "revenue_usd_m"]]
    check = margins.compare_gaap_margins(metrics, sec)
    assert margins.within_rounding(check["difference_pp"]).all(), check


def test_the_margin_assumptions_default_to_the_articles_claims():
    """The defaults of the two margin parameters are the article's '>60%' (H200) and '<40%' (H20),
    and their descriptions say they are assumptions."""
    import yaml

    from analysis.parameters.margins import MarginParameters
    from conftest import REPO

    defaults = yaml.safe_load((REPO / "params" / "default.yaml").read_text())
    claims = load_table("seed_claims").set_index("claim_id")["claim_value"]
    assert defaults["h200_gross_margin_pct"] == claims["h200_margin"]
    assert defaults["h20_gross_margin_pct"] == claims["h20_margin"]
    for name in ("h200_gross_margin_pct", "h20_gross_margin_pct"):
        assert MarginParameters.model_fields[name].description.startswith("Assumption, not data")


def test_the_charts_draw_from_small_inputs():
    """Each figure builds from a small table; the blend figure skips a reference mix outside its range."""
    import matplotlib.pyplot as plt

    from analysis.charts import margins as charts

    series = margins.quarterly_margin_series(METRICS, SEC)
    fig = charts.quarterly_gross_margins(series, margins.h20_charge_quarter(METRICS, SEC))
    assert fig.axes[0].get_xticklabels()[-1].get_text() == "Q1\nFY26"
    chips = pd.DataFrame({"chip": ["H20", "H200"], "price_usd": [12_000.0, 27_000.0],
                          "gross_margin_pct": [40.0, 60.0], "us_share_pct": [15.0, 25.0]})
    fig2 = charts.chip_unit_economics(ue.chip_unit_economics(chips))
    assert len(fig2.axes[0].patches) == 6  # three segments per chip
    curve = ue.blended_margin_curve(73.6, {"H20": 25.0, "H200": 35.0}, 10.0)
    fig3 = charts.blended_margin_by_china_mix(curve, 73.6, "base", {}, {"in": 5.0, "out": 19.0})
    texts = [t.get_text() for t in fig3.axes[0].texts]
    assert "in" in texts and "out" not in texts
    plt.close("all")
