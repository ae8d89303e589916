"""What the reviewer remembers between sessions: who is annotating, and per annotator the runs
they had selected, their filters (the failure tag among them), search and sort.

A small JSON file beside the annotations file (``RESULTS.annotations.review.json``), since that is
where an annotator's work lives; it holds nothing that cannot be lost (a damaged or missing file
is an empty state, never an error), and it is replaced atomically so that two reviewers closing at
once leave one whole file. Judgements never go here: they are in the annotations file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: Names the annotator when ``--annotator`` is not given (before the remembered name).
ANNOTATOR_ENV = "MATHBENCH_ANNOTATOR"
#: The annotation guidelines when ``--guidelines`` is not given: a file, or a folder of
#: ``<sample id>.md`` / ``<benchmark>.md`` files (here, not with the screen, so that the command
#: names it without importing Textual).
GUIDELINES_ENV = "MATHBENCH_GUIDELINES"


def state_path(annotations: Path) -> Path:
    """``runs.annotations.sqlite`` -> ``runs.annotations.review.json``."""
    return annotations.with_name(f"{annotations.stem}.review.json")


@dataclass
class Session:
    """One annotator's view of the runs screen, as they left it."""

    selected: list[str] = field(default_factory=list)
    status: str = "all"
    annotations: list[tuple[str, str]] = field(default_factory=list)
    search: str = ""
    sort: str = ""
    descending: bool = False
    tag: str = ""

    @classmethod
    def from_json(cls, raw: Any) -> Session:
        if not isinstance(raw, dict):
            return cls()
        pairs = [
            (str(pair[0]), str(pair[1]))
            for pair in raw.get("annotations") or []
            if isinstance(pair, list) and len(pair) == 2
        ]
        return cls(
            selected=[str(run) for run in raw.get("selected") or [] if isinstance(run, str)],
            status=str(raw.get("status") or "all"),
            annotations=pairs,
            search=str(raw.get("search") or ""),
            sort=str(raw.get("sort") or ""),
            descending=bool(raw.get("descending")),
            tag=str(raw.get("tag") or ""),
        )


@dataclass
class ReviewState:
    """The last annotator's name and each annotator's session."""

    path: Path
    annotator: str = ""
    sessions: dict[str, Session] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> ReviewState:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(raw, dict):
            return cls(path)
        sessions = raw.get("sessions") if isinstance(raw.get("sessions"), dict) else {}
        return cls(
            path,
            annotator=str(raw.get("annotator") or ""),
            sessions={str(name): Session.from_json(s) for name, s in (sessions or {}).items()},
        )

    def session(self, annotator: str) -> Session:
        return self.sessions.get(annotator) or Session()

    def save(self) -> None:
        """Replace the file in one step; a reviewer that cannot write beside the annotations file
        simply does not remember (the annotations store says so louder when it matters)."""
        data = {
            "annotator": self.annotator,
            "sessions": {name: asdict(session) for name, session in self.sessions.items()},
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".review-", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
