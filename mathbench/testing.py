"""The conformance kit: what a plugin author runs in their own tests.

Each check raises ``AssertionError`` with a message naming the component and what is wrong, so it
reads well under pytest; each covers a promise the rest of mathbench relies on:

* ``check_plugin``: the plugin registers components and survives being loaded twice (two runs in
  one process build two registries);
* ``check_benchmark``: ids are unique and stable across loads (runs refer to problems by id),
  annotations are JSON scalars of one type per key (reports group by them in SQL), the annotations
  the benchmark reports by exist, and every golden answer is judged correct by the benchmark's own
  checker when fed back as a response;
* ``check_checker``: verdicts agree with given cases, candidate spans index the response, and a
  hostile response still gets a verdict quickly;
* ``check_downloads``: a ``FileBenchmark``'s pinned files take the download road from a local copy
  of their origin, pass their checksums, and are read from the cache the second time.

``serve_folder`` serves a folder over HTTP on 127.0.0.1, so that a plugin's tests can take the
download road of ``mathbench.datafiles.fetch`` (point a ``DataFile``'s url at it) without the
network, and check on the server's side which files were asked for. Everything here is plain
Python, importable without pytest.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from mathbench.benchmark import Benchmark, FileBenchmark
from mathbench.checker import Checker, judge
from mathbench.datafiles import CACHE_DIR_ENV, DATA_DIR_ENV
from mathbench.registry import PluginInfo, Registry, load_registry
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
        _environment({CACHE_DIR_ENV: cache, DATA_DIR_ENV: None}),
    ):
        yield


@dataclass(frozen=True)
class ServedFolder:
    """What ``serve_folder`` yields: ``url(name)`` for a file of the folder, and ``requests``, the
    paths asked for so far in the order they came (``["/test.jsonl"]``), so that a test can tell a
    download from a cache hit, or see that a mirror was tried after its origin."""

    port: int
    requests: list[str]

    def url(self, name: str) -> str:
        """The URL of ``name``, a path relative to the served folder (``cmath/dev.jsonl``)."""
        return f"http://127.0.0.1:{self.port}/{name}"


class _RecordingHandler(SimpleHTTPRequestHandler):
    """Serves files as ``SimpleHTTPRequestHandler`` does, noting each path asked for."""

    def __init__(self, *args: Any, requested: list[str], **kwargs: Any) -> None:
        self.requested = requested
        super().__init__(*args, **kwargs)  # handles the request: ``requested`` must be set first

    def do_GET(self) -> None:
        self.requested.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: one stderr line per request would bury a failing test's own output."""


@contextmanager
def serve_folder(folder: Path) -> Iterator[ServedFolder]:
    """Serve ``folder`` on 127.0.0.1 (a free port) until the ``with`` block ends.

    Meanwhile ``no_proxy`` names 127.0.0.1, so that a proxy configured on the machine does not
    take the requests (``fetch`` reads the proxy settings from the environment); both spellings
    of the variable get their earlier values back afterwards.
    """
    requested: list[str] = []
    handler = partial(_RecordingHandler, directory=str(folder), requested=requested)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True  # closing does not wait for a client that stays connected
    served = ServedFolder(port=server.server_address[1], requests=requested)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        with _bypassing_proxies_for("127.0.0.1"):
            yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def _bypassing_proxies_for(host: str) -> Iterator[None]:
    values = {
        name: f"{os.environ[name]},{host}" if os.environ.get(name) else host
        for name in ("no_proxy", "NO_PROXY")
    }
    with _environment(values):
        yield


@contextmanager
def _environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Environment variables set (or, for None, removed) while the block runs; their earlier
    values after."""
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_llama_cpp_server(
    model: Path,
    alias: str,
    port: int,
    log: Path,
    *,
    threads: int = 1,
    n_ctx: int = 4096,
    verbose: bool = False,
    wait_s: float = 60.0,
) -> subprocess.Popen[bytes]:
    """llama-cpp-python's OpenAI-compatible server on 127.0.0.1, returned once it answers
    ``/v1/models``: a real server to test or measure an OpenAI-compatible backend against.
    Its output goes to ``log``; the caller stops the process."""
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    command += ["--model_alias", alias, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--n_threads", str(threads), "--n_threads_batch", str(threads)]
    command += ["--n_ctx", str(n_ctx), "--verbose", str(verbose)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the llama.cpp server did not start within {wait_s:.0f} s; see {log}")
