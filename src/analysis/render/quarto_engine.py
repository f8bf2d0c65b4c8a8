"""Render the staged project with Quarto, when a ``quarto`` binary is on PATH.

Quarto renders the notebooks' stored outputs and never executes them: a notebook is only
executed when ``--execute`` is given, and ``--no-execute`` plus ``execute: enabled: false``
in ``_quarto.yml`` make that explicit. ``--to all`` renders every format the project
declares (``html`` and ``typst``, which Quarto compiles to PDF with its bundled typst).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from analysis.errors import RenderError

NAME = "Quarto"
OUTPUTS = ("brief.html", "brief.pdf")
# Quarto's log prefixes its warnings with "WARN:" (or "WARNING:"), pandoc's with "[WARNING]",
# a Lua filter's warn() with "WARNING (file:line)"; typst's own with "warning:".
_WARNING = re.compile(r"^\s*(WARN\b|WARNING\b|\[WARNING\]|warning:)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def find_quarto() -> str | None:
    """The quarto executable: ``$BRIEF_QUARTO`` if set, else ``quarto`` on PATH."""
    override = os.environ.get("BRIEF_QUARTO")
    if override:
        return override if Path(override).is_file() else None
    return shutil.which("quarto")


def command(quarto: str, stage: Path) -> list[str]:
    """The invocation: render the staged project, every format, without execution."""
    return [quarto, "render", str(stage), "--to", "all", "--no-execute"]


def warnings_in(log: str) -> list[str]:
    """Quarto's warnings in its log, each with the indented lines that continue it."""
    warnings: list[str] = []
    continuing = False
    for line in _ANSI.sub("", log).splitlines():
        if _WARNING.match(line):
            warnings.append(line.strip())
            continuing = True
        elif continuing and line[:1] in (" ", "\t") and line.strip():
            warnings[-1] += "\n    " + line.strip()
        else:
            continuing = False
    return warnings


def render(stage: Path, quarto: str | None = None) -> tuple[dict[str, Path], list[str]]:
    """Render the stage; return the outputs and the warnings Quarto printed on the way."""
    quarto = quarto or find_quarto()
    if quarto is None:
        raise RenderError("Quarto was asked for, but no `quarto` binary is on PATH")
    result = subprocess.run(command(quarto, stage), capture_output=True, text=True, cwd=stage)
    if result.returncode != 0:
        raise RenderError(f"quarto render failed (exit {result.returncode}):\n{(result.stderr or result.stdout).strip()}")
    outputs = {name: stage / "_output" / name for name in OUTPUTS}
    missing = [name for name, path in outputs.items() if not path.is_file()]
    if missing:
        raise RenderError(f"quarto render finished but did not write {', '.join(missing)} in {stage / '_output'}")
    return outputs, warnings_in(result.stderr + "\n" + result.stdout)
