"""The model backend plugin interface."""

from __future__ import annotations

import math
from abc import abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from mathbench._component import Component
from mathbench.errors import MathbenchError
from mathbench.types import Completion, GenerationRequest


@dataclass(frozen=True)
class BackendOption:
    """A backend setting given as ``--option NAME=VALUE`` (``n_gpu_layers``, ``base_url``, ...).

    Options change how a model runs, not what it writes, so they are not part of a run's identity
    unless the backend's ``identity`` includes them (a chat template on or off, an endpoint).
    """

    name: str
    type: type
    default: Any
    help: str
    #: Offered by ``mathbench run`` as an option of its own (``--base-url URL``) beside
    #: ``-o base_url=URL``: for the settings nearly every user of the backend gives.
    flag: bool = False


_FLAGS = {"true": True, "yes": True, "on": True, "1": True,
          "false": False, "no": False, "off": False, "0": False}  # fmt: skip


def _parse_flag(name: str, value: str) -> bool:
    """``-o chat_template=false`` means False (``bool("false")`` would be True)."""
    try:
        return _FLAGS[value.strip().lower()]
    except KeyError:
        raise MathbenchError(f"Backend option {name}={value!r} should be true or false.") from None


class Backend(Component):
    """Turns prompts into completions for one model.

    ``generate`` receives every pending request of a run at once and yields completions as they
    are ready, in any order: a sequential backend yields one by one, a batched backend after each
    batch, a concurrent one as responses arrive. The runner stores each completion as soon as it is
    yielded, so a backend should never hold finished work back. A per-request failure is yielded as
    a ``Completion`` with ``error`` set; only a failure of the whole backend should raise.
    """

    options: ClassVar[tuple[BackendOption, ...]] = ()

    def __init__(self, model: str, options: Mapping[str, Any]) -> None:
        self.model = model
        self.settings = self.resolve_options(options)

    @classmethod
    def resolve_options(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        """Fill defaults and convert ``--option`` strings to each option's type."""
        known = {option.name: option for option in cls.options}
        unknown = sorted(set(given) - set(known))
        if unknown:
            names = ", ".join(known) or "none"
            raise MathbenchError(
                f"Backend {cls.name!r} has no option {unknown[0]!r}; its options are: {names}."
            )
        settings: dict[str, Any] = {}
        for name, option in known.items():
            value = given.get(name, option.default)
            if isinstance(value, str) and option.type is bool:
                value = _parse_flag(name, value)
            elif isinstance(value, str) and option.type is not str:
                try:
                    value = option.type(value)
                except ValueError:
                    raise MathbenchError(
                        f"Backend option {name}={value!r} is not a valid {option.type.__name__}."
                    ) from None
            if isinstance(value, float) and not math.isfinite(value):
                # float() reads "nan" and "inf"; no setting (a time-out, a delay) means either.
                raise MathbenchError(
                    f"Backend option {name}={given.get(name, value)!r} should be a finite number."
                )
            settings[name] = value
        return settings

    @classmethod
    def identity(cls, model: str, settings: Mapping[str, Any]) -> dict[str, Any]:
        """What identifies the model's outputs, for the run key: by default the model name.

        It is a class method because a resumed run must be recognised without loading the model.
        Backends that resolve aliases or files return something stable across machines.
        """
        return {"backend": cls.name, "model": model}

    @abstractmethod
    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        """Yield one completion per request, as soon as each is ready."""

    def close(self) -> None:
        """Release the model (memory, server connections); called once the run ends."""
