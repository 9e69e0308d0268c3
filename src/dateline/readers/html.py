"""Web pages: one article per HTML page (a file, a fetched URL, a WARC record).

The main text and the metadata come from trafilatura (comments left out: they are not the
article), the publication date from htmldate (through trafilatura, in one parse). Then four
general rules clean what trafilatura keeps of a page's furniture, on the structure of its
XML output (paragraphs, headings, lists), never on a site's markup:

1. **headline**: a heading among the first three blocks that repeats the title or the
   description (same words, or one a prefix of the other, or at least 80% of their words
   shared) is dropped: the title is kept as ``title``, the description as ``caption``.
2. **promotion and navigation**: a block of at most 40 words that matches a line of the
   lexicon in ``readers/data/boilerplate.txt`` (newsletter boxes, "Advertisement", "Read
   more: ...", "Related:", reprint and copyright notices) is dropped.
3. **teasers**: two or more headings in a row that end the text, with no paragraph after
   them, are the headlines of other stories and are dropped.
4. **attribution**: a closing "(Reporting by ...)" or "... contributed to this report" is
   kept as ``attribution``, not body (the rule of the dateline text format,
   :func:`dateline.readers.dateline_text.split_attribution`).

Each rule was judged by its effect on each page of the development set (``python -m
bench.webpages --rules`` prints the pages every rule changed), not by the average alone.

Publication date, in order: a day in the address (:func:`url_day`: the outlet's own local
day), then structured data (JSON-LD ``datePublished``) and meta tags
(``article:published_time`` ...), then a date shown on the page (htmldate, preferring the
original over the last-modified date; htmldate's "extensive search" is off, because it
takes a bare year such as a copyright line's for 1 January of that year); then the date the listing
gave (a feed item's or sitemap entry's date, when the page came from one). Never silently
the time it was fetched: a page with none of these is rejected with that reason, unless
``date_fallback`` is :attr:`~dateline.readers.web.DateFallback.FETCHED`.

Fields: ``title``, ``caption`` (the description or standfirst, unless the body starts with
it), ``outlet`` (the site name), ``authors``, ``url`` (the address the page was read from;
for a file without one, the page's canonical address), ``language`` (the page's declared
language, primary subtag; ``und`` when it declares none), ``origin`` (the file, URL or
WARC record it came from).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from dateline.errors import InputError
from dateline.model import Article
from dateline.readers.web import DateFallback, decode_markup, news_module

__all__ = ["MAX_PAGE_BYTES", "MIN_WORDS", "RULES", "Extracted", "boilerplate_patterns", "extract", "fragment_paragraphs",
           "fragment_text", "is_boilerplate", "looks_like", "parse", "starts_with", "url_day"]

#: A page larger than this is rejected unread (trafilatura's own limit is about 20 MB).
MAX_PAGE_BYTES = 16 * 1024 * 1024
#: A body shorter than this is not an article (a menu, a cookie notice, an error page).
MIN_WORDS = 10
#: The cleaning rules, in the order they run (see the module docstring).
RULES = ("headline", "promotion", "teasers", "attribution")

_HEAD_BLOCKS = 3  # rule 1 looks at this many leading blocks
_SHORT_WORDS = 40  # rule 2: longer blocks are never dropped
_SHARED_WORDS = 0.8  # rule 1: Jaccard overlap of word sets that makes a heading the title
_WORD = re.compile(r"\w+")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# /2019/11/18/ or /2019/nov/18/ (htmldate reads the first form only)
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2]|[A-Za-z]{3})/(0?[1-9]|[12]\d|3[01])(?=/|$|[-_.])")
_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b""", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A page as read, before it is judged to be an article: the body paragraphs and the
    metadata found, and which rule removed what (``changes``: (rule, text) pairs)."""

    paragraphs: list[str]
    title: str
    description: str
    published: date | None
    outlet: str | None
    authors: tuple[str, ...]
    canonical: str | None
    language: str
    attribution: str | None
    changes: list[tuple[str, str]]


def url_day(url: str) -> date | None:
    """The day an article's address names (``/2019/11/18/``, ``/2019/nov/18/``), or None.

    Read before the page's own metadata: an outlet's address carries its local day, while
    structured data often gives a UTC time that moves a late-evening story to the next
    day."""
    m = _URL_DAY.search(url)
    if m is None:
        return None
    year, month, day = m.groups()
    number = _MONTHS.get(month.lower()) if month.isalpha() else int(month)
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def looks_like(head: bytes) -> bool:
    """True when the first bytes of a file are an HTML document's."""
    return _HTML_START.match(head) is not None


@cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """The compiled lexicon of rule 2 (``readers/data/boilerplate.txt``)."""
    text = resources.files("dateline.readers").joinpath("data/boilerplate.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(re.compile(line, re.IGNORECASE) for line in lines if line and not line.startswith("#"))


def extract(html: str, url: str | None = None, rules: Iterable[str] = RULES) -> Extracted | None:
    """Body and metadata of the page ``html`` (``url``: its address, when known), with
    ``rules`` applied; None when trafilatura finds no main text."""
    trafilatura = news_module("trafilatura", "reading web pages")
    # no extensive search: it turns a copyright line's year into 1 January of that year
    date_params = {"extensive_search": False, "original_date": True, "url": url}
    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True,
                                      date_extraction_params=date_params)
    if doc is None or doc.body is None:
        return None
    title = _clean(doc.title or "")
    description = _clean(doc.description or "")
    chosen = set(rules)
    changes: list[tuple[str, str]] = []
    body = doc.body
    if "headline" in chosen:
        _drop_headline(body, title, description, changes)
    if "promotion" in chosen:
        _drop_promotion(body, changes)
    if "teasers" in chosen:
        _drop_teasers(body, changes)
    from trafilatura.xml import xmltotxt

    paragraphs = [p for p in (_clean(line) for line in xmltotxt(body, False).split("\n")) if p]
    attribution = None
    if "attribution" in chosen:
        from dateline.readers.dateline_text import split_attribution

        paragraphs, attribution = split_attribution(paragraphs)
        if attribution is not None:
            changes.append(("attribution", attribution))
    m = _LANG.search(html, 0, 8192)
    authors = tuple(a for a in (_clean(x) for x in (doc.author or "").split(";")) if a)
    outlet = _clean(doc.sitename or "") or None
    return Extracted(
        paragraphs=paragraphs,
        title=_without_site(title, outlet),
        description=description,
        published=url_day(url or doc.url or "") or _day(doc.date),
        outlet=outlet,
        authors=authors,
        canonical=doc.url or None,
        language=m.group(1).lower() if m else "und",
        attribution=attribution,
        changes=changes,
    )


def parse(
    data: bytes | str,
    *,
    origin: str | None,
    url: str | None = None,
    charset: str | None = None,
    listed: date | datetime | None = None,
    fetched: datetime | None = None,
    date_fallback: DateFallback = DateFallback.NONE,
) -> Article:
    """The article of one page, or :class:`InputError` (``origin`` names it).

    ``url``: the address it was read from; ``charset``: the encoding its server declared;
    ``listed``: the date a feed or sitemap gave it; ``fetched``: when it was fetched (used
    only with ``date_fallback`` ``fetched``)."""
    if isinstance(data, bytes):
        if len(data) > MAX_PAGE_BYTES:
            raise InputError(origin, None, f"page of {len(data):,} bytes: larger than the "
                                           f"{MAX_PAGE_BYTES // 2**20} MB a web page may have")
        _check_bytes(data, origin)
        html, _ = decode_markup(data, charset)
    else:
        html = data
    if not html.strip():
        raise InputError(origin, None, "empty file: expected an HTML page")
    if "<" not in html[:_SNIFF_CHARS]:
        raise InputError(origin, 1, "not HTML (no markup at the start): expected a web page")
    try:
        got = extract(html, url)
    except (ValueError, TypeError) as exc:  # what lxml raises on markup it cannot build a tree of
        raise InputError(origin, None, f"cannot parse the HTML: {exc}") from None
    words = sum(len(p.split()) for p in got.paragraphs) if got is not None else 0
    if got is None or words < MIN_WORDS:
        found = f" ({words} words)" if words else ""
        raise InputError(origin, None, f"no article text found in the page{found}: no main text, or only "
                                       f"navigation (an article has at least {MIN_WORDS} words)")
    published: date | datetime | None = got.published or listed
    if published is None:
        if date_fallback is DateFallback.FETCHED and fetched is not None:
            published = fetched.date()
        else:
            raise InputError(origin, None, "no publication date in the page (structured data, meta tags, "
                                           "URL or a date shown on it); --date-fallback fetched dates it by "
                                           "when it was fetched")
    text = "\n\n".join(got.paragraphs)
    caption = got.description
    if caption and starts_with(text, caption):
        caption = ""  # the description is the start of the body
    return Article.create(
        published=published,
        title=got.title,
        text=text,
        caption=caption,
        outlet=got.outlet,
        authors=got.authors,
        attribution=got.attribution,
        url=url or got.canonical,
        origin=origin,
        language=got.language,
    )


_SNIFF_CHARS = 4096


def _check_bytes(data: bytes, origin: str | None) -> None:
    """Reject what is plainly not a web page, naming what it is."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        raise InputError(origin, None, "a PDF document, not an HTML page")
    for magic, what in ((b"\x1f\x8b", "gzip data"), (b"PK\x03\x04", "a ZIP archive"),
                        (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image")):
        if head.startswith(magic):
            raise InputError(origin, None, f"{what}, not an HTML page")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(origin, None, "binary data (NUL bytes), not an HTML page")


_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")


def _without_site(title: str, outlet: str | None) -> str:
    """The title without a trailing " - Site name" (the page's <title> often has one)."""
    if outlet:
        for sep in _TITLE_SEPARATORS:
            head, found, tail = title.rpartition(sep)
            if found and head and _words(tail) == _words(outlet):
                return head.strip()
    return title


def _clean(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _drop_headline(body: Any, title: str, description: str, changes: list[tuple[str, str]]) -> None:
    """Rule 1."""
    known = [w for w in (_words(title), _words(description)) if w]
    seen = 0
    for el in list(body):
        text = _text(el)
        if not text:
            continue
        seen += 1
        if seen > _HEAD_BLOCKS:
            return
        if el.tag != "head":
            continue
        words = _words(text)
        if any(_same_words(words, k) for k in known):
            body.remove(el)
            changes.append(("headline", text))


def _same_words(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long[: len(short)] == short and len(short) >= 3:
        return True
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) >= _SHARED_WORDS


def is_boilerplate(text: str) -> bool:
    """Rule 2 for one block of text (whitespace collapsed): short and in the lexicon."""
    return bool(text) and len(text.split()) <= _SHORT_WORDS and any(p.search(text) for p in boilerplate_patterns())


def starts_with(text: str, lead: str) -> bool:
    """True when ``text`` starts with the words of ``lead`` (its first 12 words, case and
    punctuation aside): a description or summary that only repeats the body's start."""
    return _words(lead)[:12] == _words(text[: len(lead) + 200])[:12]


def fragment_text(fragment: str) -> str:
    """The plain text of a short HTML fragment (a feed item's title): tags and entities
    resolved, whitespace collapsed."""
    if "<" not in fragment and "&" not in fragment:
        return _clean(fragment)
    return " ".join(fragment_paragraphs(fragment, drop_boilerplate=False))


def fragment_paragraphs(fragment: str, *, drop_boilerplate: bool = True) -> list[str]:
    """The paragraphs of an HTML fragment (a feed item's content): the text of each block
    element (paragraph, heading, list item, quote, table cell, line break), whitespace
    collapsed, scripts, styles and figures (images and their captions) left out, rule 2
    applied."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError):  # lxml.etree.ParserError is a ValueError
        paragraphs = [_clean(x) for x in fragment.split("\n\n")]
        return [p for p in paragraphs if p and not (drop_boilerplate and is_boilerplate(p))]
    for el in list(root.iter("script", "style", "noscript", "figure", "figcaption")):
        el.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
        el.text = "\n\n" + (el.text or "")
    blocks = [_clean(p) for p in root.text_content().split("\n\n")]
    return [p for p in blocks if p and not (drop_boilerplate and is_boilerplate(p))]


_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th",
           "tr", "section", "article", "header", "footer", "ul", "ol", "dl", "dt", "dd")


def _drop_promotion(body: Any, changes: list[tuple[str, str]]) -> None:
    """Rule 2."""
    for el in list(body.iter("p", "head", "list", "item", "quote")):
        if el.getparent() is None:
            continue
        text = _text(el)
        if is_boilerplate(text):
            _remove(el)
            changes.append(("promotion", text))


def _drop_teasers(body: Any, changes: list[tuple[str, str]]) -> None:
    """Rule 3."""
    run = []
    for el in reversed(list(body)):
        if not _text(el):
            continue
        if el.tag != "head":
            break
        run.append(el)
    if len(run) >= 2:
        for el in reversed(run):
            changes.append(("teasers", _text(el)))
            body.remove(el)


def _remove(el: Any) -> None:
    """Remove ``el`` but keep its tail text (lxml keeps text after an element in its tail)."""
    parent = el.getparent()
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
