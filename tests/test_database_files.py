"""Files given as --db that are not this mathbench's database: one sentence, left untouched."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from mathbench.cli import cli
from mathbench.registry import Registry
from mathbench.store import Store


def tables(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    return {str(row[0]) for row in rows}


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    path = tmp_path / "sales.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE orders (id INTEGER, total DOUBLE)")
        connection.execute("INSERT INTO orders VALUES (1, 9.5)")
    return path


@pytest.mark.parametrize(
    "arguments",
    [["run", "toy", "-m", "scripted:m"], ["runs"], ["report"], ["export", "abc"]],
)
def test_a_foreign_duckdb_file_is_refused_and_left_alone(
    toy_registry: Registry, foreign: Path, arguments: list[str]
) -> None:
    result = CliRunner().invoke(cli, [*arguments, "--db", str(foreign)], obj=toy_registry)
    assert result.exit_code != 0
    assert "is a DuckDB file but not a mathbench database" in result.output
    assert "Traceback" not in result.output
    assert tables(foreign) == {"orders"}


def test_a_database_of_a_newer_mathbench_is_refused_on_every_path(
    toy_registry: Registry, tmp_path: Path
) -> None:
    path = tmp_path / "newer.duckdb"
    Store(path).close()
    with duckdb.connect(str(path)) as connection:
        connection.execute("INSERT INTO schema_migrations VALUES ('m999_future', now())")
    for arguments in (["run", "toy", "-m", "scripted:m"], ["runs"], ["report"]):
        result = CliRunner().invoke(cli, [*arguments, "--db", str(path)], obj=toy_registry)
        assert result.exit_code != 0
        assert "written by a newer mathbench" in result.output


def test_compare_does_not_create_a_mistyped_database(
    toy_registry: Registry, tmp_path: Path
) -> None:
    missing = tmp_path / "typo.duckdb"
    result = CliRunner().invoke(
        cli,
        [
            "compare",
            "abc",
            "--checker",
            "exact",
            "--checker",
            "numeric-equal",
            "--db",
            str(missing),
        ],
        obj=toy_registry,
    )
    assert result.exit_code != 0 and "No mathbench database" in result.output
    assert not missing.exists()
