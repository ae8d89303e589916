"""The `mathbench review` command as a user meets it: registered by the plugin, no Textual at
plugin import, a sentence for a missing extra, a missing file, missing guidelines or an unknown
run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from mathbench.cli import cli
from mathbench.registry import load_registry


def mathbench(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        f"{prelude}\nimport sys\nfrom mathbench.cli import main\n"
        f"sys.argv = ['mathbench', *{list(args)!r}]\nmain()"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_the_plugin_registers_review_and_imports_no_textual() -> None:
    code = (
        "import sys, click\n"
        "from mathbench.registry import load_registry\n"
        "registry = load_registry()\n"
        "group = click.Group()\n"
        "registry.add_commands(group)\n"
        "print('review' in group.commands, 'variants' in registry.names('benchmark'))\n"
        "print(sorted(m for m in ('textual', 'textual_plotext', 'rapidfuzz') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split("\n")[:2] == ["True True", "[]"]


def test_without_the_extra_the_command_says_which_to_install(results_db: Path) -> None:
    # sys.modules[name] = None makes find_spec report the module as absent, as after
    # `pip uninstall textual`.
    result = mathbench(
        "review", "--db", str(results_db), prelude="import sys; sys.modules['textual'] = None"
    )
    assert result.returncode == 1
    assert "needs textual, which is not installed: run pip install 'mathbench[tui]'" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_missing_database_or_unknown_run_is_one_sentence(
    results_db: Path, tmp_path: Path
) -> None:
    missing = mathbench("review", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and "No mathbench database at" in missing.stderr
    unknown = mathbench("review", "zzzz", "--db", str(results_db))
    assert unknown.returncode == 1 and "No run 'zzzz'" in unknown.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr


def test_help_lists_the_options() -> None:
    registry = load_registry()
    registry.add_commands(cli)
    result = CliRunner().invoke(cli, ["review", "--help"], obj=registry)
    assert result.exit_code == 0
    for option in ("--db", "--annotator", "--annotations", "--guidelines", "RUN_IDS"):
        assert option in result.output


def test_missing_guidelines_are_named_in_one_sentence(results_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "rules.md"
    result = mathbench(
        "review", "--db", str(results_db), "--annotator", "alice", "--guidelines", str(missing)
    )
    assert result.returncode == 1
    assert f"No guidelines at {missing}: --guidelines takes a Markdown file" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
