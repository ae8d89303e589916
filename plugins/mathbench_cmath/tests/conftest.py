"""Fixtures for the CMATH plugin's tests: an isolated cache and the real data.

The real files are found through ``MATHBENCH_DATA_DIR`` or ``../shared/data`` beside the checkout.
Without them the tests that need them skip, unless ``MATHBENCH_TEST_DOWNLOAD=1`` allows them to
download the pinned files (tests never reach the network otherwise).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DOWNLOAD_ENV = "MATHBENCH_TEST_DOWNLOAD"


def _shared_data_dir() -> Path | None:
    configured = os.environ.get("MATHBENCH_DATA_DIR")
    candidates = [Path(configured)] if configured else []
    candidates.append(REPO.parent / "shared" / "data")
    return next((path for path in candidates if (path / "cmath").is_dir()), None)


# Read once, before any test's monkeypatching: the autouse fixture below hides the variable.
SHARED_DATA_DIR = _shared_data_dir()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty cache and no data folder unless it asks for one."""
    monkeypatch.setenv("MATHBENCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MATHBENCH_DATA_DIR", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pinned CMATH files from the shared folder, or downloads when explicitly allowed."""
    if SHARED_DATA_DIR is not None:
        monkeypatch.setenv("MATHBENCH_DATA_DIR", str(SHARED_DATA_DIR))
    elif os.environ.get(DOWNLOAD_ENV) != "1":
        pytest.skip(
            "CMATH data not found: set MATHBENCH_DATA_DIR to a folder holding cmath/*.jsonl, "
            f"or {DOWNLOAD_ENV}=1 to let the test download the pinned files"
        )


@pytest.fixture
def shared_cmath() -> Path:
    """The shared folder of real CMATH files, to serve over HTTP; skip without it."""
    if SHARED_DATA_DIR is None:
        pytest.skip("CMATH data not found: set MATHBENCH_DATA_DIR to a folder holding cmath/")
    return SHARED_DATA_DIR / "cmath"
