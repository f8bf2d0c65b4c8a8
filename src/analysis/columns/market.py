"""Columns of the market tables: China's accelerated-server market and NVIDIA by region."""

import pandera.pandas as pa

from analysis.columns import Column

COLUMNS = [
    Column("period_label", "string", "The period as the source labels it (e.g. 2024H1, 2029 (IDC forecast))."),
    Column("calendar_year", "Int64", "Calendar year the period falls in.", unit="year"),
    Column(
        "period_type",
        "string",
        "Length of the period: year, half_year, nine_months or quarter.",
        checks=(pa.Check.isin(["year", "half_year", "nine_months", "quarter"]),),
    ),
    Column("market_usd_bn", "float64", "Market size at current prices.", unit="USD billion",
           checks=(pa.Check.gt(0),)),
    Column("is_lower_bound", "boolean", "True when the source gives the value as 'more than' (>) a number."),
    Column("is_forecast", "boolean", "True when the value is a forecast, not an outcome."),
    Column("value", "float64", "A long-format row's value, in the row's unit.", nullable=True),
    Column("value_to", "float64", "For a change stated as 'A -> B', the value B (value holds A).",
           nullable=True),
    Column("fiscal_period", "string", "NVIDIA's own period label (FY2024, Q3 FY2025, 9M FY2025)."),
    Column("fiscal_year", "Int64", "NVIDIA fiscal year (ends late January of that calendar year).",
           unit="fiscal year"),
    Column("fiscal_quarter", "Int64", "NVIDIA fiscal quarter (1-4); missing for annual and 9M rows.",
           nullable=True, checks=(pa.Check.isin([1, 2, 3, 4]),)),
    Column("period_end_date", "datetime64[ns]", "Last day of the fiscal period.", unit="date"),
    Column("region", "string", "Customer region as the filing names it (China includes Hong Kong)."),
    Column("revenue_usd_m", "float64", "Revenue in the period, as reported.", unit="USD million", checks=(pa.Check.ge(0),)),
    Column("geography_basis", "string",
           "How the filing assigns revenue to regions: billing location or headquarters location.",
           checks=(pa.Check.isin(["billing location", "headquarters location"]),)),
    Column("is_outlook", "boolean", "True when the row is a company outlook, not a reported result."),
]
