"""``baseline``: the simplest method that satisfies the contract, to exercise the benchmark.

The l days on which the most articles were published (ties: the earlier day first); for
each, the first k sentences of that day's articles (articles in input order, sentences in
text order) that contain a keyword and have not been picked already (the same text, case
and spacing ignored, is taken once per timeline). A day without such a sentence is passed
over for the next busiest one. Day granularity only. Needs sentences, not timexes.
"""

from __future__ import annotations

from datetime import date

from dateline.model import AnnotatedArticle, Granularity, Provenance, Timeline, TimelineEntry
from dateline.tls.contract import Needs, TaskInput, TimelineError
from dateline.tls.corpus import keyword_mask
from dateline.tls.registry import register

__all__ = ["baseline"]


@register("baseline", needs=Needs.SENTENCES,
          description="busiest publication days, first keyword sentences of each (evaluation baseline)")
def baseline(task: TaskInput) -> Timeline:
    """See the module docstring."""
    if task.granularity is not Granularity.DAY:
        raise TimelineError(f"the baseline builds day timelines only, not {task.granularity.value}")
    first, last = task.window
    by_day: dict[date, list[AnnotatedArticle]] = {}
    for a in task.articles:
        if first <= a.article.day <= last:
            by_day.setdefault(a.article.day, []).append(a)
    busiest = sorted(by_day, key=lambda d: (-len(by_day[d]), d))
    seen: set[str] = set()
    entries: list[TimelineEntry] = []
    for day in busiest:
        if len(entries) >= task.dates:
            break
        texts: list[str] = []
        provenance: list[Provenance] = []
        for a in by_day[day]:
            mask = keyword_mask([s.text for s in a.sentences], task.keywords)
            if task.subject is not None:
                about = task.subject.get(a.article.id, frozenset())
                mask = mask & [s.index in about for s in a.sentences]
            for pos, (s, ok) in enumerate(zip(a.sentences, mask, strict=True)):
                key = " ".join(s.text.split()).casefold()
                if not ok or not key or key in seen:
                    continue
                seen.add(key)
                texts.append(s.text)
                provenance.append(a.provenance(pos))
                if len(texts) >= task.per_date:
                    break
            if len(texts) >= task.per_date:
                break
        if texts:
            entries.append(TimelineEntry(date=day, sentences=tuple(texts), provenance=tuple(provenance)))
    return Timeline.from_entries(entries, name=task.name, meta={"method": "baseline"})

