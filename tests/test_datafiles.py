"""``mathbench.datafiles``: local copies, the cache, and downloads from a real HTTP server.

The server runs on 127.0.0.1 in a thread and serves a temporary folder; it counts the requests it
gets, so "served from the cache" is checked where it matters, on the server's side.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from platformdirs import user_cache_dir

from mathbench.datafiles import DataFile, cache_dir, fetch
from mathbench.errors import MathbenchError
from mathbench.testing import serve_folder

CONTENT = "一年级有84人去郊游。\n".encode() * 50


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[str]
    release: threading.Event


class _Handler(SimpleHTTPRequestHandler):
    """Serves the folder; ``/truncated/...`` promises more than it sends, ``/slow/...`` stalls."""

    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        if self.path.startswith("/truncated/"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(CONTENT)))
            self.end_headers()
            self.wfile.write(CONTENT[:100])
            self.wfile.flush()
            self.close_connection = True
        elif self.path.startswith("/slow/"):
            self.server.release.wait(timeout=10)
        else:
            super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest's output clean
        pass


@pytest.fixture
def served(tmp_path: Path) -> Path:
    folder = tmp_path / "served"
    folder.mkdir()
    (folder / "problems.jsonl").write_bytes(CONTENT)
    return folder


@pytest.fixture
def server(served: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")

    def handler(*args: Any, **kwargs: Any) -> _Handler:
        return _Handler(*args, directory=str(served), **kwargs)

    httpd = _Server(("127.0.0.1", 0), handler)
    httpd.requests = []
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read or write the user's real cache or data folder."""
    monkeypatch.setenv("MATHBENCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MATHBENCH_DATA_DIR", raising=False)
    return tmp_path / "cache"


def _url(server: _Server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/{path}"


def _data_file(url: str, **overrides: Any) -> DataFile:
    fields: dict[str, Any] = {
        "benchmark_dir": "demo",
        "filename": "problems.jsonl",
        "url": url,
        "sha256": hashlib.sha256(CONTENT).hexdigest(),
        "size": len(CONTENT),
    }
    return DataFile(**(fields | overrides))


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_download_lands_in_the_cache_and_is_not_fetched_again(
    server: _Server, isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _data_file(_url(server, "problems.jsonl"))

    first = fetch(file)

    assert first == isolated / "data" / "demo" / "problems.jsonl"
    assert first.read_bytes() == CONTENT
    assert _files_under(isolated) == [first]  # no temporary file left beside it
    assert "demo/problems.jsonl" in capsys.readouterr().err  # the progress bar, on stderr
    assert fetch(file) == first
    assert server.requests == ["/problems.jsonl"]


def test_checksum_mismatch_leaves_nothing_in_the_cache(server: _Server, isolated: Path) -> None:
    file = _data_file(_url(server, "problems.jsonl"), sha256="0" * 64)

    with pytest.raises(MathbenchError) as raised:
        fetch(file)

    message = str(raised.value)
    assert hashlib.sha256(CONTENT).hexdigest() in message
    assert "0" * 64 in message
    assert "demo/problems.jsonl" in message
    assert str(isolated / "data" / "demo" / "problems.jsonl") in message
    assert _files_under(isolated) == []


def test_more_bytes_than_pinned_stops_the_download(server: _Server, isolated: Path) -> None:
    file = _data_file(_url(server, "problems.jsonl"), size=10)

    with pytest.raises(MathbenchError, match="sent more than 10 bytes"):
        fetch(file)

    assert _files_under(isolated) == []


def test_http_error_names_the_status_url_and_the_offline_way(
    server: _Server, isolated: Path
) -> None:
    url = _url(server, "missing.jsonl")

    with pytest.raises(MathbenchError) as raised:
        fetch(_data_file(url))

    message = str(raised.value)
    assert "HTTP 404" in message
    assert url in message
    assert "MATHBENCH_DATA_DIR" in message
    assert _files_under(isolated) == []


def test_connection_closed_mid_transfer_leaves_nothing(server: _Server, isolated: Path) -> None:
    with pytest.raises(MathbenchError, match=f"closed after 100 of {len(CONTENT)} bytes"):
        fetch(_data_file(_url(server, "truncated/problems.jsonl")))

    assert _files_under(isolated) == []


def test_stalled_server_times_out(server: _Server, isolated: Path) -> None:
    with pytest.raises(MathbenchError, match=r"timed out \(nothing received for 0.2 s\)"):
        fetch(_data_file(_url(server, "slow/problems.jsonl")), timeout=0.2)

    assert _files_under(isolated) == []


def _unreachable_url() -> str:
    with socket.socket() as probe:  # a port that nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/problems.jsonl"


def test_unreachable_server_says_how_to_work_offline() -> None:
    url = _unreachable_url()

    with pytest.raises(MathbenchError) as raised:
        fetch(_data_file(url))

    message = str(raised.value)
    assert f"cannot reach {url}" in message
    assert "set MATHBENCH_DATA_DIR to a folder that holds demo/problems.jsonl" in message


def test_offline_with_a_data_dir_names_where_the_file_should_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path / "data"))

    with pytest.raises(MathbenchError) as raised:
        fetch(_data_file(_unreachable_url()))

    assert f"put the file at {tmp_path / 'data' / 'demo' / 'problems.jsonl'}" in str(raised.value)


def test_unwritable_cache_says_which_variable_to_set(
    server: _Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("MATHBENCH_CACHE_DIR", str(blocker))

    with pytest.raises(MathbenchError, match=r"Cannot write problems\.jsonl to the cache folder"):
        fetch(_data_file(_url(server, "problems.jsonl")))

    assert server.requests == []


def test_mirror_is_tried_when_the_main_url_fails(server: _Server) -> None:
    file = _data_file(_url(server, "missing.jsonl"), mirrors=(_url(server, "problems.jsonl"),))

    assert fetch(file).read_bytes() == CONTENT
    assert server.requests == ["/missing.jsonl", "/problems.jsonl"]


def test_every_failed_source_is_named(server: _Server) -> None:
    file = _data_file(_url(server, "missing.jsonl"), mirrors=(_url(server, "gone.jsonl"),))

    with pytest.raises(MathbenchError) as raised:
        fetch(file)

    assert "missing.jsonl answered HTTP 404" in str(raised.value)
    assert "gone.jsonl answered HTTP 404" in str(raised.value)


def test_data_dir_copy_is_used_without_any_request(
    server: _Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    provided = tmp_path / "data" / "demo" / "problems.jsonl"
    provided.parent.mkdir(parents=True)
    provided.write_bytes(CONTENT)
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path / "data"))

    assert fetch(_data_file(_url(server, "problems.jsonl"))) == provided
    assert server.requests == []


def test_wrong_data_dir_copy_is_an_error_not_a_download(
    server: _Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    provided = tmp_path / "data" / "demo" / "problems.jsonl"
    provided.parent.mkdir(parents=True)
    provided.write_bytes(CONTENT[:-1])
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path / "data"))

    with pytest.raises(MathbenchError) as raised:
        fetch(_data_file(_url(server, "problems.jsonl")))

    message = str(raised.value)
    assert str(provided) in message
    assert hashlib.sha256(CONTENT[:-1]).hexdigest() in message
    assert hashlib.sha256(CONTENT).hexdigest() in message
    assert server.requests == []


def test_data_dir_without_the_file_falls_back_to_downloading(
    server: _Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path / "empty"))

    assert fetch(_data_file(_url(server, "problems.jsonl"))).read_bytes() == CONTENT
    assert server.requests == ["/problems.jsonl"]


def test_stale_cached_file_is_replaced(server: _Server, isolated: Path) -> None:
    cached = isolated / "data" / "demo" / "problems.jsonl"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"an older version of the file\n")

    assert fetch(_data_file(_url(server, "problems.jsonl"))) == cached
    assert cached.read_bytes() == CONTENT
    assert server.requests == ["/problems.jsonl"]


def test_cache_dir_defaults_to_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MATHBENCH_CACHE_DIR")

    assert cache_dir() == Path(user_cache_dir("mathbench")) / "data"


@pytest.mark.parametrize(
    ("field", "value"),
    [("sha256", "ABC"), ("sha256", "A" * 64), ("filename", "../x"), ("benchmark_dir", "..")],
)
def test_malformed_data_file_is_a_plugin_bug(field: str, value: str) -> None:
    with pytest.raises(ValueError, match="DataFile"):
        _data_file("http://127.0.0.1/x", **{field: value})


def test_serve_folder_is_a_download_source_that_counts_what_it_served(
    served: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy that nothing answers: the download only works if serve_folder's host bypasses it.
    monkeypatch.setenv("http_proxy", _unreachable_url().removesuffix("/problems.jsonl"))
    monkeypatch.setenv("no_proxy", "example.org")
    monkeypatch.delenv("NO_PROXY", raising=False)

    with serve_folder(served) as folder:
        file = _data_file(folder.url("problems.jsonl"))
        assert fetch(file).read_bytes() == CONTENT
        assert fetch(file) == isolated / "data" / "demo" / "problems.jsonl"

    assert folder.requests == ["/problems.jsonl"]
    assert (os.environ["no_proxy"], os.environ.get("NO_PROXY")) == ("example.org", None)
    with pytest.raises(OSError):  # the server stopped with the block
        socket.create_connection(("127.0.0.1", folder.port), timeout=1).close()
