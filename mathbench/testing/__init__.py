"""The testing kit: what a plugin author runs in their own tests, in three parts.

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

``serve_folder`` (``served_folder``) serves a folder over HTTP on 127.0.0.1, so that a plugin's
tests can take the download road of ``mathbench.datafiles.fetch`` without the network;
``start_llama_cpp_server`` (``llama_server``) starts a real OpenAI-compatible server to test a
backend against. Everything here is plain Python, importable without pytest; the pytest fixtures
for a benchmark plugin's data tests are in ``mathbench.testing.data_fixtures``.
"""

from mathbench.testing.conformance import (
    HOSTILE_RESPONSE,
    HOSTILE_SECONDS,
    check_benchmark,
    check_checker,
    check_downloads,
    check_plugin,
)
from mathbench.testing.llama_server import free_port, start_llama_cpp_server
from mathbench.testing.served_folder import ServedFolder, serve_folder

__all__ = [
    "HOSTILE_RESPONSE",
    "HOSTILE_SECONDS",
    "ServedFolder",
    "check_benchmark",
    "check_checker",
    "check_downloads",
    "check_plugin",
    "free_port",
    "serve_folder",
    "start_llama_cpp_server",
]
