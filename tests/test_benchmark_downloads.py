"""Every registered benchmark made of pinned files takes the download road, through the kit.

One test, parametrized over the registry, instead of a copy per plugin: a benchmark added later
(built-in or not, as long as it is installed) is checked the day it registers. The real files are
served from 127.0.0.1, so the checksums pinned in each plugin are checked against the bytes the
benchmark was written for, with an empty cache and no data folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mathbench.benchmark import FileBenchmark
from mathbench.registry import load_registry
from mathbench.testing import check_downloads


def _file_benchmarks() -> list[str]:
    registry = load_registry()
    return [
        name
        for name in registry.names("benchmark")
        if isinstance(registry.benchmark(name), FileBenchmark)
    ]


FILE_BENCHMARKS = _file_benchmarks()


def test_every_built_in_benchmark_is_a_file_benchmark() -> None:
    """The parametrization below is not empty by accident: the built-ins are all files."""
    built_in = {"cmath", "cmath-distractor", "gsm8k", "math", "math401", "math23k", "svamp"}
    assert built_in | {"asdiv"} <= set(FILE_BENCHMARKS)


@pytest.mark.parametrize("name", FILE_BENCHMARKS)
def test_pinned_files_download_verify_and_are_then_read_from_the_cache(
    name: str, data_dir: Path
) -> None:
    benchmark = load_registry().benchmark(name)
    assert isinstance(benchmark, FileBenchmark)
    check_downloads(benchmark, data_dir)
