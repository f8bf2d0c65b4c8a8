"""semiconductor_programs.csv -> government chip programmes, with currency, amount and period parsed."""

from __future__ import annotations

import re

import pandas as pd

from analysis.columns import schema_for
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows
from analysis.steps._tidy import resolve_same_as_above, row_grades

COLUMNS = [
    "economy", "economy_code", "programme", "programme_short_name", "programme_role",
    "value", "unit", "currency_code", "amount_lcu_bn", "period_label",
    "programme_start_year", "programme_end_year", "programme_horizon_years", "source", "quality_grade",
]

# The World Bank economy whose GDP and exchange rate a programme is read against. The EU has
# no row in macro.csv: its programme uses the euro area's (the euro is its currency).
ECONOMY_CODES = {"United States": "USA", "European Union": "EMU", "South Korea": "KOR", "Japan": "JPN", "China": "CHN"}

# What each row's amount is, and a short name; the first rule whose text occurs in the
# programme name wins (so the more specific texts come first).
ROLE_RULES = [
    ("total appropriation", "programme", "US CHIPS Act"),
    ("legacy chips", "component", "CHIPS: legacy chips"),
    ("manufacturing incentives", "component", "CHIPS: manufacturing incentives"),
    ("R&D and workforce", "component", "CHIPS: R&D and workforce"),
    ("international ICT security", "component", "CHIPS: international ICT security"),
    ("investment tax credit", "context", "US investment tax credit"),
    ("public and private investment to be mobilised", "programme", "EU Chips Act (total)"),
    ("from EU budget", "budget_outlay", "EU Chips Act (EU budget)"),
    ("target global market share", "estimate_or_target", "EU market-share target"),
    ("Court of Auditors estimate", "estimate_or_target", "EU Chips Act: auditors' estimate"),
    ("Ecosystem Support Package", "programme", "Korea package"),
    ("financial support program", "component", "Korea: financial support"),
    ("Low-interest loan program", "component", "Korea: low-interest loans"),
    ("support package (expanded)", "programme", "Korea expanded package"),
    ("Chip & AI support framework", "programme", "Japan chips & AI plan"),
    ("public+private investment", "estimate_or_target", "Japan public-private target"),
    ("prior three years", "context", "Japan: earlier support"),
    ("Rapidus", "context", "Japan: Rapidus funding"),
    ("USD equivalent", "reported_conversion", "Big Fund III in USD (Reuters)"),
    ("Phase I (", "programme", "China Big Fund I"),
    ("Phase II (", "programme", "China Big Fund II"),
    ("Phase III (", "programme", "China Big Fund III"),
]

_SCALE_TO_BN = {"billion": 1.0, "trillion": 1000.0}
_EVENT = re.compile(r"\b(?:signed|entered into force|announced|established|registered)\s+(\d{4})\b")
_RANGE = re.compile(r"\b(?:FY)?(\d{4})\s*-\s*(?:FY)?(\d{4})\b")
_OPEN = re.compile(r"^(\d{4})-$")
_FROM = re.compile(r"\bfrom (\d{4})\b")
_LONE_DATE = re.compile(r"^(\d{4})(?:-\d\d){0,2}$")
_END = re.compile(r"\b(?:target|to|through)\s+(?:FY|[A-Z][a-z]{2} )?(\d{4})\b")
_YEARS = re.compile(r"~?(\d+) years\b")


def parse_programme_period(text: str) -> dict:
    """Start year, end year and horizon from a free-text period, where the text gives them.

    'signed 2022-08-09; ~5 years' -> 2022, 2026, 5; 'entered into force 2023-09-21; target 2030'
    -> 2023, 2030, 8 (both years count); 'announced 2024-05-23' -> 2024, none, none;
    '10 years from 2024' -> 2024, 2033, 10; 'through Mar 2025' -> none, 2025, none.
    """
    text = text.strip()
    start = end = horizon = None
    for pattern in (_EVENT, _RANGE, _OPEN, _FROM, _LONE_DATE):
        if found := pattern.search(text):
            start = int(found[1])
            break
    if found := _END.search(text):
        end = int(found[1])
    elif found := _RANGE.search(text):
        end = int(found[2])
    if found := _YEARS.search(text):
        horizon = int(found[1])
        if start is not None and end is None:
            end = start + horizon - 1
    elif start is not None and end is not None:
        horizon = end - start + 1
    if start is not None and end is not None and end < start:
        raise ValueError(f"semiconductor_programs.csv: the period {text!r} ends before it starts")
    return {"programme_start_year": start, "programme_end_year": end, "programme_horizon_years": horizon}


def classify_programme(name: str) -> tuple[str, str]:
    """(role, short name) of a programme row, by the first rule of ROLE_RULES its name contains."""
    for fragment, role, short in ROLE_RULES:
        if fragment in name:
            return role, short
    raise ValueError(
        f"semiconductor_programs.csv: no role rule matches the programme {name!r}; "
        "add one to ROLE_RULES in src/analysis/steps/semiconductor_programs.py"
    )


def parse_amount_unit(unit: str) -> dict:
    """'KRW trillion' -> KRW and a factor of 1,000 to billions; a percentage -> no currency."""
    currency, _, scale = unit.partition(" ")
    if scale in _SCALE_TO_BN:
        return {"currency_code": currency, "scale_to_bn": _SCALE_TO_BN[scale]}
    return {"currency_code": None, "scale_to_bn": None}


def transform(semiconductor_programs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one row per programme, amount and unit as text ('26', 'KRW trillion'), period as free text.

    Out: ``semiconductor_programmes``: the amount in billions of its currency, the ISO
    currency code, a role (programme total, component, budget outlay, ...) and the period's
    start year, end year and horizon where the text gives them.
    """
    raw = semiconductor_programs.copy()
    raw["source"] = resolve_same_as_above(raw["source"])
    raw["quality_grade"] = row_grades(raw, semiconductor_programs.attrs["snapshot"].meta)
    unknown = raw[~raw["country"].isin(ECONOMY_CODES)]
    if not unknown.empty:
        raise ValueError(
            f"semiconductor_programs.csv: economies without a World Bank code:\n{unknown[['country', 'program']]}"
        )
    raw["economy_code"] = raw["country"].map(ECONOMY_CODES)
    roles = pd.DataFrame([classify_programme(p) for p in raw["program"]], index=raw.index,
                         columns=["programme_role", "programme_short_name"])
    periods = pd.DataFrame([parse_programme_period(p) for p in raw["period"]], index=raw.index)
    units = pd.DataFrame([parse_amount_unit(u) for u in raw["currency"]], index=raw.index)
    raw = raw.join(roles).join(periods).join(units)

    # Amounts: 'trillion' rows are scaled to billions, so every currency amount is in billions.
    raw["value"] = raw["amount"].astype(float)
    raw["amount_lcu_bn"] = raw["value"] * raw["scale_to_bn"]

    programmes = raw.rename(columns={"country": "economy", "program": "programme", "currency": "unit",
                                     "period": "period_label"})
    _check_spendable_rows(programmes)
    return {"semiconductor_programmes": keep_raw_rows(programmes[COLUMNS], "semiconductor_programs")}


def _check_spendable_rows(programmes: pd.DataFrame) -> None:
    """Programme totals and budget outlays are converted and spread: they need a currency and a start."""
    spendable = programmes["programme_role"].isin(["programme", "budget_outlay"])
    bad = programmes[spendable & (programmes["currency_code"].isna() | programmes["programme_start_year"].isna())]
    if not bad.empty:
        raise ValueError(
            "semiconductor_programs.csv: programme rows need a currency amount and a start year:\n"
            + bad[["economy", "programme", "unit", "period_label"]].to_string()
        )


STEP = Step(
    name="semiconductor_programs",
    inputs=("semiconductor_programs",),
    outputs={
        "semiconductor_programmes": schema_for(COLUMNS, unique=["programme"], name="semiconductor_programmes"),
    },
    transform=transform,
)
