"""Numbers as the brief prints them (Markdown-safe: a dollar sign is escaped, never math)."""

from __future__ import annotations

import math
import re

DOLLAR = r"\$"
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def escape_dollars(text: str) -> str:
    """Escape every bare ``$`` so Markdown reads money, never a formula."""
    return _UNESCAPED_DOLLAR.sub(r"\\$", str(text))


def _check(value: float) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("cannot format a missing value; handle it before printing")
    return float(value)


def number(value: float, digits: int = 0) -> str:
    """12345.6 -> '12,346'; digits after the point as asked."""
    return f"{_check(value):,.{digits}f}"


def usd_bn(value_bn: float, digits: int = 1) -> str:
    """6.7 -> '\\$6.7bn' (the backslash keeps Markdown from reading a formula)."""
    return f"{DOLLAR}{number(value_bn, digits)}bn"


def usd_m_as_bn(value_m: float, digits: int = 1) -> str:
    """10306 (USD million) -> '\\$10.3bn'."""
    return usd_bn(_check(value_m) / 1000, digits)


def usd(value: float, digits: int = 0) -> str:
    """27000 -> '\\$27,000'."""
    return f"{DOLLAR}{number(value, digits)}"


def pct(value_pct: float, digits: int = 0) -> str:
    """26.4 -> '26%'."""
    return f"{number(value_pct, digits)}%"


def signed_pct(value_pct: float, digits: int = 0) -> str:
    """-18.6 -> '−19%', 12 -> '+12%' (a true minus sign)."""
    text = pct(abs(_check(value_pct)), digits)
    if round(value_pct, digits) == 0:
        return text
    return ("+" if value_pct > 0 else "\u2212") + text


def pp(value_pp: float, digits: int = 1) -> str:
    """Percentage points: 4.2 -> '4.2 pp'."""
    return f"{number(value_pp, digits)} pp"


def ratio(value: float, digits: int = 1) -> str:
    """2.04 -> '2.0×'."""
    return f"{number(value, digits)}\u00d7"


def year_span(first: int, last: int) -> str:
    """2022, 2024 -> '2022–2024' (one year alone is just that year)."""
    return str(first) if first == last else f"{first}\u2013{last}"
