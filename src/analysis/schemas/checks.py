"""Checks shared by raw schemas (text columns: every value is a string or missing)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

NUMBER = r"-?\d+(\.\d+)?"


def text(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    """A text column that must be non-blank unless ``nullable``."""
    return pa.Column("string", checks=[pa.Check.str_length(min_value=1), *checks], nullable=nullable)


def matches(pattern: str) -> pa.Check:
    return pa.Check.str_matches(rf"^(?:{pattern})$")


def is_number(values: pd.Series) -> pd.Series:
    return values.fillna("").str.fullmatch(NUMBER)


def numeric_when(column: str, predicate, description: str) -> pa.Check:
    """Row check: ``column`` holds a plain number on every row where ``predicate(df)``."""
    return pa.Check(
        lambda df: ~predicate(df) | is_number(df[column]),
        error=f"{column} must be a number when {description}",
    )
