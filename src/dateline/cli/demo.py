"""``dateline demo``: the sample corpus ingested, a timeline printed, what to try next."""

from __future__ import annotations

import os

import click

from dateline.cli.base import db_option, default_db, friendly_errors, main, say
from dateline.errors import DatelineError


def _sample_corpus() -> str:
    from pathlib import Path

    import dateline

    folder = str(Path(dateline.__file__).resolve().parents[2] / "data" / "sample" / "articles")
    # Relative to the working directory when below it (a clone): article origins stay portable.
    relative = os.path.relpath(folder)
    return folder if relative.startswith("..") else relative


def demo_next_steps(db: str, topic: str | None) -> list[str]:
    """What the demo suggests trying next (other sections may add to this list)."""
    from dateline.tls.api import query_keywords

    db_arg = "" if db == default_db() else f" --db {db}"
    topic_arg = f' --topic "{topic}"' if topic else ""
    # the timeline printed above: the topic's articles, sentences naming a word of the topic
    kw = ",".join(query_keywords(topic)) if topic else "bridge"
    return [
        f"dateline articles{db_arg}{topic_arg} --limit 10",
        f'dateline search{db_arg} "lawsuit"',
        f"dateline show{db_arg} ID --sentences     (ID: the first characters of an id above)",
        f"dateline timeline{db_arg}{topic_arg} --keywords {kw} --format md",
    ]


@main.command("demo")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder to ingest instead of the sample corpus (data/sample/articles).")
@db_option
@friendly_errors
def demo_command(corpus: str | None, db: str) -> None:
    """Ingest the sample corpus (60 invented local-news articles) and show what to try next.

    Ingest is idempotent: running the demo again on the same database adds nothing.
    """
    import time

    from dateline.annotate import default_tagger, ingest
    from dateline.readers import scan
    from dateline.store import open_store

    folder = corpus or _sample_corpus()
    if not os.path.isdir(folder):
        raise DatelineError(f"the sample corpus is not at {folder} (run from a clone of the repository, "
                            "or pass --corpus DIR)")
    tagger = default_tagger()
    started = time.perf_counter()
    with open_store(db) as store:
        result = ingest(store, scan([folder]), tagger=tagger)
        counts = store.counts()
        topics = store.topics()
    elapsed = time.perf_counter() - started
    for bad in result.rejected:
        where = f"{bad['path']}:{bad['line']}" if bad["line"] else bad["path"]
        say(f"rejected: {where}: {bad['reason']}", err=True)
    for warning in result.warnings:
        say(f"warning: {warning}", err=True)
    click.echo(f"Ingested {folder} into {db} in {elapsed:.1f} s: {result.added} added, "
               f"{result.present} already present, {len(result.rejected)} rejected.")
    click.echo(f"The store holds {counts['articles']} articles, {counts['sentences']} sentences and "
               f"{counts['timexes']} time expressions"
               f" (tagger {tagger.version}).")
    click.echo()
    click.echo("Topics:")
    for t in topics:
        click.echo(f"  {t.topic:<24} {t.count:>4} articles  {t.first} – {t.last}")
    click.echo()
    main_topic = max(topics, key=lambda t: t.count).topic if topics else None
    if main_topic:
        demo_timeline(db, main_topic)
    click.echo("Try next:")
    for line in demo_next_steps(db, main_topic):
        click.echo(f"  {line}")


def demo_timeline(db: str, topic: str) -> None:
    """The demo's timeline: build one for ``topic`` (summary sentences must contain a word of
    the topic), print it, write it as a standalone page next to the database
    (``<db name>-timeline.html``)."""
    from pathlib import Path

    from dateline.export.formats import dumps, write
    from dateline.store import open_store
    from dateline.tls import build
    from dateline.tls.api import query_keywords

    with open_store(db) as store:
        tl = build(store, topic=topic, keywords=query_keywords(topic), name=f"Timeline: {topic}")
    say(dumps(tl, "text"), lines=True)
    from dateline.store.location import is_url

    page = Path("dateline-timeline.html") if is_url(db) else Path(db).with_name(Path(db).stem + "-timeline.html")
    write(tl, page, "html")
    click.echo(f"The same timeline as a web page (no network needed): {page}")
    click.echo()
