"""The GSM8K benchmark (Cobbe et al. 2021, arXiv:2110.14168; data under the MIT license).

Grade school math word problems that take 2 to 8 steps of arithmetic, each with an integer answer.
Only the test split (1319 problems) is read: it is the one papers report.

The file is pinned by URL and SHA-256 in ``DATA_FILES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mathbench.benchmark import FileBenchmark
from mathbench.datafiles import DataFile
from mathbench.plugins.gsm8k.reading import read_test
from mathbench.types import Problem

_ORIGIN = (
    "https://raw.githubusercontent.com/openai/grade-school-math/"
    "3101c7d5072418e28b9008a6636bde82a006892c/grade_school_math/data"
)

#: The GSM8K test file, byte-identical to the authors' release.
DATA_FILES: Mapping[str, DataFile] = MappingProxyType(
    {
        "test": DataFile(
            benchmark_dir="gsm8k",
            filename="test.jsonl",
            url=f"{_ORIGIN}/test.jsonl",
            sha256="3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14",
            size=749738,
        ),
    }
)


class Gsm8kBenchmark(FileBenchmark):
    """GSM8K test: 1319 problems; golden answers are integers, the worked solution an annotation.

    There is nothing to break a report down by: GSM8K records no grade, topic or difficulty.
    """

    name = "gsm8k"
    description = "GSM8K: grade school math word problems with integer answers (test: 1319)"
    extra = "gsm8k"
    splits = ("test",)
    default_split = "test"
    default_checker = "numeric"
    default_template = "raw"
    report_by = ()
    pass_by = None
    #: The 8-shot setting of the GSM8K literature (Wei et al. 2022; the Qwen report).
    fewshot_shots = 8
    data_files = DATA_FILES

    def read(self, split: str) -> list[Problem]:
        return read_test(self.path(split))
