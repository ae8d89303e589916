"""The live statistics beside the verification screen: the checker against the annotator, with
95% Wilson intervals, the confusion matrix, and Cohen's kappa with every other annotator.
Items judged "unsure" count as judged (progress) but in no ratio and no kappa: they are shown
apart, so that a hard item skipped does not pass for a verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets import Static

from mathbench.plugins.tui.stats import Confusion, cohen_kappa
from mathbench.results.annotations import Judgement, SampleItem


def agreement(items: Sequence[SampleItem], judged: Mapping[int, Judgement]) -> Confusion:
    """The checker's verdicts against one annotator's judgements, over the items they judged
    correct or incorrect."""
    return Confusion.of(
        (item.checker_correct, judged[item.position].human_correct)
        for item in items
        if item.position in judged and not judged[item.position].unsure
    )


def kappas(
    annotator: str, judgements: Mapping[str, Mapping[int, Judgement]]
) -> list[tuple[str, int, float | None]]:
    """``(other annotator, items both judged, kappa)`` for every other annotator."""
    mine = judgements.get(annotator, {})
    found = []
    for other, theirs in sorted(judgements.items()):
        if other == annotator:
            continue
        shared = sorted(
            p for p in set(mine) & set(theirs) if not (mine[p].unsure or theirs[p].unsure)
        )
        first = [mine[p].human_correct for p in shared]
        second = [theirs[p].human_correct for p in shared]
        found.append((other, len(shared), cohen_kappa(first, second)))
    return found


class StatsPanel(Static):
    """Re-rendered after every judgement."""

    def show_stats(
        self,
        items: Sequence[SampleItem],
        annotator: str,
        judgements: Mapping[str, Mapping[int, Judgement]],
    ) -> None:
        mine = judgements.get(annotator, {})
        confusion = agreement(items, mine)
        c = confusion
        unsure = sum(judged.unsure for judged in mine.values())
        lines: list[Content | str] = [
            Content.styled(f"{annotator}: {len(mine)} of {len(items)} judged", "bold"),
            Content.styled(f"unsure (in no ratio): {unsure}", "$text-muted"),
            "",
            Content.styled("checker vs you", "$text-muted"),
            f"{'':12}{'you ✓':>9}{'you ✗':>9}",
            f"{'checker ✓':12}{c.true_positive:>9}{c.false_positive:>9}",
            f"{'checker ✗':12}{c.false_negative:>9}{c.true_negative:>9}",
            "",
            Content.styled("95% Wilson intervals", "$text-muted"),
            Content.assemble(("precision ", "bold"), c.precision.describe()),
            Content.assemble(("recall    ", "bold"), c.recall.describe()),
            Content.assemble(("accuracy  ", "bold"), c.accuracy.describe()),
            Content.styled("(paper: precision 96%, recall 98% on 200)", "$text-muted"),
        ]
        others = kappas(annotator, judgements)
        if others:
            lines += ["", Content.styled("Cohen's kappa with", "$text-muted")]
            for other, shared, kappa in others:
                value = "undefined" if kappa is None else f"{kappa:.2f}"
                lines.append(f"{other}: {value} on {shared} items")
        self.update(Content("\n").join(lines))
