"""Yahoo Finance chart API (v8): daily closes and adjusted closes of one ticker.

``GET /v8/finance/chart/<ticker>?period1=<unix>&period2=<unix>&interval=1d&events=div|split
&includeAdjustedClose=true`` answers, without a key, ``{"chart": {"result": [{"meta":
{"symbol", "exchangeTimezoneName", ...}, "timestamp": [...], "indicators": {"quote":
[{"close": [...], ...}], "adjclose": [{"adjclose": [...]}]}}], "error": null}}``. The
timestamps are the sessions' opening times; the exchange's time zone gives the trading day.
``close`` is split-adjusted, ``adjclose`` split- and dividend-adjusted, both as of the day of
the request. Yahoo refuses bursts with HTTP 429. ``BRIEF_YAHOO_URL`` redirects the base URL.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from analysis.connectors import http

CHART_PATH = "/v8/finance/chart/{ticker}"
# Yahoo answers scripts without a browser-like User-Agent with 429.
HEADERS = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) h200-brief-refresh", "Accept": "application/json"}


def chart_url(ticker: str, start: dt.date, end: dt.date) -> str:
    """The chart request for the trading days ``start`` to ``end`` (both included)."""
    if not ticker.replace(".", "").replace("-", "").isalnum():
        raise ValueError(f"not a ticker: {ticker!r}")
    period1 = int(dt.datetime.combine(start, dt.time(), dt.timezone.utc).timestamp())
    period2 = int(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.timezone.utc).timestamp())
    query = urllib.parse.urlencode({"period1": period1, "period2": period2, "interval": "1d",
                                    "events": "div|split", "includeAdjustedClose": "true"})
    return f"{http.base_url('yahoo')}{CHART_PATH.format(ticker=urllib.parse.quote(ticker))}?{query}"


def parse_chart(payload, *, ticker: str, url: str = "(recorded response)") -> pd.DataFrame:
    """One row per trading day: ``date`` (exchange-local, ISO), ``close``, ``adj_close`` (floats).

    Days without a close (a null in the response) are dropped. A response for another
    ticker, an error object, or a missing field raises :class:`~analysis.connectors.http.UnexpectedResponseError`.
    """
    try:
        chart = payload["chart"]
        if chart.get("error"):
            raise http.UnexpectedResponseError(url, f"Yahoo answered the error {chart['error']!r}")
        result = chart["result"][0]
        meta = result["meta"]
        timestamps = result.get("timestamp") or []
        indicators = result["indicators"]
        closes = indicators["quote"][0]["close"] if timestamps else []
        adjusted = indicators["adjclose"][0]["adjclose"] if timestamps else []
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise http.UnexpectedResponseError(url, f"not a chart response (missing {exc!s})") from exc
    if meta.get("symbol") != ticker:
        raise http.UnexpectedResponseError(url, f"the response is for {meta.get('symbol')!r}, not {ticker!r}")
    if not (len(timestamps) == len(closes) == len(adjusted)):
        raise http.UnexpectedResponseError(
            url, f"{len(timestamps)} timestamps but {len(closes)} closes and {len(adjusted)} adjusted closes")
    zone = _zone(meta)
    rows = [
        (dt.datetime.fromtimestamp(ts, zone).date().isoformat(), float(close), _float(adj))
        for ts, close, adj in zip(timestamps, closes, adjusted)
        if close is not None
    ]
    frame = pd.DataFrame(rows, columns=["date", "close", "adj_close"])
    if frame["date"].duplicated().any():
        raise http.UnexpectedResponseError(url, "two sessions on one day: not daily data (interval=1d?)")
    return frame


def fetch_daily(ticker: str, start: dt.date, end: dt.date, *, opener=None) -> tuple[pd.DataFrame, str]:
    """The ticker's trading days from ``start`` to ``end`` (rows outside the window dropped), and the URL."""
    url = chart_url(ticker, start, end)
    frame = parse_chart(http.get_json(url, headers=HEADERS, opener=opener), ticker=ticker, url=url)
    inside = (frame["date"] >= start.isoformat()) & (frame["date"] <= end.isoformat())
    return frame[inside].reset_index(drop=True), url


def _zone(meta: dict) -> dt.tzinfo:
    name = meta.get("exchangeTimezoneName")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return dt.timezone(dt.timedelta(seconds=int(meta.get("gmtoffset") or 0)))


def _float(value) -> float | None:
    return None if value is None else float(value)
