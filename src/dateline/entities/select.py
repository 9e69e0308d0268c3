"""The articles and sentences of an entity timeline.

An entity's sentences are those with a mention of it that the recogniser found, and those
where one of its aliases occurs as a whole name (:func:`alias_spans`): the model reads
only the sentences that can enter a timeline and misses some names there, so an alias in
an article it never tagged still counts. An alias counts only as a whole name, with the
same capitals, not inside a longer one ("Apple" in "Apple Corps" is not Apple; a title
before it is not part of it: "CEO Scott Carson"), and only
aliases that are names on their own: two words or more, an acronym, one capitalised
word of at least four letters, or a product's designation of three characters or more
("787", "A380": :func:`dateline.entities.names.product_aliases`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from dateline.entities.names import is_acronym, product_aliases, titles
from dateline.model import AnnotatedArticle

if TYPE_CHECKING:
    from dateline.entities.lookup import Match
    from dateline.store.base import Store

__all__ = ["Selection", "alias_spans", "select", "usable_aliases"]

#: What may not touch an alias for it to be a whole name: a letter or digit, or a
#: capitalised word or a number joined by a space (a longer name: "Apple Corps", "Boeing 787").
_BEFORE = re.compile(r"(?:[\w&]|([A-Z][\w&.'-]*)\s+)$")
_AFTER = re.compile(r"^(?:[\w&]|\s+(?:[A-Z]|\d))")


@dataclass
class Selection:
    """The articles of an entity timeline (publication order), the sentences of each that
    mention the entity (by :attr:`~dateline.model.Sentence.index`), and the spans of the
    mentions in each such sentence."""

    articles: list[AnnotatedArticle] = field(default_factory=list)
    subject: dict[str, frozenset[int]] = field(default_factory=dict)
    spans: dict[tuple[str, int], tuple[tuple[int, int], ...]] = field(default_factory=dict)


def _norm(word: str) -> str:
    return word.casefold().rstrip(".")


def usable_aliases(aliases: Iterable[str]) -> list[str]:
    """The aliases that are names on their own (module docstring), longest first."""
    out = []
    for a in dict.fromkeys(" ".join(x.split()) for x in aliases):
        words = a.split()
        if len(words) >= 2 or is_acronym(a) or (len(a) >= 4 and a[0].isupper()) or (
                len(a) >= 3 and any(c.isdigit() for c in a) and a[0].isalnum()):
            out.append(a)
    return sorted(out, key=len, reverse=True)


def alias_spans(text: str, start: int, end: int, aliases: Sequence[str]) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` where one of ``aliases`` (longest first) occurs as a
    whole name (module docstring); spans do not overlap."""
    found: list[tuple[int, int]] = []
    for alias in aliases:
        at = text.find(alias, start, end)
        while at >= 0:
            stop = at + len(alias)
            before = _BEFORE.search(text[max(start, at - 40):at])
            if before is not None and before[1] and (_norm(before[1]),) in titles():
                before = None  # a title ("CEO Scott Carson", "Mayor de Blasio") is not part of the name
            whole = before is None and not _AFTER.match(text[stop:min(end, stop + 2)])
            if whole and not any(s < stop and at < e for s, e in found):
                found.append((at, stop))
            at = text.find(alias, stop, end)
    return sorted(found)


def select(store: Store, match: Match, *, topic: str | None = None, since: date | None = None,
           until: date | None = None, keywords: Sequence[str] = ()) -> Selection:
    """The articles of ``store`` that mention the entities of ``match`` (recognised, or by
    an alias), with ``topic`` and in [``since``, ``until``]; with ``keywords``, only those
    whose title or text contains one of them (case-insensitive substring)."""
    low = [k.lower() for k in keywords if k.strip()]
    names = [*(a for e in match.entities for a in e.aliases), *([match.literal] if match.literal else [])]
    products = [p for e in match.entities if e.type == "PRODUCT" for p in product_aliases(e.name)]
    if match.literal:
        products += product_aliases(match.literal)
    aliases = usable_aliases([*names, *products])
    sel = Selection()
    seen: set[str] = set()
    found: dict[str, tuple[AnnotatedArticle, dict[int, list[tuple[int, int]]]]] = {}
    for ann, mentions in store.entity_documents(match.ids, topic=topic, since=since, until=until):
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append((m.start, m.end))
        found[ann.article.id] = (ann, by_sentence)
    if aliases:
        for ann in store.documents(topic=topic, since=since, until=until, keywords=aliases):
            by_sentence = found.get(ann.article.id, (ann, {}))[1]
            text = ann.article.text
            for s in ann.sentences:
                known = by_sentence.get(s.index, [])
                extra = [sp for sp in alias_spans(text, s.start, s.end, aliases)
                         if not any(a < sp[1] and sp[0] < b for a, b in known)]
                if extra:
                    by_sentence[s.index] = sorted(known + extra)
            if by_sentence:
                found.setdefault(ann.article.id, (ann, by_sentence))
    for ann, by_sentence in sorted(found.values(), key=lambda t: (t[0].article.day, t[0].article.id)):
        if ann.article.id in seen:
            continue
        seen.add(ann.article.id)
        if low and not any(k in ann.article.title.lower() or k in ann.article.text.lower() for k in low):
            continue
        sel.articles.append(ann)
        sel.subject[ann.article.id] = frozenset(by_sentence)
        for index, spans in by_sentence.items():
            sel.spans[(ann.article.id, index)] = tuple(spans)
    return sel
