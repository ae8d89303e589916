"""`mathbench report` carries the hand check of the checker (precision and recall with 95%
Wilson intervals over the distinct responses the annotators judged) and the failure tags given in
the reviewer."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mathbench.cli import cli
from mathbench.plugins.tui.tests.conftest import RUN_IDS
from mathbench.registry import load_registry
from mathbench.results.annotations import AnnotationStore, SampleItem, SampleSpec


def judged_sample(annotations: Path, results: Path) -> None:
    """Four responses of beta judged by two annotators: the checker says correct, correct,
    wrong, wrong; alice says correct, wrong, correct, wrong; bob agrees with the checker."""
    spec = SampleSpec(RUN_IDS["beta"], "cmath", size=4)
    items = [
        SampleItem(i, "key-beta", "cmath", f"dev-000{i}", 0, "t", "1", "r", {}, i < 2, "o", (), "")
        for i in range(4)
    ]
    with AnnotationStore(annotations) as store:
        info = store.save_sample(spec, items, population=9, results_db=results, created_by="a")
        for position, (alice, bob) in enumerate(
            [(True, True), (False, True), (True, False), (False, False)]
        ):
            store.judge(info.sample_id, position, "alice", alice)
            store.judge(info.sample_id, position, "bob", bob)
        store.tag_item(RUN_IDS["beta"], "dev-0001", "arithmetic slip", "alice")


def test_report_prints_the_agreement_line_and_the_tags(results_db: Path) -> None:
    annotations = results_db.with_name("results.annotations.sqlite")
    judged_sample(annotations, results_db)
    registry = load_registry()
    result = CliRunner().invoke(
        cli, ["report", RUN_IDS["beta"], "--db", str(results_db)], obj=registry
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    # Four responses, each counted once: on two the annotators agree (correct with the checker's
    # "correct", wrong with its "wrong"), on two they disagree and nobody adjudicated.
    assert (
        "checker cmath agreed with 2 annotators on 2 items: precision 100.0% [20.7, 100.0], "
        "recall 100.0% [20.7, 100.0]; 2 items where they disagree await adjudication"
    ) in output
    assert "failure tags from the reviewer: arithmetic slip 1" in output


def test_report_without_judgements_prints_no_such_line(results_db: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "--db", str(results_db)], obj=load_registry())
    assert result.exit_code == 0 and "agreed with" not in result.output
