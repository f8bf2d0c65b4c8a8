"""Columns of the investment-and-trade tables: chip programmes, World Bank macro data, China's trade."""

import pandera.pandas as pa

from analysis.columns import Column

ROLES = ["programme", "component", "budget_outlay", "estimate_or_target", "context", "reported_conversion"]

COLUMNS = [
    Column("economy", "string",
           "The economy a row belongs to, as the source names it (a country, the European Union or the euro area)."),
    Column("economy_code", "string",
           "World Bank code of the economy whose GDP and exchange rate a row uses (ISO3; EMU for the euro area).",
           checks=(pa.Check.str_matches(r"^[A-Z]{3}$"),)),
    Column("programme", "string", "The programme or programme component, as the source names it."),
    Column("programme_short_name", "string", "A short name for the programme, for figures and tables."),
    Column("programme_role", "string",
           "What the amount is: a programme total, a component of one, a budget outlay, an estimate or "
           "target, context (not a commitment), or a conversion reported by the press.",
           checks=(pa.Check.isin(ROLES),)),
    Column("currency_code", "string", "ISO 4217 code of the currency an amount is stated in (CNY is the yuan).",
           nullable=True, checks=(pa.Check.isin(["USD", "EUR", "KRW", "JPY", "CNY"]),)),
    Column("amount_lcu_bn", "float64",
           "The amount in billions of the currency it was announced in (trillions times 1,000); "
           "missing for percentages.", unit="local currency billion", nullable=True, checks=(pa.Check.gt(0),)),
    Column("programme_start_year", "Int64",
           "First year of the programme: the year it was signed, announced or established, as the period text says.",
           unit="year", nullable=True),
    Column("programme_end_year", "Int64", "Last year of the programme when the period text gives one.",
           unit="year", nullable=True),
    Column("programme_horizon_years", "Int64",
           "Length of the programme in years when the period text gives it ('~5 years', or first to last year "
           "inclusive); missing when it does not.", unit="years", nullable=True, checks=(pa.Check.gt(0),)),
    Column("gdp_usd_bn", "float64", "Gross domestic product at current prices (World Bank NY.GDP.MKTP.CD).",
           unit="USD billion", checks=(pa.Check.gt(0),)),
    Column("lcu_per_usd", "float64",
           "Official exchange rate, annual average: local currency units per US dollar (World Bank PA.NUS.FCRF).",
           unit="local currency per USD", checks=(pa.Check.gt(0),)),
    Column("wdi_vintage_date", "datetime64[ns]",
           "When the World Bank last updated the data a row was read in (the WDI 'Last Updated Date').", unit="date"),
]
