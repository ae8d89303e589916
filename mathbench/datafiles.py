"""How a benchmark obtains a data file: a local copy, the cache, or a verified download.

A benchmark pins every file it reads by URL and SHA-256, so that a stored run always refers to the
same bytes and two people who run the same configuration score the same problems. ``fetch`` looks
in three places, in order:

1. ``$MATHBENCH_DATA_DIR/<benchmark_dir>/<filename>``, for machines without network access and for
   tests that point at a prepared folder;
2. the cache, ``$MATHBENCH_CACHE_DIR/data/<benchmark_dir>/<filename>`` (by default under the
   platform's user cache directory);
3. a download from the file's URL (then its mirrors) into the cache.

Every file is checked against its SHA-256 wherever it was found: a wrong file would not fail loudly,
it would give silently wrong numbers. A download goes to a temporary file beside its destination and
is renamed into place only once verified, so a failed or interrupted download never leaves a partial
file that a later run would trust.

A fetched file is then read into ``Record``s: ``read_jsonl`` for JSON Lines, or a benchmark's own
reader for other formats. A record's accessors check each field's type and raise ``MathbenchError``
with one sentence naming the file, the record and the field, because a malformed record skipped
would silently change the denominator of every accuracy.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from platformdirs import user_cache_dir
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from mathbench.errors import MathbenchError

DATA_DIR_ENV = "MATHBENCH_DATA_DIR"
CACHE_DIR_ENV = "MATHBENCH_CACHE_DIR"
#: Seconds to wait for the connection and for each read; a stalled server fails instead of hanging.
DEFAULT_TIMEOUT_S = 30.0

_CHUNK_BYTES = 64 * 1024
_USER_AGENT = "mathbench (https://pypi.org/project/mathbench/)"
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class DataFile:
    """One pinned data file of a benchmark.

    ``benchmark_dir`` and ``filename`` say where the file lives under ``MATHBENCH_DATA_DIR`` and in
    the cache; ``sha256`` (lower-case hex) and ``size`` (bytes, when known) describe the exact bytes
    that the benchmark's parser was written and tested against. ``mirrors`` are tried in order when
    ``url`` fails, for sources whose availability or byte identity is less certain than one would
    like.
    """

    benchmark_dir: str
    filename: str
    url: str
    sha256: str
    size: int | None = None
    mirrors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Wrong values here are a plugin author's bug, not something a user can fix: ValueError.
        for part in (self.benchmark_dir, self.filename):
            if not part or part in (".", "..") or "/" in part or "\\" in part:
                raise ValueError(f"DataFile path part {part!r} must be a plain file or folder name")
        if not _SHA256.fullmatch(self.sha256):
            raise ValueError(f"DataFile sha256 {self.sha256!r} must be 64 lower-case hex digits")

    @property
    def relative_path(self) -> str:
        """``<benchmark_dir>/<filename>``: the name users see in messages and lay out on disk."""
        return f"{self.benchmark_dir}/{self.filename}"


def cache_dir() -> Path:
    """The folder that holds downloaded data files: ``$MATHBENCH_CACHE_DIR/data`` if that variable
    is set (tests point it at a temporary folder), else ``data`` under the user cache directory."""
    root = os.environ.get(CACHE_DIR_ENV) or user_cache_dir("mathbench")
    return Path(root) / "data"


def fetch(file: DataFile, *, timeout: float = DEFAULT_TIMEOUT_S) -> Path:
    """The path of a verified local copy of ``file``, downloading it into the cache if needed.

    Raises ``MathbenchError`` when the file cannot be obtained or a copy under
    ``MATHBENCH_DATA_DIR`` has other bytes than the pinned ones.
    """
    data_dir = os.environ.get(DATA_DIR_ENV)
    provided = Path(data_dir) / file.benchmark_dir / file.filename if data_dir else None
    if provided is not None and provided.is_file():
        _verify_provided(file, provided)
        return provided
    cached = cache_dir() / file.benchmark_dir / file.filename
    # A cached file got there verified, so a mismatch means it was pinned to other bytes by another
    # mathbench version (or damaged): replacing it is safe, unlike a file the user provided.
    if cached.is_file() and _sha256_of(cached) == file.sha256:
        return cached
    try:
        return _download(file, cached, timeout)
    except _DownloadFailed as failure:
        offline = (
            f"put the file at {provided} (where {DATA_DIR_ENV} points)"
            if provided is not None
            else f"set {DATA_DIR_ENV} to a folder that holds {file.relative_path}"
        )
        raise MathbenchError(
            f"Could not download {file.relative_path} ({failure}), and nothing was saved to "
            f"{cached}: check your network connection, or {offline} (SHA-256 {file.sha256})."
        ) from None


def _sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _verify_provided(file: DataFile, path: Path) -> None:
    got = _sha256_of(path)
    if got != file.sha256:
        raise MathbenchError(
            f"{path} is not the pinned {file.relative_path} (SHA-256 {got}, expected "
            f"{file.sha256}): replace it with the file from {file.url}, or remove it so that "
            f"mathbench downloads it."
        )


class _DownloadFailed(Exception):
    """Why a URL did not yield the file; ``fetch`` turns this into the user's message."""


def _download(file: DataFile, dest: Path, timeout: float) -> Path:
    """Try ``file.url``, then its mirrors; raise ``_DownloadFailed`` with every reason if none
    yields the pinned bytes."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _unwritable(dest, error) from error
    reasons: list[str] = []
    for url in (file.url, *file.mirrors):
        try:
            _download_from(url, file, dest, timeout)
        except _DownloadFailed as failure:
            reasons.append(str(failure))
        else:
            return dest
    raise _DownloadFailed("; ".join(reasons))


def _unwritable(dest: Path, error: OSError) -> MathbenchError:
    return MathbenchError(
        f"Cannot write {dest.name} to the cache folder {dest.parent} ({error.strerror}): set "
        f"{CACHE_DIR_ENV} to a writable folder, or {DATA_DIR_ENV} to one that holds the data."
    )


def _download_from(url: str, file: DataFile, dest: Path, timeout: float) -> None:
    """Download ``url`` to a temporary file beside ``dest`` and rename it into place once its
    checksum matches; the temporary file is removed on every other outcome, Ctrl-C included."""
    try:
        handle, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    except OSError as error:
        raise _unwritable(dest, error) from error
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            got = _stream(url, file, out, timeout)
        if got != file.sha256:
            raise _DownloadFailed(f"{url} sent a file with SHA-256 {got}, expected {file.sha256}")
        os.replace(temporary, dest)
    finally:
        temporary.unlink(missing_ok=True)


def _stream(url: str, file: DataFile, out: BinaryIO, timeout: float) -> str:
    """Copy ``url`` into ``out`` with a progress bar on stderr; return the SHA-256 of the bytes."""
    # A fresh opener per download reads the proxy settings of the moment; urlopen's is global.
    opener = urllib.request.build_opener()
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    hasher = hashlib.sha256()
    received = 0
    try:
        with opener.open(request, timeout=timeout) as response:
            announced = response.headers.get("Content-Length")
            length = int(announced) if announced and announced.isdigit() else None
            with _progress(file.relative_path, length or file.size) as advance:
                while chunk := response.read(_CHUNK_BYTES):
                    received += len(chunk)
                    # Stop a server that sends more than pinned rather than filling the disk.
                    if file.size is not None and received > file.size:
                        raise _DownloadFailed(f"{url} sent more than {file.size} bytes")
                    hasher.update(chunk)
                    out.write(chunk)
                    advance(len(chunk))
            # http.client ends a body cut short by a dropped connection without an error.
            if length is not None and received < length:
                raise _DownloadFailed(_closed_early(url, received, length))
    except urllib.error.HTTPError as error:
        error.close()
        raise _DownloadFailed(f"{url} answered HTTP {error.code} {error.reason}") from error
    except TimeoutError as error:
        raise _DownloadFailed(_timed_out(url, timeout)) from error
    except http.client.IncompleteRead as error:  # a chunked body cut short
        raise _DownloadFailed(_closed_early(url, received, None)) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _DownloadFailed(_timed_out(url, timeout)) from error
        raise _DownloadFailed(f"cannot reach {url} ({error.reason})") from error
    except (OSError, http.client.HTTPException) as error:
        raise _DownloadFailed(f"the download from {url} failed ({error!r})") from error
    return hasher.hexdigest()


def _timed_out(url: str, timeout: float) -> str:
    return f"{url} timed out (nothing received for {timeout:g} s)"


def _closed_early(url: str, received: int, length: int | None) -> str:
    of_length = f" of {length}" if length is not None else ""
    return f"the connection to {url} closed after {received}{of_length} bytes"


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar (bytes, rate, time left) on stderr, so that piped stdout stays clean."""
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task(f"Downloading {label}", total=total)
        yield lambda advance: progress.advance(task, advance)


@dataclass(frozen=True)
class Record:
    """One record of a data file: its fields, and where it is, so that errors can say so.

    ``place`` is how a reader names the record in messages (``line 12`` in JSON Lines, ``record 3
    (line 15)`` or ``<Problem> 7`` in other formats). Each accessor returns a field's value only if
    it has the expected type, and otherwise raises ``error(field, ...)``: a benchmark's own checks
    (a grade's range, a level's spelling) use ``value`` and ``error`` in the same way.
    """

    path: Path
    place: str
    fields: Mapping[str, object]

    def error(self, field: str, problem: str) -> MathbenchError:
        """``{path}, {place}: field {field!r} {problem}.``, for the caller to raise."""
        return MathbenchError(f"{self.path}, {self.place}: field {field!r} {problem}.")

    def value(self, field: str) -> object:
        """The field's value, of any type; a missing field is an error, not None."""
        if field not in self.fields:
            raise self.error(field, "is missing")
        return self.fields[field]

    def string(self, field: str) -> str:
        """A string with more than white space, exactly as written: the caller strips a problem
        text, but a golden answer stays as the authors wrote it, for checkers to read."""
        value = self.value(field)
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"must be a non-empty string, got {value!r}")
        return value

    def integer(self, field: str, allowed: range | None = None) -> int:
        """A JSON integer, in ``allowed`` (a range of consecutive integers) when given.

        ``true`` is not one, although Python's bool is an int: in a grade field it is a broken
        file, not grade 1.
        """
        value = self.value(field)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"must be an integer, got {value!r}")
        if allowed is not None and value not in allowed:
            raise self.error(
                field, f"must be from {allowed.start} to {allowed.stop - 1}, got {value}"
            )
        return value


def read_jsonl(path: Path, *, allow_empty: bool = False) -> Iterator[Record]:
    """The objects of a JSON Lines file, as ``Record``s placed at ``line N`` (1-based, as editors
    count).

    A line that is not UTF-8 JSON or not an object stops the reading with a ``MathbenchError``, and
    so does an empty file, which would otherwise yield no problem at all; a reader that checks the
    number of records itself passes ``allow_empty=True`` to say what is wrong in its own terms.
    """
    number = 0
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                fields = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise MathbenchError(
                    f"{path}, line {number}: not a valid UTF-8 JSON line ({error})."
                ) from error
            if not isinstance(fields, dict):
                raise MathbenchError(f"{path}, line {number}: expected a JSON object per line.")
            yield Record(path, f"line {number}", fields)
    if number == 0 and not allow_empty:
        raise MathbenchError(f"{path} is empty: expected one JSON object per line.")
