"""The hf backend class: batched generation with transformers.

torch and transformers are imported only when a model is loaded, so that the plugin lists as
unavailable (with its extra) where they are absent, and ``mathbench plugins`` stays fast.
"""

from __future__ import annotations

import copy
import gc
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathbench.backend import Backend, BackendOption
from mathbench.errors import MathbenchError
from mathbench.plugins.hf.batching import BatchSizer, is_out_of_memory, parse_batch_size
from mathbench.plugins.hf.models import ModelSource, resolve_source, source_identity
from mathbench.types import Completion, GenerationParams, GenerationRequest, Message

if TYPE_CHECKING:
    import torch

_DTYPES = ("auto", "float32", "bfloat16", "float16")
_DEVICE = re.compile(r"auto|cpu|mps|cuda(:\d+)?")


def raw_prompt(messages: Sequence[Message]) -> str:
    """The turns' text joined by blank lines: what a base model without a chat template reads."""
    return "\n\n".join(message.content for message in messages)


@dataclass(frozen=True)
class EncodedPrompt:
    """A request's prompt as token ids, ready to be padded into a batch."""

    key: str
    ids: list[int]


class HfBackend(Backend):
    """One causal language model in this process, generating for many prompts at once.

    Prompts are sorted longest first and cut into batches, left-padded so that every sequence
    ends at the same position (decoder-only models continue from the last position), and each
    batch's completions are yielded as soon as it finishes. Batches run until their longest
    answer ends, so length-sorting also keeps similar questions together.
    """

    name = "hf"
    description = (
        "causal LMs through Hugging Face transformers, batched: local directory, hub id, "
        ".gguf file or alias smollm2"
    )
    requires = ("torch", "transformers", "accelerate")
    extra = "hf"
    options = (
        BackendOption(
            "batch_size",
            str,
            "auto",
            "prompts per batch, or auto: start at 64 on a GPU and 16 on a CPU, halving whenever "
            "a batch runs out of memory",
            flag=True,
        ),
        BackendOption(
            "chat_template",
            bool,
            True,
            "apply the tokenizer's chat template; false sends the turns' text as a raw prompt "
            "(base models); part of the run's identity",
        ),
        BackendOption(
            "dtype",
            str,
            "auto",
            "float32, bfloat16 or float16; auto: bfloat16 on a GPU (float16 where bf16 is not "
            "supported, and on mps), float32 on a CPU",
        ),
        BackendOption("device", str, "auto", "cpu, cuda, cuda:N or mps; auto: cuda, mps, cpu"),
        BackendOption(
            "trust_remote_code",
            bool,
            False,
            "run Python code shipped in the model repository (only for repositories you trust)",
        ),
        BackendOption(
            "revision", str, None, "hub branch, tag or commit; part of the run's identity"
        ),
        BackendOption("n_threads", int, None, "CPU threads for torch (default: torch's choice)"),
    )

    def __init__(self, model: str, options: Mapping[str, Any]) -> None:
        super().__init__(model, options)
        import torch

        self.source = resolve_source(model)
        self.device = _choose_device(self.settings["device"])
        self.dtype = _choose_dtype(self.settings["dtype"], self.device)
        if self.settings["n_threads"]:
            torch.set_num_threads(self.settings["n_threads"])
        self.tokenizer, self.lm = _load(self.source, self.settings, self.device, self.dtype)
        self.use_chat_template: bool = self.settings["chat_template"]
        if self.use_chat_template and not self.tokenizer.chat_template:
            raise MathbenchError(
                f"The tokenizer of {self.source.describe()} has no chat template; pass "
                "-o chat_template=false to send raw prompts (as a base model expects)."
            )
        self.eos_ids = _eos_ids(self.lm, self.tokenizer)
        pad = self.tokenizer.pad_token_id
        self.pad_id: int = pad if pad is not None else min(self.eos_ids)
        self.context: int | None = getattr(self.lm.config, "max_position_embeddings", None)
        self.batch_sizer = BatchSizer.from_setting(self.settings["batch_size"], self.device.type)

    @classmethod
    def resolve_options(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        """As for every backend, plus: batch size, dtype and device are checked before any model
        is loaded."""
        settings = super().resolve_options(given)
        settings["batch_size"] = parse_batch_size(settings["batch_size"])
        if settings["dtype"] not in _DTYPES:
            raise MathbenchError(f"dtype={settings['dtype']!r} is not one of {', '.join(_DTYPES)}.")
        if not _DEVICE.fullmatch(settings["device"]):
            raise MathbenchError(
                f"device={settings['device']!r} should be auto, cpu, mps, cuda or cuda:N."
            )
        return settings

    @classmethod
    def identity(cls, model: str, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The weights and tokenizer (fingerprinted, see ``source_identity``) and whether the
        chat template is applied, which changes every prompt. Device, dtype and batch size are
        left out, as ``n_gpu_layers`` is for llama-cpp: they change how the model runs."""
        resolved = cls.resolve_options(settings)
        source = resolve_source(model)
        return {
            "backend": cls.name,
            **source_identity(source, resolved["revision"]),
            "prompt": "chat" if resolved["chat_template"] else "raw",
        }

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        groups: dict[GenerationParams, list[EncodedPrompt]] = {}
        for request in requests:
            ids = self._encode(request.messages)
            overflow = self._overflow(len(ids), request.params.max_tokens)
            if overflow:
                yield Completion(key=request.key, text="", prompt_tokens=len(ids), error=overflow)
            else:
                groups.setdefault(request.params, []).append(EncodedPrompt(request.key, ids))
        for params, prompts in groups.items():
            yield from self._generate_sorted(params, prompts)

    def _encode(self, messages: Sequence[Message]) -> list[int]:
        if not self.use_chat_template:
            return list(self.tokenizer(raw_prompt(messages))["input_ids"])
        from jinja2 import TemplateError

        try:
            text = self.tokenizer.apply_chat_template(
                [{"role": m.role, "content": m.content} for m in messages],
                add_generation_prompt=True,
                tokenize=False,
            )
        except TemplateError as error:  # e.g. a template that refuses a system turn
            raise MathbenchError(
                f"The chat template of {self.source.describe()} refused the prompt ({error}); "
                "use another --template, or -o chat_template=false for raw prompts."
            ) from None
        # The template writes the special tokens (BOS included) itself.
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _overflow(self, prompt_tokens: int, max_tokens: int) -> str | None:
        if self.context is None or prompt_tokens + max_tokens <= self.context:
            return None
        return (
            f"the prompt ({prompt_tokens} tokens) plus max_tokens ({max_tokens}) exceeds the "
            f"model's context of {self.context} tokens"
        )

    def _generate_sorted(
        self, params: GenerationParams, prompts: list[EncodedPrompt]
    ) -> Iterator[Completion]:
        """Longest prompts first, so the first batch is the one most likely not to fit and
        ``auto`` finds its size at once; each batch is yielded the moment it is done."""
        pending = sorted(prompts, key=lambda prompt: -len(prompt.ids))
        while pending:
            batch = pending[: self.batch_sizer.size]
            started = time.perf_counter()
            try:
                completions = self._generate_batch(batch, params)
            except Exception as error:
                if not is_out_of_memory(error):
                    raise
                completions = None
                message = f"{type(error).__name__}: {str(error).splitlines()[0]}"
            if completions is not None:
                del pending[: len(batch)]
                yield from completions
                continue
            # Out of memory; the error (and the tensors its traceback holds) is gone by now.
            self._release_memory()
            if self.batch_sizer.out_of_memory(len(batch)):
                continue
            if len(batch) > 1:
                raise MathbenchError(
                    f"Out of memory generating a batch of {len(batch)} prompts on "
                    f"{self.device}; use --batch-size auto, or a smaller size."
                )
            del pending[:1]
            yield Completion(
                key=batch[0].key,
                text="",
                prompt_tokens=len(batch[0].ids),
                latency_s=time.perf_counter() - started,
                error=f"out of memory even alone ({message})",
            )

    def _generate_batch(
        self, batch: list[EncodedPrompt], params: GenerationParams
    ) -> list[Completion]:
        """One ``model.generate`` call on a left-padded batch."""
        import torch

        started = time.perf_counter()
        width = max(len(prompt.ids) for prompt in batch)
        input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        attention_mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, prompt in enumerate(batch):
            input_ids[row, width - len(prompt.ids) :] = torch.tensor(prompt.ids)
            attention_mask[row, width - len(prompt.ids) :] = 1
        torch.manual_seed(params.seed)
        with torch.inference_mode():
            output = self.lm.generate(
                input_ids=input_ids.to(self.lm.device),
                attention_mask=attention_mask.to(self.lm.device),
                generation_config=self._generation_config(params),
                tokenizer=self.tokenizer if params.stop else None,
            )
        latency = time.perf_counter() - started
        generated = output[:, width:].tolist()
        return [
            self._completion(prompt, tokens, params, latency)
            for prompt, tokens in zip(batch, generated, strict=True)
        ]

    def _generation_config(self, params: GenerationParams) -> Any:
        """Exactly the run's parameters. Sampling knobs that a model's generation_config.json may
        set (top_k, repetition_penalty) are pinned to neutral values, so that the run measures
        what its identity says (temperature and top_p, as the OpenAI API and llama-cpp take
        them); the neutral greedy values also keep transformers from warning about them."""
        from transformers import GenerationConfig

        sampling = params.temperature > 0
        return GenerationConfig(  # type: ignore[no-untyped-call]
            max_new_tokens=params.max_tokens,
            do_sample=sampling,
            temperature=params.temperature if sampling else 1.0,
            top_p=params.top_p if sampling else 1.0,
            top_k=0 if sampling else 50,
            repetition_penalty=1.0,
            num_beams=1,
            pad_token_id=self.pad_id,
            eos_token_id=sorted(self.eos_ids),
            stop_strings=list(params.stop) or None,
        )

    def _completion(
        self, prompt: EncodedPrompt, tokens: list[int], params: GenerationParams, latency: float
    ) -> Completion:
        """Cut a generated row where the sequence ended: after its end-of-sequence token, or
        where padding began once a stop string finished it; then cut the text at the stop
        string (which, as in the OpenAI API, is not part of the answer)."""
        length, finish = len(tokens), "length"
        for index, token in enumerate(tokens):
            if token in self.eos_ids or token == self.pad_id:
                length, finish = index + (token in self.eos_ids), "stop"
                break
        text = self.tokenizer.decode(tokens[:length], skip_special_tokens=True)
        cut = min((text.find(stop) for stop in params.stop if stop in text), default=-1)
        if cut >= 0:
            # Stopped by a stop string: what follows it in the row is padding, not a token the
            # model chose (the pad token is often the EOS token), so it is not counted.
            text, finish = text[:cut], "stop"
            if length and tokens[length - 1] == self.pad_id:
                length -= 1
        return Completion(
            key=prompt.key,
            text=text,
            finish_reason=finish,
            prompt_tokens=len(prompt.ids),
            completion_tokens=length,
            latency_s=latency,
        )

    def save(self, directory: str | Path) -> None:
        """Write the loaded model and tokenizer as a plain transformers directory.

        A GGUF file is dequantised on every load (half a minute for a 135M model on two cores);
        saved once, the same float weights load from the directory in seconds as
        ``hf:DIRECTORY``. transformers refuses to ``save_pretrained`` a model it read from GGUF
        (it still counts as quantised), so those weights go into a fresh model built from the
        same configuration without the GGUF marker.
        """
        model = self.lm
        if self.source.gguf_file:
            from transformers import AutoModelForCausalLM

            config = copy.deepcopy(model.config)
            del config.quantization_config
            model = AutoModelForCausalLM.from_config(config, dtype=self.lm.dtype)  # type: ignore[no-untyped-call]
            model.load_state_dict(self.lm.state_dict())
            model.generation_config = self.lm.generation_config
        model.save_pretrained(directory)
        self.tokenizer.save_pretrained(directory)

    def _release_memory(self) -> None:
        import torch

        gc.collect()
        if self.device.type == "cuda":
            torch.cuda.empty_cache()
        elif self.device.type == "mps":
            torch.mps.empty_cache()

    def close(self) -> None:
        del self.lm
        self._release_memory()


def _choose_device(setting: str) -> torch.device:
    import torch

    if setting != "auto":
        device = torch.device(setting)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise MathbenchError(f"device={setting} was asked for, but torch sees no CUDA GPU.")
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise MathbenchError(f"device={setting} was asked for, but torch sees no MPS device.")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def _choose_dtype(setting: str, device: torch.device) -> torch.dtype:
    import torch

    if setting != "auto":
        return getattr(torch, setting)  # type: ignore[no-any-return]
    if device.type == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device.type == "mps":
        return torch.float16
    return torch.float32


def _load(
    source: ModelSource, settings: Mapping[str, Any], device: torch.device, dtype: torch.dtype
) -> tuple[Any, Any]:
    """Tokenizer and model, with every way loading can fail turned into one sentence: a hub id
    that is neither cached nor reachable, a directory that is not a causal LM, a repository
    that needs ``trust_remote_code``, a missing optional package."""
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    common: dict[str, Any] = {"trust_remote_code": settings["trust_remote_code"]}
    if source.kind == "hub":
        common["revision"] = settings["revision"]
    else:
        common["local_files_only"] = True
    if source.gguf_file:
        common["gguf_file"] = source.gguf_file
    # Loading bars (GGUF dequantisation, weight shards) would interleave with the run's own
    # progress display; restore the user's setting afterwards.
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        # The model first: a directory of an unknown architecture then fails with transformers'
        # own sentence about it rather than with a tokenizer error.
        model = AutoModelForCausalLM.from_pretrained(
            source.location, dtype=dtype, device_map=str(device), **common
        )
        tokenizer = AutoTokenizer.from_pretrained(source.location, **common)
    except (OSError, ValueError, ImportError) as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        if "trust_remote_code" in str(error):
            hint = " (pass -o trust_remote_code=true if you trust the repository's code)"
        elif source.kind == "hub":
            hint = " (check the id, or give a local model directory)"
        else:
            hint = ""
        where = "the Hugging Face hub or its cache" if source.kind == "hub" else "disk"
        raise MathbenchError(
            f"Could not load {source.describe()!r} from {where}: {first_line.rstrip('.')}{hint}."
        ) from None
    finally:
        if bars:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
    return tokenizer, model


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    """Every token that ends a turn: the model's generation config often lists several (chat
    models end turns with their own token), plus the tokenizer's EOS."""
    configured = model.generation_config.eos_token_id
    ids = set(configured if isinstance(configured, list) else [configured])
    ids.add(tokenizer.eos_token_id)
    ids.discard(None)
    if not ids:
        raise MathbenchError("The model declares no end-of-sequence token, so it cannot stop.")
    return ids
