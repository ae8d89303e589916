"""The ``openai`` backend: any OpenAI-compatible chat or completions endpoint.

``openai:MODEL --base-url URL`` drives a model served elsewhere (vLLM, SGLang, llama.cpp's
server, hosted APIs) with bounded concurrency and retries: the road past one machine, where a
vLLM deployment with tensor or pipeline parallelism serves the model (docs/backends.md).
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.backend import Backend
from mathbench.hookspecs import hookimpl
from mathbench.plugins.openai.backend import OpenAIBackend

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_backends(register: Callable[[type[Backend]], None]) -> None:
    register(OpenAIBackend)
