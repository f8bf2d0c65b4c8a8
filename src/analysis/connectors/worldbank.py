"""World Bank Indicators API v2: build the URL, fetch every page, parse observations into a frame.

No API key is needed. ``format=json`` is required (the API answers XML by default), and a
response comes in pages: ``[{"page", "pages", "per_page", "total", "lastupdated", ...},
[observation, ...]]``. An invalid request is answered with a message instead:
``[{"message": [{"id": "120", "key": "Invalid value", "value": "..."}]}]``. Record the
``lastupdated`` date with the data: the World Bank revises past years between vintages.

The brief reads the recorded snapshot ``data/raw/macro/``; this connector is the refresh path
(its parser is tested on recorded real responses in ``tests/fixtures/worldbank/``).
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.connectors import http
from analysis.errors import BriefError

API_ROOT = "https://api.worldbank.org/v2"  # the default; BRIEF_WORLDBANK_URL redirects it
COLUMNS = ("iso3", "indicator", "year", "value", "lastupdated")
MAX_PAGES = 1000


class WorldBankAPIError(BriefError):
    """The API refused a request or answered something unreadable; ``url`` says which request."""

    def __init__(self, url: str, problem: str, *, status: int | None = None, message_id: str | None = None,
                 remedy: str | None = None) -> None:
        self.url = url
        self.status = status
        self.message_id = message_id
        super().__init__(
            f"World Bank API request {url} failed: {problem}",
            remedy=remedy or "Check the country codes (ISO3, or aggregate codes such as EMU), the indicator "
            "code (e.g. NY.GDP.MKTP.CD) and the years; see https://datahelpdesk.worldbank.org/.",
        )


class IncompleteResponseError(WorldBankAPIError):
    """The pages hold fewer observations than the response's ``total`` says."""


@dataclass(frozen=True)
class Page:
    """One parsed page: its metadata, its observations, and how many it lacks for its size."""

    page: int
    pages: int
    per_page: int
    total: int
    lastupdated: pd.Timestamp | None
    observations: pd.DataFrame
    missing_rows: int  # observations this page should hold (by total and per_page) but does not


def indicator_url(
    countries: Iterable[str], indicator: str, start_year: int, end_year: int, *, per_page: int = 1000, page: int = 1
) -> str:
    """``…/v2/country/CHN;USA/indicator/NY.GDP.MKTP.CD?format=json&date=2020:2024&per_page=1000&page=1``."""
    codes = [c.strip().upper() for c in countries]
    if not codes or any(not c.isalnum() for c in codes):
        raise ValueError(f"country codes must be ISO3 or World Bank codes, got {list(countries)!r}")
    if start_year > end_year:
        raise ValueError(f"start year {start_year} is after end year {end_year}")
    if per_page < 1 or page < 1:
        raise ValueError("per_page and page must be positive")
    path = f"{http.base_url('worldbank')}/country/{';'.join(codes)}/indicator/{urllib.parse.quote(indicator.strip())}"
    return f"{path}?format=json&date={start_year}:{end_year}&per_page={per_page}&page={page}"


def parse_response(payload, *, url: str = "(recorded response)") -> Page:
    """One page of a JSON response -> :class:`Page`; raise :class:`WorldBankAPIError` on the error shape.

    Observations become rows of ``iso3, indicator, year, value, lastupdated`` (``value`` is
    NaN where the API gives null). ``missing_rows`` counts observations the page should hold
    by its ``total`` and ``per_page`` but does not, as in a truncated copy of a response.
    """
    if isinstance(payload, list) and payload and isinstance(payload[0], dict) and "message" in payload[0]:
        messages = payload[0]["message"] or [{}]
        first = messages[0]
        text = "; ".join(f"{m.get('id', '?')} {m.get('key', '')}: {m.get('value', '')}".strip() for m in messages)
        raise WorldBankAPIError(url, f"the API answered with an error message ({text})", message_id=first.get("id"))
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], dict)):
        raise WorldBankAPIError(url, "the response is not [metadata, observations] (was format=json given?)")
    meta, observations = payload
    try:
        page, pages, per_page, total = (int(meta[k]) for k in ("page", "pages", "per_page", "total"))
    except (KeyError, TypeError, ValueError) as exc:
        raise WorldBankAPIError(url, f"the metadata lacks page counts ({meta!r})") from exc
    updated = pd.Timestamp(meta["lastupdated"]) if meta.get("lastupdated") else None
    rows = [_observation(o, updated, url) for o in observations or []]
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).astype(
        {"iso3": "string", "indicator": "string", "year": "Int64", "value": "float64", "lastupdated": "datetime64[ns]"}
    )
    expected = max(0, min(per_page, total - (page - 1) * per_page))
    return Page(page, pages, per_page, total, updated, frame, max(0, expected - len(frame)))


def _observation(item: dict, updated: pd.Timestamp | None, url: str) -> dict:
    try:
        iso3 = item.get("countryiso3code") or item["country"]["id"]
        value = item.get("value")
        return {
            "iso3": iso3,
            "indicator": item["indicator"]["id"],
            "year": int(item["date"]),
            "value": math.nan if value is None else float(value),
            "lastupdated": updated,
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise WorldBankAPIError(url, f"an observation lacks a field ({exc!r}): {item!r}") from exc


def fetch_json(url: str, *, opener=None, timeout: float = 30.0):
    """GET ``url`` and parse the JSON body. ``opener`` is anything with ``open(request, timeout=...)``
    (urllib's own by default); tests pass a fake one, so no network is touched."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"}, method="GET")
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        wait = http.parse_retry_after(exc.headers.get("Retry-After")) if exc.headers else None
        asked = f"; the server asks to wait {wait:.0f} s (Retry-After)" if wait is not None else ""
        remedy = "Retry later (after the wait the server asked for)." if exc.code == 429 or exc.code >= 500 else None
        raise WorldBankAPIError(url, f"HTTP {exc.code} {exc.reason}{asked}", status=exc.code, remedy=remedy) from exc
    except urllib.error.URLError as exc:
        raise WorldBankAPIError(url, f"no connection ({exc.reason})", remedy="Retry later.") from exc
    except (TimeoutError, OSError) as exc:  # the answer did not come (or broke off) within the timeout
        raise WorldBankAPIError(url, f"no answer within {timeout:g} s ({exc})", remedy="Retry later.") from exc
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorldBankAPIError(
            url, f"the response is not JSON ({exc})", remedy="Add format=json; retry later."
        ) from exc


def fetch_indicator(
    countries: Iterable[str],
    indicator: str,
    start_year: int,
    end_year: int,
    *,
    per_page: int = 1000,
    opener=None,
    timeout: float = 30.0,
    strict: bool = True,
) -> pd.DataFrame:
    """Every observation of ``indicator`` for ``countries`` and the years, following ``pages``.

    The frame's ``attrs`` record the ``total`` the API announced, the ``urls`` fetched and the
    ``missing_rows``. Fewer rows than ``total`` raise :class:`IncompleteResponseError`, or with
    ``strict=False`` give a warning (the rows read are returned).
    """
    countries = list(countries)
    frames, urls, missing = [], [], 0
    page, pages, total = 1, 1, 0
    while page <= pages:
        if page > MAX_PAGES:
            raise WorldBankAPIError(urls[-1], f"more than {MAX_PAGES} pages: raise per_page")
        url = indicator_url(countries, indicator, start_year, end_year, per_page=per_page, page=page)
        parsed = parse_response(fetch_json(url, opener=opener, timeout=timeout), url=url)
        if page == 1:
            pages, total = parsed.pages, parsed.total
        frames.append(parsed.observations)
        urls.append(url)
        missing += parsed.missing_rows
        page += 1
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    short = total - len(frame)
    if short > 0:
        problem = f"the API announced {total} observations but the {len(urls)} page(s) hold {len(frame)}"
        if strict:
            raise IncompleteResponseError(
                urls[-1], problem, remedy="Retry; if it persists, fetch with a larger per_page."
            )
        warnings.warn(problem, stacklevel=2)
    frame.attrs.update({"total": total, "urls": urls, "missing_rows": max(short, missing)})
    return frame
