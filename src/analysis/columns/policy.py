"""Columns of the policy timeline and the price table."""

import pandera.pandas as pa

from analysis.columns import Column

COLUMNS = [
    Column("date_label", "string", "The date as the source gives it (may be a month, a range or carry a note)."),
    Column("event_date", "datetime64[ns]", "First date of the measure; the first of the month when only a month is known.",
           unit="date"),
    Column("date_precision", "string", "How precisely event_date is known: day or month.",
           checks=(pa.Check.isin(["day", "month"]),)),
    Column("effective_date", "datetime64[ns]", "Date the measure took effect, when the source states one.",
           unit="date", nullable=True),
    Column("actor", "string", "Who imposed the measure: US or China.", checks=(pa.Check.isin(["US", "China"]),)),
    Column("measure", "string", "What the measure does, as the source describes it."),
    Column("chip", "string", "The chip or product a row is about, as the source names it."),
]
