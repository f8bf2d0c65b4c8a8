"""Federal Register API (v1): the Bureau of Industry and Security's export-control rules.

``GET https://www.federalregister.gov/api/v1/documents.json`` (no key; public domain)
searches published documents. The query asks for BIS (agency slug
``industry-and-security-bureau``) rules on advanced computing and semiconductors since a
date, oldest first; the answer is ``{"count", "description", "total_pages",
"next_page_url", "results": [{"document_number", "publication_date", "title", "type",
"html_url", "citation", "agencies": [{"slug", ...}], ...}]}`` (an empty search has no
``results``). Pages are followed by number. Documents of other agencies are dropped, in case
the server ignored a condition. ``BRIEF_FEDERAL_REGISTER_URL`` redirects the base URL.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

import pandas as pd

from analysis.connectors import http

DOCUMENTS_PATH = "/api/v1/documents.json"
BIS_SLUG = "industry-and-security-bureau"
SEARCH_TERM = '"advanced computing" | semiconductor'
FIELDS = ["document_number", "publication_date", "title", "type", "html_url", "citation", "agencies"]
COLUMNS = ["document_number", "publication_date", "type", "title", "citation", "html_url"]
MAX_PAGES = 20
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def documents_url(since: dt.date, *, page: int = 1, per_page: int = 100) -> str:
    """The search for BIS rules on the term, published on or after ``since``, oldest first."""
    query = [
        ("conditions[agencies][]", BIS_SLUG),
        ("conditions[type][]", "RULE"),
        ("conditions[term]", SEARCH_TERM),
        ("conditions[publication_date][gte]", since.isoformat()),
        ("order", "oldest"),
        ("per_page", str(per_page)),
        ("page", str(page)),
        *[("fields[]", field) for field in FIELDS],
    ]
    return f"{http.base_url('federal_register')}{DOCUMENTS_PATH}?{urllib.parse.urlencode(query)}"


def parse_documents(payload, *, url: str = "(recorded response)") -> tuple[pd.DataFrame, int]:
    """The BIS documents of one page (columns :data:`COLUMNS`, text) and the number of pages."""
    if not isinstance(payload, dict) or "count" not in payload:
        raise http.UnexpectedResponseError(url, f"not a documents search answer: {str(payload)[:80]!r}")
    if "results" not in payload:
        if payload["count"] == 0:  # the API's empty answer has no results key
            return pd.DataFrame(columns=COLUMNS, dtype="string"), 0
        raise http.UnexpectedResponseError(url, f"count is {payload['count']} but there are no results")
    rows = []
    for item in payload["results"]:
        try:
            slugs = {agency.get("slug") for agency in item.get("agencies") or [] if isinstance(agency, dict)}
            row = {field: item[field] for field in ("document_number", "publication_date", "type", "title",
                                                    "html_url")}
        except (KeyError, TypeError) as exc:
            raise http.UnexpectedResponseError(url, f"a document lacks the field {exc!s}: {str(item)[:120]}") from exc
        if not _DATE.match(str(row["publication_date"])):
            raise http.UnexpectedResponseError(url, f"publication_date {row['publication_date']!r} is not a date")
        if BIS_SLUG in slugs:
            rows.append({**row, "citation": item.get("citation")})
    pages = payload.get("total_pages", 1)
    if not isinstance(pages, int) or pages < 0:
        raise http.UnexpectedResponseError(url, f"total_pages is {pages!r}")
    return pd.DataFrame(rows, columns=COLUMNS, dtype="string"), pages


def fetch_bis_rules(since: dt.date, *, opener=None) -> tuple[pd.DataFrame, list[str]]:
    """Every page of the search: BIS documents since ``since`` and the URLs read."""
    frames, urls, page, pages = [], [], 1, 1
    while page <= pages:
        if page > MAX_PAGES:
            raise http.UnexpectedResponseError(urls[-1], f"more than {MAX_PAGES} pages of results")
        url = documents_url(since, page=page)
        frame, pages = parse_documents(http.get_json(url, opener=opener), url=url)
        frames.append(frame)
        urls.append(url)
        page += 1
    documents = pd.concat(frames, ignore_index=True).drop_duplicates("document_number")
    return documents.reset_index(drop=True), urls


def policy_event_rows(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents as rows of ``policy_events.csv``: the publication date, actor US, the title as the
    measure, the Federal Register citation and document number as the source, the link as detail."""
    source = [
        f"Federal Register{' ' + c if isinstance(c, str) and c else ''} (BIS {t.lower()}, document {n})"
        for c, t, n in zip(documents["citation"], documents["type"], documents["document_number"])
    ]
    return pd.DataFrame({
        "date": documents["publication_date"],
        "actor": "US",
        "measure": documents["title"],
        "source": source,
        "source_detail": documents["html_url"],
    }, dtype="string")
