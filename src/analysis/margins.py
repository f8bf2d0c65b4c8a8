"""NVIDIA's quarterly gross margins: the compiled series, checked and completed with SEC XBRL facts.

Two sources meet here. ``nvidia_metrics`` holds the GAAP and non-GAAP margins as NVIDIA's
documents state them (rounded to 0.1 pp), each row graded (some read only through weak
reproductions); ``nvidia_sec_quarterly_gross_margin`` holds the GAAP margin computed from
the revenue and gross profit NVIDIA tagged in its filings (primary, every quarter). The
SEC series checks the compiled one and fills its gaps; non-GAAP margins exist only in the
compiled series (XBRL has no non-GAAP figures).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

GAAP_METRIC = "gross_margin_GAAP"
NON_GAAP_METRIC = "gross_margin_nonGAAP"
EX_CHARGE_METRIC = "gross_margin_nonGAAP_ex_H20_charge"
CHARGE_METRIC = "H20_inventory_and_purchase_obligation_charge"
BASES = {"GAAP": GAAP_METRIC, "non-GAAP": NON_GAAP_METRIC}
COMPILED = "NVIDIA documents"
SEC_XBRL = "SEC XBRL facts"
SERIES_COLUMNS = ["fiscal_period", "period_end_date", "basis", "margin_pct", "margin_source", "quality_grade"]


def _quarterly(metrics: pd.DataFrame, metric: str) -> pd.DataFrame:
    rows = metrics[(metrics["metric"] == metric) & (metrics["period_type"] == "quarter") & ~metrics["is_outlook"]]
    return rows[["fiscal_period", "period_end_date", "value", "quality_grade", "source"]].reset_index(drop=True)


def compare_gaap_margins(metrics: pd.DataFrame, sec: pd.DataFrame) -> pd.DataFrame:
    """The quarters with a GAAP margin in both sources, and the difference (compiled - SEC, pp).

    Columns: ``fiscal_period``, ``period_end_date``, ``compiled_pct``, ``compiled_grade``,
    ``sec_pct``, ``difference_pp``; sorted by period end.
    """
    compiled = _quarterly(metrics, GAAP_METRIC).rename(columns={"value": "compiled_pct", "quality_grade": "compiled_grade"})
    both = compiled.merge(sec[["fiscal_period", "gross_margin_pct"]], on="fiscal_period", validate="one_to_one")
    both = both.rename(columns={"gross_margin_pct": "sec_pct"})
    both["difference_pp"] = both["compiled_pct"] - both["sec_pct"]
    columns = ["fiscal_period", "period_end_date", "compiled_pct", "compiled_grade", "sec_pct", "difference_pp"]
    return both.sort_values("period_end_date")[columns].reset_index(drop=True)


def within_rounding(difference_pp: pd.Series, decimals: int = 1) -> pd.Series:
    """True where a value rounded to ``decimals`` can differ from the exact one by that much."""
    return difference_pp.abs() <= 0.5 * 10.0**-decimals + 1e-9


def quarterly_margin_series(metrics: pd.DataFrame, sec: pd.DataFrame) -> pd.DataFrame:
    """GAAP and non-GAAP margins per fiscal quarter, long format, with each point's source.

    GAAP: the compiled value where there is one, else the SEC-computed margin (source
    ``SEC XBRL facts``, its grade). Non-GAAP: compiled values only. Columns:
    ``fiscal_period``, ``period_end_date``, ``basis`` (GAAP | non-GAAP), ``margin_pct``,
    ``margin_source``, ``quality_grade``; sorted by period end, GAAP first.
    """
    compiled_gaap = _quarterly(metrics, GAAP_METRIC)
    filled = sec[~sec["fiscal_period"].isin(compiled_gaap["fiscal_period"])]
    parts = [
        compiled_gaap.assign(basis="GAAP", margin_source=COMPILED),
        pd.DataFrame({
            "fiscal_period": filled["fiscal_period"],
            "period_end_date": filled["period_end_date"],
            "value": filled["gross_margin_pct"],
            "quality_grade": filled["quality_grade"],
            "basis": "GAAP",
            "margin_source": SEC_XBRL,
        }),
        _quarterly(metrics, NON_GAAP_METRIC).assign(basis="non-GAAP", margin_source=COMPILED),
    ]
    series = pd.concat(parts, ignore_index=True).rename(columns={"value": "margin_pct"})
    series["basis"] = pd.Categorical(series["basis"], categories=list(BASES))
    series = series.sort_values(["period_end_date", "basis"]).reset_index(drop=True)
    series["basis"] = series["basis"].astype(str)
    return series[SERIES_COLUMNS]


def latest_margin(series: pd.DataFrame, basis: str) -> pd.Series:
    """The most recent quarter's margin on a basis ('GAAP' or 'non-GAAP'), as a row of the series."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {list(BASES)}, got {basis!r}")
    rows = series[series["basis"] == basis].sort_values("period_end_date")
    if rows.empty:
        raise LookupError(f"no {basis} margin in the series")
    return rows.iloc[-1]


@dataclass(frozen=True)
class ChargeQuarter:
    """The quarter of the H20 charge: the charge, the margin with and without it, and its size."""

    fiscal_period: str
    period_end_date: pd.Timestamp
    charge_usd_m: float
    revenue_usd_m: float
    non_gaap_pct: float
    non_gaap_ex_charge_pct: float

    @property
    def margin_gap_pp(self) -> float:
        """What the charge took off the non-GAAP margin, as NVIDIA states both margins."""
        return self.non_gaap_ex_charge_pct - self.non_gaap_pct

    @property
    def charge_share_of_revenue_pp(self) -> float:
        """The charge as a share of the quarter's revenue: what it should take off the margin."""
        return 100 * self.charge_usd_m / self.revenue_usd_m


def h20_charge_quarter(metrics: pd.DataFrame, sec: pd.DataFrame) -> ChargeQuarter:
    """Read the H20 charge quarter: charge and margins from ``nvidia_metrics``, revenue from SEC XBRL."""
    charge = metrics[metrics["metric"] == CHARGE_METRIC]
    if len(charge) != 1:
        raise LookupError(f"expected one {CHARGE_METRIC} row, found {len(charge)}")
    period = charge["fiscal_period"].iloc[0]

    def value(frame: pd.DataFrame, metric: str) -> float:
        rows = frame[(frame["metric"] == metric) & (frame["fiscal_period"] == period)]
        if len(rows) != 1:
            raise LookupError(f"expected one {metric} row for {period}, found {len(rows)}")
        return float(rows["value"].iloc[0])

    revenue = sec.loc[sec["fiscal_period"] == period, "revenue_usd_m"]
    if len(revenue) != 1:
        raise LookupError(f"no SEC revenue for {period}")
    return ChargeQuarter(
        fiscal_period=period,
        period_end_date=pd.Timestamp(charge["period_end_date"].iloc[0]),
        charge_usd_m=float(charge["value"].iloc[0]),
        revenue_usd_m=float(revenue.iloc[0]),
        non_gaap_pct=value(metrics, NON_GAAP_METRIC),
        non_gaap_ex_charge_pct=value(metrics, EX_CHARGE_METRIC),
    )
