"""Columns of the price tables behind the markets' verdict chapter (the event study)."""

import pandera.pandas as pa

from analysis.columns import Column

COLUMNS = [
    Column("trade_date", "datetime64[ns]", "A trading day (New York), the day a closing price is for.", unit="date"),
    Column("ticker", "string", "Exchange ticker of the stock or fund (NVDA, SPY, QQQ, SOXX)."),
    Column("price_usd", "float64",
           "The closing price the event study computes returns from, read from the column price_field names.",
           unit="USD per share", checks=(pa.Check.gt(0),)),
    Column("price_field", "string",
           "Which column of the price file: close (split-adjusted only) or adj_close (split- and dividend-adjusted).",
           checks=(pa.Check.isin(["close", "adj_close"]),)),
    Column("check_label", "string", "The day or the period a cross-check covers, as the file gives it."),
    Column("other_source", "string", "The independent copy of the prices that a cross-check compares with."),
    Column("ex_dividend_date", "datetime64[ns]", "A day the fund's shares traded without their next dividend.",
           unit="date"),
]
