"""What an article may be: the limits every reader and the ingest pipeline apply.

An article outside these limits is rejected with a reason a person can act on (the readers
add the file and the line; :func:`dateline.annotate.ingest` checks every article again, so
an article from any source, a reader of another format or a program, meets them too):

- **Size.** The title, caption, body, attribution, place, outlet and URL together are at
  most :attr:`Limits.max_article_bytes` (UTF-8; 2 MiB by default, ``dateline ingest
  --max-article-size``). Every later stage costs time and memory in proportion to an
  article's size (tagging ~4.6 s of CPU and ~25 MB per MiB of date-dense text, ``python -m
  bench.article_size``); real news articles are under 100 KB, so 2 MiB is room for long
  reports and transcripts while one article cannot occupy a worker for minutes. Readers
  refuse to read more than :attr:`Limits.max_read_bytes` of one file, or of one line of a
  JSON lines file, so memory is bounded before anything is parsed.
- **Publication date.** From :attr:`Limits.earliest` (1600-01-01: the first printed
  newspapers appeared in the 1600s, so an earlier date is a typing error such as 0219 for
  2019) to :attr:`Limits.future_days` days after today (366: a date a few days or weeks
  ahead is legitimate, an embargoed or scheduled story or another time zone; a date years
  ahead is a typing error, and would anchor every relative expression of the article in the
  wrong year).
- **Topic tags.** At most :attr:`Limits.max_topics` tags of at most
  :attr:`Limits.max_topic_chars` characters (100, the length the web API accepts for a
  topic, so every stored topic can be asked for).
- **Text.** No field may hold a NUL character or a lone surrogate (text that cannot be
  written as UTF-8, e.g. from a JSON ``"\\ud800"`` escape). Other control characters are
  stored as read; the command line shows them escaped (``\\x1b``), the web pages escape
  all text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateline.model import Article

__all__ = ["DEFAULT_LIMITS", "KiB", "Limits", "MiB", "format_size", "storable", "text_problem"]

KiB = 1 << 10
MiB = 1 << 20

#: The fields whose size counts towards :attr:`Limits.max_article_bytes`.
_SIZED = ("title", "caption", "text", "attribution", "place", "outlet", "url")
#: Fields that must be valid text (besides the sized ones and the topics).
_OTHER_TEXT = ("id", "language", "origin")


def format_size(n: int) -> str:
    """``n`` bytes for a person: ``812 bytes``, ``64 KiB``, ``2 MiB``, ``9.8 MiB``."""
    if n < KiB:
        return f"{n} bytes"
    unit, name = (MiB, "MiB") if n >= MiB else (KiB, "KiB")
    value = n / unit
    return f"{value:.0f} {name}" if value == int(value) or value >= 100 else f"{value:.1f} {name}"


def storable(text: str) -> str:
    """``text`` with what cannot be written as UTF-8 (lone surrogates) as backslash escapes:
    a surrogate that stands for a byte of a file name that is not UTF-8 (Python's
    ``surrogateescape``) as that byte, ``\\xe9``, any other as ``\\ud800``."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that does not stand for a byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def text_problem(value: str, name: str) -> str | None:
    """Why ``value`` (the field ``name``) cannot be stored as text, or None: a NUL
    character, or a lone surrogate (not UTF-8)."""
    nul = value.find("\x00")
    if nul >= 0:
        return f"{name} holds a NUL character (at character {nul + 1}): expected text"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (f"{name} holds a lone surrogate ({value[exc.start]!r} at character {exc.start + 1}): "
                    "expected valid Unicode text")
    return None


def _utf8_size(value: str) -> int:
    return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one run (see the module docstring); :data:`DEFAULT_LIMITS` unless given."""

    max_article_bytes: int = 2 * MiB
    earliest: date = date(1600, 1, 1)
    future_days: int = 366
    max_topics: int = 50
    max_topic_chars: int = 100

    def __post_init__(self) -> None:
        if self.max_article_bytes < 1:
            raise ValueError(f"max_article_bytes must be at least 1, got {self.max_article_bytes}")

    @property
    def max_read_bytes(self) -> int:
        """The most a reader reads of one file, or of one line of a JSON lines file: room
        for an article of :attr:`max_article_bytes` in any encoding (UTF-16, JSON escapes)."""
        return 8 * self.max_article_bytes + 64 * KiB

    def latest(self, today: date | None = None) -> date:
        """The latest publication date accepted on ``today`` (default: the local date)."""
        return (today or date.today()) + timedelta(days=self.future_days)

    def published_problem(self, published: date | datetime, today: date | None = None) -> str | None:
        """Why ``published`` cannot be a publication date, or None."""
        day = published.date() if isinstance(published, datetime) else published
        if day < self.earliest:
            return (f"publication date {day.isoformat()} is before {self.earliest.isoformat()}: "
                    "no news article is that old (a mistyped year?)")
        latest = self.latest(today)
        if day > latest:
            return (f"publication date {day.isoformat()} is after {latest.isoformat()} ({self.future_days} days "
                    "from today): a mistyped year?")
        return None

    def topic_problem(self, topic: str) -> str | None:
        """Why ``topic`` cannot be a topic tag, or None."""
        if len(topic) > self.max_topic_chars:
            return f"topic tag of {len(topic):,} characters: at most {self.max_topic_chars}"
        return text_problem(topic, "topic tag")

    def article_problem(self, article: Article, today: date | None = None) -> str | None:
        """The first reason ``article`` is not accepted, or None."""
        problem = self.published_problem(article.published, today)
        if problem is not None:
            return problem
        if len(article.topics) > self.max_topics:
            return f"{len(article.topics)} topic tags: at most {self.max_topics}"
        for topic in article.topics:
            problem = self.topic_problem(topic)
            if problem is not None:
                return problem
        size = 0
        for name in (*_SIZED, *_OTHER_TEXT):
            value = getattr(article, name)
            if not value:
                continue
            problem = text_problem(value, name)
            if problem is not None:
                return problem
            if name in _SIZED:
                size += _utf8_size(value)
        if size > self.max_article_bytes:
            return (f"article of {size:,} bytes (title, caption and body): at most "
                    f"{format_size(self.max_article_bytes)} ({self.max_article_bytes:,} bytes) per article")
        return None


#: The limits unless a caller gives others.
DEFAULT_LIMITS = Limits()
