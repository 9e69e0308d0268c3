"""Named entities: ``dateline annotate --entities`` and ``dateline entities``."""

from __future__ import annotations

import json

import click

from dateline.annotate.pipeline import ENTITY_BATCH_SIZE
from dateline.cli.base import (
    annotation_executor,
    cluster_options,
    db_option,
    friendly_errors,
    main,
    open_existing_store,
    progress_bar,
    say,
)
from dateline.errors import DatelineError

#: The entity types ``--type`` offers (the model's types that are kept).
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")


def recognise_stored(db: str, *, everything: bool = False, batch_size: int = ENTITY_BATCH_SIZE,
                     workers: int = 1, scheduler: str | None = None, connect_timeout: float = 10.0) -> None:
    """Recognise the entities of the stored articles that have none yet, with a progress bar
    and a summary line (``annotate --entities``, ``ingest --entities``); on ``workers``
    local processes or the cluster at ``scheduler`` as ``--workers``/``--scheduler`` say."""
    from dateline.annotate import recognise
    from dateline.entities import recognise as ner

    version = ner.version()  # EntitiesUnavailable (a DatelineError) says how to install it
    with annotation_executor(workers, scheduler, connect_timeout) as executor, open_existing_store(db) as store:
        versions = store.recogniser_versions()
        due = sum(n for v, n in versions.items() if everything or v != version)
        click.echo(f"entity recogniser {version}; articles to read: {due}", err=True)
        failures: list[str] = []
        with progress_bar(due, "entities", True) as bar:
            done = recognise(store, force=everything, batch_size=batch_size,
                             progress=bar.update if bar is not None else None,
                             on_error=lambda i, e: failures.append(f"{i}: {type(e).__name__}: {e}"),
                             executor=executor)
        n_entities = len(store.entities())
    for failure in failures:
        click.echo(f"warning: entity recognition failed on article {failure} (it stays due)", err=True)
    click.echo(f"{done} articles read for entities; the store knows {n_entities} entities"
               + (f"; {len(failures)} failed (see warnings)" if failures else ""))


@main.command("annotate")
@click.option("--entities", "entities", is_flag=True, help="Recognise people, organisations, places ... "
              "in the stored articles that have not been read for them (needs the entities extra).")
@click.option("--all", "everything", is_flag=True, help="Read every article again, not only those never "
              "read or read by another recogniser version.")
@click.option("--batch-size", type=click.IntRange(1), default=ENTITY_BATCH_SIZE, show_default=True,
              help="Articles per transaction.")
@cluster_options
@db_option
@friendly_errors
def annotate_command(entities: bool, everything: bool, batch_size: int, workers: int, scheduler: str | None,
                     connect_timeout: float, db: str) -> None:
    """Add annotations to the articles already stored.

    --entities: named entities (spaCy's English pipeline, NER only), resolved to canonical
    entities with their aliases. Incremental (only what was not read yet) and resumable
    (each batch is committed: an interrupted run goes on where it stopped when run again).
    The model reads only the sentences that can enter a timeline (those with a date, and
    the first six of each article), each distinct sentence once.

    \b
      dateline annotate --entities
      dateline annotate --entities --all   # after a model or rule change
    """
    if not entities:
        raise DatelineError("say what to add: --entities")
    recognise_stored(db, everything=everything, batch_size=batch_size, workers=workers, scheduler=scheduler,
                     connect_timeout=connect_timeout)


@main.command("entities")
@click.option("--type", "kind", type=click.Choice(ENTITY_TYPES, case_sensitive=False),
              help="Only entities of this type.")
@click.option("--topic", "-t", help="Only mentions in articles with this topic tag.")
@click.option("--limit", "-n", type=click.IntRange(1), default=20, show_default=True, help="How many.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many first.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per line.")
@db_option
@friendly_errors
def entities_command(kind: str | None, topic: str | None, limit: int, offset: int, as_json: bool, db: str) -> None:
    """List the entities of the store, the most widely mentioned first: name, type,
    aliases, articles, mentions, first and last day.

    \b
      dateline entities --type PERSON --limit 10
      dateline entities --topic "city hall" --json
    """
    with open_existing_store(db) as store:
        if not store.recogniser_versions().keys() - {None}:
            raise DatelineError("no article has been read for entities: run dateline annotate --entities "
                                "(needs the entities extra)")
        found = store.entities(type=kind.upper() if kind else None, topic=topic, limit=limit, offset=offset)
    if as_json:
        for e in found:
            click.echo(json.dumps(e.to_dict(), ensure_ascii=False))
        return
    if not found:
        click.echo("no entity matches", err=True)
        return
    lines = [f"{'id':>6}  {'type':<8} {'arts':>5} {'ments':>6}  {'first':<10}  {'last':<10}  name (aliases)"]
    for e in found:
        others = [a for a in e.aliases if a != e.name]
        alias_text = f" ({'; '.join(others[:6])}{'; ...' if len(others) > 6 else ''})" if others else ""
        lines.append(f"#{e.id:>5}  {e.type:<8} {e.articles:>5} {e.mentions:>6}  {str(e.first or ''):<10}  "
                     f"{str(e.last or ''):<10}  {e.name}{alias_text}")
    say("\n".join(lines), lines=True)
