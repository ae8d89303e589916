"""Fixtures: a small real results database made through mathbench's own Store API, with verdicts
from the real CMATH checker, and an environment that never touches the user's files.

The database is built once per session and copied per test: the reviewer only reads it, but a
test may write the annotations file beside it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from mathbench import Completion, Problem, get_checker
from mathbench.plugins.tui.context import ReviewContext
from mathbench.store import NewGeneration, Store

SIZE = (120, 36)


def problem(
    problem_id: str, text: str, golden: str, grade: int, steps: int, digits: int
) -> Problem:
    return Problem(
        problem_id,
        text,
        golden,
        "dev",
        {"grade": grade, "reasoning_step": steps, "num_digits": digits},
    )


PROBLEMS = [
    problem("dev-0000", "小明有9个苹果，吃了2个，还剩几个？", "7", 1, 1, 1),
    problem("dev-0001", "一本书有99页，看了90页，还剩多少页？", "9", 1, 1, 2),
    problem("dev-0002", "妈妈带了30元，买了一条鱼，剩6元，鱼多少元？", "24", 1, 2, 2),
    problem("dev-0100", "张师傅上午修了18把椅子，下午修了29把，一共修了多少把？", "47", 2, 1, 2),
    problem("dev-0101", "图书室有52本故事书，科技书比故事书多6本，科技书有多少本？", "58", 2, 1, 2),
    problem("dev-0102", "一根绳子长52米，做跳绳用去44米，还剩多少米？", "8", 2, 2, 2),
    problem("dev-0200", "小猴摘了84个桃子，平均分给6只猴子，每只分到几个？", "14", 3, 1, 2),
    problem("dev-0201", "李师傅4天加工40个零件，照这样30天加工多少个？", "300", 3, 2, 3),
    problem(
        "dev-0202",
        "一个班48人，其中21人参加数学竞赛，没参加的有多少人？[答案写整数]",
        "27",
        3,
        3,
        2,
    ),
]

#: Responses per model; None leaves the problem pending, "ERROR" stores a backend error.
RESPONSES: dict[str, dict[str, str | None]] = {
    "alpha": {
        "dev-0000": "9-2=7（个）\n答：还剩7个。",
        "dev-0001": "99-90=9（页）\n答：还剩9页。",
        "dev-0002": "30+6=36，所以鱼36元。",
        "dev-0100": "18+29=47（把）\n答：一共修了47把。",
        "dev-0101": "52+6=58\n答：58本。",
        "dev-0102": "我不知道。",
        "dev-0200": "84÷6=14\n答：每只14个。",
        "dev-0201": "ERROR",
        "dev-0202": None,
    },
    "beta": {
        "dev-0000": "答：7",
        "dev-0001": "答：19",
        "dev-0002": "答：36",
        "dev-0100": "答：47",
        "dev-0101": "答：46",
        "dev-0102": "答：8",
        "dev-0200": "答：14",
        "dev-0201": "答：300",
        "dev-0202": "答：27",
    },
}

RUN_IDS = {"alpha": "a1a1a1a1a1a1", "beta": "b2b2b2b2b2b2"}


def build_results(path: Path) -> None:
    """Two runs of a CMATH-like benchmark through the real Store and the real cmath checker."""
    checker = get_checker("cmath")
    with Store(path) as store:
        store.save_problems("cmath", PROBLEMS)
        for model, responses in RESPONSES.items():
            key = f"key-{model}"
            config = {
                "benchmark": "cmath",
                "split": "dev",
                "backend": "scripted",
                "model": model,
                "template": "raw",
                "checker": "cmath",
                "samples": 1,
                "report": {
                    "by": ["grade", "reasoning_step", "num_digits"],
                    "pass_by": "grade",
                    "pass_mark": 0.6,
                },
            }
            store.save_run(RUN_IDS[model], key, config, [p.id for p in PROBLEMS])
            for problem in PROBLEMS:
                response = responses[problem.id]
                if response is None:
                    continue
                if response == "ERROR":
                    completion = Completion(problem.id, "", error="HTTP 500: overloaded")
                    verdict = None
                else:
                    completion = Completion(
                        problem.id, response, finish_reason="stop", completion_tokens=12
                    )
                    verdict = checker.check(response, problem.golden)
                prompt = [{"role": "user", "content": problem.text}]
                store.save_generations(
                    key, [NewGeneration(problem.id, 0, prompt, completion, verdict)]
                )
    # Fixed creation times, so that the newest run (beta) and the screenshots are stable.
    connection = duckdb.connect(str(path))
    for hour, run_id in enumerate(RUN_IDS.values()):
        connection.execute(
            "UPDATE runs SET created_at = ? WHERE run_id = ?", [datetime(2026, 1, 1, hour), run_id]
        )
    connection.close()


@pytest.fixture(scope="session")
def results_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "results.duckdb"
    build_results(path)
    return path


@pytest.fixture
def results_db(results_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "results.duckdb"
    shutil.copyfile(results_template, path)
    return path


@pytest.fixture
def annotations_path(results_db: Path) -> Path:
    return results_db.with_name("results.annotations.sqlite")


@pytest.fixture
def context(results_db: Path, annotations_path: Path) -> Iterator[ReviewContext]:
    opened = ReviewContext.open(results_db, annotations_path, annotator="alice")
    yield opened
    opened.close()
