"""The project's Jupyter kernel: registered by name for JupyterLab, pinned for ``brief run``.

The notebooks name the kernel ``h200-brief``; ``make setup`` registers it twice, for the
project's environment (``.venv/share/jupyter``, which JupyterLab run from that environment
prefers) and for the user (``~/.local/share/jupyter``, found by a JupyterLab started
elsewhere). Several checkouts on one machine each register it; the user-level one names
the last one set up.

``brief run`` never looks the kernel up by name: :class:`ProjectKernelManager` starts
``ipykernel`` with the interpreter running ``brief`` itself, so a notebook always executes
in the environment (and checkout) that runs it, whatever kernels are registered.
"""

from __future__ import annotations

import sys

from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpec

KERNEL_NAME = "h200-brief"
DISPLAY_NAME = "Python (h200-brief)"


def project_kernel_spec() -> KernelSpec:
    """ipykernel on this interpreter (``sys.executable``)."""
    return KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name=DISPLAY_NAME,
        language="python",
        metadata={"debugger": True},
    )


class ProjectKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel is always :func:`project_kernel_spec`, never looked up."""

    @property
    def kernel_spec(self) -> KernelSpec:
        if self._kernel_spec is None:
            self._kernel_spec = project_kernel_spec()
        return self._kernel_spec
