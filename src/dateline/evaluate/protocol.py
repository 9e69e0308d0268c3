"""The Timeline17 benchmark protocol, as news-tls (Ghalandari & Ifrim 2020) runs it.

- **Topics** merge the outlet folders that share a prefix (``bpoil_*`` → ``bpoil``,
  ``EgyptianProtest_*`` → ``egypt``, …: :func:`dateline.readers.timeline17.topic_of`).
  **Each reference timeline is one task.**
- **Input** of a task: the topic's articles (all its outlet folders; the same article read
  twice counts once) published within [first, last] reference date, inclusive.
- **Output size**: l = the number of reference dates, k = Python ``round`` of the mean
  number of sentences per reference date (``round`` rounds halves to even: 2.5 → 2).
- **Leave-one-topic-out**: each task's input names its topic as held out
  (``TaskInput.held_out``, :func:`task_input`), so a method with trained parts uses those
  trained and chosen without that topic (nested: the settings stored with each held-out
  model were chosen on the other topics too, ``tools/tls_train.py``, ``make weights``). The benchmark is the
  only caller that holds a topic out; the product always uses the parts trained on all.
- **Keywords**: every summary sentence must contain a topic keyword from ``queries.json``
  (lower-cased sentence, substring).
- **Scores**: the TILSE metrics of :mod:`dateline.evaluate.timeline`; reported are AR1-F and
  AR2-F (``align_plus_m1``), Date-F1 and concat ROUGE-1/2 F. Averages over tasks take the
  mean precision and the mean recall, then the F1 of those two means (not the mean of the
  per-task F1), as news-tls's ``get_average_results`` does.
- **References** are read the tilse way (:class:`~dateline.readers.tilse.Duplicates`
  ``last``, the one default of every command: the last block of a duplicated date wins, as
  ``tilse.data.timelines.Timeline.from_file`` reads it, with a warning naming both lines),
  so l, k and the scores are those of a tilse-based evaluation. Of the shipped references
  only ``bpoil_guardian/timelines/guardian.txt`` has duplicated dates (2010-07-23 and
  2010-07-27, two blocks each): read the tilse way it has 102 dates and loses the 6
  sentences of the first blocks; ``duplicates="merge"`` keeps them (same l, more
  reference text, a different k only if the mean crosses a rounding boundary).
- **Bad input never aborts a run**: a bad entry of a reference file (an impossible date
  line such as ``2011-04-0``) is skipped with a warning naming the file and the line and
  the rest of the file is read; a reference file, an outlet folder or a topic that cannot
  be read at all (no keywords in ``queries.json``) is skipped with a warning. The warnings
  are in :attr:`BenchResult.warnings`.

Every method output is checked against the task (at most l dates, at most k sentences per
date, every sentence with a keyword, every date inside the window); a violation raises
:class:`ProtocolError` instead of being scored.

Library code: :func:`run` returns the results and timings; the CLI prints them.
"""

from __future__ import annotations

import functools
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dateline.annotate import annotate
from dateline.errors import DatelineError, InputError, InputWarning
from dateline.evaluate.timeline import PRF, TimelineScores, evaluate, f1
from dateline.export.tilse import write
from dateline.model import AnnotatedArticle, Article, Timeline
from dateline.readers import timeline17
from dateline.readers.tilse import Duplicates
from dateline.tls.contract import Needs, TaskInput
from dateline.tls.corpus import keyword_mask
from dateline.tls.registry import MethodInfo, get

__all__ = [
    "REPORTED",
    "BenchResult",
    "ProtocolError",
    "Task",
    "TaskResult",
    "average",
    "check_output",
    "load_tasks",
    "run",
    "sentences_per_date",
    "task_input",
]

#: The reported scores: name → (metric, measure); "dates" is the date selection score.
REPORTED: dict[str, tuple[str, str | None]] = {
    "AR1": ("align_plus_m1", "rouge_1"),
    "AR2": ("align_plus_m1", "rouge_2"),
    "Date": ("dates", None),
    "concat-R1": ("concat", "rouge_1"),
    "concat-R2": ("concat", "rouge_2"),
}
STAGES = ("read", "annotate", "build", "score")


class ProtocolError(DatelineError):
    """A method's timeline breaks the task's constraints (l, k, keywords, window)."""


def sentences_per_date(reference: Timeline) -> int:
    """k: Python ``round`` of the mean number of sentences per reference date."""
    return round(sum(len(e.sentences) for e in reference.entries) / len(reference.entries))


@dataclass(frozen=True, slots=True)
class Task:
    """One reference timeline of a topic."""

    topic: str
    folder: str  # the outlet folder holding the reference (bpoil_bbc)
    reference_name: str  # its file name (bbc.txt)
    reference: Timeline
    keywords: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.folder}/{self.reference_name}"

    @property
    def window(self) -> tuple[date, date]:
        return self.reference.dates[0], self.reference.dates[-1]

    @property
    def num_dates(self) -> int:
        return len(self.reference)

    @property
    def per_date(self) -> int:
        return sentences_per_date(self.reference)


def load_tasks(
    root: str | Path,
    topics: Sequence[str] | None = None,
    *,
    duplicates: Duplicates | str = Duplicates.LAST,
) -> list[Task]:
    """The tasks of a Timeline17 root (``topics``: only these; unknown names raise). What
    cannot be read is skipped with an :class:`~dateline.errors.InputWarning`; no task at all
    raises DatelineError."""
    root = Path(root)
    groups = timeline17.folders_by_topic(root)
    if not groups:
        raise DatelineError(f"{root}: no Timeline17 outlet folder (expected <topic>_<outlet>/InputDocs)")
    if topics:
        unknown = [t for t in topics if t not in groups]
        if unknown:
            raise DatelineError(
                f"unknown topic {', '.join(unknown)}: {root} has {', '.join(sorted(groups))}"
            )
    queries = timeline17.read_queries(root)
    tasks = []
    for topic in sorted(groups):
        if topics and topic not in topics:
            continue
        if topic not in queries:
            warnings.warn(InputWarning(str(root / timeline17.QUERIES), None,
                                       f"no keywords for topic {topic!r}: its tasks are skipped"), stacklevel=2)
            continue
        for folder in groups[topic]:
            try:
                references = timeline17.read_references(folder, duplicates=duplicates)
            except InputError as exc:
                warnings.warn(InputWarning(exc.path, exc.line, f"outlet folder skipped: {exc.reason}"), stacklevel=2)
                continue
            for name, ref in references:
                tasks.append(Task(topic, folder.name, name, ref, queries[topic]))
    if not tasks:
        raise DatelineError(f"{root}: no reference timeline could be read")
    return tasks


def task_input(task: Task, articles: Iterable[AnnotatedArticle]) -> TaskInput:
    """What the method receives: the task's articles in its window (publication order),
    with the task's topic held out (``TaskInput.held_out``: a method with trained parts
    uses those trained without it; this is the only place that sets it)."""
    first, last = task.window
    inside = sorted(
        (a for a in articles if first <= a.article.day <= last),
        key=lambda a: a.article.day,
    )
    return TaskInput(
        articles=inside,
        keywords=task.keywords,
        dates=task.num_dates,
        per_date=task.per_date,
        window=(first, last),
        query=task.topic,
        name=task.reference_name,
        held_out=task.topic,
    )


def check_output(task: Task, timeline: Timeline, method: str) -> None:
    """Raise :class:`ProtocolError` if ``timeline`` breaks the task's constraints."""
    where = f"method {method!r} on task {task.id}"
    if len(timeline) > task.num_dates:
        raise ProtocolError(f"{where}: {len(timeline)} dates, the task allows l = {task.num_dates}")
    first, last = task.window
    for e in timeline.entries:
        if not first <= e.date <= last:
            raise ProtocolError(f"{where}: date {e.date} outside the window {first} .. {last}")
        if len(e.sentences) > task.per_date:
            raise ProtocolError(
                f"{where}: {len(e.sentences)} sentences on {e.date}, the task allows k = {task.per_date}"
            )
        mask = keyword_mask(list(e.sentences), task.keywords)
        for s, ok in zip(e.sentences, mask, strict=True):
            if not ok:
                raise ProtocolError(
                    f"{where}: the sentence {s[:60]!r} on {e.date} has none of the keywords "
                    f"{', '.join(task.keywords)}"
                )


@dataclass(frozen=True, slots=True)
class TaskResult:
    task: Task
    articles: int  # articles in the window
    timeline: Timeline
    scores: TimelineScores

    def reported(self) -> dict[str, PRF]:
        return {name: _pick(self.scores, metric, measure) for name, (metric, measure) in REPORTED.items()}


def _pick(scores: TimelineScores, metric: str, measure: str | None) -> PRF:
    if measure is None:
        return scores.dates
    prf: PRF = getattr(scores.metric(metric), measure)
    return prf


def average(results: Sequence[TaskResult]) -> dict[str, PRF]:
    """Mean precision and mean recall over tasks of each reported score, then their F1."""
    out = {}
    for name, (metric, measure) in REPORTED.items():
        prfs = [_pick(r.scores, metric, measure) for r in results]
        if not prfs:
            out[name] = PRF(0.0, 0.0, 0.0)
            continue
        p = sum(x.precision for x in prfs) / len(prfs)
        r = sum(x.recall for x in prfs) / len(prfs)
        out[name] = PRF(p, r, f1(p, r))
    return out


@dataclass
class BenchResult:
    method: str
    results: list[TaskResult]
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    articles_read: int = 0
    warnings: list[str] = field(default_factory=list)

    def average(self) -> dict[str, PRF]:
        return average(self.results)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "tasks": [
                {
                    "topic": r.task.topic,
                    "task": r.task.id,
                    "l": r.task.num_dates,
                    "k": r.task.per_date,
                    "articles": r.articles,
                    "dates_returned": len(r.timeline),
                    "reported": {n: p.to_dict() for n, p in r.reported().items()},
                    "scores": r.scores.to_dict(),
                }
                for r in self.results
            ],
            "average": {n: p.to_dict() for n, p in self.average().items()},
            "seconds": dict(self.seconds),
            "articles_read": self.articles_read,
            "warnings": list(self.warnings),
        }


# --- annotation --------------------------------------------------------------------------


def annotator(needs: Needs) -> Callable[[Article], AnnotatedArticle]:
    """The annotate stage a method needs: sentences only, or sentences and timexes."""
    if needs is Needs.SENTENCES:
        return functools.partial(annotate, tagger=None)
    return annotate


# --- the run -----------------------------------------------------------------------------


def run(
    root: str | Path,
    method: str | None = None,
    *,
    topics: Sequence[str] | None = None,
    out_dir: str | Path | None = None,
    duplicates: Duplicates | str = Duplicates.LAST,
    progress: Callable[[TaskResult], None] | None = None,
) -> BenchResult:
    """Run ``method`` (a name in :mod:`dateline.tls.registry`) on every task of the
    Timeline17 root ``root`` and score it. ``out_dir``: write each predicted timeline as
    ``out_dir/<folder>/<reference file name>`` (tilse text format). ``progress`` is called
    after each task. Warnings of the readers and the scorer are collected, not shown."""
    info: MethodInfo = get(method)
    bench = BenchResult(method=info.name, results=[])
    clock = bench.seconds
    root = Path(root)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        tasks = load_tasks(root, topics, duplicates=duplicates)
        clock["read"] += time.perf_counter() - t0
        annotate_one = annotator(info.needs)
        by_topic: dict[str, list[Task]] = {}
        for task in tasks:
            by_topic.setdefault(task.topic, []).append(task)
        groups = timeline17.folders_by_topic(root)
        for topic, topic_tasks in by_topic.items():
            t0 = time.perf_counter()
            articles: dict[str, Article] = {}
            for folder in groups[topic]:
                for a in timeline17.read_articles(folder):
                    articles.setdefault(a.id, a)
            bench.articles_read += len(articles)
            clock["read"] += time.perf_counter() - t0

            t0 = time.perf_counter()
            first = min(t.window[0] for t in topic_tasks)
            last = max(t.window[1] for t in topic_tasks)
            annotated = [annotate_one(a) for a in articles.values() if first <= a.day <= last]
            clock["annotate"] += time.perf_counter() - t0

            for task in topic_tasks:
                t0 = time.perf_counter()
                task_in = task_input(task, annotated)
                timeline = info.func(task_in)
                clock["build"] += time.perf_counter() - t0
                check_output(task, timeline, info.name)

                t0 = time.perf_counter()
                scores = evaluate(timeline, task.reference)
                clock["score"] += time.perf_counter() - t0
                result = TaskResult(task, len(task_in.articles), timeline, scores)
                bench.results.append(result)
                if out_dir is not None:
                    _write(Path(out_dir), task, timeline)
                if progress is not None:
                    progress(result)
        bench.warnings = [str(w.message) for w in caught]
    return bench


def _write(out_dir: Path, task: Task, timeline: Timeline) -> None:
    target = out_dir / task.folder / task.reference_name
    target.parent.mkdir(parents=True, exist_ok=True)
    write(timeline, target, format="text")
