"""Telling, before DuckDB sees it, whether ``--db`` names a DuckDB file at all.

Handed a CSV, DuckDB answers "Cannot launch in-memory database in read-only mode"; handed the
annotations file (SQLite), it tries to download its SQLite extension. Both are the wrong file, and
the first bytes say so: a DuckDB file carries ``DUCK`` at offset 8, an SQLite file starts with
``SQLite format 3``. The sentence names what the file looks like and which file to pass instead.
"""

from __future__ import annotations

from pathlib import Path

from mathbench.errors import MathbenchError

_DUCKDB_MAGIC = b"DUCK"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_results_file(path: Path) -> None:
    """Refuse, in one sentence, a path that is a folder or a file DuckDB would not read as a
    database; a missing file is left to the results source, which says how to make one."""
    if path.is_dir():
        raise MathbenchError(
            f"{path} is a folder; --db takes the results file (a .duckdb file `mathbench run` "
            "wrote)."
        )
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except FileNotFoundError:
        return
    except OSError as error:
        raise MathbenchError(f"Cannot read {path}: {error.strerror or error}.") from None
    if head[8:12] == _DUCKDB_MAGIC:
        return
    if head.startswith(_SQLITE_MAGIC):
        raise MathbenchError(
            f"{path} is an SQLite file (the reviewer's annotations file?), not a results "
            "database: pass the .duckdb file `mathbench run` wrote with --db."
        )
    kind = "an empty file" if not head else "not a DuckDB database (a CSV or other text file?)"
    raise MathbenchError(
        f"{path} is {kind}: pass the .duckdb file `mathbench run` wrote with --db."
    )
