"""The openai backend class: bounded concurrent requests to an OpenAI-compatible server.

``generate`` is called by a synchronous runner that stores each completion the moment it gets
it, so the requests run on an asyncio event loop in a thread of their own and hand completions
over through a queue: the server is kept busy while the runner checks and stores, and the
backend works the same when its caller already runs an event loop (a notebook). httpx is
imported only when a server is contacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mathbench.backend import Backend, BackendOption
from mathbench.errors import MathbenchError
from mathbench.types import Completion, GenerationRequest, Message
from mathbench_openai.retry import RetryPolicy, parse_retry_after, retryable_status

if TYPE_CHECKING:
    import httpx

DEFAULT_BASE_URL = "https://api.openai.com/v1"
BASE_URL_ENV = "OPENAI_BASE_URL"
_ENDPOINTS = {"chat": "/chat/completions", "completions": "/completions"}
#: A server that takes longer than this to accept a connection is treated as unreachable.
_CONNECT_TIMEOUT_S = 10.0


def raw_prompt(messages: Sequence[Message]) -> str:
    """The turns' text joined by blank lines: the legacy completions endpoint takes one string."""
    return "\n\n".join(message.content for message in messages)


def server_name(base_url: str) -> str:
    """``host[:port]`` of a URL, without credentials: what identifies the server in a run."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def _error_detail(response: httpx.Response) -> str:
    """The server's own explanation, short: OpenAI-style ``error.message``, FastAPI-style
    ``detail``, or the start of the body."""
    try:
        payload = response.json()
    except ValueError:
        payload = None
    detail: Any = response.text
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict) and error.get("message"):
            detail = error["message"]
        elif isinstance(error, str) and error:
            detail = error
        elif payload.get("detail"):
            detail = payload["detail"]
        elif payload.get("message"):
            detail = payload["message"]
    text = " ".join(str(detail).split())
    return (text[:200] + "...") if len(text) > 200 else (text or "no details")


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _first_failure(error: BaseException) -> BaseException:
    """The error to show from a task group's ``ExceptionGroup``: a ``MathbenchError`` (a whole-
    backend failure with its sentence) when there is one, else the first failure."""
    if not isinstance(error, BaseExceptionGroup):
        return error
    leaves = [_first_failure(inner) for inner in error.exceptions]
    return next((e for e in leaves if isinstance(e, MathbenchError)), leaves[0])


class OpenAIBackend(Backend):
    """A model behind an OpenAI-compatible HTTP API: vLLM, SGLang, llama.cpp's server, TGI,
    Ollama, hosted APIs.

    Loading it checks the server once (``GET /models``) so that a wrong URL, a refused key or a
    model the server does not serve is one sentence before any request is sent. Requests then
    run ``concurrency`` at a time; each is retried with exponential backoff on rate limits,
    server errors and lost connections, and becomes an errored completion (stored apart and
    asked again on the next run) when its retries run out. A server that stops accepting
    connections altogether ends the run with one sentence instead: every request would fail.
    """

    name = "openai"
    description = (
        "any OpenAI-compatible server: vLLM, SGLang, llama.cpp server, hosted APIs "
        "(--base-url, --concurrency)"
    )
    requires = ("httpx",)
    extra = "openai"
    options = (
        BackendOption(
            "base_url",
            str,
            None,
            f"the API's URL, usually ending in /v1 (default: ${BASE_URL_ENV}, else "
            f"{DEFAULT_BASE_URL}); its host and port are part of the run's identity",
        ),
        BackendOption(
            "api_key_env",
            str,
            "OPENAI_API_KEY",
            "environment variable holding the API key (a local server may need none)",
        ),
        BackendOption(
            "endpoint",
            str,
            "chat",
            "chat (/chat/completions, the server applies the chat template) or completions "
            "(legacy /completions with the turns joined as one raw prompt); part of the "
            "run's identity",
        ),
        BackendOption("concurrency", int, 8, "requests in flight at once"),
        BackendOption("timeout", float, 300.0, "seconds to wait for each answer"),
        BackendOption("max_retries", int, 5, "retries of a failed request before it errors"),
        BackendOption(
            "retry_delay",
            float,
            1.0,
            "seconds before the first retry, doubling for each next one (with jitter)",
        ),
    )

    def __init__(self, model: str, options: Mapping[str, Any]) -> None:
        super().__init__(model, options)
        self.base_url: str = self.settings["base_url"]
        self.chat = self.settings["endpoint"] == "chat"
        self.path = _ENDPOINTS[self.settings["endpoint"]]
        self.concurrency: int = self.settings["concurrency"]
        self.timeout: float = self.settings["timeout"]
        self.retry = RetryPolicy(self.settings["max_retries"], self.settings["retry_delay"])
        key = os.environ.get(self.settings["api_key_env"])
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._check_server()

    @classmethod
    def resolve_options(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        """As for every backend, plus the base URL's default and checks of every value, so that
        a mistake is one sentence before anything is sent."""
        settings = super().resolve_options(given)
        base_url = settings["base_url"] or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        base_url = base_url.strip().rstrip("/")
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise MathbenchError(
                f"base_url={base_url!r} should be an http(s) URL such as http://127.0.0.1:8000/v1."
            )
        settings["base_url"] = base_url
        if settings["endpoint"] not in _ENDPOINTS:
            raise MathbenchError(
                f"endpoint={settings['endpoint']!r} should be chat or completions."
            )
        for name, least in (("concurrency", 1), ("max_retries", 0)):
            if settings[name] < least:
                raise MathbenchError(f"{name}={settings[name]} should be at least {least}.")
        for name in ("timeout", "retry_delay"):
            if settings[name] < 0 or (name == "timeout" and settings[name] == 0):
                raise MathbenchError(f"{name}={settings[name]} should be a positive number.")
        return settings

    @classmethod
    def identity(cls, model: str, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The server (host and port, never the key) and the model name it serves, and which
        endpoint, since the legacy one sends the prompt without the chat template."""
        resolved = cls.resolve_options(settings)
        return {
            "backend": cls.name,
            "model": model,
            "server": server_name(resolved["base_url"]),
            "endpoint": resolved["endpoint"],
        }

    # -- checking the server -------------------------------------------------------------------

    def _refused(self, status: int, detail: str) -> MathbenchError:
        variable = self.settings["api_key_env"]
        state = "is not set" if not self.headers else "holds a key the server refused"
        return MathbenchError(
            f"The server at {self.base_url} answered HTTP {status} ({detail}): ${variable} "
            f"{state}; set it to a valid key, or name another variable with -o api_key_env=NAME."
        )

    def _check_server(self) -> None:
        """``GET /models``: reachable, key accepted, and the model among those served.

        A server without a model list (404) is allowed through: the first request tells. A
        server still starting (503, time-outs) is waited for with the retry policy; a refused
        connection is a wrong URL or a server that is down, and is reported at once.
        """
        import httpx

        failure = ""
        for retry in range(self.retry.max_retries + 1):
            if retry:
                time.sleep(self.retry.delay(retry - 1))
            try:
                response = httpx.get(
                    f"{self.base_url}/models",
                    headers=self.headers,
                    timeout=httpx.Timeout(self.timeout, connect=_CONNECT_TIMEOUT_S),
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as e:
                raise MathbenchError(
                    f"Could not connect to {self.base_url} ({_reason(e)}); is the server "
                    "running, and is the URL right?"
                ) from None
            except httpx.TransportError as error:  # read time-out, dropped connection
                failure = _reason(error)
                continue
            if response.status_code in (401, 403):
                raise self._refused(response.status_code, _error_detail(response))
            if retryable_status(response.status_code):
                failure = f"HTTP {response.status_code}: {_error_detail(response)}"
                continue
            if response.status_code == 200:
                self._check_model_list(response)
            return
        raise MathbenchError(
            f"The server at {self.base_url} did not answer GET /models after "
            f"{self.retry.max_retries + 1} attempts ({failure})."
        )

    def _check_model_list(self, response: httpx.Response) -> None:
        try:
            served = [str(item["id"]) for item in response.json()["data"]]
        except (ValueError, KeyError, TypeError):
            raise MathbenchError(
                f"{self.base_url}/models did not answer with an OpenAI model list; is "
                f"{self.base_url} an OpenAI-compatible API (such URLs usually end in /v1)?"
            ) from None
        if served and self.model not in served:
            shown = ", ".join(served[:10]) + (", ..." if len(served) > 10 else "")
            raise MathbenchError(
                f"The server at {self.base_url} does not serve the model {self.model!r}; "
                f"it serves: {shown}."
            )

    # -- generating ----------------------------------------------------------------------------

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        if not requests:
            return
        results: queue.SimpleQueue[Completion | BaseException] = queue.SimpleQueue()
        loop = asyncio.new_event_loop()
        task = loop.create_task(self._complete_all(list(requests), results))
        thread = threading.Thread(
            target=_run_until_done, args=(loop, task), name="mathbench-openai", daemon=True
        )
        thread.start()
        try:
            for _ in requests:
                item = results.get()
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            # Reached early when the caller stops (Ctrl-C, an error while storing) or a whole-
            # backend failure ended the requests: cancel whatever is still in flight.
            if thread.is_alive():
                # RuntimeError: the loop closed between the check and the call.
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(task.cancel)
            thread.join()

    async def _complete_all(
        self,
        requests: list[GenerationRequest],
        results: queue.SimpleQueue[Completion | BaseException],
    ) -> None:
        """``concurrency`` workers take requests in order and put each completion on
        ``results`` as it arrives; a whole-backend failure is put there for ``generate`` to
        raise, after the task group has cancelled the other workers."""
        import httpx

        try:
            async with httpx.AsyncClient(
                base_url=self.base_url,
                headers=self.headers,
                timeout=httpx.Timeout(self.timeout, connect=_CONNECT_TIMEOUT_S),
                limits=httpx.Limits(
                    max_connections=self.concurrency, max_keepalive_connections=self.concurrency
                ),
            ) as client:
                pending = iter(requests)

                async def worker() -> None:
                    for request in pending:
                        results.put(await self._complete(client, request))

                async with asyncio.TaskGroup() as group:
                    for _ in range(min(self.concurrency, len(requests))):
                        group.create_task(worker())
        except Exception as error:
            results.put(_first_failure(error))

    def _body(self, request: GenerationRequest) -> dict[str, Any]:
        params = request.params
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "seed": params.seed,
        }
        if params.stop:
            body["stop"] = list(params.stop)
        if self.chat:
            body["messages"] = [{"role": m.role, "content": m.content} for m in request.messages]
        else:
            body["prompt"] = raw_prompt(request.messages)
        return body

    async def _complete(self, client: httpx.AsyncClient, request: GenerationRequest) -> Completion:
        """One request with its retries: a completion, an errored completion, or (for a refused
        key, a wrong URL, a server gone for good) a ``MathbenchError`` for the whole run."""
        import httpx

        body = self._body(request)
        retry = 0
        while True:
            started = time.perf_counter()
            retry_after: float | None = None
            unreachable = False
            try:
                response = await client.post(self.path, json=body)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                failure, unreachable = f"cannot connect ({_reason(error)})", True
            except httpx.TimeoutException as error:
                failure = f"no answer within {self.timeout:g} s ({type(error).__name__})"
            except httpx.TransportError as error:  # the connection broke mid-request
                failure = f"connection lost ({_reason(error)})"
            else:
                latency = time.perf_counter() - started
                status = response.status_code
                if status == 200:
                    return self._parse(request.key, response, latency)
                detail = _error_detail(response)
                if status in (401, 403):
                    raise self._refused(status, detail)
                if status == 404:
                    raise MathbenchError(
                        f"The server at {self.base_url} answered HTTP 404 to {self.path} "
                        f"({detail}): check the base URL (it usually ends in /v1) and the "
                        f"model name {self.model!r}."
                    )
                failure = f"HTTP {status}: {detail}"
                if not retryable_status(status):
                    return Completion(key=request.key, text="", error=failure, latency_s=latency)
                retry_after = parse_retry_after(response.headers)
            if retry >= self.retry.max_retries:
                if unreachable:
                    raise MathbenchError(
                        f"Lost the server at {self.base_url}: {failure} after {retry + 1} "
                        "attempts; the answers received before are kept, so run the same "
                        "command again to resume."
                    )
                return Completion(
                    key=request.key,
                    text="",
                    error=f"{failure} (after {retry + 1} attempts)",
                    latency_s=time.perf_counter() - started,
                )
            await asyncio.sleep(self.retry.delay(retry, retry_after))
            retry += 1

    def _parse(self, key: str, response: httpx.Response, latency: float) -> Completion:
        try:
            payload = response.json()
            choice = payload["choices"][0]
            text = choice["message"]["content"] if self.chat else choice["text"]
            usage = payload.get("usage") or {}
        except (ValueError, KeyError, IndexError, TypeError) as error:
            return Completion(
                key=key,
                text="",
                error=f"malformed answer ({_reason(error)}): {_error_detail(response)}",
                latency_s=latency,
            )
        return Completion(
            key=key,
            text=text or "",
            finish_reason=choice.get("finish_reason"),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            latency_s=latency,
        )


def _run_until_done(loop: asyncio.AbstractEventLoop, task: asyncio.Task[None]) -> None:
    """The request thread: run the task (to its end, or until ``generate`` cancels it)."""
    try:
        loop.run_until_complete(task)
    except asyncio.CancelledError:
        pass
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
