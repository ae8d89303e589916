"""The Math401 benchmark (Yuan et al. 2023, "How well do Large Language Models perform in
Arithmetic tasks?", arXiv:2304.02015).

401 arithmetic expressions (``12*37=``) in 16 groups of rising difficulty, from sums within 10 to
logarithms, plus Euler's identity. The repository states no license: mathbench downloads the file
from its origin at run time for research use and never ships it.

The file is pinned by URL and SHA-256 in ``DATA_FILES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mathbench.benchmark import FileBenchmark
from mathbench.datafiles import DataFile
from mathbench.plugins.math401.reading import read_math401
from mathbench.types import Problem

#: The Math401 file, byte-identical to the authors' release.
DATA_FILES: Mapping[str, DataFile] = MappingProxyType(
    {
        "test": DataFile(
            benchmark_dir="math401",
            filename="math401.json",
            url=(
                "https://raw.githubusercontent.com/GanjinZero/math401-llm/"
                "3def7f1fc44246a93b1d61fed1ae0b4e1aaaf6c7/math401.json"
            ),
            sha256="0fb57c2bd632459aa325ac517109e25f940c6a732b984b1611853514db131ae2",
            size=18354,
        ),
    }
)


class Math401Benchmark(FileBenchmark):
    """Math401: one split of 401 expressions; annotations ``group`` (0-16) and ``group_name``.

    The default checker is ``numeric-1e-3``: the paper counts an answer correct when it is within
    1e-3 of the target, which the targets' rounding to 4 decimals needs.
    """

    name = "math401"
    description = "Math401: 401 arithmetic expressions in 16 groups, +-*/ to logs (no license)"
    extra = "math401"
    splits = ("test",)
    default_split = "test"
    default_checker = "numeric-1e-3"
    default_template = "raw"
    report_by = ("group",)
    pass_by = None

    data_files = DATA_FILES

    def read(self, split: str) -> list[Problem]:
        return read_math401(self.path(split))
