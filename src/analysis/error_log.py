"""Save the full traceback of an unexpected error, so the CLI can print one line and say where it is."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

from analysis import paths


def save_traceback(error: BaseException) -> Path:
    """Write the error's traceback (with its causes) to ``build/logs/``; return the file's path."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = (
        f"command: {' '.join(['brief', *sys.argv[1:]])}\n"
        f"time: {stamp}\npython: {sys.version.split()[0]}\n\n"
        + "".join(traceback.format_exception(error))
    )
    for folder in (paths.error_logs_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"error-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    raise RuntimeError("could not save the traceback anywhere")  # pragma: no cover


def one_line_summary(error: BaseException, limit: int = 200) -> str:
    """'KeyError: 'x'' — the error's type and the first line of its message, shortened."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if len(message) > limit:
        message = message[: limit - 1] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
