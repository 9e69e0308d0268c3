"""A story's sentence once: near-duplicate articles folded before a timeline is built.

Articles of the same story (a wire story carried by several outlets, a report updated
during the day: :mod:`dateline.annotate.stories`) repeat each other's sentences. Before a
method sees the articles, :func:`fold` keeps each sentence of a story once, in the first
article of the story that carries it (articles in the order given: publication day, then
id), and drops the repeats from the later articles; :func:`attach` then lists, in the
provenance of every timeline sentence, the other articles that carried it
(:attr:`~dateline.model.Provenance.also`). Two sentences are the same when their text is
the same once case and runs of white space are ignored; a sentence an outlet edited stays
in both articles. Sentences only one article of a story has are kept where they are, so
nothing an update added is lost.

Articles without a story (read without a store, or not grouped) are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dateline.model import AnnotatedArticle, Provenance, Timeline, TimelineEntry

__all__ = ["Carriers", "attach", "fold"]

#: ``(article id, sentence index)`` of a kept sentence -> the provenance of its repeats.
Carriers = dict[tuple[str, int], list[Provenance]]


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def fold(articles: Sequence[AnnotatedArticle]) -> tuple[list[AnnotatedArticle], Carriers]:
    """``articles`` (in the order given) with every sentence repeated from an earlier
    article of the same story removed (with its timexes; sentence indices are kept), and
    where each removed sentence went."""
    size: dict[str, int] = {}
    for a in articles:
        if a.story is not None:
            size[a.story] = size.get(a.story, 0) + 1
    carriers: Carriers = {}
    if not any(n > 1 for n in size.values()):
        return list(articles), carriers
    seen: dict[str, dict[str, tuple[str, int]]] = {}  # story -> sentence key -> first carrier
    out: list[AnnotatedArticle] = []
    for a in articles:
        if a.story is None or size[a.story] < 2:
            out.append(a)
            continue
        first = seen.setdefault(a.story, {})
        keep: list[int] = []
        for pos, s in enumerate(a.sentences):
            key = _key(s.text)
            where = first.get(key) if key else None
            if where is None:
                if key:
                    first[key] = (a.article.id, s.index)
                keep.append(pos)
            else:
                carriers.setdefault(where, []).append(a.provenance(pos))
        if len(keep) == len(a.sentences):
            out.append(a)
        else:
            out.append(replace(
                a,
                sentences=tuple(a.sentences[i] for i in keep),
                timexes=tuple(a.timexes[i] for i in keep) if a.timexes else (),
            ))
    return out, carriers


def attach(timeline: Timeline, carriers: Carriers) -> Timeline:
    """``timeline`` with, in each sentence's provenance, the articles that repeated it."""
    if not carriers:
        return timeline
    entries = []
    for e in timeline.entries:
        prov = tuple(
            replace(p, also=p.also + tuple(carriers.get((p.article_id, p.sentence_index), ())))
            for p in e.provenance
        )
        entries.append(TimelineEntry(date=e.date, sentences=e.sentences, granularity=e.granularity,
                                     provenance=prov, score=e.score))
    return replace(timeline, entries=tuple(entries))
