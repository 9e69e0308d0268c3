"""Where the annotation of a batch runs: the seam between the pipeline and its workers.

The pipeline (:mod:`dateline.annotate.pipeline`) cuts its input into batches, hands each
batch to an :class:`Executor` with the function that annotates a batch, and writes the
annotated batches to the store itself, one transaction each, in input order. An executor
only decides where and when ``fn(batch)`` runs:

- :class:`InProcess` (the default) runs it in the calling process when the pipeline asks
  for the next result, so reading, annotating and writing take turns;
- an executor over a cluster (Dask's ``Client.submit`` for example) would send ``fn`` and
  the batch to worker processes, keep a bounded number of batches in flight and yield the
  results in input order; ``fn`` and the batches are picklable for that reason (module-level
  functions and frozen dataclasses of model objects).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

__all__ = ["Executor", "InProcess"]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs a function over batches and gives the results back in input order."""

    def map(self, fn: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        """``fn(batch)`` for every batch, in the order of ``batches``. An executor may run
        ahead of its consumer (annotate batch 2 while batch 1 is written): what a batch
        learnt from the store when it was formed may be out of date when it is written,
        which the store's writes allow for."""
        ...


class InProcess:
    """Runs every batch in this process, one at a time, when its result is asked for."""

    def map(self, fn: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        return map(fn, batches)
