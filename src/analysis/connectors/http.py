"""One HTTP GET for every connector: redirectable base URLs, timeouts, clear errors.

Each connector's base URL has a default (the live service) and an environment variable
that redirects it (a mirror, a proxy, or the recorded responses the tests serve on
127.0.0.1): see :data:`BASE_URLS`. :func:`get` turns every way a request can fail into a
:class:`FetchError` naming the URL, the HTTP status and what to do:

- an HTTP error status (500, 404, ...);
- 429 Too Many Requests: the server's ``Retry-After`` is read; a short wait (at most
  ``max_retry_wait`` seconds) is waited once, a longer one is reported in the error;
- no answer within the timeout (``BRIEF_FETCH_TIMEOUT`` seconds, 30 by default);
- no connection at all.
"""

from __future__ import annotations

import csv
import email.utils
import io
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from analysis.errors import BriefError

TIMEOUT_ENV = "BRIEF_FETCH_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
USER_AGENT = "h200-brief-refresh (python-urllib)"

# connector -> (environment variable, default base URL)
BASE_URLS: dict[str, tuple[str, str]] = {
    "sec": ("BRIEF_SEC_URL", "https://data.sec.gov"),
    "worldbank": ("BRIEF_WORLDBANK_URL", "https://api.worldbank.org/v2"),
    "yahoo": ("BRIEF_YAHOO_URL", "https://query1.finance.yahoo.com"),
    "usgs": ("BRIEF_USGS_URL", "https://www.sciencebase.gov"),
    "epoch": ("BRIEF_EPOCH_URL", "https://epoch.ai"),
    "federal_register": ("BRIEF_FEDERAL_REGISTER_URL", "https://www.federalregister.gov"),
}


class FetchError(BriefError):
    """A request failed; ``url``, ``status`` (None without an HTTP answer) and ``retry_after`` say how."""

    def __init__(self, url: str, problem: str, *, status: int | None = None, retry_after: float | None = None,
                 remedy: str | None = None) -> None:
        self.url = url
        self.status = status
        self.retry_after = retry_after
        super().__init__(
            f"Request {url} failed: {problem}",
            remedy=remedy or "The last snapshot is kept. Retry later; `brief fetch --list` shows what is stale.",
        )


def base_url(connector: str) -> str:
    """The connector's base URL: its environment variable if set, else the live service."""
    env, default = BASE_URLS[connector]
    return (os.environ.get(env) or default).rstrip("/")


def fetch_timeout() -> float:
    """Seconds to wait for an answer (``BRIEF_FETCH_TIMEOUT``, default 30)."""
    text = os.environ.get(TIMEOUT_ENV)
    try:
        value = float(text) if text else DEFAULT_TIMEOUT
    except ValueError as exc:
        raise BriefError(f"{TIMEOUT_ENV}={text!r} is not a number of seconds",
                         remedy=f"Set {TIMEOUT_ENV} to e.g. 30, or unset it.") from exc
    return value if value > 0 else DEFAULT_TIMEOUT


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` in seconds: a number of seconds, or an HTTP date (None if absent or unreadable)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def get(url: str, *, headers: dict[str, str] | None = None, timeout: float | None = None,
        opener=None, max_retry_wait: float = 5.0, sleep: Callable[[float], None] = time.sleep) -> bytes:
    """The body of ``url`` (a 2xx answer); any failure raises :class:`FetchError`.

    ``opener`` is anything with ``open(request, timeout=...)`` (urllib's by default).
    """
    timeout = fetch_timeout() if timeout is None else timeout
    opener = opener or urllib.request.build_opener()
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})}, method="GET")
    waited = False
    while True:
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 429:
                wait = parse_retry_after(exc.headers.get("Retry-After") if exc.headers else None)
                if wait is not None and wait <= max_retry_wait and not waited:
                    sleep(wait)
                    waited = True
                    continue
                asked = f"; the server asks to wait {wait:.0f} s (Retry-After)" if wait is not None else ""
                raise FetchError(url, f"HTTP 429 Too Many Requests{asked}", status=429, retry_after=wait,
                                 remedy="The last snapshot is kept. Retry after the wait the server asked for.") from exc
            raise FetchError(url, f"HTTP {exc.code} {exc.reason}", status=exc.code) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise FetchError(url, f"no answer within {timeout:g} s (timeout)") from exc
            raise FetchError(url, f"no connection ({exc.reason})") from exc
        except (TimeoutError, socket.timeout) as exc:
            raise FetchError(url, f"no answer within {timeout:g} s (timeout)") from exc
        except (ConnectionError, OSError) as exc:
            raise FetchError(url, f"the connection broke ({exc})") from exc


class UnexpectedResponseError(FetchError):
    """The server answered, but not with what the connector reads: a malformed body or a changed format."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(url, f"unexpected response: {problem}",
                         remedy="The last snapshot is kept. If the source changed its format, update the connector "
                         "(src/analysis/connectors/) and its recorded test responses.")


def get_json(url: str, **kwargs):
    """:func:`get`, then parse the body as JSON (a malformed body raises :class:`UnexpectedResponseError`)."""
    import json

    body = get(url, **kwargs)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnexpectedResponseError(url, f"the body is not JSON ({exc}): {body[:80]!r}") from exc


def csv_rows(data: bytes, url: str) -> list[list[str]]:
    """A CSV body's rows (a byte-order mark dropped); a body that is not UTF-8 text raises."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnexpectedResponseError(url, f"the body is not UTF-8 text ({exc})") from exc
    return list(csv.reader(io.StringIO(text, newline="")))
