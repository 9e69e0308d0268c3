"""Hand-made news pages for the web reader and fetching tests, shaped like real article
pages (JSON-LD, Open Graph and meta tags, navigation, a newsletter box, related links)."""

from __future__ import annotations

__all__ = ["PARAGRAPHS", "article_page"]

PARAGRAPHS = (
    "Dock workers in Fenwick voted on Tuesday to accept a pay offer, ending a strike that had closed the "
    "port for three weeks and left hundreds of containers waiting offshore.",
    "The union said its members backed the deal by a wide margin. Work resumes on Thursday morning, "
    "and the first ships are expected to berth within hours.",
    "The harbour authority said it would take about a fortnight to clear the backlog. Shipping lines "
    "have diverted some cargo to ports further north since the strike began on 29 October.",
    "Under the agreement, pay rises by 6 percent this year and 4 percent next year, and night shifts "
    "are shortened by an hour. A review of staffing is due in the spring.",
)


def article_page(
    title: str = "Port strike ends after three weeks",
    *,
    published: str | None = "2019-11-19T17:05:00+00:00",
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    lang: str = "en-GB",
    charset: str = "utf-8",
    author: str = "Jane Roe",
    site: str = "Harbour Herald",
    url: str | None = None,
    description: str = "Dockers accept a pay offer after three weeks on strike.",
) -> str:
    """An article page. ``published`` None: no date anywhere on the page."""
    ld = ""
    meta_date = ""
    shown = ""
    if published is not None:
        ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
              f'"headline": "{title}", "datePublished": "{published}", '
              f'"author": {{"@type": "Person", "name": "{author}"}}, '
              f'"publisher": {{"@type": "Organization", "name": "{site}"}}}}</script>')
        meta_date = f'<meta property="article:published_time" content="{published}">'
        shown = f'<time datetime="{published}">{published[:10]}</time>'
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{charset}">
<title>{title} - {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="description" content="{description}">
<meta name="author" content="{author}">
{meta_date}
{canonical}
{ld}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By {author} {shown}</p>
{body}
<aside class="newsletter"><h3>Sign up for our morning newsletter</h3><p>Get the day's news in your inbox.</p></aside>
</article>
<section class="related"><h2>More stories</h2><ul>
<li><a href="/news/1">Ferry fares to rise in January</a></li>
<li><a href="/news/2">New bridge opens to traffic</a></li>
<li><a href="/news/3">Harbour museum wins award</a></li>
</ul></section>
</main>
<footer><p>© 2019 {site}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>
"""
