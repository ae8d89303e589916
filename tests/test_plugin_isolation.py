"""Plugin isolation: whatever a plugin does on import, in validation or in a hook, it is reported
and skipped, the built-ins and the other plugins keep working, and a real Ctrl-C still stops.

Each test lays out real installed distributions (a module plus a ``*.dist-info`` folder with
``METADATA`` and ``entry_points.txt``) under ``tmp_path`` and puts them on ``sys.path``, so the
plugins come through ``importlib.metadata`` exactly as a ``pip install`` would bring them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import mathbench
from mathbench._plugin_list import plugin_rows
from mathbench.cli import cli
from mathbench.registry import PluginInfo, Registry, load_registry
from tests.conftest import make_distribution

#: Every module these tests write starts with this, so that they can be forgotten afterwards.
PREFIX = "mbiso_"


@pytest.fixture(autouse=True)
def forget_test_modules() -> Iterator[None]:
    yield
    for module in [m for m in sys.modules if m.startswith(PREFIX)]:
        del sys.modules[module]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    return root


def failure(registry: Registry, plugin: str) -> PluginInfo:
    found = [p for p in registry.failed if p.name == plugin]
    assert len(found) == 1, registry.plugins
    assert found[0].error and "\n" not in found[0].error, found[0].error
    return found[0]


def assert_builtins_work(registry: Registry) -> None:
    assert registry.checker("numeric").check("The answer is 18.", "18").correct
    assert registry.checker("cmath").check("答：18", "18").correct
    assert {"cmath", "cmath-distractor", "gsm8k"} <= set(registry.names("benchmark"))
    assert not [p for p in registry.failed if p.distribution == "mathbench"]


def listing(registry: Registry | None = None) -> str:
    """``mathbench plugins`` through click, with the registry the command line would build."""
    result = CliRunner().invoke(cli, ["plugins"], obj=registry)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def run_mathbench(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mathbench", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(site), "COLUMNS": "200", **env},
        timeout=120,
    )


def register_checker_source(name: str) -> str:
    """A plugin module registering one working checker called ``name``."""
    return f"""
    from mathbench import Checker, Verdict, hookimpl

    class Always(Checker):
        name = {name!r}
        description = "always right"

        def check(self, response, golden):
            return Verdict(correct=True, candidates=(), checker={name!r})

    @hookimpl
    def register_checkers(register):
        register(Always())
    """


# --- sys.exit on import --------------------------------------------------------------------------


@pytest.fixture
def exits(site: Path) -> Path:
    return make_distribution(
        site,
        "mbiso-exit",
        {"exit": "mbiso_exit"},
        {"mbiso_exit": "import sys\nsys.exit(3)\n"},
    )


def test_sys_exit_on_import_is_a_failed_plugin(exits: Path) -> None:
    registry = load_registry()
    failed = failure(registry, "exit")
    assert failed.distribution == "mbiso-exit"
    assert "SystemExit" in (failed.error or "") and "sys.exit(3)" in (failed.error or "")
    assert "importing mbiso_exit" in (failed.error or "")
    assert_builtins_work(registry)
    assert mathbench.get_checker("numeric").check("18", "18").correct
    assert "mbiso-exit" in listing()


def test_sys_exit_on_import_does_not_end_the_command(exits: Path) -> None:
    result = run_mathbench(exits, "plugins")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Plugin failed to load and was skipped" in result.stdout
    assert "exit (from mbiso-exit 1.0): SystemExit" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    as_json = run_mathbench(exits, "plugins", "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert [(f["plugin"], f["distribution"]) for f in data["failed"]] == [("exit", "mbiso-exit")]
    assert any(c["kind"] == "checker" and c["name"] == "numeric" for c in data["components"])


# --- KeyboardInterrupt: the plugin's own, or the user's Ctrl-C ----------------------------------


def test_keyboard_interrupt_raised_by_a_plugin_on_import_is_a_failed_plugin(site: Path) -> None:
    make_distribution(
        site,
        "mbiso-kbd",
        {"kbd": "mbiso_kbd"},
        {"mbiso_kbd": "raise KeyboardInterrupt\n"},
    )
    registry = load_registry()
    failed = failure(registry, "kbd")
    assert failed.distribution == "mbiso-kbd"
    assert "KeyboardInterrupt" in (failed.error or "")
    assert_builtins_work(registry)
    assert "mbiso-kbd" in listing()


needs_default_sigint = pytest.mark.skipif(
    signal.getsignal(signal.SIGINT) is not signal.default_int_handler,
    reason="sends itself SIGINT, which needs Python's default handler",
)


@needs_default_sigint
@pytest.mark.parametrize("swallowed", [False, True], ids=["let-through", "swallowed"])
def test_a_real_ctrl_c_while_loading_still_stops(site: Path, swallowed: bool) -> None:
    interrupt = "os.kill(os.getpid(), signal.SIGINT)\ntime.sleep(10)\n"
    if swallowed:  # a plugin that catches everything must not eat the user's Ctrl-C
        interrupt = (
            "try:\n" + textwrap.indent(interrupt, "    ") + "except BaseException:\n    pass\n"
        )
    make_distribution(
        site,
        "mbiso-ctrl-c",
        {"ctrl-c": "mbiso_ctrl_c"},
        {"mbiso_ctrl_c": "import os, signal, time\n" + interrupt},
    )
    with pytest.raises(KeyboardInterrupt):
        load_registry()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler restored


# --- validation -------------------------------------------------------------------------------


def test_hookimpl_with_a_wrong_argument_name_is_a_failed_plugin(site: Path) -> None:
    make_distribution(
        site,
        "mbiso-wrong-arg",
        {"wrong-arg": "mbiso_wrong_arg"},
        {
            "mbiso_wrong_arg": """
            from mathbench import hookimpl

            @hookimpl
            def register_checkers(regster):
                pass
            """
        },
    )
    registry = load_registry()
    failed = failure(registry, "wrong-arg")
    assert failed.distribution == "mbiso-wrong-arg"
    assert "PluginValidationError" in (failed.error or "")
    assert "regster" in (failed.error or "")
    assert_builtins_work(registry)
    assert mathbench.get_checker("numeric").check("18", "18").correct
    # the half-validated plugin left no hook implementation behind
    assert not [
        impl
        for impl in registry.manager.hook.register_checkers.get_hookimpls()
        if "mbiso" in impl.plugin_name
    ]
    assert "mbiso-wrong-arg" in listing()


def test_hookimpl_for_an_unknown_hook_is_a_failed_plugin(site: Path) -> None:
    make_distribution(
        site,
        "mbiso-typo",
        {"typo": "mbiso_typo"},
        {
            "mbiso_typo": """
            from mathbench import hookimpl

            @hookimpl
            def register_checker(register):
                pass

            @hookimpl(optionalhook=True)
            def register_something_new(register):
                pass
            """
        },
    )
    registry = load_registry()
    assert "unknown hook 'register_checker'" in (failure(registry, "typo").error or "")
    assert_builtins_work(registry)


# --- hooks that raise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("raise RuntimeError('line one\\nline two')", "RuntimeError: line one; line two"),
        ("raise SystemExit(2)", "SystemExit: the plugin called sys.exit(2)"),
        ("raise KeyboardInterrupt", "KeyboardInterrupt"),
    ],
)
def test_component_hook_that_raises_anything_is_a_failed_plugin(
    site: Path, statement: str, expected: str
) -> None:
    make_distribution(
        site,
        "mbiso-hook",
        {"hook": "mbiso_hook"},
        {
            "mbiso_hook": register_checker_source("mbiso-kept-out")
            + f"""
    @hookimpl
    def register_benchmarks(register):
        {statement}
    """
        },
    )
    registry = load_registry()
    error = failure(registry, "hook").error or ""
    assert expected in error and "(in register_benchmarks)" in error
    assert "mbiso-kept-out" not in registry.names("checker")  # nothing of a failed plugin is kept
    assert_builtins_work(registry)


@pytest.fixture
def commands(site: Path) -> Path:
    """A good plugin adding a command, and one whose ``register_commands`` adds one and raises;
    the bad one also registers a checker that shadows the built-in ``numeric``."""
    make_distribution(
        site,
        "mbiso-good",
        {"good": "mbiso_good"},
        {
            "mbiso_good": """
            import click
            from mathbench import hookimpl

            @click.command(name="mbiso-hello")
            def hello():
                click.echo("hello from mbiso-good")

            @hookimpl
            def register_commands(cli):
                cli.add_command(hello)
            """
        },
    )
    make_distribution(
        site,
        "mbiso-bad-commands",
        {"bad-commands": "mbiso_bad_commands"},
        {
            "mbiso_bad_commands": register_checker_source("numeric")
            + """
    import click

    @hookimpl
    def register_commands(cli):
        cli.add_command(click.Command("mbiso-half", callback=lambda: None))
        raise RuntimeError("cannot build my commands")
    """
        },
    )
    return site


def test_register_commands_that_raises_skips_that_plugin_only(commands: Path) -> None:
    registry = load_registry()
    assert not registry.failed
    assert registry.components["checker"]["numeric"].plugin.distribution == "mbiso-bad-commands"
    group = click.Group(commands=dict(cli.commands))
    registry.add_commands(group)
    assert "mbiso-hello" in group.commands
    assert "mbiso-half" not in group.commands  # what the failing hook added is taken back out
    assert {"plugins", "run", "review"} <= set(group.commands)
    failed = failure(registry, "bad-commands")
    assert failed.distribution == "mbiso-bad-commands"
    assert "cannot build my commands (in register_commands)" in (failed.error or "")
    # its components went with it: the built-in `numeric` is back and nothing is shadowed
    assert registry.components["checker"]["numeric"].plugin.distribution == "mathbench"
    assert not registry.shadowed
    assert_builtins_work(registry)
    runner = CliRunner()
    assert runner.invoke(group, ["mbiso-hello"], obj=registry).output == "hello from mbiso-good\n"
    shown = runner.invoke(group, ["plugins"], obj=registry)
    assert shown.exit_code == 0
    text = " ".join(shown.output.split())  # rich wraps at the terminal's width
    assert "bad-commands (from mbiso-bad-commands 1.0): RuntimeError" in text


def test_register_commands_that_raises_on_the_command_line(commands: Path) -> None:
    hello = run_mathbench(commands, "mbiso-hello")
    assert hello.returncode == 0, hello.stderr
    assert hello.stdout == "hello from mbiso-good\n"
    shown = run_mathbench(commands, "plugins", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert [f["distribution"] for f in data["failed"]] == ["mbiso-bad-commands"]
    assert "register_commands" in data["failed"][0]["error"]


# --- names ----------------------------------------------------------------------------------------


def test_entry_point_naming_an_already_loaded_module_is_a_failed_plugin(site: Path) -> None:
    # `again` sorts before `checkers`: the built-in must keep its module all the same
    make_distribution(site, "mbiso-dup", {"again": "mathbench.plugins.checkers"}, {})
    registry = load_registry()
    failed = failure(registry, "again")
    assert failed.distribution == "mbiso-dup"
    assert "already loaded as plugin 'checkers' from mathbench" in (failed.error or "")
    assert registry.components["checker"]["cmath"].plugin.name == "checkers"
    assert_builtins_work(registry)
    assert "mbiso-dup" in listing()


@pytest.fixture
def same_name(site: Path) -> Path:
    """A third-party plugin whose entry point is called ``cmath``, like the built-in one, and
    which registers a checker of its own and a benchmark called ``cmath``."""
    return make_distribution(
        site,
        "mbiso-evil",
        {"cmath": "mbiso_evil"},
        {
            "mbiso_evil": register_checker_source("mbiso-evil-checker")
            + """
    from mathbench import Benchmark

    class MyCmath(Benchmark):
        name = "cmath"
        description = "not the real one"
        splits = ("test",)
        default_split = "test"
        default_checker = "cmath"

        def problems(self, split):
            return iter(())

    @hookimpl
    def register_benchmarks(register):
        register(MyCmath())
    """
        },
    )


def test_third_party_entry_point_named_like_a_builtin_loads_beside_it(same_name: Path) -> None:
    registry = load_registry()
    assert not registry.failed
    named_cmath = [(p.name, p.distribution) for p in registry.plugins if p.name == "cmath"]
    assert named_cmath == [("cmath", "mathbench"), ("cmath", "mbiso-evil")]
    assert "mbiso-evil-checker" in registry.names("checker")
    assert "cmath-distractor" in registry.names("benchmark")  # the built-in plugin is there
    # the documented component rule: a third party's component shadows the built-in, visibly
    assert registry.components["benchmark"]["cmath"].plugin.distribution == "mbiso-evil"
    assert [(e.kind, e.name, e.plugin.distribution) for e in registry.shadowed] == [
        ("benchmark", "cmath", "mathbench")
    ]
    data = plugin_rows(registry)
    assert data["name_clashes"] == [
        {"plugin": "cmath", "distributions": ["mathbench", "mbiso-evil"]}
    ]
    (shadowed,) = data["shadowed"]
    assert shadowed["shadowed_by"] == {"plugin": "cmath", "distribution": "mbiso-evil"}
    assert "takes precedence over another's declared defaults" in shadowed["rule"]
    shown = " ".join(listing().split())
    assert "the plugin name 'cmath' is used by mathbench and mbiso-evil" in shown
    assert "MATHBENCH_DISABLE_PLUGINS=mbiso-evil:cmath" in shown
    assert "benchmark 'cmath' from mathbench (plugin 'cmath') is shadowed by the one from " in shown


def test_one_of_two_plugins_sharing_a_name_can_be_disabled(
    same_name: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHBENCH_DISABLE_PLUGINS", "mbiso-evil:cmath")
    registry = load_registry()
    assert [p.distribution for p in registry.plugins if p.name == "cmath"] == ["mathbench"]
    assert registry.components["benchmark"]["cmath"].plugin.distribution == "mathbench"
    assert not registry.shadowed


# --- everything at once -------------------------------------------------------------------------


def test_everything_broken_at_once_on_the_command_line(
    exits: Path, commands: Path, same_name: Path
) -> None:
    make_distribution(
        exits, "mbiso-kbd", {"kbd": "mbiso_kbd"}, {"mbiso_kbd": "raise KeyboardInterrupt\n"}
    )
    make_distribution(exits, "mbiso-dup", {"again": "mathbench.plugins.checkers"}, {})
    result = run_mathbench(exits, "plugins", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {(f["plugin"], f["distribution"]) for f in data["failed"]} == {
        ("exit", "mbiso-exit"),
        ("kbd", "mbiso-kbd"),
        ("again", "mbiso-dup"),
        ("bad-commands", "mbiso-bad-commands"),
    }
    names = {(c["kind"], c["name"]) for c in data["components"]}
    assert {("checker", "numeric"), ("checker", "mbiso-evil-checker")} <= names
    assert {("benchmark", "cmath-distractor"), ("template", "raw")} <= names
