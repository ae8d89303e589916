"""Writing the rows the failures table shows (every page, not only those scrolled to) to a file
an analysis can read: JSONL, or CSV when the name ends in ``.csv``.

One line per row: the run and what identifies it (model, checker, template), the problem and its
text, the golden answer, the response, the checker's concluded answer and status, the annotations
and the failure tags: what an analysis of the failures reads, without going back to the results.
The file is written beside and then moved into place, so that a failed export leaves nothing half
written; a folder or a missing parent folder is one sentence.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mathbench.errors import MathbenchError
from mathbench.results import RunInfo
from mathbench.results.items import Row

COLUMNS = (
    "run_id",
    "model",
    "checker",
    "template",
    "benchmark",
    "split",
    "problem_id",
    "status",
    "golden",
    "answer",
    "tags",
    "text",
    "response",
)


def check_export_path(path: Path) -> None:
    """One sentence for a path no file can be written to (the ``[Errno 21]`` of a folder)."""
    if path.is_dir():
        raise MathbenchError(
            f"{path} is a folder: give a file name, such as {path / 'rows.jsonl'}."
        )
    if not path.parent.is_dir():
        raise MathbenchError(f"There is no folder {path.parent} to write {path.name} in.")


def record(
    row: Row, run: RunInfo | None, tags: Sequence[str], response: str | None
) -> dict[str, Any]:
    """One exported row (``text`` is the problem's; ``response`` is None before it is
    generated)."""
    return {
        "run_id": row.run_id,
        "model": run.label if run else "",
        "checker": run.checker if run else "",
        "template": run.template if run else "",
        "benchmark": row.benchmark,
        "split": run.split if run else "",
        "problem_id": row.problem_id,
        "status": row.status,
        "golden": row.golden,
        "answer": row.answer,
        "tags": list(tags),
        "text": row.text,
        "response": response,
        "annotations": row.annotations,
    }


def write_rows(
    path: Path,
    rows: Sequence[Row],
    runs: Sequence[RunInfo],
    tags: Mapping[str, Sequence[str]],
    responses: Mapping[str, str | None],
) -> int:
    """Write ``rows`` (``tags`` and ``responses`` by row key) to ``path``; returns how many were
    written."""
    check_export_path(path)
    by_id = {run.run_id: run for run in runs}
    records = [
        record(row, by_id.get(row.run_id), tags.get(row.key, ()), responses.get(row.key))
        for row in rows
    ]
    annotation_keys = list(dict.fromkeys(key for row in rows for key in row.annotations))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise MathbenchError(f"Cannot write in {path.parent}: {error.strerror or error}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            if path.suffix.lower() == ".csv":
                writer = csv.writer(out)
                writer.writerow([*COLUMNS, *annotation_keys])
                for item in records:
                    writer.writerow(
                        [
                            *("; ".join(item[c]) if c == "tags" else item[c] for c in COLUMNS),
                            *(item["annotations"].get(key, "") for key in annotation_keys),
                        ]
                    )
            else:
                for item in records:
                    out.write(json.dumps(item, ensure_ascii=False) + "\n")
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise MathbenchError(f"Cannot write {path}: {error.strerror or error}.") from None
    return len(records)
