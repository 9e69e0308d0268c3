"""Maintenance scripts, run from the repository root through ``make``: ``make weights``
(train the shipped date-ranker weights), ``make check-weights``, ``make fixtures``
(regenerate the tilse reference numbers of the tests), ``make docs`` (regenerate
``docs/cli.md`` and ``docs/tagger-rules.md``). ``python -m tools.timex_diff`` lists the
time expressions whose values change between two tagger versions.
"""
