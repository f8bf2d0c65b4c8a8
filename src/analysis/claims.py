"""The claims check: each of the article's claims against the evidence in ``data/raw``.

For every claim in ``seed_claims`` an evidence function (:data:`EVIDENCE`) returns the
comparable value from the data with its source and the figure or table where the brief
shows it, or says that the data cannot verify the claim and why (never a guess). The
verdict then follows a stated rule (:func:`judge`): the claim's direction is read from its
wording ('over', 'up to', 'about'), and a tolerance band (a parameter) decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis import formatting as f
from analysis import market, nvidia_revenue
from analysis.processed import load_table

SUPPORTED, OVERSTATED, UNDERSTATED, NOT_VERIFIABLE = "supported", "overstated", "understated", "not verifiable"
VERDICTS = (SUPPORTED, OVERSTATED, UNDERSTATED, NOT_VERIFIABLE)

_AT_LEAST = re.compile(r"\b(over|more than|exceeds?|at least|above)\b", re.IGNORECASE)
_AT_MOST = re.compile(r"\b(up to|below|under|less than|at most)\b", re.IGNORECASE)


def claim_direction(text: str) -> str:
    """How a claim bounds its number: 'at_least' ('over $40bn'), 'at_most' ('up to 15%',
    'below 40%') or 'about' (a plain or approximate number)."""
    if _AT_LEAST.search(text):
        return "at_least"
    if _AT_MOST.search(text):
        return "at_most"
    return "about"


def judge(claim_value: float, evidence_value: float, direction: str, tolerance_pct: float) -> str:
    """The verdict for a claim with a number, given comparable evidence.

    The evidence supports a claim when it lies within ``tolerance_pct`` of the claim, or
    beyond it on the side the claim allows ('over 40' is supported by 50). Otherwise the
    claim is overstated (the evidence is lower) or understated (higher).
    """
    if claim_value == 0:
        raise ValueError("a claim of zero cannot be judged by a relative tolerance")
    ratio = evidence_value / claim_value
    low, high = 1 - tolerance_pct / 100, 1 + tolerance_pct / 100
    if direction == "at_least":
        return SUPPORTED if ratio >= low else OVERSTATED
    if direction == "at_most":
        return SUPPORTED if ratio <= high else UNDERSTATED
    if direction == "about":
        return OVERSTATED if ratio < low else UNDERSTATED if ratio > high else SUPPORTED
    raise ValueError(f"unknown direction {direction!r}")


RULE_NAMES = {"at_least": "floor", "at_most": "ceiling", "about": "level"}


def rule_text(direction: str, tolerance_pct: float) -> str:
    """The rule in short: 'floor, −10%' (supported if the evidence reaches 90% of the claim),
    'ceiling, +10%' (at most 110%), 'level, ±10%' (within the band either way)."""
    tol = f.number(tolerance_pct, 0)
    sign = {"at_least": "\u2212", "at_most": "+", "about": "±"}[direction]
    return f"{RULE_NAMES[direction]}, {sign}{tol}%"


@dataclass(frozen=True)
class Evidence:
    """What the data say about a claim: a comparable value (None when none exists)."""

    value: float | None
    text: str  # the evidence as the brief prints it
    datasets: tuple[str, ...]  # raw datasets it is computed from
    where: str = ""  # the figure or table of the brief that shows it (@fig-…)
    note: str = ""


@dataclass(frozen=True)
class Check:
    claim_id: str
    claim: str
    claim_text: str
    evidence: Evidence
    direction: str
    rule: str
    verdict: str


class Tables:
    """The processed tables the evidence functions read, each loaded once."""

    def __init__(self) -> None:
        self._loaded: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            self._loaded[name] = load_table(name)
        return self._loaded[name]


# --- evidence, one function per claim ---------------------------------------------------------

def _year(period: str) -> int:
    return int(re.match(r"\d{4}", period).group())


def _china_ai_chip_market(t: Tables, claim: pd.Series) -> Evidence:
    idc = t["china_accelerated_server_market"]
    anchor = market.idc_forecast_anchor(idc)
    year = _year(claim["claim_period"])
    on_path = anchor.base_usd_bn * (1 + anchor.growth_pct / 100) ** (year - anchor.base_year)
    return Evidence(
        on_path,
        f"IDC's whole accelerated-server market: {f.usd_bn(anchor.base_usd_bn)} in {anchor.base_year}, "
        f"{f.usd_bn(on_path)} in {year} on the path to IDC's {anchor.target_year} forecast; chips are only part of it",
        ("market_size",), "@fig-market",
        "Even the server market, which contains the chips, falls short of the claim.",
    )


def _china_ai_chip_growth(t: Tables, claim: pd.Series) -> Evidence:
    anchor = market.idc_forecast_anchor(t["china_accelerated_server_market"])
    outcomes = market.full_year_outcomes(t["china_accelerated_server_market"])
    last = 100 * (outcomes.iloc[-1] / outcomes.iloc[-2] - 1)
    return Evidence(
        anchor.growth_pct,
        f"at least {f.pct(anchor.growth_pct, 1)} a year implied by IDC's forecast from {anchor.base_year} to "
        f"{anchor.target_year}; {f.signed_pct(last)} in {int(outcomes.index[-1])}",
        ("market_size",), "@fig-market", "IDC measures servers, not chips.",
    )


def _nvidia_china_revenue_loss(t: Tables, claim: pd.Series) -> Evidence:
    revenue = nvidia_revenue.china_revenue(t["nvidia_revenue_by_geography"])
    # The latest period, and of the periods ending then the longest (nine months before a quarter).
    length = revenue["period_type"].map({"quarter": 1, "nine_months": 3, "year": 4})
    latest = revenue.assign(_length=length).sort_values(["period_end_date", "_length"]).iloc[-1]
    annual = nvidia_revenue.by_period_type(revenue, "year").iloc[-1]
    return Evidence(
        float(latest["china_share_pct"]),
        f"China's share of NVIDIA revenue: {f.pct(latest['china_share_pct'])} in {latest['fiscal_period']} "
        f"({f.pct(annual['china_share_pct'])} in {annual['fiscal_period']})",
        ("nvidia_financials",), "@tbl-nvidia-geography",
        "Losing China outright removes its share of revenue; billing location, not end use.",
    )


def _h200_vs_h20(t: Tables, claim: pd.Series) -> Evidence:
    from analysis import compute

    table = compute.spec_table(compute.lineup_values(t["chip_specs"], t["chip_prices"]))
    ratios = compute.spec_ratios(table, "H200", "H20").set_index("measure")["ratio"]
    return Evidence(
        float(ratios["bf16_dense_tflops"]),
        f"dense BF16 compute {f.ratio(ratios['bf16_dense_tflops'])}; memory bandwidth "
        f"{f.ratio(ratios['memory_bandwidth_tb_s'])}; memory {f.ratio(ratios['memory_gb'])}",
        ("chip_specs",), "@fig-compute-ratios",
        "Judged on compute; for token generation (bandwidth) the claim is too high.",
    )


def _no_product_margins(t: Tables, claim: pd.Series) -> Evidence:
    metrics = t["nvidia_metrics"]
    latest = nvidia_revenue.metric_series(metrics, "gross_margin_nonGAAP", "quarter").iloc[-1]
    return Evidence(
        None,
        f"NVIDIA reports no margin per chip; its company-wide non-GAAP gross margin was "
        f"{f.pct(latest['value'], 1)} in {latest['fiscal_period']}",
        ("nvidia_financials",), "@fig-margins-quarterly",
        "The margins chapter uses the claim only as a labelled assumption.",
    )


def _china_rare_earth_share(t: Tables, claim: pd.Series) -> Evidence:
    from analysis import rare_earths

    conc = rare_earths.concentration(t["rare_earth_mine_production"])
    latest = rare_earths.latest_estimate(conc)
    stages = rare_earths.china_shares_by_stage(t["rare_earth_stage_shares"], conc)
    refining = stages[(stages["supply_stage"] == "refining") & ~stages["is_forecast"]
                      & stages["publisher"].eq("IEA")].sort_values("calendar_year").iloc[-1]
    return Evidence(
        float(latest["china_share_pct"]),
        f"mining: {f.pct(latest['china_share_pct'], 1)} of world mine output in {int(latest['calendar_year'])} "
        f"(USGS {latest['mcs_edition']}); refining: {f.pct(refining['share_pct'])} in "
        f"{int(refining['calendar_year'])} (IEA, secondary)",
        ("rare_earth_production",), "@fig-rare-earths-stages",
        "Judged on mining, where the claim is too high; for refining it is too low.",
    )


def _us_critical_material_imports(t: Tables, claim: pd.Series) -> Evidence:
    salient = t["rare_earth_us_salient"]
    values = salient[salient["metric"] == "import_value_compounds_and_metals"].sort_values(
        ["last_year", "mcs_edition"]).iloc[-1]
    return Evidence(
        None,
        f"only rare earths are in the data: US imports of rare-earth compounds and metals were worth "
        f"{f.usd(values['value'], 0)} million in {values['period_label']}",
        ("rare_earth_us_salient",), "@fig-rare-earths-us",
        "The claim covers all materials for chips, batteries and renewables; the data cover rare earths only.",
    )


def _china_semiconductor_investment(t: Tables, claim: pd.Series) -> Evidence:
    from analysis import currency

    programmes = t["semiconductor_programmes"]
    fund = programmes[programmes["programme_short_name"] == "China Big Fund III"].iloc[0]
    choice = currency.rate_for("CNY", int(fund["programme_start_year"]), t["wdi_exchange_rates"])
    usd = fund["amount_lcu_bn"] / choice.lcu_per_usd
    return Evidence(
        None,
        f"only the state Big Funds are in the data: Big Fund III ({int(fund['programme_start_year'])}) has "
        f"¥{f.number(fund['amount_lcu_bn'], 0)}bn of registered capital, about {f.usd_bn(usd)} at the "
        f"{choice.rate_year} rate",
        ("semiconductor_programs", "macro"), "@tbl-investment-programmes",
        "Private, local-government and corporate investment are not in the data.",
    )


def _china_semiconductor_imports(t: Tables, claim: pd.Series) -> Evidence:
    from analysis import china_trade

    comparison = china_trade.ic_and_crude_imports(t["china_trade"]).dropna(subset=["ic_imports_usd_bn"])
    latest = comparison.iloc[-1]
    return Evidence(
        float(latest["ic_imports_usd_bn"]),
        f"integrated-circuit imports: {f.usd_bn(latest['ic_imports_usd_bn'], 0)} in {int(latest['calendar_year'])} "
        f"(GACC, as reported)",
        ("trade",), "@fig-investment-chips-oil",
    )


def _programme(name: str, currency_code: str, datasets=("semiconductor_programs",)):
    def evidence(t: Tables, claim: pd.Series) -> Evidence:
        programmes = t["semiconductor_programmes"]
        row = programmes[programmes["programme_short_name"] == name].iloc[0]
        if row["currency_code"] != currency_code:
            raise ValueError(f"{name} is in {row['currency_code']}, the claim in {currency_code}")
        return Evidence(float(row["amount_lcu_bn"]),
                        f"{name}: {currency_code} {f.number(row['amount_lcu_bn'], 1)}bn ({row['period_label']})",
                        datasets, "@tbl-investment-programmes")
    return evidence


def _korea_plan(t: Tables, claim: pd.Series) -> Evidence:
    from analysis import currency

    programmes = t["semiconductor_programmes"]
    row = programmes[programmes["programme_short_name"] == "Korea expanded package"].iloc[0]
    choice = currency.rate_for("KRW", int(row["programme_start_year"]), t["wdi_exchange_rates"])
    return Evidence(
        None,
        f"the data hold Korea's government support package, ₩{f.number(row['amount_lcu_bn'] / 1000, 0)} trillion "
        f"(about {f.usd_bn(row['amount_lcu_bn'] / choice.lcu_per_usd, 0)} at the {choice.rate_year} rate), "
        "not total investment plans",
        ("semiconductor_programs", "macro"), "@tbl-investment-programmes",
        "The claim's figure is an investment plan, mostly private; the data cannot check it.",
    )


def _absent(what: str) -> Callable[[Tables, pd.Series], Evidence]:
    def evidence(t: Tables, claim: pd.Series) -> Evidence:
        return Evidence(None, f"no evidence in the data on {what}", (), "")
    return evidence


EVIDENCE: dict[str, Callable[[Tables, pd.Series], Evidence]] = {
    "china_ai_chip_market": _china_ai_chip_market,
    "china_ai_chip_growth": _china_ai_chip_growth,
    "nvidia_china_revenue_loss": _nvidia_china_revenue_loss,
    "h200_vs_h20_performance": _h200_vs_h20,
    "h200_margin": _no_product_margins,
    "h20_margin": _no_product_margins,
    "china_rare_earth_share": _china_rare_earth_share,
    "us_imports_critical_materials_from_china": _us_critical_material_imports,
    "china_semiconductor_investment": _china_semiconductor_investment,
    "china_semiconductor_imports": _china_semiconductor_imports,
    "us_chips_act": _programme("US CHIPS Act", "USD"),
    "eu_chips_act": _programme("EU Chips Act (total)", "EUR"),
    "korea_semiconductor_plan": _korea_plan,
    "us_semiconductor_jobs": _absent("US semiconductor employment"),
    "nvidia_lobbying": _absent("NVIDIA's lobbying spending"),
    "blackwell_gulf_exports": _absent("Blackwell export approvals to the Gulf"),
    "controls_delay_years": _absent("how long the controls delay China's AI"),
}


def check_claims(tolerance_pct: float, tables: Tables | None = None) -> list[Check]:
    """Every claim of ``seed_claims``, checked. A claim without an evidence function is an error."""
    tables = tables or Tables()
    claims = tables["seed_claims"]
    missing = set(claims["claim_id"]) - set(EVIDENCE)
    if missing:
        raise KeyError(f"claims without an evidence function in analysis.claims.EVIDENCE: {sorted(missing)}")
    checks = []
    for claim in claims.itertuples(index=False):
        row = pd.Series(claim._asdict())
        evidence = EVIDENCE[claim.claim_id](tables, row)
        direction = claim_direction(claim.claim)
        if evidence.value is None:
            verdict, rule = NOT_VERIFIABLE, "no figure"
        else:
            verdict = judge(claim.claim_value, evidence.value, direction, tolerance_pct)
            rule = rule_text(direction, tolerance_pct)
        checks.append(Check(claim.claim_id, claim.claim, _claim_text(row), evidence, direction, rule, verdict))
    return checks


def _claim_text(claim: pd.Series) -> str:
    value = f.number(claim["claim_value"], 0 if float(claim["claim_value"]).is_integer() else 1)
    if pd.notna(claim["claim_value_to"]):
        value += f"–{f.number(claim['claim_value_to'], 0)}"
    return f.escape_dollars(f"{value} {claim['claim_unit']} ({claim['claim_period']})")


def verdict_counts(checks: list[Check]) -> dict[str, int]:
    return {v: sum(c.verdict == v for c in checks) for v in VERDICTS}


def checks_table(checks: list[Check]) -> pd.DataFrame:
    """The claims table as the brief prints it."""
    from analysis import provenance

    rows = []
    for c in checks:
        source = "; ".join(provenance.find_snapshot(d).meta.origin.attribution_short for d in c.evidence.datasets) or "–"
        evidence = c.evidence.text + (f" ({c.evidence.where})" if c.evidence.where else "")
        rows.append({
            "Claim": f"{c.claim} [{c.claim_text}]",
            "Evidence": evidence + (f". {c.evidence.note}" if c.evidence.note else ""),
            "Source": source,
            "Verdict": c.verdict,
            "Rule": c.rule,
        })
    return pd.DataFrame(rows)
