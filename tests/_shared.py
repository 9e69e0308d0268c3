"""Where the public data sets are, and the skips when one is missing.

The data sets are not part of the repository: docs/data.md says where each comes from and
how to point dateline at it. They are looked for in $DATELINE_SHARED_DATA, else in
../shared/data next to the repository. A test that needs one calls its ``need_*`` helper,
which skips the test with a message naming the missing folder and docs/data.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.datasets import DATA_DOC, data_root, missing_message

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = data_root(REPO)
TIMELINE17 = SHARED_DATA / "timeline17"
TEMPEVAL3 = SHARED_DATA / "tempeval3"
PUBLISHED_OUTPUTS = SHARED_DATA / "sdf-tls-outputs"
ARTICLE_EXTRACTION = SHARED_DATA / "article-extraction"
SAMPLE = REPO / "data" / "sample"
__all__ = ["DATA_DOC", "REPO", "SAMPLE", "SHARED_DATA", "missing", "need_article_extraction", "need_published_outputs", "need_sample",
           "need_tempeval3", "need_timeline17"]


def missing(what: str, path: Path) -> str:
    """The skip message for a data set that is not at ``path``."""
    return missing_message(what, path)


def need_timeline17() -> Path:
    if not (TIMELINE17 / "bpoil_bbc").is_dir():
        pytest.skip(missing("Timeline17", TIMELINE17))
    return TIMELINE17


def need_tempeval3(corpus: str | None = None) -> Path:
    """The TempEval-3 folder, or with ``corpus`` (TimeBank, AQUAINT) that corpus's folder."""
    path = TEMPEVAL3 / corpus if corpus else TEMPEVAL3
    if not any(path.glob("**/*.tml")):
        pytest.skip(missing(f"TempEval-3 {corpus}" if corpus else "TempEval-3", path))
    return path


def need_published_outputs() -> Path:
    """The data folder, when it holds the published SDF-TLS outputs and Timeline17."""
    need_timeline17()
    if not PUBLISHED_OUTPUTS.is_dir():
        pytest.skip(missing("the published SDF-TLS outputs", PUBLISHED_OUTPUTS))
    return SHARED_DATA


def need_article_extraction() -> Path:
    """The article-extraction pages (``html/`` and ``ground-truth.json``)."""
    if not (ARTICLE_EXTRACTION / "ground-truth.json").is_file():
        pytest.skip(missing("the article-extraction pages", ARTICLE_EXTRACTION))
    return ARTICLE_EXTRACTION


def need_sample() -> Path:
    if not any((SAMPLE / "articles").glob("*.txt")):
        pytest.skip(f"the sample corpus is missing from {SAMPLE} (it is part of the repository)")
    return SAMPLE
