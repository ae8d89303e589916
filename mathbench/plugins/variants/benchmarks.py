"""``variants``: the distractor variants authored in ``mathbench review``, as a benchmark.

Each original that has variants contributes itself (0 distractors) and each of its variants, so
that ``mathbench report`` draws accuracy against the number of distractors (the CMATH paper's
Figure 2 d) for hand-written variants exactly as for ``cmath-distractor``.

The variants are read from the annotations file beside the results file the run writes to
(``--db``, ``$MATHBENCH_DB`` or the default one), or from ``$MATHBENCH_ANNOTATIONS``: the runner
gives every benchmark its results file (``Benchmark.for_results``) before reading problems.

A variant's id carries a digest of its text: editing a variant makes a new problem, so a stored
generation is never reused for a text the model did not see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from mathbench import Benchmark, MathbenchError, Problem, default_db_path
from mathbench.results.annotations import ANNOTATIONS_ENV, AnnotationStore, annotations_path
from mathbench.types import AnnotationValue


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


class VariantsBenchmark(Benchmark):
    """Authored distractor variants with their originals, from the annotations file."""

    name = "variants"
    description = "distractor variants authored in `mathbench review`, with their originals"
    splits = ("all",)
    default_split = "all"
    default_checker = "cmath"
    default_template = "raw"
    report_by = ("distractor", "grade")
    filter_options = ("distractor", "grade")

    def __init__(self, results: Path | None = None) -> None:
        self.results = results

    def for_results(self, results: Path) -> VariantsBenchmark:
        return VariantsBenchmark(results)

    def problems(self, split: str) -> Iterator[Problem]:
        if split not in self.splits:
            raise MathbenchError(f"The benchmark 'variants' has no split {split!r}; use 'all'.")
        path = annotations_path(self.results or default_db_path())
        if not path.exists():
            raise MathbenchError(
                f"No annotations file at {path}: author variants with `mathbench review` (key a "
                f"on a problem), or set {ANNOTATIONS_ENV} to the file that holds them."
            )
        with AnnotationStore(path, read_only=True) as store:
            variants = [v for v in store.variants() if v.golden_confirmed]
        if not variants:
            raise MathbenchError(
                f"{path} holds no confirmed variants yet: author some with `mathbench review`."
            )
        problems: list[Problem] = []
        seen: set[str] = set()
        for variant in variants:
            original_id = f"{variant.benchmark}:{variant.original_id}"
            shared: dict[str, AnnotationValue] = {"original_id": original_id}
            if "grade" in variant.annotations:
                shared["grade"] = variant.annotations["grade"]
            if original_id not in seen:
                seen.add(original_id)
                problems.append(
                    Problem(
                        id=f"{original_id}#0",
                        text=variant.original,
                        golden=variant.golden,
                        split="all",
                        annotations={**shared, "distractor": 0},
                    )
                )
            problems.append(
                Problem(
                    id=f"{original_id}#v{variant.variant_id}-{_digest(variant.text)}",
                    text=variant.text,
                    golden=variant.golden,
                    split="all",
                    annotations={
                        **shared,
                        "distractor": variant.distractors,
                        "author": variant.author,
                    },
                )
            )
        return iter(problems)
