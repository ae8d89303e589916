"""The llama-cpp backend class. ``llama_cpp`` is imported only when a model is loaded, so that the
plugin lists as unavailable (with its extra) instead of failing where llama-cpp-python is absent."""

from __future__ import annotations

import hashlib
import signal
import struct
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, cast

from mathbench.backend import Backend, BackendOption
from mathbench.errors import MathbenchError
from mathbench.plugins.llama_cpp.models import ALIASES, resolve_model_path
from mathbench.types import Completion, GenerationRequest

_FINGERPRINT_BYTES = 1 << 20
#: The largest context ``n_ctx`` may ask for when the model file does not say its own: above
#: any model's trained context today, and far below the 32-bit count llama.cpp keeps it in (a
#: larger number would wrap around to a small or negative one).
MAX_N_CTX = 1 << 20
#: Bounds of the integer options, with what the ends mean: llama.cpp holds each in a C int.
_INT_BOUNDS: dict[str, tuple[int, int, str]] = {
    "n_ctx": (0, MAX_N_CTX, "tokens (0: the model's trained context)"),
    "n_gpu_layers": (-1, 2**31 - 1, "layers (-1: all of them)"),
    "n_threads": (1, 4096, "threads"),
}


def _shown(given: Any, value: int) -> str:
    """The value as the user wrote it, cut short: a 5,000-digit number is not worth printing
    (and Python refuses to write an int of more than 4,300 digits as text)."""
    if isinstance(given, str):
        text = given.strip()
    elif value.bit_length() < 10_000:
        text = str(value)
    else:
        return "(a number of over 3,000 digits)"
    return text if len(text) <= 24 else f"{text[:20]}... ({len(text)} characters)"


# GGUF metadata value types (ggml's gguf.h) -> struct formats; 8 is a string, 9 an array.
_GGUF_SCALARS = {
    0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q",
    12: "<d",
}  # fmt: skip
_GGUF_STRING, _GGUF_ARRAY = 8, 9
#: A header that claims more than this (keys, array items, string bytes) is not read further.
_GGUF_SANE_COUNT = 1 << 24


def _read(handle: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize(fmt)
    return struct.unpack(fmt, handle.read(size))[0]


def _skip_or_read(handle: BinaryIO, kind: int) -> Any:
    """Read one metadata value of ``kind``; arrays are skipped (None), a string is returned."""
    if kind in _GGUF_SCALARS:
        return _read(handle, _GGUF_SCALARS[kind])
    if kind == _GGUF_STRING:
        length = _read(handle, "<Q")
        if length > _GGUF_SANE_COUNT:
            raise ValueError("string too long")
        return handle.read(length).decode("utf-8", errors="replace")
    if kind == _GGUF_ARRAY:
        item_kind, count = _read(handle, "<I"), _read(handle, "<Q")
        if count > _GGUF_SANE_COUNT:
            raise ValueError("array too long")
        if item_kind in _GGUF_SCALARS:
            handle.seek(count * struct.calcsize(_GGUF_SCALARS[item_kind]), 1)
        else:
            for _ in range(count):
                _skip_or_read(handle, item_kind)
        return None
    raise ValueError(f"unknown GGUF value type {kind}")


def trained_context(path: Path) -> int | None:
    """The context length a GGUF file records (``<architecture>.context_length``), read from
    its header without loading the model; None when the file does not say (or is no GGUF v2+)."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) != b"GGUF" or _read(handle, "<I") < 2:
                return None
            _read(handle, "<Q")  # tensor count
            keys = _read(handle, "<Q")
            architecture: str | None = None
            lengths: dict[str, Any] = {}
            for _ in range(min(keys, _GGUF_SANE_COUNT)):
                length = _read(handle, "<Q")
                if length > _GGUF_SANE_COUNT:
                    return None
                key = handle.read(length).decode("utf-8", errors="replace")
                value = _skip_or_read(handle, _read(handle, "<I"))
                if key == "general.architecture" and isinstance(value, str):
                    architecture = value
                elif key.endswith(".context_length"):
                    lengths[key] = value
                found = lengths.get(f"{architecture}.context_length")
                if isinstance(found, int) and not isinstance(found, bool) and found > 0:
                    return found
    except (OSError, ValueError, RecursionError, struct.error):
        return None
    return None


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM while llama.cpp loads a model, and deliver them the
    moment it returns.

    The load calls back into Python thousands of times (llama.cpp's log callback); a handler that
    raises, as Ctrl-C's does, raises inside that callback, where ctypes prints the exception to
    the silenced stderr and drops it, so the run went on as if nothing had been pressed. A
    handler that only notes the signal cannot be lost; the signal is then raised again to the
    handler that was in place."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python runs signal handlers in the main thread only
        return
    arrived: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        arrived.append(signum)

    previous = {signum: signal.signal(signum, note) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            # None: a handler set outside Python, which Python cannot put back; the default then.
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if arrived:
            signal.raise_signal(arrived[0])


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
            with _signals_held():
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
    def resolve_options(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        """As for every backend, plus bounds on the integer options: llama.cpp keeps each in a
        C int, where an absurd number (``n_ctx=99999999999999999999``) would wrap around."""
        settings = super().resolve_options(given)
        for name, (least, most, unit) in _INT_BOUNDS.items():
            value = settings[name]
            if value is not None and not least <= value <= most:
                raise MathbenchError(
                    f"Backend option {name}={_shown(given.get(name), value)} is out of range; "
                    f"give {least} to {most:,} {unit}."
                )
        return settings

    @classmethod
    def check_context(cls, path: Path, settings: Mapping[str, Any]) -> None:
        """Refuse an ``n_ctx`` above the context the model was trained on, when its file says
        (a context that large is memory for a cache the model cannot use well)."""
        n_ctx = settings.get("n_ctx")
        if not isinstance(n_ctx, int) or n_ctx <= 0:
            return
        trained = trained_context(path)
        if trained is not None and n_ctx > trained:
            raise MathbenchError(
                f"Backend option n_ctx={n_ctx} is more than the {trained:,} tokens {path.name} "
                f"was trained on; give at most {trained}, or 0 for exactly that."
            )

    @classmethod
    def identity(cls, model: str, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The GGUF file's name, size and a hash of its first MiB: stable across machines and
        install paths, different for another quantisation of the same model."""
        path = resolve_model_path(model)
        # The run's first look at the file, before anything is stored: the place to check it.
        cls.check_context(path, settings)
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
