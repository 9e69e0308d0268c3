"""The one command-line entry point: ``dateline ...``.

This module and ``dateline.web`` are the only places that talk to a person. Every command
takes ``--db FILE`` (default ``$DATELINE_DB`` or ``./dateline.db``). Library errors
(:class:`dateline.errors.DatelineError`) become one ``error: ...`` line and exit code 1,
never a traceback.

Each command group lives in its own section below; keep imports of heavy modules inside
the command functions so ``dateline --help`` stays fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from dateline import __version__
from dateline.errors import DatelineError

DEFAULT_DB = "dateline.db"


def default_db() -> str:
    return os.environ.get("DATELINE_DB") or DEFAULT_DB


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--db FILE`` option every command takes."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=default_db,
        show_default="$DATELINE_DB or ./dateline.db",
        help="SQLite database file.",
    )(func)


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one clear line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DatelineError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # `dateline ... | head`
            sys.stderr.close()
            sys.exit(0)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dateline")
def main() -> None:
    """dateline: turn dated news articles into timelines.

    \b
    Start with:
      dateline demo                      ingest the sample corpus and show what to try
      dateline ingest PATH...            read articles into the store
      dateline search "budget vote"      full-text search
    """


# --- foundation: ingest, articles, show, search, demo -------------------------------------


# --- temporal tagger: tag, evaluate-timex, retag -----------------------------------------


# --- timeline metrics: evaluate, bench t17 ------------------------------------------------


# --- timeline engine: timeline ------------------------------------------------------------

TIMELINE_FORMATS = ("text", "md", "json", "html", "timelinejs", "tilse")


def _parse_day_option(value: str | None, option: str) -> Any:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: expected YYYY-MM-DD", param_hint=option) from None


@main.command("timeline")
@click.option("--query", "-q", help="Free-text query: selects articles (full-text search) and "
              "its content words are the keywords every summary sentence must contain.")
@click.option("--keywords", "-k", help="Comma-separated keywords: articles and summary sentences "
              "must contain one (case-insensitive substring).")
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
@click.option("--method", "-m", help="Timeline method (default: dateline; also datewise, "
              "datewise-mentions).")
@click.option("--format", "-f", "fmt", type=click.Choice(TIMELINE_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE instead of "
              "standard output.")
@click.option("--title", help="Title of the timeline (default: the query, keywords or topic).")
@db_option
@friendly_errors
def timeline_command(query: str | None, keywords: str | None, topic: str | None,
                     since: str | None, until: str | None, dates: int | None,
                     per_date: int | None, granularity: str, method: str | None, fmt: str,
                     output: str | None, title: str | None, db: str) -> None:
    """Build a timeline of the articles in the store: the dates that mattered and, for each,
    the sentences that say what happened, with their sources.

    \b
    Examples:
      dateline timeline --keywords bridge,fenwick
      dateline timeline --query "budget vote" --from 2024-01-01 --dates 8 -f html -o budget.html
      dateline timeline --topic BRIDGE --granularity month -f json
    """
    if not (query or keywords or topic):
        raise click.UsageError("say what the timeline is about: --query TEXT, --keywords a,b or --topic TAG")
    start = _parse_day_option(since, "--from")
    end = _parse_day_option(until, "--to")
    if not os.path.exists(db):
        raise DatelineError(f"no database at {db}: ingest articles first (dateline ingest PATH...) or pass --db FILE")
    from dateline.export.formats import dumps, write
    from dateline.store import Store
    from dateline.tls import build

    kws = [k.strip() for k in keywords.split(",") if k.strip()] if keywords else None
    if keywords is not None and not kws:
        raise click.BadParameter("no keyword given", param_hint="--keywords")
    name = title or query or (", ".join(kws) if kws else None) or topic
    with Store(db) as store:
        tl = build(store, query, dates=dates, per_date=per_date, window=(start, end), method=method,
                   keywords=kws, topic=topic, granularity=granularity, name=name)
    if output:
        write(tl, output, fmt)
        click.echo(f"wrote {len(tl)} dates to {output} ({fmt})", err=True)
    else:
        click.echo(dumps(tl, fmt), nl=False)



# --- web: serve ---------------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    main()
