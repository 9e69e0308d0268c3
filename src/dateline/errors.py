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


class InputWarning(UserWarning):
    """A problem in an input file that did not stop it from being read (issued with
    :func:`warnings.warn`): names the file, the line (when known) and what was done about it.

    Readers reject unreadable input by raising :class:`InputError`; everything they accept
    but had to repair (merged duplicate dates, a missing separator, a skipped bad file in a
    folder) is reported with this warning, never silently.
    """

    def __init__(self, path: str | None, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")
