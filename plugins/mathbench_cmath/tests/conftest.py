"""Fixtures for the CMATH plugin's tests: an isolated cache, the real data, a local HTTP server.

The real files are found through ``MATHBENCH_DATA_DIR`` or ``../shared/data`` beside the checkout.
Without them the tests that need them skip, unless ``MATHBENCH_TEST_DOWNLOAD=1`` allows them to
download the pinned files (tests never reach the network otherwise).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
DOWNLOAD_ENV = "MATHBENCH_TEST_DOWNLOAD"


def _shared_data_dir() -> Path | None:
    configured = os.environ.get("MATHBENCH_DATA_DIR")
    candidates = [Path(configured)] if configured else []
    candidates.append(REPO.parent / "shared" / "data")
    return next((path for path in candidates if (path / "cmath").is_dir()), None)


# Read once, before any test's monkeypatching: the autouse fixture below hides the variable.
SHARED_DATA_DIR = _shared_data_dir()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty cache and no data folder unless it asks for one."""
    monkeypatch.setenv("MATHBENCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MATHBENCH_DATA_DIR", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pinned CMATH files from the shared folder, or downloads when explicitly allowed."""
    if SHARED_DATA_DIR is not None:
        monkeypatch.setenv("MATHBENCH_DATA_DIR", str(SHARED_DATA_DIR))
    elif os.environ.get(DOWNLOAD_ENV) != "1":
        pytest.skip(
            "CMATH data not found: set MATHBENCH_DATA_DIR to a folder holding cmath/*.jsonl, "
            f"or {DOWNLOAD_ENV}=1 to let the test download the pinned files"
        )


@pytest.fixture
def shared_cmath() -> Path:
    """The shared folder of real CMATH files, to serve over HTTP; skip without it."""
    if SHARED_DATA_DIR is None:
        pytest.skip("CMATH data not found: set MATHBENCH_DATA_DIR to a folder holding cmath/")
    return SHARED_DATA_DIR / "cmath"


class RecordingServer(ThreadingHTTPServer):
    """Serves a folder on 127.0.0.1 and records the paths it was asked for."""

    daemon_threads = True
    requests: list[str]

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], RecordingServer]]:
    """``serve(folder)`` starts a server for ``folder``; it stops when the test ends."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    started: list[tuple[RecordingServer, threading.Thread]] = []

    def start(folder: Path) -> RecordingServer:
        class Handler(SimpleHTTPRequestHandler):
            server: RecordingServer

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self) -> None:
                self.server.requests.append(self.path)
                super().do_GET()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = RecordingServer(("127.0.0.1", 0), Handler)
        server.requests = []
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        started.append((server, thread))
        return server

    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join()
