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
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit, urlunsplit

from mathbench.backend import Backend, BackendOption
from mathbench.errors import MathbenchError
from mathbench.plugins.openai.retry import RetryPolicy, parse_retry_after, retryable_status
from mathbench.types import Completion, GenerationRequest, Message

if TYPE_CHECKING:
    import httpx

DEFAULT_BASE_URL = "https://api.openai.com/v1"
BASE_URL_ENV = "OPENAI_BASE_URL"
_ENDPOINTS = {"chat": "/chat/completions", "completions": "/completions"}
#: A server that takes longer than this to accept a connection is treated as unreachable.
_CONNECT_TIMEOUT_S = 10.0
#: The longest time-out or retry delay accepted: a day (sockets refuse far larger ones).
_MAX_WAIT_S = 86_400.0


def raw_prompt(messages: Sequence[Message]) -> str:
    """The turns' text joined by blank lines: the legacy completions endpoint takes one string."""
    return "\n\n".join(message.content for message in messages)


def server_name(base_url: str) -> str:
    """``host[:port]`` of a URL, without credentials: what identifies the server in a run."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


#: ``scheme://user:password@``: the credentials part of any URL in a text.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")
#: A secret shorter than this is not searched for in free text (it would mangle words); the
#: URLs that carry it are hidden whatever its length.
_MIN_SECRET = 6
HIDDEN = "***"


def display_url(url: str) -> str:
    """The URL as messages show it: credentials (``user:password@``) and the values of its
    query (``?api-key=...``) replaced by ``***``, the rest as given."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL urllib can read: hide whatever looks like credentials
        return redact(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{HIDDEN}@{netloc.rpartition('@')[2]}"
    query = "&".join(
        f"{name}={HIDDEN}" if sep else name
        for name, sep, _ in (item.partition("=") for item in parts.query.split("&") if item)
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def url_secrets(url: str) -> list[str]:
    """The credentials a URL carries (user:password, the password, query values), as written
    and percent-decoded, for ``redact`` to find in texts that quote them."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = []
    if "@" in parts.netloc:
        userinfo = parts.netloc.rpartition("@")[0]
        found += [userinfo, unquote(userinfo)]
        if parts.password:
            found += [parts.password, unquote(parts.password)]
    found += [value for _, _, value in (item.partition("=") for item in parts.query.split("&"))]
    return [secret for secret in found if secret]


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with the credentials of every URL in it, and each of ``secrets`` (an API key, a
    password) long enough to search for, replaced by ``***``."""
    text = _USERINFO.sub(rf"\1{HIDDEN}@", text)
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= _MIN_SECRET or ":" in secret:
            text = text.replace(secret, HIDDEN)
    return text


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
            flag=True,
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
        BackendOption("concurrency", int, 8, "requests in flight at once", flag=True),
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
        variable = self.settings["api_key_env"]
        key = (os.environ.get(variable) or "").strip()
        #: What every message, repr and error shows of the server: never its credentials.
        self.shown_url = display_url(self.base_url)
        self._secrets = [*url_secrets(self.base_url), *([key] if key else [])]
        if key and not (key.isascii() and key.isprintable()):
            raise MathbenchError(
                f"${variable} holds characters an HTTP header cannot carry (an API key is "
                "printable ASCII); set it to the key alone."
            )
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._check_server()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model!r}, base_url={self.shown_url!r})"

    def redact(self, text: str) -> str:
        """``text`` without this backend's credentials: the URL's and the API key."""
        return redact(text, self._secrets)

    def _error(self, message: str) -> MathbenchError:
        """The whole-run error saying ``message``, credentials removed (a server may quote the
        key it refused, an exception the URL it failed on)."""
        return MathbenchError(self.redact(message))

    @classmethod
    def resolve_options(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        """As for every backend, plus the base URL's default and checks of every value, so that
        a mistake is one sentence before anything is sent."""
        settings = super().resolve_options(given)
        base_url = settings["base_url"] or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        base_url = base_url.strip().rstrip("/")
        try:
            parts = urlsplit(base_url)
            usable = parts.scheme in ("http", "https") and bool(parts.hostname)
            parts.port  # noqa: B018 - raises ValueError for a port that is no number 0-65535
        except ValueError:
            usable = False
        if not usable:
            raise MathbenchError(
                f"base_url={display_url(base_url)!r} should be an http(s) URL such as "
                "http://127.0.0.1:8000/v1."
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
            value = settings[name]
            # Written so that NaN, which compares false with everything, fails it too.
            if not (0 <= value <= _MAX_WAIT_S and (name != "timeout" or value > 0)):
                raise MathbenchError(
                    f"{name}={value} should be a positive number of seconds, at most "
                    f"{_MAX_WAIT_S:,.0f} (a day)."
                )
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
        return self._error(
            f"The server at {self.shown_url} answered HTTP {status} ({detail}): ${variable} "
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
                raise self._error(
                    f"Could not connect to {self.shown_url} ({_reason(e)}); is the server "
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
        raise self._error(
            f"The server at {self.shown_url} did not answer GET /models after "
            f"{self.retry.max_retries + 1} attempts ({failure})."
        )

    def _check_model_list(self, response: httpx.Response) -> None:
        try:
            served = [str(item["id"]) for item in response.json()["data"]]
        except (ValueError, KeyError, TypeError):
            raise self._error(
                f"{self.shown_url}/models did not answer with an OpenAI model list; is "
                f"{self.shown_url} an OpenAI-compatible API (such URLs usually end in /v1)?"
            ) from None
        if served and self.model not in served:
            shown = ", ".join(served[:10]) + (", ..." if len(served) > 10 else "")
            raise self._error(
                f"The server at {self.shown_url} does not serve the model {self.model!r}; "
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
                    raise self._error(
                        f"The server at {self.shown_url} answered HTTP 404 to {self.path} "
                        f"({detail}): check the base URL (it usually ends in /v1) and the "
                        f"model name {self.model!r}."
                    )
                failure = f"HTTP {status}: {detail}"
                if not retryable_status(status):
                    return Completion(
                        key=request.key, text="", error=self.redact(failure), latency_s=latency
                    )
                retry_after = parse_retry_after(response.headers)
            if retry >= self.retry.max_retries:
                if unreachable:
                    raise self._error(
                        f"Lost the server at {self.shown_url}: {failure} after {retry + 1} "
                        "attempts; the answers received before are kept, so run the same "
                        "command again to resume."
                    )
                return Completion(
                    key=request.key,
                    text="",
                    error=self.redact(f"{failure} (after {retry + 1} attempts)"),
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
                error=self.redact(
                    f"malformed answer ({_reason(error)}): {_error_detail(response)}"
                ),
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
