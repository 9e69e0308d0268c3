"""Benchmarks of dateline a user can rerun: each prints a table and writes it, with the command
that printed it, to ``bench/results/<name>.md``. Run them from the repository root, as
modules: ``.venv/bin/python -m bench.ingest`` (``make bench`` runs them all). Most need the
public data sets described in ``docs/data.md``; without one, a benchmark says which is
missing and where that page is, and exits with status 2.

``bench.common`` (where the data sets are, writing results) and ``bench.tls_data`` (the
Timeline17 tasks as ``dateline bench t17`` builds them) are shared with ``tools/`` and
``experiments/``.
"""
