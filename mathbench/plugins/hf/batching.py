"""How many prompts go into one ``generate`` call, and what to do when they do not fit.

Kept free of torch so that the policy can be read and tested on its own: the backend asks the
sizer for a size, and tells it when a batch ran out of memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mathbench.errors import MathbenchError

#: Where ``auto`` starts. A GPU gains throughput up to large batches; a CPU gains less, and every
#: sequence of a batch waits for the longest one, so it starts smaller. Either way ``auto`` halves
#: on out-of-memory, so a too-large start costs one failed attempt, not the run.
AUTO_START = {"cuda": 64, "mps": 16, "cpu": 16}


def parse_batch_size(value: object) -> int | Literal["auto"]:
    """``"auto"`` or a positive whole number (given as int or text), normalised."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    try:
        size = int(str(value))
    except ValueError:
        size = 0
    if size < 1:
        raise MathbenchError(
            f"batch_size={value!r} should be a whole number of 1 or more, or auto."
        )
    return size


@dataclass
class BatchSizer:
    """The batch size to try next.

    A fixed size stays fixed: running out of memory with it is the user's choice to revisit. An
    ``adaptive`` (``auto``) size halves below the batch that failed and keeps the smaller size
    for the rest of the run, because prompts come longest first and later batches are no bigger.
    """

    size: int
    adaptive: bool

    @classmethod
    def from_setting(cls, setting: int | Literal["auto"], device_type: str) -> BatchSizer:
        if setting == "auto":
            return cls(AUTO_START.get(device_type, AUTO_START["cpu"]), adaptive=True)
        return cls(setting, adaptive=False)

    def out_of_memory(self, tried: int) -> bool:
        """Record that a batch of ``tried`` prompts did not fit; True when a smaller one may."""
        if not self.adaptive or tried <= 1:
            return False
        self.size = tried // 2
        return True


def is_out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` is the device (or host) running out of memory.

    CUDA raises ``torch.OutOfMemoryError``; MPS and the CPU allocator raise a plain
    ``RuntimeError`` whose message says so.
    """
    if isinstance(error, MemoryError) or type(error).__name__ == "OutOfMemoryError":
        return True
    if isinstance(error, RuntimeError):
        message = str(error).lower()
        return "out of memory" in message or "can't allocate memory" in message
    return False
