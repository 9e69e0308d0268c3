"""SemEval-2015 Task 4 (TimeLine) as dated-sentence entity timelines.

The task's gold timelines list, for a target entity, the events it takes part in, each with
its date and the token that names it (``DOCID-SENTENCEID-word``, the ``<s id>`` of the
TimeML file). dateline turns them into timelines of sentences, the form TILSE scores:

- **reference**: for each target entity, every gold event whose date is a day
  (``YYYY-MM-DD``) puts the sentence that holds it under that day; a sentence repeated
  under one day counts once; an entity with no day-dated event is left out;
- **input**: the corpus's articles: published on the DCT, titled by ``<EXTRAINFO>``, the
  body the sentences after the date line (``<s id>`` 2 onwards; the trial files number the
  date line 1, test corpus 1 numbers the title 0 and the date line 1), one per line;
- **task**: the entity's name as the first line of its gold file gives it, l = the number of
  reference dates, k = ``round`` of the mean number of sentences per reference date.

A development set is a folder of TimeML files and a folder of gold timelines
(:data:`DEV_SETS` names the two shipped ones). Reading is strict about layout: a file that
is not TimeML as the task ships it raises :class:`~dateline.errors.InputError` naming it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateline.errors import DatelineError, InputError
from dateline.model import Article, Timeline, TimelineEntry

__all__ = ["DEV_SETS", "DevSet", "EntityTask", "body_sentences", "load", "read_article", "read_gold"]

#: The development sets of the data set's folder: name → (articles folder, gold folder).
DEV_SETS: dict[str, tuple[str, str]] = {
    "trial": ("Corpus-trial-data_task4_TimeML", "TimeLines_trial_data_task4_v1.2"),
    "test1": ("test-corpus_1/corpus_trackA_TimeML", "test-corpus_1/TimeLines_Gold_Standard"),
}
#: The first ``<s id>`` of the body: 0 is the title (test corpora) and 1 the date line.
FIRST_BODY_SENTENCE = 2
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")
_EVENT = re.compile(r"(\d+)-(\d+)-(.+)$")


@dataclass(frozen=True, slots=True)
class EntityTask:
    """One target entity: its name, its file, and its reference timeline of sentences."""

    name: str
    file: str
    reference: Timeline

    @property
    def num_dates(self) -> int:
        return len(self.reference)

    @property
    def per_date(self) -> int:
        return round(sum(len(e.sentences) for e in self.reference.entries) / len(self.reference.entries))


@dataclass(frozen=True, slots=True)
class DevSet:
    """A development set: its articles and its entity tasks (those with a day-dated event);
    ``skipped``: the names of the entities left out (no day-dated event); ``missing``: the
    day-dated gold events in documents the corpus does not hold (``file: event``)."""

    name: str
    articles: tuple[Article, ...]
    tasks: tuple[EntityTask, ...]
    skipped: tuple[str, ...]
    missing: tuple[str, ...] = ()


def body_sentences(path: str | Path) -> tuple[int, str, str, date, dict[int, str]]:
    """``(doc id, title, date line, DCT, {sentence id: text})`` of a TimeML file of the task
    (every ``<s>``, tags inside removed)."""
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(str(p), None, f"not a readable TimeML file: {exc}") from None
    docid = (root.findtext("DOCID") or "").strip()
    dct = root.find("DCT/TIMEX3")
    value = dct.get("value", "") if dct is not None else ""
    if not docid.isdigit() or not _DAY.match(value):
        raise InputError(str(p), None, "expected <DOCID> digits and a <DCT><TIMEX3 value=YYYY-MM-DD>")
    sentences: dict[int, str] = {}
    for s in root.iter("s"):
        sid = s.get("id", "")
        if sid.isdigit():
            sentences[int(sid)] = " ".join("".join(s.itertext()).split())
    title = " ".join((root.findtext("EXTRAINFO") or "").split())
    return int(docid), title, sentences.get(1, ""), date.fromisoformat(value), sentences


def read_article(path: str | Path) -> tuple[Article, dict[int, str]]:
    """The article of a TimeML file and its sentences by ``<s id>``."""
    docid, title, _, dct, sentences = body_sentences(path)
    body = [sentences[i] for i in sorted(sentences) if i >= FIRST_BODY_SENTENCE and sentences[i]]
    if not body:
        raise InputError(str(path), None, "no body sentence (expected <s id> 2 onwards)")
    article = Article.create(published=dct, title=title, text="\n".join(body), origin=str(path),
                             outlet="Wikinews", topics=(f"semeval-{docid}",))
    return article, sentences


def read_gold(path: str | Path, sentences: dict[int, dict[int, str]]) -> tuple[str, Timeline, list[str]]:
    """The entity name, the reference timeline of a gold file, given every document's
    sentences by id (``sentences[docid][sid]``), and the day-dated events whose document the
    corpus does not hold (left out)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(p), None, f"cannot read the gold timeline: {exc}") from None
    if not lines or not lines[0].strip():
        raise InputError(str(p), 1, "expected the entity's name on the first line")
    name = lines[0].strip()
    by_day: dict[date, list[str]] = {}
    missing: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 3:
            if line.strip():
                raise InputError(str(p), number, "expected ORDER<TAB>DATE<TAB>DOCID-SENTENCEID-WORD ...")
            continue
        if not _DAY.match(fields[1]):
            continue
        try:
            day = date.fromisoformat(fields[1])
        except ValueError:
            continue
        for event in fields[2:]:
            m = _EVENT.match(event.strip())
            if m is None:
                raise InputError(str(p), number, f"expected DOCID-SENTENCEID-WORD, got {event!r}")
            text = sentences.get(int(m[1]), {}).get(int(m[2]))
            if text is None:  # the gold files name a few documents the corpus does not hold
                missing.append(event.strip())
                continue
            kept = by_day.setdefault(day, [])
            if text not in kept:
                kept.append(text)
    entries = [TimelineEntry(date=d, sentences=tuple(s)) for d, s in sorted(by_day.items())]
    return name, Timeline(entries=tuple(entries), name=name), missing


def load(root: str | Path, name: str) -> DevSet:
    """The development set ``name`` (a key of :data:`DEV_SETS`) of the data set at ``root``."""
    if name not in DEV_SETS:
        raise DatelineError(f"unknown development set {name!r}: expected one of {', '.join(DEV_SETS)}")
    docs_dir, gold_dir = (Path(root) / part for part in DEV_SETS[name])
    if not docs_dir.is_dir() or not gold_dir.is_dir():
        raise DatelineError(f"{root}: expected the folders {DEV_SETS[name][0]} and {DEV_SETS[name][1]}")
    articles: list[Article] = []
    sentences: dict[int, dict[int, str]] = {}
    for path in sorted(docs_dir.glob("*.tml")):
        article, sents = read_article(path)
        articles.append(article)
        docid = body_sentences(path)[0]
        sentences[docid] = sents
    tasks: list[EntityTask] = []
    skipped: list[str] = []
    missing: list[str] = []
    for path in sorted(gold_dir.glob("*.txt")):
        entity, reference, lost = read_gold(path, sentences)
        missing.extend(f"{path.name}: {e}" for e in lost)
        if reference.entries:
            tasks.append(EntityTask(entity, path.name, reference))
        else:
            skipped.append(entity)
    if not tasks:
        raise DatelineError(f"{gold_dir}: no gold timeline with a day-dated event")
    return DevSet(name, tuple(articles), tuple(tasks), tuple(skipped), tuple(missing))
