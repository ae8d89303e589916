"""The sympy worker never runs the caller's program: from a plain script with no
``if __name__ == "__main__":`` guard, from a script read on stdin, and from ``python -m``.

``multiprocessing``'s ``spawn`` re-imported the caller's ``__main__`` in the worker: an unguarded
script ran twice (and its copy died on the database lock), a script on stdin failed, and each
failure became a stored "wrong" verdict. pytest and ``python -c`` hide this, so these tests run a
real user script in a fresh interpreter each way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sympy", reason="needs the math extra: pip install 'mathbench[math]'")

#: A user's program with no main guard: it announces itself, then needs sympy twice (random
#: evaluation cannot prove these identities alone).
SCRIPT = r"""
import mathbench

print("the user's program ran")
checker = mathbench.get_checker("symbolic")
for response, golden in [
    ("$\\boxed{\\frac{\\sin x}{\\cos x}}$", "\\tan x"),
    ("$\\boxed{b + a}$", "a + b"),
]:
    verdict = checker.check(response, golden)
    print(verdict.outcome, "|", verdict.reason)
"""


def _run(arguments: list[str], folder: Path, stdin: str | None = None) -> str:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    finished = subprocess.run(
        [sys.executable, *arguments],
        cwd=folder,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        env=environment,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


@pytest.mark.parametrize("how", ["script", "stdin", "module"])
def test_the_worker_runs_none_of_the_callers_program(tmp_path: Path, how: str) -> None:
    (tmp_path / "user_program.py").write_text(SCRIPT, encoding="utf-8")
    if how == "script":
        output = _run(["user_program.py"], tmp_path)
    elif how == "stdin":
        output = _run(["-"], tmp_path, stdin=SCRIPT)
    else:
        output = _run(["-m", "user_program"], tmp_path)
    lines = output.splitlines()
    assert lines.count("the user's program ran") == 1, output
    verdicts = [line for line in lines if "|" in line]
    assert len(verdicts) == 2, output
    for line in verdicts:
        assert line.startswith("correct |") and "sympy:" in line, output
