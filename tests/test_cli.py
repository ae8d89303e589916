"""Every CLI command, in process through click's runner with the toy plugin, and a few through a
real subprocess to see exactly what a user sees."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import duckdb
import pytest
from click.testing import CliRunner, Result

from mathbench import hookimpl
from mathbench.cli import cli
from mathbench.registry import Registry, load_registry


def invoke(registry: Registry, args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), obj=registry, catch_exceptions=False)


def test_run_then_report_runs_export(toy_registry: Registry, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    ran = invoke(toy_registry, ["run", "toy", "--model", "scripted:m", "--db", db, "--no-progress"])
    assert ran.exit_code == 0, ran.output
    assert "Accuracy by grade" in ran.output
    assert "passes grade 1 (accuracy >= 60%)" in ran.output

    listed = invoke(toy_registry, ["runs", "--db", db, "--json"])
    runs = json.loads(listed.output)
    assert len(runs) == 1
    run_id = runs[0]["run_id"]
    assert runs[0]["overall"]["correct"] == 3

    reported = invoke(toy_registry, ["report", run_id[:6], "--db", db, "--json"])
    report = json.loads(reported.output)[0]
    assert report["overall"]["accuracy"] == pytest.approx(0.6)
    assert [g["value"] for g in report["breakdowns"]["grade"]] == ["1", "2", "3"]

    for fmt in ("jsonl", "csv", "parquet"):
        target = tmp_path / f"out.{fmt}"
        exported = invoke(
            toy_registry, ["export", run_id, "--format", fmt, "-o", str(target), "--db", db]
        )
        assert f"Wrote 5 rows to {target}" in exported.output
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["problem_id"] for r in rows] == ["p1", "p2", "p3", "p4", "p5"]
    assert rows[3]["response"] == "3" and rows[3]["outcome"] == "wrong"
    with (tmp_path / "out.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 5
    parquet = (
        duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'out.parquet'}'").fetchall()
    )
    assert parquet == [(5,)]


def test_side_by_side_report(toy_registry: Registry, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    invoke(toy_registry, ["run", "toy", "-m", "scripted:a", "--db", db, "--no-progress"])
    invoke(
        toy_registry,
        ["run", "toy", "-m", "scripted:b", "--db", db, "--no-progress", "--grade", "1"],
    )
    ids = [
        r["run_id"] for r in json.loads(invoke(toy_registry, ["runs", "--db", db, "--json"]).output)
    ]
    shown = invoke(toy_registry, ["report", *ids, "--db", db])
    assert "scripted:a" in shown.output and "scripted:b" in shown.output
    assert shown.output.count("Accuracy by grade") == 1  # one table, a column per run


def test_score_file(toy_registry: Registry, tmp_path: Path) -> None:
    responses = tmp_path / "responses.jsonl"
    responses.write_text(
        "\n".join(
            json.dumps(line, ensure_ascii=False)
            for line in [
                {"golden": "18", "response": "18", "grade": 1},
                {"golden": "7", "response": "8", "grade": 1},
                {"golden": "3", "response": "", "grade": 2},
            ]
        )
    )
    out = tmp_path / "verdicts.jsonl"
    scored = invoke(
        toy_registry, ["score", str(responses), "--checker", "exact", "--json", "-o", str(out)]
    )
    report = json.loads(scored.output)
    assert report["overall"]["correct"] == 1
    assert report["overall"]["no_answer"] == 1
    assert report["verdict"] == "responses.jsonl fails grades 1-2."
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert [v["outcome"] for v in verdicts] == ["correct", "wrong", "no_answer"]
    assert verdicts[0]["candidates"][0]["start"] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"golden": "1", "response": "1"}\nnot json\n', "line 2 is not valid JSON"),
        ('{"response": "1"}\n', "line 1 has no 'golden' field"),
        ('{"golden": "1", "response": 5}\n', "'response' should be a string"),
        ("\n\n", "holds no responses"),
    ],
)
def test_score_bad_file_is_one_sentence(
    toy_registry: Registry, tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content)
    result = CliRunner().invoke(cli, ["score", str(bad), "--checker", "exact"], obj=toy_registry)
    assert result.exit_code == 1
    assert message in result.output
    assert str(bad) in result.output or "bad.jsonl" in result.output
    assert "Traceback" not in result.output


def test_plugins_command(toy_registry: Registry) -> None:
    data = json.loads(invoke(toy_registry, ["plugins", "--json"]).output)
    toy = next(c for c in data["components"] if c["name"] == "toy")
    assert toy["kind"] == "benchmark" and toy["available"] is True
    table = invoke(toy_registry, ["plugins"]).output
    assert "llama-cpp" in table and "cmath" in table


def test_register_commands_hook() -> None:
    class Plugin:
        @hookimpl
        def register_commands(self, cli: click.Group) -> None:
            @cli.command(name="hello-test")
            def hello() -> None:
                click.echo("hello from a plugin")

    registry = load_registry(extra_plugins=[("greeter", Plugin())])
    group = click.Group(commands=dict(cli.commands))
    registry.add_commands(group)
    result = CliRunner().invoke(group, ["hello-test"], obj=registry)
    assert result.output == "hello from a plugin\n"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mathbench", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["report", "--db", "/nonexistent/x.duckdb"],
            "No mathbench database at /nonexistent/x.duckdb",
        ),
        (["run", "nope", "-m", "llama-cpp:smollm2"], "No benchmark named 'nope'"),
        (["run", "cmath", "-m", "llama-cpp:/no/such.gguf"], "No GGUF file at /no/such.gguf"),
        (["run", "cmath", "-m", "smollm2"], "should be BACKEND:MODEL"),
        (["score", "/no/such/file.jsonl"], "No such file: /no/such/file.jsonl"),
    ],
)
def test_user_errors_are_one_sentence_without_traceback(
    args: list[str], message: str, data_dir: Path
) -> None:
    result = run_cli(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_a_database_held_by_another_writer_is_one_sentence_to_a_writer(tmp_path: Path) -> None:
    """Readers read a snapshot then (tests/test_reading_beside_a_writer.py); a command that
    writes (compare stores the second checker's verdicts) cannot, and says why."""
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(30)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = run_cli(
            "compare", "abc", "--checker", "numeric", "--checker", "cmath", "--db", str(db)
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert "is in use by another" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_and_version() -> None:
    assert run_cli("--help").returncode == 0
    version = run_cli("--version")
    assert "0.1.0" in version.stdout


def test_backend_shortcut_flags_become_options(toy_registry: Registry) -> None:
    result = CliRunner().invoke(
        cli, ["run", "toy", "-m", "scripted:m", "--concurrency", "4"], obj=toy_registry
    )
    assert result.exit_code == 1
    assert "Backend 'scripted' has no option 'concurrency'" in result.output


def test_compare_two_checkers(toy_registry: Registry, scripted: Any, tmp_path: Path) -> None:
    scripted.answers["1 + 1 = ?"] = "2.0"  # numerically right, textually not
    db = str(tmp_path / "compare.duckdb")
    invoke(toy_registry, ["run", "toy", "-m", "scripted:m", "--db", db, "--no-progress"])
    run_id = json.loads(invoke(toy_registry, ["runs", "--db", db, "--json"]).output)[0]["run_id"]
    args = ["compare", run_id, "--checker", "exact", "--checker", "numeric-equal", "--db", db]
    data = json.loads(invoke(toy_registry, [*args, "--json"]).output)
    assert data["compared"] == 5
    assert data["only_numeric-equal"] == 1 and data["only_exact"] == 0
    assert [d["key"] for d in data["disagreements"]] == ["p1"]
    assert data["disagreements"][0]["verdicts"][1]["candidates"][0]["text"] == "2.0"
    shown = invoke(toy_registry, args).output
    assert "exact vs numeric-equal" in shown and "agreement 80.0%" in shown
    scripted.calls.clear()
    again = json.loads(invoke(toy_registry, [*args, "--json"]).output)
    assert again == data and scripted.calls == []  # read back from the store


def test_compare_needs_two_checkers(toy_registry: Registry) -> None:
    result = CliRunner().invoke(cli, ["compare", "abc", "--checker", "exact"], obj=toy_registry)
    assert result.exit_code == 1 and "Give two different checkers" in result.output
