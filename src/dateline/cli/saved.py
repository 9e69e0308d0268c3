"""``dateline timelines``: the saved timelines (``dateline timeline ... --save NAME``):
list them, refresh them, show one, delete one."""

from __future__ import annotations

import json

import click

from dateline.cli.base import db_option, friendly_errors, main, open_existing_store
from dateline.errors import DatelineError
from dateline.export.formats import FORMATS


def _when(iso: str) -> str:
    """A stored UTC time as ``YYYY-MM-DD HH:MM UTC``."""
    return iso[:16].replace("T", " ") + " UTC"


@main.group("timelines", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of saved timelines.")
@db_option
@click.pass_context
@friendly_errors
def timelines_group(ctx: click.Context, as_json: bool, db: str) -> None:
    """List the saved timelines: their dates, when each was last rebuilt, and the dates
    that rebuild added. Save one with `dateline timeline ... --save NAME`.

    \b
    Examples:
      dateline timelines
      dateline timelines refresh
      dateline timelines show bridge -f md
    """
    if ctx.invoked_subcommand is not None:
        return
    from dateline.tls.saved import saved_record

    with open_existing_store(db) as store:
        records = [saved_record(s) for s in store.saved_timelines()]
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False))
        return
    if not records:
        click.echo("no saved timelines (save one with: dateline timeline ... --save NAME)", err=True)
        return
    click.echo(f"{'name':<24} {'dates':>5}  {'last rebuilt':<20} {'added':>5}  selection")
    for r in records:
        selection = ", ".join(f"{k}={', '.join(v) if isinstance(v, list) else v}" for k, v in r["request"].items()
                              if k in ("query", "keywords", "entity", "topic", "from", "to"))
        click.echo(f"{r['name'][:24]:<24} {r['entries']:>5}  {_when(r['refreshed']):<20} "
                   f"{len(r['new_entries']):>5}  {selection}")


@timelines_group.command("refresh")
@click.argument("name", required=False)
@click.option("--force", is_flag=True, help="Rebuild even when the selection did not change.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per saved timeline.")
@db_option
@friendly_errors
def refresh_command(name: str | None, force: bool, as_json: bool, db: str) -> None:
    """Rebuild the saved timelines (or only NAME) whose articles changed since they were
    built: new articles in their selection, re-tagged articles, new stories. A timeline
    whose selection did not change is not built again."""
    from dateline.tls import saved

    with open_existing_store(db) as store:
        results = [saved.refresh(store, name, force=force)] if name else saved.refresh_all(store, force=force)
    if as_json:
        for r in results:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
        return
    if not results:
        click.echo("no saved timelines (save one with: dateline timeline ... --save NAME)", err=True)
    for r in results:
        if r.status == "refreshed":
            what = f"{r.entries} dates, {len(r.added)} new"
            if r.added:
                what += f" ({', '.join(r.added)})"
            if r.changed:
                what += f", {len(r.changed)} changed"
            if r.removed:
                what += f", {len(r.removed)} dropped ({', '.join(r.removed)})"
        elif r.status == "failed":
            what = f"kept the previous result: {r.error}"
        else:
            what = "its articles did not change"
        click.echo(f"{r.name}: {r.status} in {r.seconds:.2f} s; {what}")


@timelines_group.command("show")
@click.argument("name")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE instead of standard output.")
@db_option
@friendly_errors
def show_command(name: str, fmt: str, output: str | None, db: str) -> None:
    """Print the saved timeline NAME as last built (no rebuild), in any export format; the
    dates new at the last rebuild are listed on standard error."""
    from dateline.export.formats import dumps, write
    from dateline.tls.saved import timeline_of

    with open_existing_store(db) as store:
        kept = store.saved_timeline(name)
    if kept is None:
        raise DatelineError(f"no saved timeline {name!r} (see `dateline timelines`)")
    tl = timeline_of(kept)
    click.echo(f"{kept.name}: last rebuilt {_when(kept.refreshed)}; new then: "
               f"{', '.join(kept.new_entries) or 'none'}", err=True)
    if output:
        write(tl, output, fmt)
    else:
        click.echo(dumps(tl, fmt), nl=False)


@timelines_group.command("delete")
@click.argument("name")
@db_option
@friendly_errors
def delete_command(name: str, db: str) -> None:
    """Delete the saved timeline NAME (the articles stay)."""
    with open_existing_store(db) as store:
        if not store.delete_saved_timeline(name):
            raise DatelineError(f"no saved timeline {name!r} (see `dateline timelines`)")
    click.echo(f"deleted {name!r}", err=True)
