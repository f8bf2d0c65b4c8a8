"""Raw schema of ``prices_crosscheck.csv`` (the price file compared with other copies)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

SCHEMA = pa.DataFrameSchema(
    {
        # One day ("2025-12-30") or a period ("2025-01-02..2025-12-31").
        "date": text(matches(r"20\d\d-\d\d-\d\d(\.\.20\d\d-\d\d-\d\d)?")),
        "ticker": text(pa.Check.isin(["NVDA", "SPY", "QQQ", "SOXX"])),
        "field": text(pa.Check.isin(["close", "adj_close"])),
        # Our value on a spot check; a description such as "(all 250 days)" for a period.
        "value_prices_daily": text(),
        "other_source": text(),
        "other_detail": text(),
        "other_value": text(matches(NUMBER), nullable=True),
        # The other copy's value over ours (spot checks) or the largest difference (periods).
        "ratio_other_to_ours_or_maxdiff": text(matches(NUMBER)),
        "note": text(nullable=True),
    },
    strict=True,
    ordered=True,
)
