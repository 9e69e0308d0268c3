"""The pipelines that ``dateline ingest``, ``dateline retag``, the demo and the web app's
upload share: read → annotate → write, in batches.

:func:`ingest`: what the readers produced (articles, and an
:class:`~dateline.errors.InputError` per bad file or record) is cut into batches; the
articles of a batch that are not stored yet are annotated (:func:`annotate_batch`), and
the batch is written to the store in one transaction. One report comes out::

    from dateline.annotate import ingest
    from dateline.readers import scan
    from dateline.store import open_store

    with open_store("dateline.db") as store:
        result = ingest(store, scan(["data/sample/articles"]))
    result.to_dict()   # {"added": 60, "present": 0, "rejected": [], "ids": [...], "joined": 1, "stories": "on"}

``to_dict()`` is exactly the object ``dateline ingest --json`` prints. A bad file never
stops the batch: it is listed in ``rejected`` with its path, line and reason, and so is an
article the annotate stage failed on (not stored). Warnings the readers issued
(:class:`~dateline.errors.InputWarning`: repaired input) are collected in ``warnings``.

Every article is checked against :class:`~dateline.limits.Limits` before it is annotated
(size, publication date, topic tags, text that can be stored), whatever produced it: the
readers check too (naming the line), this check keeps the promise for any other source.
The size limit is what keeps annotation bounded: tagging and sentence splitting are linear
in an article's size (``python -m bench.article_size``). An origin or a rejected path that
is not valid text (a file name that is not UTF-8) is kept with backslash escapes.

:func:`retag`: the articles whose timexes are missing or from another tagger version are
read from the store in batches, tagged again (:func:`retag_batch`; sentences are kept) and
their timexes replaced, one transaction per batch.

Near-duplicates (:mod:`dateline.annotate.stories`): when datasketch is installed, the
annotate step also computes each new article's MinHash signature, and the writer puts each
article in a story (:class:`~dateline.annotate.stories.StoryIndex`, in input order) before
the batch is written. :func:`group_stories` does the same for stored articles that have no
story yet.

Annotation runs through an :class:`~dateline.annotate.executor.Executor` (in this process
by default); writing always happens here, in input order.

Not thread-safe: warnings are collected with :func:`warnings.catch_warnings`, which
changes process-wide state, so callers that ingest from several threads take turns.
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from dateline.annotate import stories as _stories
from dateline.annotate import wire as _wire
from dateline.annotate.article import annotate_record, retag_record
from dateline.annotate.executor import Executor, InProcess
from dateline.annotate.tagger import DEFAULT, Default, Tagger, resolve
from dateline.errors import InputError, InputWarning
from dateline.limits import DEFAULT_LIMITS, Limits, storable
from dateline.model import Article, ArticleRecord

if TYPE_CHECKING:
    from dateline.annotate.stories import StoryIndex
    from dateline.store import Store

__all__ = [
    "BATCH_SIZE",
    "ENTITY_BATCH_SIZE",
    "RETAG_BATCH_SIZE",
    "AnnotatedBatch",
    "Failure",
    "IngestBatch",
    "IngestResult",
    "annotate_batch",
    "group_stories",
    "ingest",
    "recognise",
    "retag",
    "retag_batch",
]

#: Articles per ingest batch, hence per write transaction. Larger batches make fewer,
#: larger full-text segments in SQLite (less FTS5 merging). `dateline ingest --no-tag`, CPU
#: time, Timeline17 and the synthetic 10x corpus: 200 → 500 saved ~8% for ~10 MB more peak
#: memory (1000: ~12% for ~23 MB). A killed ingest loses at most the batch in flight (a
#: re-run adds it).
BATCH_SIZE = 500
#: Articles per re-tag batch (transaction).
RETAG_BATCH_SIZE = 200
#: Articles per entity-recognition batch (transaction); the model reads a batch's sentences together.
ENTITY_BATCH_SIZE = 100

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Failure:
    """An article the annotate stage failed on (it is not written)."""

    article_id: str
    origin: str | None
    error: Exception

    @property
    def reason(self) -> str:
        return f"annotation failed: {type(self.error).__name__}: {self.error}"


@dataclass(frozen=True, slots=True)
class IngestBatch:
    """Articles in reading order, and the ids among them that the store held when the
    batch was formed (those are not annotated again)."""

    articles: list[Article]
    known: frozenset[str]


@dataclass(frozen=True, slots=True)
class AnnotatedBatch:
    """What annotating a batch gave: the records to write (in order), the articles that
    were already stored or came earlier in the same batch (their topic tags are added),
    and the failures."""

    records: list[ArticleRecord]
    present: list[Article] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled in columns (dateline.annotate.wire): a worker sends every batch back this
        # way, and the client unpickles them all.
        return (_unpack_batch, (_wire.pack(self.records), self.present, self.failed))


def _unpack_batch(packed: _wire.Packed, present: list[Article], failed: list[Failure]) -> AnnotatedBatch:
    return AnnotatedBatch(_wire.unpack(packed), present, failed)


def annotate_batch(batch: IngestBatch, tagger: Tagger | None, signatures: bool = False) -> AnnotatedBatch:
    """Annotate every article of ``batch`` that is new (not known to the store, not seen
    earlier in the batch), with its MinHash signature when ``signatures``; an exception on
    one article is a :class:`Failure`, and a later copy of that article in the batch is
    tried again."""
    records: list[ArticleRecord] = []
    present: list[Article] = []
    failed: list[Failure] = []
    seen: set[str] = set()
    for article in batch.articles:
        if article.id in batch.known or article.id in seen:
            present.append(article)
            continue
        seen.add(article.id)
        try:
            record = annotate_record(article, tagger)
            if signatures:
                record = _stories.signed(record)
            records.append(record)
        except Exception as exc:  # a tagger bug must not lose the rest of the batch
            seen.discard(article.id)
            failed.append(Failure(article.id, article.origin, exc))
    return AnnotatedBatch(records, present, failed)


def retag_batch(batch: list[ArticleRecord], tagger: Tagger) -> AnnotatedBatch:
    """Tag every record of ``batch`` again (sentences kept); an exception is a :class:`Failure`."""
    records: list[ArticleRecord] = []
    failed: list[Failure] = []
    for record in batch:
        try:
            records.append(retag_record(record, tagger))
        except Exception as exc:  # a tagger bug must not stop the rest
            failed.append(Failure(record.article.id, record.article.origin, exc))
    return AnnotatedBatch(records, failed=failed)


@dataclass(slots=True)
class IngestResult:
    """``added``/``present``: numbers of articles; ``rejected``: ``{"path", "line",
    "reason"}`` per bad file, record or article; ``ids``: the ids of every article read and
    stored or already present, in reading order; ``warnings``: the readers' warnings;
    ``joined``: how many of the added articles joined the story of an article stored
    before them (near-duplicates); ``stories``: None when stories were detected, else why
    not."""

    added: int = 0
    present: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    joined: int = 0
    stories: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``dateline ingest --json`` report."""
        return {"added": self.added, "present": self.present, "rejected": self.rejected, "ids": self.ids,
                "joined": self.joined, "stories": "on" if self.stories is None else "off"}


def ingest(
    store: Store,
    items: Iterable[Article | InputError],
    *,
    tagger: Tagger | Default | None = DEFAULT,
    batch_size: int = BATCH_SIZE,
    executor: Executor | None = None,
    stories: StoryIndex | bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> IngestResult:
    """Store the articles of ``items``, annotated (sentences, and timexes by ``tagger``:
    the default tagger unless given; None: no temporal tagging), ``batch_size`` articles per
    transaction; report every InputError among them, and every article outside ``limits``.
    An article already stored adds nothing but topic tags it did not have (re-running an
    ingest adds what is missing).

    ``stories``: put each new article in a story (near-duplicates) with a new
    :class:`~dateline.annotate.stories.StoryIndex` at the default threshold (True, when
    datasketch is installed; ``result.stories`` says why not otherwise), with the index
    given (keep one across ingests into the same store), or not at all (False)."""
    result = IngestResult()
    index: StoryIndex | None = None
    if stories is True:
        if _stories.available():
            index = _stories.StoryIndex()
        else:
            result.stories = _stories.unavailable_reason()
    elif stories is False:
        result.stories = "near-duplicate stories are off"
    else:
        index = stories
    task = partial(annotate_batch, tagger=resolve(tagger), signatures=index is not None)
    failures: list[Failure] = []

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                result.rejected.append({"path": _safe_text(item.path), "line": item.line,
                                        "reason": _safe_text(item.reason)})
                continue
            if item.origin is not None and _safe_text(item.origin) != item.origin:
                item = replace(item, origin=_safe_text(item.origin))
            problem = limits.article_problem(item)
            if problem is not None:
                title = f", {storable(item.title[:60])!r}" if item.title else ""
                result.rejected.append({"path": item.origin or "<input>", "line": None,
                                        "reason": f"{problem} (article {item.id}{title})"})
                continue
            result.ids.append(item.id)
            yield item

    def batches() -> Iterator[IngestBatch]:
        for chunk in _chunks(articles(), batch_size):
            yield IngestBatch(chunk, frozenset(store.known(list(dict.fromkeys(a.id for a in chunk)))))
            del chunk  # not kept while the next batch is read

    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always", InputWarning)
        for done in (executor or InProcess()).map(task, batches()):
            records = done.records
            if index is not None and records:
                records = index.assign(store, records)
                result.joined += sum(1 for r in records if r.story != r.article.id)
            written = store.write(records, done.present)
            result.added += len(written.added)
            result.present += len(written.present)
            failures.extend(done.failed)
            del done  # written: not kept while the next batch is read and annotated
    failed = {f.article_id for f in failures}
    result.rejected.extend({"path": f.origin, "line": None, "reason": f.reason} for f in failures)
    result.ids = [i for i in result.ids if i not in failed]
    result.warnings = [storable(str(w.message)) for w in caught if isinstance(w.message, InputWarning)]
    return result


def retag(
    store: Store,
    tagger: Tagger | Default = DEFAULT,
    *,
    force: bool = False,
    batch_size: int = RETAG_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
    executor: Executor | None = None,
) -> int:
    """Tag again every stored article whose timexes are missing or from another tagger
    version (every article with ``force``), ``batch_size`` articles per transaction.
    Sentences are kept; returns the number of articles re-tagged. ``progress(n)`` is called
    after each batch with the number of articles it handled. An article the tagger fails on
    keeps its old timexes (and stays due); ``on_error(id, exception)`` hears of it."""
    chosen = resolve(tagger)
    task = partial(retag_batch, tagger=chosen)
    done = 0
    for out in (executor or InProcess()).map(task, store.stale(chosen.version, force=force, batch_size=batch_size)):
        if on_error is not None:
            for failure in out.failed:
                on_error(failure.article_id, failure.error)
        if out.records:
            store.replace_timexes(out.records)
            done += len(out.records)
        if progress is not None:
            progress(len(out.records) + len(out.failed))
        del out  # written: not kept while the next batch is read and tagged
    return done


def recognise(
    store: Store,
    *,
    force: bool = False,
    batch_size: int = ENTITY_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
    executor: Executor | None = None,
) -> int:
    """Recognise the named entities of every stored article that has none yet, or has them
    from another recogniser version (every article with ``force``), ``batch_size`` articles
    per transaction; return the number of articles done. Resumable: each batch is committed
    with its articles marked done, so a run that is stopped goes on where it was.
    ``progress(n)`` is called after each batch with its number of articles; an article the
    recogniser fails on keeps what it had (and stays due), ``on_error(id, exception)`` hears
    of it. Needs the ``entities`` extra
    (:class:`~dateline.entities.recognise.EntitiesUnavailable` otherwise)."""
    from dateline.annotate.entities import recognise_batch
    from dateline.entities import recognise as ner

    version = ner.version()
    done = 0
    for out in (executor or InProcess()).map(recognise_batch,
                                             store.unrecognised(version, batch_size=batch_size, force=force)):
        if on_error is not None:
            for failure in out.failed:
                on_error(failure.article_id, failure.error)
        if out.records:
            store.write_entities(out.records)
            done += len(out.records)
        if progress is not None:
            progress(len(out.records) + len(out.failed))
        del out
    return done


def group_stories(
    store: Store,
    index: StoryIndex | None = None,
    *,
    batch_size: int = RETAG_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> tuple[int, int]:
    """Put every stored article that has no story yet (ingested without story detection)
    in one, ``batch_size`` articles per transaction, in ingest order; return the number of
    articles grouped and how many of them joined another article's story. ``index``: the
    index to use (default: a new one at the default threshold). Needs datasketch."""
    if index is None:
        index = _stories.StoryIndex()
    done = joined = 0
    for records in (executor or InProcess()).map(_stories.with_signatures, store.ungrouped(batch_size)):
        assigned = index.assign(store, records)
        store.set_stories(assigned)
        done += len(assigned)
        joined += sum(1 for r in assigned if r.story != r.article.id)
        if progress is not None:
            progress(len(assigned))
    return done, joined


def _safe_text(text: str | None) -> Any:
    return None if text is None else storable(text)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk
        del chunk  # not kept while the next chunk is read
