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


# --- web: serve ---------------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    main()
