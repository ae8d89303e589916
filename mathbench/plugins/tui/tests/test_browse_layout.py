"""Issue 11, items 4, 5 and 7 on the runs screen: at 80x24 nothing hides state, the same problem
is grouped across runs of different sizes, any column sorts, the problem text takes the width,
help lists the screen's keys first, and the focus is plain to see."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from mathbench import Completion, get_checker
from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.failure_table import DITTO, FailureTable
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.help import HelpScreen
from mathbench.plugins.tui.tests.conftest import PROBLEMS, RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.store import NewGeneration, Store

pytestmark = pytest.mark.asyncio


def table(app: ReviewApp) -> FailureTable:
    return app.screen.query_one(FailureTable)


async def test_at_80x24_the_search_is_stated_and_the_footer_keeps_its_keys(
    context: ReviewContext,
) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"桃子", "escape")
        await settle(pilot)
        active = app.screen.query_one("#active-filters", Static)
        assert active.region.right <= 80 and active.region.height == 1
        assert 'search "桃子"' in str(active.render())
        footer = app.screen.query_one(Footer)
        visible = {
            key.key
            for key in footer.query(FooterKey)
            if key.region.width and key.region.right <= footer.region.right
        }
        assert {"a", "r", "question_mark", "q"} <= visible


def add_smaller_run(results: Path) -> str:
    """A third run over three of the problems, in another order (a --limit'ed rerun, say)."""
    chosen = [PROBLEMS[6], PROBLEMS[0], PROBLEMS[4]]
    checker = get_checker("cmath")
    with Store(results) as store:
        config = {
            "benchmark": "cmath", "split": "dev", "backend": "scripted", "model": "gamma",
            "template": "raw", "checker": "cmath", "samples": 1,
            "report": {"by": ["grade"], "pass_by": "grade", "pass_mark": 0.6},
        }  # fmt: skip
        store.save_run("c3c3c3c3c3c3", "key-gamma", config, [p.id for p in chosen])
        for problem in chosen:
            completion = Completion(problem.id, f"答：{problem.golden}", finish_reason="stop")
            verdict = checker.check(completion.text, problem.golden)
            prompt = [{"role": "user", "content": problem.text}]
            store.save_generations(
                "key-gamma", [NewGeneration(problem.id, 0, prompt, completion, verdict)]
            )
    return "c3c3c3c3c3c3"


async def test_one_problem_is_grouped_across_runs_of_different_sizes(
    results_db: Path, annotations_path: Path
) -> None:
    gamma = add_smaller_run(results_db)
    context = ReviewContext.open(
        results_db, annotations_path, annotator="alice", run_ids=[RUN_IDS["alpha"], gamma]
    )
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = [(row.problem_id, row.run_id[:1]) for row in table(app).rows_shown]
        # dev-0200 is gamma's first problem but alpha's seventh: its two rows still meet.
        for problem in ("dev-0000", "dev-0101", "dev-0200"):
            at = [i for i, (pid, _) in enumerate(rows) if pid == problem]
            assert len(at) == 2 and at[1] == at[0] + 1, rows
        second = table(app).get_row_at(1)
        assert str(second[1]) == DITTO  # the group's second row does not repeat the problem
    context.close()


async def test_any_column_sorts_and_the_header_says_so(context: ReviewContext) -> None:
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = table(app).sort_keys
        for _ in range(keys.index("golden")):
            await pilot.press("s")
        await settle(pilot)
        goldens = [row.golden for row in table(app).rows_shown]
        assert goldens == sorted(goldens, key=float)  # numbers as numbers: 7 before 14
        assert any("↑" in str(c.label) for c in table(app).ordered_columns)
        await pilot.press("S")
        await settle(pilot)
        goldens = [row.golden for row in table(app).rows_shown]
        assert goldens == sorted(goldens, key=float, reverse=True)
        assert "sorted by golden" in str(app.screen.query_one("#active-filters", Static).render())


async def test_the_problem_text_takes_the_width_left(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=(230, 40)) as pilot:
        await settle(pilot)
        longest = max(PROBLEMS, key=lambda p: len(p.text)).id
        row = next(i for i, r in enumerate(table(app).rows_shown) if r.problem_id == longest)
        text = str(table(app).get_row_at(row)[-1])
        assert text == next(p.text for p in PROBLEMS if p.id == longest)


async def test_help_lists_the_screens_keys_first_and_left_is_not_scroll_left(
    context: ReviewContext,
) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("DetailPane").focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = [line for line in app.screen.keys.splitlines() if line.startswith("| `")]
        assert rows[0].startswith("| `/`")
        assert not any("Scroll Left" in row for row in rows)
        left = [row for row in rows if row.startswith("| `←`")]
        assert left and "long lines" in left[0]


async def test_the_focused_pane_has_a_heavy_border(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one("DetailPane")
        assert str(table(app).styles.border_top[0]) == "heavy"
        assert str(detail.styles.border_top[0]) != "heavy"
        detail.focus()
        await pilot.pause()
        assert str(detail.styles.border_top[0]) == "heavy"
        assert str(table(app).styles.border_top[0]) != "heavy"
