"""Inside a notebook: check its parameters with the same models ``brief run`` uses.

Each notebook's first code cell after its ``parameters`` cell calls
``check_parameters(globals())``. However the notebook runs (``brief run``, the papermill CLI,
nbmake, JupyterLab's Run All), the values it holds then (its own cell's, or those papermill
injected below it) are validated against :class:`~analysis.parameters.RunParameters` before
anything uses them. A bad value stops the notebook there, with a message that names the
parameter, instead of a ``TypeError`` deep in the library.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from pydantic import ValidationError

from analysis.errors import ParameterError
from analysis.parameters import RunParameters


class NotebookParameterError(ParameterError):
    """A notebook's parameter is ill-typed or out of range (shown without a traceback)."""

    remedy_text = (
        "Correct the value in the notebook's parameters cell, or the one given to papermill "
        "(-p NAME VALUE). `brief params` lists every parameter with its type and meaning."
    )

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.remedy = self.remedy_text

    def _render_traceback_(self) -> list[str]:
        """What IPython (JupyterLab, papermill) shows: the message, not the library's stack."""
        return [f"{type(self).__name__}: {self}"]


def check_parameters(namespace: MutableMapping[str, Any]) -> dict[str, Any]:
    """Validate the run parameters defined in ``namespace`` (a notebook's ``globals()``).

    The others come from the run named by ``run_id`` when its manifest exists, otherwise from
    params/default.yaml, so that checks across parameters (a window against another) see
    complete values. A mapping parameter set to ``None`` stands for its default and is left
    alone. Checked names are re-bound to the values as ``brief run`` would inject them
    (``10`` for a percentage becomes ``10.0``). Returns them: ``{name: value}``.
    """
    from analysis.run_context import run_parameter_values

    base = run_parameter_values(str(namespace.get("run_id", "interactive")))
    found = {
        name: namespace[name]
        for name in RunParameters.model_fields
        if name in namespace and not (namespace[name] is None and isinstance(base.get(name), dict))
    }
    text = {name for name, value in found.items() if isinstance(value, str) and not _accepts_text(name)}
    problems = [f"parameter {name!r} = {found[name]!r} is text, but it must be {_expected(name)}" for name in text]
    try:
        checked = RunParameters.model_validate(base | found).model_dump(mode="json")
    except ValidationError as exc:
        problems += [_describe(error, found) for error in exc.errors() if not (error["loc"] and error["loc"][0] in text)]
    if problems:
        raise NotebookParameterError(problems)
    for name in found:
        namespace[name] = checked[name]
    return {name: checked[name] for name in found}


def _describe(error: dict, found: dict[str, Any]) -> str:
    name = str(error["loc"][0]) if error["loc"] else "?"
    where = ".".join(str(part) for part in error["loc"])
    if name in found:
        return f"parameter {where!r} = {found[name]!r}: {error['msg']}"
    return f"parameter {where!r} (from the run's values): {error['msg']}"


def _accepts_text(name: str) -> bool:
    annotation = RunParameters.model_fields[name].annotation
    return annotation is str or "str" in repr(annotation) or "Literal" in repr(annotation)


def _expected(name: str) -> str:
    annotation = RunParameters.model_fields[name].annotation
    readable = {int: "a whole number", float: "a number", bool: "true or false"}
    for kind, words in readable.items():
        if annotation is kind or repr(annotation) in (f"{kind.__name__} | None", f"typing.Optional[{kind.__name__}]"):
            return words + (" or None" if "None" in repr(annotation) else "")
    return f"of type {repr(annotation).replace('typing.', '')}"
