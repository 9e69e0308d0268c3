"""JSON records of what the store gives back: the shapes the CLI's ``--json`` output and
the web API share (one definition, so the two never drift apart)."""

from __future__ import annotations

from typing import Any

from dateline.model import AnnotatedArticle, Article, Timex
from dateline.store.base import SearchHit, StoryInfo, TopicInfo

__all__ = ["annotated_record", "article_record", "hit_record", "story_fields", "story_record", "timex_record",
           "topic_record"]


def article_record(article: Article, *, text: bool) -> dict[str, Any]:
    """An article's fields (``dateline articles --json``); the body too with ``text``."""
    obj: dict[str, Any] = {
        "id": article.id,
        "published": article.published.isoformat(),
        "topics": list(article.topics),
        "title": article.title,
        "caption": article.caption,
        "place": article.place,
        "outlet": article.outlet,
        "authors": list(article.authors),
        "attribution": article.attribution,
        "url": article.url,
        "origin": article.origin,
        "language": article.language,
    }
    if text:
        obj["text"] = article.text
    return obj


def timex_record(t: Timex) -> dict[str, Any]:
    """A time expression: span (offsets into the article body), text, TimeML type and value,
    granularity, the anchor it was resolved against, and its TimeML mod."""
    return {"start": t.start, "end": t.end, "text": t.text, "type": str(t.type), "value": t.value,
            "granularity": str(t.granularity), "anchor": t.anchor.isoformat() if t.anchor else None,
            "mod": t.mod}


def annotated_record(ann: AnnotatedArticle, *, sentence_list: bool) -> dict[str, Any]:
    """``dateline show --json``: the article with its body, the numbers of sentences and
    time expressions and the tagger version; with ``sentence_list`` every sentence (index,
    span, text) with its time expressions."""
    obj = article_record(ann.article, text=True)
    obj.update(sentences=len(ann.sentences), timexes=sum(len(t) for t in ann.timexes), tagger=ann.tagger)
    if sentence_list:
        obj["sentence_list"] = [
            {"index": s.index, "start": s.start, "end": s.end, "text": s.text,
             "timexes": [timex_record(t) for t in ann.sentence_timexes(s.index)]}
            for s in ann.sentences
        ]
    return obj


def hit_record(hit: SearchHit) -> dict[str, Any]:
    """A full-text hit (``dateline search --json``)."""
    return {"id": hit.id, "rank": hit.rank, "published": hit.published, "outlet": hit.outlet,
            "title": hit.title, "snippet": hit.snippet}


def topic_record(info: TopicInfo) -> dict[str, Any]:
    """A topic tag with its article count and first and last publication day."""
    return {"topic": info.topic, "count": info.count, "first": info.first.isoformat(),
            "last": info.last.isoformat()}


def story_fields(info: StoryInfo | None) -> dict[str, Any]:
    """An article's story in a listing (``dateline articles --json``): its id and number of
    articles (None, None: not grouped)."""
    return {"story": info.story if info else None, "story_size": len(info.members) if info else None}


def story_record(info: StoryInfo, others: list[Article]) -> dict[str, Any]:
    """An article's story (``dateline show --json``): its id and the other articles in it."""
    return {"id": info.story, "size": len(info.members),
            "others": [{"id": o.id, "published": o.published.isoformat(), "outlet": o.outlet, "title": o.title,
                        "url": o.url} for o in others]}
