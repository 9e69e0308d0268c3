"""Reading bytes from disk as text, with the errors every reader shares.

One place decides what an unreadable file is (empty, binary, not UTF-8), so every reader
rejects it with the same message: the path, the line and what was expected.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path

from dateline.errors import InputError

__all__ = ["check_head", "decode", "decode_line", "parse_day", "read_head", "read_text"]

_BOM = "\ufeff"

# A date written year-first: 2019-03-14, and leniently 2009-6-25, 2009/06/25 or 2009.06.25.
# Month and day may lack their leading zero; anything else is not a date line.
_DAY = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")


def decode(data: bytes, path: str | None) -> str:
    """UTF-8 text of ``data`` (a leading BOM removed), or :class:`InputError` if it is
    empty, binary (contains a NUL byte) or not valid UTF-8."""
    if not data.strip():
        raise InputError(path, None, "empty file: expected text")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(path, line, f"binary file (NUL byte at offset {nul}): expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            path,
            line,
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}): expected UTF-8 text",
        ) from None
    return text[1:] if text.startswith(_BOM) else text


def decode_line(raw: bytes, path: str | None, lineno: int) -> str:
    """One line of a file read line by line, as :func:`decode` would judge it (column:
    1-based byte offset in the line)."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(path, lineno, f"binary data (NUL byte at column {nul + 1}): expected UTF-8 text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            lineno,
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}): expected UTF-8 text",
        ) from None


def read_head(path: str | Path, size: int) -> tuple[bytes, bool]:
    """The first ``size`` bytes of the file at ``path``, and whether that is all of it."""
    try:
        with open(path, "rb") as f:
            head = f.read(size)
            return head, len(head) < size or not f.read(1)
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read file: {exc.strerror or exc}") from None


def check_head(head: bytes, path: str | None, whole: bool) -> None:
    """Raise what :func:`decode` would for a file that starts with ``head`` (``whole``: the
    file is no longer), without reading the rest: empty, binary, not UTF-8."""
    if whole:
        decode(head, path)
        return
    if b"\x00" in head:
        decode(head, path)  # the NUL byte comes first in decode's checks
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        decode(head, path)  # reports the byte (a character cut at the end is not an error)


def read_text(path: str | Path) -> str:
    """The text of the file at ``path`` (see :func:`decode`); OSError becomes InputError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read file: {exc.strerror or exc}") from None
    return decode(data, str(path))


def parse_day(text: str) -> date | None:
    """The date in ``text`` if it is a whole year-first date (see ``_DAY``), else None.

    Raises ValueError when it has the shape of a date but is not one (2018-13-45).
    """
    m = _DAY.fullmatch(text)
    if m is None:
        return None
    year, _, month, day = m.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError as exc:
        raise ValueError(f"impossible date {text!r} ({exc})") from None
