"""The timeline as plain text for a terminal: each date, its sentences, their sources."""

from __future__ import annotations

import textwrap

from dateline.export._common import also_sources, source_label, title_of
from dateline.export.period import human_label, iso_label
from dateline.model import Timeline

__all__ = ["dumps"]


def dumps(timeline: Timeline, *, width: int = 100, sources: bool = True) -> str:
    """Readable text: a heading per date (ISO label and a label for people), each sentence
    wrapped to ``width`` columns, and under it its source (outlet, title or file) and the
    other outlets that carried it."""
    n = len(timeline.entries)
    out = [f"{title_of(timeline)} ({n} date{'s' if n != 1 else ''})", ""]
    for entry in timeline.entries:
        out.append(f"{iso_label(entry.date, entry.granularity)}  {human_label(entry.date, entry.granularity)}")
        for i, sentence in enumerate(entry.sentences):
            out.append(textwrap.fill(" ".join(sentence.split()), width=width,
                                     initial_indent="  * ", subsequent_indent="    "))
            if sources and entry.provenance:
                p = entry.provenance[i]
                out.append(textwrap.fill(f"source: {source_label(p)} (sentence {p.sentence_index + 1})",
                                         width=width, initial_indent="      ",
                                         subsequent_indent="      "))
                if p.also:
                    out.append(textwrap.fill("also in: " + ", ".join(label for label, _ in also_sources(p)),
                                             width=width, initial_indent="      ", subsequent_indent="      "))
        out.append("")
    return "\n".join(out)
