"""The ingest pipeline that ``dateline ingest`` and the web app's upload share: what the
readers produced (articles, and an :class:`~dateline.errors.InputError` per bad file or
record) goes through the annotate stage into the store, and one report comes out::

    from dateline.ingest import ingest
    from dateline.readers import scan

    result = ingest(store, scan(["data/sample/articles"]))
    result.to_dict()   # {"added": 55, "present": 0, "rejected": [], "ids": [...]}

``to_dict()`` is exactly the object ``dateline ingest --json`` prints. A bad file never
stops the batch: it is listed in ``rejected`` with its path, line and reason, and so is an
article the annotate stage failed on (not stored). Warnings the readers issued
(:class:`~dateline.errors.InputWarning`: repaired input) are collected in ``warnings``.

Not thread-safe: warnings are collected with :func:`warnings.catch_warnings`, which
changes process-wide state, so callers that ingest from several threads take turns.
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateline.annotate import DEFAULT, Tagger
from dateline.errors import InputError, InputWarning
from dateline.model import Article
from dateline.store import BATCH_SIZE

if TYPE_CHECKING:
    from dateline.store import Store

__all__ = ["IngestResult", "ingest"]


@dataclass(slots=True)
class IngestResult:
    """``added``/``present``: numbers of articles; ``rejected``: ``{"path", "line",
    "reason"}`` per bad file, record or article; ``ids``: the ids of every article read and
    stored or already present, in reading order; ``warnings``: the readers' warnings."""

    added: int = 0
    present: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The ``dateline ingest --json`` report."""
        return {"added": self.added, "present": self.present, "rejected": self.rejected, "ids": self.ids}


def ingest(
    store: Store,
    items: Iterable[Article | InputError],
    *,
    tagger: Tagger | None | object = DEFAULT,
    batch_size: int = BATCH_SIZE,
) -> IngestResult:
    """Store the articles of ``items`` (annotated with ``tagger``: the default tagger unless
    given; None: no temporal tagging) and report every InputError among them."""
    result = IngestResult()
    if tagger is DEFAULT:
        from dateline.annotate import default_tagger

        tagger = default_tagger()

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                result.rejected.append({"path": item.path, "line": item.line, "reason": item.reason})
            else:
                result.ids.append(item.id)
                yield item

    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always", InputWarning)
        report = store.ingest(articles(), tagger=tagger, batch_size=batch_size)
    failed = {article_id for article_id, _, _ in report.failed}
    result.rejected.extend({"path": origin, "line": None, "reason": reason} for _, origin, reason in report.failed)
    result.ids = [i for i in result.ids if i not in failed]
    result.added, result.present = len(report.added), len(report.present)
    result.warnings = [str(w.message) for w in caught if isinstance(w.message, InputWarning)]
    return result
