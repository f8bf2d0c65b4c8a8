"""Columns of the compute tables: accelerator specs, their cross-checks and the Epoch audit."""

import pandera.pandas as pa

from analysis.columns import Column

COLUMNS = [
    Column("release_date", "datetime64[ns]", "Date the chip was released, as Epoch AI records it.", unit="date",
           nullable=True),
    Column("foundry", "string", "Who manufactures the chip (e.g. TSMC, SMIC), as Epoch AI records it.", nullable=True),
    Column("memory_type", "string", "The chip's memory technology (e.g. HBM3, HBM3e), as a web page states it.",
           nullable=True),
    Column("numerator_chip", "string", "The chip a reported ratio compares (A in 'A vs B')."),
    Column("denominator_chip", "string", "The chip a reported ratio compares against (B in 'A vs B')."),
    Column("ratio", "float64", "A ratio as a source reports it (A's figure divided by B's).", unit="times",
           checks=(pa.Check.gt(0),)),
    Column("epoch_hardware_name", "string", "The row of Epoch AI's ML hardware file a converted value was read in."),
    Column("epoch_field", "string", "The column of Epoch AI's ML hardware file a converted value was read in."),
    Column("epoch_value_si", "float64", "Epoch AI's raw value, unconverted, in the SI unit its column names.",
           unit="see epoch_unit"),
    Column("epoch_unit", "string", "The SI unit of Epoch AI's raw value (FLOP/s, bytes, byte/s, W, bit-OP/s, ...)."),
]
