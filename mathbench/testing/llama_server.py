"""A real OpenAI-compatible server on 127.0.0.1 (llama-cpp-python's own), to test or measure a
backend that talks to one; and a free port to start it on."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


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
