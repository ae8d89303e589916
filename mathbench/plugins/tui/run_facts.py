"""What makes two runs differ beyond their model and benchmark: the sampling settings and the
model file the backend identified, read from each run's stored configuration.

``RunInfo`` carries the checker, template and samples, and the run's whole stored configuration,
where the generation parameters and the backend's identity of the model (a GGUF path and digest,
a Hugging Face revision) are: read by the core with the runs, no query of the reviewer's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mathbench.results import RunInfo

#: Identity keys that say which backend and model name, already in the run's label.
_LABEL_KEYS = {"backend", "model"}


@dataclass(frozen=True)
class RunFacts:
    """One run's distinguishing settings, each ``None`` when the configuration lacks it."""

    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    max_tokens: int | None = None
    #: The backend's identity of the model beyond its name (file, digest, revision...).
    model_file: str = ""

    @property
    def sampling(self) -> str:
        """``T0.7 p0.9 s1 ≤512``: the generation parameters, shortest first."""
        parts = []
        if self.temperature is not None:
            parts.append(f"T{self.temperature:g}")
        if self.top_p is not None and self.top_p != 1.0:
            parts.append(f"p{self.top_p:g}")
        if self.seed is not None:
            parts.append(f"s{self.seed}")
        if self.max_tokens is not None:
            parts.append(f"≤{self.max_tokens}")
        return " ".join(parts)


def facts_from_config(config: dict[str, Any]) -> RunFacts:
    generation = config.get("generation") or {}
    params = generation.get("params") or {}
    identity = generation.get("model")
    model_file = ""
    if isinstance(identity, dict):
        model_file = " ".join(
            str(value) for key, value in identity.items() if key not in _LABEL_KEYS and value
        )

    def number(key: str) -> Any:
        value = params.get(key)
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None

    seed = number("seed")
    max_tokens = number("max_tokens")
    return RunFacts(
        temperature=number("temperature"),
        top_p=number("top_p"),
        seed=int(seed) if seed is not None else None,
        max_tokens=int(max_tokens) if max_tokens is not None else None,
        model_file=model_file,
    )


def read_facts(runs: list[RunInfo]) -> dict[str, RunFacts]:
    """Every listed run's facts, from the configuration the core read with it."""
    return {run.run_id: facts_from_config(run.config) for run in runs}
