"""Exporting a run as one row per problem: problem, golden, response, verdict and candidates.

Also the rules every command that writes a file (``export``, ``score -o``) follows: an input is
never an output, an existing file is replaced only with ``--force``, and a file that cannot be
written is one sentence, said before any work where it can be known before.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import duckdb

from mathbench.errors import MathbenchError
from mathbench.store import Store

Format = Literal["jsonl", "csv", "parquet"]

_COPY_OPTIONS: dict[str, str] = {
    "jsonl": "(FORMAT JSON)",
    "csv": "(FORMAT CSV, HEADER TRUE)",
    "parquet": "(FORMAT PARQUET)",
}


def _same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or the same inode (a hard link
    or a second mount)."""
    try:
        if first.resolve() == second.resolve():
            return True
        return first.exists() and second.exists() and os.path.samefile(first, second)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python 3.11
        return False


def _existing_ancestor(path: Path) -> Path:
    """The nearest of ``path``'s folders that exists (``path.parent`` itself, usually)."""
    folder = path.absolute().parent
    while not (folder.exists() or folder.is_symlink()) and folder != folder.parent:
        folder = folder.parent
    return folder


def check_output(output: Path, *, force: bool, inputs: Iterable[tuple[str, Path]] = ()) -> None:
    """Refuse, before any work, to write ``output`` where it would replace one of ``inputs``
    (``("input file", path)``, ``("database", path)``), where a file already is (without
    ``force``), or where it cannot be: under a file, or in a folder this user cannot write."""
    for what, source in inputs:
        if _same_file(output, source) or output.resolve() == source.resolve():
            raise MathbenchError(
                f"The output {output} is the {what} {source}; choose another output file, "
                "since the input is never overwritten."
            )
    try:
        exists = output.exists() or output.is_symlink()
        is_dir = output.is_dir()
    except OSError as error:
        raise cannot_write(output, error) from None
    if is_dir:
        raise MathbenchError(f"The output {output} is a folder; give a file name instead.")
    if exists and not force:
        raise MathbenchError(
            f"{output} already exists; pass --force to overwrite it, or choose another file."
        )
    try:
        folder = _existing_ancestor(output)
        is_folder = folder.is_dir()
    except OSError as error:
        raise cannot_write(output, error) from None
    if not is_folder:
        raise MathbenchError(f"Cannot write {output}: {folder} is a file, not a folder.")
    if not exists and not os.access(folder, os.W_OK | os.X_OK):
        raise MathbenchError(f"Cannot write {output}: the folder {folder} is not writable.")


def _os_reason(error: OSError | str) -> str:
    """Why a write failed, in the system's words, to follow a colon: ``no space left on
    device``."""
    if isinstance(error, OSError):
        reason = error.strerror or errno.errorcode.get(error.errno or 0) or str(error)
    else:
        reason = error
    if reason[:1].isupper() and not reason[1:2].isupper():  # "No space ...", not "IO ..."
        reason = reason[0].lower() + reason[1:]
    return reason.rstrip(".")


def cannot_write(output: Path, error: OSError | str) -> MathbenchError:
    """The sentence for a write that failed: the file, and why."""
    return MathbenchError(f"Cannot write {output}: {_os_reason(error)}.")


@contextlib.contextmanager
def writing(output: Path) -> Iterator[Path]:
    """The path to write ``output``'s content to, any ``OSError`` made one sentence.

    A regular file is written beside its place under a hidden name and moved over it once
    complete, so that a failed write (a full disk, Ctrl-C) leaves what was there before; a
    device or pipe (``/dev/stdout``) is written in place. The temporary name keeps the file's
    own at its end, so that a writer choosing compression by extension (``.csv.gz``) still does.
    """
    target = output.resolve() if output.is_symlink() else output
    try:
        special = target.exists() and not target.is_file()
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(output, error) from None
    if special:
        try:
            yield target
        except OSError as error:
            raise cannot_write(output, error) from None
        return
    partial = target.with_name(f".partial-{os.getpid()}-{target.name}")
    try:
        partial.touch()
    except OSError as error:  # /proc, a read-only mount: the folder is there, but takes no file
        raise MathbenchError(
            f"Cannot write {output}: the folder {target.parent} does not take new files "
            f"({_os_reason(error)})."
        ) from None
    try:
        yield partial
        if target.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(target, partial)
        os.replace(partial, target)
    except OSError as error:
        raise cannot_write(output, error) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _duckdb_reason(error: duckdb.Error) -> str:
    """The operating system's part of a DuckDB I/O error (``No space left on device``): DuckDB
    wraps it in its own text, sometimes in JSON."""
    text = str(error)
    inner = re.search(r'"exception_message":"((?:[^"\\]|\\.)*)"', text)
    if inner:
        text = inner.group(1).replace('\\"', '"')
    text = " ".join(text.removeprefix("IO Error: ").split())
    reason = text.rpartition('": ')[2] if '": ' in text else text
    return (reason[:200] + "...") if len(reason) > 200 else reason


def export_run(store: Store, run_id: str, fmt: Format, output: Path) -> int:
    """Write the run to ``output`` in ``fmt``; returns the number of rows written.

    ``output`` is replaced if it exists: ``check_output`` first is the caller's to call."""
    if fmt not in _COPY_OPTIONS:
        raise MathbenchError(f"Unknown export format {fmt!r}; use jsonl, csv or parquet.")
    query = store.run_rows_sql(run_id)
    with writing(output) as path:
        target = str(path).replace("'", "''")
        try:
            store.connection.execute(f"COPY ({query}) TO '{target}' {_COPY_OPTIONS[fmt]}")
        except (duckdb.IOException, duckdb.PermissionException) as error:
            raise cannot_write(output, _duckdb_reason(error)) from None
    row = store.connection.execute(f"SELECT count(*) FROM ({query})").fetchone()
    return int(row[0]) if row else 0
