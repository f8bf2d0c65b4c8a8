"""macro.csv -> World Bank GDP and official exchange rates, one tidy table each."""

from __future__ import annotations

import re

import pandas as pd

from analysis.columns import schema_for
from analysis.schemas.macro import EXCHANGE_RATE, GDP
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import row_grades

GDP_COLUMNS = ["economy", "economy_code", "calendar_year", "gdp_usd_bn", "wdi_vintage_date", "source", "quality_grade"]
RATE_COLUMNS = [
    "economy", "economy_code", "calendar_year", "currency_code", "lcu_per_usd", "wdi_vintage_date", "source",
    "quality_grade",
]

# The currency of each economy's official rate (the euro area's is the euro).
CURRENCIES = {"USA": "USD", "CHN": "CNY", "KOR": "KRW", "JPN": "JPY", "EMU": "EUR"}

# 'WDI "Last Updated Date" 2024-10-24' (bulk file) or 'lastupdated 2026-04-08' (API response):
# the first such date in a row's source detail is the vintage it was read in.
_VINTAGE = re.compile(r"last\s*updated(?:\s+date)?\W+(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def vintage_date(detail: str) -> pd.Timestamp:
    """The World Bank 'last updated' date a row's source detail names first."""
    found = _VINTAGE.search(detail)
    if not found:
        raise ValueError(f"macro.csv: no World Bank 'last updated' date in the source detail {detail[:80]!r}…")
    return pd.Timestamp(found[1])


def transform(macro: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per economy x year x indicator, values as text (GDP in US dollars).

    Out: ``wdi_gdp`` (USD billion) and ``wdi_exchange_rates`` (local currency per USD), each
    with the World Bank vintage the row was read in and its quality grade.
    """
    raw = macro.copy()
    raw["quality_grade"] = row_grades(raw, macro.attrs["snapshot"].meta)
    raw["wdi_vintage_date"] = [vintage_date(d) for d in raw["source_detail"]]
    raw["calendar_year"] = raw["year"].astype(int)
    raw["value"] = raw["value"].astype(float)
    raw = raw.rename(columns={"country": "economy", "iso3": "economy_code"})

    # GDP: current US dollars -> USD billion.
    gdp = raw[raw["indicator"] == GDP].assign(gdp_usd_bn=lambda d: d["value"] / 1e9)

    rates = raw[raw["indicator"] == EXCHANGE_RATE].copy()
    unknown = rates[~rates["economy_code"].isin(CURRENCIES)]
    if not unknown.empty:
        raise ValueError(
            f"macro.csv: exchange rates of economies with no known currency:\n{unknown[['economy', 'year']]}"
        )
    rates["currency_code"] = rates["economy_code"].map(CURRENCIES)
    rates["lcu_per_usd"] = rates["value"]
    _check_dollar_is_one(rates)
    return {
        "wdi_gdp": keep_raw_rows(gdp.sort_values(["economy_code", "calendar_year"])[GDP_COLUMNS], "macro"),
        "wdi_exchange_rates": keep_raw_rows(
            rates.sort_values(["economy_code", "calendar_year"])[RATE_COLUMNS], "macro"
        ),
    }


def _check_dollar_is_one(rates: pd.DataFrame) -> None:
    bad = rates[(rates["currency_code"] == "USD") & (rates["lcu_per_usd"] != 1)]
    if not bad.empty:
        raise ValueError(
            "macro.csv: the US dollar's rate must be 1 US dollar per dollar:\n"
            + bad[["economy", "calendar_year", "lcu_per_usd"]].to_string()
        )


STEP = Step(
    name="macro",
    inputs=("macro",),
    outputs={
        "wdi_gdp": schema_for(GDP_COLUMNS, unique=["economy_code", "calendar_year"], name="wdi_gdp"),
        "wdi_exchange_rates": schema_for(
            RATE_COLUMNS, unique=["economy_code", "calendar_year"], name="wdi_exchange_rates"
        ),
    },
    transform=transform,
)
