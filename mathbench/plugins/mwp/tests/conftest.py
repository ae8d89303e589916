"""Fixtures for the Math23K, SVAMP and ASDiv plugin's tests: an isolated cache and the real
data (see ``mathbench.testing.data_fixtures``), found in ``MATHBENCH_DATA_DIR`` or
``../shared/data`` beside the checkout."""

from __future__ import annotations

from pathlib import Path

from mathbench.testing.data_fixtures import data_fixtures

REPO = Path(__file__).resolve().parents[4]

isolated, real_data, shared_folder = data_fixtures(
    ("math23k", "svamp", "asdiv"),
    "Math23K/SVAMP/ASDiv",
    "math23k/, svamp/ and asdiv/",
    search=[REPO.parent / "shared" / "data"],
    serve_parent=True,
)
