"""One-off studies of the timeline method on Timeline17; ``experiments/README.md`` says what
each measured and found. Run from the repository root: ``.venv/bin/python -m experiments.NAME``.
"""
