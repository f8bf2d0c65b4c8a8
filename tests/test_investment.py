"""Investment and trade: known answers for conversion, even spreads, GDP shares, trade ratios
and the three processing steps (semiconductor_programs, macro, trade)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import china_trade, currency, investment
from analysis.charts import investment as charts
from analysis.errors import CrossCheckError
from fakes import raw_table, snapshot_meta, with_snapshot
from analysis.steps import macro, semiconductor_programs, trade
from analysis.steps.semiconductor_programs import classify_programme, parse_amount_unit, parse_programme_period

RATES = pd.DataFrame({
    "currency_code": ["KRW", "KRW", "EUR", "JPY", "CNY"],
    "calendar_year": [2022, 2023, 2023, 2023, 2020],
    "lcu_per_usd": [1250.0, 1300.0, 0.8, 125.0, 8.0],
})


# --- Currency conversion --------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, currency_code, year, expected_usd",
    [
        (26_000, "KRW", 2023, 20.0),  # ₩26T at 1,300 KRW per USD -> $20bn
        (25_000, "KRW", 2022, 20.0),  # the rate of the year asked for, not another
        (43, "EUR", 2023, 53.75),  # EUR per USD (the euro area's row): €43bn / 0.8
        (10_000, "JPY", 2023, 80.0),  # ¥10T at 125 JPY per USD
        (52.7, "USD", 2031, 52.7),  # the dollar is 1 per dollar in any year, with or without a row
    ],
)
def test_to_usd_divides_by_the_rate_of_the_year(amount, currency_code, year, expected_usd):
    assert currency.to_usd(amount, currency_code, year, RATES) == pytest.approx(expected_usd)


@pytest.mark.parametrize(
    "year, fallback_year, rate_year, rate, is_assumption",
    [
        (2023, None, 2023, 1300.0, False),
        (2024, None, 2023, 1300.0, True),  # no 2024 rate: the nearest year's, flagged
        (2014, None, 2022, 1250.0, True),  # before the data: the earliest year's
        (2024, 2022, 2022, 1250.0, True),  # the fallback parameter, when set
    ],
)
def test_rate_for_says_which_year_it_used(year, fallback_year, rate_year, rate, is_assumption):
    choice = currency.rate_for("KRW", year, RATES, fallback_year)
    assert (choice.wanted_year, choice.rate_year, choice.lcu_per_usd, choice.is_assumption) == (
        year, rate_year, rate, is_assumption)


def test_a_currency_without_rates_or_a_fallback_year_without_a_rate_is_an_error():
    with pytest.raises(LookupError, match="no exchange rate for 'GBP'"):
        currency.rate_for("GBP", 2023, RATES)
    with pytest.raises(LookupError, match="fallback year 2019"):
        currency.rate_for("KRW", 2024, RATES, fallback_year=2019)


def test_nearest_year_prefers_the_later_year_on_a_tie():
    assert currency.nearest_year([2020, 2022], 2021) == 2022
    assert currency.nearest_year([2020, 2021, 2022, 2023], 2030) == 2023


# --- Programmes: convert, spread, set against GDP -------------------------------------------


def _programmes() -> pd.DataFrame:
    return pd.DataFrame({
        "economy_code": ["KOR", "EMU", "KOR"],
        "programme_short_name": ["K package", "EU act", "K loans"],
        "programme_role": ["programme", "budget_outlay", "component"],
        "currency_code": ["KRW", "EUR", "KRW"],
        "amount_lcu_bn": [26_000.0, 4.0, 13_000.0],
        "programme_start_year": pd.array([2024, 2023, 2024], dtype="Int64"),
        "programme_horizon_years": pd.array([pd.NA, 8, 4], dtype="Int64"),
    })


def test_convert_to_usd_uses_the_start_year_and_flags_the_fallback():
    """K package starts 2024 (no rate: 2023's 1,300 -> $20bn, flagged); EU act 2023 at 0.8 -> $5bn."""
    got = investment.convert_to_usd(_programmes().iloc[:2], RATES)
    expected = _programmes().iloc[:2].assign(
        rate_year=[2023, 2023], lcu_per_usd=[1300.0, 0.8], rate_is_assumption=[True, False],
        amount_usd_bn=[20.0, 5.0])
    assert_frame_equal(got, expected)


def test_spread_evenly_divides_by_the_stated_or_the_assumed_horizon():
    """$20bn with no stated horizon over the fallback 5 years -> $4bn a year (flagged);
    $5bn over a stated 8 years (2023-2030) -> $0.625bn a year."""
    converted = pd.DataFrame({
        "programme_start_year": pd.array([2024, 2023], dtype="Int64"),
        "programme_horizon_years": pd.array([pd.NA, 8], dtype="Int64"),
        "amount_usd_bn": [20.0, 5.0],
    })
    got = investment.spread_evenly(converted, fallback_horizon_years=5)
    expected = converted.assign(horizon_is_assumption=[True, False], horizon_years=[5, 8],
                                first_year=[2024, 2023], last_year=[2028, 2030], usd_bn_per_year=[4.0, 0.625])
    assert_frame_equal(got, expected, check_dtype=False)


def test_spread_evenly_refuses_a_horizon_below_one_year():
    with pytest.raises(ValueError, match="at least one year"):
        investment.spread_evenly(_programmes(), fallback_horizon_years=0)


GDP = pd.DataFrame({
    "economy_code": ["KOR", "KOR", "EMU", "KOR"],
    "calendar_year": [2022, 2023, 2023, 2024],
    "gdp_usd_bn": [1600.0, 2000.0, 10_000.0, 2100.0],
    "wdi_vintage_date": pd.to_datetime(["2024-10-24"] * 3 + ["2026-04-08"]),
    "quality_grade": ["primary", "primary", "primary", "secondary"],
})


@pytest.mark.parametrize(
    "gdp_year, years, pcts",
    [
        (None, [2023, 2023], [0.2, 0.01]),  # K starts 2024: one vintage stops at 2023, the nearest year
        (2022, [2022], [0.25]),  # a stated year for all (Korea only: the EU has no 2022 row)
    ],
)
def test_share_of_gdp_uses_one_vintage_and_a_stated_year(gdp_year, years, pcts):
    """$4bn a year against Korea's $2,000bn (2023) -> 0.2% of GDP; $1bn vs the EU's $10,000bn -> 0.01%."""
    annual = pd.DataFrame({"economy_code": ["KOR", "EMU"], "first_year": [2024, 2023], "usd_bn_per_year": [4.0, 1.0]})
    annual = annual.iloc[: len(years)]
    got = investment.share_of_gdp(annual, investment.gdp_of_one_vintage(GDP), gdp_year)
    assert got["gdp_year"].tolist() == years
    assert got["pct_of_gdp_per_year"].tolist() == pytest.approx(pcts)


def test_gdp_of_mixed_vintages_is_refused():
    mixed = GDP.assign(quality_grade="primary")
    with pytest.raises(ValueError, match="mix World Bank vintages"):
        investment.gdp_of_one_vintage(mixed)


def test_programme_spending_keeps_totals_and_outlays_only():
    got = investment.programme_spending(_programmes(), RATES, GDP, fallback_horizon_years=5)
    assert got["programme_short_name"].tolist() == ["K package", "EU act"]
    assert got["usd_bn_per_year"].tolist() == pytest.approx([4.0, 5.0 / 8])
    assert got["pct_of_gdp_per_year"].tolist() == pytest.approx([0.2, 100 * 0.625 / 10_000])


def test_reported_rate_is_the_ratio_of_the_local_to_the_dollar_amount():
    rows = pd.DataFrame({"programme_short_name": ["Fund", "Fund in USD"], "currency_code": ["CNY", "USD"],
                         "amount_lcu_bn": [344.0, 47.5]})
    assert investment.reported_rate(rows, "Fund", "Fund in USD") == pytest.approx(344 / 47.5)


# --- China's trade --------------------------------------------------------------------------


TRADE = pd.DataFrame({
    "calendar_year": [2020, 2022, 2022, 2024, 2024, 2024, 2024],
    "metric": ["IC_imports_value", "IC_imports_value", "crude_oil_imports_value", "IC_imports_value",
               "crude_oil_imports_value", "IC_exports_value", "IC_imports_units"],
    "value": [350.0, 400.0, 320.0, 390.0, 300.0, 150.0, 520.0],
})


def test_ic_and_crude_imports_by_year_with_their_ratio():
    """2020 has no crude value (ratio missing); 2022: 400 / 320 = 1.25; 2024: 390 / 300 = 1.3."""
    got = china_trade.ic_and_crude_imports(TRADE)
    expected = pd.DataFrame({
        "calendar_year": [2020, 2022, 2024],
        "ic_imports_usd_bn": [350.0, 400.0, 390.0],
        "crude_imports_usd_bn": [math.nan, 320.0, 300.0],
        "ic_to_crude_ratio": [math.nan, 1.25, 1.3],
    })
    assert_frame_equal(got, expected)


def test_ic_trade_balance_and_unit_value():
    assert china_trade.ic_trade_balance_usd_bn(TRADE, 2024) == -240.0
    assert china_trade.ic_import_unit_value_usd(TRADE).to_dict() == {2024: 0.75}


# --- Processing steps -----------------------------------------------------------------------


def _with_meta(frame: pd.DataFrame, rules: list[dict] | None = None, grade: str = "secondary") -> pd.DataFrame:
    return with_snapshot(frame, snapshot_meta(grade, rules))


@pytest.mark.parametrize(
    "text, start, end, horizon",
    [
        ("signed 2022-08-09; ~5 years", 2022, 2026, 5),
        ("entered into force 2023-09-21; target 2030", 2023, 2030, 8),
        ("2023-2030", 2023, 2030, 8),
        ("2022-", 2022, None, None),
        ("announced 2024-05-23", 2024, None, None),
        ("through FY2030 (announced 2024-11)", 2024, 2030, 7),
        ("10 years from 2024", 2024, 2033, 10),
        ("c. FY2021-2024", 2021, 2024, 4),
        ("through Mar 2025", None, 2025, None),
        ("to 2030", None, 2030, None),
        ("established 2024-05-24", 2024, None, None),
        ("2024-05", 2024, None, None),
    ],
)
def test_parse_programme_period(text, start, end, horizon):
    assert parse_programme_period(text) == {
        "programme_start_year": start, "programme_end_year": end, "programme_horizon_years": horizon}


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_programme_period("2030-2023")


@pytest.mark.parametrize(
    "name, role",
    [
        ("CHIPS Act - legacy chips (within manufacturing incentives)", "component"),
        ("National IC Industry Investment Fund Phase II (Big Fund II) - registered capital", "programme"),
        ("Big Fund III - USD equivalent at announcement", "reported_conversion"),
        ("European Chips Act - from EU budget", "budget_outlay"),
    ],
)
def test_classify_programme_first_matching_rule(name, role):
    assert classify_programme(name)[0] == role


def test_an_unclassified_programme_names_itself():
    with pytest.raises(ValueError, match="'Mystery fund'"):
        classify_programme("Mystery fund")


@pytest.mark.parametrize(
    "unit, expected",
    [("KRW trillion", {"currency_code": "KRW", "scale_to_bn": 1000.0}),
     ("CNY billion", {"currency_code": "CNY", "scale_to_bn": 1.0}),
     ("percent of qualified investment", {"currency_code": None, "scale_to_bn": None})],
)
def test_parse_amount_unit(unit, expected):
    assert parse_amount_unit(unit) == expected


def test_semiconductor_programs_transform_scales_trillions_and_reads_periods():
    """In: ₩26 trillion announced 2024, a percentage, a 'same' source. Out: 26,000 KRW bn, roles, years."""
    raw = _with_meta(pd.DataFrame({
        "country": ["South Korea", "United States"],
        "program": ["Semiconductor Ecosystem Support Package", "Advanced manufacturing investment tax credit"],
        "amount": ["26", "25"],
        "currency": ["KRW trillion", "percent of qualified investment"],
        "period": ["announced 2024-05-23", "2022-"],
        "source": ["Korea Ministry of Economy and Finance press release", "same"],
        "source_detail": ["q1", "q2"],
    }, dtype="string"), rules=[{"column": "source", "contains": "Ministry", "grade": "primary", "note": "n"}])
    got = semiconductor_programs.transform(raw)["semiconductor_programmes"]
    schema = semiconductor_programs.STEP.outputs["semiconductor_programmes"]
    expected = pd.DataFrame({
        "economy": ["South Korea", "United States"],
        "economy_code": ["KOR", "USA"],
        "programme": ["Semiconductor Ecosystem Support Package", "Advanced manufacturing investment tax credit"],
        "programme_short_name": ["Korea package", "US investment tax credit"],
        "programme_role": ["programme", "context"],
        "value": [26.0, 25.0],
        "unit": ["KRW trillion", "percent of qualified investment"],
        "currency_code": ["KRW", None],
        "amount_lcu_bn": [26_000.0, math.nan],
        "period_label": ["announced 2024-05-23", "2022-"],
        "programme_start_year": [2024, 2022],
        "programme_end_year": [None, None],
        "programme_horizon_years": [None, None],
        "source": ["Korea Ministry of Economy and Finance press release"] * 2,
        "quality_grade": ["primary", "primary"],
    })
    assert_frame_equal(schema.validate(got), schema.validate(expected))


def test_a_programme_without_a_start_year_is_refused_with_its_row():
    raw = _with_meta(pd.DataFrame({
        "country": ["China"], "program": ["National IC Industry Investment Fund Phase I (Big Fund I)"],
        "amount": ["138.7"], "currency": ["CNY billion"], "period": ["ongoing"], "source": ["x"],
        "source_detail": ["q"]}, dtype="string"))
    with pytest.raises(ValueError, match="need a currency amount and a start year(.|\n)*Big Fund I"):
        semiconductor_programs.transform(raw)


def test_macro_transform_splits_gdp_and_rates_with_their_vintage():
    """GDP 1.5e12 current US$ -> 1,500 USD bn; the euro area's rate is EUR per USD."""
    raw = _with_meta(pd.DataFrame({
        "country": ["Korea, Rep.", "Euro area"],
        "iso3": ["KOR", "EMU"],
        "year": ["2023", "2023"],
        "indicator": ["NY.GDP.MKTP.CD", "PA.NUS.FCRF"],
        "value": ["1500000000000", "0.92"],
        "unit": ["current US$", "EUR per US$ (period average)"],
        "source": ["WDI", "WDI"],
        "source_detail": ['WDI ""Last Updated Date"" 2024-10-24; row', 'x (WDI ""Last Updated Date"" 2025-03-24)'],
    }, dtype="string"), grade="primary")
    tables = macro.transform(raw)
    gdp = macro.STEP.outputs["wdi_gdp"].validate(tables["wdi_gdp"])
    assert gdp[["economy_code", "calendar_year", "gdp_usd_bn"]].values.tolist() == [["KOR", 2023, 1500.0]]
    assert gdp["wdi_vintage_date"].tolist() == [pd.Timestamp("2024-10-24")]
    rates = macro.STEP.outputs["wdi_exchange_rates"].validate(tables["wdi_exchange_rates"])
    assert rates[["currency_code", "lcu_per_usd"]].values.tolist() == [["EUR", 0.92]]


@pytest.mark.parametrize(
    "detail, date",
    [('WDI "Last Updated Date" 2024-10-24; row', "2024-10-24"),
     ("probe, lastupdated 2026-04-08: 2024 1.0", "2026-04-08"),
     ('("fallback data", lastUpdated 2025-12-16)', "2025-12-16")],
)
def test_vintage_date_reads_bulk_file_and_api_forms(detail, date):
    assert macro.vintage_date(detail) == pd.Timestamp(date)


def test_trade_transform_adds_crude_oil_quoted_beside_ic_imports_and_checks_agreement():
    """2022 IC row quotes crude oil's $365.512bn (no crude row: added); 2023 quotes $337.5bn (= its row)."""
    def raw_trade(crude_2023: str) -> pd.DataFrame:
        return _with_meta(pd.DataFrame({
            "reporter": ["China"] * 3,
            "year": ["2022", "2023", "2023"],
            "metric": ["IC_imports_value", "IC_imports_value", "crude_oil_imports_value"],
            "value": ["415.579", "349.4", crude_2023],
            "unit": ["USD billion"] * 3,
            "source": ["JW", "SCMP", "SCMP"],
            "source_detail": ["outnumbering crude oil's $365.512 billion", "crude oil US$337.5 billion", "c"],
        }, dtype="string"))

    got = trade.transform(raw_trade("337.5"))["china_trade"]
    crude = got[got["metric"] == "crude_oil_imports_value"]
    assert crude[["calendar_year", "value"]].values.tolist() == [[2022, 365.512], [2023, 337.5]]
    assert "quoted in the IC-imports article" in crude["source"].iloc[0]
    with pytest.raises(CrossCheckError, match=r"2023: the IC-imports row \(record 2\) quotes crude oil at 337\.5 "
                                              r"but the crude-oil row \(record 3\) has 340 \(USD billion\)"):
        trade.transform(raw_trade("340"))


# --- Figures --------------------------------------------------------------------------------


def test_figures_draw_one_bar_per_programme_and_two_series_per_year():
    spending = investment.programme_spending(_programmes(), RATES, GDP, fallback_horizon_years=5)
    fig = charts.programme_spending(spending.assign(economy_code=["KOR", "EMU"]))
    left = fig.axes[0]
    assert [t.get_text() for t in left.get_yticklabels()] == ["EU act, 2023\u201330", "K package, 2024\u201328*"]
    assert len(left.patches) == 2
    plt.close(fig)
    fig = charts.ic_and_crude_imports(china_trade.ic_and_crude_imports(TRADE))
    assert len(fig.axes[0].patches) == 6
    plt.close(fig)


@pytest.mark.parametrize("rate, text", [(1305.6625, "1,306"), (140.4911, "140.5"), (7.08399, "7.084"), (0.92484, "0.9248"),
                                        (1.0, "1"), (1300.0, "1,300")])
def test_rate_text_keeps_four_significant_figures(rate, text):
    assert charts.rate_text(rate) == text


def test_programme_table_marks_assumed_rates_and_horizons():
    spending = investment.programme_spending(
        _programmes().assign(value=[26.0, 4.0, 13.0], unit=["KRW trillion", "EUR billion", "KRW trillion"],
                             quality_grade=["primary", "secondary", "primary"]),
        RATES, GDP, fallback_horizon_years=5)
    cells = charts.programme_table(spending)
    assert cells.loc[0].tolist() == ["K package", "KRW 26tn", "1,300 (2023*)", "20.0", "2024\u201328*", "4.0",
                                     "0.200% (2023)"]
    weak = charts.programme_table(spending.assign(quality_grade=["weak", "primary"]))
    assert weak["Programme"].tolist() == ["K package\u2020", "EU act"]
    assert cells.loc[1, "Rate (year)"] == "0.8000 (2023)"


@pytest.mark.parametrize("value, unit, text", [(26, "KRW trillion", "KRW 26tn"), (138.7, "CNY billion", "CNY 138.7bn"),
                                               (52.7, "USD billion", "USD 52.7bn")])
def test_amount_text(value, unit, text):
    assert charts.amount_text(value, unit) == text


def test_rates_used_lists_each_rate_once_with_its_programmes():
    spending = investment.programme_spending(
        pd.concat([_programmes(), _programmes().iloc[[0]].assign(programme_short_name="K2")], ignore_index=True),
        RATES, GDP, fallback_horizon_years=5)
    used = investment.rates_used(spending)
    assert used[["currency_code", "rate_year", "rate_is_assumption"]].values.tolist() == [
        ["KRW", 2023, True], ["EUR", 2023, False]]
    assert used["programmes"].tolist() == [["K package", "K2"], ["EU act"]]


def test_order_value_in_billions():
    assert china_trade.order_value_usd_bn(2_000_000, 27_000) == pytest.approx(54.0)
    with pytest.raises(ValueError):
        china_trade.order_value_usd_bn(-1, 1)
