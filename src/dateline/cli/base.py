"""What every command shares: the ``dateline`` group, the ``--db`` option, turning library
errors into one line, and small helpers for reading the store and talking to a person.

Library errors (:class:`dateline.errors.DatelineError`) become one ``error: ...`` line and
exit code 1, never a traceback. Keep imports of heavy modules inside the command functions
so ``dateline --help`` stays fast.

Text from the store or from input files is shown through :func:`say` (or
:func:`terminal_text`, :func:`json_text`): the store keeps what was read, control characters
included, but a terminal must never receive them raw (an escape sequence in a title could
recolour, retitle or rewrite the screen), so they are shown as escapes (``\\x1b``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable
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
    "JSON_ESCAPES",
    "ByteSize",
    "MethodName",
    "annotation_executor",
    "article_json",
    "cluster_options",
    "day_option",
    "db_option",
    "store_missing",
    "default_db",
    "friendly_errors",
    "headline",
    "json_text",
    "main",
    "open_existing_store",
    "progress_bar",
    "say",
    "terminal_text",
]

DEFAULT_DB = "dateline.db"
F = TypeVar("F", bound=Callable[..., Any])
P = ParamSpec("P")
R = TypeVar("R")


def default_db() -> str:
    return os.environ.get("DATELINE_DB") or DEFAULT_DB


class DbLocation(click.ParamType[str]):
    """A store: a SQLite database file, or a PostgreSQL URL (``postgresql://…``)."""

    name = "FILE|URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from dateline.store.location import is_url

        text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
        if not is_url(text) and os.path.isdir(text):
            self.fail(f"{text!r} is a directory: expected a database file or a postgresql:// URL", param, ctx)
        return text


def db_option(func: F) -> F:
    """The ``--db FILE|URL`` option of every command that reads or writes the store."""
    return click.option(
        "--db",
        "db",
        type=DbLocation(),
        default=default_db,
        show_default="$DATELINE_DB or ./dateline.db",
        help="SQLite database file, or PostgreSQL URL postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE "
             "(the database must exist; needs the 'postgres' extra).",
    )(func)


def cluster_options(func: F) -> F:
    """``--workers N``, ``--scheduler ADDRESS`` and ``--connect-timeout``: where annotation
    runs (:func:`dateline.annotate.cluster.executor`)."""
    func = click.option("--connect-timeout", type=click.FloatRange(0.0, min_open=True), default=10.0,
                        show_default=True, metavar="SECONDS",
                        help="How long to wait for the --scheduler to answer.")(func)
    func = click.option("--scheduler", metavar="ADDRESS",
                        help="Annotate on the existing Dask cluster whose scheduler is at ADDRESS "
                             "(e.g. tcp://10.0.0.5:8786); its workers need the same dateline installed. "
                             "Needs the `scale` extra.")(func)
    return click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
                        help="Annotate in N worker processes (a local Dask cluster; needs the `scale` "
                             "extra); 1: in this process.")(func)


def annotation_executor(workers: int, scheduler: str | None, connect_timeout: float) -> Any:
    """The context manager giving the executor of :func:`cluster_options`' values."""
    if scheduler is not None and workers != 1:
        raise click.UsageError("give --workers (a local cluster) or --scheduler (an existing one), not both")
    from dateline.annotate.cluster import executor

    return executor(workers, scheduler, connect_timeout=connect_timeout)


def store_missing(db: str) -> bool:
    """Whether ``db`` is a SQLite file that does not exist yet (a URL names a server's
    database: opening it says whether it is there)."""
    from dateline.store.location import is_url

    return db != ":memory:" and not is_url(db) and not os.path.exists(db)


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one clear line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DatelineError as exc:
            say(f"error: {exc}", err=True)
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


def _escapes(codes: Iterable[int], form: str) -> dict[int, str]:
    return {c: form.format(c) for c in codes}


_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))  # embeddings, overrides, isolates
_SURROGATES = range(0xD800, 0xE000)
# C0 controls (tab and, in multi-line text, the line feed kept), DEL, C1 controls (U+0080 to
# U+009F: 0x9b is the one-character CSI), bidirectional controls (they reorder what is shown)
# and lone surrogates (not text; file names that are not UTF-8).
_TERMINAL = {**_escapes((*range(0x20), 0x7F, *range(0x80, 0xA0)), "\\x{:02x}"),
             **_escapes((*_BIDI, *_SURROGATES), "\\u{:04x}")}
del _TERMINAL[0x09]
_TERMINAL_LINES = {k: v for k, v in _TERMINAL.items() if k != 0x0A}
#: For JSON text (``ensure_ascii=False`` already escapes C0): the characters
#: :func:`terminal_text` escapes, as JSON escapes (``str.translate`` table).
JSON_ESCAPES = _escapes((0x7F, *range(0x80, 0xA0), *_BIDI, *_SURROGATES), "\\u{:04x}")


def terminal_text(text: str, *, lines: bool = False) -> str:
    """``text`` safe to write to a terminal: control characters (C0 but tab, and line feed
    when ``lines``; DEL; C1), bidirectional controls and lone surrogates as visible escapes."""
    return text.translate(_TERMINAL_LINES if lines else _TERMINAL)


def json_text(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False)`` with the characters :func:`terminal_text`
    escapes written as JSON escapes: the same JSON value, safe on a terminal."""
    import json

    return json.dumps(obj, ensure_ascii=False, **kwargs).translate(JSON_ESCAPES)


def say(text: str = "", *, err: bool = False, lines: bool = False, nl: bool = True) -> None:
    """``click.echo`` of :func:`terminal_text` (``lines``: keep line breaks)."""
    click.echo(terminal_text(text, lines=lines), err=err, nl=nl)


class ByteSize(click.ParamType[int]):
    """A size in bytes: ``2MiB``, ``512KiB``, ``1.5M`` (K, M, G: binary units) or bytes."""

    name = "size"
    _UNITS = {"": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gib": 1 << 30}

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        import re

        if isinstance(value, int):
            return value
        m = re.fullmatch(r"([0-9]{1,12}(?:\.[0-9]{1,6})?)\s*([A-Za-z]*)", str(value).strip())
        unit = self._UNITS.get(m.group(2).lower()) if m else None
        if m is None or unit is None:
            self.fail(f"{value!r} is not a size: expected e.g. 2MiB, 512KiB or a number of bytes", param, ctx)
        size = int(float(m.group(1)) * unit)
        if size < 1:
            self.fail(f"{value!r}: a size must be at least 1 byte", param, ctx)
        return size


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
    if store_missing(db):
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
