"""`mathbench report --html`: one self-contained file, checked in a real headless Chromium (the page
shows the run id, the verdict and every item, and its filter works), escaped, with the checker's
human-verified precision and recall when the reviewer has judgements, and small for 1,000 items."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from mathbench._html_report import highlighted
from mathbench._human_judgements import checker_agreement
from mathbench.cli import cli
from mathbench.registry import Registry
from mathbench.results import Proportion
from mathbench.results.annotations import AnnotationStore, SampleItem, SampleSpec
from mathbench.store import Store
from mathbench.types import Candidate
from tests.conftest import TOY_PROBLEMS, ScriptedBackend
from tests.reporting_kit import GradedBenchmark, GradedPlugin, invoke, run_ids

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: A response a page must show as text: markup, entities, quotes and LaTeX.
HOSTILE = "<script>document.title='pwned'</script> & \"quoted\" 'x' \\frac{1}{2} &amp; </td>"
#: A wrong answer whose span (the whole response, for the toy checker) holds markup.
WRONG = '3 <b class="x">&lt;</b>'


class Dom(HTMLParser):
    """What the tests look at in a page: item rows (status, hidden), elements by id, verdicts,
    scripts and marks."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: list[tuple[str, bool]] = []
        self.scripts = 0
        self.svgs = 0
        self.by_id: dict[str, str] = {}
        self.verdicts: list[str] = []
        self.responses: list[str] = []
        self.marks: list[str] = []
        self._open: list[tuple[str, list[str]]] = []
        self._text: dict[str, list[str]] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and "data-status" in attributes:
            self.rows.append((str(attributes["data-status"]), "hidden" in attributes))
        self.scripts += tag == "script"
        self.svgs += tag == "svg"
        name = attributes.get("id") or ("verdict" if attributes.get("class") == "verdict" else None)
        name = name or ("response" if attributes.get("class") == "r" else None)
        name = name or ("mark" if tag == "mark" else None)
        if name:
            self._open.append((tag, [name]))
        elif self._open:
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            opened, names = self._open.pop()
            for name in names:
                text = "".join(self._text.pop(name, []))
                if name == "verdict":
                    self.verdicts.append(text)
                elif name == "response":
                    self.responses.append(text)
                elif name == "mark":
                    self.marks.append(text)
                else:
                    self.by_id[name] = text
            if opened == tag:
                return

    def handle_data(self, data: str) -> None:
        for _, names in self._open:
            for name in names:
                self._text.setdefault(name, []).append(data)

    def visible(self) -> list[str]:
        return [status for status, hidden in self.rows if not hidden]


def dump_dom(page: Path, profile: Path, fragment: str = "") -> Dom:
    """The page's DOM after its script ran, from a real headless Chromium with no network."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    done = subprocess.run(
        [
            CHROMIUM,
            *("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"),
            *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.absolute().as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    return Dom(done.stdout)


@pytest.fixture
def toy_run(toy_registry: Registry, tmp_path: Path) -> tuple[Registry, Path, str]:
    """The toy run (five problems, grades 1-3): three correct, one wrong answer holding markup,
    one response that is all markup and no answer."""
    ScriptedBackend.answers[TOY_PROBLEMS[3].text] = WRONG
    ScriptedBackend.answers[TOY_PROBLEMS[4].text] = HOSTILE
    db = tmp_path / "html.duckdb"
    assert invoke(toy_registry, "run", "toy", "-m", "scripted:m", "--db", db).exit_code == 0
    return toy_registry, db, run_ids(toy_registry, db)[0]


def test_the_page_in_chromium_shows_the_run_and_filters_its_items(
    toy_run: tuple[Registry, Path, str], tmp_path: Path
) -> None:
    registry, db, run_id = toy_run
    page = tmp_path / "report.html"
    written = invoke(registry, "report", "--db", db, "--html", page)
    assert written.output.startswith(f"Wrote the report of 1 run(s) to {page} (")
    verdict = "scripted:m passes grade 1 (accuracy >= 60%) and fails grades 2-3."

    everything = dump_dom(page, tmp_path / "profile")
    assert everything.by_id["run-ids"] == run_id
    assert everything.verdicts == [verdict]
    assert everything.visible() == ["correct", "correct", "correct", "wrong", "no_answer"]
    assert everything.by_id["shown"] == "5 of 5 items shown"
    assert everything.scripts == 1  # the page's own: the response's <script> is text
    assert everything.by_id["items"]  # the table is there
    assert everything.responses == ["2", "5", "12", WRONG, HOSTILE]  # as text, unchanged
    assert WRONG in everything.marks  # the checker's span, highlighted
    assert everything.svgs == 1  # the figure by grade

    wrong = dump_dom(page, tmp_path / "profile", "#status=wrong")
    assert wrong.visible() == ["wrong"]
    assert wrong.by_id["shown"] == "1 of 5 items shown"
    graded = dump_dom(page, tmp_path / "profile", "#grade=1&status=correct")
    assert graded.visible() == ["correct", "correct"]


def test_spans_are_highlighted_in_place_and_escaped() -> None:
    response = "a<b 18 & 1/2"
    spans = [
        Candidate("1/2", 9, 12, "1/2", False),
        Candidate("18", 4, 6, "18", True),
        Candidate("8 ", 5, 7, "8", False),  # overlaps the one before: left out
        Candidate("x", 40, 41, "x", False),  # past the end: left out
    ]
    assert highlighted(response, spans) == (
        'a&lt;b <mark class="m" title="read as 18">18</mark> &amp; '
        '<mark title="read as 1/2">1/2</mark>'
    )


def judge_toy_run(path: Path, db: Path, run_id: str) -> None:
    """A reviewer's sample of the toy run with judgements, written by the reviewer's own code:
    annotator "ana" says p1, p3 and p4 are correct and (after changing her mind) p2 is not;
    "ben" judges p1 only."""
    with Store(db, read_only=True) as store:
        key = store.run_generation_key(run_id)
    checker_says = {"p1": True, "p2": True, "p3": True, "p4": False}
    items = [
        SampleItem(
            position=i,
            generation_key=key,
            benchmark="toy",
            problem_id=problem_id,
            sample_index=0,
            text="",
            golden="",
            response="",
            annotations={},
            checker_correct=correct,
            checker_outcome="correct" if correct else "wrong",
            candidates=(),
            reason="",
        )
        for i, (problem_id, correct) in enumerate(checker_says.items())
    ]
    spec = SampleSpec(run_id=run_id, checker="exact", size=4)
    with AnnotationStore(path) as store:
        store.save_sample(spec, items, population=5, results_db=db, created_by="ana")
        for position, correct in [(0, True), (1, True), (1, False), (2, True), (3, True)]:
            store.judge(spec.sample_id, position, "ana", correct)
        store.judge(spec.sample_id, 0, "ben", True)


def test_human_verified_precision_and_recall(
    toy_run: tuple[Registry, Path, str], tmp_path: Path
) -> None:
    registry, db, run_id = toy_run
    judged = tmp_path / "judged.sqlite"
    judge_toy_run(judged, db, run_id)
    before = judged.read_bytes()
    ana, ben = checker_agreement(judged, run_id, "exact")
    assert (ana.annotator, ana.judged, ana.precision, ana.recall) == (
        "ana",
        4,
        Proportion(2, 3),
        Proportion(2, 3),
    )
    assert (ben.annotator, ben.precision, ben.recall) == ("ben", Proportion(1, 1), Proportion(1, 1))
    assert checker_agreement(judged, run_id, "numeric-equal") == []
    assert checker_agreement(tmp_path / "absent.sqlite", run_id, "exact") == []
    assert not (tmp_path / "absent.sqlite").exists()

    page = tmp_path / "judged.html"
    invoke(registry, "report", run_id, "--db", db, "--html", page, "--annotations", judged)
    text = page.read_text()
    assert "The checker, verified by hand" in text
    assert (
        f'<td>ana</td><td class="n">4</td><td class="n">{Proportion(2, 3).describe()}</td>' in text
    )
    assert Proportion(2, 3).describe().startswith("66.7% [")
    assert judged.read_bytes() == before  # read, never written

    plain = tmp_path / "plain.html"
    invoke(registry, "report", run_id, "--db", db, "--html", plain)
    assert "verified by hand" not in plain.read_text()  # no file beside this database


def test_page_without_matplotlib_still_has_everything_else(
    toy_run: tuple[Registry, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry, db, run_id = toy_run
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = tmp_path / "nofigures.html"
    invoke(registry, "report", run_id, "--db", db, "--html", page)
    dom = Dom(page.read_text())
    assert dom.svgs == 0
    assert "pip install &#x27;mathbench[plot]&#x27;" in page.read_text()
    assert len(dom.rows) == 5 and dom.by_id["run-ids"] == run_id


def test_output_rules(toy_run: tuple[Registry, Path, str], tmp_path: Path) -> None:
    registry, db, _ = toy_run

    def error(*args: str | Path) -> str:
        result = CliRunner().invoke(cli, [str(a) for a in args], obj=registry)
        assert result.exit_code == 1 and result.output.count("Error:") == 1, result.output
        return result.output

    wal = db.with_name(db.name + ".wal")
    assert f"is the database {db}" in error("report", "--db", db, "--html", db)
    assert f"is the database's log {wal}" in error("report", "--db", db, "--html", wal)
    assert not wal.exists()
    page = tmp_path / "once.html"
    page.write_text("kept")
    assert "already exists; pass --force" in error("report", "--db", db, "--html", page)
    assert page.read_text() == "kept"
    invoke(registry, "report", "--db", db, "--html", page, "--force")
    assert page.read_text().startswith("<!DOCTYPE html>")


def test_a_thousand_items_make_a_page_small_enough_to_email(
    registry_with: Callable[..., Registry], tmp_path: Path
) -> None:
    registry = registry_with(("graded", GradedPlugin()))
    problems = list(GradedBenchmark().problems("test"))
    reasoning = (
        "我们先算出小明原来有多少个苹果，再加上他又买的苹果。Let's think step by step: "
        "the total is the sum, $a + b$, so \\(x = a + b\\) and we check 0 < x. " * 6
    )
    responses = {  # two in three right
        p.text: f"{reasoning}\n答：一共有{p.golden if i % 3 else int(p.golden) + 1}个苹果。"
        for i, p in enumerate(problems)
    }
    ScriptedBackend.answers = dict(responses)
    db = tmp_path / "large.duckdb"
    ran = invoke(registry, "run", "graded", "-m", "scripted:big", "--db", db, "--no-progress")
    assert ran.exit_code == 0, ran.output
    page = tmp_path / "large.html"
    started = time.perf_counter()
    invoke(registry, "report", "--db", db, "--html", page)
    elapsed = time.perf_counter() - started
    size = page.stat().st_size
    dom = Dom(page.read_text())
    assert len(dom.rows) == 1000
    assert dom.rows.count(("correct", False)) == 666
    # Each response is ~730 characters: the page is the responses plus a little per row.
    assert size < 1.3 * sum(len(r.encode()) for r in responses.values()) + 400_000
    assert size < 2_500_000, f"{size:,} bytes for 1,000 items"
    assert elapsed < 20, f"{elapsed:.1f} s to write 1,000 items"
