"""Reading files as text, with the protections and errors every reader shares.

One place decides what a reader may open and how bytes become text, so every reader (and
every reader added later) rejects a bad file the same way, naming the path, the line and
what was expected:

- **Only regular files are opened** (:func:`open_file`): a named pipe (FIFO), a device or a
  socket is rejected without reading from it (reading a FIFO blocks until someone writes).
  The check is made on the opened file, so a file swapped for a pipe after the folder was
  listed is caught too.
- **Bounded reading**: a reader reads at most :attr:`Limits.max_read_bytes
  <dateline.limits.Limits.max_read_bytes>` of a file (:func:`read_text`) or of one line
  (:func:`text_lines`); a longer file or line is rejected without being read into memory.
- **Decoding** (:func:`decode`): UTF-8, with or without a byte order mark; UTF-16 and
  UTF-32 with a byte order mark; UTF-16 without one, NUL bytes (binary files) and bytes
  that are not UTF-8 are rejected with what was found and where. Line ends are CRLF, LF or
  a lone CR (old Mac files): all become LF.
- **Paths for people** (:func:`display_path`): a file name that is not valid UTF-8 is shown
  (and stored as an article's origin) with its bad bytes as backslash escapes, ``caf\\xe9.txt``.
- **Dates** (:func:`parse_day`): year-first dates in ASCII digits only; other digits (``２０１９``,
  ``٢٠١٩``) are rejected by name rather than read as a date.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from dateline.errors import InputError
from dateline.limits import DEFAULT_LIMITS, Limits, format_size, storable
from dateline.model import Article

__all__ = [
    "check_head",
    "checked",
    "decode",
    "display_path",
    "file_problem",
    "open_file",
    "parse_day",
    "read_bytes",
    "read_head",
    "read_text",
    "sniff",
    "text_lines",
]

_CHUNK = 64 * 1024

# A date written year-first: 2019-03-14, and leniently 2009-6-25, 2009/06/25 or 2009.06.25.
# Month and day may lack their leading zero; anything else is not a date line. ASCII digits
# only (re.ASCII: \d would take any script's digits, and int() reads them).
_DAY = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")

# Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can always be shown and stored: a name that is not valid UTF-8
    (kept by Python as surrogate escapes) gets its bad bytes as ``\\xNN`` escapes
    (:func:`dateline.limits.storable`)."""
    return storable(os.fspath(path))


def _kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (None: it is one)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def file_problem(path: str | Path) -> str | None:
    """Why the file at ``path`` is not read (it is not a regular file, or cannot be
    examined), or None. Follows symbolic links; never raises."""
    try:
        kind = _kind(os.stat(path).st_mode)
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if kind is None:
        return None
    return f"{kind}, not a regular file: not read"


def open_file(path: str | Path, where: str | None = None) -> BinaryIO:
    """The regular file at ``path``, open for reading in binary mode. Anything else (a
    FIFO, a device, a socket, a folder) is an :class:`InputError`, found without blocking;
    so is a file that cannot be opened. ``where``: the path as messages give it."""
    where = where if where is not None else display_path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        problem = file_problem(path)  # a socket cannot be opened at all: say what it is
        raise InputError(where, None, problem if problem and "regular" in problem
                         else f"cannot read file: {exc.strerror or exc}") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise InputError(where, None, f"{kind}, not a regular file: not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_large(limits: Limits) -> str:
    return (f"an article may be at most {format_size(limits.max_article_bytes)}, and no more than "
            f"{format_size(limits.max_read_bytes)} of a file or line is read; dateline ingest --max-article-size")


def read_bytes(f: BinaryIO, where: str | None, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The rest of ``f``; an :class:`InputError`, without reading more, when it is longer
    than :attr:`Limits.max_read_bytes`."""
    limit = limits.max_read_bytes
    data = f.read(limit + 1)
    if len(data) > limit:
        raise InputError(where, None, f"file larger than {format_size(limit)}: not read ({_too_large(limits)})")
    return data


def read_head(path: str | Path, size: int) -> tuple[bytes, bool]:
    """The first ``size`` bytes of the file at ``path``, and whether that is all of it."""
    with open_file(path) as f:
        head = f.read(size)
        return head, len(head) < size or not f.read(1)


def read_text(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of the file at ``path`` (see :func:`decode`); everything that keeps it from
    being read (not a regular file, too large, OSError) is an InputError."""
    where = display_path(path)
    try:
        with open_file(path, where) as f:
            data = read_bytes(f, where, limits)
    except OSError as exc:
        raise InputError(where, None, f"cannot read file: {exc.strerror or exc}") from None
    return decode(data, where)


def _bom(data: bytes) -> tuple[str, str, int]:
    """The codec, its name for people and the length of the byte order mark ``data``
    starts with (UTF-8 and 0 without one)."""
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            return codec, name, len(mark)
    return "utf-8", "UTF-8", 0


def _utf16_without_bom(data: bytes) -> str | None:
    """``little-endian``/``big-endian`` when ``data`` looks like UTF-16 text without a byte
    order mark (most characters ASCII, so every other byte is NUL), else None."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd >= 0.6 * pairs and even <= 0.1 * pairs:
        return "little-endian"
    if even >= 0.6 * pairs and odd <= 0.1 * pairs:
        return "big-endian"
    return None


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _decode(data: bytes, path: str | None, final: bool) -> str:
    if not data.strip() and final:
        raise InputError(path, None, "empty file: expected text")
    codec, name, skip = _bom(data)
    if codec != "utf-8":
        try:
            text = codecs.getincrementaldecoder(codec)("strict").decode(data[skip:], final=final)
        except UnicodeDecodeError as exc:
            raise InputError(path, None, f"invalid {name} (at byte {exc.start + skip}): the file starts with a "
                             f"{name} byte order mark") from None
        nul = text.find("\x00")
        if nul >= 0:
            line = text.count("\n", 0, nul) + 1
            raise InputError(path, line, f"binary file (NUL character in {name} text): expected text")
        if final and not text.strip():
            raise InputError(path, None, "empty file: expected text")
        return _newlines(text)
    nul = data.find(b"\x00")
    if nul >= 0:
        order = _utf16_without_bom(data)
        if order is not None:
            raise InputError(path, None, f"UTF-16 ({order}) text without a byte order mark: save it as UTF-8 "
                             "(or as UTF-16 with a byte order mark)")
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(path, line, f"binary file (NUL byte at offset {nul}): expected UTF-8 text")
    try:
        text = codecs.getincrementaldecoder("utf-8")("strict").decode(data[skip:], final=final)
    except UnicodeDecodeError as exc:
        at = exc.start + skip
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        raise InputError(
            path,
            line,
            f"invalid UTF-8 (byte 0x{data[at]:02x} at column {column}): expected UTF-8 text",
        ) from None
    return _newlines(text)


def decode(data: bytes, path: str | None) -> str:
    """The text of ``data`` (see the module docstring: UTF-8, or UTF-16/32 with a byte order
    mark; the mark removed; line ends made LF), or :class:`InputError` if it is empty,
    binary (a NUL byte), UTF-16 without a byte order mark, or not valid UTF-8."""
    return _decode(data, path, final=True)


def check_head(head: bytes, path: str | None, whole: bool) -> None:
    """Raise what :func:`decode` would for a file that starts with ``head`` (``whole``: the
    file is no longer), without reading the rest: empty, binary, not UTF-8."""
    _decode(head, path, final=whole)


def sniff(head: bytes) -> str:
    """The first bytes of a file as text, for guessing its format: decoded as :func:`decode`
    would (bad bytes replaced, a character cut at the end dropped), line ends made LF."""
    codec, _, skip = _bom(head)
    return _newlines(codecs.getincrementaldecoder(codec)("replace").decode(head[skip:], final=False))


def _split_lines(chunks: Iterable[str], limit: int) -> Iterator[str | int]:
    """The lines of the text cut into ``chunks`` (ends CRLF, LF or CR, not included); a line
    longer than ``limit`` characters comes as its length instead, and is never held whole."""
    pieces: list[str] = []
    size = 0
    overlong = False
    pending_cr = False  # the last chunk ended with CR: an LF starting the next one is its end
    for chunk in chunks:
        if pending_cr and chunk.startswith("\n"):
            chunk = chunk[1:]
        pending_cr = chunk.endswith("\r")
        if "\r" in chunk:
            chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
        parts = chunk.split("\n")
        for part in parts[:-1]:
            size += len(part)
            if overlong or size > limit:
                yield size
            else:
                pieces.append(part)
                yield "".join(pieces)
            pieces, size, overlong = [], 0, False
        rest = parts[-1]
        size += len(rest)
        if overlong or size > limit:
            overlong, pieces = True, []
        elif rest:
            pieces.append(rest)
    if size or pieces:
        yield size if overlong or size > limit else "".join(pieces)


def _line_problem(line: str, path: str | None, lineno: int) -> InputError | None:
    """A line of UTF-8 read with surrogate escapes: NUL bytes and bytes that are not UTF-8,
    with their 1-based byte column."""
    nul = line.find("\x00")
    bad = None if line.isascii() else _ESCAPED_BYTE.search(line)
    if nul < 0 and bad is None:
        return None
    at = nul if bad is None or 0 <= nul < bad.start() else bad.start()
    column = len(line[:at].encode("utf-8", "surrogateescape")) + 1
    if at == nul:
        return InputError(path, lineno, f"binary data (NUL byte at column {column}): expected UTF-8 text")
    return InputError(path, lineno, f"invalid UTF-8 (byte 0x{ord(line[at]) - 0xDC00:02x} at column {column}): "
                      "expected UTF-8 text")


def text_lines(stream: BinaryIO | bytes | str, path: str | None,
               limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, str, InputError | None]]:
    """The lines of ``stream`` (a binary file, bytes, or already decoded text), read a chunk
    at a time: memory does not grow with the file. Each is ``(line number, text, problem)``;
    ``problem`` is None or an :class:`InputError` for a line that is not text (NUL bytes,
    bytes that are not UTF-8: they are in ``text`` as surrogate escapes, so it must not be
    used) or longer than :attr:`Limits.max_read_bytes` characters (``text`` is empty: the
    line is never held whole); the following lines are still read. The encoding is that of
    :func:`decode` (a UTF-16 or UTF-32 byte order mark switches to it; an encoding error in
    those ends the file with an error on the line it is in)."""
    if isinstance(stream, str):
        chunks: Iterable[str] = [stream]
        codec, name = "utf-8", "UTF-8"
    else:
        read = _reader(stream)
        first = read()
        codec, name, skip = _bom(first)
        decoder = codecs.getincrementaldecoder(codec)("surrogateescape" if codec == "utf-8" else "strict")

        def decoded() -> Iterator[str]:
            data = first[skip:]
            while data:
                yield decoder.decode(data)
                data = read()
            yield decoder.decode(b"", final=True)

        chunks = decoded()
    lineno = 0
    limit = limits.max_read_bytes
    try:
        for line in _split_lines(chunks, limit):
            lineno += 1
            if isinstance(line, int):
                yield lineno, "", InputError(path, lineno, f"line of {line:,} characters: longer than {limit:,}, "
                                             f"not read ({_too_large(limits)})")
            elif codec == "utf-8":
                yield lineno, line, _line_problem(line, path, lineno)
            else:
                nul = line.find("\x00")
                yield lineno, line, (InputError(path, lineno, f"binary data (NUL character at column {nul + 1}): "
                                                "expected text") if nul >= 0 else None)
    except UnicodeDecodeError as exc:
        yield lineno + 1, "", InputError(path, lineno + 1, f"invalid {name} ({exc.reason}): the rest of the file "
                                         "is not read")


def _reader(stream: BinaryIO | bytes) -> Callable[[], bytes]:
    f = io.BytesIO(stream) if isinstance(stream, bytes) else stream  # BytesIO shares the bytes
    return lambda: f.read(_CHUNK)


def checked(article: Article, path: str | None, line: int | None, limits: Limits = DEFAULT_LIMITS) -> Article:
    """``article`` if it is within ``limits`` (:meth:`Limits.article_problem`), else the
    reason as an :class:`InputError` for ``path`` and ``line``."""
    problem = limits.article_problem(article)
    if problem is not None:
        raise InputError(path, line, problem)
    return article


def parse_day(text: str) -> date | None:
    """The date in ``text`` if it is a whole year-first date (see ``_DAY``), else None.

    Raises ValueError when it has the shape of a date but is not one (2018-13-45), or is
    written with digits other than ASCII 0-9.
    """
    if not text.isascii():
        digit = next((c for c in text if c.isdigit() and not c.isascii()), None)
        if digit is not None:
            name = unicodedata.name(digit, "").lower() or f"U+{ord(digit):04X}"
            raise ValueError(f"{text[:40]!r} is written with non-ASCII digits ({digit!r}, {name}): write it with "
                             "the digits 0-9")
    m = _DAY.fullmatch(text)
    if m is None:
        return None
    year, _, month, day = m.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError as exc:
        raise ValueError(f"impossible date {text!r} ({exc})") from None
