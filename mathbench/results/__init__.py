"""Results, read: one road for every reader of a results file (the report, export, compare and
runs commands, and the reviewer).

* ``status``: an item's status, accuracy and the default pass mark, defined once;
* ``ResultsSource``: read access that never gets in a writing run's way, reading a consistent
  snapshot (``take_snapshot``) while a run holds the file, and saying so;
* reports (``build_reports``, ``summarize_runs``, ``RunReport``, ``Tally``): the numbers every
  command prints, from one computation, with 95% Wilson intervals (``wilson_interval``);
* ``annotations``: the reviewer's file of verification samples, human judgements and authored
  variants, whose schema lives beside the results file's.
"""

from mathbench.report import Item, RunReport, Tally, build_reports, sort_key, summarize_runs
from mathbench.results.intervals import Z_95, Confusion, Proportion, wilson_interval
from mathbench.results.snapshot import take_snapshot
from mathbench.results.source import Access, Detail, Population, ResultsSource, RunInfo
from mathbench.results.status import (
    PASS_MARK,
    SCORED,
    STATUSES,
    Status,
    accuracy,
    status_sql,
)

__all__ = [
    "PASS_MARK",
    "SCORED",
    "STATUSES",
    "Z_95",
    "Access",
    "Confusion",
    "Detail",
    "Item",
    "Population",
    "Proportion",
    "ResultsSource",
    "RunInfo",
    "RunReport",
    "Status",
    "Tally",
    "accuracy",
    "build_reports",
    "sort_key",
    "status_sql",
    "summarize_runs",
    "take_snapshot",
    "wilson_interval",
]
