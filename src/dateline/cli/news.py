"""The news commands: ``read`` (what a reader makes of a file or address, nothing stored)
and ``watch`` (poll sources and ingest what is new); and the fetching options they share
with ``ingest``."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dateline.annotate.pipeline import BATCH_SIZE
from dateline.cli.base import db_option, friendly_errors, main
from dateline.errors import DatelineError
from dateline.readers import FORMATS

if TYPE_CHECKING:
    from dateline.errors import InputError
    from dateline.fetch import Fetcher
    from dateline.fetch.sources import WebReader
    from dateline.model import Article
    from dateline.readers.web import ReadOptions
    from dateline.store import Store

__all__ = ["WebSettings", "parse_interval", "web_options"]

F = TypeVar("F", bound=Callable[..., Any])
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class WebSettings:
    """The fetching options of ``ingest``, ``read`` and ``watch``."""

    fetch: bool
    date_fallback: str
    rate: float
    user_agent: str | None
    timeout: float

    def fetcher(self) -> Fetcher:
        from dateline.fetch import DEFAULT_USER_AGENT, Fetcher, FetchPolicy

        agent = self.user_agent or os.environ.get("DATELINE_USER_AGENT") or DEFAULT_USER_AGENT
        return Fetcher(FetchPolicy(user_agent=agent, rate=self.rate, read_timeout=self.timeout))

    @contextlib.contextmanager
    def reading(self, store: Store | None, needed: bool) -> Iterator[tuple[WebReader | None, ReadOptions]]:
        """A web reader (when addresses are read or ``--fetch`` is on, else None) and the
        read options for files."""
        from dateline.readers.web import DateFallback, ReadOptions

        fallback = DateFallback(self.date_fallback)
        if not (needed or self.fetch):
            yield None, ReadOptions(date_fallback=fallback)
            return
        from dateline.fetch.sources import WebReader

        with self.fetcher() as fetcher:
            reader = WebReader(fetcher, store, date_fallback=fallback)
            yield reader, (reader.options if self.fetch else ReadOptions(date_fallback=fallback))


def web_options(func: F) -> F:
    """``--fetch``, ``--date-fallback``, ``--rate``, ``--user-agent`` and ``--timeout``,
    passed to the command as one ``web: WebSettings`` argument."""

    options = [
        click.option("--fetch/--no-fetch", "fetch", default=False, show_default=True,
                     help="Fetch the pages that feed and sitemap files list (addresses given as "
                          "arguments are always fetched, with what they list)."),
        click.option("--date-fallback", type=click.Choice(["none", "fetched"]), default="none", show_default=True,
                     help="A web page without a publication date: rejected (none), or dated by when it "
                          "was fetched (a WARC record's date; a file's modification time)."),
        click.option("--rate", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
                     help="Requests per second to one host, at most."),
        click.option("--user-agent", metavar="TEXT", default=None,
                     help="User-Agent header; default: dateline/VERSION with a contact placeholder, or "
                          "$DATELINE_USER_AGENT. Name a way to reach you."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
                     help="Seconds to wait for data from a server."),
    ]
    for option in reversed(options):
        func = option(func)

    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        web = WebSettings(kwargs.pop("fetch"), kwargs.pop("date_fallback"), kwargs.pop("rate"),
                          kwargs.pop("user_agent"), kwargs.pop("timeout"))
        return func(*args, web=web, **kwargs)

    return wrapper  # type: ignore[return-value]


def split_sources(sources: Sequence[str]) -> tuple[list[str], list[str]]:
    """Addresses and paths among ``sources``; a path that does not exist is an error."""
    from dateline.fetch import is_url

    urls = [s for s in sources if is_url(s)]
    paths = [s for s in sources if not is_url(s)]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise DatelineError(f"no such file or folder: {', '.join(missing)}")
    return urls, paths


def parse_interval(text: str) -> float:
    """Seconds in ``90``, ``30s``, ``15m``, ``2h`` or ``1d``."""
    m = _INTERVAL.fullmatch(text.strip().lower())
    if m is None:
        raise DatelineError(f"--every {text!r}: expected a number with s, m, h or d (30s, 15m, 2h)")
    seconds = float(m.group(1)) * _UNITS[m.group(2)]
    if seconds < 1:
        raise DatelineError(f"--every {text!r}: at least 1 second")
    return seconds


def read_record(article: Article) -> dict[str, Any]:
    """The ``dateline read --json`` object of an article."""
    return {"published": article.published.isoformat(), "title": article.title, "caption": article.caption,
            "outlet": article.outlet, "url": article.url, "authors": list(article.authors),
            "language": article.language, "text": article.text, "origin": article.origin,
            "attribution": article.attribution, "id": article.id}


@main.command("read")
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True,
              help="Input format of the files; auto: by folder layout, extension and content.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object a line per article: published, title, caption, outlet, url, authors, "
                   "language, text, origin, attribution, id.")
@web_options
@friendly_errors
def read_command(sources: tuple[str, ...], fmt: str, as_json: bool, web: WebSettings) -> None:
    """Show what dateline reads from files and addresses, without storing anything.

    Each article is one line (date, outlet, title, address), or with --json one JSON object
    a line; a WARC file gives one per HTML page it holds. Rejected pages, records and
    items go to standard error with their reason.

    \b
    Examples:
      dateline read page.html --json
      dateline read https://example.org/news/feed.xml
      dateline read crawl.warc.gz --json | head -n 3
    """
    import warnings

    from dateline.errors import InputError, InputWarning
    from dateline.readers import iter_sources, read_source

    urls, paths = split_sources(sources)
    fmt_or_none = None if fmt == "auto" else fmt
    srcs = iter_sources(paths, fmt_or_none) if paths else iter(())
    n_articles = n_rejected = 0
    with web.reading(None, bool(urls)) as (reader, options), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)

        def items() -> Iterator[Article | InputError]:
            for src in srcs:
                yield from read_source(src, options=options)
            if reader is not None:
                yield from reader.read_urls(urls)

        for item in items():
            if isinstance(item, InputError):
                n_rejected += 1
                where = (item.path or "<input>") + (f":{item.line}" if item.line is not None else "")
                click.echo(f"rejected: {where}: {item.reason}", err=True)
                continue
            n_articles += 1
            if as_json:
                click.echo(json.dumps(read_record(item), ensure_ascii=False))
            else:
                click.echo(f"{item.published.isoformat()[:10]}  {(item.outlet or '-')[:20]:<20}  "
                           f"{item.title[:60]:<60}  {item.url or item.origin or ''}")
    for w in caught:
        if isinstance(w.message, InputWarning):
            click.echo(f"warning: {w.message}", err=True)
    click.echo(f"{n_articles} articles read, {n_rejected} rejected (nothing stored)", err=True)


@main.command("watch")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--every", default="15m", show_default=True, metavar="INTERVAL",
              help="Time between the starts of two polls: 30s, 15m, 2h ...")
@click.option("--polls", type=click.IntRange(1), default=None, help="Stop after N polls (default: until stopped).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line per poll.")
@click.option("--no-tag", is_flag=True, help="Skip temporal tagging (run `dateline retag` later).")
@click.option("--batch-size", type=click.IntRange(1), default=BATCH_SIZE, show_default=True,
              help="Articles per transaction.")
@web_options
@db_option
@friendly_errors
def watch_command(sources: tuple[str, ...], every: str, polls: int | None, as_json: bool, no_tag: bool,
                  batch_size: int, web: WebSettings, db: str) -> None:
    """Poll feeds, sitemaps, pages, files and folders, and ingest what is new or changed.

    Each poll fetches every address with the validators saved from the last one (an
    unchanged feed costs a 304), fetches only the pages a feed or sitemap lists that are new
    or changed, reads only files that changed, and annotates only new articles. After a
    poll that added articles, the saved timelines are refreshed. Network errors are
    reported in the poll's rejections; the next poll tries again.

    Ctrl-C (SIGINT) or SIGTERM stops after the current item: what was read is stored,
    then the command exits (a second Ctrl-C stops at once; committed batches are kept).
    Nothing committed is lost if the process is killed.

    \b
    Examples:
      dateline watch https://example.org/news/rss.xml --every 15m
      dateline watch https://example.org/sitemap-news.xml ~/dumps --every 1h --json
    """
    import time

    from dateline.annotate import default_tagger
    from dateline.fetch.sources import WebReader
    from dateline.fetch.watch import poll
    from dateline.readers.web import DateFallback
    from dateline.store import open_store

    interval = parse_interval(every)
    split_sources(sources)  # a missing path is fatal before anything runs
    tagger = None if no_tag else default_tagger()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("\nstopping after the current item (Ctrl-C again to stop at once)", err=True)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    done = 0
    try:
        with open_store(db) as store, web.fetcher() as fetcher:
            while not stop.is_set():
                started = time.monotonic()
                reader = WebReader(fetcher, store, date_fallback=DateFallback(web.date_fallback))
                try:
                    report = poll(store, sources, reader, tagger=tagger, batch_size=batch_size, stop=stop.is_set)
                except DatelineError as exc:  # the database is locked or cannot be written: try again later
                    click.echo(f"error: poll failed: {exc}; next poll in {every}", err=True)
                else:
                    _report(report.to_dict(), report.warnings, as_json, done + 1, every if polls is None
                            or done + 1 < polls else None)
                done += 1
                if polls is not None and done >= polls:
                    break
                stop.wait(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        click.echo("stopped at once: every committed batch is kept", err=True)
        sys.exit(130)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if stop.is_set():
        click.echo(f"stopped after {done} poll{'s' if done != 1 else ''}", err=True)


def _report(obj: dict[str, Any], warnings: list[str], as_json: bool, number: int, next_in: str | None) -> None:
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    if as_json:
        click.echo(json.dumps(obj, ensure_ascii=False), nl=True)
        sys.stdout.flush()
        return
    for r in obj["rejected"]:
        where = (r["path"] or "<input>") + (f":{r['line']}" if r["line"] is not None else "")
        click.echo(f"rejected: {where}: {r['reason']}", err=True)
    f = obj["fetch"]
    refreshed = "" if obj["refreshed"] is None else f"; {len(obj['refreshed'])} saved timelines refreshed"
    click.echo(f"{obj['finished']} poll {number}: {obj['added']} added, {obj['present']} already present, "
               f"{len(obj['rejected'])} rejected; fetched {f['fetched']}, not modified {f['not_modified']}, "
               f"unchanged in listings {f['unchanged']}; files read {obj['files_read']}, unchanged "
               f"{obj['files_unchanged']}{refreshed}" + (f"; next poll in {next_in}" if next_in and
                                                         not obj["stopped"] else ""))
    sys.stdout.flush()
