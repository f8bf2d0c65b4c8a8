"""Raw schema of ``prices_daily.csv`` (daily closes of NVDA, SPY, QQQ and SOXX)."""

import pandera.pandas as pa

from analysis.schemas.checks import NUMBER, matches, text

TICKERS = ["NVDA", "SPY", "QQQ", "SOXX"]

SCHEMA = pa.DataFrameSchema(
    {
        "date": text(matches(r"20\d\d-\d\d-\d\d")),
        "ticker": text(pa.Check.isin(TICKERS)),
        # Split-adjusted close, not dividend-adjusted.
        "close": text(matches(NUMBER)),
        # Split- and dividend-adjusted close; blank on the Investing.com rows of NVDA and SOXX.
        "adj_close": text(matches(NUMBER), nullable=True),
        "source": text(),
        "source_detail": text(),
    },
    strict=True,
    ordered=True,
)
