"""The MATH benchmark (Hendrycks et al. 2021, arXiv:2103.03874; MIT license) and MATH-500.

Competition mathematics in seven subjects and five levels, with LaTeX answers. Two splits:

* ``test``: the full 5000-problem test split. The original MATH archive is not in any git
  repository, so the file comes from the JSONL form published by ZubinGou/math-evaluation-harness;
* ``math500``: the 500-problem subset that PRM800K ("Let's Verify Step by Step", MIT) holds out, the
  common subset of recent reports. In the openai/prm800k repository the file is stored with Git
  LFS, so raw.githubusercontent.com serves only its pointer: the bytes come from the same harness
  repository, with the LFS object of the origin (whose id is the pinned SHA-256) as the mirror.

Reports break accuracy down by subject and by level, and cross the two in one table, as the
Mathpresso paper reports MATH.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mathbench.benchmark import FileBenchmark
from mathbench.datafiles import DataFile
from mathbench.plugins.math.reading import read_math500, read_test
from mathbench.types import Problem

_HARNESS = (
    "https://raw.githubusercontent.com/ZubinGou/math-evaluation-harness/"
    "db77bc6bb2a17c90ed2d63e88ebd8c40a82858c5/data"
)
_PRM800K_LFS = (
    "https://media.githubusercontent.com/media/openai/prm800k/"
    "7ecc794703b2877f63226f2477a49b34f9b25163/prm800k/math_splits/test.jsonl"
)

#: The two MATH files, keyed by split.
DATA_FILES: Mapping[str, DataFile] = MappingProxyType(
    {
        "test": DataFile(
            benchmark_dir="math",
            filename="test.jsonl",
            url=f"{_HARNESS}/math/test.jsonl",
            sha256="3371949f33dd702d04b43fddd7d53a028de0aaca0e76abb1b875a050297b3aa4",
            size=4101364,
        ),
        "math500": DataFile(
            benchmark_dir="math",
            filename="math500.jsonl",
            url=f"{_HARNESS}/math_oai/test.jsonl",
            sha256="35dc41080a3680858b27fa7e0533d2d547825316fc5dafe5d316f4ccc5a06132",
            size=446564,
            mirrors=(_PRM800K_LFS,),
        ),
    }
)


class MathBenchmark(FileBenchmark):
    """MATH test (5000) and MATH-500 (500): annotations ``subject``, ``level`` (1-5), the dataset's
    id (``idx`` or ``unique_id``) and the worked ``solution``; LaTeX golden answers."""

    name = "math"
    description = (
        "MATH: competition mathematics by subject and level 1-5 (test: 5000, math500: 500)"
    )
    extra = "math"
    splits = ("test", "math500")
    default_split = "test"
    default_checker = "symbolic"
    default_template = "raw"
    report_by = ("subject", "level")
    report_cross = ("subject", "level")
    filter_options = ("subject", "level")
    pass_by = None

    data_files = DATA_FILES

    def read(self, split: str) -> list[Problem]:
        read = read_test if split == "test" else read_math500
        return read(self.path(split))
