"""Parsing XML from the web safely: no entity expansion, no network.

Feeds and sitemaps come from servers dateline does not control. An XML document that
declares entities is refused before any other parser sees it: that covers the "billion
laughs" (entities nested to expand a few bytes into gigabytes) and external entities
(``SYSTEM "file:///etc/passwd"`` or a URL, which would make the parser read files or fetch
addresses). defusedxml does the check; no real feed or sitemap needs an entity declaration.
"""

from __future__ import annotations

from typing import Any

from dateline.errors import InputError
from dateline.readers.web import news_module

__all__ = ["parse_safely"]


def parse_safely(data: bytes, origin: str | None, *, strict: bool) -> Any | None:
    """The root element of ``data`` (an ``xml.etree`` element), parsed with entities
    refused. An entity declaration or external reference is an :class:`InputError`; so is
    XML that does not parse when ``strict``, else the result is None (a lenient parser such
    as feedparser's may still read it)."""
    defused = news_module("defusedxml.ElementTree", "reading feeds and sitemaps")
    from defusedxml import DefusedXmlException

    try:
        return defused.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(origin, None, f"refused: the XML declares entities or refers to outside documents "
                                       f"({type(exc).__name__}); feeds and sitemaps need neither") from None
    except defused.ParseError as exc:
        if strict:
            line = getattr(exc, "position", (None,))[0]
            raise InputError(origin, line, f"not well-formed XML ({exc})") from None
        return None
