"""Run the reference scorer, tilse 0.2.1 with the Perl ROUGE-1.5.5, on dateline timelines.

Only the benchmark (``bench/evaluate.py``), the script that regenerates the stored reference
numbers (``tools/regen_tilse_reference.py``, ``make fixtures``) and the live tests use this: it is how
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

__all__ = [
    "perl_rouge_counts",
    "rouge_script",
    "tilse_scores",
    "timeline_of",
    "to_tilse",
    "unavailable_reason",
    "versions",
]

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
    (each ``evaluate_*`` method that ``evaluate_all`` calls, one at a time, so that a crash
    in one metric does not hide the others) and ``tilse.evaluation.dates.evaluate_dates``.

    A metric for which tilse raises is left out and recorded in ``"errors"`` as
    ``{metric: "<ExceptionType>: <message>"}``. ``"leftover_files"`` lists what tilse left
    in its temporary directory.
    """
    from tilse.data.timelines import GroundTruth
    from tilse.evaluation import dates as tilse_dates
    from tilse.evaluation import rouge as tilse_rouge

    refs = [references] if isinstance(references, Timeline) else list(references)
    pred = to_tilse(system)
    truth = GroundTruth([to_tilse(r) for r in refs])
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    with _private_tempdir() as tmp:
        evaluator = tilse_rouge.TimelineRougeEvaluator(
            measures={"rouge_1", "rouge_2"}, rouge_computation="original"
        )
        for name in METRICS:
            method = getattr(evaluator, f"evaluate_{TILSE_METRIC_NAMES[name]}")
            try:
                scores = method(pred, truth)
            except Exception as exc:  # noqa: BLE001 - recorded: it is what we compare against
                errors[name] = f"{type(exc).__name__}: {exc}"
                continue
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
            errors["dates"] = f"{type(exc).__name__}: {exc}"
        else:
            out["dates"] = {
                "precision": float(d["precision"]),
                "recall": float(d["recall"]),
                "f1": float(d["f_score"]),
            }
        if errors:
            out["errors"] = errors
        out["leftover_files"] = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))
    return out


def timeline_of(entries: Sequence[Sequence[Any]], name: str | None = None) -> Timeline:
    """A Timeline from ``[[YYYY-MM-DD, [sentence, ...]], ...]`` (the hand-made cases in
    ``tests/fixtures/tilse/edge_cases.json``)."""
    from datetime import date

    from dateline.model import TimelineEntry

    return Timeline.from_entries(
        [TimelineEntry(date=date.fromisoformat(d), sentences=tuple(s)) for d, s in entries],
        name=name,
    )


def perl_rouge_counts(
    cases: Sequence[tuple[Sequence[str], Sequence[Sequence[str]]]],
) -> list[dict[int, tuple[int, int, int]]]:
    """Run ROUGE-1.5.5.pl once on many (peer sentences, [model sentences, ...]) cases, with
    the options and the html files tilse's pyrouge uses, one ``<EVAL>`` per case.

    Returns, per case, ``{n: (hit, peer count, model count)}`` for n = 1, 2 (the
    ``H_count``, ``P_count``, ``M_count`` of ``-t 2``). This is the Perl side of the
    ROUGE-level tests: one Perl process for hundreds of cases instead of one per case.
    """
    import re
    from xml.sax.saxutils import escape

    from pyrouge.rouge import rouge_summary_content

    script = rouge_script()
    with tempfile.TemporaryDirectory(prefix="dateline-rouge-") as tmp:
        root = Path(tmp)
        evals = []
        for k, (peer, models) in enumerate(cases):
            peer_file = f"p{k}.html"
            (root / peer_file).write_text(
                rouge_summary_content("A", [s.split() for s in peer]), encoding="utf-8"
            )
            model_elems = []
            for x, model in enumerate(models):
                name = f"m{k}_{x}.html"
                (root / name).write_text(
                    rouge_summary_content(str(x), [s.split() for s in model]), encoding="utf-8"
                )
                model_elems.append(f'<M ID="{chr(65 + x)}">{name}</M>')
            evals.append(
                f'<EVAL ID="{k}"><MODEL-ROOT>{escape(str(root))}</MODEL-ROOT>'
                f"<PEER-ROOT>{escape(str(root))}</PEER-ROOT>"
                '<INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT>'
                f'<PEERS><P ID="0">{peer_file}</P></PEERS>'
                f"<MODELS>{''.join(model_elems)}</MODELS></EVAL>"
            )
        settings = root / "settings.xml"
        settings.write_text(
            '<ROUGE_EVAL version="1.55">' + "\n".join(evals) + "</ROUGE_EVAL>", encoding="utf-8"
        )
        argv = ["perl", str(script), "-e", str(script.parent / "data"), "-a", "-n", "2", "-x"]
        argv += ["-f", "A", "-d", "-m", "-s", "-t", "2", str(settings)]
        output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    line = re.compile(r"^0 ROUGE-(\d) Eval (\d+)\.0 R:(\d+) P:(\d+) F:(\d+)$", re.M)
    out: list[dict[int, tuple[int, int, int]]] = [{} for _ in cases]
    for n, k, model, peer, hit in line.findall(output):
        out[int(k)][int(n)] = (int(hit), int(peer), int(model))
    return out
