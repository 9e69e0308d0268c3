"""The temporal tagger as the annotate stage sees it: a function and its version."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, final, overload

from dateline.model import Timex

__all__ = ["DEFAULT", "Default", "Tagger", "default_tagger", "resolve"]


@dataclass(frozen=True, slots=True)
class Tagger:
    """A temporal tagger and its version (stored with the timexes it produced, so the
    store knows what to re-tag when the tagger changes).

    ``tag`` should be a module-level function (``dateline.timex.tag`` is) so that a
    Tagger can be sent to worker processes."""

    tag: Callable[[str, date | datetime], list[Timex]]
    version: str


@final
class Default:
    """The type of :data:`DEFAULT`."""

    def __repr__(self) -> str:
        return "DEFAULT"


#: "Use :func:`default_tagger`": the default of every ``tagger`` argument, where None
#: means "do not tag".
DEFAULT: Final = Default()


def default_tagger() -> Tagger:
    """``dateline.timex`` as a :class:`Tagger` (imported on first use: it compiles its grammar)."""
    from dateline import timex

    return Tagger(tag=timex.tag, version=timex.TAGGER_VERSION)


@overload
def resolve(tagger: Tagger | Default) -> Tagger: ...
@overload
def resolve(tagger: Tagger | Default | None) -> Tagger | None: ...
def resolve(tagger: Tagger | Default | None) -> Tagger | None:
    """``tagger``, with :data:`DEFAULT` replaced by :func:`default_tagger`."""
    return default_tagger() if isinstance(tagger, Default) else tagger
