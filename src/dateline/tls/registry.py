"""Timeline methods by name: what ``dateline bench t17 --method NAME`` (and anything else
that picks a method by name) resolves through.

**The contract a method implements**::

    method(task: dateline.tls.api.TaskInput) -> dateline.model.Timeline

``TaskInput`` (defined by the timeline engine in :mod:`dateline.tls.api`) carries

- ``articles``: the :class:`~dateline.model.AnnotatedArticle` of the task, already
  restricted to the window, in publication order (ties: as the reader gave them). Every
  article has its sentences; its timexes too when the method is registered with
  ``needs="timexes"`` (with ``needs="sentences"`` the timex lists may be empty, which saves
  the tagger's time);
- ``keywords``: a summary sentence must contain one of them (lower-cased substring match,
  :func:`dateline.tls.corpus.keyword_mask`); empty means no filter;
- ``dates`` (l) and ``per_date`` (k): at most l entries, at most k sentences each;
- ``window``: (first day, last day), inclusive; every entry date must lie inside it;
- ``query`` (free text, informational), ``granularity`` (entry granularity), ``name`` (for
  the returned timeline) and ``options`` (method-specific, for ablations).

It returns a :class:`~dateline.model.Timeline` whose every sentence has a
:class:`~dateline.model.Provenance` (article id, sentence index, character span, and the
article's origin/url/outlet/title when known), so each line can be traced to its source.
A method must be deterministic, must not print, and must not read anything but its input;
it may return fewer than l dates (or none) when the input has nothing to say. The
Timeline17 protocol (:mod:`dateline.evaluate.protocol`) checks l, k, the keywords and the
window on every returned timeline and refuses to score one that breaks them.

**Where methods live.** The timeline engine's methods are in
:data:`dateline.tls.methods.METHODS` (``dateline``, ``datewise``, ``datewise-mentions``;
its default is :data:`dateline.tls.methods.DEFAULT_METHOD`); this module adds the
evaluation baseline (:mod:`dateline.tls.baseline`, ``baseline``) and records for every
method how much annotation it needs. Names are looked up here first, then in the engine's
table, so there is one name → method mapping for users.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from dateline.errors import DatelineError

if TYPE_CHECKING:
    from dateline.model import Timeline
    from dateline.tls.api import TaskInput

__all__ = ["MethodInfo", "Needs", "default_name", "get", "names", "register"]

#: How much annotation a method needs: sentences only, or sentences and timexes.
Needs = Literal["sentences", "timexes"]
Method = Callable[["TaskInput"], "Timeline"]


@dataclass(frozen=True, slots=True)
class MethodInfo:
    name: str
    func: Method
    needs: Needs
    description: str


_OWN: dict[str, MethodInfo] = {}
_BUILTIN_MODULES = ("dateline.tls.baseline",)  # imported on first lookup; they register()


def register(name: str, func: Method, *, needs: Needs, description: str) -> Method:
    """Add a method under ``name`` (an engine method of the same name is shadowed)."""
    if needs not in ("sentences", "timexes"):
        raise ValueError(f"needs must be 'sentences' or 'timexes', not {needs!r}")
    _OWN[name] = MethodInfo(name, func, needs, description)
    return func


def _load() -> None:
    import importlib

    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


def _engine() -> dict[str, Method]:
    from dateline.tls.methods import METHODS

    return METHODS


def names() -> list[str]:
    """Every method name, the registered ones first."""
    _load()
    return list(dict.fromkeys([*_OWN, *_engine()]))


def default_name() -> str:
    """The engine's default method."""
    from dateline.tls.methods import DEFAULT_METHOD

    return DEFAULT_METHOD


def get(name: str | None = None) -> MethodInfo:
    """The method called ``name`` (None: :func:`default_name`); DatelineError listing the
    available names when there is none."""
    _load()
    key = name or default_name()
    if key in _OWN:
        return _OWN[key]
    engine = _engine()
    if key in engine:
        func = engine[key]
        doc = (func.__doc__ or "").strip().split("\n")[0]
        return MethodInfo(key, func, "timexes", doc)
    raise DatelineError(f"unknown timeline method {key!r}: expected one of {', '.join(names())}")
