"""The store commands: ``ingest``, ``articles``, ``show``, ``search`` and ``retag``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from dateline.annotate.pipeline import BATCH_SIZE, RETAG_BATCH_SIZE
from dateline.annotate.stories import THRESHOLD as STORY_THRESHOLD
from dateline.cli.base import (
    ByteSize,
    annotation_executor,
    article_json,
    cluster_options,
    day_option,
    db_option,
    friendly_errors,
    headline,
    json_text,
    main,
    open_existing_store,
    progress_bar,
    say,
)
from dateline.cli.news import WebSettings, split_sources, web_options
from dateline.errors import DatelineError
from dateline.limits import DEFAULT_LIMITS, format_size
from dateline.readers import FORMATS

if TYPE_CHECKING:
    from dateline.errors import InputError
    from dateline.model import Article


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True,
              help="Input format of the files; auto: by folder layout, extension and content.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: added, present, rejected, ids, joined, stories.")
@click.option("--no-tag", is_flag=True, help="Skip temporal tagging (faster; run `dateline retag` later).")
@click.option("--batch-size", type=click.IntRange(1), default=BATCH_SIZE, show_default=True,
              help="Articles per transaction.")
@click.option("--no-stories", is_flag=True, help="Do not group near-duplicate articles into stories "
              "(run `dateline stories` later).")
@click.option("--story-threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=STORY_THRESHOLD,
              show_default=True, help="Similarity (estimated Jaccard of 5-word shingles) from which an "
              "article joins the story of an earlier one.")
@click.option("--max-article-size", type=ByteSize(), default=DEFAULT_LIMITS.max_article_bytes,
              show_default=format_size(DEFAULT_LIMITS.max_article_bytes),
              help="Largest article accepted (title, caption and body, UTF-8), e.g. 4MiB; larger ones are "
                   "rejected. Tagging takes ~5 s per MiB of date-dense text.")
@click.option("--entities", "entities", is_flag=True, help="Then recognise the named entities of the new "
              "articles (needs the entities extra; the same as `dateline annotate --entities` afterwards).")
@cluster_options
@web_options
@db_option
@friendly_errors
def ingest_command(paths: tuple[str, ...], fmt: str, as_json: bool, no_tag: bool, batch_size: int,
                   no_stories: bool, story_threshold: float, max_article_size: int, entities: bool,
                   workers: int, scheduler: str | None, connect_timeout: float, web: WebSettings,
                   db: str) -> None:
    """Read articles from files, folders (recursively) and addresses into the store.

    Files: the dateline text format, JSON lines, Timeline17 folders, web pages, feeds,
    sitemaps and WARC files (.gz read as is). Addresses (http/https): a page, a feed or a
    sitemap, fetched with what it lists (robots.txt obeyed, --rate requests per second per
    host); fetching again costs a 304 when nothing changed.

    Every bad file, record, page or address is reported with its path (or address), line
    and reason and skipped; everything else is stored. Re-running adds only what is missing.
    Exit status 0 when the run completed, even with rejections; 1 for a fatal error
    (no such path, unusable database). What is accepted and rejected: docs/ingest.md.

    Near-duplicates (a wire story carried by several outlets, a report updated during the
    day) are grouped into stories as they are stored (needs datasketch, the `stories`
    extra); a timeline then uses a story's sentence once and names every outlet that
    carried it.

    Annotation (sentences, time expressions, story signatures) runs in this process, or
    with --workers N in N local worker processes, or with --scheduler on an existing Dask
    cluster (docs/scaling.md); this process reads the inputs, ships the articles to the
    workers and writes the results in input order, so the store holds the same either way.

    \b
    Examples:
      dateline ingest data/sample/articles
      dateline ingest ../shared/data/timeline17 --json
      dateline ingest dump.jsonl --format jsonl --no-tag
      dateline ingest crawl.warc.gz https://example.org/news/rss.xml
      dateline ingest ../shared/data/timeline17 --workers 2
    """
    import dataclasses
    import gc
    import time

    from dateline.annotate import default_tagger, ingest, stories
    from dateline.readers import iter_sources, read_source
    from dateline.store import open_store

    limits = dataclasses.replace(DEFAULT_LIMITS, max_article_bytes=max_article_size)
    if entities:
        from dateline.entities import recognise as ner

        ner.load()  # a missing extra is said before anything is read

    started = time.perf_counter()
    fmt_or_none = None if fmt == "auto" else fmt
    urls, files = split_sources(paths)
    srcs = iter_sources(files, fmt_or_none)
    next(iter_sources(files, fmt_or_none), None)  # a missing path is fatal before the store is touched
    show_bar = not as_json and sys.stderr.isatty()
    n_files = sum(1 for _ in iter_sources(files, fmt_or_none)) + len(urls) if show_bar else 0
    tagger = None if no_tag else default_tagger()
    n_read = 0
    # The cluster first: a scheduler that does not answer leaves no database behind.
    with (annotation_executor(workers, scheduler, connect_timeout) as executor, open_store(db) as store,
          web.reading(store, bool(urls)) as (reader, options),
          progress_bar(n_files, "ingesting", show_bar) as bar):

        def items() -> Iterator[Article | InputError]:
            nonlocal n_read
            for src in srcs:
                n_read += 1
                yield from read_source(src, options=options, limits=limits)
                if bar is not None:
                    bar.update(1)
            for url in urls:
                n_read += 1
                assert reader is not None
                yield from reader.read_url(url)
                if bar is not None:
                    bar.update(1)

        # Bulk work that allocates many short-lived objects and makes no reference cycles:
        # the cyclic garbage collector would only cost time (about 5% of ingest).
        threshold = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(100_000, 50, 50)
        try:
            grouping: stories.StoryIndex | bool = False
            if not no_stories:
                grouping = stories.StoryIndex(story_threshold) if stories.available() else True
            result = ingest(store, items(), tagger=tagger, batch_size=batch_size, stories=grouping, limits=limits,
                            executor=executor)
            if reader is not None:
                reader.save_states(store)  # after the articles: a killed run fetches again
        except KeyboardInterrupt:
            committed = store.count()
            click.echo(f"\ninterrupted: every committed batch is kept ({committed} articles in {db}); "
                       "run the same command again to finish", err=True)
            sys.exit(130)
        finally:
            gc.set_threshold(*threshold)
            gc.unfreeze()
    for w in result.warnings:
        say(f"warning: {w}", err=True)
    if entities:
        from dateline.cli.entities import recognise_stored

        recognise_stored(db, workers=workers, scheduler=scheduler, connect_timeout=connect_timeout)
    if as_json:
        import json

        click.echo(json.dumps(result.to_dict()))  # ASCII: every other character escaped
        return
    rejected = result.rejected
    for r in rejected:
        where = (r["path"] or "<input>") + (f":{r['line']}" if r["line"] is not None else "")
        say(f"rejected: {where}: {r['reason']}", err=True)
    elapsed = time.perf_counter() - started
    tagging = "not tagged (--no-tag)" if no_tag else (
        f"tagged with dateline.timex {tagger.version}" if tagger else "not tagged (no tagger installed)")
    sources = f"{n_read} files" if not urls else f"{n_read - len(urls)} files, {len(urls)} addresses"
    grouped = (f"{result.joined} joined the story of an earlier article" if result.stories is None
               else "stories off" + (" (--no-stories)" if no_stories else ": datasketch is not installed"))
    click.echo(f"{result.added} added, {result.present} already present, {len(rejected)} rejected "
               f"({sources}, {elapsed:.1f} s; {tagging}; {grouped}) -> {click.format_filename(db)}")


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
    """List stored articles by publication day. `+N`: the article's story (near-duplicates)
    has N other articles (`dateline show ID` lists them).

    \b
    Examples:
      dateline articles --topic "fenwick bridge" --since 2024-03-01 --limit 10
      dateline articles --json --limit 0
    """
    first, last = day_option(since, "--since"), day_option(until, "--until")
    with open_existing_store(db) as store:
        rows = store.articles(topic=topic, since=first, until=last, limit=limit or None, offset=offset)
        total = store.count(topic=topic, since=first, until=last)
        stories = store.stories([a.id for a in rows])
    if as_json:
        from dateline.store.records import story_fields

        click.echo(json_text([article_json(a, with_text=False) | story_fields(stories.get(a.id)) for a in rows]))
        return
    for a in rows:
        topics = ",".join(a.topics)
        info = stories.get(a.id)
        group = f"+{len(info.members) - 1}" if info and len(info.members) > 1 else ""
        say(f"{a.id}  {a.day}  {(a.outlet or '-')[:16]:<16}  {topics[:18]:<18}  {group:>3}  {headline(a, 56)}")
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
    with open_existing_store(db) as store:
        ann = store.annotated(store.resolve(article_id))
        if ann is None:  # removed since resolve() found it
            raise DatelineError(f"no article {article_id!r}")
        info = store.stories([ann.article.id]).get(ann.article.id)
        others = [o for o in (store.article(m) for m in info.members if m != ann.article.id) if o] if info else []
    a = ann.article
    n_timexes = sum(len(t) for t in ann.timexes)
    if as_json:
        from dateline.store.records import annotated_record, story_record

        obj = annotated_record(ann, sentence_list=with_sentences)
        obj["story"] = story_record(info, others) if info else None
        click.echo(json_text(obj))
        return
    say(f"id:          {a.id}")
    say(f"published:   {a.published.isoformat()}")
    say(f"topics:      {', '.join(a.topics) or '-'}")
    say(f"outlet:      {a.outlet or '-'}    place: {a.place or '-'}")
    say(f"origin:      {a.origin or '-'}")
    say(f"sentences:   {len(ann.sentences)}    timexes: {n_timexes} "
        f"({'tagger ' + ann.tagger if ann.tagger else 'not tagged'})")
    if info is None:
        say("story:       - (not grouped: run `dateline stories`)")
    elif not others:
        say("story:       its own (no near-duplicate stored)")
    else:
        say(f"story:       {info.story} ({len(info.members)} articles; the others:)")
        for o in others:
            say(f"               {o.id}  {o.day}  {(o.outlet or '-')[:20]:<20}  {headline(o, 50)}")
    say()
    say(a.title or "(no title)")
    if a.caption:
        say(f"\n[caption] {a.caption}", lines=True)
    say()
    if with_sentences:
        for s in ann.sentences:
            say(f"{s.index:>3}  {s.text}")
            for t in ann.sentence_timexes(s.index):
                say(f"       {t.type:<8} {t.value:<20} {t.text!r}")
    else:
        say(a.text, lines=True)
    if a.attribution:
        say(f"\n({a.attribution})", lines=True)


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
    with open_existing_store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        from dateline.store.records import hit_record

        click.echo(json_text([hit_record(h) for h in hits]))
        return
    if not hits:
        click.echo("no matches", err=True)
    for h in hits:
        say(f"{h.rank:7.2f}  {h.id}  {h.published[:10]}  {h.outlet or '-'}  {h.title or ''}".rstrip())
        say(f"         {h.snippet}")



@main.command("stories")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=STORY_THRESHOLD,
              show_default=True, help="Similarity (estimated Jaccard of 5-word shingles) from which an "
              "article joins the story of an earlier one.")
@db_option
@friendly_errors
def stories_command(threshold: float, db: str) -> None:
    """Group the stored articles that are in no story yet (ingested with --no-stories or by
    an older dateline) into stories of near-duplicates, then print how many stories have
    more than one article. Articles already grouped keep their story."""
    from dateline.annotate import group_stories, stories

    if not stories.available():
        raise DatelineError(stories.unavailable_reason())
    with open_existing_store(db) as store:
        total = store.count()
        with progress_bar(total, "grouping", True) as bar:
            done, joined = group_stories(store, stories.StoryIndex(threshold),
                                         progress=bar.update if bar is not None else None)
    click.echo(f"{done} articles grouped, {joined} of them joined the story of an earlier article "
               f"(threshold {threshold})")


@main.command("retag")
@click.option("--all", "everything", is_flag=True, help="Re-tag every article, not only those tagged "
              "by another tagger version (or never).")
@click.option("--batch-size", type=click.IntRange(1), default=RETAG_BATCH_SIZE, show_default=True,
              help="Articles per transaction.")
@cluster_options
@db_option
@friendly_errors
def retag_command(everything: bool, batch_size: int, workers: int, scheduler: str | None,
                  connect_timeout: float, db: str) -> None:
    """Re-run the temporal tagger over stored articles after a tagger change.

    Sentences are kept; the time expressions of each article are replaced, in batches (an
    interrupted retag resumes where it stopped when run again). --workers and --scheduler
    tag on several processes or a Dask cluster, as for `dateline ingest`.
    """
    from dateline.annotate import default_tagger, retag

    tagger = default_tagger()
    with annotation_executor(workers, scheduler, connect_timeout) as executor, open_existing_store(db) as store:
        versions = store.tagger_versions()
        due = sum(n for v, n in versions.items() if everything or v != tagger.version)
        summary = ", ".join(f"{n} {'untagged' if v is None else 'by ' + v}" for v, n in sorted(
            versions.items(), key=lambda kv: str(kv[0])))
        click.echo(f"tagger {tagger.version}; stored: {summary or 'no articles'}; to re-tag: {due}", err=True)
        failures: list[str] = []
        with progress_bar(due, "re-tagging", True) as bar:
            try:
                done = retag(store, tagger, force=everything, batch_size=batch_size,
                             progress=bar.update if bar is not None else None,
                             on_error=lambda i, e: failures.append(f"{i}: {type(e).__name__}: {e}"),
                             executor=executor)
            except KeyboardInterrupt:
                click.echo("\ninterrupted: every re-tagged batch is kept; run the same command again to finish",
                           err=True)
                sys.exit(130)
        counts = store.counts()
    for failure in failures:
        click.echo(f"warning: the tagger failed on article {failure} (its time expressions are unchanged)", err=True)
    click.echo(f"{done} articles re-tagged with {tagger.version}; {counts['timexes']} time expressions stored"
               + (f"; {len(failures)} failed (see warnings)" if failures else ""))

