"""sec_companyfacts_nvda -> NVIDIA's quarterly revenue, cost of revenue, gross profit and GAAP margin.

The companyfacts document holds quarters, year-to-date periods and fiscal years, each
re-reported by later filings. Periods are read from each fact's own start and end dates
(``fy``/``fp`` describe the filing, not the fact); the fourth quarter, for which NVIDIA
files no 10-Q, is the fiscal year minus the first nine months.
"""

from __future__ import annotations

import pandas as pd

from analysis.columns import schema_for
from analysis.errors import CrossCheckError
from analysis.steps import Step
from analysis.steps._origin import source_of
from analysis.steps._tidy import row_grades

CONCEPT_COLUMNS = {
    "Revenues": "revenue_usd_m",
    "CostOfRevenue": "cost_of_revenue_usd_m",
    "GrossProfit": "gross_profit_usd_m",
}
# Inclusive lengths in days: NVIDIA's quarters are 13 weeks (14 in the last quarter of a
# 53-week year) and its fiscal year 52 or 53 weeks; half-years and other spans are not used.
PERIOD_DAYS = {"quarter": (85, 99), "nine_months": (266, 280), "year": (357, 378)}
DAYS_PER_QUARTER = 91
# Each line of the statements is rounded to $1 million, so revenue - cost may miss gross profit by that.
ROUNDING_TOLERANCE_USD_M = 1.0
GRADE_ORDER = ["primary", "secondary", "weak"]
REPORTED, DERIVED = "reported quarter", "fiscal year minus nine months"

COLUMNS = [
    "fiscal_period", "fiscal_year", "fiscal_quarter", "period_start_date", "period_end_date",
    "revenue_usd_m", "cost_of_revenue_usd_m", "gross_profit_usd_m", "gross_margin_pct",
    "quarter_derivation", "source", "quality_grade",
]


def transform(sec_companyfacts_nvda: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Facts in, one row per fiscal quarter out.

    In: one row per reported fact (``concept, start, end, val, accn, fy, fp, form, filed, frame``,
    text), with duplicates re-reported by later filings.
    Out: ``nvidia_sec_quarterly_gross_margin``, one row per fiscal quarter with revenue, cost
    of revenue and gross profit (USD million), GAAP gross margin (percent), how the quarter
    was obtained and the filings it comes from.
    """
    raw = sec_companyfacts_nvda.copy()
    raw["quality_grade"] = row_grades(raw, sec_companyfacts_nvda.attrs["snapshot"].meta)

    # Load: one fact per concept and period, the copy filed last (earlier copies are duplicates).
    facts = last_filed(raw)
    facts = classify_periods(facts)

    # Process: reported quarters, plus Q4 = fiscal year - first nine months (USD -> USD million).
    quarters = pd.concat([facts[facts["period_kind"] == "quarter"], derive_fourth_quarters(facts)])
    table = to_quarter_table(quarters)
    check_gross_profit_identity(table, source_of(sec_companyfacts_nvda, "sec_companyfacts_nvda"))
    return {"nvidia_sec_quarterly_gross_margin": table[COLUMNS]}


def last_filed(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per concept x start x end: the copy with the latest ``filed`` date (then accession)."""
    ordered = facts.sort_values(["filed", "accn"], kind="stable")
    return ordered.drop_duplicates(["concept", "start", "end"], keep="last").reset_index(drop=True)


def period_kind(days: int) -> str | None:
    """'quarter', 'nine_months' or 'year' from an inclusive length in days; None for other spans."""
    for kind, (low, high) in PERIOD_DAYS.items():
        if low <= days <= high:
            return kind
    return None


def fiscal_year_of(end: pd.Timestamp) -> int:
    """NVIDIA's fiscal year ends in late January: a period ending Feb-Dec belongs to the next one."""
    return end.year if end.month <= 2 else end.year + 1


def classify_periods(facts: pd.DataFrame) -> pd.DataFrame:
    """Add dates, ``value_usd_m``, ``period_kind``, ``fiscal_year`` and, for quarters, ``fiscal_quarter``.

    A fiscal year starts on the earliest start date among its facts (year-to-date facts
    and the first quarter start there); a quarter's number counts 91-day steps from it.
    """
    out = facts.copy()
    out["start"] = pd.to_datetime(out["start"], format="%Y-%m-%d")
    out["end"] = pd.to_datetime(out["end"], format="%Y-%m-%d")
    out["value_usd_m"] = out["val"].astype(float) / 1e6
    out["period_kind"] = [period_kind((e - s).days + 1) for s, e in zip(out["start"], out["end"])]
    out = out[out["period_kind"].notna()].copy()
    out["fiscal_year"] = out["end"].map(fiscal_year_of)
    year_start = out.groupby("fiscal_year")["start"].transform("min")
    steps = ((out["start"] - year_start).dt.days / DAYS_PER_QUARTER).round().astype(int)
    out["fiscal_quarter"] = (steps + 1).where(out["period_kind"] == "quarter")
    bad = out[(out["period_kind"] == "quarter") & ~out["fiscal_quarter"].between(1, 4)]
    if not bad.empty:
        raise ValueError(f"sec_companyfacts_nvda: quarters that fall outside their fiscal year:\n{_rows(bad)}")
    return out.reset_index(drop=True)


def derive_fourth_quarters(facts: pd.DataFrame) -> pd.DataFrame:
    """Q4 of each fiscal year with both a year and a nine-month fact of the same start.

    A quarter already reported as such is not derived again.
    """
    keys = ["concept", "fiscal_year", "start"]
    years = facts[facts["period_kind"] == "year"]
    nines = facts[facts["period_kind"] == "nine_months"]
    both = years.merge(nines, on=keys, suffixes=("_year", "_nine"), validate="one_to_one")
    derived = pd.DataFrame({
        "concept": both["concept"],
        "fiscal_year": both["fiscal_year"],
        "fiscal_quarter": 4,
        "start": both["end_nine"] + pd.Timedelta(days=1),
        "end": both["end_year"],
        "value_usd_m": both["value_usd_m_year"] - both["value_usd_m_nine"],
        "form": both["form_year"] + " " + both["accn_year"] + " minus " + both["form_nine"] + " " + both["accn_nine"],
        "quality_grade": [_worst(a, b) for a, b in zip(both["quality_grade_year"], both["quality_grade_nine"])],
        "derivation": DERIVED,
    })
    lengths = (derived["end"] - derived["start"]).dt.days + 1
    odd = derived[~lengths.map(lambda d: period_kind(d) == "quarter")]
    if not odd.empty:
        raise ValueError(f"sec_companyfacts_nvda: a derived fourth quarter is not a quarter long:\n{_rows(odd)}")
    reported = facts[(facts["period_kind"] == "quarter") & (facts["fiscal_quarter"] == 4)]
    already = derived.set_index(["concept", "fiscal_year"]).index.isin(reported.set_index(["concept", "fiscal_year"]).index)
    return derived[~already]


def to_quarter_table(quarters: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per quarter, a column per concept, the margin, and the filings used."""
    quarters = quarters.copy()
    quarters["derivation"] = quarters["derivation"].fillna(REPORTED) if "derivation" in quarters else REPORTED
    reported = quarters["derivation"] == REPORTED
    quarters.loc[reported, "form"] = quarters.loc[reported, "form"] + " " + quarters.loc[reported, "accn"]
    keys = ["fiscal_year", "fiscal_quarter", "start", "end", "derivation"]
    wide = quarters.pivot_table(index=keys, columns="concept", values="value_usd_m", aggfunc="first")
    wide.columns = pd.Index([str(c) for c in wide.columns])  # plain labels, not the facts' string dtype
    missing = wide[wide.reindex(columns=list(CONCEPT_COLUMNS)).isna().any(axis=1)]
    if not missing.empty:
        raise ValueError(f"sec_companyfacts_nvda: quarters lacking revenue, cost or gross profit:\n{missing}")
    wide = wide[list(CONCEPT_COLUMNS)].rename(columns=CONCEPT_COLUMNS)
    documents = quarters.groupby(keys)["form"].agg(lambda forms: "; ".join(sorted(set(forms))))
    grades = quarters.groupby(keys)["quality_grade"].agg(lambda g: _worst(*g))
    table = wide.join(documents).join(grades).reset_index()
    table = table.rename(columns={"start": "period_start_date", "end": "period_end_date", "derivation": "quarter_derivation"})
    table["fiscal_quarter"] = table["fiscal_quarter"].astype(int)
    table["fiscal_period"] = [f"Q{q} FY{y}" for q, y in zip(table["fiscal_quarter"], table["fiscal_year"])]
    table["gross_margin_pct"] = 100 * table["gross_profit_usd_m"] / table["revenue_usd_m"]
    table["source"] = "SEC XBRL companyfacts: " + table["form"]
    duplicated = table[table.duplicated("fiscal_period", keep=False)]
    if not duplicated.empty:
        raise ValueError(f"sec_companyfacts_nvda: two different periods map to one fiscal quarter:\n{_rows(duplicated)}")
    return table.sort_values("period_end_date").reset_index(drop=True)


def check_gross_profit_identity(table: pd.DataFrame, source: str = "sec_companyfacts_nvda") -> None:
    """Sanity check: revenue - cost of revenue = gross profit in every quarter (names quarter, filings, numbers)."""
    gap = (table["revenue_usd_m"] - table["cost_of_revenue_usd_m"] - table["gross_profit_usd_m"]).abs()
    bad = table[gap > ROUNDING_TOLERANCE_USD_M]
    if not bad.empty:
        problems = [
            f"{r.fiscal_period} ({r.form}): revenue {r.revenue_usd_m:,.0f} - cost of revenue "
            f"{r.cost_of_revenue_usd_m:,.0f} = {r.revenue_usd_m - r.cost_of_revenue_usd_m:,.0f}, "
            f"but gross profit is {r.gross_profit_usd_m:,.0f} (USD million)"
            for r in bad.itertuples()
        ]
        raise CrossCheckError("revenue - cost of revenue must equal gross profit in every quarter", [source], problems)


def _worst(*grades: str) -> str:
    return max(grades, key=GRADE_ORDER.index)


def _rows(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False, max_colwidth=40)


STEP = Step(
    name="sec_companyfacts_nvda",
    inputs=("sec_companyfacts_nvda",),
    outputs={
        "nvidia_sec_quarterly_gross_margin": schema_for(
            COLUMNS, unique=["fiscal_period"], name="nvidia_sec_quarterly_gross_margin"
        ),
    },
    transform=transform,
)
