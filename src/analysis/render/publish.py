"""Move finished outputs into place so that a reader never sees a half-written brief."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def publish(files: dict[str, Path], output_dir: Path) -> dict[str, Path]:
    """Copy each finished file next to its destination under a temporary name, then rename.

    All copies are made before the first rename, so a failure while copying leaves every
    previous output untouched; each rename is atomic.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, source in files.items():
            handle, tmp = tempfile.mkstemp(dir=output_dir, prefix=f".{name}.", suffix=".tmp")
            os.close(handle)
            staged.append((name, Path(tmp)))
            shutil.copyfile(source, tmp)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a brief is for readers
        published = {}
        for name, tmp in staged:
            destination = output_dir / name
            os.replace(tmp, destination)
            published[name] = destination
        return published
    finally:
        for _, tmp in staged:
            if tmp.exists():
                tmp.unlink()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
