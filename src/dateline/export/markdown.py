"""The timeline as Markdown: a heading per date, a bullet per sentence, its source after it."""

from __future__ import annotations

import re

from dateline.export._common import safe_url, source_label, title_of
from dateline.export.period import human_label, iso_label
from dateline.model import Timeline

__all__ = ["dumps", "escape"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped and whitespace collapsed
    (so a sentence can never open a heading, a link, raw HTML or a code span)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


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
                label = escape(source_label(p))
                url = safe_url(p.url)
                src = f"[{label}](<{url.replace('>', '%3E').replace('<', '%3C')}>)" if url else label
                line += f" \u2014 *{src}*"
            out.append(line)
        out.append("")
    return "\n".join(out)
