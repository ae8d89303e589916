"""mathbench: evaluate language models on math word problems, reported the way a teacher would.

The public API is what this module exports; built-in plugins use nothing else, and neither should a
third party.
"""

from mathbench.backend import Backend, BackendOption
from mathbench.benchmark import Benchmark, FileBenchmark
from mathbench.checker import Checker
from mathbench.errors import MathbenchError
from mathbench.evaluate import evaluate, get_checker
from mathbench.hookspecs import hookimpl
from mathbench.runner import EvaluationResult
from mathbench.store import DB_ENV, default_db_path
from mathbench.templates import PromptTemplate
from mathbench.types import (
    Candidate,
    Completion,
    GenerationParams,
    GenerationRequest,
    Message,
    Problem,
    Verdict,
)

__version__ = "0.1.0"

__all__ = [
    "DB_ENV",
    "Backend",
    "BackendOption",
    "Benchmark",
    "Candidate",
    "Checker",
    "Completion",
    "EvaluationResult",
    "FileBenchmark",
    "GenerationParams",
    "GenerationRequest",
    "MathbenchError",
    "Message",
    "Problem",
    "PromptTemplate",
    "Verdict",
    "__version__",
    "default_db_path",
    "evaluate",
    "get_checker",
    "hookimpl",
]
