"""Where the shared, read-only data sets are (../shared/data or $DATELINE_SHARED_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("DATELINE_SHARED_DATA") or REPO / ".." / "shared" / "data")
TIMELINE17 = SHARED_DATA / "timeline17"
SAMPLE = REPO / "data" / "sample"


def need_timeline17() -> Path:
    if not (TIMELINE17 / "bpoil_bbc").is_dir():
        pytest.skip(f"Timeline17 not found at {TIMELINE17} (set $DATELINE_SHARED_DATA)")
    return TIMELINE17


def need_sample() -> Path:
    if not any((SAMPLE / "articles").glob("*.txt")):
        pytest.skip(f"sample corpus not found in {SAMPLE} (not written yet)")
    return SAMPLE
