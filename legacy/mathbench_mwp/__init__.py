"""Deprecated: this is now ``mathbench.plugins.mwp`` (see mathbench/_legacy_names.py)."""

from mathbench._legacy_names import alias

alias(__name__)
