"""Finding the entity a person means by a name (``dateline timeline --entity NAME``).

In this order, the first that finds something wins:

1. ``#ID``: the entity with that id (as ``dateline entities`` lists them);
2. the entities whose canonical name is the name (case, periods, hyphens and spacing
   ignored: :func:`dateline.entities.names.key`); several (the model typed the same name
   differently in different articles) are taken together;
3. the entities that have the name as an alias ("de Blasio", "EADS"); then 2 and 3 again
   with a person's titles ("Mayor de Blasio") or an organisation's suffix ("Apple Inc.")
   stripped;
4. a misspelling: the one entity whose name or alias is at least :data:`TYPO` similar
   (difflib ratio of the keys) when no other comes within 0.05 of it;
5. the name itself, when the articles use it as a whole name
   (:func:`dateline.entities.select.alias_spans`: same capitals, not inside a longer name)
   though the recogniser never took it for one ("iPhone 3G"): its occurrences are the
   mentions (:attr:`Match.literal`);
6. a product's designation ("Boeing 777" → "777": :func:`dateline.entities.names.product_aliases`)
   when the articles use it as a name, the same way;
7. a longer name: the longest entity name contained, word for word, in the name
   ("Beatles Apple Corps" → "Apple Corps"), when one is longest.

Steps 4 to 7 say what they took (:attr:`Match.note`). Nothing found: a
:class:`~dateline.errors.DatelineError` listing the closest names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.entities.names import clean, close_names, key, product_aliases
from dateline.errors import DatelineError

if TYPE_CHECKING:
    from dateline.store.base import EntityInfo, Store

__all__ = ["TYPO", "Match", "find"]

#: Similarity of keys (difflib ratio) above which a name is taken for a misspelling of another.
TYPO = 0.9


@dataclass(frozen=True, slots=True)
class Match:
    """The entities a name stands for, and a note when it was not an exact name or alias."""

    entities: tuple[EntityInfo, ...]
    note: str | None = None
    literal: str | None = None  # no entity: the name as written, its occurrences the mentions

    @property
    def ids(self) -> list[int]:
        return [e.id for e in self.entities]

    @property
    def name(self) -> str:
        return self.literal if self.literal is not None else self.entities[0].name


def find(store: Store, name: str) -> Match:
    """The entities ``name`` stands for in ``store`` (module docstring)."""
    wanted = " ".join(name.split())
    if not wanted:
        raise DatelineError("--entity: the name is empty (expected a name such as \"Bill de Blasio\", or #ID)")
    if wanted.startswith("#") and wanted[1:].isdigit():
        info = store.entity(int(wanted[1:]))
        if info is None:
            raise DatelineError(f"no entity has the id {wanted[1:]} (dateline entities lists them)")
        return Match((info,))
    found = store.entities_named(wanted)
    for label in ("PERSON", "ORG"):  # "Mayor de Blasio", "Apple Inc.": titles and suffixes stripped
        if found:
            break
        bare = clean(wanted, label)
        if bare and bare != wanted:
            found = store.entities_named(bare)
    if found:
        return Match(tuple(found))
    names = store.entity_names()
    if not names:
        raise DatelineError("the store has no entities yet: run dateline annotate --entities first "
                            "(needs the entities extra)")
    k = key(wanted)
    ratios: dict[int, float] = {}
    for alias, entity in names:
        r = difflib.SequenceMatcher(None, k, key(alias)).ratio()
        if r > ratios.get(entity, 0.0):
            ratios[entity] = r
    ranked = sorted(ratios.items(), key=lambda t: -t[1])
    if ranked and ranked[0][1] >= TYPO and (len(ranked) == 1 or ranked[1][1] < ranked[0][1] - 0.05):
        info = store.entity(ranked[0][0])
        if info is not None:
            return Match((info,), f"no entity is named {wanted!r}; taking {info.name!r} ({info.type}), "
                                  "the one name that close")
    if _used_as_name(store, wanted):
        return Match((), f"no entity is named {wanted!r}; taking the articles that use it as a name",
                     literal=wanted)
    short = [a for a in product_aliases(wanted) if _used_as_name(store, a)]
    if short:
        return Match((), f"no entity is named {wanted!r}; taking the articles that name it "
                         f"{', '.join(repr(a) for a in short)} (a product's designation)", literal=wanted)
    words = k.split()
    inside: dict[int, int] = {}
    for alias, entity in names:
        a = key(alias).split()
        n = len(a)
        if 0 < n < len(words) and any(words[i:i + n] == a for i in range(len(words) - n + 1)):
            inside[entity] = max(inside.get(entity, 0), n)
    if inside:
        longest = max(inside.values())
        best = [e for e, n in inside.items() if n == longest]
        if len(best) == 1:
            info = store.entity(best[0])
            if info is not None:
                return Match((info,), f"no entity is named {wanted!r}; taking {info.name!r} ({info.type}), "
                                      "the longest entity name inside it")
    close = close_names(wanted, [alias for alias, _ in names])
    hint = f"; the closest names: {', '.join(close)}" if close else ""
    raise DatelineError(f"no entity is named {wanted!r}{hint} (dateline entities lists them)")


def _used_as_name(store: Store, name: str) -> bool:
    from dateline.entities.select import alias_spans, usable_aliases

    if not usable_aliases([name]):
        return False
    for ann in store.documents(keywords=[name]):
        text = ann.article.text
        if alias_spans(text, 0, len(text), [name]):
            return True
    return False
