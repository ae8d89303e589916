"""The benchmark plugin interface."""

from __future__ import annotations

import itertools
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import ClassVar

from mathbench._component import Component
from mathbench.datafiles import DataFile, fetch
from mathbench.errors import MathbenchError
from mathbench.results.status import PASS_MARK
from mathbench.types import Problem


class Benchmark(Component):
    """A source of problems, with the defaults that make ``mathbench run NAME`` do the right thing.

    ``report_by`` lists the annotations that reports break accuracy down by (CMATH: grade,
    reasoning steps, digits); ``pass_by`` names the one whose groups get a pass/fail mark at
    ``pass_mark`` (the CMATH paper passes a grade at 60% accuracy).
    """

    splits: ClassVar[tuple[str, ...]]
    default_split: ClassVar[str]
    default_checker: ClassVar[str]
    default_template: ClassVar[str] = "raw"
    report_by: ClassVar[tuple[str, ...]] = ()
    #: Two annotations crossed in one table (MATH: subject x level), or None.
    report_cross: ClassVar[tuple[str, str] | None] = None
    pass_by: ClassVar[str | None] = None
    pass_mark: ClassVar[float] = PASS_MARK
    #: Annotations users of this benchmark filter by, each offered by ``mathbench run`` as an
    #: option of its own: ``--grade 3`` for ``--where grade=3``.
    filter_options: ClassVar[tuple[str, ...]] = ()
    #: Worked examples the ``fewshot`` template shows (GSM8K 8, MATH 4 in their literature).
    fewshot_shots: ClassVar[int] = 4
    #: The split exemplars come from; None means the evaluated split itself, in which case the
    #: exemplars are left out of the evaluation.
    fewshot_split: ClassVar[str | None] = None

    def for_results(self, results: Path) -> Benchmark:
        """This benchmark as it reads for a run stored in the results file ``results`` (``--db``):
        itself, unless its problems live beside the results (``variants`` reads the reviewer's
        annotations file there). The runner calls it before reading any problem."""
        return self

    def check_split(self, split: str) -> None:
        """Raise ``MathbenchError`` unless ``split`` is one of ``splits``: called before any data is
        read, so that a mistyped split is one sentence listing the real ones, not a download or a
        ``KeyError`` from the benchmark's table of files."""
        if split not in self.splits:
            raise MathbenchError(
                f"The benchmark {self.name!r} has no split {split!r}; "
                f"choose one of: {', '.join(self.splits)}."
            )

    @abstractmethod
    def problems(self, split: str) -> Iterator[Problem]:
        """Yield the split's problems in a stable order; raise ``MathbenchError`` when the data
        cannot be obtained (never yield nothing silently)."""

    def exemplars(self, split: str) -> list[Problem]:
        """Worked examples for few-shot prompts: the first ``fewshot_shots`` problems of
        ``fewshot_split`` (or of ``split``). Fixed, not sampled, so that every problem of a run
        sees the same prompt prefix and the run stays reproducible. Override to choose others."""
        source = self.fewshot_split or split
        return list(itertools.islice(self.problems(source), self.fewshot_shots))


class FileBenchmark(Benchmark):
    """A benchmark that is its pinned data files and a reader of them: most benchmarks are.

    A subclass declares ``data_files`` (every file it reads, keyed by a name of its choosing,
    usually the split) and ``read(split)``, which reads ``self.path(key)``; the download, the
    checksum, the cache and the one-sentence error when a file cannot be had come from
    ``mathbench.datafiles.fetch``. The table is a constructor argument, so that a test or a user
    with a mirror points the benchmark elsewhere without patching module state, and the
    conformance kit's ``check_downloads`` can take every pinned file's download road from a local
    server.
    """

    data_files: ClassVar[Mapping[str, DataFile]]

    def __init__(self, files: Mapping[str, DataFile] | None = None) -> None:
        self.files = self.data_files if files is None else files

    def path(self, key: str) -> Path:
        """A verified local copy of the file ``key``, downloaded into the cache on first use."""
        return fetch(self.files[key])

    def problems(self, split: str) -> Iterator[Problem]:
        # A list read whole, not a generator: a missing file or a bad split fails at the call,
        # not in the middle of a run.
        self.check_split(split)
        return iter(self.read(split))

    @abstractmethod
    def read(self, split: str) -> list[Problem]:
        """The problems of ``split`` (checked to be one of ``splits``), in a stable order."""
