"""Columns of the margins tables: NVIDIA's quarterly income statement from SEC XBRL facts."""

import pandera.pandas as pa

from analysis.columns import Column

COLUMNS = [
    Column("period_start_date", "datetime64[ns]", "First day of the fiscal period.", unit="date"),
    Column("cost_of_revenue_usd_m", "float64", "Cost of revenue in the period (GAAP).", unit="USD million",
           checks=(pa.Check.ge(0),)),
    Column("gross_profit_usd_m", "float64", "Gross profit in the period: revenue minus cost of revenue (GAAP).",
           unit="USD million"),
    Column("gross_margin_pct", "float64", "GAAP gross margin: gross profit as a share of revenue.", unit="percent",
           checks=(pa.Check.between(-100, 100),)),
    Column("quarter_derivation", "string",
           "How the quarter's figures were obtained: reported as a quarter, or the fiscal year minus the first "
           "nine months (NVIDIA files no 10-Q for its fourth quarter).",
           checks=(pa.Check.isin(["reported quarter", "fiscal year minus nine months"]),)),
]
