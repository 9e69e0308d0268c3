"""Where a store is: a SQLite file or a PostgreSQL URL, and how to show one (a URL's
password is never shown)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

__all__ = ["describe", "is_url", "public_url", "secrets"]


def is_url(location: object) -> bool:
    """Whether ``location`` is a PostgreSQL URL (``postgresql://`` or ``postgres://``)."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def public_url(url: str) -> str:
    """``url`` without its password (``postgresql://user:***@host/db``)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "the PostgreSQL URL"
    if parts.password is None:
        netloc = parts.netloc
    else:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    query = urllib.parse.urlencode(
        [(k, "***" if k == "password" else v) for k, v in urllib.parse.parse_qsl(parts.query)], safe="*")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def secrets(url: str) -> list[str]:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return []
    out = [parts.password] if parts.password else []
    out += [v for k, v in urllib.parse.parse_qsl(parts.query) if k == "password" and v]
    return out + [urllib.parse.unquote(s) for s in out]


def describe(location: str | Path) -> str:
    """``location`` as it may be shown: a URL without its password, a path as given."""
    return public_url(str(location)) if is_url(location) else str(location)
