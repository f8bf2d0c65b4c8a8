"""Columns shared by many tables: provenance of each row."""

import pandera.pandas as pa

from analysis.columns import Column

COLUMNS = [
    Column("source", "string", "The document a row's value was read in, as the raw file names it."),
    Column(
        "quality_grade",
        "string",
        "Trust in the row's source: primary, secondary (a faithful copy) or weak (verify).",
        checks=(pa.Check.isin(["primary", "secondary", "weak"]),),
    ),
    Column("metric", "string", "What a long-format row measures, as the raw file names it."),
    Column("unit", "string", "The unit of a long-format row's value."),
]
