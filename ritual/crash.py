"""Crash reports that never carry journal text: exception type and code locations only."""

from __future__ import annotations

import traceback
from pathlib import Path

ISSUE_HINT = "Please report it with the lines above; they hold no journal text."


def safe_report(exc: BaseException) -> str:
    """Describe an unexpected exception without its message or any local variable.

    An exception's message, like a local variable, may hold what the user wrote
    (a `KeyError` on a child's name, a `ValueError` quoting a line), so only the
    exception's type and the code locations (file, line, function) are shown.
    """
    lines = [f"Ritual stopped on an unexpected error: {type(exc).__name__}."]
    for frame in traceback.extract_tb(exc.__traceback__)[-8:]:
        lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    lines.append("What you had saved is safe in the journal. " + ISSUE_HINT)
    return "\n".join(lines)
