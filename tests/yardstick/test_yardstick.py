"""The checkers against the independently written, hand-labelled sets (see README.md here).

The figures in docs/checkers.md come from ``measure.py``; this test keeps them from sliding back:
each default checker must stay at or above the precision and recall it reached when they were
written, a little below to leave room for a deliberate trade.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.yardstick.measure import Score, load, mathbench_judge

#: (part, group, checker) -> (precision, recall) floors.
FLOORS = {
    ("all", "word problems", "numeric"): (0.99, 0.99),
    ("all", "cmath", "numeric"): (0.99, 0.99),
    ("all", "math", "symbolic"): (0.99, 0.99),
    ("heldout2", "word problems", "numeric"): (0.99, 0.99),
    ("heldout2", "math", "symbolic"): (0.99, 0.99),
    ("heldout3", "word problems", "numeric"): (0.99, 0.99),
    ("heldout3", "math", "symbolic"): (0.99, 0.99),
    ("heldout4", "word problems", "numeric"): (0.99, 0.98),
    ("heldout4", "math", "symbolic"): (0.99, 0.96),
    ("heldout5", "word problems", "numeric"): (0.99, 0.98),
    ("heldout5", "math", "symbolic"): (0.99, 0.95),
    ("heldout6", "word problems", "numeric"): (0.99, 0.99),
    ("heldout6", "cmath", "numeric"): (0.99, 0.99),
    ("heldout6", "math", "symbolic"): (0.99, 0.99),
    ("heldout7", "word problems", "numeric"): (0.99, 0.98),
    ("heldout7", "cmath", "numeric"): (0.99, 0.99),
    ("heldout7", "math", "symbolic"): (0.99, 0.93),
    # The eighth set's author counted answers in another unit than the one asked as right; the
    # default policy (``Units.AS_ASKED``, as the seven before) does not: five CMATH items.
    ("heldout8", "word problems", "numeric"): (0.99, 0.94),
    ("heldout8", "cmath", "numeric"): (0.99, 0.91),
    ("heldout8", "math", "symbolic"): (0.99, 0.99),
    ("heldout9", "word problems", "numeric"): (0.99, 0.99),
    ("heldout9", "cmath", "numeric"): (0.99, 0.99),
    ("heldout9", "math", "symbolic"): (0.99, 0.99),
    ("heldout10", "word problems", "numeric"): (0.99, 0.99),
    ("heldout10", "cmath", "numeric"): (0.99, 0.99),
    ("heldout10", "math", "symbolic"): (0.99, 0.99),
    ("heldout11", "word problems", "numeric"): (0.99, 0.98),
    ("heldout11", "cmath", "numeric"): (0.99, 0.99),
    ("heldout11", "math", "symbolic"): (0.99, 0.99),
    ("heldout12", "word problems", "numeric"): (0.99, 0.98),
    ("heldout12", "cmath", "numeric"): (0.99, 0.99),
    ("heldout12", "math", "symbolic"): (0.99, 0.95),
    ("heldout13", "word problems", "numeric"): (0.99, 0.97),
    ("heldout13", "cmath", "numeric"): (0.99, 0.99),
    ("heldout13", "math", "symbolic"): (0.99, 0.99),
    ("heldout14", "word problems", "numeric"): (0.99, 0.99),
    ("heldout14", "cmath", "numeric"): (0.99, 0.99),
    ("heldout14", "math", "symbolic"): (0.99, 0.99),
    ("heldout15", "word problems", "numeric"): (0.99, 0.98),
    ("heldout15", "cmath", "numeric"): (0.99, 0.99),
    ("heldout15", "math", "symbolic"): (0.99, 0.99),
    ("heldout16", "word problems", "numeric"): (0.99, 0.99),
    ("heldout16", "math", "symbolic"): (0.99, 0.98),
    ("heldout17", "word problems", "numeric"): (0.99, 0.95),
    ("heldout17", "math", "symbolic"): (0.98, 0.98),
    ("heldout18", "word problems", "numeric"): (0.99, 0.96),
    ("heldout18", "math", "symbolic"): (0.99, 0.99),
    ("heldout19", "word problems", "numeric"): (0.97, 0.97),
    ("heldout19", "math", "symbolic"): (0.98, 0.98),
    ("heldout20", "word problems", "numeric"): (0.99, 0.99),
    ("heldout20", "math", "symbolic"): (0.99, 0.98),
    ("heldout21", "word problems", "numeric"): (0.99, 0.99),
    ("heldout21", "math", "symbolic"): (0.99, 0.98),
    ("heldout22", "word problems", "numeric"): (0.99, 0.99),
    ("heldout22", "math", "symbolic"): (0.99, 0.98),
    ("heldout23", "word problems", "numeric"): (0.99, 0.95),
    ("heldout23", "math", "symbolic"): (0.99, 0.99),
    ("heldout24", "word problems", "numeric"): (0.97, 0.97),
    ("heldout24", "math", "symbolic"): (0.99, 0.98),
    ("heldout25", "word problems", "numeric"): (0.99, 0.95),
    ("heldout25", "math", "symbolic"): (0.99, 0.99),
    ("heldout26", "word problems", "numeric"): (0.99, 0.95),
    ("heldout26", "math", "symbolic"): (0.99, 0.99),
    ("heldout27", "word problems", "numeric"): (0.99, 0.95),
    ("heldout27", "math", "symbolic"): (0.99, 0.99),
    ("heldout28", "word problems", "numeric"): (0.99, 0.97),
    ("heldout28", "math", "symbolic"): (0.99, 0.99),
    ("heldout29", "word problems", "numeric"): (0.99, 0.99),
    ("heldout29", "math", "symbolic"): (0.99, 0.99),
    ("heldout30", "word problems", "numeric"): (0.99, 0.99),
    ("heldout30", "math", "symbolic"): (0.99, 0.99),
    ("heldout31", "word problems", "numeric"): (0.99, 0.97),
    ("heldout31", "math", "symbolic"): (0.99, 0.99),
    ("heldout32", "word problems", "numeric"): (0.99, 0.97),
    ("heldout32", "math", "symbolic"): (0.99, 0.99),
    ("heldout33", "word problems", "numeric"): (0.99, 0.97),
    ("heldout33", "math", "symbolic"): (0.99, 0.99),
    ("heldout34", "word problems", "numeric"): (0.99, 0.99),
    ("heldout34", "math", "symbolic"): (0.99, 0.99),
    ("heldout35", "word problems", "numeric"): (0.99, 0.99),
    ("heldout35", "math", "symbolic"): (0.99, 0.99),
    ("heldout36", "word problems", "numeric"): (0.99, 0.99),
    ("heldout36", "math", "symbolic"): (0.99, 0.98),
    ("heldout37", "word problems", "numeric"): (0.99, 0.97),
    ("heldout37", "math", "symbolic"): (0.96, 0.96),
    ("heldout38", "word problems", "numeric"): (0.99, 0.97),
    ("heldout38", "math", "symbolic"): (0.99, 0.99),
    ("heldout39", "word problems", "numeric"): (0.99, 0.99),
    ("heldout39", "math", "symbolic"): (0.99, 0.98),
    ("heldout40", "word problems", "numeric"): (0.99, 0.99),
    ("heldout40", "math", "symbolic"): (0.99, 0.99),
    ("heldout41", "word problems", "numeric"): (0.99, 0.97),
    ("heldout41", "math", "symbolic"): (0.99, 0.98),
    ("heldout42", "word problems", "numeric"): (0.99, 0.97),
    ("heldout42", "math", "symbolic"): (0.98, 0.99),
    ("heldout43", "word problems", "numeric"): (0.99, 0.97),
    ("heldout43", "math", "symbolic"): (0.98, 0.96),
    ("heldout44", "word problems", "numeric"): (0.99, 0.99),
    ("heldout44", "math", "symbolic"): (0.99, 0.95),
    ("heldout45", "word problems", "numeric"): (0.97, 0.92),
    ("heldout45", "math", "symbolic"): (0.99, 0.98),
    ("heldout46", "word problems", "numeric"): (0.97, 0.92),
    ("heldout46", "math", "symbolic"): (0.99, 0.98),
    ("heldout47", "word problems", "numeric"): (0.93, 0.95),
    ("heldout47", "math", "symbolic"): (0.98, 0.95),
    ("heldout48", "word problems", "numeric"): (0.97, 0.95),
    ("heldout48", "math", "symbolic"): (0.99, 0.95),
    ("heldout49", "word problems", "numeric"): (0.99, 0.97),
    ("heldout49", "math", "symbolic"): (0.99, 0.99),
    ("heldout50", "word problems", "numeric"): (0.99, 0.97),
    ("heldout50", "math", "symbolic"): (0.99, 0.99),
    ("heldout51", "word problems", "numeric"): (0.99, 0.97),
    ("heldout51", "math", "symbolic"): (0.99, 0.99),
    ("heldout52", "word problems", "numeric"): (0.99, 0.97),
    ("heldout52", "math", "symbolic"): (0.99, 0.99),
    ("heldout53", "word problems", "numeric"): (0.99, 0.97),
    ("heldout53", "math", "symbolic"): (0.99, 0.99),
    ("heldout54", "word problems", "numeric"): (0.99, 0.97),
    ("heldout54", "math", "symbolic"): (0.99, 0.98),
    ("heldout55", "word problems", "numeric"): (0.99, 0.99),
    ("heldout55", "math", "symbolic"): (0.99, 0.99),
    ("heldout56", "word problems", "numeric"): (0.99, 0.95),
    ("heldout56", "math", "symbolic"): (0.99, 0.99),
    ("heldout57", "word problems", "numeric"): (0.99, 0.93),
    ("heldout57", "math", "symbolic"): (0.99, 0.99),
    ("heldout58", "word problems", "numeric"): (0.99, 0.95),
    ("heldout58", "math", "symbolic"): (0.99, 0.99),
    ("heldout59", "word problems", "numeric"): (0.99, 0.93),
    ("heldout59", "math", "symbolic"): (0.99, 0.99),
    ("heldout60", "word problems", "numeric"): (0.99, 0.97),
    ("heldout60", "math", "symbolic"): (0.99, 0.99),
    ("heldout61", "word problems", "numeric"): (0.99, 0.97),
    ("heldout61", "math", "symbolic"): (0.99, 0.99),
    ("heldout62", "word problems", "numeric"): (0.99, 0.89),
    ("heldout62", "math", "symbolic"): (0.99, 0.96),
    ("heldout63", "word problems", "numeric"): (0.99, 0.95),
    ("heldout63", "math", "symbolic"): (0.99, 0.99),
    ("heldout64", "word problems", "numeric"): (0.99, 0.97),
    ("heldout64", "math", "symbolic"): (0.99, 0.99),
    ("heldout65", "word problems", "numeric"): (0.99, 0.89),
    ("heldout65", "math", "symbolic"): (0.99, 0.99),
    ("heldout66", "word problems", "numeric"): (0.99, 0.91),
    ("heldout66", "math", "symbolic"): (0.99, 0.99),
    ("heldout67", "word problems", "numeric"): (0.97, 0.97),
    ("heldout67", "math", "symbolic"): (0.99, 0.99),
    ("heldout68", "word problems", "numeric"): (0.99, 0.94),
    ("heldout68", "math", "symbolic"): (0.99, 0.98),
}


@pytest.mark.parametrize(("part", "group", "checker"), list(FLOORS))
def test_the_checkers_hold_their_measured_precision_and_recall(
    data_dir: Path, part: str, group: str, checker: str
) -> None:
    items = load(part)
    if group == "math":
        items = [i for i in items if i.benchmark == "math"]
    elif group == "cmath":
        items = [i for i in items if i.benchmark == "cmath"]
    else:
        items = [i for i in items if i.benchmark != "math"]
    assert all(i.problem is not None for i in items), "problem texts are read from the data"
    run = mathbench_judge(checker)
    score = Score()
    for item in items:
        correct, undecided = run(item)
        score.add(item, correct, undecided)
    precision, recall = FLOORS[(part, group, checker)]
    assert score.precision >= precision and score.recall >= recall, score.misses
