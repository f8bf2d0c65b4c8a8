"""Raw schema of ``chip_specs.csv`` (accelerator specifications, one row per chip x metric)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, numeric_when, text

# Units whose values are plain numbers; "date", "text" and "ratio" rows are checked apart.
NUMERIC_UNITS = ["TFLOPS", "TOPS", "GB", "GB (HBM3e)", "GB/s", "TB/s", "W", "nm", "USD", "TPP",
                 "TPP (= bit-OP/s / 1e12)"]

SCHEMA = pa.DataFrameSchema(
    {
        "chip": text(),
        "metric": text(matches(r"[A-Za-z0-9_]+")),
        "value": text(),
        "unit": text(pa.Check.isin([*NUMERIC_UNITS, "date", "text", "ratio"])),
        "source": text(),
        "source_detail": text(nullable=True),
    },
    checks=[
        numeric_when("value", lambda df: df["unit"].isin(NUMERIC_UNITS), "the unit is a measurement unit"),
        pa.Check(
            lambda df: ~df["unit"].eq("date") | df["value"].fillna("").str.fullmatch(r"\d{4}-\d{2}-\d{2}"),
            error="value must be a YYYY-MM-DD date when the unit is 'date'",
        ),
        # A reported ratio: "6.68x", or "~6x" when the source says "nearly" or "about".
        pa.Check(
            lambda df: ~df["unit"].eq("ratio") | df["value"].fillna("").str.fullmatch(rf"~?{NUMBER}x"),
            error="value must look like '6.68x' or '~6x' when the unit is 'ratio'",
        ),
    ],
    strict=True,
    ordered=True,
)
