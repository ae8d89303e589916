"""Running an evaluation: choose problems, resume from the store, generate, check, store.

A run is identified by its full configuration. What the model writes depends only on the
*generation key* (benchmark, split, model, template, generation parameters), so a run that differs
only in checker or filters reuses every stored generation; only missing or errored items reach the
backend. Each completion is checked as the backend yields it, and committed with the others that
arrived in the same half second (``mathbench._writer``).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathbench._progress import RunProgress
from mathbench._templates import PromptTemplate
from mathbench._writer import BatchWriter
from mathbench.backend import Backend
from mathbench.benchmark import Benchmark
from mathbench.checker import Checker, judge
from mathbench.errors import MathbenchError
from mathbench.registry import Registry
from mathbench.store import NewGeneration, Store
from mathbench.types import GenerationParams, GenerationRequest, Problem, Verdict

if TYPE_CHECKING:
    from mathbench.report import RunReport


def _digest(config: Mapping[str, Any], length: int) -> str:
    canonical = json.dumps(config, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:length]


def split_model(model: str) -> tuple[str, str]:
    """``"llama-cpp:smollm2"`` -> ``("llama-cpp", "smollm2")``."""
    backend, sep, name = model.partition(":")
    if not sep or not backend or not name:
        raise MathbenchError(
            f"Model {model!r} should be BACKEND:MODEL, for example llama-cpp:smollm2 "
            "(`mathbench plugins` lists the backends)."
        )
    return backend, name


def select_problems(
    problems: Sequence[Problem],
    where: Mapping[str, Sequence[str]],
    limit: int | None,
    stratify: str | None,
) -> list[Problem]:
    """Filter on annotations (compared as text), then keep the first ``limit`` problems, or the
    first ``limit`` of each value of the ``stratify`` annotation, in benchmark order."""
    selected = [
        p
        for p in problems
        if all(str(p.annotations.get(key)) in set(values) for key, values in where.items())
    ]
    if limit is None:
        return selected
    if limit < 0:
        raise MathbenchError(f"--limit must be zero or more, not {limit}.")
    if stratify is None:
        return selected[:limit]
    taken: dict[str, int] = {}
    kept = []
    for problem in selected:
        group = str(problem.annotations.get(stratify))
        if taken.get(group, 0) < limit:
            taken[group] = taken.get(group, 0) + 1
            kept.append(problem)
    return kept


@dataclass(frozen=True)
class RunSpec:
    """A fully resolved run: components, selected problems and the keys that identify it."""

    benchmark: Benchmark
    split: str
    backend_class: type[Backend]
    model: str
    backend_settings: dict[str, Any]
    template: PromptTemplate
    exemplars: list[Problem]
    checker: Checker
    params: GenerationParams
    samples: int
    problems: list[Problem]
    config: dict[str, Any]
    generation_key: str
    run_id: str

    @classmethod
    def build(
        cls,
        *,
        registry: Registry,
        benchmark: str,
        model: str,
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
        results: Path | None = None,
    ) -> RunSpec:
        """The run these arguments describe. ``results`` is the results file it will be stored
        in: a benchmark whose problems live beside it reads them there (``for_results``)."""
        bench = registry.benchmark(benchmark)
        if results is not None:
            bench = bench.for_results(results)
        split = split or bench.default_split
        bench.check_split(split)
        backend_name, model_name = split_model(model)
        backend_class = registry.backend_class(backend_name)
        settings = backend_class.resolve_options(options or {})
        chosen_template = registry.template(template or bench.default_template)
        chosen_checker = registry.checker(checker or bench.default_checker)
        _check_generation(max_tokens, temperature, top_p, samples)
        params = GenerationParams(
            max_tokens=max_tokens, temperature=temperature, top_p=top_p, seed=seed
        )
        exemplars = bench.exemplars(split) if chosen_template.uses_exemplars else []
        shown = {p.id for p in exemplars} if (bench.fewshot_split or split) == split else set()
        where = {key: [str(v) for v in values] for key, values in (where or {}).items()}
        candidates = [p for p in bench.problems(split) if p.id not in shown]
        _check_annotations(f"{bench.name}/{split}", candidates, where, stratify)
        problems = select_problems(candidates, where, limit, stratify)
        if not problems:
            raise MathbenchError(
                f"No problem of {benchmark}/{split} matches the filters {where or '(none)'}."
            )
        generation_config: dict[str, Any] = {
            "benchmark": bench.name,
            "split": split,
            "model": backend_class.identity(model_name, settings),
            "template": chosen_template.name,
            "params": params.as_dict(),
        }
        if exemplars:
            generation_config["exemplars"] = [p.id for p in exemplars]
        config = {
            "benchmark": bench.name,
            "split": split,
            "backend": backend_name,
            "model": model_name,
            "template": chosen_template.name,
            "checker": chosen_checker.name,
            "samples": samples,
            "generation": generation_config,
            "filters": {"where": where, "limit": limit, "stratify": stratify},
            # The problems themselves, not only the filters that chose them: a benchmark whose
            # items change (authored variants, a new data version) makes a new run.
            "problems": _digest({"ids": sorted(p.id for p in problems)}, 16),
        }
        run_id = _digest(config, 12)
        # How reports break the run down travels with it, so a report needs no plugin installed;
        # it is added after hashing because it does not change what is measured.
        config["report"] = {
            "by": list(bench.report_by),
            "cross": list(bench.report_cross) if bench.report_cross else None,
            "pass_by": bench.pass_by,
            "pass_mark": bench.pass_mark,
        }
        return cls(
            benchmark=bench,
            split=split,
            backend_class=backend_class,
            model=model_name,
            backend_settings=settings,
            template=chosen_template,
            exemplars=exemplars,
            checker=chosen_checker,
            params=params,
            samples=samples,
            problems=problems,
            config=config,
            generation_key=_digest(generation_config, 16),
            run_id=run_id,
        )


def _check_generation(max_tokens: int, temperature: float, top_p: float, samples: int) -> None:
    """Refuse, before anything is loaded or stored, parameters no backend can use: NaN and
    infinities compare false with everything, so each check is written to fail on them."""
    if max_tokens < 1:
        raise MathbenchError(f"--max-tokens must be at least 1, not {max_tokens}.")
    if not (math.isfinite(temperature) and temperature >= 0):
        raise MathbenchError(
            f"--temperature must be a finite number, zero or more, not {temperature}."
        )
    if not (math.isfinite(top_p) and 0 < top_p <= 1):
        raise MathbenchError(
            f"--top-p must be above 0 and at most 1 (1 keeps every token), not {top_p}."
        )
    if samples < 1:
        raise MathbenchError(f"--samples must be at least 1, not {samples}.")
    if samples > 1 and temperature == 0:
        raise MathbenchError(
            f"--samples {samples} needs --temperature above 0: greedy decoding writes the same "
            "answer every time."
        )


def _check_annotations(
    name: str,
    problems: Sequence[Problem],
    where: Mapping[str, Sequence[str]],
    stratify: str | None,
) -> None:
    """Refuse a filter or a ``--stratify`` on an annotation no problem has: it would select
    nothing, or group everything together, without saying why."""
    known = sorted({key for problem in problems for key in problem.annotations})
    names = ", ".join(known) if known else "none"
    for key, option in [*((key, "--where") for key in where), (stratify, "--stratify")]:
        if key is not None and key not in known:
            raise MathbenchError(
                f"{option} names the annotation {key!r}, which no problem of {name} has; "
                f"its annotations are: {names}."
            )


@dataclass
class EvaluationResult:
    """What a call to ``evaluate`` did, and where its results are.

    ``verdicts`` holds each problem's first-sample verdict (the accuracy); with ``samples > 1``,
    ``sample_verdicts`` holds every sample's, and the report adds maj@k and pass@k.
    """

    run_id: str
    db: Path
    total: int
    generated: int = 0
    reused: int = 0
    rescored: int = 0
    errored: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    sample_verdicts: dict[tuple[str, int], Verdict] = field(default_factory=dict)

    @property
    def correct(self) -> int:
        return sum(v.correct for v in self.verdicts.values())

    @property
    def undecided(self) -> int:
        """Items the checker could not decide: judged again on the next run."""
        return sum(v.undecided for v in self.verdicts.values())

    @property
    def accuracy(self) -> float | None:
        """Correct over scored items; errored and undecided items are excluded, counted apart."""
        scored = len(self.verdicts) - self.undecided
        return self.correct / scored if scored else None

    def record(self, problem_id: str, sample: int, verdict: Verdict) -> None:
        self.sample_verdicts[(problem_id, sample)] = verdict
        if sample == 0:
            self.verdicts[problem_id] = verdict

    def report(self) -> RunReport:
        """The full report of this run (per grade, steps, digits ...) read back from the store."""
        from mathbench.report import build_reports

        with Store(self.db, read_only=True) as store:
            return build_reports(store, [self.run_id])[0]


def run_evaluation(
    spec: RunSpec, *, db: str | Path | None = None, progress: bool = True
) -> EvaluationResult:
    """Run ``spec`` into the store at ``db``, resuming whatever is stored already.

    On Ctrl-C the run stops after committing what it has, prints how to resume, and re-raises.
    """
    try:
        store = Store(db)
    except KeyboardInterrupt:
        say_interrupted("nothing is stored yet")
        raise
    with store:
        total = len(spec.problems) * spec.samples
        result = EvaluationResult(run_id=spec.run_id, db=store.path, total=total)
        try:
            with store.interruptible():
                created, pending = _resume(spec, store, result)
        except KeyboardInterrupt:
            say_interrupted(f"no answer was generated yet; what {store.path} held is kept")
            raise
        if pending:
            try:
                _generate(spec, store, pending, result, progress)
            except BaseException:
                if created and result.reused == 0 and result.generated == 0:
                    store.forget_run(spec.run_id)  # nothing behind it: no pending ghost
                raise
    return result


def _resume(
    spec: RunSpec, store: Store, result: EvaluationResult
) -> tuple[bool, list[tuple[Problem, int]]]:
    """Store the run's problems and the run, take up what is stored (judging what no verdict
    of this checker covers yet); whether the run is new, and what is left to generate."""
    store.save_problems(spec.benchmark.name, [*spec.problems, *spec.exemplars])
    created = store.save_run(
        spec.run_id, spec.generation_key, spec.config, [p.id for p in spec.problems]
    )
    stored = store.generations(spec.generation_key, spec.checker.name)
    pending: list[tuple[Problem, int]] = []
    rescored: list[tuple[str, int, Verdict]] = []
    for problem in spec.problems:
        for sample in range(spec.samples):
            row = stored.get((problem.id, sample))
            if row is None or row.error is not None:
                pending.append((problem, sample))
                continue
            result.reused += 1
            verdict = row.verdict or judge(spec.checker, row.response, problem.golden, problem.text)
            if row.verdict is None:
                rescored.append((problem.id, sample, verdict))
            result.record(problem.id, sample, verdict)
    store.save_verdicts(spec.generation_key, rescored)
    result.rescored = len(rescored)
    return created, pending


def say_interrupted(state: str) -> None:
    """The one sentence a stopped run ends with (Ctrl-C or SIGTERM): where it stopped, and that
    the same command resumes it."""
    print(
        f"\nInterrupted: {state}. Run the same command again to resume; nothing stored is "
        "recomputed.",
        file=sys.stderr,
    )


def _generate(
    spec: RunSpec,
    store: Store,
    pending: list[tuple[Problem, int]],
    result: EvaluationResult,
    show_progress: bool,
) -> None:
    prompts = {p.id: spec.template.render(p, spec.exemplars) for p, _ in pending}
    # Each sample has its own seed, so samples differ yet each is reproducible.
    params = [replace(spec.params, seed=spec.params.seed + s) for s in range(spec.samples)]
    by_key: dict[str, tuple[Problem, int]] = {}
    requests = []
    for problem, sample in pending:
        key = f"{problem.id}#{sample}"
        by_key[key] = (problem, sample)
        requests.append(
            GenerationRequest(key=key, messages=prompts[problem.id], params=params[sample])
        )
    label = f"{spec.benchmark.name}/{spec.split} {spec.backend_class.name}:{spec.model}"
    progress = RunProgress(label, total=result.total, done=result.reused, enabled=show_progress)
    backend: Backend | None = None
    # Its thread lets go of the file first: readers may open it while the model loads.
    writer = BatchWriter(store, spec.generation_key)
    writer.on_commit = progress.committed
    try:
        with progress, writer:
            backend = spec.backend_class(spec.model, spec.backend_settings)
            progress.model_loaded()
            for completion in backend.generate(requests):
                problem, sample = by_key[completion.key]
                verdict = None
                if completion.error is None:
                    verdict = judge(spec.checker, completion.text, problem.golden, problem.text)
                    result.record(problem.id, sample, verdict)
                else:
                    result.errored += 1
                writer.add(
                    NewGeneration(
                        problem.id,
                        sample,
                        [{"role": m.role, "content": m.content} for m in prompts[problem.id]],
                        completion,
                        verdict,
                    )
                )
                result.generated += 1
                result.completion_tokens += completion.completion_tokens or 0
                progress.advance(
                    completion.completion_tokens or 0, failed=completion.error is not None
                )
    except KeyboardInterrupt:
        # Leaving the writer's block committed what had arrived.
        say_interrupted(f"{progress.stored} of {result.total} items are stored in {store.path}")
        raise
    finally:
        result.seconds = progress.elapsed
        if backend is not None:
            backend.close()
