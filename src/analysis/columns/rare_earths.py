"""Columns of the rare-earth tables: USGS mine production, IEA stage shares, US statistics, prices."""

import pandera.pandas as pa

from analysis.columns import Column

COLUMNS = [
    Column("mcs_edition", "string",
           "The USGS Mineral Commodity Summaries edition a value was printed in (MCS2019, MCS2024, ...).",
           checks=(pa.Check.str_matches(r"^MCS20\d\d$"),)),
    Column("producing_country", "string",
           "Country as USGS names it (Burma = Myanmar); 'Other countries' is USGS's residual row and "
           "'World total (rounded)' its rounded world total."),
    Column("producer_kind", "string",
           "What a production row counts: one country, USGS's residual of other countries, or the world total.",
           checks=(pa.Check.isin(["country", "other countries", "world total"]),)),
    Column("is_preliminary", "boolean",
           "True for the latest year an edition covers: USGS's preliminary estimate (printed with an e), "
           "the value most likely to be revised."),
    Column("production_t_reo", "float64", "Mine production in the year.",
           unit="metric tons of rare-earth-oxide (REO) equivalent", checks=(pa.Check.ge(0),)),
    Column("producer_group", "string",
           "The country or group of countries a share is about, as the source names it (China, China+Malaysia+Australia)."),
    Column("supply_stage", "string", "The stage of the supply chain a share measures: mining or refining.",
           checks=(pa.Check.isin(["mining", "refining"]),)),
    Column("share_of_world_pct", "float64", "The producer group's share of world output at that stage.",
           unit="percent", checks=(pa.Check.in_range(0, 100),)),
    Column("first_year", "Int64", "First calendar year a value covers.", unit="year"),
    Column("last_year", "Int64", "Last calendar year a value covers (equal to first_year for one year).",
           unit="year"),
    Column("product", "string", "The priced product as USGS names it, with its purity (e.g. Neodymium oxide, 99.5% min)."),
    Column("price_usd_per_kg", "float64", "Annual average price (Argus Media quotes printed by USGS).",
           unit="USD per kg, current dollars", checks=(pa.Check.gt(0),)),
    Column("is_approximate", "boolean", "True when the source gives the value as approximate ('about 70')."),
]
