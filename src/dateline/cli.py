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


def _tag_input(file: str | None, dct: str | None) -> tuple[str, Any, int, str]:
    """(text to tag, anchor, offset of that text in the input, input name) for ``dateline tag``."""
    from dateline.errors import InputError
    from dateline.readers._io import decode, parse_day, read_text
    from dateline.readers.dateline_text import looks_like, parse

    name = "<stdin>" if file in (None, "-") else str(file)
    text = decode(sys.stdin.buffer.read(), name) if file in (None, "-") else read_text(str(file))
    if dct is not None:
        try:
            anchor = parse_day(dct)
        except ValueError:
            anchor = None
        if anchor is None:
            raise click.BadParameter(f"{dct!r} is not a date: expected YYYY-MM-DD", param_hint="--dct")
        return text, anchor, 0, name
    if not looks_like(text):
        raise InputError(name, 1, "no --dct given and the input has no 'date YYYY-MM-DD TOPIC' header "
                                  "line: give --dct YYYY-MM-DD or a file in the dateline text format")
    article = parse(text, name)  # validates the header and the body
    header_end = 0
    for line in text.splitlines(keepends=True):  # the header is the first non-blank line
        header_end += len(line)
        if line.strip():
            break
    return text[header_end:], article.published, header_end, name


@main.command("tag")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--dct", metavar="YYYY-MM-DD",
              help="Publication date the expressions are resolved against (not needed for a file "
                   "in the dateline text format: its header date is used).")
@click.option("--json", "as_json", is_flag=True,
              help='One JSON object per timex: {"start", "end", "text", "type", "value"}.')
@click.option("--timeml", is_flag=True,
              help="FILES are TimeML (.tml) or TempEval-3 input (.TE3input) files; the anchor is each "
                   "file's DCT; writes <name>.tml to --out.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Output directory for --timeml.")
@db_option
@friendly_errors
def tag_command(files: tuple[str, ...], dct: str | None, as_json: bool, timeml: bool,
                out_dir: str | None, db: str) -> None:
    """Find time expressions and resolve them against the publication date.

    \b
      dateline tag --dct 2018-01-24 article.txt      a table of the expressions
      echo "The mayor resigned Wednesday." | dateline tag --dct 2018-01-24 - --json
      dateline tag story.txt                         a dateline-format file: header date
      dateline tag --timeml data/*.tml --out tagged/ TimeML in, TimeML out

    Offsets (start, end) are character offsets into the input as read (for a dateline-format
    file without --dct, the header line is not tagged but offsets still count it).
    """
    import json

    from dateline.timex import tag

    if timeml:
        _tag_timeml(files, out_dir, dct)
        return
    if out_dir:
        raise click.UsageError("--out is only used with --timeml")
    if len(files) > 1:
        raise click.UsageError("give one FILE (or - for standard input); use --timeml for many files")
    text, anchor, offset, name = _tag_input(files[0] if files else None, dct)
    timexes = tag(text, anchor)
    if as_json:
        for t in timexes:
            click.echo(json.dumps({"start": t.start + offset, "end": t.end + offset, "text": t.text,
                                   "type": t.type.value, "value": t.value}, ensure_ascii=False))
        return
    click.echo(f"{name}: {len(timexes)} time expression{'s' * (len(timexes) != 1)}, anchor {anchor}")
    if timexes:
        width = max(len(t.value) for t in timexes)
        for t in timexes:
            mod = f"  mod={t.mod}" if t.mod else ""
            click.echo(f"{t.start + offset:>7}-{t.end + offset:<7} {t.type.value:<9} {t.value:<{width}}  "
                       f"{t.text!r}{mod}")


def _tag_timeml(files: tuple[str, ...], out_dir: str | None, dct: str | None) -> None:
    from pathlib import Path

    from dateline.errors import InputError
    from dateline.timex import tag
    from dateline.timex.timeml import output_name, read_timeml, write_timeml

    if dct:
        raise click.UsageError("--dct is not used with --timeml: each file's DCT is its anchor")
    if not files or not out_dir:
        raise click.UsageError("--timeml needs FILE... and --out DIR")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    failed = written = total = 0
    for file in files:
        try:
            doc = read_timeml(file)
            if doc.dct is None:
                raise InputError(file, None, "no document creation time: expected "
                                             '<DCT><TIMEX3 ... value="YYYY-MM-DD"> before <TEXT>')
            timexes = tag(doc.text, doc.dct)
            write_timeml(doc, timexes, out / output_name(file))
        except InputError as exc:
            click.echo(f"error: {exc} (skipped)", err=True)
            failed += 1
            continue
        written += 1
        total += len(timexes)
    click.echo(f"wrote {written} file{'s' * (written != 1)} to {out} ({total} timexes)"
               + (f"; {failed} skipped" if failed else ""))
    if failed:
        sys.exit(1)


@main.command("evaluate-timex")
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="Directory of gold TimeML files.")
@click.option("--system", "system_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="Directory of system TimeML files (matched to gold by DOCID).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
@friendly_errors
def evaluate_timex_command(gold_dir: str, system_dir: str, as_json: bool, db: str) -> None:
    """Score time-expression tagging the way the TempEval-3 scorer does (DCT excluded).

    Strict match = same span, relaxed = overlapping spans; type and value accuracy over the
    relaxed matches; "value F1": a timex counts when it overlaps one with the same value.
    """
    import json

    from dateline.evaluate.timeml import pair_documents, score_pairs

    report = pair_documents(gold_dir, system_dir)
    for err in report.errors:
        click.echo(f"error: {err} (skipped)", err=True)
    if report.missing:
        shown = ", ".join(report.missing[:5]) + (" ..." if len(report.missing) > 5 else "")
        click.echo(f"warning: {len(report.missing)} gold document(s) have no system file: {shown}", err=True)
    counts = score_pairs(report.pairs)
    fig = counts.figures()
    if as_json:
        click.echo(json.dumps({"documents": counts.documents, "gold": counts.gold, "system": counts.system,
                               "missing": report.missing, "errors": len(report.errors),
                               **{k: round(v, 4) for k, v in fig.items()}}))
        return
    click.echo(f"{counts.documents} documents, {counts.gold} gold and {counts.system} system timexes "
               f"(DCT excluded)")
    click.echo(f"{'':16}{'P':>8}{'R':>8}{'F1':>8}")
    for label, k in (("strict span", "strict"), ("relaxed span", "relaxed"), ("value", "value")):
        click.echo(f"{label:16}{fig[k + '_p']:>8.3f}{fig[k + '_r']:>8.3f}{fig[k + '_f1']:>8.3f}")
    click.echo(f"type accuracy {fig['type_accuracy']:.3f}, value accuracy {fig['value_accuracy']:.3f} "
               f"(over relaxed matches)")
    click.echo(f"TempEval-3 attribute F1 (accuracy x relaxed F1): type {fig['type_attribute_f1']:.3f}, "
               f"value {fig['value_attribute_f1']:.3f}")
    if report.errors:
        sys.exit(1)


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
    click.echo(f"{'':<12}{'ROUGE-1':^24}  {'ROUGE-2':^24}".rstrip())
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
