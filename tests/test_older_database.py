"""A results file of another schema given to ``mathbench run``: upgraded before anything is
generated, or refused with one sentence before anything is generated; never an answer generated
and then lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from mathbench import store
from mathbench.cli import cli
from mathbench.registry import Registry

RUN = ["run", "toy", "-m", "scripted:m", "--no-progress"]


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def stored(toy_registry: Registry, tmp_path: Path) -> Path:
    """A database with a finished toy run (the first two problems)."""
    db = tmp_path / "older.duckdb"
    ran = CliRunner().invoke(cli, [*RUN, "--limit", "2", "--db", str(db)], obj=toy_registry)
    assert ran.exit_code == 0, ran.output
    return db


def test_an_older_database_is_upgraded_before_the_run_generates(
    toy_registry: Registry, scripted: Any, stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file has every migration but the newest, as one an older mathbench wrote."""
    newer = ("m999_test_notes", "CREATE TABLE notes (problem_id VARCHAR, note VARCHAR)")
    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, newer])
    before = rows(stored, "SELECT problem_id, response FROM generations ORDER BY 1")
    scripted.calls.clear()
    ran = CliRunner().invoke(cli, [*RUN, "--db", str(stored)], obj=toy_registry)
    assert ran.exit_code == 0, ran.output
    assert len(scripted.calls) == 3  # the two stored answers were reused
    after = rows(stored, "SELECT problem_id, response FROM generations ORDER BY 1")
    assert set(before) < set(after) and len(after) == 5
    assert ("m999_test_notes",) in rows(stored, "SELECT name FROM schema_migrations")
    assert rows(stored, "SELECT count(*) FROM notes") == [(0,)]


def test_a_database_lacking_a_column_is_refused_before_the_run_generates(
    toy_registry: Registry, scripted: Any, stored: Path
) -> None:
    """Its migrations say it is current, but a column the run writes is not there (a file made
    by hand, or by a mathbench whose schema differed): nothing is generated to be lost."""
    with duckdb.connect(str(stored)) as connection:
        connection.execute("ALTER TABLE generations DROP COLUMN latency_s")
    before = rows(stored, "SELECT * FROM generations ORDER BY problem_id")
    scripted.calls.clear()
    ran = CliRunner().invoke(cli, [*RUN, "--db", str(stored)], obj=toy_registry)
    assert ran.exit_code == 1
    assert ran.stderr.splitlines() == [
        f"Error: The database {stored} lacks the columns this mathbench stores results in "
        "(generations.latency_s); pass --db with another file."
    ]
    assert scripted.calls == []
    assert rows(stored, "SELECT * FROM generations ORDER BY problem_id") == before


def test_a_database_whose_tables_predate_its_migration_record_is_refused(
    toy_registry: Registry, scripted: Any, stored: Path
) -> None:
    """The first migration's tables by hand, with no record of it: the upgrade cannot apply it,
    and says so in one sentence instead of a DuckDB traceback."""
    with duckdb.connect(str(stored)) as connection:
        connection.execute("DELETE FROM schema_migrations")
    scripted.calls.clear()
    ran = CliRunner().invoke(cli, [*RUN, "--db", str(stored)], obj=toy_registry)
    assert ran.exit_code == 1
    lines = ran.stderr.splitlines()
    assert len(lines) == 1 and "cannot be upgraded to this mathbench (migration m001" in lines[0]
    assert scripted.calls == []
    assert len(rows(stored, "SELECT * FROM generations")) == 2
