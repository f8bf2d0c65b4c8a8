"""Government chip programmes in US dollars, spread over their horizons, and as a share of GDP.

Three steps, each a function with a known-answer test, joined by :func:`programme_spending`:

1. :func:`convert_to_usd`: each amount at the official rate of its start year (or, for a year
   without a rate in the data, another year's: an assumption, flagged per row);
2. :func:`spread_evenly`: the USD total divided evenly over the programme's horizon (the
   even spread is an assumption; so is the horizon where the source gives none);
3. :func:`share_of_gdp`: the annual amount over GDP of one year, all GDP from one World Bank vintage.
"""

from __future__ import annotations

import pandas as pd

from analysis.currency import nearest_year, rate_for

SPENDABLE_ROLES = ("programme", "budget_outlay")


def convert_to_usd(programmes: pd.DataFrame, rates: pd.DataFrame, fallback_year: int | None = None) -> pd.DataFrame:
    """Add ``rate_year``, ``lcu_per_usd``, ``rate_is_assumption`` and ``amount_usd_bn``.

    In: ``amount_lcu_bn``, ``currency_code`` and ``programme_start_year`` per row. The rate is
    the start year's; where the data has none, the ``fallback_year``'s or the nearest year's.
    """
    choices = [
        rate_for(currency, int(year), rates, fallback_year)
        for currency, year in zip(programmes["currency_code"], programmes["programme_start_year"])
    ]
    out = programmes.copy()
    out["rate_year"] = [c.rate_year for c in choices]
    out["lcu_per_usd"] = [c.lcu_per_usd for c in choices]
    out["rate_is_assumption"] = [c.is_assumption for c in choices]
    # Conversion: billions of local currency / (local currency per USD) = USD billions.
    out["amount_usd_bn"] = out["amount_lcu_bn"] / out["lcu_per_usd"]
    return out


def spread_evenly(programmes: pd.DataFrame, fallback_horizon_years: int) -> pd.DataFrame:
    """Add ``horizon_years``, ``horizon_is_assumption``, ``first_year``, ``last_year`` and
    ``usd_bn_per_year`` = ``amount_usd_bn`` / ``horizon_years`` (an even spread: an assumption,
    since no source gives a spending profile). The horizon is the source's when the period text
    gives one, else ``fallback_horizon_years`` (an assumption)."""
    if fallback_horizon_years < 1:
        raise ValueError(f"a horizon must be at least one year, got {fallback_horizon_years}")
    stated = programmes["programme_horizon_years"]
    out = programmes.copy()
    out["horizon_is_assumption"] = stated.isna().to_numpy()
    out["horizon_years"] = stated.fillna(fallback_horizon_years).astype(int).to_numpy()
    out["first_year"] = programmes["programme_start_year"].astype(int).to_numpy()
    out["last_year"] = out["first_year"] + out["horizon_years"] - 1
    out["usd_bn_per_year"] = out["amount_usd_bn"] / out["horizon_years"]
    return out


def gdp_of_one_vintage(gdp: pd.DataFrame) -> pd.DataFrame:
    """The primary GDP rows (the World Bank bulk file), checked to come from a single vintage.

    Secondary rows (later API responses, with conflicting vintages) are left out, so a share
    never divides by GDP of a different vintage than its neighbours'.
    """
    primary = gdp[gdp["quality_grade"] == "primary"]
    vintages = primary["wdi_vintage_date"].unique()
    if len(vintages) != 1:
        raise ValueError(f"the primary GDP rows mix World Bank vintages: {sorted(vintages)}")
    return primary.reset_index(drop=True)


def share_of_gdp(programmes: pd.DataFrame, gdp: pd.DataFrame, gdp_year: int | None = None) -> pd.DataFrame:
    """Add ``gdp_year``, ``gdp_usd_bn`` and ``pct_of_gdp_per_year`` = 100 x ``usd_bn_per_year`` / GDP.

    GDP is the economy's (``economy_code``) in ``gdp_year`` when given, else in the programme's
    first year, or the nearest year the data has. Pass GDP of one vintage (:func:`gdp_of_one_vintage`).
    """
    years, values = [], []
    for code, first in zip(programmes["economy_code"], programmes["first_year"]):
        series = gdp[gdp["economy_code"] == code].set_index("calendar_year")["gdp_usd_bn"]
        if series.empty:
            raise LookupError(f"no GDP for economy {code!r} in the data")
        year = int(gdp_year) if gdp_year is not None else nearest_year(series.index, int(first))
        if year not in series.index:
            raise LookupError(f"no {year} GDP for economy {code!r} (have {sorted(series.index)})")
        years.append(year)
        values.append(float(series[year]))
    out = programmes.copy()
    out["gdp_year"] = years
    out["gdp_usd_bn"] = values
    out["pct_of_gdp_per_year"] = 100 * out["usd_bn_per_year"] / out["gdp_usd_bn"]
    return out


def programme_spending(
    programmes: pd.DataFrame,
    rates: pd.DataFrame,
    gdp: pd.DataFrame,
    *,
    fallback_horizon_years: int,
    fx_fallback_year: int | None = None,
    gdp_year: int | None = None,
    roles: tuple[str, ...] = SPENDABLE_ROLES,
) -> pd.DataFrame:
    """Programme totals and budget outlays: converted, spread evenly and set against GDP."""
    rows = programmes[programmes["programme_role"].isin(roles)].reset_index(drop=True)
    converted = convert_to_usd(rows, rates, fx_fallback_year)
    annual = spread_evenly(converted, fallback_horizon_years)
    return share_of_gdp(annual, gdp_of_one_vintage(gdp), gdp_year)


def reported_rate(programmes: pd.DataFrame, local_short_name: str, usd_short_name: str) -> float:
    """The rate implied by a press conversion: local amount / the USD amount it reported."""
    by_name = programmes.set_index("programme_short_name")
    local, usd = by_name.loc[local_short_name], by_name.loc[usd_short_name]
    if usd["currency_code"] != "USD":
        raise ValueError(f"{usd_short_name!r} is not a US-dollar amount")
    return float(local["amount_lcu_bn"] / usd["amount_lcu_bn"])


def rates_used(spending: pd.DataFrame) -> pd.DataFrame:
    """Each exchange rate the conversions used, once: ``currency_code``, ``rate_year``,
    ``lcu_per_usd``, ``rate_is_assumption``, the programmes' first years and short names."""
    keys = ["currency_code", "rate_year", "lcu_per_usd", "rate_is_assumption"]
    grouped = spending.groupby(keys, sort=False).agg(
        first_years=("first_year", lambda s: sorted(set(int(y) for y in s))),
        programmes=("programme_short_name", list),
    )
    return grouped.reset_index()
