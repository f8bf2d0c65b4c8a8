"""Raw schema of ``epoch_ml_hardware_subset.csv`` (Epoch AI's rows, SI units, unconverted)."""

import pandera.pandas as pa

from analysis.schemas.checks import matches, text

# Epoch writes numbers as floats, in plain or scientific notation: "148000000000000.0", "1.5832e+16".
SI_NUMBER = r"\d+(\.\d+)?(e\+\d+)?"

# Epoch's measurement fields, in file order; the unit is in each name's parentheses.
MEASUREMENT_FIELDS = [
    "Release price (USD)",
    "Tensor-FP16/BF16 performance (FLOP/s)",
    "FP8 performance (FLOP/s)",
    "FP4 performance (FLOP/s)",
    "Memory (bytes)",
    "Memory bandwidth (byte/s)",
    "Intranode bandwidth (byte/s)",
    "Internode bandwidth (bit/s)",
    "TDP (W)",
    "FP64 (double precision) performance (FLOP/s)",
    "FP32 (single precision) performance (FLOP/s)",
    "TF32 (TensorFloat-32) performance (FLOP/s)",
    "FP16 (half precision) performance (FLOP/s)",
    "INT8 performance (OP/s)",
    "INT4 performance (OP/s)",
]
DESCRIPTION_NUMBERS = ["Die Size (mm^2)", "Process size (nm)", "Transistors (millions)",
                       "Total processing performance (bit-OP/s)"]


def _number() -> pa.Column:
    return text(matches(SI_NUMBER), nullable=True)


SCHEMA = pa.DataFrameSchema(
    {
        "Hardware name": text(),
        "Manufacturer": text(),
        "Type": text(nullable=True),
        "Release date": text(matches(r"\d{4}-\d{2}-\d{2}"), nullable=True),
        **{name: _number() for name in MEASUREMENT_FIELDS},
        "Foundry": text(nullable=True),
        **{name: _number() for name in DESCRIPTION_NUMBERS},
        "Link to datasheet": text(nullable=True),
        "Last modified": text(),
        "mirror_source": text(),
    },
    unique=["Hardware name"],
    strict=True,
    ordered=True,
)
