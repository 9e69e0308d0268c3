"""The entity-timeline benchmark: SemEval-2015 Task 4 development sets
(:mod:`dateline.evaluate.semeval`), each entity one task, scored with the TILSE metrics.

For each development set the corpus's articles are ingested into a store in memory
(annotated as ``dateline ingest`` does, entities recognised as ``dateline annotate
--entities`` does); then, for every entity, three systems build a timeline through the
same entry point as ``dateline timeline`` (:func:`dateline.tls.build`) with l and k from
the reference and no window:

- ``keywords name``: ``--keywords "<name>"``;
- ``keywords name,last``: ``--keywords "<name>,<last word of name>"``;
- ``entity``: ``--entity "<name>"``.

A timeline that cannot be built (no article matches, the name is unknown) is empty and
scores zero. Averages: mean precision and mean recall over the entities, then F1
(:func:`dateline.evaluate.protocol.average`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.errors import DatelineError
from dateline.evaluate import semeval
from dateline.evaluate.protocol import REPORTED, _pick
from dateline.evaluate.timeline import PRF, TimelineScores, evaluate, f1
from dateline.model import Timeline

__all__ = ["SYSTEMS", "EntityResult", "SetResult", "average", "run", "run_set"]

#: The systems compared, in the order they are reported.
SYSTEMS = ("keywords name", "keywords name,last", "entity")


@dataclass(frozen=True, slots=True)
class EntityResult:
    """One system on one entity: its timeline (empty when it could not be built, ``error``
    then says why), the scores, and the note of the entity look-up."""

    system: str
    task: semeval.EntityTask
    timeline: Timeline
    scores: TimelineScores
    error: str | None = None
    note: str | None = None

    def reported(self) -> dict[str, PRF]:
        return {name: _pick(self.scores, metric, measure) for name, (metric, measure) in REPORTED.items()}


@dataclass
class SetResult:
    """The results of a development set: per system, one result per entity in task order."""

    name: str
    articles: int
    results: dict[str, list[EntityResult]] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def empty(self, system: str) -> int:
        return sum(1 for r in self.results[system] if not r.timeline.entries)

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.name, "articles": self.articles, "skipped": list(self.skipped), "missing": list(self.missing),
            "systems": {
                system: {
                    "average": {n: p.to_dict() for n, p in average(rs).items()},
                    "empty": self.empty(system),
                    "entities": [{"name": r.task.name, "l": r.task.num_dates, "k": r.task.per_date,
                                  "dates_returned": len(r.timeline), "error": r.error, "note": r.note,
                                  "reported": {n: p.to_dict() for n, p in r.reported().items()}} for r in rs],
                }
                for system, rs in self.results.items()
            },
        }


def average(results: Sequence[EntityResult]) -> dict[str, PRF]:
    """Mean precision and mean recall over entities of each reported score, then their F1."""
    out = {}
    for name in REPORTED:
        prfs = [r.reported()[name] for r in results]
        p = sum(x.precision for x in prfs) / len(prfs) if prfs else 0.0
        r = sum(x.recall for x in prfs) / len(prfs) if prfs else 0.0
        out[name] = PRF(p, r, f1(p, r))
    return out


def _request(system: str, name: str) -> dict[str, Any]:
    if system == "keywords name":
        return {"keywords": [name]}
    if system == "keywords name,last":
        return {"keywords": list(dict.fromkeys([name, name.split()[-1]]))}
    return {"entity": name}


def run_set(root: str | Path, name: str, method: str | None = None,
            progress: Callable[[str], None] | None = None) -> SetResult:
    """Every system on every entity of the development set ``name``."""
    from dateline.annotate import ingest, recognise
    from dateline.store.sqlite import SqliteStore
    from dateline.tls import build

    dev = semeval.load(root, name)
    out = SetResult(name, len(dev.articles), skipped=dev.skipped, missing=dev.missing)
    with SqliteStore(":memory:") as store:
        report = ingest(store, list(dev.articles))
        if report.rejected:
            raise DatelineError(f"{name}: articles rejected: {report.rejected[:3]}")
        recognise(store)
        for system in SYSTEMS:
            rows = out.results.setdefault(system, [])
            for task in dev.tasks:
                error: str | None = None
                note: str | None = None
                try:
                    tl = build(store, dates=task.num_dates, per_date=task.per_date, method=method,
                               **_request(system, task.name))
                    found = tl.meta.get("entity_note")
                    note = found if isinstance(found, str) else None
                except DatelineError as exc:
                    tl, error = Timeline(entries=()), str(exc)
                rows.append(EntityResult(system, task, tl, evaluate(tl, task.reference), error, note))
                if progress is not None:
                    rep = rows[-1].reported()
                    progress(f"{name} {system} {task.name}: AR1-F {rep['AR1'].f1:.3f} Date-F {rep['Date'].f1:.3f}"
                             + (f" ({error})" if error else ""))
    return out


def run(root: str | Path, sets: Sequence[str] = tuple(semeval.DEV_SETS), method: str | None = None,
        progress: Callable[[str], None] | None = None) -> list[SetResult]:
    """:func:`run_set` on each of ``sets``."""
    return [run_set(root, s, method, progress) for s in sets]
