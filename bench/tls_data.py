"""The Timeline17 development tasks as the benchmark builds them, for the timeline benchmarks,
the weight training (``tools/tls_train.py``) and the experiments.

``load(root)`` reads and annotates each topic once and returns ``(Task, TaskInput)`` pairs
made by :mod:`dateline.evaluate.protocol` (same windows, l, k and keywords as
``dateline bench t17``), with the seconds spent reading and annotating.

``load(root, cache=True)`` keeps the pairs in a pickle under ``$XDG_CACHE_HOME/dateline``
(default ``~/.cache/dateline``), keyed by a hash of the data path and of every source file
the annotation depends on (readers, sentence splitter, tagger, model, protocol), so a
change to the tagger, its version or the protocol makes a new cache; experiments then
start in a second instead of re-tagging; the three newest caches are kept.
``$DATELINE_BENCH_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
import warnings
from pathlib import Path

from bench.common import REPO

DATA_HELP = "the Timeline17 folder (default: timeline17 in $DATELINE_SHARED_DATA or ../shared/data)"


def ranker_inputs(ti):  # type: ignore[no-untyped-def]
    """What dateline's date ranker sees of a task input: ``(collection, keyword mask, window
    as ordinals, candidate days)``."""
    from dateline.tls import features
    from dateline.tls.corpus import collect, keyword_mask

    coll = collect(ti.articles)
    allowed = keyword_mask(coll.texts, ti.keywords)
    window = (ti.window[0].toordinal(), ti.window[1].toordinal())
    return coll, allowed, window, features.candidate_days(coll, window)


_ANNOTATION_SOURCES = ("model.py", "annotate.py", "readers", "text", "timex", "evaluate/protocol.py",
                       "tls/api.py")


def _cache_path(root: Path) -> Path:
    h = hashlib.sha256(str(root.resolve()).encode())
    src = REPO / "src" / "dateline"
    for name in _ANNOTATION_SOURCES:
        p = src / name
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(src)).encode())
                h.update(f.read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dateline"
    return base / f"t17-{h.hexdigest()[:16]}.pickle"


def load(root: Path, cache: bool = True) -> tuple[list, dict[str, float]]:  # type: ignore[type-arg]
    """``(pairs, seconds)``; see the module docstring for the cache."""
    if not cache or os.environ.get("DATELINE_BENCH_NO_CACHE"):
        return _load(root)
    path = _cache_path(root)
    if path.exists():
        t0 = time.perf_counter()
        with path.open("rb") as f:
            pairs = pickle.load(f)
        return pairs, {"read": time.perf_counter() - t0, "annotate": 0.0}
    pairs, seconds = _load(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(pairs, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    for old in sorted(path.parent.glob("t17-*.pickle"), key=lambda p: p.stat().st_mtime)[:-3]:
        old.unlink(missing_ok=True)  # keep the three newest (sources change often while developing)
    return pairs, seconds


def _load(root: Path) -> tuple[list, dict[str, float]]:  # type: ignore[type-arg]
    from dateline.evaluate import protocol
    from dateline.readers import timeline17

    seconds = {"read": 0.0, "annotate": 0.0}
    pairs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        tasks = protocol.load_tasks(root)
        groups = timeline17.folders_by_topic(root)
        seconds["read"] += time.perf_counter() - t0
        annotate = protocol.annotator("timexes")
        for topic in sorted({t.topic for t in tasks}):
            topic_tasks = [t for t in tasks if t.topic == topic]
            t0 = time.perf_counter()
            articles = {}
            for folder in groups[topic]:
                for a in timeline17.read_articles(folder):
                    articles.setdefault(a.id, a)
            seconds["read"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            first = min(t.window[0] for t in topic_tasks)
            last = max(t.window[1] for t in topic_tasks)
            annotated = [annotate(a) for a in articles.values() if first <= a.day <= last]
            seconds["annotate"] += time.perf_counter() - t0
            pairs.extend((task, protocol.task_input(task, annotated)) for task in topic_tasks)
    return pairs, seconds


def run(pairs: list, method: str, options: dict | None = None) -> list:  # type: ignore[type-arg]
    """Run ``method`` (registry name) with ``options`` on every pair, check each timeline
    against the protocol's rules and score it: a list of protocol ``TaskResult``."""
    from dataclasses import replace

    from dateline.evaluate import protocol
    from dateline.evaluate.timeline import evaluate
    from dateline.tls.registry import get

    info = get(method)
    out = []
    for task, task_in in pairs:
        ti = replace(task_in, options=dict(options)) if options else task_in
        timeline = info.func(ti)
        protocol.check_output(task, timeline, info.name)
        out.append(protocol.TaskResult(task, len(ti.articles), timeline, evaluate(timeline, task.reference)))
    return out
