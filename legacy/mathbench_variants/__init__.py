"""Deprecated: this is now ``mathbench.plugins.variants`` (see mathbench/_legacy_names.py)."""

from mathbench._legacy_names import alias

alias(__name__)
