"""The contract between a timeline method and whatever calls it.

**A method** is a function::

    method(task: TaskInput) -> dateline.model.Timeline

registered by name in :mod:`dateline.tls.registry`. :class:`TaskInput` carries

- ``articles``: the :class:`~dateline.model.AnnotatedArticle` of the task, already
  restricted to the window, in publication order (ties: as the reader gave them). Every
  article has its sentences; its timexes too when the method is registered with
  ``needs=Needs.TIMEXES`` (with ``Needs.SENTENCES`` the timex lists may be empty, which
  saves the tagger's time);
- ``keywords``: a summary sentence must contain one of them (lower-cased substring match,
  :func:`dateline.tls.corpus.keyword_mask`); empty means no filter;
- ``subject``: when set, the sentences that mention the timeline's subject (an entity):
  article id → the indices of those sentences; a summary sentence must be one of them (as
  well as contain a keyword, when there are keywords). None: no such filter;
- ``dates`` (l) and ``per_date`` (k): at most l entries, at most k sentences each;
- ``window``: (first day, last day), inclusive; every entry date must lie inside it;
- ``query`` (free text, informational), ``granularity`` (entry granularity), ``name`` (for
  the returned timeline) and ``options`` (method-specific, for ablations);
- ``held_out``: a benchmark topic the method must treat as unseen. A method with trained
  parts (weights, settings chosen on data) then uses those trained without that topic.
  Only a benchmark protocol sets it (:mod:`dateline.evaluate.protocol` passes the task's
  topic, for leave-one-topic-out); ``None``, what ``dateline timeline``, the web app and
  the API pass, means the parts trained on everything. A method never infers it from the
  articles' topic tags: the same articles under any tag give the same timeline.

It returns a :class:`~dateline.model.Timeline` whose every sentence has a
:class:`~dateline.model.Provenance` (article id, sentence index, character span, and the
article's origin/url/outlet/title when known), so each line can be traced to its source.
A method must be deterministic, must not print, and must not read anything but its input
(and its shipped weights); it may return fewer than l dates (or none) when the input has
nothing to say. The Timeline17 protocol checks l, k, the keywords and the window on every
returned timeline and refuses to score one that breaks them.

This module is small and imports nothing heavy: the registry, the CLI and the web app read
it without loading numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from dateline.errors import DatelineError
from dateline.model import AnnotatedArticle, Granularity, Timeline

__all__ = ["Method", "Needs", "TaskInput", "TimelineError"]


class TimelineError(DatelineError):
    """A timeline cannot be built from this input (the message says why)."""


class Needs(StrEnum):
    """How much annotation a method needs."""

    SENTENCES = "sentences"  # sentences only (the tagger is not run)
    TIMEXES = "timexes"  # sentences and their time expressions


@dataclass(frozen=True)
class TaskInput:
    """What a timeline method receives (see the module docstring)."""

    articles: Sequence[AnnotatedArticle]
    keywords: tuple[str, ...]
    dates: int
    per_date: int
    window: tuple[date, date]
    query: str | None = None
    granularity: Granularity = Granularity.DAY
    name: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    held_out: str | None = None
    subject: Mapping[str, frozenset[int]] | None = None


Method = Callable[[TaskInput], Timeline]
