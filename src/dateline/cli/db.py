"""``dateline db``: the store itself: ``db copy SRC DST`` moves a collection between
backends (SQLite files and PostgreSQL databases, either direction)."""

from __future__ import annotations

import sys

import click

from dateline.cli.base import DbLocation, friendly_errors, main, store_missing
from dateline.errors import DatelineError


@main.group("db")
def db_group() -> None:
    """The store itself: copy a collection between a SQLite file and a PostgreSQL database."""


@db_group.command("copy")
@click.argument("src", type=DbLocation())
@click.argument("dst", type=DbLocation())
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=500, show_default=True,
              help="Articles per transaction.")
@friendly_errors
def copy_command(src: str, dst: str, batch_size: int) -> None:
    """Copy the collection in SRC into DST: articles with their sentences, time expressions,
    topic tags and stories, fetch states and saved timelines. SRC and DST are each a SQLite
    file or a PostgreSQL URL (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE; the
    database must exist). Articles DST already holds are kept (they gain missing topic
    tags), so a copy that was interrupted can be run again.

    \b
    Examples:
      dateline db copy dateline.db postgresql://dateline@dbhost/news
      dateline db copy postgresql://dateline@dbhost/news backup.db
    """
    from dateline.store import open_store
    from dateline.store.copy import copy_store
    from dateline.store.location import describe

    if store_missing(src):
        raise DatelineError(f"no database at {src}: expected a database file or a postgresql:// URL")
    if src == dst:
        raise DatelineError("SRC and DST are the same store")
    with open_store(src) as source:
        total = source.count()
        with open_store(dst) as target:
            if source.content_version() == target.content_version():
                raise DatelineError("SRC and DST are the same store")
            click.echo(f"copying {total} articles from {describe(src)} to {describe(dst)}", err=True)
            shown = sys.stderr.isatty() and total > 1
            with click.progressbar(length=total, label="articles", file=sys.stderr, show_pos=True) as bar:
                report = copy_store(source, target, batch_size=batch_size,
                                    progress=bar.update if shown else None)
    click.echo(report.summary())
