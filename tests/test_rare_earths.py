"""Rare earths: known answers for the concentration, revision, US and price functions, and the
processing steps' parsers and sanity checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import rare_earth_prices as prices_model
from analysis import rare_earths
from fakes import raw_table, snapshot_meta, with_snapshot
from analysis.raw import read_raw
from analysis.steps import critical_minerals_reliance, rare_earth_production, rare_earth_prices, rare_earth_us_salient
from analysis.steps._usgs import parse_usgs_year


# --- HHI and concentration ----------------------------------------------------------------

@pytest.mark.parametrize(
    "shares, expected",
    [
        ([50, 30, 20], 3800.0),  # the textbook case
        ([100], 10_000.0),  # monopoly
        ([25, 25, 25, 25], 2500.0),  # four equal producers: 10,000 / 4
        ([10] * 10, 1000.0),
        ([], 0.0),
    ],
)
def test_hhi_of_known_distributions(shares, expected):
    assert rare_earths.hhi(shares) == pytest.approx(expected)


@pytest.mark.parametrize("shares", [[60, 50], [-5, 50]])
def test_hhi_refuses_impossible_shares(shares):
    with pytest.raises(ValueError, match="shares must be"):
        rare_earths.hhi(shares)


def _production(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["mcs_edition", "producing_country", "producer_kind", "calendar_year",
                                       "is_preliminary", "production_t_reo"])


def test_concentration_shares_of_the_listed_total_and_hhi_bounds():
    """In: edition A lists China 60, X 30 and a residual of 10 (world total rounded to 100);
    edition B lists China 50 and X 50 with a rounded world total of 90 (no residual).

    Out: A: China 60%, HHI 3,600 + 900 = 4,500 (residual as many tiny producers) to 4,600
    (residual as one producer); B: 50%, HHI 5,000 both ways, 55.6% of the rounded total.
    """
    production = _production([
        ("MCS2030", "China", "country", 2029, True, 60.0),
        ("MCS2030", "X", "country", 2029, True, 30.0),
        ("MCS2030", "Other countries", "other countries", 2029, True, 10.0),
        ("MCS2030", "World total (rounded)", "world total", 2029, True, 100.0),
        ("MCS2031", "China", "country", 2030, False, 50.0),
        ("MCS2031", "X", "country", 2030, False, 50.0),
        ("MCS2031", "World total (rounded)", "world total", 2030, False, 90.0),
    ])
    expected = pd.DataFrame({
        "mcs_edition": ["MCS2030", "MCS2031"],
        "calendar_year": [2029, 2030],
        "is_preliminary": [True, False],
        "listed_total_t_reo": [100.0, 100.0],
        "world_total_t_reo": [100.0, 90.0],
        "china_t_reo": [60.0, 50.0],
        "china_share_pct": [60.0, 50.0],
        "china_share_of_world_total_pct": [60.0, 100 * 50 / 90],
        "other_countries_share_pct": [10.0, 0.0],
        "hhi_lower": [4500.0, 5000.0],
        "hhi_upper": [4600.0, 5000.0],
        "equivalent_producers": [10_000 / 4600, 2.0],
    })
    assert_frame_equal(rare_earths.concentration(production), expected)


def test_concentration_needs_exactly_one_china_row():
    production = _production([("MCS2030", "X", "country", 2029, True, 30.0)])
    with pytest.raises(ValueError, match="MCS2030 2029: expected one row for China, found 0"):
        rare_earths.concentration(production)


def test_latest_estimate_is_the_newest_editions_last_year():
    table = pd.DataFrame({"mcs_edition": ["MCS2024", "MCS2025", "MCS2025"], "calendar_year": [2023, 2024, 2023]})
    row = rare_earths.latest_estimate(table)
    assert (row["mcs_edition"], row["calendar_year"]) == ("MCS2025", 2024)


# --- Edition revisions --------------------------------------------------------------------

def test_edition_revisions_for_the_shared_year():
    """In: MCS2024 covers 2022-2023, MCS2025 2023-2024; 2023 is shared. China 100 -> 110,
    X 10 -> 5, Z zero in both, Y only in MCS2025, a residual only in MCS2025.

    Out (2023 only): China +10%, X -50%, Z no percentage (zero base), Y and the residual with
    no earlier value; countries by size, then the residual, then the world total.
    """
    production = _production([
        ("MCS2024", "China", "country", 2022, False, 90.0),
        ("MCS2024", "China", "country", 2023, True, 100.0),
        ("MCS2024", "X", "country", 2023, True, 10.0),
        ("MCS2024", "Z", "country", 2023, True, 0.0),
        ("MCS2024", "World total (rounded)", "world total", 2023, True, 110.0),
        ("MCS2025", "China", "country", 2023, False, 110.0),
        ("MCS2025", "X", "country", 2023, False, 5.0),
        ("MCS2025", "Y", "country", 2023, False, 7.0),
        ("MCS2025", "Z", "country", 2023, False, 0.0),
        ("MCS2025", "Other countries", "other countries", 2023, False, 1.0),
        ("MCS2025", "World total (rounded)", "world total", 2023, False, 120.0),
        ("MCS2025", "China", "country", 2024, True, 130.0),
    ])
    expected = pd.DataFrame({
        "producing_country": ["China", "Y", "X", "Z", "Other countries", "World total (rounded)"],
        "producer_kind": ["country"] * 4 + ["other countries", "world total"],
        "calendar_year": [2023] * 6,
        "earlier_edition": ["MCS2024"] * 6,
        "later_edition": ["MCS2025"] * 6,
        "earlier_t_reo": [100.0, np.nan, 10.0, 0.0, np.nan, 110.0],
        "later_t_reo": [110.0, 7.0, 5.0, 0.0, 1.0, 120.0],
        "revision_t_reo": [10.0, np.nan, -5.0, 0.0, np.nan, 10.0],
        "revision_pct": [10.0, np.nan, -50.0, np.nan, np.nan, 100 * 10 / 110],
    })
    assert_frame_equal(rare_earths.edition_revisions(production), expected, check_dtype=False)


def test_edition_revisions_need_a_shared_year():
    production = _production([
        ("MCS2024", "China", "country", 2023, True, 1.0),
        ("MCS2025", "China", "country", 2024, True, 1.0),
    ])
    with pytest.raises(ValueError, match="cover no year in common"):
        rare_earths.edition_revisions(production)


# --- Mining vs refining -------------------------------------------------------------------

def test_china_shares_by_stage_puts_iea_beside_usgs():
    """In: IEA refining 92 (2023) and 77 (2030 projection), a group row to ignore; USGS mine
    share 68.5% (MCS2025, 2024). Out: three China rows, refining after mining."""
    stage_shares = pd.DataFrame({
        "producer_group": ["China", "China", "China+Malaysia+Australia"],
        "supply_stage": ["refining", "refining", "refining"],
        "period_label": ["2023", "2030 (IEA projection)", "2023"],
        "calendar_year": [2023, 2030, 2023],
        "is_forecast": [False, True, False],
        "share_of_world_pct": [92.0, 77.0, 98.0],
        "source": ["IEA GCMO 2024 (secondary)"] * 3,
        "quality_grade": ["secondary"] * 3,
    })
    table = pd.DataFrame({"mcs_edition": ["MCS2025"], "calendar_year": [2024], "china_share_pct": [68.5]})
    expected = pd.DataFrame({
        "publisher": ["USGS MCS2025", "IEA", "IEA"],
        "supply_stage": ["mining", "refining", "refining"],
        "period_label": ["2024", "2023", "2030 (IEA projection)"],
        "calendar_year": [2024, 2023, 2030],
        "is_forecast": [False, False, True],
        "share_pct": [68.5, 92.0, 77.0],
        "quality_grade": ["primary", "secondary", "secondary"],
    })
    assert_frame_equal(rare_earths.china_shares_by_stage(stage_shares, table), expected, check_dtype=False)


# --- US dependence ------------------------------------------------------------------------

def _salient(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["mcs_edition", "period_label", "first_year", "last_year", "is_preliminary",
                                       "metric", "value", "is_lower_bound", "source", "quality_grade"])


def test_annual_series_keeps_one_year_rows_of_the_metrics_asked():
    salient = _salient([
        ("MCS2025", "2024e", 2024, 2024, True, "nir", 80.0, False, "USGS", "primary"),
        ("MCS2025", "2023", 2023, 2023, False, "nir", 95.0, True, "USGS", "primary"),
        ("MCS2025", "2020-2023", 2020, 2023, False, "nir", 1.0, False, "USGS", "primary"),
        ("MCS2025", "2023", 2023, 2023, False, "other", 5.0, False, "USGS", "primary"),
    ])
    expected = pd.DataFrame({
        "mcs_edition": ["MCS2025", "MCS2025"],
        "calendar_year": [2023, 2024],
        "metric": ["nir", "nir"],
        "value": [95.0, 80.0],
        "is_lower_bound": [True, False],
        "is_preliminary": [False, True],
        "quality_grade": ["primary", "primary"],
    })
    assert_frame_equal(rare_earths.annual_series(salient, ["nir"]), expected)


def test_annual_series_refuses_two_metrics_for_one_edition_year():
    salient = _salient([
        ("MCS2025", "2023", 2023, 2023, False, "a", 1.0, False, "USGS", "primary"),
        ("MCS2025", "2023", 2023, 2023, False, "b", 2.0, False, "USGS", "primary"),
    ])
    with pytest.raises(ValueError, match="more than one metric"):
        rare_earths.annual_series(salient, ["a", "b"])


def test_compare_editions_pairs_consecutive_editions_of_a_year():
    """2018 in MCS2019 (15,000) and MCS2021 (14,000): -1,000, -6.7%; 2019 in one edition only: no row."""
    frame = pd.DataFrame({
        "mcs_edition": ["MCS2019", "MCS2021", "MCS2021"],
        "calendar_year": [2018, 2018, 2019],
        "value": [15_000.0, 14_000.0, 28_000.0],
    })
    expected = pd.DataFrame({
        "calendar_year": [2018],
        "earlier_edition": ["MCS2019"],
        "later_edition": ["MCS2021"],
        "earlier_value": [15_000.0],
        "later_value": [14_000.0],
        "change": [-1_000.0],
        "change_pct": [-100 / 15],
        "is_revised": [True],
    })
    assert_frame_equal(rare_earths.compare_editions(frame, [], "value"), expected)


def test_china_share_of_us_imports_from_usgs_and_press():
    salient = _salient([
        ("MCS2025", "2020-2023", 2020, 2023, False, "import_source_share_China_incl_HK", 70.0, False, "USGS", "primary"),
        ("MCS2025", "2020-2023", 2020, 2023, False, "import_source_share_Japan", 6.0, False, "USGS", "primary"),
    ])
    reports = pd.DataFrame({
        "mcs_edition": ["MCS2026", "MCS2026"],
        "calendar_year": [2025, 2025],
        "metric": ["China share of US rare earth imports", "China share of US antimony imports"],
        "value": [70.0, 55.0],
        "is_approximate": [True, False],
        "source": ["outlet", "outlet"],
        "quality_grade": ["weak", "weak"],
    })
    expected = pd.DataFrame({
        "mcs_edition": ["MCS2025", "MCS2026"],
        "period_label": ["2020-2023", "2025"],
        "share_pct": [70.0, 70.0],
        "is_approximate": [False, True],
        "source": ["USGS", "outlet"],
        "quality_grade": ["primary", "weak"],
    })
    assert_frame_equal(rare_earths.china_share_of_us_imports(salient, reports), expected)


# --- Prices -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "product, element",
    [
        ("Neodymium oxide, 99.5% min", "Neodymium"),
        ("Terbium oxide, 99.99% min", "Terbium"),
        ("Mischmetal, 65% Ce / 35% La", "Mischmetal"),
    ],
)
def test_element_of(product, element):
    assert prices_model.element_of(product) == element


def test_product_order_puts_the_magnet_elements_first():
    products = pd.Series(["Cerium oxide, x", "Terbium oxide, x", "Neodymium oxide, x", "Dysprosium oxide, x", "Cerium oxide, x"])
    assert prices_model.product_order(products) == [
        "Neodymium oxide, x", "Dysprosium oxide, x", "Terbium oxide, x", "Cerium oxide, x",
    ]


def _prices(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["product", "mcs_edition", "calendar_year", "is_preliminary",
                                       "price_usd_per_kg", "quality_grade"])


def test_preferred_prices_take_the_newest_edition_and_flag_revisions():
    """2018: MCS2019 51 (e) vs MCS2021 50 -> 50, revised; 2017: both 50 -> 50, not revised;
    2019: MCS2021 only."""
    prices = _prices([
        ("Nd oxide, 99.5%", "MCS2021", 2018, False, 50.0, "weak"),
        ("Nd oxide, 99.5%", "MCS2019", 2018, True, 51.0, "weak"),
        ("Nd oxide, 99.5%", "MCS2019", 2017, False, 50.0, "weak"),
        ("Nd oxide, 99.5%", "MCS2021", 2017, False, 50.0, "weak"),
        ("Nd oxide, 99.5%", "MCS2021", 2019, False, 45.0, "secondary"),
    ])
    expected = pd.DataFrame({
        "product": ["Nd oxide, 99.5%"] * 3,
        "element": ["Nd"] * 3,
        "calendar_year": [2017, 2018, 2019],
        "price_usd_per_kg": [50.0, 50.0, 45.0],
        "mcs_edition": ["MCS2021"] * 3,
        "is_preliminary": [False, False, False],
        "quality_grade": ["weak", "weak", "secondary"],
        "editions_n": [2, 2, 1],
        "is_revised": [False, True, False],
    })
    assert_frame_equal(prices_model.preferred_prices(prices), expected)


def test_price_summary_finds_the_peak_and_the_fall_from_it():
    """10 -> 40 (peak) -> 30: the last price is 25% below the peak."""
    preferred = pd.DataFrame({
        "product": ["Tb oxide"] * 3,
        "calendar_year": [2020, 2021, 2022],
        "price_usd_per_kg": [10.0, 40.0, 30.0],
        "is_preliminary": [False, False, True],
    })
    row = prices_model.price_summary(preferred).iloc[0]
    assert (row.first_year, row.peak_year, row.peak_price, row.last_year) == (2020, 2021, 40.0, 2022)
    assert row.last_vs_peak_pct == pytest.approx(-25.0)
    assert row.last_is_preliminary


@pytest.mark.parametrize(
    "date, expected",
    [("2023-01-01", 2023.0), ("2023-07-02", 2023 + 182 / 365), ("2024-12-31", 2024 + 365 / 366)],
)
def test_decimal_year(date, expected):
    assert prices_model.decimal_year(pd.Timestamp(date)) == pytest.approx(expected)


def test_events_split_at_the_end_of_the_last_price_year():
    """Prices 2014-2024: an event on 31 Dec 2024 is inside, 1 Jan 2025 after, 2013 dropped."""
    events = pd.DataFrame({
        "event_date": pd.to_datetime(["2025-01-01", "2024-12-31", "2013-06-01", "2014-01-01"]),
        "measure": ["after", "last day", "too early", "first day"],
    })
    inside, after = prices_model.split_events_by_price_range(events, 2014, 2024)
    assert inside["measure"].tolist() == ["first day", "last day"]
    assert after["measure"].tolist() == ["after"]


# --- Processing steps ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "label, expected",
    [
        ("2022", {"first_year": 2022, "last_year": 2022, "is_marked_e": False}),
        ("2024e", {"first_year": 2024, "last_year": 2024, "is_marked_e": True}),
        ("2020-2023", {"first_year": 2020, "last_year": 2023, "is_marked_e": False}),
    ],
)
def test_parse_usgs_year(label, expected):
    assert parse_usgs_year(label) == expected


def test_parse_usgs_year_refuses_other_labels():
    with pytest.raises(ValueError, match="2023 \\(as of MCS2024\\)"):
        parse_usgs_year("2023 (as of MCS2024)")


def _release(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["Country", "Prod_t_est_2022", "Prod_t_est_2023", "Reserves_t"], dtype="string")


def _compiled(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["country", "year", "metric", "value", "source"], dtype="string")


def _compiled_burma(value_2023: str) -> pd.DataFrame:
    return _compiled([
        ("Burma", "2022", "mine_production", "12000", "USGS MCS2024"),
        ("Burma", "2023", "mine_production", value_2023, "USGS MCS2024"),
        ("Burma", "2023 (as of MCS2024)", "reserves", "NA", "USGS MCS2024"),
        ("Burma", "2023", "mine_production", "43000", "USGS MCS2025"),  # another edition: not compared
    ])


def test_mcs2024_rows_that_match_the_data_release_pass():
    release = _release([("Burma", "12000", "38000", "NA")])
    rare_earth_production.check_against_data_release(_compiled_burma("38000"), release)


def test_an_mcs2024_row_that_differs_from_the_data_release_is_named():
    release = _release([("Burma", "12000", "38000", "NA")])
    with pytest.raises(ValueError, match=r"Burma 2023 mine_production: compiled 39000 \(record 2\) vs data release 38000 \(record 1, Prod_t_est_2023\)"):
        rare_earth_production.check_against_data_release(_compiled_burma("39000"), release)


def test_a_country_missing_from_the_compilation_is_named():
    release = _release([("Burma", "12000", "38000", "NA"), ("Chad", "1", "2", "3")])
    with pytest.raises(ValueError, match="Chad 2022 mine_production: missing from rare_earth_production.csv"):
        rare_earth_production.check_against_data_release(_compiled_burma("38000"), release)


def test_the_real_mcs2024_rows_match_the_usgs_data_release():
    rare_earth_production.check_against_data_release(
        read_raw("rare_earth_production"), read_raw("usgs_mcs2024_raree_world")
    )


def test_listed_rows_that_miss_the_world_total_are_named():
    production = _production([
        ("MCS2025", "China", "country", 2024, True, 270.0),
        ("MCS2025", "X", "country", 2024, True, 100.0),
        ("MCS2025", "World total (rounded)", "world total", 2024, True, 390.0),
    ])
    with pytest.raises(ValueError, match=r"MCS2025 2024: listed rows \(records 1-2\) sum to 370 t vs world total 390 t \(record 3\)"):
        rare_earth_production.check_listed_rows_add_up_to_world(production)


def test_production_transform_tidies_usgs_rows_and_iea_shares():
    """In: MCS2025 rows for 2023 and 2024e (China, 'Other', world total), a reserves row and an
    IEA projection. Out: production with 2024 preliminary and the residual renamed; one share row."""
    columns = ["country", "year", "metric", "value", "unit", "source", "source_detail"]
    raw = raw_table(columns, [
        ("China", "2023", "mine_production", "255000", "t REO equivalent", "USGS MCS2025", "d"),
        ("Other", "2023", "mine_production", "1000", "t REO equivalent", "USGS MCS2025", "d"),
        ("World total (rounded)", "2023", "mine_production", "256000", "t REO equivalent", "USGS MCS2025", "d"),
        ("China", "2024e", "mine_production", "270000", "t REO equivalent", "USGS MCS2025", "d"),
        ("World total (rounded)", "2024e", "mine_production", "270000", "t REO equivalent", "USGS MCS2025", "d"),
        ("China", "2024 (as of MCS2025)", "reserves", "44000000", "t REO equivalent", "USGS MCS2025", "d"),
        ("China", "2030 (IEA projection)", "share_of_global_REE_mining", "54", "percent", "IEA GCMO 2024 (secondary)", "d"),
    ], snapshot_meta("primary", [{"column": "source", "contains": "IEA", "grade": "secondary", "note": "n"}]))
    release = raw_table(["Country", "Prod_t_est_2022", "Prod_t_est_2023", "Reserves_t"], [], snapshot_meta("primary", []))
    tables = rare_earth_production.transform(raw, release)
    production = rare_earth_production.STEP.outputs["rare_earth_mine_production"].validate(
        tables["rare_earth_mine_production"])
    assert production[["producing_country", "calendar_year", "is_preliminary", "producer_kind"]].values.tolist() == [
        ["China", 2023, False, "country"],
        ["Other countries", 2023, False, "other countries"],
        ["World total (rounded)", 2023, False, "world total"],
        ["China", 2024, True, "country"],
        ["World total (rounded)", 2024, True, "world total"],
    ]
    shares = tables["rare_earth_stage_shares"]
    assert shares[["supply_stage", "calendar_year", "is_forecast", "share_of_world_pct", "quality_grade"]].values.tolist() == [
        ["mining", 2030, True, 54.0, "secondary"],
    ]


def test_salient_transform_reads_dashes_bounds_and_spans():
    columns = ["mcs_edition", "year", "metric", "value", "unit", "source", "source_detail"]
    raw = raw_table(columns, [
        ("MCS2025", "2020", "production_compounds_and_metals", '0 ("—")', "t", "USGS MCS2025", "d"),
        ("MCS2025", "2023", "net_import_reliance_compounds_and_metals", ">95", "percent", "USGS MCS2025", "d"),
        ("MCS2025", "2024e", "net_import_reliance_compounds_and_metals", "80", "percent", "USGS MCS2025", "d"),
        ("MCS2025", "2020-2023", "import_source_share_China_incl_HK", "70", "percent", "USGS MCS2025", "d"),
        ("MCS2021", "2020e", "net_import_reliance_compounds_and_metals", "100", "percent", "USGS MCS2021", "docslib"),
    ], snapshot_meta("primary", [{"column": "source_detail", "contains": "docslib", "grade": "secondary", "note": "n"}]))
    out = rare_earth_us_salient.transform(raw)["rare_earth_us_salient"]
    got = out.set_index(["mcs_edition", "period_label"])[
        ["first_year", "last_year", "is_preliminary", "value", "is_lower_bound", "quality_grade"]]
    assert got.loc[("MCS2025", "2020")].tolist() == [2020, 2020, False, 0.0, False, "primary"]
    assert got.loc[("MCS2025", "2023")].tolist() == [2023, 2023, False, 95.0, True, "primary"]
    assert got.loc[("MCS2025", "2024e")].tolist() == [2024, 2024, True, 80.0, False, "primary"]
    assert got.loc[("MCS2025", "2020-2023")].tolist() == [2020, 2023, False, 70.0, False, "primary"]
    assert got.loc[("MCS2021", "2020e")].tolist() == [2020, 2020, True, 100.0, False, "secondary"]


def test_an_e_year_that_is_not_the_editions_latest_is_refused():
    columns = ["product", "year", "value", "unit", "mcs_edition", "source", "source_detail"]
    raw = raw_table(columns, [
        ("Nd oxide", "2019e", "45", "USD/kg (annual average)", "MCS2021", "USGS MCS2021", "d"),
        ("Nd oxide", "2020", "47", "USD/kg (annual average)", "MCS2021", "USGS MCS2021", "d"),
    ], snapshot_meta("primary", []))
    with pytest.raises(ValueError, match="MCS2021 2019"):
        rare_earth_prices.transform(raw)


def test_price_rows_with_an_inferred_element_are_graded_weak():
    columns = ["product", "year", "value", "unit", "mcs_edition", "source", "source_detail"]
    raw = raw_table(columns, [
        ("Nd oxide", "2018e", "51", "USD/kg (annual average)", "MCS2019", "USGS MCS2019",
         "docslib; ELEMENT NAME INFERRED from row order"),
        ("Dy oxide", "2018e", "180", "USD/kg (annual average)", "MCS2019", "USGS MCS2019", "docslib"),
    ], snapshot_meta("primary", [
        {"column": "source_detail", "contains": "ELEMENT NAME INFERRED", "grade": "weak", "note": "n"},
        {"column": "source_detail", "contains": "docslib", "grade": "secondary", "note": "n"},
    ]))
    out = rare_earth_prices.transform(raw)["rare_earth_oxide_prices"]
    assert dict(zip(out["product"], out["quality_grade"])) == {"Dy oxide": "secondary", "Nd oxide": "weak"}
    assert out["is_preliminary"].all()


def test_reliance_reports_split_year_and_edition_and_resolve_same():
    columns = ["country", "year", "metric", "value", "unit", "source", "source_detail"]
    raw = raw_table(columns, [
        ("United States", "2025 (MCS2026)", "China share of US rare earth imports", "about 70", "percent",
         "newstarget.com citing USGS MCS2026", "q"),
        ("United States", "2025 (MCS2026)", "China share of US antimony imports", "55", "percent", "same", "same"),
        ("United States", "2024 (MCS2025)", "count", "12", "count", "livemint", "q"),
    ], snapshot_meta("secondary", [{"column": "source", "contains": "newstarget", "grade": "weak", "note": "n"}]))
    out = critical_minerals_reliance.transform(raw)["us_mineral_import_reliance_reports"]
    assert out[["calendar_year", "mcs_edition", "value", "is_approximate", "quality_grade"]].values.tolist() == [
        [2025, "MCS2026", 70.0, True, "weak"],
        [2025, "MCS2026", 55.0, False, "weak"],
        [2024, "MCS2025", 12.0, False, "secondary"],
    ]


def test_country_shares_of_one_edition_year_largest_first():
    production = _production([
        ("MCS2025", "X", "country", 2024, True, 25.0),
        ("MCS2025", "China", "country", 2024, True, 70.0),
        ("MCS2025", "Other countries", "other countries", 2024, True, 5.0),
        ("MCS2025", "World total (rounded)", "world total", 2024, True, 100.0),
        ("MCS2024", "China", "country", 2024, True, 1.0),
    ])
    expected = pd.DataFrame({
        "producing_country": ["China", "X", "Other countries"],
        "producer_kind": ["country", "country", "other countries"],
        "production_t_reo": [70.0, 25.0, 5.0],
        "share_pct": [70.0, 25.0, 5.0],
    })
    assert_frame_equal(rare_earths.country_shares(production, "MCS2025", 2024), expected)


@pytest.mark.parametrize(
    "measure, expected",
    [
        ("Export controls on 7 medium/heavy REEs: Sm, Gd, Tb, Dy", True),
        ("Expanded controls: Ho, Er; RE equipment & technology", True),
        ("Curbs on Rare-earth magnets", True),
        ("Licences required for re-exports", False),
        ("Export licensing for gallium and germanium items", False),
        ("Ban on superhard materials; stricter graphite review", False),
    ],
)
def test_names_rare_earths(measure, expected):
    assert prices_model.names_rare_earths(pd.Series([measure])).iloc[0] == expected


def test_constant_runs_group_equal_consecutive_years():
    """100 (2020), >95 (2021-2023), 80 e (2024) -> three stretches; a gap year breaks a stretch."""
    series = pd.DataFrame({
        "mcs_edition": ["MCS2025"] * 6,
        "calendar_year": [2024, 2020, 2021, 2022, 2023, 2026],
        "value": [80.0, 100.0, 95.0, 95.0, 95.0, 80.0],
        "is_lower_bound": [False, False, True, True, True, False],
        "is_preliminary": [True, False, False, False, False, False],
    })
    expected = pd.DataFrame({
        "first_year": [2020, 2021, 2024, 2026],
        "last_year": [2020, 2023, 2024, 2026],
        "value": [100.0, 95.0, 80.0, 80.0],
        "is_lower_bound": [False, True, False, False],
        "is_preliminary": [False, False, True, False],
    })
    assert_frame_equal(rare_earths.constant_runs(series), expected)
