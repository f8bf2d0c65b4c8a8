"""A figure's or table's data as a CSV file embedded in the HTML brief.

Each figure and table of the HTML brief offers the data behind it as a download: a link
whose target is a ``data:`` URI (so the single HTML file carries it, nothing is fetched)
with ``download="<label>.csv"``. The file's first rows name the exhibit and its source, as
``#`` comment lines, so a reader can check a number without the repository
(``pandas.read_csv(path, comment="#")`` reads it back).
"""

from __future__ import annotations

import base64
import html

import pandas as pd

COMMENT = "# "


def csv_text(frame: pd.DataFrame, *, title: str, source: str) -> str:
    """The CSV: the title and source lines as comments, then the table with a header row."""
    if frame.empty:
        raise ValueError(f"no data to offer for {title!r}: an empty download is a bug")
    data = frame.reset_index() if _has_named_index(frame) else frame
    head = "".join(f"{COMMENT}{line}\n" for line in (title.strip(), source.strip()) if line)
    return head + data.to_csv(index=False, lineterminator="\n")


def data_uri(text: str) -> str:
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def download_link(frame: pd.DataFrame, *, label: str, title: str, source: str, what: str) -> str:
    """An ``<a download>`` element offering ``frame`` as ``<label>.csv``."""
    href = data_uri(csv_text(frame, title=title, source=source))
    return (
        f'<a class="data-download" href="{href}" download="{html.escape(label)}.csv">'
        f"Download the data of this {what} ({html.escape(label)}.csv)</a>"
    )


def _has_named_index(frame: pd.DataFrame) -> bool:
    return any(name is not None for name in frame.index.names)
