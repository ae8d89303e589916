"""The one-call Python API: ``mathbench.evaluate(...)`` and ``mathbench.get_checker(...)``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathbench.checker import Checker
from mathbench.registry import Registry, load_registry
from mathbench.store import default_db_path

if TYPE_CHECKING:
    from mathbench.runner import EvaluationResult


def get_checker(name: str) -> Checker:
    """The installed checker called ``name``: ``get_checker("cmath").check(response, golden)``."""
    return load_registry().checker(name)


def evaluate(
    benchmark: str,
    model: str,
    *,
    split: str | None = None,
    limit: int | None = None,
    stratify: str | None = None,
    where: Mapping[str, Sequence[str]] | None = None,
    checker: str | None = None,
    template: str | None = None,
    max_tokens: int = 512,
    temperature: float = 0.0,
    top_p: float = 1.0,
    seed: int = 0,
    samples: int = 1,
    options: Mapping[str, Any] | None = None,
    db: str | Path | None = None,
    progress: bool = True,
    registry: Registry | None = None,
) -> EvaluationResult:
    """Evaluate ``model`` (``"BACKEND:MODEL"``, e.g. ``"llama-cpp:smollm2"``) on ``benchmark``.

    Results are stored in the DuckDB file ``db`` (default: ``MATHBENCH_DB`` or the user data
    directory); calling again with the same arguments resumes and makes no model call for what is
    already stored. ``where`` filters on annotations (``{"grade": ["1", "2"]}``); ``limit`` with
    ``stratify="grade"`` takes that many problems per grade. ``samples > 1`` (with a temperature
    above 0) draws several answers per problem; the report then adds maj@k and pass@k.
    ``registry`` defaults to the installed plugins (``load_registry()``).
    """
    from mathbench.runner import RunSpec, run_evaluation, say_interrupted

    try:
        spec = RunSpec.build(
            registry=registry or load_registry(),
            benchmark=benchmark,
            model=model,
            split=split,
            limit=limit,
            stratify=stratify,
            where=where or {},
            checker=checker,
            template=template,
            max_tokens=max_tokens,
            temperature=temperature,
            top_p=top_p,
            seed=seed,
            samples=samples,
            options=options or {},
            results=Path(db).expanduser() if db is not None else default_db_path(),
        )
    except KeyboardInterrupt:  # reading the benchmark's data, say
        say_interrupted("nothing is stored yet")
        raise
    return run_evaluation(spec, db=db, progress=progress)
