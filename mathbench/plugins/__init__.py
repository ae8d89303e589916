"""The built-in plugins: benchmarks, model backends, checkers and the reviewer.

They live inside ``mathbench`` so that no third-party ``mathbench_foo`` can ever take their import
names, and they register exactly as a third party does, through the ``mathbench`` entry-point group
(pyproject.toml). The core never imports them, and they import only the public API; both rules are
import-linter contracts run by ``make lint``. Moving one into a distribution of its own changes
nothing but the entry point's distribution.
"""
