"""The one command-line entry point: ``dateline ...``.

This module and ``dateline.web`` are the only places that talk to a person. Every command
takes ``--db FILE`` (default ``$DATELINE_DB`` or ``./dateline.db``). Library errors
(:class:`dateline.errors.DatelineError`) become one ``error: ...`` line and exit code 1,
never a traceback.

Each command group lives in its own section below; keep imports of heavy modules inside
the command functions so ``dateline --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import json
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


# --- foundation: ingest, articles, show, search, demo, retag ------------------------------

_FORMAT_CHOICES = ("auto", "dateline", "jsonl", "timeline17")


def _day_option(value: str | None, option: str) -> Any:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DatelineError(f"{option} {value!r} is not a date: expected YYYY-MM-DD") from None


def _open_existing_store(db: str) -> Any:
    """The store at ``db`` for reading; a clear error when there is none yet."""
    if db != ":memory:" and not os.path.exists(db):
        raise DatelineError(f"no database at {db}: ingest articles first (dateline ingest PATH...) or pass --db FILE")
    from dateline.store import open_store

    return open_store(db)


def _progress(total: int, label: str, enabled: bool) -> Any:
    """A progress bar on stderr when it is a terminal (and the run is long enough to care)."""
    if enabled and total > 1 and sys.stderr.isatty():
        return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
    return contextlib.nullcontext(None)


def _headline(article: Any, width: int = 70) -> str:
    """The title, or for articles without one (Timeline17) the start of the body."""
    text = article.title or article.text.split("\n", 1)[0]
    return text if len(text) <= width else text[: width - 1] + "…"


def _article_json(article: Any, with_text: bool) -> dict[str, Any]:
    from dateline.store.records import article_record

    return article_record(article, text=with_text)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(_FORMAT_CHOICES), default="auto", show_default=True,
              help="Input format; auto: by folder layout, extension and first line.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: added, present, rejected, ids.")
@click.option("--no-tag", is_flag=True, help="Skip temporal tagging (faster; run `dateline retag` later).")
@click.option("--batch-size", type=click.IntRange(1), default=500, show_default=True,
              help="Articles per transaction.")
@db_option
@friendly_errors
def ingest_command(paths: tuple[str, ...], fmt: str, as_json: bool, no_tag: bool, batch_size: int, db: str) -> None:
    """Read articles from files and folders (recursively) into the store.

    Every bad file (or bad line of a JSON lines file) is reported with its path, line and
    reason and skipped; everything else is stored. Re-running adds only what is missing.
    Exit status 0 when the run completed, even with rejected files; 1 for a fatal error
    (no such path, unusable database).

    \b
    Examples:
      dateline ingest data/sample/articles
      dateline ingest ../shared/data/timeline17 --json
      dateline ingest dump.jsonl --format jsonl --no-tag
    """
    import gc
    import time

    from dateline.annotate import default_tagger, ingest
    from dateline.readers import iter_sources, read_source
    from dateline.store import open_store

    started = time.perf_counter()
    fmt_or_none = None if fmt == "auto" else fmt
    srcs = iter_sources(paths, fmt_or_none)
    next(iter_sources(paths, fmt_or_none), None)  # a missing path is fatal before the store is touched
    show_bar = not as_json and sys.stderr.isatty()
    n_files = sum(1 for _ in iter_sources(paths, fmt_or_none)) if show_bar else 0
    tagger = None if no_tag else default_tagger()
    n_read = 0
    with open_store(db) as store, _progress(n_files, "ingesting", show_bar) as bar:

        def items() -> Any:
            nonlocal n_read
            for src in srcs:
                n_read += 1
                yield from read_source(src)
                if bar is not None:
                    bar.update(1)

        # Bulk work that allocates many short-lived objects and makes no reference cycles:
        # the cyclic garbage collector would only cost time (about 5% of ingest).
        threshold = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(100_000, 50, 50)
        try:
            result = ingest(store, items(), tagger=tagger, batch_size=batch_size)
        except KeyboardInterrupt:
            committed = store.count()
            click.echo(f"\ninterrupted: every committed batch is kept ({committed} articles in {db}); "
                       "run the same command again to finish", err=True)
            sys.exit(130)
        finally:
            gc.set_threshold(*threshold)
            gc.unfreeze()
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    if as_json:
        click.echo(json.dumps(result.to_dict()))
        return
    rejected = result.rejected
    for r in rejected:
        where = r["path"] + (f":{r['line']}" if r["line"] is not None else "")
        click.echo(f"rejected: {where}: {r['reason']}", err=True)
    elapsed = time.perf_counter() - started
    tagging = "not tagged (--no-tag)" if no_tag else (
        f"tagged with dateline.timex {tagger.version}" if tagger else "not tagged (no tagger installed)")
    click.echo(f"{result.added} added, {result.present} already present, {len(rejected)} rejected "
               f"({n_read} files, {elapsed:.1f} s; {tagging}) -> {db}")


@main.command("articles")
@click.option("--topic", "-t", help="Only articles with this topic tag.")
@click.option("--since", metavar="YYYY-MM-DD", help="Published on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Published on or before this day.")
@click.option("--limit", "-n", type=click.IntRange(0), default=50, show_default=True, help="At most N (0: all).")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip the first N.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of article objects (without text).")
@db_option
@friendly_errors
def articles_command(topic: str | None, since: str | None, until: str | None, limit: int, offset: int,
                     as_json: bool, db: str) -> None:
    """List stored articles by publication day.

    \b
    Examples:
      dateline articles --topic "fenwick bridge" --since 2024-03-01 --limit 10
      dateline articles --json --limit 0
    """
    first, last = _day_option(since, "--since"), _day_option(until, "--until")
    with _open_existing_store(db) as store:
        rows = store.articles(topic=topic, since=first, until=last, limit=limit or None, offset=offset)
        total = store.count(topic=topic, since=first, until=last)
    if as_json:
        click.echo(json.dumps([_article_json(a, with_text=False) for a in rows], ensure_ascii=False))
        return
    for a in rows:
        topics = ",".join(a.topics)
        click.echo(f"{a.id}  {a.day}  {(a.outlet or '-')[:16]:<16}  {topics[:18]:<18}  {_headline(a, 60)}")
    shown = offset + len(rows)
    if shown < total:
        click.echo(f"… {total - shown} more (of {total}); use --limit/--offset, --limit 0 for all", err=True)
    elif not rows:
        click.echo("no articles match", err=True)


@main.command("show")
@click.argument("article_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the article as one JSON object.")
@click.option("--sentences", "-s", "with_sentences", is_flag=True,
              help="List the sentences and their time expressions instead of the body.")
@db_option
@friendly_errors
def show_command(article_id: str, as_json: bool, with_sentences: bool, db: str) -> None:
    """Show one article (ID: its id, or the first 4 or more characters of it).

    \b
    Examples:
      dateline show 3f2a9c
      dateline show 3f2a9c --sentences
      dateline show 3f2a9c --json
    """
    with _open_existing_store(db) as store:
        ann = store.annotated(store.resolve(article_id))
    a = ann.article
    n_timexes = sum(len(t) for t in ann.timexes)
    if as_json:
        from dateline.store.records import annotated_record

        click.echo(json.dumps(annotated_record(ann, sentence_list=with_sentences), ensure_ascii=False))
        return
    click.echo(f"id:          {a.id}")
    click.echo(f"published:   {a.published.isoformat()}")
    click.echo(f"topics:      {', '.join(a.topics) or '-'}")
    click.echo(f"outlet:      {a.outlet or '-'}    place: {a.place or '-'}")
    click.echo(f"origin:      {a.origin or '-'}")
    click.echo(f"sentences:   {len(ann.sentences)}    timexes: {n_timexes} "
               f"({'tagger ' + ann.tagger if ann.tagger else 'not tagged'})")
    click.echo()
    click.echo(a.title or "(no title)")
    if a.caption:
        click.echo(f"\n[caption] {a.caption}")
    click.echo()
    if with_sentences:
        for s in ann.sentences:
            click.echo(f"{s.index:>3}  {s.text}")
            for t in ann.sentence_timexes(s.index):
                click.echo(f"       {t.type:<8} {t.value:<20} {t.text!r}")
    else:
        click.echo(a.text)
    if a.attribution:
        click.echo(f"\n({a.attribution})")


@main.command("search")
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(1), default=10, show_default=True, help="At most N hits.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@db_option
@friendly_errors
def search_command(query: str, limit: int, as_json: bool, db: str) -> None:
    """Full-text search of titles and bodies, best first (SQLite FTS5, BM25).

    QUERY uses FTS5 syntax: words (all must occur, stemmed: "vote" finds "voted"),
    "a phrase", OR, NOT, prefix*, title:word.

    \b
    Examples:
      dateline search "budget vote"
      dateline search '"Fenwick Street Bridge" AND lawsuit' --limit 5
    """
    with _open_existing_store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        from dateline.store.records import hit_record

        click.echo(json.dumps([hit_record(h) for h in hits], ensure_ascii=False))
        return
    if not hits:
        click.echo("no matches", err=True)
    for h in hits:
        click.echo(f"{h.rank:7.2f}  {h.id}  {h.published[:10]}  {h.outlet or '-'}  {h.title or ''}".rstrip())
        click.echo(f"         {h.snippet}")


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
    """Ingest the sample corpus (55 invented local-news articles) and show what to try next.

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
        click.echo(f"rejected: {where}: {bad['reason']}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
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


@main.command("retag")
@click.option("--all", "everything", is_flag=True, help="Re-tag every article, not only those tagged "
              "by another tagger version (or never).")
@click.option("--batch-size", type=click.IntRange(1), default=200, show_default=True,
              help="Articles per transaction.")
@db_option
@friendly_errors
def retag_command(everything: bool, batch_size: int, db: str) -> None:
    """Re-run the temporal tagger over stored articles after a tagger change.

    Sentences are kept; the time expressions of each article are replaced, in batches (an
    interrupted retag resumes where it stopped when run again).
    """
    from dateline.annotate import default_tagger, retag

    tagger = default_tagger()
    with _open_existing_store(db) as store:
        versions = store.tagger_versions()
        due = sum(n for v, n in versions.items() if everything or v != tagger.version)
        summary = ", ".join(f"{n} {'untagged' if v is None else 'by ' + v}" for v, n in sorted(
            versions.items(), key=lambda kv: str(kv[0])))
        click.echo(f"tagger {tagger.version}; stored: {summary or 'no articles'}; to re-tag: {due}", err=True)
        failures: list[str] = []
        with _progress(due, "re-tagging", True) as bar:
            done = retag(store, tagger, force=everything, batch_size=batch_size,
                               progress=bar.update if bar is not None else None,
                               on_error=lambda i, e: failures.append(f"{i}: {type(e).__name__}: {e}"))
        counts = store.counts()
    for failure in failures:
        click.echo(f"warning: the tagger failed on article {failure} (its time expressions are unchanged)", err=True)
    click.echo(f"{done} articles re-tagged with {tagger.version}; {counts['timexes']} time expressions stored"
               + (f"; {len(failures)} failed (see warnings)" if failures else ""))


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
@click.option("--gold", "gold_dir", required=True, multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Directory of gold TimeML files (may be given more than once).")
@click.option("--system", "system_dir", required=True, multiple=True,
              type=click.Path(file_okay=False, exists=True),
              help="Directory of system TimeML files, matched to gold by DOCID (may be given more than once).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
@friendly_errors
def evaluate_timex_command(gold_dir: tuple[str, ...], system_dir: tuple[str, ...], as_json: bool,
                           db: str) -> None:
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
@db_option
@friendly_errors
def evaluate_command(system_path: str, reference_paths: tuple[str, ...], duplicates: str,
                     as_json: bool, db: str) -> None:
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
@db_option
@friendly_errors
def bench_t17_command(data: str, method: str | None, topics: str | None, out_dir: str | None,
                      duplicates: str, as_json: bool, db: str) -> None:
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
    click.echo(dumps(tl, "text"))
    page = Path(db).with_name(Path(db).stem + "-timeline.html")
    write(tl, page, "html")
    click.echo(f"The same timeline as a web page (no network needed): {page}")
    click.echo()


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
        raise DatelineError("say what the timeline is about: --query TEXT, --keywords a,b or --topic TAG")
    start = _day_option(since, "--from")
    end = _day_option(until, "--to")
    if not os.path.exists(db):
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
                   keywords=kws, topic=topic, granularity=granularity, name=name)
    if output:
        write(tl, output, fmt)
        click.echo(f"wrote {len(tl)} dates to {output} ({fmt})", err=True)
    else:
        click.echo(dumps(tl, fmt), nl=False)



# --- web: serve ---------------------------------------------------------------------------

_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers only this computer; 0.0.0.0 answers "
                   "every network the computer is on (no login: only on a network you trust).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--read-only", is_flag=True, help="Refuse uploads (POST /api/articles and the upload page).")
@click.option("--log-requests", is_flag=True, help="Log every request (uvicorn's access log).")
@db_option
@friendly_errors
def serve_command(host: str, port: int, read_only: bool, log_requests: bool, db: str) -> None:
    """Serve the web app and the HTTP API over the store.

    Open the address it prints in a browser: search the articles, build timelines, follow
    every line to its source sentence, upload articles. The API is described at /docs.

    \b
    Examples:
      dateline serve                          http://127.0.0.1:8000/
      dateline serve --db demo.db --port 8080 --read-only
    """
    try:
        import uvicorn

        from dateline.web import create_app
    except ImportError as exc:
        raise DatelineError(f"the web app needs the 'web' extra: pip install 'dateline[web]' ({exc})") from None
    if db != ":memory:" and not os.path.exists(db):
        if read_only:
            raise DatelineError(f"no database at {db}: ingest articles first (dateline ingest PATH...) "
                                "or pass --db FILE")
        click.echo(f"no database at {db} yet: starting with an empty one (upload articles at /upload)", err=True)
    loopback = host in _LOOPBACK_NAMES or host.startswith("127.")
    allowed = tuple(dict.fromkeys([*_LOOPBACK_NAMES, host])) if loopback else None
    app = create_app(db, read_only=read_only, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"dateline {__version__}: serving {db}{' (read-only)' if read_only else ''} at "
               f"http://{shown}:{port}/  (API: http://{shown}:{port}/docs; Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info" if log_requests else "warning", access_log=log_requests,
                server_header=False)


if __name__ == "__main__":  # pragma: no cover
    main()
