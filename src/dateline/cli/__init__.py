"""The one command-line entry point: ``dateline ...``.

This package and :mod:`dateline.web` are the only places that talk to a person. Every
command that reads or writes the store takes ``--db FILE|URL`` (a SQLite file or a PostgreSQL URL; default ``$DATELINE_DB`` or
``./dateline.db``). Library errors (:class:`dateline.errors.DatelineError`) become one
``error: ...`` line and exit code 1, never a traceback.

One module per group of commands, each registering its commands on :data:`main`
(:mod:`~dateline.cli.base`); heavy modules are imported inside the command functions so
``dateline --help`` stays fast.

- :mod:`~dateline.cli.articles`: ``ingest``, ``articles``, ``show``, ``search``, ``retag``
- :mod:`~dateline.cli.demo`: ``demo``
- :mod:`~dateline.cli.timex`: ``tag``, ``evaluate-timex``
- :mod:`~dateline.cli.timeline`: ``timeline``
- :mod:`~dateline.cli.saved`: ``timelines`` (list, ``refresh``, ``show``, ``delete``)
- :mod:`~dateline.cli.entities`: ``annotate --entities``, ``entities``
- :mod:`~dateline.cli.evaluate`: ``evaluate``, ``bench t17``, ``bench entities``
- :mod:`~dateline.cli.serve`: ``serve``
- :mod:`~dateline.cli.db`: ``db copy``
- :mod:`~dateline.cli.news`: ``read``, ``watch`` (and the fetching options of ``ingest``)
"""

from __future__ import annotations

# each command module registers its commands on main when it is imported
from dateline.cli import articles, db, demo, entities, evaluate, news, saved, serve, timeline, timex  # noqa: F401
from dateline.cli.base import main

__all__ = ["main"]
