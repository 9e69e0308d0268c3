"""Where the public benchmark data sets are, in one place for the CLI, the tests and the
benchmark scripts.

The data sets are not part of the repository (``docs/data.md`` says where each comes from,
under which terms, and the layout dateline expects). They are looked for in the folder named
by ``$DATELINE_SHARED_DATA``, else in ``../shared/data`` next to a given folder (the current
one by default): ``timeline17/``, ``tempeval3/``, ``semeval2015-task4/``,
``article-extraction/``, ``sdf-tls-outputs/``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DATA_DOC", "ENV", "data_root", "dataset", "missing_message"]

#: The environment variable naming the folder that holds the data sets.
ENV = "DATELINE_SHARED_DATA"
#: The documentation page that says where each data set comes from.
DATA_DOC = "docs/data.md"


def data_root(near: str | Path | None = None) -> Path:
    """``$DATELINE_SHARED_DATA``, else ``../shared/data`` next to ``near`` (default: the
    current folder)."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    if near is None:
        return Path("..", "shared", "data")
    return Path(near).resolve().parent / "shared" / "data"


def dataset(name: str, near: str | Path | None = None) -> Path:
    """The folder of data set ``name`` (``timeline17``, ``tempeval3``, ...)."""
    return data_root(near) / name


def missing_message(what: str, path: str | Path, how: str = f"${ENV}") -> str:
    """The message for a data set that is not at ``path``: what is missing, where it was
    looked for, and the page that says how to get it."""
    return (f"{what} not found at {path}: {DATA_DOC} says where to get it and how to point "
            f"dateline at it ({how})")
