"""Timeline metrics: ``dateline evaluate`` and the benchmark protocols (``dateline bench ...``)."""

from __future__ import annotations

from typing import Any

import click

from dateline.cli.base import MethodName, friendly_errors, main
from dateline.errors import DatelineError
from dateline.readers.tilse import Duplicates

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
@click.option("--duplicates", type=click.Choice([d.value for d in Duplicates]), default=Duplicates.LAST.value,
              show_default=True,
              help="A date that occurs twice in a file: keep the last block (tilse's reading, "
              "with a warning), merge the blocks, or reject the file.")
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
            system = tilse.read(system_path, duplicates=Duplicates(duplicates))
            references = [tilse.read(p, duplicates=Duplicates(duplicates)) for p in reference_paths]
            scores = evaluate(system, references)
        except InputError as exc:
            hint = " (use --duplicates last or --duplicates merge to read it anyway)"
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
    from dateline.evaluate.datasets import dataset

    return str(dataset("timeline17"))


@bench_group.command("t17")
@click.option("--data", "data", type=click.Path(file_okay=False), default=_default_t17,
              show_default="$DATELINE_SHARED_DATA/timeline17 or ../shared/data/timeline17",
              help="The Timeline17 root (outlet folders and queries.json).")
@click.option("--method", "-m", type=MethodName(), help="Timeline method (default: the first; "
              "`baseline` is the simple reference method).")
@click.option("--topics", help="Comma-separated topics to run (default: all), e.g. bpoil,syria.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write each predicted timeline to DIR/<folder>/<reference file> (tilse format).")
@click.option("--duplicates", type=click.Choice([d.value for d in Duplicates]), default=Duplicates.LAST.value,
              show_default=True,
              help="A reference date that occurs twice in a file: keep the last block (tilse's "
              "reading, with a warning), merge the blocks, or skip the file.")
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
        from dateline.evaluate.datasets import missing_message

        raise DatelineError(missing_message("Timeline17", data, "--data DIR or $DATELINE_SHARED_DATA"))
    topic_list = [t.strip() for t in topics.split(",") if t.strip()] if topics else None

    def progress(r: protocol.TaskResult) -> None:
        rep = r.reported()
        click.echo(f"  {r.task.id}: AR1-F {rep['AR1'].f1:.4f}  Date-F {rep['Date'].f1:.4f}", err=True)

    bench = protocol.run(data, method, topics=topic_list, out_dir=out_dir,
                         duplicates=Duplicates(duplicates), progress=progress)
    shown = 10  # the references' warnings come first
    for message in bench.warnings[:shown]:
        click.echo(f"warning: {message}", err=True)
    if len(bench.warnings) > shown:
        click.echo(f"warning: ... and {len(bench.warnings) - shown} more from the readers and the scorer "
                   "(all of them in --json)", err=True)
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


def _default_semeval() -> str:
    from dateline.evaluate.datasets import dataset

    return str(dataset("semeval2015-task4"))


@bench_group.command("entities")
@click.option("--data", "data", type=click.Path(file_okay=False), default=_default_semeval,
              show_default="$DATELINE_SHARED_DATA/semeval2015-task4 or ../shared/data/semeval2015-task4",
              help="The SemEval-2015 Task 4 root (trial data and test corpus 1).")
@click.option("--sets", default="trial,test1", show_default=True,
              help="Comma-separated development sets: trial, test1.")
@click.option("--method", "-m", type=MethodName(), help="Timeline method (default: the first).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON object.")
@friendly_errors
def bench_entities_command(data: str, sets: str, method: str | None, as_json: bool) -> None:
    """Entity timelines on SemEval-2015 Task 4, scored with TILSE, against keyword timelines.

    Each target entity of a development set is a task: its reference puts the sentence of
    every gold event dated to a day under that day; l = the reference's number of dates,
    k = round of its mean sentences per date. Three systems build the timeline like
    `dateline timeline` does: --keywords "<name>", --keywords "<name>,<last word>" and
    --entity "<name>" (entities recognised in the same run; needs the entities extra). An
    empty timeline scores zero. Prints AR1-F, AR2-F and Date-F1 (F1 of the mean P and the
    mean R over entities) and the number of empty timelines per system.
    """
    import json
    import sys
    import warnings
    from pathlib import Path

    from dateline.evaluate import entity_protocol, semeval

    if not Path(data).is_dir():
        from dateline.evaluate.datasets import missing_message

        raise DatelineError(missing_message("SemEval-2015 Task 4", data, "--data DIR or $DATELINE_SHARED_DATA"))
    wanted = [s.strip() for s in sets.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in semeval.DEV_SETS]
    if unknown or not wanted:
        raise DatelineError(f"--sets: unknown {', '.join(unknown) or '(none given)'}; expected some of "
                            f"{', '.join(semeval.DEV_SETS)}")
    from dateline.entities import recognise as ner

    ner.load()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # empty timelines score zero; the table says how many
        results = entity_protocol.run(data, wanted, method,
                                      progress=(lambda m: click.echo(m, err=True)) if sys.stderr.isatty() else None)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in results], indent=2))
        return
    click.echo("| data | system | AR1-F | AR2-F | Date-F1 | empty |")
    click.echo("|---|---|---|---|---|---|")
    for r in results:
        for system, rows in r.results.items():
            avg = entity_protocol.average(rows)
            click.echo(f"| {r.name} ({len(rows)}) | {system} | {avg['AR1'].f1:.3f} | {avg['AR2'].f1:.3f} | "
                       f"{avg['Date'].f1:.3f} | {r.empty(system)} |")
    for r in results:
        for row in r.results["entity"]:
            if row.note or row.error:
                click.echo(f"{r.name}: {row.task.name}: {row.note or row.error}", err=True)
