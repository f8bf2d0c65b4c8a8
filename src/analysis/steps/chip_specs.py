"""chip_specs.csv -> typed accelerator specs, audited against Epoch AI's raw SI values.

Inputs: ``chip_specs`` (the compiler's long table, converted to TFLOPS, GB, TB/s, W, TPP)
and ``epoch_ml_hardware_subset`` (Epoch AI's own rows, in SI units). Outputs:

- ``chip_specs``: one number per chip x metric, unit in its own column;
- ``chip_spec_crosschecks``: second-source values of a spec (web pages), checked to agree;
- ``chip_profiles``: release date, foundry and memory type, one row per chip;
- ``chip_reported_ratios``: performance ratios as the press reported them ("~6x");
- ``chip_spec_epoch_audit``: every converted number beside Epoch's raw SI value.

The step raises, naming chip and metric, when a conversion or a cross-check disagrees
beyond the rounding of the figure as the compiler wrote it.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from analysis.columns import schema_for
from analysis.errors import CrossCheckError
from analysis.steps import Step
from analysis.steps._origin import keep_raw_rows, lines_of, source_of
from analysis.steps._tidy import row_grades

SPEC_COLUMNS = ["chip", "metric", "value", "unit", "source", "quality_grade"]
PROFILE_COLUMNS = ["chip", "release_date", "foundry", "memory_type"]
RATIO_COLUMNS = ["numerator_chip", "denominator_chip", "metric", "ratio", "is_approximate", "source", "quality_grade"]
AUDIT_COLUMNS = ["chip", "metric", "value", "unit", "epoch_hardware_name", "epoch_field", "epoch_value_si", "epoch_unit"]

# How many of Epoch's SI units one unit of chip_specs holds (a unit definition, not data).
SI_PER_UNIT = {
    "TFLOPS": 1e12,  # FLOP/s
    "TOPS": 1e12,  # OP/s
    "TPP": 1e12,  # bit-OP/s: TPP is Epoch's bit-OP/s / 1e12
    "GB": 1e9,  # bytes
    "GB/s": 1e9,  # byte/s
    "TB/s": 1e12,  # byte/s
    "W": 1.0,
    "nm": 1.0,
    "USD": 1.0,
}
UNIT_ALIASES = {"TPP (= bit-OP/s / 1e12)": "TPP", "GB (HBM3e)": "GB"}
PROFILE_METRICS = ("release_date", "foundry", "memory_type")
CROSSCHECK_SUFFIX = "_crosscheck"
EPOCH_SOURCE = "Epoch AI"
# How a converted row quotes Epoch: row "NVIDIA HGX H20", column "Memory (bytes)" = 96000000000.0;
_EPOCH_QUOTE = re.compile(r'row "(?P<row>[^"]+)", column "(?P<field>[^"]+)" = (?P<quoted>[^;]+);')


def transform(chip_specs: pd.DataFrame, epoch_ml_hardware_subset: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In: one text row per chip x metric (numbers, dates, names, "~6x"), plus Epoch's rows.

    Out: the five tables above; numbers as floats, units normalised ("TPP (= bit-OP/s / 1e12)"
    -> "TPP"), each row graded by the sidecar's row rules.
    """
    raw = chip_specs.copy()
    raw["quality_grade"] = row_grades(raw, chip_specs.attrs["snapshot"].meta)
    raw["unit"] = raw["unit"].replace(UNIT_ALIASES)
    is_ratio = raw["unit"].eq("ratio")
    is_profile = raw["metric"].isin(PROFILE_METRICS)
    numbers = raw[~is_ratio & ~is_profile].copy()
    numbers["value_text"] = numbers["value"]
    numbers["value"] = numbers["value"].astype(float)

    # A spec has one value: Epoch's when it has one; a second source's value is a cross-check.
    numbers["metric"] = numbers["metric"].str.removesuffix(CROSSCHECK_SUFFIX)
    numbers["is_epoch"] = numbers["source"].str.startswith(EPOCH_SOURCE)
    numbers = numbers.sort_values("is_epoch", ascending=False, kind="stable")
    is_first = ~numbers.duplicated(["chip", "metric"])
    specs, crosschecks = numbers[is_first], numbers[~is_first]
    _check_crosschecks_agree(crosschecks, specs, chip_specs)

    # Audit: every converted Epoch row against Epoch's raw SI value (numbers within rounding).
    epoch_rows = raw[raw["source"].str.startswith(EPOCH_SOURCE)]
    audit = _audit_against_epoch(epoch_rows, epoch_ml_hardware_subset, chip_specs)

    return {
        "chip_specs": keep_raw_rows(specs.sort_index()[SPEC_COLUMNS], "chip_specs"),
        "chip_spec_crosschecks": keep_raw_rows(crosschecks.sort_index()[SPEC_COLUMNS], "chip_specs"),
        "chip_profiles": _profiles(raw[is_profile]),
        "chip_reported_ratios": keep_raw_rows(_reported_ratios(raw[is_ratio]), "chip_specs"),
        "chip_spec_epoch_audit": audit[AUDIT_COLUMNS],
    }


def rounding_tolerance(text: str) -> float:
    """Half a unit of the last digit a figure was written with: '989.4' -> 0.05, '15832' -> 0.5."""
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return 0.5 * 10.0 ** -decimals


def _check_crosschecks_agree(crosschecks: pd.DataFrame, specs: pd.DataFrame, source: pd.DataFrame | None = None) -> None:
    """Each second-source value must equal the spec within its rounding; raise naming both rows' lines."""
    if crosschecks.empty:
        return
    source = crosschecks if source is None else source
    merged = crosschecks.reset_index(names="raw_row").merge(
        specs.reset_index(names="raw_row"), on=["chip", "metric"], how="left", suffixes=("", "_spec")
    )
    tolerance = merged["value_text"].map(rounding_tolerance)
    unit_differs = merged["unit_spec"].notna() & merged["unit"].ne(merged["unit_spec"])
    bad = merged[merged["value_spec"].isna() | unit_differs | ((merged["value"] - merged["value_spec"]).abs() > tolerance)]
    if not bad.empty:
        rows = [
            f"{r.chip} / {r.metric}: {r.value_text} {r.unit} ({r.source}) on {lines_of(source, [r.raw_row])} "
            + (f"vs spec {r.value_spec:g} {r.unit_spec} on {lines_of(source, [r.raw_row_spec])}"
               if pd.notna(r.raw_row_spec) else "but no spec row")
            for r in bad.itertuples()
        ]
        raise CrossCheckError("a second source's value of a spec must equal the spec within its rounding",
                              [source_of(source, "chip_specs.csv")], rows)


def _audit_against_epoch(rows: pd.DataFrame, epoch: pd.DataFrame, source: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each converted row beside Epoch's raw cell; raises naming every row that disagrees (with both lines)."""
    source = rows if source is None else source
    quotes = rows["source_detail"].fillna("").str.extract(_EPOCH_QUOTE)
    table = epoch.set_index("Hardware name")
    epoch_lines = {name: lines_of(epoch, [position]) for position, name in enumerate(epoch["Hardware name"])}
    records, problems = [], []
    for (index, row), quote in zip(rows.iterrows(), quotes.itertuples(index=False)):
        where = f"{row['chip']} / {row['metric']} ({lines_of(source, [index])}"
        where += f"; Epoch {epoch_lines[quote.row]})" if quote.row in epoch_lines else ")"
        if pd.isna(quote.row):
            problems.append(f"{where}: source_detail does not quote an Epoch row and column")
            continue
        if quote.row not in table.index or quote.field not in table.columns or pd.isna(table.at[quote.row, quote.field]):
            problems.append(f"{where}: Epoch has no value in row {quote.row!r}, column {quote.field!r}")
            continue
        cell = str(table.at[quote.row, quote.field])
        if row["unit"] in ("date", "text"):
            if row["value"] != cell:
                problems.append(f"{where}: {row['value']!r} but Epoch has {cell!r}")
            continue
        si = float(cell)
        factor = SI_PER_UNIT[row["unit"]]
        if float(quote.quoted) != si:
            problems.append(f"{where}: the row quotes {quote.quoted} but Epoch has {cell}")
        # Convert: the compiler's figure in Epoch's SI unit must match to the figure's rounding.
        if abs(float(row["value"]) * factor - si) > rounding_tolerance(row["value"]) * factor:
            problems.append(f"{where}: {row['value']} {row['unit']} = {float(row['value']) * factor:g} "
                            f"but Epoch has {cell} ({quote.field})")
        records.append({
            "chip": row["chip"], "metric": row["metric"], "value": float(row["value"]), "unit": row["unit"],
            "epoch_hardware_name": quote.row, "epoch_field": quote.field, "epoch_value_si": si,
            "epoch_unit": re.search(r"\(([^)]+)\)\s*$", quote.field).group(1),
        })
    if problems:
        raise CrossCheckError("the converted specs must equal Epoch AI's raw values within rounding",
                              [source_of(source, "chip_specs.csv"), source_of(epoch, "epoch_ml_hardware_subset.csv")],
                              problems)
    return pd.DataFrame(records, columns=AUDIT_COLUMNS)


def _profiles(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    wide = rows.pivot(index="chip", columns="metric", values="value").reindex(columns=list(PROFILE_METRICS))
    wide["release_date"] = pd.to_datetime(wide["release_date"], format="%Y-%m-%d")
    return wide.reset_index().rename_axis(columns=None)[PROFILE_COLUMNS]


def _reported_ratios(rows: pd.DataFrame) -> pd.DataFrame:
    """'H200 vs H20', '~6x' -> numerator H200, denominator H20, ratio 6, approximate."""
    if rows.empty:
        return pd.DataFrame(columns=RATIO_COLUMNS)
    pairs = rows["chip"].str.split(" vs ", n=1, expand=True, regex=False)
    if pairs.shape[1] != 2 or pairs.isna().any().any():
        raise ValueError(f"chip_specs.csv: a ratio row's chip must read 'A vs B': {rows['chip'].tolist()}")
    return pd.DataFrame({
        "numerator_chip": pairs[0],
        "denominator_chip": pairs[1],
        "metric": rows["metric"],
        "ratio": rows["value"].str.strip("~x").astype(float),
        "is_approximate": rows["value"].str.startswith("~"),
        "source": rows["source"],
        "quality_grade": rows["quality_grade"],
    })  # indexed by raw row


STEP = Step(
    name="chip_specs",
    inputs=("chip_specs", "epoch_ml_hardware_subset"),
    outputs={
        "chip_specs": schema_for(
            SPEC_COLUMNS, unique=["chip", "metric"], name="chip_specs",
            checks=[pa.Check(lambda df: df["value"].notna() & df["unit"].isin(list(SI_PER_UNIT)),
                             error="every spec has a value in a known unit")],
        ),
        "chip_spec_crosschecks": schema_for(SPEC_COLUMNS, name="chip_spec_crosschecks"),
        "chip_profiles": schema_for(PROFILE_COLUMNS, unique=["chip"], name="chip_profiles"),
        "chip_reported_ratios": schema_for(RATIO_COLUMNS, name="chip_reported_ratios"),
        "chip_spec_epoch_audit": schema_for(AUDIT_COLUMNS, unique=["chip", "metric"], name="chip_spec_epoch_audit"),
    },
    transform=transform,
)
