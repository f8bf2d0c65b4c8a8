"""SEC EDGAR XBRL API (data.sec.gov): fetch a company's ``companyfacts`` and flatten it.

The SEC asks every client to declare itself with a descriptive ``User-Agent`` that
includes a contact, to stay under 10 requests per second (all machines together; a
client that goes over is blocked for about ten minutes), and accepts gzip. See
https://www.sec.gov/os/accessing-edgar-data. No API key is needed; the CIK is
zero-padded to 10 digits in the URL.

The brief itself reads a recorded response (``data/raw/sec_companyfacts_nvda/``); its raw
reader uses :func:`flatten_companyfacts`, the same parser a refresh would use on a
fresh response from :func:`fetch_companyfacts`.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable

import pandas as pd

from analysis.connectors import http
from analysis.errors import BriefError

COMPANYFACTS_PATH = "/api/xbrl/companyfacts/CIK{cik:010d}.json"  # under data.sec.gov, or BRIEF_SEC_URL
USER_AGENT_ENV = "BRIEF_SEC_USER_AGENT"
MAX_REQUESTS_PER_SECOND = 10
FACT_FIELDS = ("start", "end", "val", "accn", "fy", "fp", "form", "filed", "frame")
FLAT_COLUMNS = ("concept", *FACT_FIELDS)


class SecEdgarError(BriefError):
    """A request to the SEC failed; ``url`` and ``status`` (None if no HTTP answer) say which and how."""

    def __init__(self, url: str, problem: str, *, status: int | None = None, remedy: str | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(f"SEC EDGAR request {url} failed: {problem}", remedy=remedy or _remedy_for(status))


def _remedy_for(status: int | None) -> str:
    if status == 403:
        return ("The SEC refuses undeclared traffic: send a descriptive User-Agent (the user_agent argument) "
                "naming you or your organisation and a contact e-mail, e.g. 'H200 brief research team@example.org'.")
    if status == 429:
        return ("Too many requests: the SEC allows 10 per second across all your machines and blocks "
                "heavier clients for about ten minutes. Wait, then retry more slowly.")
    if status == 404:
        return "Check the CIK: companyfacts exists only for companies that file XBRL financial statements."
    return "Retry later; if it persists, check https://www.sec.gov/os/accessing-edgar-data."


# --- URL and request --------------------------------------------------------------------


def companyfacts_url(cik: int | str) -> str:
    """The companyfacts URL of a company: 1045810 or '0001045810' -> .../CIK0001045810.json."""
    text = str(cik).strip()
    if not text.isdigit() or len(text) > 10:
        raise ValueError(f"a CIK is a number of at most 10 digits, got {cik!r}")
    return http.base_url("sec") + COMPANYFACTS_PATH.format(cik=int(text))


def check_user_agent(user_agent: str) -> str:
    """The SEC wants a descriptive User-Agent with a contact; refuse one without an e-mail address."""
    text = (user_agent or "").strip()
    if "@" not in text or len(text.split()) < 2:
        raise ValueError(
            f"user_agent {user_agent!r} does not declare who is asking: give a name and a contact "
            "e-mail, e.g. 'H200 brief research team@example.org' (SEC fair-access policy)"
        )
    return text


def build_request(url: str, user_agent: str) -> urllib.request.Request:
    """A GET request with the headers the SEC asks for."""
    return urllib.request.Request(
        url,
        headers={
            "User-Agent": check_user_agent(user_agent),
            "Accept-Encoding": "gzip, deflate",
            "Accept": "application/json",
        },
        method="GET",
    )


class RateLimiter:
    """Spaces calls at least ``1 / per_second`` seconds apart (thread-safe).

    One limiter is shared by every request of this module, so a loop over many
    companies stays under the SEC's limit. ``clock`` and ``sleep`` can be replaced in tests.
    """

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next_allowed: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until the next request may go; returns how long it slept."""
        with self._lock:
            now = self._clock()
            delay = 0.0 if self._next_allowed is None else max(0.0, self._next_allowed - now)
            if delay:
                self._sleep(delay)
            self._next_allowed = now + delay + self.interval
            return delay


SEC_RATE_LIMITER = RateLimiter(MAX_REQUESTS_PER_SECOND)


def decode_body(body: bytes, content_encoding: str | None) -> bytes:
    """Undo the transfer compression the server applied (gzip, deflate or none)."""
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding in ("gzip", "x-gzip"):
        return gzip.decompress(body)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:  # raw deflate stream without the zlib header
            return zlib.decompress(body, -zlib.MAX_WBITS)
    raise ValueError(f"unsupported Content-Encoding {content_encoding!r}")


def fetch_json(
    url: str,
    *,
    user_agent: str,
    opener: urllib.request.OpenerDirector | None = None,
    limiter: RateLimiter | None = None,
    timeout: float = 30.0,
) -> dict:
    """GET ``url`` from the SEC and parse the JSON body; raise :class:`SecEdgarError` on failure.

    ``opener`` is anything with ``open(request, timeout=...)`` (urllib's own by default);
    tests pass a fake one so no network is touched.
    """
    request = build_request(url, user_agent)
    (limiter or SEC_RATE_LIMITER).wait()
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(request, timeout=timeout) as response:
            status = getattr(response, "status", None) or response.getcode()
            if status >= 400:  # an opener without urllib's error processor returns errors
                raise SecEdgarError(url, f"HTTP {status}", status=status)
            body = decode_body(response.read(), response.headers.get("Content-Encoding"))
    except urllib.error.HTTPError as exc:
        wait = http.parse_retry_after(exc.headers.get("Retry-After")) if exc.headers else None
        asked = f"; the server asks to wait {wait:.0f} s (Retry-After)" if wait is not None else ""
        raise SecEdgarError(url, f"HTTP {exc.code} {exc.reason}{asked}", status=exc.code) from exc
    except urllib.error.URLError as exc:
        raise SecEdgarError(url, f"no connection ({exc.reason})") from exc
    except (TimeoutError, OSError) as exc:  # the answer did not come (or broke off) within the timeout
        raise SecEdgarError(url, f"no answer within {timeout:g} s ({exc})") from exc
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SecEdgarError(url, f"the response is not JSON ({exc})", remedy="Retry later.") from exc


def fetch_companyfacts(
    cik: int | str,
    *,
    user_agent: str,
    opener: urllib.request.OpenerDirector | None = None,
    limiter: RateLimiter | None = None,
    timeout: float = 30.0,
) -> dict:
    """The companyfacts document of one company (all its XBRL facts), as parsed JSON."""
    return fetch_json(companyfacts_url(cik), user_agent=user_agent, opener=opener, limiter=limiter, timeout=timeout)


# --- Parsing ----------------------------------------------------------------------------


def flatten_companyfacts(
    document: dict,
    concepts: Iterable[str] | None = None,
    *,
    taxonomy: str = "us-gaap",
    unit: str = "USD",
) -> pd.DataFrame:
    """One row per fact of the chosen concepts, every field as text, as the SEC gives it.

    In: ``{"facts": {"us-gaap": {"Revenues": {"units": {"USD": [{"start": ..., "end": ...,
    "val": 8288000000, "accn": ..., "fy": 2023, "fp": "Q1", "form": "10-Q", "filed": ...}]}}}}}``.
    Out: columns ``concept, start, end, val, accn, fy, fp, form, filed, frame`` (strings;
    a field the fact lacks, such as ``frame`` on a re-reported copy, is missing). Facts
    keep the document's order. A concept asked for but absent raises ``KeyError``.
    """
    try:
        facts = document["facts"][taxonomy]
    except KeyError as exc:
        raise KeyError(f"the companyfacts document has no {taxonomy!r} facts") from exc
    names = list(concepts) if concepts is not None else list(facts)
    missing = [name for name in names if name not in facts]
    if missing:
        raise KeyError(f"concepts not in the companyfacts document: {missing}")
    rows = []
    for name in names:
        for fact in facts[name].get("units", {}).get(unit, []):
            rows.append({"concept": name, **{field: _text(fact.get(field)) for field in FACT_FIELDS}})
    return pd.DataFrame(rows, columns=list(FLAT_COLUMNS), dtype="string")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
