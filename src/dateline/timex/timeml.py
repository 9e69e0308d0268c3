"""Reading and writing TimeML (``.tml``) and TempEval-3 input (``.TE3input``) files.

A TimeML document has a ``DOCID``, a document creation time (the ``TIMEX3`` inside
``DCT``) and a ``TEXT`` element whose content is the text, possibly with inline
``TIMEX3``/``EVENT``/``SIGNAL`` tags. :func:`read_timeml` returns the plain text of ``TEXT``
(tags removed, character entities decoded) with the ``TIMEX3`` annotations as
:class:`~dateline.model.Timex` objects whose spans are offsets into that plain text.
:func:`write_timeml` inserts ``TIMEX3`` tags into the plain text, leaving the text itself
unchanged, so that ``read_timeml(write_timeml(doc, timexes)).text == doc.text``.

The scanner is a single left-to-right pass over the tags (linear time); malformed input
raises :class:`~dateline.errors.InputError` naming the file, the line and what was expected.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateline.errors import InputError
from dateline.model import Granularity, Timex, TimexType
from dateline.timex.values import granularity_of_value

__all__ = [
    "TimeMLDocument",
    "output_name",
    "parse_timeml",
    "read_timeml",
    "timeml_string",
    "write_timeml",
]

# One tag or one character reference; attribute text may not contain '<' or '>'.
_TOKEN = re.compile(r"<(/?)([A-Za-z_][\w.-]{0,40})((?:\s[^<>]{0,2000})?)(/?)>|<!--.{0,100000}?-->|&(#?\w{1,12});", re.S)
_ATTR = re.compile(r"""([A-Za-z_][\w.-]{0,40})\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TEXT_OPEN = re.compile(r"<TEXT(?:\s[^<>]*)?>")
_TEXT_CLOSE = re.compile(r"</TEXT\s*>")
_DOCID = re.compile(r"<DOCID(?:\s[^<>]*)?>([^<]{0,500})</DOCID\s*>")
_DCT = re.compile(r"<DCT(?:\s[^<>]*)?>\s*<TIMEX3(\s[^<>]*)>([^<]{0,500})</TIMEX3\s*>")
_ISO_DAY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")

_GRANULARITY_BY_TYPE = {
    TimexType.DATE: Granularity.DAY,
    TimexType.TIME: Granularity.TIME,
}


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """One TimeML/TE3input document.

    ``text`` is the plain content of ``TEXT``; ``timexes`` are its TIMEX3 annotations (the
    DCT is not among them: it lives outside ``TEXT``); ``dct`` is the creation date
    (``None`` if the file has no usable DCT) and ``dct_value`` its TIMEX3 value as written.
    """

    docid: str
    dct: date | None
    text: str
    timexes: tuple[Timex, ...] = ()
    dct_value: str | None = None
    path: str | None = None
    head: str = field(default="", repr=False)  # source up to and including <TEXT>


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(raw)}


def _dct_date(value: str) -> date | None:
    m = _ISO_DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _timex_from(attrs: dict[str, str], start: int, end: int, text: str, anchor: date | None,
                path: str | None, line: int) -> Timex:
    raw_type = attrs.get("type", "")
    try:
        ttype = TimexType(raw_type)
    except ValueError:
        raise InputError(path, line, f"TIMEX3 type must be DATE, TIME, DURATION or SET, got {raw_type!r}") from None
    value = attrs.get("value", "")
    return Timex(
        start=start,
        end=end,
        text=text[start:end],
        type=ttype,
        value=value,
        granularity=_granularity_of(ttype, value),
        anchor=anchor,
        mod=attrs.get("mod") or None,
    )


def _granularity_of(ttype: TimexType, value: str) -> Granularity:
    """Granularity implied by a TIMEX3 value (used for values read from files)."""
    if ttype in (TimexType.DURATION, TimexType.SET):
        return Granularity.NONE
    return granularity_of_value(value) if value else _GRANULARITY_BY_TYPE.get(ttype, Granularity.NONE)


def parse_timeml(source: str, path: str | None = None) -> TimeMLDocument:
    """Parse TimeML/TE3input ``source``; ``path`` is only used in error messages."""
    open_m = _TEXT_OPEN.search(source)
    if open_m is None:
        raise InputError(path, None, "expected a <TEXT> element (TimeML or .TE3input file)")
    close_m = _TEXT_CLOSE.search(source, open_m.end())
    if close_m is None:
        raise InputError(path, _line_of(source, open_m.start()), "<TEXT> is never closed: expected </TEXT>")
    head = source[: open_m.end()]
    docid_m = _DOCID.search(head)
    docid = docid_m.group(1).strip() if docid_m else (Path(path).name if path else "")
    dct_value: str | None = None
    dct: date | None = None
    dct_m = _DCT.search(head)
    if dct_m:
        dct_value = _attrs(dct_m.group(1)).get("value")
        dct = _dct_date(dct_value) if dct_value else None

    body_start, body_end = open_m.end(), close_m.start()
    pieces: list[str] = []
    length = 0
    pos = body_start
    open_timex: tuple[dict[str, str], int, int] | None = None  # attrs, start, source offset
    spans: list[tuple[dict[str, str], int, int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _TOKEN.finditer(source, body_start, body_end):
        if m.start() > pos:
            chunk = source[pos : m.start()]
            if "<" in chunk:
                raise InputError(path, _line_of(source, pos + chunk.index("<")), "expected a tag after '<'")
            pieces.append(chunk)
            length += len(chunk)
        pos = m.end()
        entity = m.group(5)
        if entity is not None:
            ch = html.unescape(m.group(0))
            pieces.append(ch)
            length += len(ch)
            continue
        name = m.group(2)
        if name is None:  # a comment
            continue
        closing, self_closing = m.group(1) == "/", m.group(4) == "/"
        if self_closing:
            continue
        if not closing:
            stack.append((name, m.start()))
            if name == "TIMEX3":
                if open_timex is not None:
                    raise InputError(path, _line_of(source, m.start()), "TIMEX3 inside TIMEX3: expected </TIMEX3> first")
                open_timex = (_attrs(m.group(3)), length, m.start())
            continue
        if not stack or stack[-1][0] != name:
            expected = f"</{stack[-1][0]}>" if stack else "no closing tag"
            raise InputError(path, _line_of(source, m.start()), f"unexpected </{name}>: expected {expected}")
        stack.pop()
        if name == "TIMEX3" and open_timex is not None:
            attrs, start, src = open_timex
            spans.append((attrs, start, length, _line_of(source, src)))
            open_timex = None
    if pos < body_end:
        chunk = source[pos:body_end]
        if "<" in chunk:
            raise InputError(path, _line_of(source, pos + chunk.index("<")), "expected a tag after '<'")
        pieces.append(chunk)
    if stack:
        name, at = stack[-1]
        raise InputError(path, _line_of(source, at), f"<{name}> is never closed inside <TEXT>")
    text = "".join(pieces)
    timexes = tuple(
        _timex_from(attrs, s, e, text, dct, path, line)
        for attrs, s, e, line in spans
        if attrs.get("functionInDocument") != "CREATION_TIME"
    )
    return TimeMLDocument(docid=docid, dct=dct, text=text, timexes=timexes,
                          dct_value=dct_value, path=path, head=head)


def read_timeml(path: str | Path) -> TimeMLDocument:
    """Read a ``.tml`` or ``.TE3input`` file."""
    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        source_bytes = p.read_bytes()
        line = source_bytes.count(b"\n", 0, exc.start) + 1
        raise InputError(str(p), line, "expected UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(p), None, f"cannot read file: {exc.strerror}") from None
    return parse_timeml(source, str(p))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _escape(value).replace('"', "&quot;")


def timeml_string(doc: TimeMLDocument, timexes: list[Timex] | tuple[Timex, ...]) -> str:
    """``doc`` as TimeML with ``timexes`` (spans into ``doc.text``) as inline TIMEX3 tags.

    Everything before ``TEXT`` (DOCID, DCT, ...) is kept as it was; annotations of the
    source inside ``TEXT`` and after it (EVENTs, TLINKs, ...) are not carried over.
    Raises ValueError if the timexes overlap or lie outside the text.
    """
    text = doc.text
    out: list[str] = []
    pos = 0
    for n, t in enumerate(sorted(timexes, key=lambda t: (t.start, t.end)), start=1):
        if t.start < pos or t.end > len(text) or t.start >= t.end:
            raise ValueError(f"timex {t.start}-{t.end} {t.text!r} overlaps another or lies outside the text")
        out.append(_escape(text[pos : t.start]))
        attrs = f'tid="t{n}" type="{t.type.value}" value="{_attr(t.value)}"'
        if t.mod:
            attrs += f' mod="{_attr(t.mod)}"'
        out.append(f"<TIMEX3 {attrs}>{_escape(text[t.start : t.end])}</TIMEX3>")
        pos = t.end
    out.append(_escape(text[pos:]))
    head = doc.head or _default_head(doc)
    return f"{head}{''.join(out)}</TEXT>\n\n</TimeML>\n"


def _default_head(doc: TimeMLDocument) -> str:
    dct = doc.dct_value or (doc.dct.isoformat() if doc.dct else "")
    dct_part = (
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{_attr(dct)}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{_escape(dct)}</TIMEX3></DCT>\n\n'
        if dct
        else ""
    )
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n\n'
        f"<DOCID>{_escape(doc.docid)}</DOCID>\n\n{dct_part}<TEXT>"
    )


def output_name(path: str | Path) -> str:
    """The output file name for an input: its name up to and including ``.tml``
    (``ABC.tml.TE3input`` -> ``ABC.tml``); names without ``.tml`` get ``.tml`` appended."""
    name = Path(path).name
    i = name.find(".tml")
    return name[: i + 4] if i >= 0 else name + ".tml"


def write_timeml(doc: TimeMLDocument, timexes: list[Timex] | tuple[Timex, ...], path: str | Path) -> Path:
    """Write ``timeml_string(doc, timexes)`` to ``path``."""
    p = Path(path)
    p.write_text(timeml_string(doc, timexes), encoding="utf-8")
    return p
