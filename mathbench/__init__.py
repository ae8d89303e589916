"""mathbench: evaluate language models on math word problems, reported the way a teacher would.

The public API is what this module exports, plus these modules:

* ``mathbench.types``, ``mathbench.errors``: records and the one error users see;
* ``mathbench.datafiles``: pinned data files (``DataFile``, ``fetch``, ``read_jsonl``);
* ``mathbench.results``: reading results (statuses, reports, snapshots, the annotations file);
* ``mathbench.registry``, ``mathbench.hookspecs``, ``mathbench.cli`` (the command group plugins add
  commands to); ``mathbench.backend``, ``mathbench.benchmark``, ``mathbench.checker`` (the plugin
  interfaces, also exported here);
* ``mathbench.testing``: the kit a plugin's tests use.

Every other module is internal: built-in plugins and the reviewer use none of them, which the
import contracts in pyproject.toml enforce (``lint-imports``, run by ``make lint``), and neither
should a third party.
"""

from mathbench._compare import compare_checkers
from mathbench._evaluate import evaluate, get_checker
from mathbench._templates import PromptTemplate
from mathbench.backend import Backend, BackendOption
from mathbench.benchmark import Benchmark, FileBenchmark
from mathbench.checker import Checker
from mathbench.errors import MathbenchError
from mathbench.hookspecs import hookimpl
from mathbench.runner import EvaluationResult
from mathbench.store import DB_ENV, default_db_path
from mathbench.types import (
    AnnotationValue,
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
    "AnnotationValue",
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
    "compare_checkers",
    "default_db_path",
    "evaluate",
    "get_checker",
    "hookimpl",
]
