"""One brief command at a time writes in a project: a lock around `brief run`, `render` and `fetch`.

The lock is :class:`filelock.FileLock`, an operating-system lock (``flock``) on
``build/brief.lock``: the kernel releases it when its process ends, however it ends, so
a lock left by a killed run (``kill -9``, a closed terminal) is recovered by the next
command without any clean-up. Beside it, ``build/brief.lock.holder`` says which command
holds it (process id, command, start time), so a second command can say what it waits for.

A second command either waits, saying so, or (``wait=False``) refuses with a
:class:`~analysis.errors.RunLockedError`. Writes of two commands never interleave.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from analysis import paths
from analysis.errors import RunLockedError


@contextmanager
def project_lock(command: str, *, wait: bool = True, announce: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the project's write lock for the block; wait for it (saying so) or refuse if taken."""
    path = paths.run_lock_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = describe_holder(path)
        if not wait:
            raise RunLockedError(
                f"Another brief command is writing in this project: {holder}.",
                remedy="Let it finish, or pass --wait to start when it has. (A lock left by a killed "
                "command frees itself: the operating system releases it when the process ends.)",
            ) from None
        announce(f"Waiting for another brief command to finish: {holder} …")
        lock.acquire()
        announce("The other command has finished; going on.")
    try:
        _holder_file(path).write_text(json.dumps({
            "pid": os.getpid(),
            "command": command,
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }), encoding="utf-8")
        yield
    finally:
        _holder_file(path).unlink(missing_ok=True)
        lock.release()


def describe_holder(path: Path | None = None) -> str:
    """'`brief run` (process 1234, since 2026-11-30T09:00:00+00:00)', as far as the holder file says."""
    path = path or paths.run_lock_file()
    try:
        holder = json.loads(_holder_file(path).read_text(encoding="utf-8"))
        return f"`{holder['command']}` (process {holder['pid']}, since {holder['started']})"
    except (OSError, ValueError, KeyError, TypeError):
        return f"a command holding {paths.display_path(path)}"


def _holder_file(path: Path) -> Path:
    return path.with_name(path.name + ".holder")


def command_line() -> str:
    """How this process was started, as a user would type it: 'brief run --no-render'."""
    return " ".join(["brief", *sys.argv[1:]])
