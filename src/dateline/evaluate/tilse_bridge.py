"""Run the reference scorer, tilse 0.2.1 with the Perl ROUGE-1.5.5, on dateline timelines.

Only the benchmark (``bench/evaluate.py``), the script that regenerates the stored reference
numbers (``bench/regen_tilse_reference.py``) and the live tests use this: it is how
dateline's scorer is checked, never how it scores. tilse is a ``dev`` dependency installed
with ``--no-deps`` (it needs numpy, scipy and nltk), and the Perl script needs ``perl`` with
``XML::Parser`` (for XML::DOM) and ``DB_File``.

tilse's ROUGE wrapper (``pyrouge.Rouge155``) writes its html and settings files into a
fresh ``tempfile.mkdtemp()`` directory per ROUGE call and removes it afterwards, even when
Perl fails. :func:`tilse_scores` points ``tempfile`` at a private directory for the call,
so nothing is written to the shared temporary directory, and checks that nothing is left.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dateline.evaluate.timeline import METRICS, TILSE_METRIC_NAMES
from dateline.model import Timeline

__all__ = ["rouge_script", "tilse_scores", "to_tilse", "unavailable_reason", "versions"]

_PERL_MODULES = ("XML::Parser", "XML::DOM", "DB_File")


def rouge_script() -> Path:
    """The ROUGE-1.5.5.pl tilse's pyrouge ships (raises ImportError without tilse)."""
    import pyrouge.base

    return Path(pyrouge.base.ROUGE_EVAL_HOME) / "ROUGE-1.5.5.pl"


def unavailable_reason() -> str | None:
    """Why tilse-with-Perl cannot run here, or None when it can."""
    try:
        import tilse.evaluation.rouge  # noqa: F401

        script = rouge_script()
    except ImportError as exc:
        return f"tilse 0.2.1 is not importable ({exc}); install it with `pip install --no-deps tilse==0.2.1` plus numpy, scipy, nltk"
    if shutil.which("perl") is None:
        return "perl is not installed (Debian: apt-get install perl libxml-parser-perl)"
    lib = str(script.parent)
    for module in _PERL_MODULES:
        probe = subprocess.run(
            ["perl", f"-I{lib}", f"-M{module}", "-e", "1"], capture_output=True, text=True
        )
        if probe.returncode != 0:
            return f"the Perl module {module} is missing (Debian: apt-get install libxml-parser-perl)"
    return None


def versions() -> dict[str, str]:
    """Versions of everything that decides tilse's numbers."""
    from importlib.metadata import version

    out = {name: version(name) for name in ("tilse", "numpy", "scipy")}
    perl = subprocess.run(["perl", "-e", "print $^V"], capture_output=True, text=True)
    out["perl"] = perl.stdout.strip()
    return out


def to_tilse(timeline: Timeline) -> Any:
    """The same timeline as a ``tilse.data.timelines.Timeline`` (dates to sentence lists)."""
    from tilse.data.timelines import Timeline as TilseTimeline

    return TilseTimeline({e.date: list(e.sentences) for e in timeline.entries})


@contextlib.contextmanager
def _private_tempdir() -> Iterator[Path]:
    saved = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="dateline-tilse-") as tmp:
        tempfile.tempdir = tmp
        try:
            yield Path(tmp)
        finally:
            tempfile.tempdir = saved


def tilse_scores(system: Timeline, references: Timeline | Sequence[Timeline]) -> dict[str, Any]:
    """tilse's scores, in the shape of :meth:`TimelineScores.to_dict`, computed by
    ``TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="original")``
    (``evaluate_all``) and ``tilse.evaluation.dates.evaluate_dates``.

    When tilse raises, the result is ``{"error": "<ExceptionType>: <message>"}`` for that
    part (``"rouge"`` or ``"dates"``) instead of the scores.
    Also returns ``"leftover_files"``: files tilse left in its temporary directory.
    """
    from tilse.data.timelines import GroundTruth
    from tilse.evaluation import dates as tilse_dates
    from tilse.evaluation import rouge as tilse_rouge

    refs = [references] if isinstance(references, Timeline) else list(references)
    pred = to_tilse(system)
    truth = GroundTruth([to_tilse(r) for r in refs])
    out: dict[str, Any] = {}
    with _private_tempdir() as tmp:
        evaluator = tilse_rouge.TimelineRougeEvaluator(
            measures={"rouge_1", "rouge_2"}, rouge_computation="original"
        )
        try:
            raw = evaluator.evaluate_all(pred, truth)
        except Exception as exc:  # noqa: BLE001 - recorded, it is what we compare against
            out["rouge_error"] = f"{type(exc).__name__}: {exc}"
        else:
            for name in METRICS:
                scores = raw[TILSE_METRIC_NAMES[name]]
                out[name] = {
                    m: {
                        "precision": float(scores[m]["precision"]),
                        "recall": float(scores[m]["recall"]),
                        "f1": float(scores[m]["f_score"]),
                    }
                    for m in ("rouge_1", "rouge_2")
                }
        try:
            d = tilse_dates.evaluate_dates(pred, truth)
        except Exception as exc:  # noqa: BLE001
            out["dates_error"] = f"{type(exc).__name__}: {exc}"
        else:
            out["dates"] = {
                "precision": float(d["precision"]),
                "recall": float(d["recall"]),
                "f1": float(d["f_score"]),
            }
        out["leftover_files"] = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))
    return out
