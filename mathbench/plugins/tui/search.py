"""Search over the problem texts of the selected runs, within a key press.

The texts are prepared once per selection (lower-cased, punctuation to spaces: rapidfuzz's
``default_process``, 25 ms per 100,000 texts) rather than on every key, as ``process.extract``
with a processor did. A key then gets its answer in two steps: the texts that contain the query
(a substring test over the prepared column, a few milliseconds), which are exactly the hits a
fuzzy score ranks first; then the fuzzy ranking itself (rapidfuzz ``partial_ratio``, best first),
which costs 50 to 100 ms over 100,000 texts and holds the interpreter while it runs, so it is
scored in slices between which the screen keeps drawing and a newer key can stop it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process, utils

#: Search keeps the best hits, so that a one-character query does not list a whole benchmark.
SEARCH_LIMIT = 2000
SEARCH_CUTOFF = 60.0
#: Texts scored between two chances for the screen to draw (about a millisecond of scoring).
SLICE = 2000


class SearchColumn:
    """The prepared problem texts of one selection, with their ``(benchmark, problem_id)``."""

    def __init__(self, texts: Sequence[tuple[str, str, str]]) -> None:
        self.keys = [(benchmark, problem_id) for benchmark, problem_id, _ in texts]
        self.prepared = [utils.default_process(text) for _, _, text in texts]

    def containing(self, query: str, limit: int = SEARCH_LIMIT) -> list[tuple[str, str]]:
        """The problems whose text contains ``query`` (as prepared), in the benchmark's order:
        the first hits of ``ranked``, at a fraction of its cost."""
        needle = utils.default_process(query)
        if not needle:
            return []
        found = []
        for key, text in zip(self.keys, self.prepared, strict=True):
            if needle in text:
                found.append(key)
                if len(found) == limit:
                    break
        return found

    def ranked(
        self, query: str, cancelled: Callable[[], bool], limit: int = SEARCH_LIMIT
    ) -> list[tuple[str, str]] | None:
        """The problems whose text matches ``query`` fuzzily, best first (ties in the benchmark's
        order); None once ``cancelled`` says a newer search has replaced this one."""
        needle = utils.default_process(query)
        if not needle:
            return []
        scored: list[tuple[float, int]] = []
        for start in range(0, len(self.prepared), SLICE):
            # Scoring holds the interpreter: hand it to the screen between slices, or it would
            # draw only every other switch interval while this runs.
            time.sleep(0)
            if cancelled():
                return None
            scored.extend(
                (-score, start + index)
                for _, score, index in process.extract(
                    needle,
                    self.prepared[start : start + SLICE],
                    scorer=fuzz.partial_ratio,
                    processor=None,
                    score_cutoff=SEARCH_CUTOFF,
                    limit=limit,
                )
            )
        scored.sort()
        return [self.keys[index] for _, index in scored[:limit]]


class SearchColumns:
    """The column of the latest selection, built once however many workers ask for it (the
    screen prepares it ahead of the first key; a search that comes sooner waits for it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: tuple[tuple[str, ...], SearchColumn] | None = None

    def get(
        self, selection: tuple[str, ...], texts: Callable[[], Sequence[tuple[str, str, str]]]
    ) -> SearchColumn:
        with self._lock:
            if self._latest is None or self._latest[0] != selection:
                self._latest = (selection, SearchColumn(texts()))
            return self._latest[1]

    def forget(self) -> None:
        """Drop the column (the results were read again)."""
        with self._lock:
            self._latest = None
