"""Currency conversion at the World Bank's official annual rates (local currency per US dollar).

``rates`` is the processed table ``wdi_exchange_rates`` (or any frame with ``currency_code``,
``calendar_year`` and ``lcu_per_usd``). A year without a rate in the data is an assumption,
not a silent gap: :func:`rate_for` says which year's rate it used and flags the substitution.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

USD = "USD"


@dataclass(frozen=True)
class RateChoice:
    """The rate used to convert one amount, and why."""

    currency: str
    wanted_year: int
    rate_year: int
    lcu_per_usd: float
    is_assumption: bool  # True when the wanted year has no rate in the data and another year's is used


def nearest_year(available: Iterable[int], wanted: int) -> int:
    """The year in ``available`` closest to ``wanted`` (the later one on a tie)."""
    years = sorted(set(int(y) for y in available))
    if not years:
        raise LookupError("no years to choose from")
    return min(years, key=lambda y: (abs(y - wanted), -y))


def rate_for(currency: str, year: int, rates: pd.DataFrame, fallback_year: int | None = None) -> RateChoice:
    """The rate of ``currency`` for ``year``: that year's when the data has it, else the
    ``fallback_year``'s, else the nearest year's (an assumption either way).

    The US dollar is 1 per dollar in every year, by definition, not by assumption.
    """
    if currency == USD:
        return RateChoice(USD, int(year), int(year), 1.0, False)
    series = rates[rates["currency_code"] == currency].set_index("calendar_year")["lcu_per_usd"]
    if series.empty:
        have = sorted(rates["currency_code"].unique())
        raise LookupError(f"no exchange rate for {currency!r} in the data (have: {have})")
    if series.index.duplicated().any():
        raise ValueError(f"more than one {currency} rate for a year: {series[series.index.duplicated(keep=False)]}")
    if year in series.index:
        return RateChoice(currency, int(year), int(year), float(series[year]), False)
    used = nearest_year(series.index, year) if fallback_year is None else int(fallback_year)
    if used not in series.index:
        raise LookupError(f"the fallback year {used} has no {currency} rate (have {sorted(series.index)})")
    return RateChoice(currency, int(year), used, float(series[used]), True)


def to_usd(
    amount: float, currency: str, rate_year: int, rates: pd.DataFrame, fallback_year: int | None = None
) -> float:
    """``amount`` in ``currency`` converted to US dollars at the rate of ``rate_year``
    (see :func:`rate_for` for years without a rate). Same scale in, same scale out:
    26,000 (KRW bn) at 1,300 KRW per USD -> 20 (USD bn)."""
    return amount / rate_for(currency, rate_year, rates, fallback_year).lcu_per_usd
