"""The conformance checks a plugin author runs in their own tests (see ``mathbench.testing``).

Each check raises ``AssertionError`` with a message naming the component and what is wrong, so it
reads well under pytest.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from mathbench.benchmark import Benchmark, FileBenchmark
from mathbench.checker import Checker, judge
from mathbench.datafiles import CACHE_DIR_ENV, DATA_DIR_ENV
from mathbench.registry import PluginInfo, Registry, load_registry
from mathbench.testing.environment import environment
from mathbench.testing.served_folder import serve_folder
from mathbench.types import Problem, Verdict

#: Examples quoted in a failure message; the count of the rest follows.
_SHOWN = 5
#: A response no checker should take long over: a megabyte of digits, brackets and fractions.
HOSTILE_RESPONSE = ("((((" * 2_000 + "1/2 = " + "9" * 5_000 + " \\frac{1}{" * 200) * 20
HOSTILE_SECONDS = 10.0


def _registry_of(plugin: object, name: str) -> Registry:
    registry = Registry()
    registry.add_plugin(plugin, PluginInfo(name, distribution="(conformance)", version=""))
    return registry


def check_plugin(plugin: object, name: str = "plugin-under-test") -> None:
    """The plugin loads, registers at least one component, and loads again the same way."""
    first, second = _registry_of(plugin, name), _registry_of(plugin, name)
    for registry in (first, second):
        assert not registry.failed, f"{name} failed to load: {registry.failed[0].error}"
    names = {kind: first.names(kind) for kind in first.components}
    assert any(names.values()), f"{name} registered no benchmark, backend, checker or template"
    again = {kind: second.names(kind) for kind in second.components}
    assert names == again, f"{name} registers {again} the second time, {names} the first"
    for by_name in first.components.values():
        for entry in by_name.values():
            assert entry.name.strip(), f"{name} registered a component with an empty name"
            assert entry.component.description, f"{entry.kind} {entry.name!r} has no description"


def _quote(failures: Sequence[str]) -> str:
    shown = "\n  ".join(failures[:_SHOWN])
    more = f"\n  ... and {len(failures) - _SHOWN} more" if len(failures) > _SHOWN else ""
    return f"\n  {shown}{more}"


def _answer_as_response(problem: Problem) -> str:
    return f"The answer is {problem.golden}."


def check_benchmark(
    benchmark: Benchmark,
    *,
    splits: Iterable[str] | None = None,
    registry: Registry | None = None,
    response_for: Callable[[Problem], str] = _answer_as_response,
) -> None:
    """Check each split of ``benchmark`` (all by default) against the promises above.

    ``response_for`` writes a problem's golden answer the way a model would; the default,
    ``"The answer is {golden}."``, suits numeric answers.
    """
    registry = registry or load_registry()
    name = benchmark.name
    assert name and benchmark.splits, f"benchmark {name!r} declares no name or no splits"
    assert benchmark.default_split in benchmark.splits, (
        f"{name}: default split {benchmark.default_split!r} is not one of {benchmark.splits}"
    )
    checker = registry.checker(benchmark.default_checker)
    registry.template(benchmark.default_template)
    for split in splits or benchmark.splits:
        problems = list(benchmark.problems(split))
        assert problems, f"{name}/{split} yields no problem"
        _check_ids(name, split, problems, list(benchmark.problems(split)))
        _check_annotations(benchmark, split, problems)
        _check_goldens(name, split, problems, checker, response_for)


def _check_ids(name: str, split: str, problems: list[Problem], again: list[Problem]) -> None:
    ids = [p.id for p in problems]
    duplicates = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) < len(ids) else []
    assert not duplicates, f"{name}/{split}: duplicate problem ids{_quote(duplicates)}"
    first = [(p.id, p.text, p.golden) for p in problems]
    second = [(p.id, p.text, p.golden) for p in again]
    assert first == second, f"{name}/{split}: a second load yields other ids, texts or answers"
    empty = [p.id for p in problems if not p.text.strip() or not p.golden.strip()]
    assert not empty, f"{name}/{split}: problems with an empty text or golden answer{_quote(empty)}"


def _check_annotations(benchmark: Benchmark, split: str, problems: list[Problem]) -> None:
    name = benchmark.name
    types: dict[str, set[str]] = {}
    bad: list[str] = []
    for problem in problems:
        for key, value in problem.annotations.items():
            if value is not None and not isinstance(value, str | int | float | bool):
                bad.append(f"{problem.id}: {key}={value!r} is not a JSON scalar")
            elif value is not None:
                types.setdefault(key, set()).add(type(value).__name__)
    assert not bad, f"{name}/{split}: annotations that reports cannot group by{_quote(bad)}"
    mixed = [f"{key}: {sorted(kinds)}" for key, kinds in types.items() if len(kinds) > 1]
    assert not mixed, f"{name}/{split}: annotations of more than one type{_quote(mixed)}"
    declared = [*benchmark.report_by, *(benchmark.report_cross or ())]
    declared += [benchmark.pass_by] if benchmark.pass_by else []
    missing = [key for key in declared if key not in types]
    assert not missing, f"{name}/{split}: reports by {missing}, which no problem is annotated with"


def _check_goldens(
    name: str,
    split: str,
    problems: list[Problem],
    checker: Checker,
    response_for: Callable[[Problem], str],
) -> None:
    rejected = []
    for problem in problems:
        response = response_for(problem)
        verdict = judge(checker, response, problem.golden, problem.text)
        _check_spans(checker.name, response, verdict)
        if not verdict.correct:
            rejected.append(f"{problem.id}: {response!r} -> {verdict.reason or verdict.outcome}")
    assert not rejected, (
        f"{name}/{split}: {len(rejected)} golden answers are not accepted by their own checker "
        f"{checker.name!r}{_quote(rejected)}"
    )


def _check_spans(checker: str, response: str, verdict: Verdict) -> None:
    for candidate in verdict.candidates:
        assert 0 <= candidate.start <= candidate.end <= len(response), (
            f"checker {checker!r}: span {candidate.start}:{candidate.end} is outside the response"
        )
        assert response[candidate.start : candidate.end] == candidate.text, (
            f"checker {checker!r}: span {candidate.start}:{candidate.end} reads "
            f"{response[candidate.start : candidate.end]!r}, not {candidate.text!r}"
        )


def check_checker(checker: Checker, cases: Iterable[tuple[str, str, bool]] = ()) -> None:
    """Verdicts match ``(response, golden, expected)`` cases; spans index the response; a hostile
    megabyte response is judged within ``HOSTILE_SECONDS``."""
    wrong = []
    for response, golden, expected in cases:
        verdict = judge(checker, response, golden)
        _check_spans(checker.name, response, verdict)
        if verdict.correct != expected:
            wrong.append(f"{response!r} vs {golden!r}: {verdict.correct}, expected {expected}")
    assert not wrong, f"checker {checker.name!r} disagrees with the cases{_quote(wrong)}"
    started = time.perf_counter()
    verdict = judge(checker, HOSTILE_RESPONSE, "1/2", HOSTILE_RESPONSE)
    elapsed = time.perf_counter() - started
    assert isinstance(verdict, Verdict), f"checker {checker.name!r} returned {verdict!r}"
    assert elapsed < HOSTILE_SECONDS, (
        f"checker {checker.name!r} took {elapsed:.1f} s over a hostile response"
    )


def check_downloads(benchmark: FileBenchmark, data_root: Path) -> None:
    """Each of ``benchmark``'s pinned files downloads once, from ``data_root`` served on 127.0.0.1
    (a folder laid out as ``MATHBENCH_DATA_DIR`` is: ``<benchmark_dir>/<filename>``), into an
    empty cache; every split reads the same problems when loaded again from the cache.

    The benchmark is rebuilt with its table of files pointed at the local server, so this takes the
    real road of ``fetch`` (HTTP, checksum, atomic rename into the cache) without the network.
    """
    name = benchmark.name
    kind = type(benchmark)
    with _empty_cache(), serve_folder(data_root) as server:
        files = {
            key: replace(file, url=server.url(file.relative_path), mirrors=())
            for key, file in benchmark.files.items()
        }
        first = {split: _ids(kind(files), split) for split in benchmark.splits}
        downloaded = sorted(server.requests)
        again = {split: _ids(kind(files), split) for split in benchmark.splits}
        requests = len(server.requests)
    pinned = sorted(f"/{file.relative_path}" for file in files.values())
    assert downloaded == pinned, (
        f"{name}: its splits downloaded {downloaded}; each pinned file once was expected: {pinned}"
    )
    assert requests == len(pinned), f"{name}: a second load downloaded again instead of the cache"
    assert first == again, f"{name}: a load from the cache reads other problems than the download"


def _ids(benchmark: Benchmark, split: str) -> list[str]:
    return [problem.id for problem in benchmark.problems(split)]


@contextmanager
def _empty_cache() -> Iterator[None]:
    """An empty cache folder and no data folder while the block runs."""
    with (
        tempfile.TemporaryDirectory(prefix="mathbench-cache-") as cache,
        environment({CACHE_DIR_ENV: cache, DATA_DIR_ENV: None}),
    ):
        yield
