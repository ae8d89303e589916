"""Where the reviewer keeps what people write: an SQLite file beside the results.

The results file is DuckDB, which lets one process write it and, while that process has it open,
lets no other process open it at all. Human judgements and authored variants therefore live in
their own file, so that annotating never blocks a run, a run never blocks annotating, and several
annotators can work at once (SQLite in WAL mode has concurrent readers and serialised writers).
"""

from __future__ import annotations

import os
from pathlib import Path

from mathbench import default_db_path

#: Overrides where judgements and variants are kept (default: beside the results file).
ANNOTATIONS_ENV = "MATHBENCH_ANNOTATIONS"


def annotations_path_for(results: Path) -> Path:
    """``results.duckdb`` -> ``results.annotations.sqlite`` in the same folder."""
    return results.with_name(f"{results.stem}.annotations.sqlite")


def default_annotations_path(results: Path | None = None) -> Path:
    """``$MATHBENCH_ANNOTATIONS`` if set, else the file beside ``results`` (default: the results
    file ``mathbench`` itself would use, from ``$MATHBENCH_DB`` or the user data directory)."""
    configured = os.environ.get(ANNOTATIONS_ENV)
    if configured:
        return Path(configured).expanduser()
    return annotations_path_for(results if results is not None else default_db_path())
