"""Exceptions with messages a person can act on.

Library code raises these; only the CLI and the web layer turn them into text for people.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class: the message says what went wrong and what was expected."""


class InputError(DatelineError):
    """Bad input in a file or stream: names the file, the line (1-based, when known) and
    what was expected."""

    def __init__(self, path: str | None, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")
