"""The executive summary, computed: the decision, the findings, the key numbers.

Every sentence here is built from the same library functions the chapters use, with the
run's parameters, so a different parameter set or newer data changes the text. Each
finding names the figure or table that shows it (``@fig-…``), which names its source.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import claims as claims_module
from analysis import formatting as f
from analysis import market, nvidia_revenue, policy
from analysis.processed import load_table


@dataclass(frozen=True)
class Finding:
    title: str
    text: str  # Markdown, numbers computed, with @fig/@tbl references


@dataclass(frozen=True)
class Facts:
    """The numbers the summary is made of, computed once."""

    values: dict
    scenario_summary: pd.DataFrame
    checks: list
    claims_by_id: dict  # claim id -> the article's number


def gather(params, scenario_summary: pd.DataFrame) -> Facts:
    """Compute the summary's numbers from the processed tables and the scenario results."""
    from analysis import compute, markets_verdict, rare_earths, unit_economics

    v: dict = {}
    idc = load_table("china_accelerated_server_market")
    anchor = market.idc_forecast_anchor(idc)
    v["idc_base"], v["idc_base_year"], v["idc_growth"] = anchor.base_usd_bn, anchor.base_year, anchor.growth_pct
    v["idc_target"], v["idc_target_year"] = anchor.target_usd_bn, anchor.target_year

    revenue = nvidia_revenue.china_revenue(load_table("nvidia_revenue_by_geography"))
    annual = nvidia_revenue.by_period_type(revenue, "year")
    nine = nvidia_revenue.by_period_type(revenue, "nine_months")
    v["china_first"], v["china_last_year"], v["china_latest"] = annual.iloc[0], annual.iloc[-1], nine.iloc[-1]

    prices, events = load_table("chip_prices"), load_table("policy_events")
    v["h200_share"] = policy.us_revenue_share_pct(prices, "H200")
    v["h20_share"] = policy.us_revenue_share_pct(prices, "H20 ")
    v["cap"] = policy.volume_cap_pct(events)
    decision = policy.mentions(events, r"H200.*25%").iloc[0]
    v["decision_date"] = decision["event_date"]
    chips = unit_economics.h20_h200_chips(prices, params.h20_gross_margin_pct, params.h200_gross_margin_pct)
    v["unit"] = unit_economics.chip_unit_economics(chips).set_index("chip")

    table = compute.spec_table(compute.lineup_values(load_table("chip_specs"), prices))
    v["ratios"] = compute.spec_ratios(table, "H200", "H20").set_index("measure")["ratio"]

    conc = rare_earths.concentration(load_table("rare_earth_mine_production"))
    v["re_latest"] = rare_earths.latest_estimate(conc)
    stages = rare_earths.china_shares_by_stage(load_table("rare_earth_stage_shares"), conc)
    v["refining"] = stages[(stages["supply_stage"] == "refining") & ~stages["is_forecast"]
                           & stages["publisher"].eq("IEA")].sort_values("calendar_year").iloc[-1]

    from analysis import china_trade
    trade = china_trade.ic_and_crude_imports(load_table("china_trade")).dropna()
    v["trade_latest"] = trade.iloc[-1]

    study, us_events, _ = markets_verdict.study_us_events(
        load_table("daily_prices"), events, (params.estimation_start_day, params.estimation_end_day),
        params.event_windows, params.prediction_error_correction, params.min_estimation_days)
    from analysis import event_study

    window = event_study.window_label(tuple(params.main_event_window))
    decision_event = us_events.loc[us_events["event_date"] == v["decision_date"]]
    if not decision_event.empty:
        cars = study.cars
        rows = cars[(cars["event_id"] == decision_event["event_id"].iloc[0]) & (cars["window"] == window)]
        v["decision_car"] = rows.set_index("ticker")
    v["car_window"] = window
    v["significance_t"] = params.significance_t

    claims_table = load_table("seed_claims").set_index("claim_id")["claim_value"]
    checks = claims_module.check_claims(params.claims_tolerance_pct)
    return Facts(values=v, scenario_summary=scenario_summary, checks=checks, claims_by_id=claims_table.to_dict())


def _total(summary: pd.DataFrame, option: str, metric: str) -> pd.Series:
    return summary.query("option == @option and metric == @metric and year == 0").iloc[0]


def _bn(value: float) -> str:
    return f.usd_bn(value, 0) if abs(value) >= 10 else f.usd_bn(value, 1)


def _range(row: pd.Series, fmt) -> str:
    return f"{fmt(row['mean'])} (90% range {fmt(row['p5'])}–{fmt(row['p95'])})"


def _years(summary: pd.DataFrame) -> str:
    years = sorted(summary.loc[summary["year"] > 0, "year"].unique())
    return f.year_span(int(years[0]), int(years[-1]))


def decision_paragraph(facts: Facts) -> str:
    v, s = facts.values, facts.scenario_summary
    span = _years(s)
    lic_rev, lic_rec = _total(s, "licensed", "revenue_usd_bn"), _total(s, "licensed", "us_receipts_usd_bn")
    lic_cmp, full_rev = _total(s, "licensed", "compute_h100e_k"), _total(s, "full", "revenue_usd_bn")
    full_cmp = _total(s, "full", "compute_h100e_k")
    date = v["decision_date"].strftime("%-d %B %Y")
    return (
        f"On {date} the US decided to let NVIDIA sell H200s to approved Chinese customers, with "
        f"{f.pct(v['h200_share'])} of the sales going to the US government; a Commerce rule then capped China's "
        f"volumes at {f.pct(v['cap'])} of those sold to US customers. The choice is between denying the licence, "
        f"granting it on those terms, or lifting the conditions. On this brief's assumptions, the licence brings "
        f"NVIDIA {_range(lic_rev, _bn)} of China revenue over {span} and the US government {_range(lic_rec, _bn)}, "
        f"while adding {f.number(lic_cmp['mean'] / 1000, 1)} million H100-equivalents of compute in China. Lifting the "
        f"conditions multiplies NVIDIA's revenue to {_bn(full_rev['mean'])} and China's added compute to "
        f"{f.number(full_cmp['mean'] / 1000, 1)} million H100-equivalents, with nothing for the US treasury; denial "
        f"forgoes both and leaves China to its own suppliers (@tbl-scenario-totals). {_cap_sentence(s)}"
    )


def _cap_sentence(summary: pd.DataFrame) -> str:
    """Whether the volume cap or demand sets licensed volumes, from the share of draws it binds."""
    binds = summary.query("option == 'licensed' and metric == 'cap_binds' and year > 0")["mean"]
    share = 100 * float(binds.mean())
    if share >= 50:
        return (f"The cap, not Chinese demand, sets the licensed volumes in {f.pct(share)} of draw-years: the licence "
                "trades a bounded revenue stream for a bounded transfer of compute.")
    return (f"Demand under the licence terms, not the cap, sets the licensed volumes in {f.pct(100 - share)} of "
            "draw-years.")


def findings(facts: Facts) -> list[Finding]:
    v, s = facts.values, facts.scenario_summary
    first, last, latest = v["china_first"], v["china_last_year"], v["china_latest"]
    unit, r = v["unit"], v["ratios"]
    h200, h20 = unit.loc["H200"], unit.loc["H20"]
    growth_word = "fast" if v["idc_growth"] >= 20 else "steadily"
    falling = latest["china_share_pct"] < first["china_share_pct"]
    claim_ratio = facts.claims_by_id["h200_vs_h20_performance"]
    out = [
        Finding(f"The market is large and growing {growth_word}.",
                f"IDC put China's accelerated-server market at {f.usd_bn(v['idc_base'])} in {v['idc_base_year']}; its "
                f"forecast of more than {f.usd_bn(v['idc_target'], 0)} in {v['idc_target_year']} implies at least "
                f"{f.pct(v['idc_growth'], 1)} a year (@fig-market)."),
        Finding("China matters less to NVIDIA than it did." if falling else "China matters as much to NVIDIA as ever.",
                f"Revenue billed to China {'fell' if falling else 'went'} from {f.pct(first['china_share_pct'])} of NVIDIA's total in "
                f"{first['fiscal_period']} to {f.pct(last['china_share_pct'])} in {last['fiscal_period']} and "
                f"{f.pct(latest['china_share_pct'])} in the first nine months of {latest['fiscal_period'].split()[-1]} "
                f"({f.usd_m_as_bn(latest['china_usd_m'])}; @tbl-nvidia-geography)."),
        Finding("After the US share, an H200 still earns NVIDIA more per chip than an H20."
                if h200["gross_profit_after_share_usd"] > h20["gross_profit_after_share_usd"]
                else "After the US share, an H200 earns NVIDIA less per chip than an H20.",
                f"At the assumed margins, an H200 sold in China leaves NVIDIA {f.usd(h200['gross_profit_after_share_usd'])} "
                f"of gross profit after the US government's {f.pct(h200['us_share_pct'])}, against "
                f"{f.usd(h20['gross_profit_after_share_usd'])} for an H20 after {f.pct(h20['us_share_pct'])} "
                f"(@tbl-margins-unit-economics; prices are estimates, margins assumptions)."),
        Finding("The H200 is no single multiple of the H20.",
                f"It has {f.ratio(r['bf16_dense_tflops'])} the H20's dense compute (which governs training) but "
                f"{f.ratio(r['memory_bandwidth_tb_s'])} its memory bandwidth (which governs token generation); the "
                f"article's '{f.ratio(claim_ratio, 0)}' describes neither (@fig-compute-ratios)."),
        Finding("China dominates rare-earth supply." if v["re_latest"]["china_share_pct"] > 50
                else "China is the largest rare-earth supplier.",
                f"China mined {f.pct(v['re_latest']['china_share_pct'], 1)} of the world's rare earths in "
                f"{int(v['re_latest']['calendar_year'])} (USGS, preliminary) and refined {f.pct(v['refining']['share_pct'])} in "
                f"{int(v['refining']['calendar_year'])} (IEA, read in a news report) (@fig-rare-earths-stages)."),
        Finding("China buys more chips than oil." if v["trade_latest"]["ic_to_crude_ratio"] > 1
                else "China's chip imports rival its oil imports.",
                f"Its integrated-circuit imports were {f.usd_bn(v['trade_latest']['ic_imports_usd_bn'], 0)} in "
                f"{int(v['trade_latest']['calendar_year'])}, {f.ratio(v['trade_latest']['ic_to_crude_ratio'], 2)} its "
                f"crude-oil imports (@fig-investment-chips-oil)."),
    ]
    if "decision_car" in v:
        nvda = v["decision_car"].loc["NVDA"]
        quiet = abs(nvda["car_t"]) < v["significance_t"]
        out.append(Finding(
            "Markets shrugged." if quiet else "Markets took note.",
            f"Over the days {v['car_window']} around the decision, NVIDIA's abnormal return was "
            f"{f.signed_pct(nvda['car_pct'], 1)} (t = {f.number(nvda['car_t'], 2)}), "
            f"{'within' if quiet else 'beyond'} its ordinary daily swings (@tbl-verdict-cars)."))
    return out


def key_numbers(facts: Facts) -> pd.DataFrame:
    v, s = facts.values, facts.scenario_summary
    span = _years(s)
    rows = [
        ("US share of H200 sales to China", f.pct(v["h200_share"]), "@tbl-scenario-inputs"),
        ("China volume cap, share of US volumes", f.pct(v["cap"]), "@tbl-scenario-inputs"),
        (f"China accelerated-server market, {v['idc_base_year']}", f.usd_bn(v["idc_base"]), "@tbl-idc"),
        (f"China's share of NVIDIA revenue, {v['china_latest']['fiscal_period']}",
         f.pct(v["china_latest"]["china_share_pct"]), "@tbl-nvidia-geography"),
        ("H200 ÷ H20, dense compute", f.ratio(v["ratios"]["bf16_dense_tflops"]), "@fig-compute-ratios"),
        (f"China's share of rare-earth mining, {int(v['re_latest']['calendar_year'])}",
         f.pct(v["re_latest"]["china_share_pct"], 1), "@tbl-rare-earths-concentration"),
        (f"US receipts under licence, {span} (mean)",
         _bn(_total(s, "licensed", "us_receipts_usd_bn")["mean"]), "@tbl-scenario-totals"),
        (f"NVIDIA China revenue under licence, {span} (mean)",
         _bn(_total(s, "licensed", "revenue_usd_bn")["mean"]), "@tbl-scenario-totals"),
    ]
    return pd.DataFrame(rows, columns=["Key number", "Value", "Shown in"])


def claims_line(facts: Facts) -> str:
    counts = claims_module.verdict_counts(facts.checks)
    total = len(facts.checks)
    parts = [f"{counts[v]} {v}" for v in claims_module.VERDICTS if counts[v]]
    return (f"Of the article's {total} numerical claims, {', '.join(parts[:-1])} and {parts[-1]} by the data "
            f"(@tbl-claims).")
