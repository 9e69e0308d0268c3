"""dateline.evaluate.timeline against tilse 0.2.1 + Perl ROUGE-1.5.5.

- Stored reference numbers (tests/fixtures/tilse/*.json) were produced by tilse itself, by
  `make fixtures` (tools/regen_tilse_reference.py); here dateline recomputes them: every precision, recall and
  F1 of every metric within 1e-6, on all published system outputs (needs the shared data)
  and on the hand-made edge cases (need nothing).
- Where tilse crashes, dateline must give zeros and a ScoringWarning.
- A live test runs tilse with Perl on a few pairs (skipped, with the reason, when tilse,
  Perl or XML::Parser is missing; CI installs them).
- Hand-derived cases check the definitions directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from _shared import SHARED_DATA, need_published_outputs
from dateline.evaluate.tilse_bridge import timeline_of
from dateline.evaluate.timeline import (
    METRICS,
    ScoringWarning,
    TimelineScores,
    date_scores,
    evaluate,
)
from dateline.model import Timeline, TimelineEntry
from dateline.readers import tilse as reader

FIXTURES = Path(__file__).parent / "fixtures" / "tilse"
TOL = 1e-6


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def _compare(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Differences above TOL between two score dicts (tilse's shape, metrics it computed)."""
    bad = []
    for metric in (*METRICS, "dates"):
        if metric not in theirs:
            continue
        if metric == "dates":
            pairs = [("dates", k, ours["dates"][k], theirs["dates"][k]) for k in ("precision", "recall", "f1")]
        else:
            pairs = [
                (metric, f"{n}.{k}", ours[metric][n][k], theirs[metric][n][k])
                for n in ("rouge_1", "rouge_2")
                for k in ("precision", "recall", "f1")
            ]
        bad += [f"{m} {k}: dateline {a!r} tilse {b!r}" for m, k, a, b in pairs if abs(a - b) > TOL]
    return bad


def _scores(system: Timeline, refs: list[Timeline]) -> tuple[dict[str, Any], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scores = evaluate(system, refs)
    return scores.to_dict(), [str(w.message) for w in caught if issubclass(w.category, ScoringWarning)]


# --- hand-made edge cases (tilse's numbers stored) ----------------------------------------

_EDGE_CASES = {c["name"]: c for c in _load("edge_cases.json")["cases"]}
_EDGE_REFERENCE = {c["name"]: c["tilse"] for c in _load("edge_reference.json")["cases"]}


def test_every_edge_case_has_stored_tilse_numbers() -> None:
    assert set(_EDGE_CASES) == set(_EDGE_REFERENCE)


@pytest.mark.parametrize("name", sorted(_EDGE_CASES))
def test_edge_case_matches_tilse(name: str) -> None:
    case, theirs = _EDGE_CASES[name], _EDGE_REFERENCE[name]
    ours, warned = _scores(timeline_of(case["system"]), [timeline_of(r) for r in case["references"]])
    assert not _compare(ours, theirs)
    errors = theirs.get("errors", {})
    for metric in errors:  # where tilse crashes: zeros and a warning
        assert warned, f"{metric}: tilse raised {errors[metric]}, dateline must warn"
        if metric == "dates":
            assert ours["dates"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        else:
            assert ours[metric]["rouge_1"]["precision"] == 0.0
            assert ours[metric]["rouge_2"]["precision"] == 0.0
    if not errors:
        assert not warned


def test_crash_cases_are_in_the_fixture() -> None:
    # the two inputs on which tilse 0.2.1 crashes, as recorded by the regeneration script
    assert "ZeroDivisionError" in _EDGE_REFERENCE["empty_system"]["errors"]["concat"]
    assert "ZeroDivisionError" in _EDGE_REFERENCE["stopword_only_system"]["errors"]["concat"]


# --- all published system outputs (tilse's numbers stored) --------------------------------

_PAIRS = _load("published_pairs.json")


def _need_outputs() -> Path:
    return need_published_outputs()


def _read(path: Path) -> Timeline:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return reader.read(path, duplicates="last")


def test_fixture_covers_every_published_output() -> None:
    shared = _need_outputs()
    files = {str(p.relative_to(shared)) for p in (shared / "sdf-tls-outputs").glob("*/*.txt")}
    assert files == {p["system_file"] for p in _PAIRS["pairs"]}
    assert len(_PAIRS["pairs"]) == 43


@pytest.mark.parametrize("pair", _PAIRS["pairs"], ids=lambda p: f"{p['system_file'].split('/')[-1]}~{p['reference_file'].split('/')[-1]}")
def test_published_pair_matches_tilse(pair: dict[str, Any]) -> None:
    shared = _need_outputs()
    sys_path, ref_path = shared / pair["system_file"], shared / pair["reference_file"]
    for path, digest in ((sys_path, pair["system_sha256"]), (ref_path, pair["reference_sha256"])):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, (
            f"{path} changed since the fixture was made: run make fixtures"
        )
    assert "errors" not in pair["tilse"]
    ours, warned = _scores(_read(sys_path), [_read(ref_path)])
    assert not warned
    assert not _compare(ours, pair["tilse"]), (
        f"fixture made with {_PAIRS['versions']}; differences in align/align+ only would point at "
        "SciPy's tie-breaking in linear_sum_assignment"
    )


def test_syria_tl2_output_pairs_with_tl2_3_by_size_and_window() -> None:
    """TL17_bestds_syria_tl2.txt has no reference of its name; by its number of dates and
    window it was made for tl2.3 (and it is byte-identical to TL17_bestsumm_syria_tl2.2.txt,
    which matches tl2.3 the same way)."""
    fits = {
        p["reference_file"].split("/")[-1]
        for p in _PAIRS["pairs"]
        if p["system_file"].endswith("TL17_bestds_syria_tl2.txt")
        and p["system_dates"] == p["reference_dates"]
        and p["system_dates_in_reference_window"]
    }
    assert fits == {"tl2.3.txt"}
    digests = {p["system_file"]: p["system_sha256"] for p in _PAIRS["pairs"]}
    assert (
        digests["sdf-tls-outputs/TL17_bestds/TL17_bestds_syria_tl2.txt"]
        == digests["sdf-tls-outputs/TL17_bestsumm/TL17_bestsumm_syria_tl2.2.txt"]
    )


def test_tilse_and_dateline_read_the_published_files_alike() -> None:
    assert all(p["tilse_reads_the_same"] for p in _PAIRS["pairs"])


# --- live: tilse + Perl now -------------------------------------------------------------


def _need_tilse() -> None:
    pytest.importorskip("tilse", reason="tilse 0.2.1 is not installed (make installs it with --no-deps)")
    from dateline.evaluate.tilse_bridge import unavailable_reason

    reason = unavailable_reason()
    if reason:
        pytest.skip(f"cannot run tilse with Perl: {reason}")


@pytest.mark.slow
def test_live_tilse_on_a_few_pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need_tilse()
    from dateline.evaluate.tilse_bridge import tilse_scores

    # anything written to the default temporary directory would land here
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    inputs: list[tuple[str, Timeline, list[Timeline]]] = []
    for name in ("unicode", "html_and_caret", "alignment_tie_midpoint", "stopword_only_system"):
        case = _EDGE_CASES[name]
        inputs.append((name, timeline_of(case["system"]), [timeline_of(r) for r in case["references"]]))
    if (SHARED_DATA / "sdf-tls-outputs").is_dir():
        for sys_file, ref_file in (
            ("TL17_bestsumm/TL17_bestsumm_bpoil_washingtonpost.txt", "bpoil_washingtonpost/timelines/washingtonpost.txt"),
        ):
            system = _read(SHARED_DATA / "sdf-tls-outputs" / sys_file)
            inputs.append((sys_file, system, [_read(SHARED_DATA / "timeline17" / ref_file)]))
    for name, system, refs in inputs:
        theirs = tilse_scores(system, refs)
        ours, _ = _scores(system, refs)
        assert not _compare(ours, theirs), name
        assert theirs["leftover_files"] == [], name
    assert os.listdir(tmp_path) == []


# --- definitions, checked by hand ---------------------------------------------------------


def _tl(*entries: tuple[str, tuple[str, ...]]) -> Timeline:
    return Timeline.from_entries([TimelineEntry(date.fromisoformat(d), s) for d, s in entries])


def test_identical_timelines_score_one() -> None:
    tl = _tl(("2010-04-20", ("Rig explodes in the Gulf .",)), ("2010-07-15", ("Well capped after months .",)))
    scores = evaluate(tl, tl)
    for name in METRICS:
        assert scores.metric(name).rouge_1.f1 == 1.0
        assert scores.metric(name).rouge_2.f1 == 1.0
    assert scores.dates.f1 == 1.0


def test_one_day_off_halves_the_aligned_rouge() -> None:
    ref = _tl(("2010-04-20", ("Rig explodes in the Gulf .",)))
    system = _tl(("2010-04-21", ("Rig explodes in the Gulf .",)))
    scores = evaluate(system, ref)
    # aligned across one day: weight 1/(1+1)
    for name in ("align", "align_plus", "align_plus_m1"):
        assert scores.metric(name).rouge_1.precision == 0.5
        assert scores.metric(name).rouge_1.recall == 0.5
    assert scores.agreement.rouge_1.f1 == 0.0  # no shared date
    assert scores.concat.rouge_1.f1 == 1.0  # dates ignored
    assert scores.dates == date_scores(system, ref)
    assert scores.dates.f1 == 0.0


def test_many_to_one_lets_two_system_days_use_one_reference_day() -> None:
    ref = _tl(("2010-04-20", ("Rig explodes in the Gulf .",)))
    system = _tl(("2010-04-20", ("Rig explodes .",)), ("2010-04-21", ("Explodes in the Gulf .",)))
    scores = evaluate(system, ref)
    # one-to-one: the second day is unaligned; many-to-one: it is aligned at weight 1/2
    assert scores.align_plus_m1.rouge_1.precision > scores.align_plus.rouge_1.precision


def test_empty_system_gives_zeros_and_a_warning() -> None:
    ref = _tl(("2010-04-20", ("Rig explodes .",)))
    with pytest.warns(ScoringWarning, match="no dates"):
        scores = evaluate(Timeline(entries=()), ref)
    assert scores == TimelineScores(*(scores.concat,) * 5, dates=scores.dates)
    assert scores.to_dict()["align_plus_m1"]["rouge_2"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_json_shape() -> None:
    tl = _tl(("2010-04-20", ("Rig explodes .",)))
    out = evaluate(tl, tl).to_dict()
    assert list(out) == ["concat", "agreement", "align", "align_plus", "align_plus_m1", "dates"]
    assert set(out["align"]) == {"rouge_1", "rouge_2"}
    assert set(out["align"]["rouge_1"]) == {"precision", "recall", "f1"}
    assert set(out["dates"]) == {"precision", "recall", "f1"}


# --- dateline evaluate (the command) ------------------------------------------------------

SEP = "-" * 32
GOOD = f"2010-04-20\nThe rig explodes in the Gulf .\n{SEP}\n2010-04-22\nThe rig sinks .\n{SEP}\n"


def _run(tmp_path: Path, reference: bytes | str, *extra: str) -> Any:
    from click.testing import CliRunner

    from dateline.cli import main

    sys_file = tmp_path / "system.txt"
    sys_file.write_text(GOOD, encoding="utf-8")
    ref_file = tmp_path / "ref.txt"
    ref_file.write_bytes(reference.encode("utf-8") if isinstance(reference, str) else reference)
    return CliRunner().invoke(main, ["evaluate", "--system", str(sys_file), "--reference", str(ref_file), *extra])


def test_evaluate_command_prints_all_metrics(tmp_path: Path) -> None:
    res = _run(tmp_path, GOOD)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert [ln.split()[0] for ln in lines[2:]] == ["concat", "agreement", "align", "align+", "align+", "dates"]
    assert lines[-1].split() == ["dates", "1.0000", "1.0000", "1.0000"]
    res = _run(tmp_path, GOOD, "--json")
    out = json.loads(res.stdout)
    assert out["align_plus_m1"]["rouge_2"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


@pytest.mark.parametrize(
    ("content", "extra", "line", "reason"),
    [
        (f"{SEP}\n", (), None, "no timeline entries"),
        (f"2010-04-20\nOne .\n{SEP}\n2010-04-20\nTwo .\n{SEP}\n", ("--duplicates", "error"), 4,
         "duplicate date 2010-04-20 (first on line 1)"),
        (b"2010-04-20\nCaf\xe9 .\n" + SEP.encode() + b"\n", (), 2, "invalid UTF-8"),
    ],
    ids=["no-entries", "duplicate-dates-error", "not-utf8"],
)
def test_evaluate_command_rejects_bad_files_naming_file_and_line(
    tmp_path: Path, content: str | bytes, extra: tuple[str, ...], line: int | None, reason: str
) -> None:
    res = _run(tmp_path, content, *extra)
    assert res.exit_code == 1
    where = f"{tmp_path / 'ref.txt'}:{line}: " if line else f"{tmp_path / 'ref.txt'}: "
    assert f"error: {where}" in res.stderr
    assert reason in res.stderr
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("2011-04-0", "malformed date line: impossible date '2011-04-0'"),
     ("July 23, 2010", "expected a date line YYYY-MM-DD after a separator, found 'July 23, 2010'")],
    ids=["bad-date", "text-for-date"],
)
def test_evaluate_command_skips_a_bad_entry_naming_file_and_line(tmp_path: Path, bad: str, reason: str) -> None:
    res = _run(tmp_path, GOOD + f"{bad}\nA sentence .\n{SEP}\n", "--json")
    assert res.exit_code == 0, res.output
    assert f"warning: {tmp_path / 'ref.txt'}:7: {reason}" in res.stderr
    assert "entry skipped" in res.stderr
    assert json.loads(res.stdout) == json.loads(_run(tmp_path, GOOD, "--json").stdout)


def test_evaluate_command_reads_duplicates_the_tilse_way_by_default_and_warns(tmp_path: Path) -> None:
    content = f"2010-04-20\nThe rig explodes .\n{SEP}\n2010-04-20\nOil reaches Florida .\n{SEP}\n"
    default = _run(tmp_path, content, "--json")
    merged = _run(tmp_path, content, "--duplicates", "merge", "--json")
    last = _run(tmp_path, content, "--duplicates", "last", "--json")
    assert default.exit_code == merged.exit_code == last.exit_code == 0
    assert default.stdout == last.stdout
    assert ("ref.txt:4: duplicate date 2010-04-20 (also on line 1): the block on line 4 replaces the one on "
            "line 1 (tilse's reading)") in default.stderr
    assert "warning: " in merged.stderr and "ref.txt:4: duplicate date" in merged.stderr
    recall = {json.loads(r.stdout)["concat"]["rouge_1"]["recall"] for r in (merged, last)}
    assert len(recall) == 2  # the two readings score differently


def test_evaluate_command_warns_about_a_missing_separator(tmp_path: Path) -> None:
    # the reader closes the block at the next date line and says so (file and line)
    res = _run(tmp_path, f"2010-04-20\nThe rig explodes .\n2010-04-22\nThe rig sinks .\n{SEP}\n")
    assert res.exit_code == 0
    assert f"warning: {tmp_path / 'ref.txt'}:3: date line where the separator" in res.stderr


def test_evaluate_command_rejects_an_empty_system_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dateline.cli import main

    (tmp_path / "ref.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "system.jsonl").write_text("\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", "-s", str(tmp_path / "system.jsonl"), "-r", str(tmp_path / "ref.txt")])
    # an empty file is not a timeline: the reader rejects it, naming the file
    assert res.exit_code == 1
    assert "system.jsonl" in res.stderr
