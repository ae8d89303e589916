"""The llama-cpp backend class. ``llama_cpp`` is imported only when a model is loaded, so that the
plugin lists as unavailable (with its extra) instead of failing where llama-cpp-python is absent."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from mathbench.backend import Backend, BackendOption
from mathbench.errors import MathbenchError
from mathbench.types import Completion, GenerationRequest
from mathbench_llama_cpp.models import ALIASES, resolve_model_path

_FINGERPRINT_BYTES = 1 << 20


def gpu_offload_supported() -> bool:
    """Whether this llama-cpp-python was built with a GPU backend (CUDA, Metal, Vulkan ...)."""
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


class LlamaCppBackend(Backend):
    """One GGUF model in this process; requests run one after another (llama.cpp is fastest on a
    single sequence with all cores), each yielded the moment it is done."""

    name = "llama-cpp"
    description = "GGUF models through llama.cpp (llama-cpp-python); alias smollm2; GPU offload"
    requires = ("llama_cpp",)
    extra = "llama-cpp"
    options = (
        BackendOption(
            "n_gpu_layers",
            int,
            None,
            "layers to offload to the GPU; default: all (-1) when llama.cpp was built with GPU "
            "support, else 0",
        ),
        BackendOption("n_ctx", int, 4096, "context window in tokens"),
        BackendOption("n_threads", int, None, "CPU threads (default: llama.cpp's choice)"),
    )

    def __init__(self, model: str, options: Mapping[str, Any]) -> None:
        super().__init__(model, options)
        from llama_cpp import Llama

        path = resolve_model_path(model)
        layers = self.settings["n_gpu_layers"]
        if layers is None:
            layers = -1 if gpu_offload_supported() else 0
        self.n_gpu_layers: int = layers
        try:
            self.llama = Llama(
                model_path=str(path),
                n_ctx=self.settings["n_ctx"],
                n_gpu_layers=layers,
                n_threads=self.settings["n_threads"],
                seed=0,
                verbose=False,
            )
        except ValueError as error:
            raise MathbenchError(f"llama.cpp could not load {path}: {error}.") from None

    @classmethod
    def identity(cls, model: str, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The GGUF file's name, size and a hash of its first MiB: stable across machines and
        install paths, different for another quantisation of the same model."""
        path = resolve_model_path(model)
        with path.open("rb") as handle:
            head = hashlib.sha256(handle.read(_FINGERPRINT_BYTES)).hexdigest()[:16]
        return {
            "backend": cls.name,
            "model": model if model in ALIASES else path.name,
            "file": path.name,
            "size": path.stat().st_size,
            "head_sha256": head,
        }

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        for request in requests:
            yield self._complete(request)

    def _complete(self, request: GenerationRequest) -> Completion:
        params = request.params
        started = time.perf_counter()
        try:
            response: Any = self.llama.create_chat_completion(
                messages=cast(
                    Any, [{"role": m.role, "content": m.content} for m in request.messages]
                ),
                max_tokens=params.max_tokens,
                temperature=params.temperature,
                top_p=params.top_p,
                seed=params.seed,
                stop=list(params.stop) or None,
            )
        except (ValueError, RuntimeError) as error:  # e.g. a prompt longer than the context
            return Completion(
                key=request.key,
                text="",
                error=f"{type(error).__name__}: {error}",
                latency_s=time.perf_counter() - started,
            )
        choice = response["choices"][0]
        usage = response.get("usage") or {}
        return Completion(
            key=request.key,
            text=choice["message"]["content"] or "",
            finish_reason=choice.get("finish_reason"),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            latency_s=time.perf_counter() - started,
        )

    def close(self) -> None:
        self.llama.close()
