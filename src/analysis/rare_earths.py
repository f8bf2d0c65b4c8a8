"""Rare-earth supply: concentration of mine production, edition revisions, mining vs refining,
and US import dependence (USGS Mineral Commodity Summaries; IEA shares read via the press).

Definitions used throughout:

* **Shares** are of the *listed total*: the sum of USGS's country rows and its residual
  "Other countries" row for that edition and year, so that shares add up to 100%. USGS's world
  total is rounded (and in MCS2024 smaller than its own rows), so it is reported beside the
  listed total but is not the denominator.
* **HHI** (Herfindahl-Hirschman index) is the sum of squared shares in percent, 0-10,000.
  USGS's residual row hides how many producers it holds, so the HHI is given as bounds: the
  lower bound counts only named countries (the residual split among many tiny producers adds
  nothing), the upper bound treats the residual as one producer.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

CHINA = "China"
US_MINE_PRODUCTION_METRICS = (
    "production_bastnaesite_concentrates",  # MCS2019's label
    "production_bastnaesite_and_monazite_concentrates",  # MCS2021's label
    "production_mineral_concentrates",  # MCS2025's label
)
NET_IMPORT_RELIANCE = "net_import_reliance_compounds_and_metals"
CHINA_IMPORT_SHARE_METRICS = {
    "import_source_share_China_incl_HK",  # USGS salient statistics
    "China share of US rare earth imports",  # press reports of a later edition
}


def hhi(shares_pct: Iterable[float]) -> float:
    """Herfindahl-Hirschman index: the sum of squared shares in percent (50/30/20 -> 3,800)."""
    shares = np.asarray(list(shares_pct), dtype=float)
    if np.any(shares < 0) or shares.sum() > 100 + 1e-9:
        raise ValueError(f"shares must be non-negative and sum to at most 100, got {shares.tolist()}")
    return float((shares**2).sum())


def concentration(production: pd.DataFrame, country: str = CHINA) -> pd.DataFrame:
    """China's share of world mine production and the HHI, per edition and year.

    In: ``rare_earth_mine_production`` (country rows, the residual row, the world-total row).
    Out, one row per edition x year: ``listed_total_t_reo`` (countries + residual),
    ``world_total_t_reo`` (USGS's rounded total, NaN if absent), ``china_t_reo``,
    ``china_share_pct`` (of the listed total), ``china_share_of_world_total_pct``,
    ``other_countries_share_pct``, ``hhi_lower`` / ``hhi_upper`` (see the module notes),
    ``equivalent_producers`` (10,000 / upper HHI: the number of equal producers that would
    give the same HHI) and ``is_preliminary``.
    """
    records = []
    for (edition, year), group in production.groupby(["mcs_edition", "calendar_year"], sort=True):
        world_rows = group[group["producer_kind"] == "world total"]
        listed = group[group["producer_kind"] != "world total"]
        total = float(listed["production_t_reo"].sum())
        if total <= 0:
            raise ValueError(f"{edition} {year}: no production listed")
        shares = 100 * listed["production_t_reo"] / total
        named = listed["producer_kind"] == "country"
        focus = listed[listed["producing_country"] == country]
        if len(focus) != 1:
            raise ValueError(f"{edition} {year}: expected one row for {country}, found {len(focus)}")
        world = float(world_rows["production_t_reo"].iloc[0]) if len(world_rows) == 1 else np.nan
        focus_t = float(focus["production_t_reo"].iloc[0])
        lower = hhi(shares[named])
        upper = lower + float((shares[~named] ** 2).sum())
        records.append({
            "mcs_edition": edition,
            "calendar_year": int(year),
            "is_preliminary": bool(listed["is_preliminary"].all()),
            "listed_total_t_reo": total,
            "world_total_t_reo": world,
            "china_t_reo": focus_t,
            "china_share_pct": 100 * focus_t / total,
            "china_share_of_world_total_pct": 100 * focus_t / world,
            "other_countries_share_pct": float(shares[~named].sum()),
            "hhi_lower": lower,
            "hhi_upper": upper,
            "equivalent_producers": 10_000 / upper,
        })
    return pd.DataFrame.from_records(records)


def country_shares(production: pd.DataFrame, edition: str, year: int) -> pd.DataFrame:
    """Each producer's share of the listed total in one edition and year, largest first.

    Out: ``producing_country``, ``producer_kind``, ``production_t_reo``, ``share_pct``
    (the world-total row is left out; the residual row is kept).
    """
    rows = production[(production["mcs_edition"] == edition) & (production["calendar_year"] == year)
                      & (production["producer_kind"] != "world total")]
    if rows.empty:
        raise ValueError(f"no production listed for {edition} {year}")
    out = rows[["producing_country", "producer_kind", "production_t_reo"]].copy()
    out["share_pct"] = 100 * out["production_t_reo"] / out["production_t_reo"].sum()
    return out.sort_values(["production_t_reo", "producing_country"], ascending=[False, True], kind="stable").reset_index(drop=True)


def latest_estimate(table: pd.DataFrame) -> pd.Series:
    """The row of the newest edition's latest year (e.g. MCS2025's 2024 estimate)."""
    newest = table[table["mcs_edition"] == table["mcs_edition"].max()]
    return newest.sort_values("calendar_year").iloc[-1]


def edition_revisions(production: pd.DataFrame) -> pd.DataFrame:
    """Each producer's value in the two newest editions, for the years both cover.

    Out, one row per producer x shared year: ``earlier_t_reo`` / ``later_t_reo`` (NaN when an
    edition does not list the producer), ``revision_t_reo`` (later - earlier) and
    ``revision_pct`` (NaN when the earlier value is missing or zero). Countries first, largest
    later value first; then the residual row; the world total last.
    """
    editions = sorted(production["mcs_edition"].unique())
    if len(editions) < 2:
        raise ValueError(f"need two editions to compare, found {editions}")
    earlier_edition, later_edition = editions[-2:]
    years_of = production.groupby("mcs_edition")["calendar_year"].apply(set)
    shared = sorted(years_of[earlier_edition] & years_of[later_edition])
    if not shared:
        raise ValueError(f"{earlier_edition} and {later_edition} cover no year in common")
    keys = ["producing_country", "producer_kind", "calendar_year"]

    def values(edition: str) -> pd.DataFrame:
        rows = production[(production["mcs_edition"] == edition) & production["calendar_year"].isin(shared)]
        return rows[keys + ["production_t_reo"]]

    merged = values(earlier_edition).merge(
        values(later_edition), on=keys, how="outer", suffixes=("_earlier", "_later")
    )
    merged = merged.rename(columns={"production_t_reo_earlier": "earlier_t_reo", "production_t_reo_later": "later_t_reo"})
    merged.insert(3, "earlier_edition", earlier_edition)
    merged.insert(4, "later_edition", later_edition)
    merged["revision_t_reo"] = merged["later_t_reo"] - merged["earlier_t_reo"]
    base = merged["earlier_t_reo"].where(merged["earlier_t_reo"] > 0)
    merged["revision_pct"] = 100 * merged["revision_t_reo"] / base
    order = merged["producer_kind"].map({"country": 0, "other countries": 1, "world total": 2})
    merged = merged.assign(_order=order, _size=merged["later_t_reo"].fillna(merged["earlier_t_reo"]))
    merged = merged.sort_values(["calendar_year", "_order", "_size", "producing_country"],
                                ascending=[True, True, False, True], kind="stable")
    return merged.drop(columns=["_order", "_size"]).reset_index(drop=True)


def china_shares_by_stage(stage_shares: pd.DataFrame, concentration_table: pd.DataFrame) -> pd.DataFrame:
    """China's share of mining and refining from every source, side by side.

    In: ``rare_earth_stage_shares`` (IEA, FDD) and the output of :func:`concentration` (USGS).
    Out, one row per source x stage x period: ``publisher`` (IEA, FDD, USGS MCS2025 ...),
    ``supply_stage``, ``period_label``, ``calendar_year``, ``is_forecast``, ``share_pct``,
    ``quality_grade``; sorted by stage, publisher and year.
    """
    china = stage_shares[stage_shares["producer_group"] == CHINA]
    others = pd.DataFrame({
        "publisher": china["source"].str.split().str[0],
        "supply_stage": china["supply_stage"],
        "period_label": china["period_label"],
        "calendar_year": china["calendar_year"].astype(int),
        "is_forecast": china["is_forecast"].astype(bool),
        "share_pct": china["share_of_world_pct"].astype(float),
        "quality_grade": china["quality_grade"],
    })
    usgs = pd.DataFrame({
        "publisher": "USGS " + concentration_table["mcs_edition"],
        "supply_stage": "mining",
        "period_label": concentration_table["calendar_year"].astype(str),
        "calendar_year": concentration_table["calendar_year"].astype(int),
        "is_forecast": False,
        "share_pct": concentration_table["china_share_pct"].astype(float),
        "quality_grade": "primary",
    })
    combined = pd.concat([others, usgs], ignore_index=True)
    return combined.sort_values(["supply_stage", "publisher", "calendar_year"], kind="stable").reset_index(drop=True)


def annual_series(salient: pd.DataFrame, metrics: Iterable[str]) -> pd.DataFrame:
    """One-year rows of the given US metrics, one row per edition x year.

    Out: ``mcs_edition``, ``calendar_year``, ``metric``, ``value``, ``is_lower_bound``,
    ``is_preliminary``, ``quality_grade``; sorted by year, then edition.
    """
    rows = salient[salient["metric"].isin(list(metrics)) & (salient["first_year"] == salient["last_year"])]
    out = rows.assign(calendar_year=rows["first_year"].astype(int))[
        ["mcs_edition", "calendar_year", "metric", "value", "is_lower_bound", "is_preliminary", "quality_grade"]
    ]
    duplicated = out.duplicated(["mcs_edition", "calendar_year"], keep=False)
    if duplicated.any():
        raise ValueError(f"more than one metric per edition and year: {out[duplicated].to_dict('records')}")
    return out.sort_values(["calendar_year", "mcs_edition"], kind="stable").reset_index(drop=True)


def constant_runs(series: pd.DataFrame) -> pd.DataFrame:
    """Stretches of consecutive years with the same value and bound, in a one-edition series.

    In: ``calendar_year``, ``value``, ``is_lower_bound``, ``is_preliminary`` (one edition).
    Out: ``first_year``, ``last_year``, ``value``, ``is_lower_bound``, ``is_preliminary``
    (the stretch includes the preliminary year), oldest first.
    """
    if series["mcs_edition"].nunique() > 1:
        raise ValueError("constant_runs reads one edition at a time")
    s = series.sort_values("calendar_year").reset_index(drop=True)
    breaks = (
        s["value"].ne(s["value"].shift())
        | s["is_lower_bound"].ne(s["is_lower_bound"].shift())
        | s["calendar_year"].diff().ne(1)
    )
    grouped = s.groupby(breaks.cumsum())
    return pd.DataFrame({
        "first_year": grouped["calendar_year"].min().astype(int),
        "last_year": grouped["calendar_year"].max().astype(int),
        "value": grouped["value"].first().astype(float),
        "is_lower_bound": grouped["is_lower_bound"].first().astype(bool),
        "is_preliminary": grouped["is_preliminary"].any().astype(bool),
    }).reset_index(drop=True)


def compare_editions(frame: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """Where consecutive editions print the same year, the earlier and the later value.

    In: rows with ``mcs_edition``, ``calendar_year``, the ``by`` columns and ``value``.
    Out, one row per ``by`` x year x pair of consecutive editions printing that year:
    ``earlier_edition``, ``later_edition``, ``earlier_value``, ``later_value``, ``change``,
    ``change_pct`` and ``is_revised`` (the values differ).
    """
    records = []
    for key, group in frame.groupby([*by, "calendar_year"], sort=True):
        group = group.sort_values("mcs_edition")
        for (_, old), (_, new) in zip(group.iloc[:-1].iterrows(), group.iloc[1:].iterrows()):
            record = dict(zip([*by, "calendar_year"], key if isinstance(key, tuple) else (key,)))
            change = float(new[value]) - float(old[value])
            record.update({
                "earlier_edition": old["mcs_edition"],
                "later_edition": new["mcs_edition"],
                "earlier_value": float(old[value]),
                "later_value": float(new[value]),
                "change": change,
                "change_pct": 100 * change / float(old[value]) if float(old[value]) else np.nan,
                "is_revised": change != 0,
            })
            records.append(record)
    columns = [*by, "calendar_year", "earlier_edition", "later_edition", "earlier_value", "later_value",
               "change", "change_pct", "is_revised"]
    return pd.DataFrame.from_records(records, columns=columns)


def china_share_of_us_imports(salient: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """China's share of US rare-earth imports, from USGS and from press reports of later editions.

    Out, one row per figure: ``mcs_edition``, ``period_label``, ``share_pct``, ``is_approximate``,
    ``source``, ``quality_grade``; oldest edition first.
    """
    usgs = salient[salient["metric"].isin(CHINA_IMPORT_SHARE_METRICS)]
    press = reports[reports["metric"].isin(CHINA_IMPORT_SHARE_METRICS)]
    combined = pd.concat([
        pd.DataFrame({
            "mcs_edition": usgs["mcs_edition"], "period_label": usgs["period_label"],
            "share_pct": usgs["value"].astype(float), "is_approximate": False,
            "source": usgs["source"], "quality_grade": usgs["quality_grade"],
        }),
        pd.DataFrame({
            "mcs_edition": press["mcs_edition"], "period_label": press["calendar_year"].astype(str),
            "share_pct": press["value"].astype(float), "is_approximate": press["is_approximate"].astype(bool),
            "source": press["source"], "quality_grade": press["quality_grade"],
        }),
    ], ignore_index=True)
    if combined.empty:
        raise ValueError("no figure for China's share of US rare-earth imports")
    return combined.sort_values("mcs_edition", kind="stable").reset_index(drop=True)
