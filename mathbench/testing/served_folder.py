"""A folder served over HTTP on 127.0.0.1, recording what was asked for.

A plugin's tests take the download road of ``mathbench.datafiles.fetch`` with it (point a
``DataFile``'s url at it) without the network, and check on the server's side which files were
asked for: a download, a cache hit, or a mirror tried after its origin.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from mathbench.testing.environment import environment


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
    with environment(values):
        yield
