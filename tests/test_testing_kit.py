"""The conformance kit catches what it promises to catch, and passes the built-ins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import mathbench._templates
from mathbench import Benchmark, Candidate, Checker, Problem, Verdict, hookimpl
from mathbench.registry import Registry
from mathbench.testing import check_benchmark, check_checker, check_plugin


def benchmark_of(rows: list[Problem], **attributes: Any) -> Benchmark:
    class Made(Benchmark):
        name = "made"
        description = "made in a test"
        splits = ("test",)
        default_split = "test"
        default_checker = "exact"

        def problems(self, split: str) -> Iterator[Problem]:
            yield from rows

    for key, value in attributes.items():
        setattr(Made, key, value)
    return Made()


GOOD = [Problem("a", "1 + 1 = ?", "2", "test", {"grade": 1}), Problem("b", "2 + 2", "4", "test",
                                                                      {"grade": 2})]  # fmt: skip


def exact_answer(problem: Problem) -> str:
    return problem.golden


def test_a_good_benchmark_passes(toy_registry: Registry) -> None:
    check_benchmark(benchmark_of(GOOD), registry=toy_registry, response_for=exact_answer)


@pytest.mark.parametrize(
    ("rows", "attributes", "message"),
    [
        ([GOOD[0], GOOD[0]], {}, "duplicate problem ids"),
        (
            [
                Problem("a", "x", "2", "test", {"grade": 1}),
                Problem("b", "y", "4", "test", {"grade": "2"}),
            ],
            {},
            "annotations of more than one type",
        ),
        (GOOD, {"report_by": ("steps",)}, r"reports by \['steps'\]"),
        ([Problem("a", "1 + 1", "two", "test")], {}, "not accepted by their own checker"),
        ([], {}, "yields no problem"),
        ([Problem("a", " ", "2", "test")], {}, "empty text or golden"),
    ],
)
def test_a_broken_benchmark_is_named(
    toy_registry: Registry, rows: list[Problem], attributes: dict[str, Any], message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        check_benchmark(
            benchmark_of(rows, **attributes), registry=toy_registry, response_for=exact_answer
        )


def test_an_unstable_benchmark_is_named(toy_registry: Registry) -> None:
    loads = iter([GOOD, list(reversed(GOOD))])

    class Shuffled(Benchmark):
        name = "shuffled"
        description = "a different order each load"
        splits = ("test",)
        default_split = "test"
        default_checker = "exact"

        def problems(self, split: str) -> Iterator[Problem]:
            yield from next(loads)

    with pytest.raises(AssertionError, match="a second load yields other ids"):
        check_benchmark(Shuffled(), registry=toy_registry, response_for=exact_answer)


def test_bad_spans_are_named() -> None:
    class OffByOne(Checker):
        name = "off-by-one"
        description = "reports spans one character late"

        def check(self, response: str, golden: str) -> Verdict:
            return Verdict(True, (Candidate(golden, 1, 1 + len(golden), golden, True),), self.name)

    with pytest.raises(AssertionError, match="span 1:3 reads"):
        check_checker(OffByOne(), [("18 and more", "18", True)])


def test_checker_cases_and_hostile_input(toy_registry: Registry) -> None:
    check_checker(toy_registry.checker("exact"), [("2", "2", True), ("3", "2", False)])
    with pytest.raises(AssertionError, match="disagrees with the cases"):
        check_checker(toy_registry.checker("exact"), [("3", "2", True)])


def test_plugin_checks() -> None:
    check_plugin(mathbench._templates)

    class Empty:
        @hookimpl
        def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
            """Registers nothing."""

    with pytest.raises(AssertionError, match="registered no benchmark"):
        check_plugin(Empty(), name="empty")

    class Broken:
        @hookimpl
        def register_checkers(self, register: Callable[[object], None]) -> None:
            raise RuntimeError("boom")

    with pytest.raises(AssertionError, match="broken failed to load: RuntimeError: boom"):
        check_plugin(Broken(), name="broken")


@pytest.mark.slow
def test_llama_cpp_server_answers_on_loopback(tmp_path: Any) -> None:
    pytest.importorskip("llama_cpp.server", reason="needs llama-cpp-python's server extra")
    from mathbench.plugins.llama_cpp.models import resolve_model_path
    from mathbench.testing import free_port, start_llama_cpp_server

    port = free_port()
    server = start_llama_cpp_server(
        resolve_model_path("smollm2"), "smollm2", port, tmp_path / "server.log", n_ctx=512
    )
    try:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=5) as answer:
            assert b"smollm2" in answer.read()
    finally:
        server.kill()
        server.wait(timeout=30)
