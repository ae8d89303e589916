"""``variants``: the distractor variants authored in ``mathbench review``, as a benchmark.

Each original that has variants contributes itself (0 distractors) and each of its variants, so
that ``mathbench report`` draws accuracy against the number of distractors (the CMATH paper's
Figure 2 d) for hand-written variants exactly as for ``cmath-distractor``.

The variants are read from the annotations file that ``mathbench review`` writes:
``$MATHBENCH_ANNOTATIONS`` if set, else the file beside the results file (``$MATHBENCH_DB`` or the
default one). A benchmark is constructed before any ``--db`` option is read, so pointing a run at
another results file means setting one of those variables.

A variant's id carries a digest of its text: editing a variant makes a new problem, so a stored
generation is never reused for a text the model did not see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from mathbench.benchmark import Benchmark
from mathbench.errors import MathbenchError
from mathbench.types import AnnotationValue, Problem
from mathbench_tui.annotations import AnnotationStore
from mathbench_tui.paths import ANNOTATIONS_ENV, default_annotations_path


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


class VariantsBenchmark(Benchmark):
    """Authored distractor variants with their originals, from the annotations file."""

    name = "variants"
    description = "distractor variants authored in `mathbench review`, with their originals"
    extra = "tui"
    splits = ("all",)
    default_split = "all"
    default_checker = "cmath"
    default_template = "raw"
    report_by = ("distractor", "grade")

    def problems(self, split: str) -> Iterator[Problem]:
        if split not in self.splits:
            raise MathbenchError(f"The benchmark 'variants' has no split {split!r}; use 'all'.")
        path = default_annotations_path()
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
