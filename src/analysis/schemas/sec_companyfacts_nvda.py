"""Raw schema of NVIDIA's SEC ``companyfacts`` JSON (trimmed): revenue, cost and gross profit.

The JSON is flattened by the SEC connector's parser (the one a live refresh uses), one
row per fact, every field as text exactly as the document gives it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.connectors.sec_edgar import flatten_companyfacts
from analysis.schemas.checks import matches, text

CONCEPTS = ("Revenues", "CostOfRevenue", "GrossProfit")
DATE = r"20\d\d-\d\d-\d\d"


def read(path: Path) -> pd.DataFrame:
    """The us-gaap facts of :data:`CONCEPTS` in USD, one row per fact (see ``flatten_companyfacts``)."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    return flatten_companyfacts(document, CONCEPTS, taxonomy="us-gaap", unit="USD")


SCHEMA = pa.DataFrameSchema(
    {
        "concept": text(pa.Check.isin(list(CONCEPTS))),
        "start": text(matches(DATE)),
        "end": text(matches(DATE)),
        "val": text(matches(r"-?\d+")),  # whole US dollars
        "accn": text(matches(r"\d{10}-\d{2}-\d{6}")),  # SEC accession number of the filing
        "fy": text(matches(r"20\d\d")),  # the filing's fiscal year, not the fact's
        "fp": text(pa.Check.isin(["Q1", "Q2", "Q3", "Q4", "FY"])),
        "form": text(matches(r"10-[KQ](/A)?")),
        "filed": text(matches(DATE)),
        "frame": text(matches(r"CY20\d\d(Q[1-4])?I?"), nullable=True),
    },
    checks=[
        pa.Check(lambda df: df["start"] <= df["end"], error="a fact's start is not after its end"),
        pa.Check(
            lambda df: ~df.duplicated(["concept", "start", "end", "accn"], keep=False),
            error="one filing reports a concept for a period only once",
        ),
    ],
    strict=True,
    ordered=True,
)
