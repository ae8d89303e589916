"""The one exception type the CLI turns into a sentence instead of a traceback.

Anything a user can cause (bad input file, unknown plugin, missing extra, locked database) raises
``MathbenchError`` with a message that names the file, row or plugin at fault and says what to do.
Anything else is a bug and keeps its traceback.
"""


class MathbenchError(Exception):
    """A problem the user can fix; ``str(error)`` is the full explanation."""
