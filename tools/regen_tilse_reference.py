"""Regenerate the tilse reference numbers in tests/fixtures/tilse/ (run tilse + Perl).

Every number the TILSE-metric tests compare against is produced here, by tilse 0.2.1
itself with ``rouge_computation="original"`` (the Perl ROUGE-1.5.5), never written by hand:

- ``published_pairs.json``: every published system output in
  ``<data>/sdf-tls-outputs/TL17_<system>/TL17_<system>_<topic>_<ref>.txt`` against the
  Timeline17 reference ``<data>/timeline17/<folder>/timelines/<ref>.txt`` (``<data>``: see
  docs/data.md). The folder is
  the one of ``<topic>`` holding ``<ref>.txt``. When that folder holds several references
  (SyrianCrisis_reuters: tl2.1, tl2.2, tl2.3) the output is scored against each of them,
  and ``TL17_bestds_syria_tl2.txt`` (no reference is called tl2) against the three tl2.*.
  Each record says whether the names match, and how many dates each side has and whether
  the system dates fall in the reference's [first, last] window: the evidence for which
  reference an output was made for.
- ``edge_reference.json``: the hand-made cases of ``edge_cases.json``.

Both sides are read with ``dateline.readers.tilse.read(path, duplicates="last")``, which is
tilse's reading of a duplicated date (the last block wins); each record also checks that
tilse's own ``Timeline.from_file`` reads the same dates and sentences. The fixture holds
scores, file names and SHA-256 of the inputs, never the data.

    make fixtures                  # = .venv/bin/python -m tools.regen_tilse_reference --jobs 2
    .venv/bin/python -m tools.regen_tilse_reference [--jobs 2] [--only pairs|edge]

Takes about 10 minutes on one core for everything (tilse runs Perl once per ROUGE call);
needs ``perl`` and ``libxml-parser-perl`` (Debian package names).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench import common

REPO = common.REPO
SHARED = common.data_root()
FIXTURES = REPO / "tests" / "fixtures" / "tilse"
PAIRS_FILE = FIXTURES / "published_pairs.json"
EDGE_CASES = FIXTURES / "edge_cases.json"
EDGE_REFERENCE = FIXTURES / "edge_reference.json"
OUTPUTS = "sdf-tls-outputs"
TIMELINE17 = "timeline17"


def published_pairs(shared: Path) -> list[dict[str, Any]]:
    """(system output, reference) pairs as described in the module docstring."""
    from dateline.readers.timeline17 import folders_by_topic

    folders = folders_by_topic(shared / TIMELINE17)
    pairs: list[dict[str, Any]] = []
    for system_dir in sorted((shared / OUTPUTS).iterdir()):
        system = system_dir.name.removeprefix("TL17_")
        for path in sorted(system_dir.glob("*.txt")):
            rest = path.stem.removeprefix(f"TL17_{system}_")
            topic, _, ref_name = rest.partition("_")
            candidates = folders.get(topic, [])
            named = [f for f in candidates if (f / "timelines" / f"{ref_name}.txt").is_file()]
            if named:
                refs = sorted((named[0] / "timelines").glob("*.txt"))
            else:
                refs = sorted(
                    p
                    for f in candidates
                    for p in (f / "timelines").glob(f"{ref_name}.*.txt")
                )
            if not refs:
                raise SystemExit(f"{path}: no reference timeline for topic {topic!r}, name {ref_name!r}")
            for ref in refs:
                pairs.append(
                    {
                        "system": system,
                        "system_file": str(path.relative_to(shared)),
                        "reference_file": str(ref.relative_to(shared)),
                        "named_pair": ref.stem == ref_name,
                    }
                )
    return pairs


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(path: Path) -> tuple[Any, list[str]]:
    from dateline.readers import tilse as reader

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        timeline = reader.read(path, duplicates="last", format="text")
    return timeline, [str(w.message).replace(str(SHARED) + "/", "") for w in caught]


def _tilse_reads_the_same(path: Path, timeline: Any) -> bool:
    from tilse.data.timelines import Timeline as TilseTimeline

    with open(path, encoding="utf-8") as f:
        theirs = TilseTimeline.from_file(f).dates_to_summaries
    theirs = {d: [s for s in sents if s] for d, sents in theirs.items()}
    ours = {e.date: list(e.sentences) for e in timeline.entries}
    return theirs == ours


def score_pair(pair: dict[str, Any]) -> dict[str, Any]:
    from dateline.evaluate.tilse_bridge import tilse_scores

    sys_path, ref_path = SHARED / pair["system_file"], SHARED / pair["reference_file"]
    system, sys_warnings = _read(sys_path)
    reference, ref_warnings = _read(ref_path)
    first, last = reference.dates[0], reference.dates[-1]
    start = time.perf_counter()
    scores = tilse_scores(system, reference)
    seconds = time.perf_counter() - start
    return {
        **pair,
        "system_sha256": _sha256(sys_path),
        "reference_sha256": _sha256(ref_path),
        "system_dates": len(system),
        "reference_dates": len(reference),
        "system_dates_in_reference_window": all(first <= d <= last for d in system.dates),
        "reader_warnings": sys_warnings + ref_warnings,
        "tilse_reads_the_same": _tilse_reads_the_same(sys_path, system)
        and _tilse_reads_the_same(ref_path, reference),
        "tilse_seconds": round(seconds, 2),
        "tilse": scores,
    }


def score_case(case: dict[str, Any]) -> dict[str, Any]:
    from dateline.evaluate.tilse_bridge import tilse_scores, timeline_of

    system = timeline_of(case["system"])
    refs = [timeline_of(r) for r in case["references"]]
    return {"name": case["name"], "tilse": tilse_scores(system, refs)}


def _run(func: Any, items: list[dict[str, Any]], jobs: int) -> list[dict[str, Any]]:
    out = []
    if jobs <= 1:
        for n, item in enumerate(items, 1):
            out.append(func(item))
            print(f"  {n}/{len(items)}", file=sys.stderr, flush=True)
        return out
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for n, result in enumerate(pool.map(func, items), 1):
            out.append(result)
            print(f"  {n}/{len(items)}", file=sys.stderr, flush=True)
    return out


def _header() -> dict[str, Any]:
    from dateline.evaluate.tilse_bridge import versions

    return {
        "generated_by": "make fixtures (tools/regen_tilse_reference.py)",
        "scorer": 'tilse TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, '
        'rouge_computation="original").evaluate_all + tilse.evaluation.dates.evaluate_dates',
        "versions": versions(),
    }


def _write(path: Path, obj: dict[str, Any]) -> None:
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="parallel tilse processes")
    parser.add_argument("--only", choices=("pairs", "edge"), help="regenerate one file only")
    args = parser.parse_args(argv)

    from dateline.evaluate.tilse_bridge import unavailable_reason

    reason = unavailable_reason()
    if reason:
        print(f"cannot run tilse: {reason}", file=sys.stderr)
        return 1
    if args.only in (None, "edge"):
        cases = json.loads(EDGE_CASES.read_text(encoding="utf-8"))["cases"]
        print(f"{len(cases)} edge cases", file=sys.stderr)
        _write(EDGE_REFERENCE, {**_header(), "cases": _run(score_case, cases, args.jobs)})
    if args.only in (None, "pairs"):
        pairs = published_pairs(common.published_outputs())
        print(f"{len(pairs)} published pairs", file=sys.stderr)
        header = {
            **_header(),
            "reading": 'dateline.readers.tilse.read(path, duplicates="last"): the last block of '
            "a duplicated date wins, as in tilse's Timeline.from_file",
        }
        _write(PAIRS_FILE, {**header, "pairs": _run(score_pair, pairs, args.jobs)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
