"""Exporting a run as one row per problem: problem, golden, response, verdict and candidates."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from mathbench.errors import MathbenchError
from mathbench.store import Store

Format = Literal["jsonl", "csv", "parquet"]

_COPY_OPTIONS: dict[str, str] = {
    "jsonl": "(FORMAT JSON)",
    "csv": "(FORMAT CSV, HEADER TRUE)",
    "parquet": "(FORMAT PARQUET)",
}


def export_run(store: Store, run_id: str, fmt: Format, output: Path) -> int:
    """Write the run to ``output`` in ``fmt``; returns the number of rows written."""
    if fmt not in _COPY_OPTIONS:
        raise MathbenchError(f"Unknown export format {fmt!r}; use jsonl, csv or parquet.")
    output.parent.mkdir(parents=True, exist_ok=True)
    query = store.run_rows_sql(run_id)
    target = str(output).replace("'", "''")
    store.connection.execute(f"COPY ({query}) TO '{target}' {_COPY_OPTIONS[fmt]}")
    row = store.connection.execute(f"SELECT count(*) FROM ({query})").fetchone()
    return int(row[0]) if row else 0
