"""``python -m mathbench`` is the ``mathbench`` command."""

from mathbench.cli import main

main()
