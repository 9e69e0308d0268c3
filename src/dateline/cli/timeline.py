"""``dateline timeline``: a timeline of the stored articles, in any export format."""

from __future__ import annotations

import click

from dateline.cli.base import (
    JSON_ESCAPES,
    MethodName,
    day_option,
    db_option,
    friendly_errors,
    main,
    say,
    store_missing,
)
from dateline.errors import DatelineError
from dateline.export.formats import FORMATS

TIMELINE_FORMATS = FORMATS


@main.command("timeline")
@click.option("--query", "-q", help="Free-text query: selects articles (full-text search) and "
              "its content words are the keywords every summary sentence must contain.")
@click.option("--keywords", "-k", help="Comma-separated keywords: articles and summary sentences "
              "must contain one (case-insensitive substring).")
@click.option("--entity", "-e", help="A person, organisation or place (a name, an alias or #ID from "
              "`dateline entities`): its articles, every summary sentence mentioning it.")
@click.option("--topic", "-t", help="Topic tag of the articles (the header tag of the dateline "
              "text format).")
@click.option("--from", "since", metavar="YYYY-MM-DD", help="First day (publication and events).")
@click.option("--to", "until", metavar="YYYY-MM-DD", help="Last day (publication and events).")
@click.option("--dates", "-l", "dates", type=int, help="Number of dates (default: from the size "
              "and span of the selection).")
@click.option("--per-date", "per_date", type=int, help="Sentences per date (default: from the "
              "size of the selection).")
@click.option("--granularity", type=click.Choice(["day", "month", "year"]), default="day",
              show_default=True, help="Entries for days, months or years.")
@click.option("--method", "-m", type=MethodName(), help="Timeline method (default: the first).")
@click.option("--format", "-f", "fmt", type=click.Choice(TIMELINE_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE instead of "
              "standard output.")
@click.option("--title", help="Title of the timeline (default: the query, keywords or topic).")
@click.option("--save", "save_as", metavar="NAME", help="Also save the request and its result as NAME "
              "(replacing a saved timeline of that name); `dateline timelines refresh` rebuilds it when "
              "its articles change.")
@db_option
@friendly_errors
def timeline_command(query: str | None, keywords: str | None, entity: str | None, topic: str | None,
                     since: str | None, until: str | None, dates: int | None,
                     per_date: int | None, granularity: str, method: str | None, fmt: str,
                     output: str | None, title: str | None, save_as: str | None, db: str) -> None:
    """Build a timeline of the articles in the store: the dates that mattered and, for each,
    the sentences that say what happened, with their sources.

    \b
    Examples:
      dateline timeline --keywords bridge,fenwick
      dateline timeline --query "budget vote" --from 2024-01-01 --dates 8 -f html -o budget.html
      dateline timeline --topic BRIDGE --granularity month -f json
      dateline timeline --topic "fenwick bridge" --save bridge
      dateline timeline --entity "Bill de Blasio" --dates 10
    """
    if not (query or keywords or topic or entity is not None):
        raise DatelineError("say what the timeline is about: --query TEXT, --keywords a,b, --entity NAME or --topic TAG")
    if save_as is not None and entity is not None:
        raise DatelineError("--save: entity timelines cannot be saved yet (build them with --entity each time)")
    start = day_option(since, "--from")
    end = day_option(until, "--to")
    if store_missing(db):
        raise DatelineError(f"no database at {db}: ingest articles first (dateline ingest PATH...) or pass --db FILE")
    from dateline.export.formats import dumps, write
    from dateline.store import open_store
    from dateline.tls import build

    kws = [k.strip() for k in keywords.split(",") if k.strip()] if keywords else None
    if keywords is not None and not kws:
        raise DatelineError("--keywords: no keyword given (expected a,b,...)")
    name = title  # None: build() names it after the query, keywords or topic
    with open_store(db) as store:
        tl = build(store, query, dates=dates, per_date=per_date, window=(start, end), method=method,
                   keywords=kws, topic=topic, granularity=granularity, name=name, entity=entity)
        if tl.meta.get("entity_note"):
            click.echo(f"note: {tl.meta['entity_note']}", err=True)
        if save_as is not None:
            from dateline.tls import saved

            request = saved.make_request(query=query, keywords=kws, topic=topic, since=start, until=end,
                                         dates=dates, per_date=per_date, method=method,
                                         granularity=granularity, title=title)
            kept = saved.save(store, save_as, request, tl)
            click.echo(f"saved as {kept.name!r} ({len(tl)} dates); refresh with: dateline timelines refresh",
                       err=True)
    if output:
        write(tl, output, fmt)
        click.echo(f"wrote {len(tl)} dates to {click.format_filename(output)} ({fmt})", err=True)
    elif fmt in ("json", "timelinejs"):  # the same JSON, with control characters as JSON escapes
        click.echo(dumps(tl, fmt).translate(JSON_ESCAPES), nl=False)
    else:
        say(dumps(tl, fmt), lines=True, nl=False)
