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

_METRIC_LABELS = {
    "concat": "concat",
    "agreement": "agreement",
    "align": "align",
    "align_plus": "align+",
    "align_plus_m1": "align+ m:1",
}


def _echo_warnings(caught: list[Any], limit: int | None = None) -> None:
    shown = caught if limit is None else caught[:limit]
    for w in shown:
        click.echo(f"warning: {w.message}", err=True)
    if limit is not None and len(caught) > limit:
        click.echo(f"warning: ... and {len(caught) - limit} more (see --json)", err=True)


@main.command("evaluate")
@click.option("--system", "-s", "system_path", required=True, type=click.Path(dir_okay=False),
              help="The system timeline (tilse text format or JSON lines).")
@click.option("--reference", "-r", "reference_paths", required=True, multiple=True,
              type=click.Path(dir_okay=False),
              help="A reference timeline; repeat for several (scored as tilse's GroundTruth).")
@click.option("--duplicates", type=click.Choice(["error", "merge", "last"]), default="error",
              show_default=True,
              help="A date that occurs twice in a file: reject the file, merge the blocks, or "
              "keep the last block (tilse's reading).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@friendly_errors
def evaluate_command(system_path: str, reference_paths: tuple[str, ...], duplicates: str,
                     as_json: bool) -> None:
    """Score a system timeline against reference timelines with the TILSE metrics.

    Prints ROUGE-1 and ROUGE-2 precision, recall and F1 of concat, agreement, align,
    align+ and align+ m:1, and date precision, recall and F1: the numbers tilse 0.2.1
    computes with the Perl ROUGE-1.5.5.

    \b
      dateline evaluate -s predicted.txt -r timelines/bbc.txt
      dateline evaluate -s predicted.jsonl -r tl1.txt -r tl2.txt --json
    """
    import json
    import warnings

    from dateline.errors import InputError
    from dateline.evaluate.timeline import METRICS, evaluate
    from dateline.readers import tilse

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            system = tilse.read(system_path, duplicates=duplicates)  # type: ignore[arg-type]
            references = [tilse.read(p, duplicates=duplicates) for p in reference_paths]  # type: ignore[arg-type]
            scores = evaluate(system, references)
        except InputError as exc:
            hint = " (use --duplicates merge or --duplicates last to read it anyway)"
            raise DatelineError(str(exc) + (hint if "duplicate date" in exc.reason else "")) from None
        finally:
            _echo_warnings(caught)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
        return
    click.echo(f"{'':<12}{'ROUGE-1':>8}{'':>16}{'ROUGE-2':>10}")
    click.echo(f"{'metric':<12}{'P':>8}{'R':>8}{'F1':>8}  {'P':>8}{'R':>8}{'F1':>8}")
    for name in METRICS:
        m = scores.metric(name)
        r1, r2 = m.rouge_1, m.rouge_2
        click.echo(f"{_METRIC_LABELS[name]:<12}{r1.precision:8.4f}{r1.recall:8.4f}{r1.f1:8.4f}  "
                   f"{r2.precision:8.4f}{r2.recall:8.4f}{r2.f1:8.4f}")
    d = scores.dates
    click.echo(f"{'dates':<12}{d.precision:8.4f}{d.recall:8.4f}{d.f1:8.4f}")


@main.group("bench")
def bench_group() -> None:
    """Benchmarks: run a method on a data set's protocol and score it."""


def _default_t17() -> str:
    shared = os.environ.get("DATELINE_SHARED_DATA")
    return os.path.join(shared, "timeline17") if shared else os.path.join("..", "shared", "data", "timeline17")


@bench_group.command("t17")
@click.option("--data", "data", type=click.Path(file_okay=False), default=_default_t17,
              show_default="$DATELINE_SHARED_DATA/timeline17 or ../shared/data/timeline17",
              help="The Timeline17 root (outlet folders and queries.json).")
@click.option("--method", "-m", help="Timeline method (default: the engine's default; "
              "`baseline` is the simple reference method).")
@click.option("--topics", help="Comma-separated topics to run (default: all), e.g. bpoil,syria.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write each predicted timeline to DIR/<folder>/<reference file> (tilse format).")
@click.option("--duplicates", type=click.Choice(["last", "merge"]), default="last", show_default=True,
              help="Reading of a reference date that occurs twice: the last block (tilse) or both.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON object.")
@friendly_errors
def bench_t17_command(data: str, method: str | None, topics: str | None, out_dir: str | None,
                      duplicates: str, as_json: bool) -> None:
    """The Timeline17 protocol: one task per reference timeline, scored with TILSE.

    Each task gives the method the topic's articles published between the first and the
    last reference date, l = the number of reference dates and k = the rounded mean number
    of sentences per reference date; summary sentences must contain a topic keyword.
    Prints AR1-F and AR2-F (align+ m:1), Date-F1 and concat ROUGE-1/2 F per task and
    averaged (F1 of the mean precision and the mean recall), and the seconds per stage.
    """
    import json
    from pathlib import Path

    from dateline.evaluate import protocol

    if not Path(data).is_dir():
        raise DatelineError(f"no Timeline17 data at {data}: pass --data DIR")
    topic_list = [t.strip() for t in topics.split(",") if t.strip()] if topics else None

    def progress(r: protocol.TaskResult) -> None:
        rep = r.reported()
        click.echo(f"  {r.task.id}: AR1-F {rep['AR1'].f1:.4f}  Date-F {rep['Date'].f1:.4f}", err=True)

    bench = protocol.run(data, method, topics=topic_list, out_dir=out_dir,
                         duplicates=duplicates, progress=progress)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(bench.to_dict(), indent=2))
        return
    names = list(protocol.REPORTED)
    width = max([len(r.task.id) for r in bench.results] + [30])
    click.echo(f"method {bench.method}: {len(bench.results)} tasks, {bench.articles_read} articles read")
    click.echo(f"{'task':<{width}} {'l':>4} {'k':>3} {'arts':>5} {'got':>4} "
               + " ".join(f"{n + '-F':>12}" for n in names))
    for r in bench.results:
        rep = r.reported()
        click.echo(f"{r.task.id:<{width}} {r.task.num_dates:>4} {r.task.per_date:>3} {r.articles:>5} "
                   f"{len(r.timeline):>4} " + " ".join(f"{rep[n].f1:>12.4f}" for n in names))
    avg = bench.average()
    for label, attr in (("average F1 (of mean P, R)", "f1"), ("mean precision", "precision"),
                        ("mean recall", "recall")):
        click.echo(f"{label:<{width + 21}} " + " ".join(f"{getattr(avg[n], attr):>12.4f}" for n in names))
    total = sum(bench.seconds.values())
    click.echo("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in bench.seconds.items())
               + f" (total {total:.2f})")
    if bench.warnings:
        click.echo(f"warning: {len(bench.warnings)} warnings from the readers and the scorer; "
                   f"first: {bench.warnings[0]}", err=True)


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
