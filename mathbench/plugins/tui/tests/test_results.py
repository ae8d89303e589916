"""Reading the results: the in-memory index, its filters and counts against `mathbench report`,
the detail of one problem, and the population a verification sample draws from."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mathbench import MathbenchError
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.tests.conftest import PROBLEMS, RUN_IDS
from mathbench.report import build_reports
from mathbench.results import ResultsSource
from mathbench.results.items import RowFilter
from mathbench.store import Store


def test_runs_are_listed_newest_first_with_their_layout(context: ReviewContext) -> None:
    assert [run.run_id for run in context.runs] == [RUN_IDS["beta"], RUN_IDS["alpha"]]
    beta = context.runs[0]
    assert beta.label == "scripted:beta" and beta.problems == 9
    assert beta.report_by == ("grade", "reasoning_step", "num_digits")
    assert context.selected == [RUN_IDS["beta"]]
    assert context.source.access.mode == "live"


def test_counts_match_mathbench_report(context: ReviewContext, results_db: Path) -> None:
    """The reviewer counts each item as `mathbench report` does, overall and per grade."""
    with Store(results_db, read_only=True) as store:
        reports = {r.run_id: r for r in build_reports(store, list(RUN_IDS.values()))}
    for run in context.runs:
        _, summary = context.index.page([run], RowFilter())
        overall = reports[run.run_id].overall
        expected = {
            "correct": overall.correct,
            "wrong": overall.wrong,
            "no_answer": overall.no_answer,
            "errored": overall.errored,
            "pending": overall.pending,
        }
        assert summary.counts == {k: v for k, v in expected.items() if v}
        assert summary.accuracy == overall.accuracy
        by_grade = context.index.accuracy_by([run], "grade")[run.run_id]
        tallies = reports[run.run_id].breakdowns["grade"]
        assert [(p.value, p.correct, p.scored) for p in by_grade] == [
            (t.value, t.correct, t.scored) for t in tallies
        ]


def test_filters_status_annotations_and_pages(context: ReviewContext) -> None:
    alpha = context.run(RUN_IDS["alpha"])
    rows, summary = context.index.page([alpha], RowFilter(status="failures"))
    assert [(r.problem_id, r.status) for r in rows] == [
        ("dev-0002", "wrong"),
        ("dev-0102", "no_answer"),
        ("dev-0201", "errored"),
    ]
    assert summary.matched == 3 and summary.total == 9
    rows, summary = context.index.page(
        [alpha], RowFilter(annotations=(("grade", "2"), ("reasoning_step", "1")))
    )
    assert [r.problem_id for r in rows] == ["dev-0100", "dev-0101"]
    first, summary = context.index.page([alpha], RowFilter(), limit=4)
    second, _ = context.index.page([alpha], RowFilter(), offset=4, limit=4)
    assert summary.matched == 9 and len(first) == 4
    assert [r.position for r in first + second] == list(range(8))
    assert first[0].text.startswith("小明有9个苹果")
    assert rows[0].answer == "47"


def test_several_runs_interleave_by_problem(context: ReviewContext) -> None:
    rows, summary = context.index.page(context.runs, RowFilter(status="correct"))
    assert summary.matched == 11
    assert [(r.problem_id, r.run_id[:1]) for r in rows[:3]] == [
        ("dev-0000", "b"),
        ("dev-0000", "a"),
        ("dev-0001", "a"),
    ]
    assert context.index.values(context.runs)["grade"] == ["1", "2", "3"]


def test_search_hits_restrict_and_order_rows(context: ReviewContext) -> None:
    beta = context.run(RUN_IDS["beta"])
    hits = (("cmath", "dev-0200"), ("cmath", "dev-0000"))
    rows, summary = context.index.page([beta], RowFilter(search=hits))
    assert [r.problem_id for r in rows] == ["dev-0200", "dev-0000"]
    assert summary.matched == 2


def test_disagree_filter_uses_the_human_judgements(context: ReviewContext) -> None:
    beta = context.run(RUN_IDS["beta"])
    human = (("key-beta", "dev-0000", False), ("key-beta", "dev-0001", False))
    rows, summary = context.index.page([beta], RowFilter(status="disagree", human=human))
    # dev-0000 is correct by the checker, judged incorrect: a disagreement; dev-0001 agrees.
    assert [r.problem_id for r in rows] == ["dev-0000"] and summary.matched == 1


def test_detail_carries_the_response_and_the_candidate_spans(context: ReviewContext) -> None:
    alpha = context.run(RUN_IDS["alpha"])
    detail = context.source.detail(alpha, "cmath", "dev-0002")
    assert detail is not None and detail.status == "wrong"
    assert detail.response == "30+6=36，所以鱼36元。"
    spans = [(c.text, detail.response[c.start : c.end]) for c in detail.candidates]
    assert spans and all(text == read for text, read in spans)
    errored = context.source.detail(alpha, "cmath", "dev-0201")
    assert errored is not None and errored.error == "HTTP 500: overloaded"
    side = context.source.across_runs(context.runs, "cmath", "dev-0202")
    assert [(d.run.model, d.status) for d in side] == [("beta", "correct"), ("alpha", "pending")]


def test_population_holds_scored_responses_only(context: ReviewContext) -> None:
    alpha = context.run(RUN_IDS["alpha"])
    population = context.source.population(alpha)
    assert [p.problem_id for p in population] == [
        "dev-0000", "dev-0001", "dev-0002", "dev-0100", "dev-0101", "dev-0102", "dev-0200",
    ]  # fmt: skip
    assert population[5].outcome == "no_answer" and population[5].correct is False


def test_problem_lookup_and_texts(context: ReviewContext) -> None:
    found = context.source.problem("cmath", "dev-0001")
    assert found is not None and found[1] == "9" and found[2]["grade"] == 1
    assert context.source.problem("cmath", "nope") is None
    texts = context.index.texts(context.runs)
    assert len(texts) == 9 and ("cmath", "dev-0001", PROBLEMS[1].text) in texts


def test_missing_files_foreign_files_and_unknown_runs_are_sentences(
    tmp_path: Path, results_db: Path
) -> None:
    with pytest.raises(MathbenchError, match="No mathbench database"):
        ResultsSource(tmp_path / "nothing.duckdb")
    foreign = tmp_path / "foreign.duckdb"
    duckdb.connect(str(foreign)).close()
    with pytest.raises(MathbenchError, match="not a mathbench database"):
        ResultsSource(foreign).runs()
    with pytest.raises(MathbenchError, match="No run 'zzz'"):
        ReviewContext.open(results_db, tmp_path / "a.sqlite", annotator="a", run_ids=["zzz"])
    with pytest.raises(MathbenchError, match="must not be empty"):
        ReviewContext.open(results_db, tmp_path / "a.sqlite", annotator=" ")


def test_details_read_in_one_batch_are_those_read_one_by_one(context: ReviewContext) -> None:
    """The detail pane reads the rows on screen as a batch (and side by side in one attach):
    the same details the results give one at a time."""
    rows, _ = context.index.page(context.runs, RowFilter())
    batch = context.index.details(context.runs, rows)
    assert len(batch) == len(rows) == 18
    for row in rows:
        one = context.source.detail(context.run(row.run_id), row.benchmark, row.problem_id)
        assert batch[row.key] == one
    last = next(row for row in rows if row.problem_id == "dev-0202")
    side = context.index.across(context.runs, last)
    assert side == context.source.across_runs(context.runs, "cmath", "dev-0202")


def test_the_tag_filter_keeps_the_tagged_rows(context: ReviewContext) -> None:
    tagged = ((RUN_IDS["alpha"], "dev-0002"), (RUN_IDS["beta"], "dev-0101"))
    rows, summary = context.index.page(
        context.runs, RowFilter(status="wrong", tag="arithmetic slip", tagged=tagged)
    )
    assert [(row.run_id, row.problem_id) for row in rows] == [
        (RUN_IDS["alpha"], "dev-0002"),
        (RUN_IDS["beta"], "dev-0101"),
    ]
    assert summary.matched == 2 and summary.total == 2


def test_loading_several_runs_says_how_far_it_is(context: ReviewContext) -> None:
    said: list[tuple[int, int]] = []
    context.index.ensure(context.runs, lambda done, total: said.append((done, total)))
    assert said == [(1, 2), (2, 2)] and context.index.loaded(context.runs)
    context.index.ensure(context.runs, lambda done, total: said.append((done, total)))
    assert len(said) == 2  # loaded once


def test_response_search_survives_an_earlier_interruption(context: ReviewContext) -> None:
    """A newer search interrupts the response scan in flight; an interruption with nothing in
    flight must not stop the next scan."""
    context.index.interrupt_search()
    alpha = (RUN_IDS["alpha"], "cmath", "dev-0102")
    assert context.index.response_hits(context.runs, "我不知道", 10) == (alpha,)
    assert context.index.response_hits(context.runs, "所以鱼36元", 10) == (
        (RUN_IDS["alpha"], "cmath", "dev-0002"),
    )
