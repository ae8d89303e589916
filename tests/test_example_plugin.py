"""The third-party road, walked for real: pip installs examples/mathbench-example-benchmark as a
distribution, and mathbench finds its benchmark through the entry point, lists it, and runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mathbench-example-benchmark"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example installed by pip into its own folder; the environment that sees it."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(EXAMPLE)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return {**os.environ, "PYTHONPATH": str(target)}


def mathbench(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mathbench", *args], capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip


def test_installed_plugin_is_listed_with_its_distribution(installed: dict[str, str]) -> None:
    listing = mathbench(installed, "plugins", "--json")
    assert listing.returncode == 0, listing.stderr
    data = json.loads(listing.stdout)
    entry = next(c for c in data["components"] if c["name"] == "mental-arithmetic")
    assert entry["distribution"] == "mathbench-example-benchmark"
    assert entry["plugin"] == "example"
    assert not data["failed"]


@pytest.mark.slow
def test_installed_plugin_runs_through_mathbench_run(
    installed: dict[str, str], tmp_path: Path
) -> None:
    pytest.importorskip("llama_cpp", reason="needs the llama-cpp extra: mathbench[llama-cpp]")
    db = tmp_path / "example.duckdb"
    ran = mathbench(
        installed, "run", "mental-arithmetic", "-m", "llama-cpp:smollm2", "--limit", "3",
        "--max-tokens", "32", "--db", str(db), "--json", "--no-progress",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    (report,) = json.loads(ran.stdout)
    assert report["overall"]["total"] == 3
    assert report["overall"]["errored"] == 0
    operations = [g["value"] for g in report["breakdowns"]["operation"]]
    assert operations == ["add", "multiply", "subtract"]  # the first three problems


def test_example_plugin_own_tests_pass(installed: dict[str, str]) -> None:
    """The example's tests use mathbench.testing, as a plugin author's would."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests"),
         "--rootdir", str(EXAMPLE)],
        capture_output=True, text=True, env=installed, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
