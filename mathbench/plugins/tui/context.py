"""What the reviewer works on: the results, their in-memory index, the annotations file and the
annotator. Built before the app starts (so that a bad database or run id is one sentence on the
command line, not a screen) and without Textual (so that tests and benchmarks can drive it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mathbench.errors import MathbenchError
from mathbench.plugins.tui.results_file import check_results_file
from mathbench.plugins.tui.run_facts import RunFacts, read_facts
from mathbench.plugins.tui.state import ReviewState, state_path
from mathbench.results import ResultsSource, RunInfo
from mathbench.results.annotations import AnnotationStore
from mathbench.results.items import RowIndex


@dataclass
class ReviewContext:
    """The results, the index over them, the annotations store and who is annotating."""

    source: ResultsSource
    index: RowIndex
    annotations: AnnotationStore
    annotator: str
    runs: list[RunInfo]
    #: The run ids selected at start (given, else remembered, else the latest run).
    selected: list[str] = field(default_factory=list)
    #: What the annotator left last time (selection, filters), saved as they change.
    state: ReviewState | None = None
    #: Sampling settings and model file per run id (what the run list shows beside the label).
    facts: dict[str, RunFacts] = field(default_factory=dict)
    #: ``--guidelines``: a Markdown file, or a folder of them (see ``find_guidelines``).
    guidelines: Path | None = None

    @classmethod
    def open(
        cls,
        results: Path,
        annotations: Path,
        *,
        annotator: str,
        run_ids: Sequence[str] = (),
        guidelines: Path | None = None,
    ) -> ReviewContext:
        if not annotator.strip():
            raise MathbenchError("--annotator must not be empty: judgements are signed with it.")
        if guidelines is not None and not guidelines.exists():
            raise MathbenchError(
                f"No guidelines at {guidelines}: --guidelines takes a Markdown file, or a folder "
                "of <benchmark>.md files."
            )
        check_results_file(results)
        source = ResultsSource(results)
        state = ReviewState.load(state_path(annotations))
        try:
            runs = source.runs()
            if run_ids:
                selected = source.resolve(run_ids, runs)
            else:
                known = {run.run_id for run in runs}
                remembered = state.session(annotator.strip()).selected
                selected = [run for run in remembered if run in known]
                selected = selected or [r.run_id for r in runs[:1]]
            facts = read_facts(runs)
            store = AnnotationStore(annotations)
        except BaseException:
            source.close()
            raise
        return cls(
            source,
            RowIndex(source),
            store,
            annotator.strip(),
            runs,
            selected,
            state,
            facts,
            guidelines,
        )

    def run(self, run_id: str) -> RunInfo:
        for run in self.runs:
            if run.run_id == run_id:
                return run
        raise MathbenchError(f"No run {run_id!r} in {self.source.path}.")

    def reload(self) -> None:
        """Read the results again: go back to the live file when possible, forget the index."""
        self.source.refresh()
        self.index.refresh()
        self.runs = self.source.runs()
        self.facts = read_facts(self.runs)

    def close(self) -> None:
        self.index.close()
        self.annotations.close()
        self.source.close()
