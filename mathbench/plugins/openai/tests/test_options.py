"""The openai backend without a server: options, identity, the retry policy, lazy imports."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from mathbench import MathbenchError
from mathbench.plugins.openai.backend import OpenAIBackend, server_name
from mathbench.plugins.openai.retry import (
    MAX_DELAY_S,
    RetryPolicy,
    parse_retry_after,
    retryable_status,
)


def test_importing_the_plugin_does_not_import_httpx() -> None:
    code = "import sys, mathbench.plugins.openai; print('httpx' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "False"


def test_identity_is_server_model_and_endpoint_never_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    identity = OpenAIBackend.identity(
        "Qwen/Qwen2.5-7B-Instruct", {"base_url": "http://GPU-1:8000/v1/"}
    )
    assert identity == {
        "backend": "openai",
        "model": "Qwen/Qwen2.5-7B-Instruct",
        "server": "gpu-1:8000",
        "endpoint": "chat",
    }
    assert "sk-very-secret" not in json.dumps(identity)
    legacy = OpenAIBackend.identity(
        "m", {"base_url": "http://gpu-1:8000/v1", "endpoint": "completions"}
    )
    assert legacy["endpoint"] == "completions"
    # How it is driven (concurrency, retries, time-outs) is not what it writes.
    assert OpenAIBackend.identity(
        "m", {"base_url": "http://gpu-1:8000/v1", "concurrency": "64", "timeout": "5"}
    ) == OpenAIBackend.identity("m", {"base_url": "http://gpu-1:8000/v1"})


def test_the_base_url_comes_from_the_option_then_the_environment_then_openai(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert OpenAIBackend.resolve_options({})["base_url"] == "https://api.openai.com/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://vllm.internal:8000/v1/")
    assert OpenAIBackend.resolve_options({})["base_url"] == "http://vllm.internal:8000/v1"
    given = OpenAIBackend.resolve_options({"base_url": "https://h.example/api/v1"})
    assert given["base_url"] == "https://h.example/api/v1"
    assert server_name("https://user:pw@H.example/api/v1") == "h.example"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"base_url": "localhost:8000/v1"}, r"base_url='localhost:8000/v1' should be an http\(s\)"),
        ({"base_url": "http:///v1"}, r"should be an http\(s\) URL"),
        ({"endpoint": "responses"}, r"endpoint='responses' should be chat or completions"),
        ({"concurrency": "0"}, r"concurrency=0 should be at least 1"),
        ({"concurrency": "many"}, r"concurrency='many' is not a valid int"),
        ({"max_retries": "-1"}, r"max_retries=-1 should be at least 0"),
        ({"timeout": "0"}, r"timeout=0.0 should be a positive number"),
        ({"retry_delay": "-1"}, r"retry_delay=-1.0 should be a positive number"),
    ],
)
def test_bad_options_are_one_sentence_before_anything_is_sent(
    option: dict[str, str], message: str
) -> None:
    with pytest.raises(MathbenchError, match=message):
        OpenAIBackend.resolve_options(option)


def test_which_answers_are_worth_asking_again() -> None:
    assert all(retryable_status(s) for s in (408, 409, 429, 500, 502, 503, 504))
    assert not any(retryable_status(s) for s in (400, 401, 403, 404, 413, 422))


def test_backoff_doubles_with_jitter_in_the_upper_half_of_each_step() -> None:
    policy = RetryPolicy(max_retries=5, first_delay=1.0)
    rng = random.Random(0)
    for retry in range(6):
        step = min(MAX_DELAY_S, 2.0**retry)
        delays = [policy.delay(retry, rng=rng) for _ in range(200)]
        assert all(step / 2 <= d <= step for d in delays)
        assert max(delays) - min(delays) > step / 4  # jitter spreads them out
    assert policy.delay(20, rng=rng) <= MAX_DELAY_S


def test_retry_after_is_a_floor_up_to_the_cap() -> None:
    policy = RetryPolicy(max_retries=3, first_delay=0.01)
    assert policy.delay(0, retry_after=2.5) == 2.5
    assert policy.delay(0, retry_after=3600) == MAX_DELAY_S
    assert policy.delay(0, retry_after=0.0) <= 0.01


def test_retry_after_headers_are_read_in_every_form() -> None:
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert parse_retry_after({"retry-after": later}, now=now.timestamp()) == pytest.approx(7.0)
    earlier = format_datetime(now - timedelta(seconds=7), usegmt=True)
    assert parse_retry_after({"retry-after": earlier}, now=now.timestamp()) == 0.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None
