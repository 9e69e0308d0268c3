"""The timeline as Markdown: a heading per date, a bullet per sentence, its source after it
(and the other outlets that carried it)."""

from __future__ import annotations

import re

from dateline.export._common import also_sources, safe_url, source_label, title_of
from dateline.export.period import human_label, iso_label
from dateline.model import Timeline

__all__ = ["dumps", "escape"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped and whitespace collapsed
    (so a sentence can never open a heading, a link, raw HTML or a code span)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(label: str, url: str | None) -> str:
    text = escape(label)
    return f"[{text}](<{url.replace('>', '%3E').replace('<', '%3C')}>)" if url else text


def dumps(timeline: Timeline) -> str:
    out = [f"# {escape(title_of(timeline))}", ""]
    for entry in timeline.entries:
        out.append(f"## {escape(human_label(entry.date, entry.granularity))} "
                   f"({iso_label(entry.date, entry.granularity)})")
        out.append("")
        for i, sentence in enumerate(entry.sentences):
            line = f"- {escape(sentence)}"
            if entry.provenance:
                p = entry.provenance[i]
                src = _link(source_label(p), safe_url(p.url))
                line += f" \u2014 *{src}*"
                if p.also:
                    line += " (also in: " + ", ".join(_link(label, u) for label, u in also_sources(p)) + ")"
            out.append(line)
        out.append("")
    return "\n".join(out)
