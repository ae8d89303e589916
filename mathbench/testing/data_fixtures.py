"""pytest fixtures for a benchmark plugin's data tests: an isolated cache, the real files.

Every benchmark plugin's tests need the same three fixtures, differing only in the data folders
they need and where to look for them; ``data_fixtures`` builds them, and a plugin's
``conftest.py`` binds them to names:

    isolated, real_data, shared_folder = data_fixtures(
        ("gsm8k",), "GSM8K", "gsm8k/test.jsonl", search=[Path("../shared/data")]
    )

The real files are found through ``MATHBENCH_DATA_DIR`` (read once, when the conftest is
imported, before the autouse fixture hides it) or in ``search``. Without them the tests that need
them skip with a reason, unless ``MATHBENCH_TEST_DOWNLOAD=1`` lets them download the pinned files:
tests never reach the network otherwise. This module imports pytest: use it from tests only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

DOWNLOAD_ENV = "MATHBENCH_TEST_DOWNLOAD"


def find_data_folder(folders: Sequence[str], search: Sequence[Path]) -> Path | None:
    """The first of ``$MATHBENCH_DATA_DIR`` and ``search`` that holds all of ``folders``."""
    configured = os.environ.get("MATHBENCH_DATA_DIR")
    candidates = [Path(configured)] if configured else []
    candidates.extend(search)
    return next(
        (path for path in candidates if all((path / name).is_dir() for name in folders)), None
    )


def data_fixtures(
    folders: Sequence[str],
    label: str,
    holding: str,
    search: Sequence[Path],
    *,
    shared_name: str = "shared_folder",
    serve_parent: bool = False,
) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """``(isolated, real_data, <shared_name>)`` fixtures for the data ``folders``.

    * ``isolated`` (autouse): an empty cache per test and no data folder unless asked for;
    * ``real_data``: points ``MATHBENCH_DATA_DIR`` at the real files, or skips;
    * ``shared_name``: the folder of real files to serve over HTTP (the data folder itself with
      ``serve_parent``, for plugins whose benchmarks span several folders), or skips.

    ``label`` names the data in skip reasons; ``holding`` says what the folder must hold.
    """
    found = find_data_folder(folders, search)
    missing = f"{label} data not found: set MATHBENCH_DATA_DIR to a folder holding {holding}"

    @pytest.fixture(autouse=True)
    def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """Every test gets an empty cache and no data folder unless it asks for one."""
        monkeypatch.setenv("MATHBENCH_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.delenv("MATHBENCH_DATA_DIR", raising=False)
        return tmp_path / "cache"

    @pytest.fixture
    def real_data(monkeypatch: pytest.MonkeyPatch) -> None:
        """The pinned files from the shared folder, or downloads when explicitly allowed."""
        if found is not None:
            monkeypatch.setenv("MATHBENCH_DATA_DIR", str(found))
        elif os.environ.get(DOWNLOAD_ENV) != "1":
            pytest.skip(f"{missing}, or {DOWNLOAD_ENV}=1 to let the tests download them")

    @pytest.fixture(name=shared_name)
    def shared() -> Path:
        """The folder of real files, to serve over HTTP; skip without it."""
        if found is None:
            pytest.skip(missing)
        return found if serve_parent else found / folders[0]

    return isolated, real_data, shared
