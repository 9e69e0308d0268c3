"""The dateline text format: the plain-text article dumps dateline's users have.

::

    date 2019-03-14 CITY COUNCIL BUDGET                 header: date and topic (indent allowed)

    Council passes budget after all-night session       title (first paragraph)

    Reporter Jane Roe explains what ... (Photo: ...)    caption paragraph(s), optional

    SPRINGFIELD (WXYZ) --                               dateline line: place, outlet; the body
    The city council approved the budget early ...      may start on the same line

    More body paragraphs ...

    (Some information from the Associated Press)        closing attribution, optional

Paragraphs are separated by blank lines; the lines of a paragraph are joined with a space
(hard-wrapped files unwrap), and the body keeps its paragraphs separated by a blank line,
so every line break in ``Article.text`` is a paragraph break.

What is taken from where, and never guessed:

- ``published`` is the header date only; ``topics`` is the header topic, normalised by
  :func:`dateline.text.normalise_topic` (``CITY COUNCIL BUDGET`` → ``city council budget``).
- The dateline line is the first paragraph after the title whose first line matches
  :data:`DATELINE` (``PLACE (OUTLET) --``, or ``PLACE --``; ``--``, ``—`` or ``–``).
  Paragraphs between the title and it are the caption.
- Without a dateline line, only leading paragraphs that end with a photo credit
  (:data:`CAPTION_CREDITS`) are taken as caption; all others are body.
- The last body paragraph is the attribution when it is wholly in parentheses, or short and
  phrased like one (:data:`ATTRIBUTION_PHRASES`: "contributed to this report" ...), and
  at least one body paragraph remains.

Rejected (:class:`~dateline.errors.InputError`, with the line): no header line, an
impossible header date or one in other digits than 0-9, a header without a topic, a header
and nothing else, no body text; an article outside the limits of :mod:`dateline.limits`
(publication date, topic tag length, size); and (from :mod:`dateline.readers._io`) what is
not a regular file, too large to read, empty, binary, or not UTF-8 (or UTF-16/32 with a
byte order mark). Line ends may be LF, CRLF or a lone CR.
Accepted with an :class:`~dateline.errors.InputWarning`: no title (the first paragraph is
already the dateline line).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from dateline.errors import InputError, InputWarning
from dateline.limits import DEFAULT_LIMITS, Limits
from dateline.model import Article
from dateline.readers._io import checked, parse_day, read_text
from dateline.text import normalise_topic

__all__ = ["ATTRIBUTION_PHRASES", "CAPTION_CREDITS", "DATELINE", "HEADER", "looks_like", "parse", "read", "split_attribution"]

#: ``date YYYY-MM-DD TOPIC`` (also ``Date:``); group 1 the date, group 2 the topic (with any
#: white space after it: a lazy topic followed by ``[ \t]*`` took time quadratic in a run of
#: spaces).
HEADER = re.compile(r"[ \t]*date:?[ \t]+(\S+)(?:[ \t]+(.*))?", re.IGNORECASE)

_PLACE = r"[A-Z][A-Z0-9.'’&/ -]{0,60}?(?:,[ \t]*[A-Z][A-Za-z.]{0,20}(?:[ \t][A-Z][A-Za-z.]{0,20}){0,3})?"
#: The dateline line: place in capitals (``SPRINGFIELD``, ``NEW YORK``, ``SALEM, Ore.``),
#: the outlet in parentheses (optional), a dash, then perhaps the start of the body.
DATELINE = re.compile(
    rf"[ \t]*(?P<place>{_PLACE})[ \t]*(?:\((?P<outlet>[^()\n]{{1,60}})\)[ \t]*)?(?:--|—|–)[ \t]*(?P<rest>.*)"
)

#: A paragraph ending in one of these credits is a photo/video caption.
CAPTION_CREDITS = re.compile(
    r"\((?:[^()]*\b(?:photo|photos|photograph|image|video|file|courtesy|credit|illustration)\b[^()]*)\)\s*$",
    re.IGNORECASE,
)

#: Phrases of a closing attribution that is not in parentheses (matched case-insensitively
#: anywhere in a short last paragraph).
ATTRIBUTION_PHRASES = (
    "contributed to this report",
    "contributed reporting",
    "some information from",
    "information from the",
    "additional reporting by",
    "reporting by",
    "compiled from",
    "this story was reported",
)
_ATTRIBUTION_RE = re.compile("|".join(map(re.escape, ATTRIBUTION_PHRASES)), re.IGNORECASE)
_ATTRIBUTION_MAX = 300  # characters: a longer paragraph is body, whatever it says

_BLANK = re.compile(r"[ \t\f\v\u00a0]*")


def split_attribution(body: list[str]) -> tuple[list[str], str | None]:
    """The body paragraphs without a closing attribution, and the attribution (None when
    there is none): the last paragraph of a body of two or more, when it is wholly in
    parentheses (kept without them) or short and phrased like one (:data:`ATTRIBUTION_PHRASES`)."""
    if len(body) > 1:
        last = body[-1]
        if last.startswith("(") and last.endswith(")") and last.count("(") == 1:
            return body[:-1], last[1:-1].strip()
        if len(last) <= _ATTRIBUTION_MAX and _ATTRIBUTION_RE.search(last):
            return body[:-1], last
    return body, None


def looks_like(text: str) -> bool:
    """True when the first non-blank line of ``text`` is a dateline header."""
    for line in text.split("\n", 20)[:20]:
        if line.strip():
            return HEADER.fullmatch(line.rstrip("\r")) is not None
    return False


def read(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Read one article file in the dateline text format."""
    from dateline.readers._io import display_path

    return parse(read_text(path, limits), display_path(path), limits=limits)


def parse(text: str, path: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Parse one article in the dateline text format (see the module docstring)."""
    if "\r" in text:  # CRLF, or lone CR line ends (decode() has done this for files)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    header_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_at is None:
        raise InputError(path, None, "empty file: expected text")
    lineno = header_at + 1
    header = lines[header_at].rstrip("\r")
    m = HEADER.fullmatch(header)
    if m is None:
        raise InputError(path, lineno, f"expected a header line 'date YYYY-MM-DD TOPIC', found {_clip(header.strip())!r}")
    raw_date, raw_topic = m.group(1), m.group(2) or ""
    try:
        published = parse_day(raw_date)
    except ValueError as exc:
        raise InputError(path, lineno, f"header date: {exc}; expected YYYY-MM-DD") from None
    if published is None:
        raise InputError(path, lineno, f"header date {_clip(raw_date)!r} is not a date: expected YYYY-MM-DD")
    problem = limits.published_problem(published)
    if problem is not None:
        raise InputError(path, lineno, f"header date: {problem}")
    topic = normalise_topic(raw_topic)
    if not topic:
        raise InputError(path, lineno, "header has no topic: expected 'date YYYY-MM-DD TOPIC'")
    problem = limits.topic_problem(topic)
    if problem is not None:
        raise InputError(path, lineno, f"header: {problem}")

    paragraphs = _paragraphs(lines, header_at + 1)
    if not paragraphs:
        raise InputError(path, lineno, "nothing after the header: expected a title and body paragraphs")

    title = ""
    place = outlet = None
    caption: list[str] = []
    body: list[str]
    dateline_at = next((i for i, (_, p) in enumerate(paragraphs) if DATELINE.fullmatch(p[0])), None)
    if dateline_at == 0:
        warnings.warn(InputWarning(path, paragraphs[0][0], "no title: the first paragraph is the dateline line"), stacklevel=2)
    else:
        title = _join(paragraphs[0][1])
    if dateline_at is not None:
        first_line, para = paragraphs[dateline_at]
        dm = DATELINE.fullmatch(para[0])
        assert dm is not None
        place = dm.group("place").strip() or None
        outlet = (dm.group("outlet") or "").strip() or None
        caption = [_join(p) for _, p in paragraphs[1:dateline_at]]
        lead = _join([dm.group("rest"), *para[1:]])
        body = ([lead] if lead else []) + [_join(p) for _, p in paragraphs[dateline_at + 1 :]]
    else:
        rest = [_join(p) for _, p in paragraphs[1:]]
        n_caption = 0
        while n_caption < len(rest) - 1 and CAPTION_CREDITS.search(rest[n_caption]):
            n_caption += 1
        caption, body = rest[:n_caption], rest[n_caption:]

    body, attribution = split_attribution(body)
    if not body:
        raise InputError(path, lineno, "no body text: expected body paragraphs after the title")
    article = Article.create(
        published=published,
        title=title,
        text="\n\n".join(body),
        topics=(topic,),
        caption="\n\n".join(caption),
        place=place,
        outlet=outlet,
        attribution=attribution,
        origin=path,
    )
    return checked(article, path, None, limits)


def _paragraphs(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """Groups of non-blank lines (stripped, CR removed) with the 1-based line of each."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line or _BLANK.fullmatch(line):
            if current:
                out.append((first, current))
                current = []
            continue
        if not current:
            first = i + 1
        current.append(line)
    if current:
        out.append((first, current))
    return out


def _join(lines: list[str]) -> str:
    return " ".join(part for part in (line.strip() for line in lines) if part)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
