"""The built-ins moved from ``mathbench_<name>`` to ``mathbench.plugins.<name>``: the new names are
what the entry points load, and the old ones still import, as the same modules, with a warning."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

from mathbench._legacy_names import MOVED, new_name


def test_every_built_in_entry_point_is_inside_the_mathbench_package() -> None:
    values = [ep.value for ep in distribution("mathbench").entry_points if ep.group == "mathbench"]
    assert len(values) == len(MOVED) + 1  # and the prompt templates
    assert all(value.startswith(("mathbench.plugins.", "mathbench._")) for value in values)


def test_old_names_map_to_new_ones_and_nothing_else_does() -> None:
    assert new_name("mathbench_checkers") == "mathbench.plugins.checkers"
    assert new_name("mathbench_tui.screens.runs") == "mathbench.plugins.tui.screens.runs"
    assert new_name("mathbench_math401") == "mathbench.plugins.math401"
    assert new_name("mathbench_foo") is None
    assert new_name("mathbench") is None


def test_an_old_import_is_the_same_module_and_warns_where_the_script_imports(
    tmp_path: Path,
) -> None:
    # A plain script, run fresh, so that nothing is imported before its first line.
    script = tmp_path / "old_script.py"
    script.write_text(
        "import warnings\n"
        "warnings.simplefilter('always')\n"
        "import mathbench_checkers.answer as old\n"
        "from mathbench_checkers.numeric_checker import NumericChecker\n"
        "import mathbench.plugins.checkers.answer as new\n"
        "import mathbench.plugins.checkers.numeric_checker as numeric\n"
        "assert old is new, (old, new)\n"
        "assert NumericChecker is numeric.NumericChecker\n"
        "print(old.__name__)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "mathbench.plugins.checkers.answer"
    assert (
        f"{script}:3: DeprecationWarning: mathbench_checkers is now mathbench.plugins.checkers"
        in done.stderr
    )
    assert done.stderr.count("DeprecationWarning") == 1
