"""What every command shares: the ``dateline`` group, the ``--db`` option, turning library
errors into one line, and small helpers for reading the store and talking to a person.

Library errors (:class:`dateline.errors.DatelineError`) become one ``error: ...`` line and
exit code 1, never a traceback. Keep imports of heavy modules inside the command functions
so ``dateline --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from dateline import __version__
from dateline.errors import DatelineError

if TYPE_CHECKING:
    from datetime import date

    from dateline.model import Article
    from dateline.store import Store

__all__ = [
    "DEFAULT_DB",
    "MethodName",
    "article_json",
    "day_option",
    "db_option",
    "default_db",
    "friendly_errors",
    "headline",
    "main",
    "open_existing_store",
    "progress_bar",
]

DEFAULT_DB = "dateline.db"
F = TypeVar("F", bound=Callable[..., Any])
P = ParamSpec("P")
R = TypeVar("R")


def default_db() -> str:
    return os.environ.get("DATELINE_DB") or DEFAULT_DB


def db_option(func: F) -> F:
    """The ``--db FILE`` option of every command that reads or writes the store."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=default_db,
        show_default="$DATELINE_DB or ./dateline.db",
        help="SQLite database file.",
    )(func)


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one clear line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
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


def day_option(value: str | None, option: str) -> date | None:
    """The day an option names (``YYYY-MM-DD``), or None when it is not given."""
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DatelineError(f"{option} {value!r} is not a date: expected YYYY-MM-DD") from None


def open_existing_store(db: str) -> Store:
    """The store at ``db`` for reading; a clear error when there is none yet."""
    if db != ":memory:" and not os.path.exists(db):
        raise DatelineError(f"no database at {db}: ingest articles first (dateline ingest PATH...) or pass --db FILE")
    from dateline.store import open_store

    return open_store(db)


def progress_bar(total: int, label: str, enabled: bool) -> Any:
    """A progress bar on stderr when it is a terminal (and the run is long enough to care)."""
    if enabled and total > 1 and sys.stderr.isatty():
        return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
    return contextlib.nullcontext(None)


def headline(article: Article, width: int = 70) -> str:
    """The title, or for articles without one (Timeline17) the start of the body."""
    text = article.title or article.text.split("\n", 1)[0]
    return text if len(text) <= width else text[: width - 1] + "…"


def article_json(article: Article, with_text: bool) -> dict[str, Any]:
    from dateline.store.records import article_record

    return article_record(article, text=with_text)


class MethodName(click.ParamType[str]):
    """A timeline method name: one of :func:`dateline.tls.registry.names`, looked up when the
    option is used or its help is shown (the lookup loads the methods, and numpy with them,
    so ``dateline --help`` does not)."""

    name = "method"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from dateline.tls import registry

        return "[" + "|".join(registry.names()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from dateline.tls import registry

        names = registry.names()
        if value not in names:
            self.fail(f"unknown timeline method {value!r}: expected one of {', '.join(names)}", param, ctx)
        return str(value)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        from dateline.tls import registry

        return [CompletionItem(n) for n in registry.names() if n.startswith(incomplete)]
