"""Exceptions that carry their context and say how to fix the problem.

Every error the pipeline raises on purpose is a :class:`BriefError`. The CLI prints its
message (which names the file, row, column, notebook or parameter involved) and its
remedy, and exits with status 1, without a traceback.
"""

from __future__ import annotations

from pathlib import Path


class BriefError(Exception):
    """Base class: ``message`` says what went wrong, ``remedy`` what to do about it."""

    remedy: str = ""

    def __init__(self, message: str, *, remedy: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if remedy is not None:
            self.remedy = remedy

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.remedy}" if self.remedy else self.message


class ProvenanceError(BriefError):
    """A raw snapshot is missing its sidecar, or the sidecar is incomplete."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        super().__init__(
            f"{path}: {problem}",
            remedy="Every file under data/raw/ needs a complete <file>.meta.yaml sidecar "
            "(see src/analysis/provenance.py for the fields).",
        )


class ChecksumMismatchError(BriefError):
    """A raw snapshot's bytes no longer match the md5 recorded in its sidecar."""

    def __init__(self, path: Path, expected: str, actual: str, sidecar: Path) -> None:
        self.path = Path(path)
        self.expected = expected
        self.actual = actual
        self.sidecar = Path(sidecar)
        super().__init__(
            f"Raw data file {path} has changed: its md5 is {actual}, but its sidecar "
            f"{sidecar.name} records {expected}.",
            remedy="Raw snapshots are immutable. Restore the file (git checkout -- <file>), "
            "or add the new data as a new dated version folder with its own sidecar.",
        )


class RawFileError(BriefError):
    """A raw file cannot be read as a table: names the file, and the line, column and offset where known."""

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        remedy: str | None = None,
    ) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column
        where = "".join(
            part for part in (f", line {line}" if line else "", f", column {column}" if column else "")
        )
        super().__init__(f"{source}{where}: {problem}", remedy=remedy)


class UnknownDatasetError(BriefError, LookupError):
    """A folder under data/raw/ has no raw schema (also a LookupError, for callers that look up)."""


class CrossCheckError(BriefError, ValueError):
    """Two figures that must agree do not; names the raw files, the rows and both numbers.

    ``disagreements`` holds one line per failing comparison, each naming its rows (file
    lines where known) and the two numbers.
    """

    def __init__(self, check: str, sources: list[str], disagreements: list[str], *, remedy: str | None = None) -> None:
        self.check = check
        self.sources = list(sources)
        self.disagreements = list(disagreements)
        lines = [f"Cross-check failed: {check}", f"  in {', '.join(self.sources)}"]
        lines += [f"  - {d}" for d in self.disagreements]
        super().__init__(
            "\n".join(lines),
            remedy=remedy or "One of the two figures was copied or typed wrongly: check both against "
            "the source documents and add a corrected snapshot in a new dated folder.",
        )


class StepError(BriefError):
    """A processing step could not turn its raw files into tables (names the step and its files)."""

    def __init__(self, step: str, sources: list[str], problem: str) -> None:
        self.step = step
        self.sources = list(sources)
        self.problem = problem
        super().__init__(
            f"Processing step {step} failed on {', '.join(self.sources)}: {problem}",
            remedy="The raw data passed its schema but the step could not use it. Check the "
            f"values named above; if they are right, src/analysis/steps/{step}.py needs to learn them.",
        )


class RunLockedError(BriefError):
    """Another brief command is writing in this project."""


class DataValidationError(BriefError):
    """A table failed its schema; ``failures`` lists (row, column, value, check) tuples."""

    def __init__(self, source: str, failures: list[dict], *, max_shown: int = 20) -> None:
        self.source = source
        self.failures = failures
        lines = [f"{source}: {len(failures)} value(s) failed validation:"]
        for failure in failures[:max_shown]:
            row = failure.get("row")
            where = "table" if row is None else (f"row {row}" if str(row).isdigit() else str(row))
            lines.append(
                f"  - {where}, column {failure.get('column')!r}: value {failure.get('value')!r} "
                f"fails {failure.get('check')}"
            )
        if len(failures) > max_shown:
            lines.append(f"  … and {len(failures) - max_shown} more")
        super().__init__(
            "\n".join(lines),
            remedy="Fix the source (for raw data: add a corrected snapshot version), "
            "or, if the value is right, widen the check: in src/analysis/schemas/ for a raw file, in "
            "src/analysis/columns/ (or the step's schema) for a processed table.",
        )


class ParameterError(BriefError):
    """Parameters were unknown, ill-typed or out of range; raised before any kernel starts."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "Invalid parameters:\n" + "\n".join(f"  - {p}" for p in problems),
            remedy="See `brief params` for every parameter, its type and its default "
            "(params/default.yaml).",
        )


class NotebookExecutionError(BriefError):
    """A notebook raised: names the notebook, the cell and the error; keeps the output."""

    def __init__(
        self,
        notebook: str,
        cell_index: int | None,
        exec_count: int | None,
        ename: str,
        evalue: str,
        output_path: Path,
    ) -> None:
        self.notebook = notebook
        self.cell_index = cell_index
        self.exec_count = exec_count
        self.ename = ename
        self.evalue = evalue
        self.output_path = Path(output_path)
        cell = (
            f"cell {cell_index} (counting from 0)" + (f", In [{exec_count}]" if exec_count else "")
            if cell_index is not None
            else "an unknown cell (the kernel died)"
        )
        super().__init__(
            f"Notebook {notebook} failed in {cell}: {ename}: {evalue}",
            remedy=f"The executed notebook, with the failing cell marked, is at {output_path}. "
            "The last good brief was left in place.",
        )


class RenderError(BriefError):
    """Rendering failed; the previous brief is untouched."""
