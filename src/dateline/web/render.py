"""What the pages need that the library gives in another shape: an article body cut into
sentences with their time expressions marked, and the geometry of the coverage chart.

Both return plain data (strings and numbers); the templates escape every string, so no
HTML is ever built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateline.export.period import human_label, iso_label, period_end
from dateline.model import AnnotatedArticle, Granularity, Timex

__all__ = ["Part", "Piece", "article_pieces", "coverage_chart"]


@dataclass(frozen=True, slots=True)
class Part:
    """A run of text, inside a time expression or not."""

    text: str
    timex: Timex | None = None


@dataclass(slots=True)
class Piece:
    """A sentence of the body (``index`` not None) or the text between two sentences."""

    parts: list[Part] = field(default_factory=list)
    index: int | None = None
    highlighted: bool = False


def article_pieces(ann: AnnotatedArticle, highlight: int | None = None) -> list[Piece]:
    """The body of ``ann`` as pieces whose texts, joined, are exactly ``ann.article.text``;
    each sentence's time expressions are separate parts (clipped to the sentence; an
    expression that overlaps one already marked is left unmarked)."""
    text = ann.article.text
    pieces: list[Piece] = []
    pos = 0
    for s in sorted(ann.sentences, key=lambda s: s.start):
        start, end = max(s.start, pos), max(s.end, pos)
        if start > pos:
            pieces.append(Piece([Part(text[pos:start])]))
        piece = Piece(index=s.index, highlighted=s.index == highlight)
        cur = start
        for t in sorted(ann.sentence_timexes(s.index), key=lambda t: (t.start, -t.end)):
            a, b = max(t.start, cur), min(t.end, end)
            if a != t.start or b <= a:  # overlaps the previous mark or lies outside the sentence
                continue
            if a > cur:
                piece.parts.append(Part(text[cur:a]))
            piece.parts.append(Part(text[a:b], t))
            cur = b
        if end > cur:
            piece.parts.append(Part(text[cur:end]))
        pieces.append(piece)
        pos = end
    if pos < len(text):
        pieces.append(Piece([Part(text[pos:])]))
    return pieces


def coverage_chart(
    counts: dict[date, int],
    entries: list[tuple[date, Granularity]],
    window: tuple[date, date],
    width: int = 800,
    height: int = 110,
) -> dict[str, Any]:
    """Bars (articles per publication day), marks (the timeline's dates, a period's full
    width for month or year entries) and month ticks over ``window``, in SVG user units of
    a ``width`` x ``height`` box (the bottom 18 units are the axis)."""
    days = [*counts, *(d for d, _ in entries)]
    first = min([window[0], *days])
    last = max([window[1], *days])
    n = (last - first).days + 1
    pad = 8  # room for the pins of the first and last day
    step = (width - 2 * pad) / n
    plot = height - 18
    top = max(counts.values(), default=0) or 1

    def x(day: date) -> float:
        return round(pad + (day - first).days * step, 2)

    bar_w = round(max(step * 0.8, 0.6), 2)
    bars = []
    for day, count in sorted(counts.items()):
        h = round(max(count / top * (plot - 8), 1.5), 2)
        bars.append({"x": x(day), "y": round(plot - h, 2), "w": bar_w, "h": h, "day": day.isoformat(),
                     "count": count, "label": f"{human_label(day)}: {count} article{'s' * (count != 1)}"})
    marks = []
    for day, gran in entries:
        end = min(period_end(day, gran), last)
        start = max(day, first)
        iso = iso_label(day, gran)
        marks.append({
            "x": x(start), "w": round(max((end - start).days + 1, 1) * step, 2), "iso": iso,
            "coarse": gran not in (Granularity.DAY, Granularity.TIME),
            "articles": sum(c for d, c in counts.items() if start <= d <= end),
            "label": human_label(day, gran),
        })
    months = []
    d = first.replace(day=1)
    while d <= last:
        if d >= first:
            months.append(d)
        d = (d + timedelta(days=32)).replace(day=1)
    every = max(1, -(-len(months) * 60 // width))  # about 60 units per label at most
    ticks = [{"x": x(m), "label": m.strftime("%b %Y" if m.month == 1 or i == 0 else "%b"),
              "labelled": i % every == 0 and x(m) < width - 40} for i, m in enumerate(months)]
    return {"width": width, "height": height, "plot": plot, "pad": pad, "bars": bars, "marks": marks, "ticks": ticks,
            "first": first, "last": last, "days": n, "max": top, "total": sum(counts.values())}
