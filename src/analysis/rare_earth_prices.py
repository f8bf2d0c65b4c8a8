"""Rare-earth oxide prices (USGS annual averages): one series per product, revisions between
editions, and China's export controls placed against the period the prices cover."""

from __future__ import annotations

import pandas as pd

from analysis.rare_earths import compare_editions

# The magnet metals first (the ones China's 2025 controls and the chip supply chain hinge on).
LEAD_ELEMENTS = ("Neodymium", "Dysprosium", "Terbium")


def element_of(product: str) -> str:
    """'Neodymium oxide, 99.5% min' -> 'Neodymium'; 'Mischmetal, 65% Ce / 35% La' -> 'Mischmetal'."""
    return product.split(",")[0].removesuffix(" oxide").strip()


def product_order(products: pd.Series) -> list[str]:
    """Products with the magnet elements first (Nd, Dy, Tb), then the rest alphabetically."""
    unique = sorted(set(products))
    lead = [p for e in LEAD_ELEMENTS for p in unique if element_of(p) == e]
    return lead + [p for p in unique if p not in lead]


def preferred_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """One price per product and year: the newest edition that prints it.

    Out: ``product``, ``element``, ``calendar_year``, ``price_usd_per_kg``, ``mcs_edition``,
    ``is_preliminary``, ``quality_grade``, ``editions_n`` (how many editions print the year)
    and ``is_revised`` (the editions disagree on it).
    """
    keys = ["product", "calendar_year"]
    counts = prices.groupby(keys)["price_usd_per_kg"].agg(editions_n="size", distinct_n="nunique")
    newest = prices.sort_values("mcs_edition").groupby(keys, as_index=False).tail(1)
    out = newest.merge(counts.reset_index(), on=keys)
    out["is_revised"] = out["distinct_n"] > 1
    out["element"] = out["product"].map(element_of)
    columns = ["product", "element", "calendar_year", "price_usd_per_kg", "mcs_edition", "is_preliminary",
               "quality_grade", "editions_n", "is_revised"]
    return out.sort_values(keys, kind="stable")[columns].reset_index(drop=True)


def price_revisions(prices: pd.DataFrame) -> pd.DataFrame:
    """Product-years printed in two consecutive editions, with both prices and the change (%)."""
    compared = compare_editions(prices, ["product"], "price_usd_per_kg")
    compared.insert(1, "element", compared["product"].map(element_of))
    return compared


def price_summary(preferred: pd.DataFrame) -> pd.DataFrame:
    """Per product: the first, peak and last year of the preferred series and the fall from the peak.

    Out: ``product``, ``element``, ``first_year``, ``first_price``, ``peak_year``, ``peak_price``,
    ``last_year``, ``last_price``, ``last_vs_peak_pct``, ``last_is_preliminary``; in
    :func:`product_order`.
    """
    records = []
    for product in product_order(preferred["product"]):
        series = preferred[preferred["product"] == product].sort_values("calendar_year")
        peak = series.loc[series["price_usd_per_kg"].idxmax()]
        first, last = series.iloc[0], series.iloc[-1]
        records.append({
            "product": product,
            "element": element_of(product),
            "first_year": int(first["calendar_year"]),
            "first_price": float(first["price_usd_per_kg"]),
            "peak_year": int(peak["calendar_year"]),
            "peak_price": float(peak["price_usd_per_kg"]),
            "last_year": int(last["calendar_year"]),
            "last_price": float(last["price_usd_per_kg"]),
            "last_vs_peak_pct": 100 * (float(last["price_usd_per_kg"]) / float(peak["price_usd_per_kg"]) - 1),
            "last_is_preliminary": bool(last["is_preliminary"]),
        })
    return pd.DataFrame.from_records(records)


def decimal_year(date: pd.Timestamp) -> float:
    """A date as a fractional year: 2023-07-03 -> 2023.50 (1 January is the year itself)."""
    start = pd.Timestamp(year=date.year, month=1, day=1)
    end = pd.Timestamp(year=date.year + 1, month=1, day=1)
    return date.year + (date - start) / (end - start)


_RARE_EARTH_WORDS = r"\bREEs?\b|\bRE\b|(?i:rare[- ]earth)"  # the abbreviations in capitals only


def names_rare_earths(measures: pd.Series) -> pd.Series:
    """True where a measure's description names rare earths ('7 medium/heavy REEs', 'RE equipment')."""
    return measures.str.contains(_RARE_EARTH_WORDS, regex=True)


def split_events_by_price_range(events: pd.DataFrame, first_year: int, last_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events dated within the years the annual prices cover, and those after the last of them.

    An event on any day of ``last_year`` is within range (that year's average covers it).
    Events before ``first_year`` are dropped. Both frames keep the events' columns, in date order.
    """
    start = pd.Timestamp(year=first_year, month=1, day=1)
    end = pd.Timestamp(year=last_year + 1, month=1, day=1)
    dated = events.sort_values("event_date", kind="stable")
    inside = dated[(dated["event_date"] >= start) & (dated["event_date"] < end)]
    after = dated[dated["event_date"] >= end]
    return inside.reset_index(drop=True), after.reset_index(drop=True)
