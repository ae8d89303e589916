"""Input the CLI must refuse (or read right), each with one ``Error:`` sentence and no traceback,
before any work: generation parameters, backend options, filters, output files, the database,
awkward JSONL, and credentials that must never reach a message."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mathbench import MathbenchError
from mathbench.cli import cli
from mathbench.registry import Registry

# -- helpers ------------------------------------------------------------------------------------


def invoke(registry: Registry, args: Sequence[str], **kwargs: Any) -> Result:
    return CliRunner().invoke(cli, list(args), obj=registry, **kwargs)


def refused(registry: Registry, args: Sequence[str], *unchanged: Path, **kwargs: Any) -> str:
    """Run the CLI, expect a refusal: a non-zero exit, exactly one line starting with
    ``Error:``, no traceback, and each of ``unchanged`` exactly as it was. Returns the line."""
    before = {path: path.read_bytes() for path in unchanged}
    result = invoke(registry, args, **kwargs)
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not an uncaught error
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    for path, content in before.items():
        assert path.read_bytes() == content, f"{path} changed"
    return errors[0]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def no_model_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail, instead of loading a model, where a check is missing: a model loaded with an
    absurd context would take all the machine's memory."""
    llama_cpp = pytest.importorskip("llama_cpp")

    def refuse(*args: Any, **kwargs: Any) -> None:
        pytest.fail("a model was loaded: the options should have been refused before")

    monkeypatch.setattr(llama_cpp, "Llama", refuse)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "results.duckdb"


@pytest.fixture
def run_id(toy_registry: Registry, db: Path) -> str:
    """A stored toy run in ``db``."""
    ran = invoke(toy_registry, ["run", "toy", "-m", "scripted:m", "--db", str(db), "--no-progress"])
    assert ran.exit_code == 0, ran.output
    listed = invoke(toy_registry, ["runs", "--db", str(db), "--json"])
    return str(json.loads(listed.output)[0]["run_id"])


def write_jsonl(path: Path, lines: Sequence[dict[str, Any]], newline: str = "\n") -> Path:
    path.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + newline for line in lines),
        encoding="utf-8",
        newline="",
    )
    return path


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "responses.jsonl",
        [
            {"golden": "2", "response": "2", "grade": 1, "num_digits": 1},
            {"golden": "5", "response": "6", "grade": 2, "num_digits": 1},
        ],
    )


# -- 1. values that must be refused before any work ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--temperature", "nan"], "--temperature must be a finite number, zero or more, not nan"),
        (["--temperature", "inf"], "--temperature must be a finite number, zero or more, not inf"),
        (["--temperature", "-inf"], "not -inf"),
        (["--temperature", "-0.5"], "--temperature must be a finite number, zero or more"),
        (["--top-p", "7"], "--top-p must be above 0 and at most 1 (1 keeps every token), not 7.0"),
        (["--top-p", "-1"], "--top-p must be above 0 and at most 1"),
        (["--top-p", "0"], "--top-p must be above 0 and at most 1"),
        (["--top-p", "nan"], "--top-p must be above 0 and at most 1"),
        (["--stratify", "nosuchannotation"], "--stratify names the annotation 'nosuchannotation'"),
        (["--where", "colour=red"], "--where names the annotation 'colour'"),
    ],
)
def test_bad_run_values_are_refused_before_any_work(
    toy_registry: Registry, scripted: Any, db: Path, args: list[str], message: str
) -> None:
    line = refused(toy_registry, ["run", "toy", "-m", "scripted:m", "--db", str(db), *args])
    assert message in line
    assert scripted.calls == []
    assert not db.exists()  # nothing stored, not even the run


def test_an_unknown_annotation_names_the_ones_there_are(toy_registry: Registry, db: Path) -> None:
    line = refused(
        toy_registry, ["run", "toy", "-m", "scripted:m", "--db", str(db), "--stratify", "grde"]
    )
    assert line == (
        "Error: --stratify names the annotation 'grde', which no problem of toy/test has; "
        "its annotations are: grade."
    )


def test_where_and_grade_together_keep_both(toy_registry: Registry, db: Path) -> None:
    """--grade G is --where grade=G: neither is dropped, a problem of either grade is kept."""
    args = ["run", "toy", "-m", "scripted:m", "--db", str(db), "--no-progress", "--json"]
    result = invoke(toy_registry, [*args, "--where", "grade=1", "--grade", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)[0]
    assert report["config"]["filters"]["where"] == {"grade": ["1", "2"]}
    assert report["overall"]["total"] == 4
    assert [group["value"] for group in report["breakdowns"]["grade"]] == ["1", "2"]
    # The same run as giving both grades with --where, or both with --grade.
    again = invoke(toy_registry, [*args, "--grade", "1", "--grade", "2"])
    assert json.loads(again.output)[0]["run_id"] == report["run_id"]


@pytest.mark.parametrize(
    ("model", "option", "message"),
    [
        ("openai:m", "timeout=nan", "Backend option timeout='nan' should be a finite number."),
        ("openai:m", "timeout=inf", "Backend option timeout='inf' should be a finite number."),
        ("openai:m", "timeout=-1", "timeout=-1.0 should be a positive number of seconds"),
        ("openai:m", "retry_delay=nan", "Backend option retry_delay='nan' should be a finite"),
        (
            "llama-cpp:smollm2",
            "n_ctx=99999999999999999999",
            "Backend option n_ctx=99999999999999999999 is out of range; give 0 to 1,048,576 "
            "tokens (0: the model's trained context).",
        ),
        ("llama-cpp:smollm2", "n_ctx=-1", "Backend option n_ctx=-1 is out of range"),
        ("llama-cpp:smollm2", "n_gpu_layers=-7", "n_gpu_layers=-7 is out of range; give -1"),
        ("llama-cpp:smollm2", "n_threads=0", "n_threads=0 is out of range; give 1 to 4,096"),
    ],
)
def test_bad_backend_options_are_refused_before_any_work(
    toy_registry: Registry, db: Path, model: str, option: str, message: str, request: Any
) -> None:
    backend = toy_registry.backend_class(model.partition(":")[0])
    if backend.missing_requirements():
        pytest.skip(f"the {backend.name} backend is not installed")
    if model.startswith("llama-cpp"):
        request.getfixturevalue("no_model_load")
    line = refused(toy_registry, ["run", "toy", "-m", model, "--db", str(db), "-o", option])
    assert message in line
    assert not db.exists()


def tiny_gguf(path: Path, context_length: int) -> Path:
    """A GGUF v3 header with no tensors: architecture, a token list, and the context length."""

    def text(value: str) -> bytes:
        data = value.encode()
        return struct.pack("<Q", len(data)) + data

    pairs = [
        text("general.architecture") + struct.pack("<I", 8) + text("llama"),
        text("tokenizer.ggml.tokens")
        + struct.pack("<IIQ", 9, 8, 3)
        + b"".join(text(t) for t in ("a", "b", "c")),
        text("tokenizer.ggml.scores") + struct.pack("<IIQ", 9, 6, 3) + b"\0" * 12,
        text("llama.context_length") + struct.pack("<II", 4, context_length),
    ]
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(pairs)) + b"".join(pairs))
    return path


def test_n_ctx_above_the_models_trained_context_is_refused(
    toy_registry: Registry, db: Path, tmp_path: Path, no_model_load: None
) -> None:
    from mathbench.plugins.llama_cpp.backend import LlamaCppBackend, trained_context

    if LlamaCppBackend.missing_requirements():
        pytest.skip("the llama-cpp backend is not installed")
    model = tiny_gguf(tmp_path / "tiny.gguf", 2048)
    assert trained_context(model) == 2048
    assert trained_context(tmp_path / "missing.gguf") is None
    (tmp_path / "not.gguf").write_bytes(b"GGUF\x03\x00")  # cut short: unknown, not an error
    assert trained_context(tmp_path / "not.gguf") is None
    line = refused(
        toy_registry,
        ["run", "toy", "-m", f"llama-cpp:{model}", "--db", str(db), "-o", "n_ctx=4096"],
    )
    assert line == (
        "Error: Backend option n_ctx=4096 is more than the 2,048 tokens tiny.gguf was trained "
        "on; give at most 2048, or 0 for exactly that."
    )
    assert not db.exists()
    for fits in (2048, 512, 0):
        LlamaCppBackend.check_context(model, {"n_ctx": fits})  # no error


def test_score_by_an_unknown_field_names_the_fields(
    toy_registry: Registry, responses: Path
) -> None:
    line = refused(
        toy_registry, ["score", str(responses), "--checker", "exact", "--by", "nosuchfield"]
    )
    assert line == (
        f"Error: {responses} has no field 'nosuchfield' to break down by (--by); its fields are: "
        "grade, num_digits."
    )
    bare = write_jsonl(responses.with_name("bare.jsonl"), [{"golden": "1", "response": "1"}])
    line = refused(toy_registry, ["score", str(bare), "--checker", "exact", "--by", "grade"])
    assert "its fields are: none besides golden and response." in line
    known = invoke(toy_registry, ["score", str(responses), "--checker", "exact", "--by", "grade"])
    assert known.exit_code == 0, known.output


# -- 2. output files ------------------------------------------------------------------------------


def test_score_never_writes_over_its_input(toy_registry: Registry, responses: Path) -> None:
    for force in ([], ["--force"]):
        line = refused(
            toy_registry,
            ["score", str(responses), "--checker", "exact", "-o", str(responses), *force],
            responses,
        )
        assert line == (
            f"Error: The output {responses} is the input file {responses}; choose another "
            "output file, since the input is never overwritten."
        )
    # Another spelling of the same file is the same file.
    link = responses.with_name("link.jsonl")
    link.symlink_to(responses)
    other = responses.parent / "." / responses.name
    for output in (link, other):
        args = ["score", str(responses), "--checker", "exact", "-o", str(output), "--force"]
        assert "is the input file" in refused(toy_registry, args, responses)


def test_score_output_needs_force_to_replace_a_file(
    toy_registry: Registry, responses: Path
) -> None:
    out = responses.with_name("verdicts.jsonl")
    out.write_text("keep me\n")
    args = ["score", str(responses), "--checker", "exact", "-o", str(out)]
    line = refused(toy_registry, args, out, responses)
    assert line == (
        f"Error: {out} already exists; pass --force to overwrite it, or choose another file."
    )
    forced = invoke(toy_registry, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert [json.loads(line)["outcome"] for line in out.read_text().splitlines()] == [
        "correct",
        "wrong",
    ]
    # No temporary file is left beside it.
    assert sorted(p.name for p in out.parent.iterdir()) == ["responses.jsonl", "verdicts.jsonl"]


def test_export_output_needs_force_to_replace_a_file(
    toy_registry: Registry, db: Path, run_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "rows.csv"
    out.write_text("keep me\n")
    args = ["export", run_id, "--format", "csv", "-o", str(out), "--db", str(db)]
    line = refused(toy_registry, args, out, db)
    assert line == (
        f"Error: {out} already exists; pass --force to overwrite it, or choose another file."
    )
    forced = invoke(toy_registry, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text().startswith("position,problem_id")
    # The default name (RUN_ID.FORMAT, in the current folder) follows the same rule.
    monkeypatch.chdir(tmp_path)
    default = tmp_path / f"{run_id}.jsonl"
    default.write_text("keep me too\n")
    line = refused(toy_registry, ["export", run_id, "--db", str(db)], default)
    assert f"{run_id}.jsonl already exists; pass --force" in line


def test_export_never_writes_over_its_database(
    toy_registry: Registry, db: Path, run_id: str
) -> None:
    args = ["export", run_id, "--format", "parquet", "-o", str(db), "--db", str(db), "--force"]
    line = refused(toy_registry, args, db)
    assert line == (
        f"Error: The output {db} is the database {db}; choose another output file, since the "
        "input is never overwritten."
    )


def test_export_never_writes_onto_its_databases_log(
    toy_registry: Registry, db: Path, run_id: str
) -> None:
    """A file named like the write-ahead log would be replayed into the database when it opens."""
    wal = db.with_name(db.name + ".wal")
    args = ["export", run_id, "--format", "jsonl", "-o", str(wal), "--db", str(db), "--force"]
    line = refused(toy_registry, args, db)
    assert line.startswith(f"Error: The output {wal} is the database's log")
    assert not wal.exists()


@pytest.fixture
def unwritable_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """Outputs no write can succeed at, and what the sentence says about each."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root writes in any folder: let the check see it as others would
        access = os.access
        monkeypatch.setattr(
            os, "access", lambda path, mode: Path(path) != locked and access(path, mode)
        )
    cases = [
        (
            blocker / "out.jsonl",
            f"Cannot write {blocker / 'out.jsonl'}: {blocker} is a file, not a folder.",
        ),
        (blocker / "deeper" / "out.jsonl", f"{blocker} is a file, not a folder."),
        (
            locked / "out.jsonl",
            f"Cannot write {locked / 'out.jsonl'}: the folder {locked} is not writable.",
        ),
    ]
    if Path("/proc/self").is_dir():
        cases.append((Path("/proc/out.jsonl"), "Cannot write /proc/out.jsonl: the folder /proc"))
    if Path("/dev/full").exists():
        cases.append((Path("/dev/full"), "Cannot write /dev/full: no space left on device."))
    return cases


def test_score_to_an_unwritable_place_is_one_sentence(
    toy_registry: Registry, responses: Path, unwritable_outputs: list[tuple[Path, str]]
) -> None:
    for output, message in unwritable_outputs:
        args = ["score", str(responses), "--checker", "exact", "-o", str(output), "--force"]
        assert message in refused(toy_registry, args, responses), output


def test_export_to_an_unwritable_place_is_one_sentence(
    toy_registry: Registry, db: Path, run_id: str, unwritable_outputs: list[tuple[Path, str]]
) -> None:
    for output, message in unwritable_outputs:
        for fmt in ("jsonl", "parquet"):
            args = ["export", run_id, "--format", fmt, "-o", str(output), "--db", str(db)]
            assert message in refused(toy_registry, [*args, "--force"], db), (output, fmt)


def test_a_failed_write_leaves_the_old_file(
    toy_registry: Registry, responses: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = responses.with_name("verdicts.jsonl")
    out.write_text("the previous verdicts\n")

    def full_disk(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    args = ["score", str(responses), "--checker", "exact", "-o", str(out), "--force"]
    line = refused(toy_registry, args, out, responses)
    assert line == f"Error: Cannot write {out}: no space left on device."
    assert sorted(p.name for p in out.parent.iterdir()) == ["responses.jsonl", "verdicts.jsonl"]


# -- 3. an in-memory database --------------------------------------------------------------------


@pytest.mark.parametrize("command", [["run", "toy", "-m", "scripted:m"], ["runs"], ["report"]])
def test_an_in_memory_database_is_refused_up_front(
    toy_registry: Registry, scripted: Any, command: list[str]
) -> None:
    line = refused(toy_registry, [*command, "--db", ":memory:"])
    assert line == (
        "Error: --db :memory: is an in-memory database, which keeps nothing once the command "
        "ends; give a file such as results.duckdb, since results are stored to be resumed and "
        "reported."
    )
    assert scripted.calls == []


def test_an_in_memory_database_from_the_environment_is_refused(
    toy_registry: Registry, scripted: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHBENCH_DB", ":memory:")
    line = refused(toy_registry, ["run", "toy", "-m", "scripted:m"])
    assert line.startswith("Error: $MATHBENCH_DB=:memory: is an in-memory database")
    assert scripted.calls == []


def test_a_database_under_a_file_is_one_sentence(toy_registry: Registry, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    line = refused(toy_registry, ["run", "toy", "-m", "scripted:m", "--db", str(blocker / "r.db")])
    assert (
        line
        == f"Error: --db {blocker / 'r.db'} cannot be created: {blocker} is a file, not a folder."
    )


# -- 4. awkward JSONL ------------------------------------------------------------------------------


def test_score_reads_line_separators_inside_strings(toy_registry: Registry, tmp_path: Path) -> None:
    """U+2028, U+2029 and U+0085 are valid inside JSON strings; only "\\n" ends a line."""
    lines = [
        {"golden": "2", "response": "2", "problem": "one\u2028plus one", "grade": 1},
        {"golden": "3", "response": "3", "note": "a\u2029b\u0085c\x0bd\x1ce", "grade": 1},
        {"golden": "4", "response": "5", "grade": 2},
    ]
    for newline in ("\n", "\r\n"):
        path = write_jsonl(tmp_path / "separators.jsonl", lines, newline)
        result = invoke(toy_registry, ["score", str(path), "--checker", "exact", "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["overall"]["total"] == 3 and report["overall"]["correct"] == 2
    # Line numbers count "\n" only: the bad line is line 2, after a line holding U+2028.
    path.write_text(json.dumps(lines[0], ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    line = refused(toy_registry, ["score", str(path), "--checker", "exact"], path)
    assert f"{path}, line 2 is not valid JSON" in line


def test_score_reads_a_golden_of_5000_digits(toy_registry: Registry, tmp_path: Path) -> None:
    digits = "7" * 5000
    path = tmp_path / "long.jsonl"
    path.write_text(
        f'{{"golden": {digits}, "response": "{digits}", "grade": 1}}\n'
        f'{{"golden": 1, "response": "1", "grade": 1, "id": {digits}}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "verdicts.jsonl"
    result = invoke(
        toy_registry, ["score", str(path), "--checker", "exact", "--json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert json.loads(result.output)["overall"]["correct"] == 2
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert verdicts[0]["golden"] == digits and verdicts[1]["id"] == digits


def test_score_refuses_deep_nesting_with_the_file_and_line(
    toy_registry: Registry, tmp_path: Path
) -> None:
    path = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(
        '{"golden": "1", "response": "1"}\n' + f'{{"golden": "1", "response": "1", "x": {deep}}}\n'
    )
    line = refused(toy_registry, ["score", str(path), "--checker", "exact"], path)
    assert line == (
        f"Error: {path}, line 2 nests arrays or objects too deeply to read; each line should be "
        "one object with golden and response."
    )


# -- 5. credentials never reach a message ---------------------------------------------------------

KEY = "sk-test-very-secret-0123456789"


@pytest.fixture
def openai_backend(monkeypatch: pytest.MonkeyPatch) -> Any:
    pytest.importorskip("httpx", reason="needs the openai extra")
    from mathbench.plugins.openai.backend import OpenAIBackend

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    return OpenAIBackend


def assert_no_secret(text: str) -> None:
    for secret in ("user:pass", "pass@", "hunter2", KEY, "sk-test-very"):
        assert secret not in text, text


def test_a_connection_error_hides_the_urls_credentials(openai_backend: Any) -> None:
    url = f"http://user:hunter2@127.0.0.1:{closed_port()}/v1"
    with pytest.raises(MathbenchError) as caught:
        openai_backend("m", {"base_url": url, "max_retries": "0"})
    message = str(caught.value)
    assert message.startswith(f"Could not connect to http://***@127.0.0.1:{url.rsplit(':', 1)[1]}")
    assert_no_secret(message)


def test_the_cli_hides_the_urls_credentials(toy_registry: Registry, db: Path) -> None:
    pytest.importorskip("httpx", reason="needs the openai extra")
    url = f"http://user:pass@127.0.0.1:{closed_port()}/v1"
    args = ["run", "toy", "-m", "openai:m", "--base-url", url, "--db", str(db), "--no-progress"]
    line = refused(toy_registry, args)
    assert line.startswith("Error: Could not connect to http://***@127.0.0.1:")
    assert_no_secret(line)
    bad = refused(
        toy_registry, ["run", "toy", "-m", "openai:m", "-o", "base_url=ftp://user:pass@h"]
    )
    assert bad == (
        "Error: base_url='ftp://***@h' should be an http(s) URL such as http://127.0.0.1:8000/v1."
    )


def test_every_message_the_backend_builds_is_redacted(
    openai_backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Errors of the whole run, errored completions and the repr, from answers that quote the
    key and the URL back (a proxy's error page, an 'Incorrect API key' message)."""
    import httpx

    from mathbench import GenerationRequest
    from mathbench.types import GenerationParams, Message

    url = "http://user:hunter2@gpu-1.internal:8000/v1?api-key=hunter2"
    monkeypatch.setattr(openai_backend, "_check_server", lambda self: None)
    backend = openai_backend("m", {"base_url": url, "max_retries": "0", "retry_delay": "0"})
    assert repr(backend) == (
        "OpenAIBackend(model='m', base_url='http://***@gpu-1.internal:8000/v1?api-key=***')"
    )
    echo = f"bad key {KEY} for {url} (user:hunter2)"
    request = GenerationRequest(
        key="p1#0", messages=(Message("user", "1 + 1 = ?"),), params=GenerationParams()
    )

    def answer(status: int) -> Any:
        def handler(_: httpx.Request) -> httpx.Response:
            return httpx.Response(status, json={"error": {"message": echo}})

        return handler

    async def complete(status: int) -> Any:
        transport = httpx.MockTransport(answer(status))
        async with httpx.AsyncClient(transport=transport, base_url=backend.base_url) as client:
            return await backend._complete(client, request)

    for status in (400, 500):  # refused as it is; retried, then given up
        completion = asyncio.run(complete(status))
        assert completion.error and "bad key ***" in completion.error
        assert_no_secret(completion.error)
    for status in (401, 404):  # whole-run failures
        with pytest.raises(MathbenchError) as caught:
            asyncio.run(complete(status))
        assert "The server at http://***@gpu-1.internal:8000/v1?api-key=***" in str(caught.value)
        assert_no_secret(str(caught.value))
    assert_no_secret(backend.redact(f"{url} {KEY} user:hunter2 https://a:b@c/"))


def test_a_key_no_header_can_carry_is_one_sentence(
    openai_backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-caf\u00e9-key")
    with pytest.raises(MathbenchError, match=r"\$OPENAI_API_KEY holds characters an HTTP header"):
        openai_backend("m", {"base_url": f"http://127.0.0.1:{closed_port()}/v1"})
