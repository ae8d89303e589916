"""The examples in docs/checkers.md run, and their assertions hold: the page cannot drift from
what the checkers do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[4] / "docs" / "checkers.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)


def test_the_page_has_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=range(len(EXAMPLES)))
def test_each_example_runs(example: str) -> None:
    exec(compile(example, str(DOCS), "exec"), {"__name__": "checkers_docs_example"})
