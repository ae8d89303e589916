"""Plugin loading through the real entry-point machinery: built-ins, and broken third parties."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mathbench import Benchmark, MathbenchError, hookimpl, hookspecs
from mathbench.registry import load_registry
from tests.conftest import make_distribution


@pytest.fixture
def third_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two third-party distributions: one whose import fails, one whose hook raises."""
    root = tmp_path / "site"
    make_distribution(
        root,
        "mathbench_broken",
        {"broken": "mathbench_broken_plugin"},
        {"mathbench_broken_plugin": "import this_module_does_not_exist\n"},
    )
    make_distribution(
        root,
        "mathbench_raises",
        {"raises": "mathbench_raises_plugin"},
        {
            "mathbench_raises_plugin": """
            from mathbench import hookimpl

            @hookimpl
            def register_checkers(register):
                raise RuntimeError("checker table is corrupt")
            """
        },
    )
    monkeypatch.syspath_prepend(str(root))
    return root


def test_builtins_are_registered_through_entry_points() -> None:
    registry = load_registry()
    assert {"cmath", "cmath-distractor"} <= set(registry.names("benchmark"))
    assert "llama-cpp" in registry.names("backend")
    assert "cmath" in registry.names("checker")
    assert "raw" in registry.names("template")
    assert not registry.failed
    plugin = registry.components["benchmark"]["cmath"].plugin
    assert (plugin.name, plugin.distribution) == ("cmath", "mathbench")


def test_broken_plugins_are_reported_and_skipped(third_party: Path) -> None:
    registry = load_registry()
    failed = {p.name: p for p in registry.failed}
    assert set(failed) == {"broken", "raises"}
    assert failed["broken"].distribution == "mathbench_broken"
    assert "ModuleNotFoundError" in (failed["broken"].error or "")
    assert "checker table is corrupt" in (failed["raises"].error or "")
    # the built-ins keep working
    assert registry.checker("cmath").check("答：18", "18").correct
    with pytest.raises(MathbenchError, match=r"failed to load: .*broken \(mathbench_broken\)"):
        registry.benchmark("from-broken")


def test_cli_reports_broken_plugin_and_keeps_working(third_party: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(third_party)}
    listing = subprocess.run(
        [sys.executable, "-m", "mathbench", "plugins"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert listing.returncode == 0, listing.stderr
    assert "Plugin failed to load and was skipped" in listing.stdout
    assert "mathbench_broken" in listing.stdout
    assert "Traceback" not in listing.stdout + listing.stderr
    as_json = subprocess.run(
        [sys.executable, "-m", "mathbench", "plugins", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    data = json.loads(as_json.stdout)
    assert {f["plugin"] for f in data["failed"]} == {"broken", "raises"}
    assert any(c["name"] == "cmath" and c["kind"] == "checker" for c in data["components"])


def test_disabled_plugin_is_not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHBENCH_DISABLE_PLUGINS", "cmath")
    registry = load_registry()
    assert "cmath" not in registry.names("benchmark")
    assert "cmath" in registry.names("checker")  # from the `checkers` plugin, still loaded


def test_third_party_component_shadows_builtin_of_same_name() -> None:
    class MyCmath(Benchmark):
        name = "cmath"
        splits = ("test",)
        default_split = "test"
        default_checker = "cmath"

        def problems(self, split: str):
            return iter(())

    class Plugin:
        @hookimpl
        def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
            register(MyCmath())

    registry = load_registry(extra_plugins=[("mine", Plugin())])
    assert isinstance(registry.benchmark("cmath"), MyCmath)
    assert [e.plugin.distribution for e in registry.shadowed] == ["mathbench"]


class _Defaults:
    """A plugin object registering a benchmark called ``cmath``; ``MATHBENCH_DEFAULTS`` as given."""

    def __init__(self, defaults: bool, label: str) -> None:
        if defaults:
            self.MATHBENCH_DEFAULTS = True
        self.label = label

    @hookimpl
    def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
        label = self.label

        class Labelled(Benchmark):
            name = "cmath"
            description = label
            splits = ("test",)
            default_split = "test"
            default_checker = "cmath"

            def problems(self, split: str):
                return iter(())

        register(Labelled())


def test_precedence_is_the_plugins_own_declaration_not_its_distribution() -> None:
    """A built-in moved into a distribution of its own keeps declaring defaults and still yields
    to another plugin's component; one that declares defaults yields whoever ships it."""
    moved = load_registry(extra_plugins=[("third", _Defaults(False, "third party"))])
    assert moved.benchmark("cmath").description == "third party"

    both_defaults = load_registry(extra_plugins=[("other", _Defaults(True, "other defaults"))])
    assert both_defaults.benchmark("cmath").description != "other defaults"  # the first stays

    registry = load_registry(
        extra_plugins=[
            ("a", _Defaults(True, "declared defaults")),
            ("b", _Defaults(False, "plain")),
        ]
    )
    assert registry.benchmark("cmath").description == "plain"
    assert {e.component.description for e in registry.shadowed} >= {"declared defaults"}
    assert all(p.defaults for p in registry.plugins if p.distribution == "mathbench")


def test_register_rejects_wrong_component_type() -> None:
    class Plugin:
        @hookimpl
        def register_backends(self, register: Callable[[object], None]) -> None:
            register("not a backend class")

    registry = load_registry(extra_plugins=[("wrong", Plugin())])
    assert "takes a subclass of Backend" in (registry.failed[0].error or "")


def test_every_hook_is_documented_and_tested() -> None:
    """Meta-test in the manner of datasette: every hook spec has a docstring and appears in
    this file's tests or the plugin docs."""
    hooks = [name for name in dir(hookspecs) if name.startswith("register_")]
    assert hooks == [
        "register_backends",
        "register_benchmarks",
        "register_checkers",
        "register_commands",
        "register_prompt_templates",
    ]
    for name in hooks:
        assert getattr(hookspecs, name).__doc__
    docs = (Path(__file__).resolve().parent.parent / "docs" / "plugins.md").read_text()
    for name in hooks:
        assert f"def {name}(" in docs, f"{name} is missing from docs/plugins.md"


def test_listing_plugins_imports_no_heavy_dependency() -> None:
    """`mathbench --help` and `mathbench plugins` stay fast with every extra installed."""
    code = (
        "import sys; from mathbench.registry import load_registry; load_registry(); "
        "import mathbench.cli; "
        "heavy = ('llama_cpp', 'textual', 'torch', 'transformers', 'httpx', 'sympy'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
