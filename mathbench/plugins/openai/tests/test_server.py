"""The openai backend against a real OpenAI-compatible server (llama.cpp's, serving SmolLM2).

Faults are made by a loopback proxy written here, in front of the real server: it counts the
requests in flight as the server sees them, and can delay a request, answer it with an error
instead of the server, or die (stop listening and cut every connection). Everything talks to
127.0.0.1 only; every request loop is bounded by the number of requests and by time-outs.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import GeneratorType
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pytest
from click.testing import CliRunner

import mathbench
from mathbench import GenerationParams, GenerationRequest, MathbenchError, Message
from mathbench.cli import cli
from mathbench.registry import load_registry

pytest.importorskip("httpx", reason="needs the openai extra: pip install 'mathbench[openai]'")

from mathbench.plugins.openai.backend import OpenAIBackend

pytestmark = pytest.mark.slow

MODEL = "smollm2"
SHORT = GenerationParams(max_tokens=4)
#: Retries in tests wait tenths of seconds, not the default seconds.
FAST_RETRIES = {"retry_delay": 0.01, "max_retries": 2}

Injected = tuple[int, dict[str, str]]


class Proxy(ThreadingHTTPServer):
    """A loopback HTTP proxy in front of the real server, run in a thread.

    ``inject(number, body)`` may answer a POST itself (status and headers) instead of the
    server; ``delay(number)`` is called before a POST is forwarded and holds it that many
    seconds (or blocks itself until it should go on); after ``die_after`` answered POSTs the
    proxy dies. ``posts`` keeps every POST body with its arrival time.
    """

    daemon_threads = True
    block_on_close = False

    def __init__(self, upstream: str, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Relay)
        parts = urlsplit(upstream)
        self.upstream = (str(parts.hostname), int(parts.port or 80))
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.gets = 0
        self.posts: list[tuple[float, dict[str, Any]]] = []
        self.answered = 0
        self.inject: Callable[[int, dict[str, Any]], Injected | None] = lambda number, body: None
        self.delay: Callable[[int], float] = lambda number: 0.0
        self.die_after: int | None = None
        self.dead = False
        self.connections: set[socket.socket] = set()
        self.thread = threading.Thread(target=self.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/v1"

    def prompts(self) -> list[str]:
        """The last user turn of every POST, in arrival order."""
        return [body["messages"][-1]["content"] for _, body in self.posts]

    def die(self) -> None:
        """Stop listening and cut every open connection, as a crashed server does."""
        self.dead = True
        self.shutdown()
        self.server_close()
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):  # already closed by its client
                    connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Writing to a client that gave up (a time-out test) is expected here: stay quiet."""


class _Relay(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Proxy

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows what matters."""

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.gets += 1
        self._relay(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        body = json.loads(raw)
        with self.server.lock:
            self.server.posts.append((time.monotonic(), body))
            number = len(self.server.posts)
        self._relay((number, body, raw))

    def _relay(self, post: tuple[int, dict[str, Any], bytes] | None) -> None:
        proxy = self.server
        with proxy.lock:
            proxy.in_flight += 1
            proxy.max_in_flight = max(proxy.max_in_flight, proxy.in_flight)
        try:
            injected = proxy.inject(post[0], post[1]) if post else None
            if injected is not None:
                status, headers = injected
                payload = b'{"error": {"message": "injected by the test proxy"}}'
            else:
                if post:
                    time.sleep(proxy.delay(post[0]))
                status, headers, payload = self._forward(post[2] if post else None)
            if proxy.dead:  # a dead server answers nothing
                self.close_connection = True
                return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
            if post:
                with proxy.lock:
                    proxy.answered += 1
                    dies = proxy.die_after is not None and proxy.answered >= proxy.die_after
                    proxy.dead = proxy.dead or dies
                if dies:
                    threading.Thread(target=proxy.die, daemon=True).start()
        finally:
            with proxy.lock:
                proxy.in_flight -= 1

    def _forward(self, body: bytes | None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*self.server.upstream, timeout=60)
        headers = {"Content-Type": "application/json"}
        if self.headers.get("Authorization"):
            headers["Authorization"] = self.headers["Authorization"]
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, {}, response.read()
        except OSError as error:
            return 502, {}, json.dumps({"error": {"message": str(error)}}).encode()
        finally:
            connection.close()


@pytest.fixture
def proxy(server_url: str) -> Iterator[Proxy]:
    running = Proxy(server_url)
    yield running
    if not running.dead:
        running.die()


def ask(text: str, key: str | None = None, params: GenerationParams = SHORT) -> GenerationRequest:
    return GenerationRequest(key=key or text, messages=(Message("user", text),), params=params)


def stored(db: Path) -> list[tuple[str, str, str | None]]:
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(
            "SELECT problem_id, response, error FROM generations ORDER BY problem_id"
        ).fetchall()
    return [(str(a), str(b), c) for a, b, c in rows]


def cmath_texts(count: int) -> list[str]:
    return [p.text for p in list(load_registry().benchmark("cmath").problems("dev"))[:count]]


def run_cli(*arguments: str) -> Any:
    return CliRunner().invoke(cli, [*arguments, "--no-progress"], obj=load_registry())


def test_cmath_run_through_the_cli_then_resume_without_a_request(
    data_dir: Path, proxy: Proxy, tmp_path: Path
) -> None:
    db = tmp_path / "openai.duckdb"
    arguments = ["run", "cmath", "--split", "dev", "--limit", "3", "--model", f"openai:{MODEL}"]
    arguments += ["--base-url", proxy.url, "--concurrency", "2", "--max-tokens", "8"]
    arguments += ["--db", str(db)]
    first = run_cli(*arguments)
    assert first.exit_code == 0, first.output
    rows = stored(db)
    assert len(rows) == 3 and all(response and error is None for _, response, error in rows)
    assert (proxy.gets, len(proxy.posts)) == (1, 3)

    second = run_cli(*arguments)
    assert second.exit_code == 0, second.output
    assert "0 generated, 3 reused" in second.output
    assert (proxy.gets, len(proxy.posts)) == (1, 3)
    assert stored(db) == rows


@pytest.mark.parametrize("concurrency", [1, 3])
def test_the_server_never_sees_more_requests_than_the_concurrency(
    proxy: Proxy, server_url: str, concurrency: int
) -> None:
    """Each request is held 0.3 s at the proxy, so a backend that sent more at once would be
    seen doing it; one that sent fewer would not reach the limit."""
    proxy.delay = lambda number: 0.3
    backend = OpenAIBackend(MODEL, {"base_url": proxy.url, "concurrency": concurrency})
    requests = [ask(f"What is {n} + 1?") for n in range(8)]
    completions = list(backend.generate(requests))
    assert sorted(c.key for c in completions) == sorted(r.key for r in requests)
    assert all(c.error is None and c.text for c in completions)
    assert proxy.max_in_flight == concurrency
    assert len(proxy.posts) == 8


def test_server_errors_and_rate_limits_are_retried_as_the_server_asks(proxy: Proxy) -> None:
    failed: dict[str, int] = {}

    def inject(number: int, body: dict[str, Any]) -> Injected | None:
        prompt = body["messages"][-1]["content"]
        failed[prompt] = failed.get(prompt, 0) + 1
        if prompt == "flaky" and failed[prompt] <= 2:
            return 500, {}
        if prompt == "throttled" and failed[prompt] == 1:
            return 429, {"Retry-After": "1"}
        return None

    proxy.inject = inject
    backend = OpenAIBackend(MODEL, {"base_url": proxy.url, **FAST_RETRIES})
    completions = list(backend.generate([ask("flaky"), ask("throttled"), ask("fine")]))
    assert all(c.error is None and c.text for c in completions)
    assert sorted(proxy.prompts()) == ["fine", "flaky", "flaky", "flaky", "throttled", "throttled"]
    throttled = [at for at, body in proxy.posts if body["messages"][-1]["content"] == "throttled"]
    # The backoff alone would have waited about 0.01 s; Retry-After asked for one second.
    assert throttled[1] - throttled[0] >= 1.0


def test_a_slow_answer_times_out_and_is_asked_again(proxy: Proxy) -> None:
    proxy.delay = lambda number: 5.0 if number == 1 else 0.0
    backend = OpenAIBackend(MODEL, {"base_url": proxy.url, "timeout": 1.0, **FAST_RETRIES})
    started = time.monotonic()
    (completion,) = backend.generate([ask("What is 2 + 3?")])
    assert completion.error is None and completion.text
    assert len(proxy.posts) == 2
    assert time.monotonic() - started < 5.0


def test_a_request_the_server_rejects_is_errored_without_retrying(
    proxy: Proxy,
) -> None:
    backend = OpenAIBackend(MODEL, {"base_url": proxy.url, **FAST_RETRIES})
    results = {c.key: c for c in backend.generate([ask("one two three " * 400, "long"), ask("Hi")])}
    assert results["long"].error and results["long"].error.startswith("HTTP 400: ")
    assert "maximum context length is 1024 tokens" in results["long"].error
    assert results["Hi"].error is None
    assert len(proxy.posts) == 2


def test_requests_still_failing_after_retries_are_stored_as_errored_and_asked_again_on_resume(
    data_dir: Path, proxy: Proxy, tmp_path: Path
) -> None:
    db = tmp_path / "errored.duckdb"
    broken = cmath_texts(3)[1]
    proxy.inject = lambda n, body: (503, {}) if body["messages"][-1]["content"] == broken else None
    arguments: dict[str, Any] = dict(
        benchmark="cmath",
        model=f"openai:{MODEL}",
        split="dev",
        limit=3,
        max_tokens=8,
        options={"base_url": proxy.url, **FAST_RETRIES},
        db=db,
        progress=False,
    )
    first = mathbench.evaluate(**arguments)
    assert (first.generated, first.errored, len(first.verdicts)) == (3, 1, 2)
    errors = [error for _, _, error in stored(db) if error]
    assert len(errors) == 1
    assert (
        errors[0].startswith("HTTP 503: injected by the test proxy") and "3 attempts" in errors[0]
    )
    assert proxy.prompts().count(broken) == 3

    proxy.inject = lambda number, body: None
    asked_before = len(proxy.posts)
    second = mathbench.evaluate(**arguments)
    assert (second.generated, second.reused, second.errored) == (1, 2, 0)
    assert proxy.prompts()[asked_before:] == [broken]
    rows = stored(db)
    assert len(rows) == 3 and all(error is None for _, _, error in rows)


def test_a_server_dying_mid_run_ends_it_in_one_sentence_and_a_rerun_finishes_it(
    data_dir: Path, proxy: Proxy, server_url: str, tmp_path: Path
) -> None:
    db = tmp_path / "death.duckdb"
    proxy.die_after = 2
    arguments: dict[str, Any] = dict(
        benchmark="cmath",
        model=f"openai:{MODEL}",
        split="dev",
        limit=5,
        max_tokens=8,
        # Retries wait long enough (0.1-0.4 s) for the dead proxy's socket to be closed.
        options={"base_url": proxy.url, "concurrency": 2, "retry_delay": 0.2, "max_retries": 2},
        db=db,
        progress=False,
    )
    with pytest.raises(MathbenchError) as lost:
        mathbench.evaluate(**arguments)
    message = str(lost.value)
    assert message.startswith(f"Lost the server at {proxy.url}: cannot connect (ConnectError")
    assert message.endswith("so run the same command again to resume.")
    assert "\n" not in message
    kept = stored(db)
    assert len(kept) == 2 and all(error is None for _, _, error in kept)

    revived = Proxy(server_url, port=proxy.server_port)
    try:
        resumed = mathbench.evaluate(**arguments)
    finally:
        revived.die()
    assert (resumed.generated, resumed.reused, resumed.errored) == (3, 2, 0)
    assert len(revived.posts) == 3
    rows = stored(db)
    assert len({problem for problem, _, _ in rows}) == len(rows) == 5
    assert set(kept) <= set(rows) and all(error is None for _, _, error in rows)


def test_a_real_server_killed_mid_run_then_restarted(start_server: Any) -> None:
    url, process = start_server()
    backend = OpenAIBackend(MODEL, {"base_url": url, "concurrency": 1, **FAST_RETRIES})
    requests = [ask(f"What is {n} + 2?") for n in range(4)]
    completions = backend.generate(requests)
    first = next(completions)
    assert first.error is None
    process.kill()
    process.wait(timeout=10)
    with pytest.raises(MathbenchError, match=f"^Lost the server at {url}: cannot connect"):
        list(completions)

    start_server(port=urlsplit(url).port)
    rest = [request for request in requests if request.key != first.key]
    assert all(c.error is None and c.text for c in backend.generate(rest))


def test_stopping_early_cancels_what_is_in_flight(proxy: Proxy) -> None:
    proxy.delay = lambda number: 0.5
    backend = OpenAIBackend(MODEL, {"base_url": proxy.url, "concurrency": 2})
    completions = backend.generate([ask(f"What is {n} + 3?") for n in range(6)])
    assert isinstance(completions, GeneratorType)
    assert next(completions).error is None
    completions.close()
    assert not [t for t in threading.enumerate() if t.name == "mathbench-openai"]
    time.sleep(0.6)
    # One answered, at most two more sent before the stop, none after it.
    assert len(proxy.posts) <= 3


def test_stop_strings_and_the_legacy_completions_endpoint(server_url: str) -> None:
    chat = OpenAIBackend(MODEL, {"base_url": server_url})
    count = GenerationParams(max_tokens=40)
    stopped = GenerationParams(max_tokens=40, stop=("5",))
    prompt = "Count from 1 to 10, one number per line."
    results = {
        c.key: c for c in chat.generate([ask(prompt, "free", count), ask(prompt, "cut", stopped)])
    }
    assert "5" in results["free"].text and "5" not in results["cut"].text
    assert results["cut"].finish_reason == "stop"

    legacy = OpenAIBackend(MODEL, {"base_url": server_url, "endpoint": "completions"})
    (completion,) = legacy.generate([ask("Question: what is 2 + 3?\nAnswer:", "raw", count)])
    assert completion.error is None and completion.text.strip()
    assert completion.completion_tokens and completion.completion_tokens <= 40


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return str(lines[0])


def test_a_wrong_key_a_bad_url_and_an_unknown_model_are_each_one_sentence(
    data_dir: Path, server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "nothing.duckdb"

    def attempt(model: str, base_url: str, *extra: str) -> str:
        return one_line_error(
            run_cli(
                "run", "cmath", "--split", "dev", "--limit", "3", "--max-tokens", "4",
                "--model", f"openai:{model}", "--base-url", base_url, "--db", str(db), *extra,
            )
        )  # fmt: skip

    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    assert attempt(MODEL, server_url) == (
        f"Error: The server at {server_url} answered HTTP 401 (Invalid API key): "
        "$OPENAI_API_KEY holds a key the server refused; set it to a valid key, or name "
        "another variable with -o api_key_env=NAME."
    )
    assert "$MY_KEY is not set" in attempt(MODEL, server_url, "-o", "api_key_env=MY_KEY")

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-loopback-only")
    base = server_url.removesuffix("/v1")
    assert attempt(MODEL, base) == (
        f"Error: The server at {base} answered HTTP 404 to /chat/completions (Not Found): "
        f"check the base URL (it usually ends in /v1) and the model name '{MODEL}'."
    )
    closed = f"http://127.0.0.1:{_closed_port()}/v1"
    assert attempt(MODEL, closed).startswith(f"Error: Could not connect to {closed} (Connect")
    assert attempt("gpt-4", server_url) == (
        f"Error: The server at {server_url} does not serve the model 'gpt-4'; it serves: {MODEL}."
    )
    assert attempt(MODEL, "127.0.0.1:8000") == (
        "Error: base_url='127.0.0.1:8000' should be an http(s) URL such as "
        "http://127.0.0.1:8000/v1."
    )
    # Nothing was stored as errored: each mistake stopped the run before any answer.
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM generations").fetchone() == (0,)


def _closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_completions_arrive_as_they_are_ready_not_in_request_order(proxy: Proxy) -> None:
    """The first request is held at the proxy until the two after it are answered.

    It is recognised by its text, not by its arrival number: with two requests in flight, which of
    them reaches the proxy first is up to the scheduler (holding "POST number 1" held the wrong
    one on a loaded machine, and the order came back reversed).
    """

    def hold_the_slow_one(number: int) -> float:
        prompt = proxy.posts[number - 1][1]["messages"][-1]["content"]
        deadline = time.monotonic() + 30
        while prompt == "slow one" and proxy.answered < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        return 0.0

    proxy.delay = hold_the_slow_one
    backend = OpenAIBackend(MODEL, {"base_url": proxy.url, "concurrency": 2})
    arrived = [c.key for c in backend.generate([ask("slow one"), ask("Hi"), ask("Hey")])]
    assert arrived[-1] == "slow one"
    assert sorted(arrived[:2]) == ["Hey", "Hi"]
