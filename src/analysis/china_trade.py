"""China's integrated-circuit imports beside its crude-oil imports (GACC figures as reported)."""

from __future__ import annotations

import pandas as pd

IC_IMPORTS = "IC_imports_value"
IC_IMPORT_UNITS = "IC_imports_units"
IC_EXPORTS = "IC_exports_value"
CRUDE_IMPORTS = "crude_oil_imports_value"


def _series(trade: pd.DataFrame, metric: str) -> pd.Series:
    rows = trade[trade["metric"] == metric]
    if rows.empty:
        raise LookupError(f"no {metric!r} rows in the trade table")
    return rows.set_index("calendar_year")["value"].astype(float).sort_index()


def ic_and_crude_imports(trade: pd.DataFrame) -> pd.DataFrame:
    """One row per year with either value: ``ic_imports_usd_bn``, ``crude_imports_usd_bn`` and
    ``ic_to_crude_ratio`` (missing where a year lacks one of the two)."""
    both = pd.DataFrame({
        "ic_imports_usd_bn": _series(trade, IC_IMPORTS),
        "crude_imports_usd_bn": _series(trade, CRUDE_IMPORTS),
    })
    both["ic_to_crude_ratio"] = both["ic_imports_usd_bn"] / both["crude_imports_usd_bn"]
    both.index.name = "calendar_year"
    return both.reset_index()


def ic_trade_balance_usd_bn(trade: pd.DataFrame, year: int) -> float:
    """IC exports minus IC imports in ``year`` (negative: China imports more chips than it exports)."""
    return float(_series(trade, IC_EXPORTS)[year] - _series(trade, IC_IMPORTS)[year])


def ic_import_unit_value_usd(trade: pd.DataFrame) -> pd.Series:
    """Average value per imported chip, in US dollars (USD bn / bn units), for years with both."""
    value, units = _series(trade, IC_IMPORTS), _series(trade, IC_IMPORT_UNITS)
    years = value.index.intersection(units.index)
    return (value[years] / units[years]).rename("usd_per_unit")


def order_value_usd_bn(units: float, unit_price_usd: float) -> float:
    """Value of an order in USD billion: units x price per unit (USD) / 1e9."""
    if units < 0 or unit_price_usd < 0:
        raise ValueError("units and price must not be negative")
    return units * unit_price_usd / 1e9
