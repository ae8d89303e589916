"""Three math word problem sets of the field: Math23K, SVAMP and ASDiv.

* ``math23k`` (Wang, Liu & Shi 2017, EMNLP): Chinese elementary school problems; the standard
  1000-problem test split. Released by Tencent AI Lab for research use with no explicit license.
* ``svamp`` (Patel et al. 2021, NAACL; MIT): 1000 variations of simple one-unknown arithmetic
  problems, built to catch solvers that rely on shallow cues rather than the question. It has no
  splits: the whole challenge set is ``test``.
* ``asdiv`` (Miao, Liang & Su 2020, ACL): 2305 English problems annotated with school grade and
  solution type. **CC BY-NC 4.0**: non-commercial use only, with attribution to Academia Sinica's
  NLU Lab and the paper. A model passes a grade at 60% accuracy, as in CMATH.

None of the files ships with mathbench: each is downloaded from its origin at a pinned commit and
checked against its SHA-256 (``DATA_FILES``, keyed by benchmark name); each benchmark reads its
one file as its ``test`` split.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mathbench.benchmark import FileBenchmark
from mathbench.datafiles import DataFile
from mathbench.plugins.mwp.reading import read_asdiv, read_math23k, read_svamp
from mathbench.types import Problem

_RAW = "https://raw.githubusercontent.com"

#: The three data files, keyed by benchmark name, byte-identical to their authors' releases.
DATA_FILES: Mapping[str, DataFile] = MappingProxyType(
    {
        "math23k": DataFile(
            benchmark_dir="math23k",
            filename="math23k_test.json",
            url=f"{_RAW}/SCNU203/Math23k/b1135a5dddc77bcc30b4e8b021b25c68d6e15dea/math23k_test.json",
            sha256="3145d8f3eb33f3befc85e1023886b6b2c10eb40279068e989cd6cd7e56e6b8d0",
            size=384592,
        ),
        "svamp": DataFile(
            benchmark_dir="svamp",
            filename="SVAMP.json",
            url=f"{_RAW}/arkilpatel/SVAMP/689d7ccac74b9983a2ac7cc3b264f441b99e7c53/SVAMP.json",
            sha256="5be77703a6d891ae476d7c082787ad361392aa02453b132516cdd5f4e7934e3e",
            size=339970,
        ),
        "asdiv": DataFile(
            benchmark_dir="asdiv",
            filename="ASDiv.xml",
            url=(
                f"{_RAW}/chaochun/nlu-asdiv-dataset/"
                "883f90a9a65bf00304ba8f37423910fe743abc47/dataset/ASDiv.xml"
            ),
            sha256="ef8904068482919ac48c8eeaaf6df344b8a308ba66d048c2d4d87eab82dc4929",
            size=947401,
        ),
    }
)


def _only(name: str) -> Mapping[str, DataFile]:
    """The one file of the benchmark ``name``, as its ``test`` split."""
    return MappingProxyType({"test": DATA_FILES[name]})


class _WordProblemBenchmark(FileBenchmark):
    """What the three sets share: one ``test`` split read from one file, the ``numeric`` checker."""

    extra = "mwp"
    splits = ("test",)
    default_split = "test"
    default_checker = "numeric"
    default_template = "raw"


class Math23kBenchmark(_WordProblemBenchmark):
    """Math23K test: 1000 Chinese problems; annotation ``equation`` (the reference solution)."""

    name = "math23k"
    description = "Math23K: Chinese elementary school word problems (test: 1000; research use)"
    data_files = _only("math23k")

    def read(self, split: str) -> list[Problem]:
        return read_math23k(self.path(split))


class SvampBenchmark(_WordProblemBenchmark):
    """SVAMP: 1000 problems; annotations ``type`` (the operation) and ``equation``."""

    name = "svamp"
    description = "SVAMP: 1000 varied one-unknown arithmetic word problems (challenge set)"
    report_by = ("type",)
    data_files = _only("svamp")

    def read(self, split: str) -> list[Problem]:
        return read_svamp(self.path(split))


class AsdivBenchmark(_WordProblemBenchmark):
    """ASDiv: 2305 problems by grade 1-6, passed at 60% per grade; annotations ``grade``,
    ``solution_type``, ``multi_answer``, ``numeric_answer`` and ``formula`` (see ``reading``)."""

    name = "asdiv"
    description = "ASDiv: 2305 English word problems, grades 1-6 (CC BY-NC 4.0: non-commercial)"
    report_by = ("grade",)
    pass_by = "grade"
    pass_mark = 0.6
    filter_options = ("grade",)
    data_files = _only("asdiv")

    def read(self, split: str) -> list[Problem]:
        return read_asdiv(self.path(split))
