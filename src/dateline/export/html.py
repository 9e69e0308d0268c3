"""The timeline as one standalone HTML page.

Everything the page needs is inside it (inline CSS, no script, no font, no image), and a
Content-Security-Policy forbids the browser from fetching anything, so the page works
offline and cannot leak. Every piece of text from the articles is HTML-escaped; links are
only written for http(s) URLs.
"""

from __future__ import annotations

from html import escape

from dateline.export._common import also_sources, safe_url, source_label, title_of
from dateline.export.period import human_label, iso_label
from dateline.model import Provenance, Timeline

__all__ = ["dumps"]

_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}.sub{color:#666;margin-top:0}
ol.tl{list-style:none;padding:0;border-left:3px solid #c9d3e0;margin-left:.5rem}
ol.tl>li{position:relative;padding:0 0 1.2rem 1.2rem}
ol.tl>li:before{content:"";position:absolute;left:-.55rem;top:.45rem;width:.8rem;height:.8rem;
border-radius:50%;background:#3a6ea5}
ol.tl>li.coarse:before{background:#fff;border:2px solid #3a6ea5;width:.6rem;height:.6rem}
time{font-weight:600;display:block}.iso{color:#888;font-weight:400;font-size:.85rem;margin-left:.4rem}
ul.s{margin:.3rem 0 0;padding-left:1.1rem}ul.s li{margin:.25rem 0}
.src{display:block;color:#666;font-size:.85rem}.src a{color:#3a6ea5}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}.src,.sub{color:#aaa}}
"""


def _link(label: str, url: str | None) -> str:
    text = escape(label)
    return f'<a href="{escape(url, quote=True)}" rel="noreferrer">{text}</a>' if url else text


def _also(p: Provenance) -> str:
    """The other outlets that carried the sentence, after its source."""
    if not p.also:
        return ""
    return " \u00b7 also in: " + ", ".join(_link(label, url) for label, url in also_sources(p))


def dumps(timeline: Timeline, *, title: str | None = None) -> str:
    name = title or title_of(timeline)
    n = len(timeline.entries)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{escape(name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(name)}</h1>",
        f'<p class="sub">{n} date{"s" if n != 1 else ""}</p>',
        '<ol class="tl">',
    ]
    for e in timeline.entries:
        iso = iso_label(e.date, e.granularity)
        cls = "" if e.granularity in ("day", "time") else ' class="coarse"'
        parts.append(f'<li{cls} id="d-{escape(iso)}">')
        parts.append(f'<time datetime="{escape(iso)}">{escape(human_label(e.date, e.granularity))}'
                     f'<span class="iso">{escape(iso)}</span></time>')
        parts.append('<ul class="s">')
        for i, sentence in enumerate(e.sentences):
            item = escape(" ".join(sentence.split()))
            if e.provenance:
                p = e.provenance[i]
                label = escape(source_label(p))
                url = safe_url(p.url)
                if url:
                    label = f'<a href="{escape(url, quote=True)}" rel="noreferrer">{label}</a>'
                where = escape(f"article {p.article_id}, sentence {p.sentence_index + 1}", quote=True)
                item += f'<span class="src" title="{where}">{label}{_also(p)}</span>'
            parts.append(f"<li>{item}</li>")
        parts.append("</ul></li>")
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"
