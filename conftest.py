"""What every test of the repository shares, wherever it lives (``tests/``, a plugin's
``tests/``, the reviewer's): its own database, cache and annotations file, never the user's, and the
real benchmark files only when it asks for them (``data_dir``).

One copy here, so that an isolation rule added for one package's tests holds for all of them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent
#: Read once, before ``isolated_environment`` hides it from tests that do not ask for real data.
CONFIGURED_DATA_DIR = os.environ.get("MATHBENCH_DATA_DIR")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHBENCH_DB", str(tmp_path / "mathbench.duckdb"))
    monkeypatch.setenv("MATHBENCH_CACHE_DIR", str(tmp_path / "cache"))
    for variable in ("MATHBENCH_DISABLE_PLUGINS", "MATHBENCH_DATA_DIR", "MATHBENCH_ANNOTATIONS"):
        monkeypatch.delenv(variable, raising=False)


def shared_data_dir() -> Path | None:
    """``MATHBENCH_DATA_DIR`` if set, else ``../shared/data`` beside the checkout, if present."""
    candidates = [Path(CONFIGURED_DATA_DIR)] if CONFIGURED_DATA_DIR else []
    candidates.append(REPO.parent / "shared" / "data")
    return next((path for path in candidates if path.is_dir()), None)


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real benchmark files, or a skip that says why there are none."""
    found = shared_data_dir()
    if found is None:
        pytest.skip(
            "real benchmark data not found: set MATHBENCH_DATA_DIR to a folder laid out like "
            "../shared/data (this machine reaches no dataset host to download from)"
        )
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(found))
    return found
