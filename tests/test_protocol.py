"""dateline.evaluate.protocol, dateline.tls.registry, the baseline, and `dateline bench t17`:
hand-made articles and timelines for the rules, real Timeline17 for the whole path."""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from _shared import need_timeline17
from dateline.cli import main
from dateline.errors import DatelineError, InputWarning
from dateline.evaluate import protocol
from dateline.evaluate.protocol import (
    ProtocolError,
    Task,
    TaskResult,
    check_output,
    sentences_per_date,
)
from dateline.evaluate.timeline import evaluate
from dateline.model import AnnotatedArticle, Article, Timeline, TimelineEntry
from dateline.readers import tilse as reader
from dateline.text.sentences import split_sentences
from dateline.tls import registry
from dateline.tls.contract import Needs, TaskInput


def _tl(*entries: tuple[str, tuple[str, ...]]) -> Timeline:
    return Timeline.from_entries([TimelineEntry(date.fromisoformat(d), s) for d, s in entries])


def _article(day: str, text: str, outlet: str = "test") -> AnnotatedArticle:
    a = Article.create(published=date.fromisoformat(day), title="", text=text, outlet=outlet, origin=f"{day}.txt")
    return AnnotatedArticle(a, split_sentences(a.id, a.text))


def _task(reference: Timeline, keywords: tuple[str, ...] = ("oil",)) -> Task:
    return Task("bpoil", "bpoil_test", "ref.txt", reference, keywords)


# --- the rules ------------------------------------------------------------------------------


def test_k_is_python_round_of_the_mean_sentences_per_date() -> None:
    two_three = _tl(("2010-01-01", ("a", "b")), ("2010-01-02", ("a", "b", "c")))  # 2.5
    assert sentences_per_date(two_three) == 2  # round half to even
    three_four = _tl(("2010-01-01", ("a", "b", "c")), ("2010-01-02", ("a", "b", "c", "d")))  # 3.5
    assert sentences_per_date(three_four) == 4
    assert sentences_per_date(_tl(("2010-01-01", ("a",)), ("2010-01-02", ("a", "b")), ("2010-01-03", ("a",)))) == 1


def test_task_input_keeps_the_window_inclusive() -> None:
    ref = _tl(("2010-04-20", ("x",)), ("2010-04-25", ("y",)))
    arts = [_article(d, "Oil leaks .") for d in ("2010-04-19", "2010-04-20", "2010-04-22", "2010-04-25", "2010-04-26")]
    task_in = protocol.task_input(_task(ref), arts)
    assert [a.article.day.isoformat() for a in task_in.articles] == ["2010-04-20", "2010-04-22", "2010-04-25"]
    assert (task_in.dates, task_in.per_date, task_in.window) == (2, 1, (date(2010, 4, 20), date(2010, 4, 25)))
    assert task_in.keywords == ("oil",)


def test_check_output_refuses_timelines_that_break_the_task() -> None:
    task = _task(_tl(("2010-04-20", ("x",)), ("2010-04-25", ("y",))))
    check_output(task, _tl(("2010-04-21", ("Oil leaks .",))), "m")  # fine
    with pytest.raises(ProtocolError, match="3 dates"):
        check_output(task, _tl(*((f"2010-04-2{i}", ("oil",)) for i in range(3))), "m")
    with pytest.raises(ProtocolError, match="2 sentences"):
        check_output(task, _tl(("2010-04-21", ("oil", "more oil"))), "m")
    with pytest.raises(ProtocolError, match="none of the keywords"):
        check_output(task, _tl(("2010-04-21", ("Nothing here .",))), "m")
    with pytest.raises(ProtocolError, match="outside the window"):
        check_output(task, _tl(("2010-04-26", ("Oil .",))), "m")
    # the keyword test is a lower-cased substring test
    check_output(task, _tl(("2010-04-21", ("BOILING water",))), "m")


def test_average_is_f1_of_mean_precision_and_mean_recall() -> None:
    ref = _tl(("2010-04-20", ("Oil leaks into the Gulf .",)), ("2010-04-21", ("Rig sinks .",)))
    # task 1: all dates right but only half of them (P 1, R 0.5); task 2: two dates, one right
    sys1 = _tl(("2010-04-20", ("Oil leaks into the Gulf .",)))
    sys2 = _tl(("2010-04-20", ("Oil leaks into the Gulf .",)), ("2010-04-22", ("Rig sinks .",)))
    results = [TaskResult(_task(ref), 0, s, evaluate(s, ref)) for s in (sys1, sys2)]
    avg = protocol.average(results)["Date"]
    assert (avg.precision, avg.recall) == (0.75, 0.5)
    assert avg.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    mean_of_f1 = (results[0].reported()["Date"].f1 + results[1].reported()["Date"].f1) / 2
    assert avg.f1 != pytest.approx(mean_of_f1)


# --- registry and baseline ----------------------------------------------------------------


def test_registry_knows_the_baseline_and_the_engine_methods() -> None:
    info = registry.get("baseline")
    assert info.needs == "sentences"
    assert "baseline" in registry.names()
    assert registry.default_name() in registry.names()
    with pytest.raises(DatelineError, match="unknown timeline method 'nope'.*baseline"):
        registry.get("nope")


def test_registry_is_one_table_with_one_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert registry.names()[0] == registry.default_name() == "dateline"
    assert registry.get().name == "dateline" and registry.get("datewise").needs == "timexes"
    assert registry.get("datewise").description == "DATEWISE with the supervised date ranker (the published configuration)."
    monkeypatch.setattr(registry, "_TABLE", registry._Table(loaded=True))  # an empty table, nothing to import

    def one(task: TaskInput) -> Timeline:
        return Timeline(entries=())

    def two(task: TaskInput) -> Timeline:
        return Timeline(entries=())

    registry.register("one", needs=Needs.SENTENCES, default=True)(one)
    registry.register("one", needs=Needs.SENTENCES, default=True)(one)  # the same function again: fine
    with pytest.raises(ValueError, match="'one' is registered twice"):
        registry.register("one", needs=Needs.SENTENCES)(two)
    with pytest.raises(ValueError, match="two default timeline methods: 'one' and 'two'"):
        registry.register("two", needs=Needs.TIMEXES, default=True)(two)
    assert registry.names() == ["one"]
    with pytest.raises(ValueError):
        registry.register("three", needs="words")  # type: ignore[arg-type]


def test_baseline_picks_busiest_days_keyword_sentences_without_duplicates() -> None:
    arts = [
        _article("2010-04-20", "The rig explodes . Oil leaks into the Gulf . Oil leaks into the Gulf ."),
        _article("2010-04-20", "Oil  leaks into the gulf . Officials count the oil slick ."),
        _article("2010-04-21", "Oil reaches the coast ."),
        _article("2010-04-22", "Nothing about it ."),
        _article("2010-04-22", "Still nothing ."),
        _article("2010-04-23", "An oil boom is laid ."),
    ]
    ref = _tl(("2010-04-20", ("a", "b")), ("2010-04-21", ("c", "d")), ("2010-04-23", ("e", "f")))
    task_in = protocol.task_input(_task(ref), arts)
    tl = registry.get("baseline").func(task_in)
    # 04-22 is as busy as 04-20 but has no keyword sentence; ties go to the earlier day
    assert tl.dates == [date(2010, 4, 20), date(2010, 4, 21), date(2010, 4, 23)]
    first = tl.entries[0]
    assert first.sentences == ("Oil leaks into the Gulf .", "Officials count the oil slick .")
    for entry in tl.entries:
        for text, prov in zip(entry.sentences, entry.provenance, strict=True):
            art = next(a.article for a in arts if a.article.id == prov.article_id)
            assert art.text[prov.start : prov.end] == text
    check_output(_task(ref), tl, "baseline")


# --- real data ----------------------------------------------------------------------------


def test_tasks_of_the_shipped_timeline17() -> None:
    root = need_timeline17()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tasks = protocol.load_tasks(root)
        merged = {t.id: t for t in protocol.load_tasks(root, ["bpoil"], duplicates="merge")}
    assert len(tasks) == 14
    assert {t.topic for t in tasks} == {"bpoil", "egypt", "finan", "haiti", "libya", "syria"}
    by_id = {t.id: t for t in tasks}
    guardian = by_id["bpoil_guardian/guardian.txt"]
    assert guardian.num_dates == 102
    assert guardian.keywords == ("bp", "oil", "spill")
    # read the tilse way the first blocks of 2010-07-23 and 2010-07-27 are dropped
    kept = sum(len(e.sentences) for e in guardian.reference.entries)
    assert sum(len(e.sentences) for e in merged["bpoil_guardian/guardian.txt"].reference.entries) == kept + 6
    syria = sorted(t.reference_name for t in tasks if t.folder == "SyrianCrisis_reuters")
    assert syria == ["tl2.1.txt", "tl2.2.txt", "tl2.3.txt"]
    with pytest.raises(DatelineError, match="unknown topic mj"):
        protocol.load_tasks(root, ["mj"])


def test_baseline_end_to_end_on_haiti(tmp_path: Path) -> None:
    root = need_timeline17()
    bench = protocol.run(root, "baseline", topics=["haiti"], out_dir=tmp_path)
    assert len(bench.results) == 1
    result = bench.results[0]
    assert result.task.id == "haiti_bbc/bbc.txt"
    assert len(result.timeline) == result.task.num_dates == 11
    assert all(len(e.provenance) == len(e.sentences) for e in result.timeline.entries)
    assert set(bench.seconds) == {"read", "annotate", "build", "score"}
    assert any("empty file" in w for w in bench.warnings)  # haiti_bbc ships an empty article
    written = tmp_path / "haiti_bbc" / "bbc.txt"
    back = reader.read(written)
    assert back.dates == result.timeline.dates
    assert evaluate(back, result.task.reference) == result.scores


def test_bench_t17_command_prints_table_and_json() -> None:
    root = need_timeline17()
    runner = CliRunner()
    res = runner.invoke(main, ["bench", "t17", "--data", str(root), "--method", "baseline", "--topics", "haiti"])
    assert res.exit_code == 0, res.output
    assert "haiti_bbc/bbc.txt" in res.stdout
    assert "average F1 (of mean P, R)" in res.stdout
    assert "seconds: read" in res.stdout
    res = runner.invoke(
        main, ["bench", "t17", "--data", str(root), "-m", "baseline", "--topics", "haiti", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["method"] == "baseline"
    assert out["tasks"][0]["l"] == 11
    assert set(out["average"]) == {"AR1", "AR2", "Date", "concat-R1", "concat-R2"}


def test_bench_t17_command_errors_cleanly(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["bench", "t17", "--data", str(tmp_path / "missing"), "-m", "baseline"])
    assert res.exit_code == 1
    assert "Timeline17 not found at" in res.stderr and "docs/data.md" in res.stderr
    root = need_timeline17()
    res = runner.invoke(main, ["bench", "t17", "--data", str(root), "-m", "nope"])
    assert res.exit_code == 2  # a usage error: the choices are the registry's names
    assert f"unknown timeline method 'nope': expected one of {', '.join(registry.names())}" in res.stderr
    assert "Traceback" not in res.output


# --- bad reference files never abort a run -------------------------------------------------

_ARTICLES = {
    "2009-06-25": ["Michael Jackson dies in Los Angeles on Thursday .", "Fans gather outside the hospital ."],
    "2009-06-26": ["Tributes to Jackson pour in on Friday .", "Doctors examined Jackson on June 25 ."],
    "2009-06-27": ["Jackson 's family asks for a second autopsy .", "The singer died on June 25 ."],
    "2009-07-07": ["A memorial for Jackson is held in Los Angeles on Tuesday .", "Millions watch ."],
    "2009-07-08": ["Jackson 's memorial drew millions of viewers on July 7 .", "The police guard the road ."],
}


def _mini_timeline17(root: Path) -> dict[str, Path]:
    """A Timeline17 root with one topic (mj) whose two reference timelines reproduce the
    full release's faults: an impossible date line, and a date repeated in two blocks."""
    folder = root / "mj_test"
    for day, sentences in _ARTICLES.items():
        (folder / "InputDocs" / day).mkdir(parents=True)
        (folder / "InputDocs" / day / "1.htm.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    (folder / "timelines").mkdir()
    (root / "queries.json").write_text(json.dumps({"mj": ["jackson"]}), encoding="utf-8")
    sep = "-" * 32
    bad_date = folder / "timelines" / "bad_date.txt"
    bad_date.write_text(f"2009-06-25\nJackson dies .\n{sep}\n2009-06-0\nA line under a broken date .\n{sep}\n"
                        f"2009-07-07\nThe memorial for Jackson .\n{sep}\n", encoding="utf-8")
    repeated = folder / "timelines" / "repeated.txt"
    repeated.write_text(f"2009-06-25\nJackson dies .\n{sep}\n2009-06-26\nFans mourn .\n{sep}\n"
                        f"2009-06-25\nJackson dies in Los Angeles .\nA second autopsy is asked for .\n{sep}\n"
                        f"2009-07-08\nMillions watched the memorial .\n{sep}\n", encoding="utf-8")
    return {"bad_date": bad_date, "repeated": repeated}


@pytest.mark.parametrize("method", ["baseline", "dateline"])
def test_bench_t17_reads_around_bad_reference_lines(tmp_path: Path, method: str) -> None:
    files = _mini_timeline17(tmp_path / "t17")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["bench", "t17", "--data", str(tmp_path / "t17"), "-m", method,
                                    "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    bench = json.loads(res.stdout)
    tasks = {t["task"]: t for t in bench["tasks"]}
    assert sorted(tasks) == ["mj_test/bad_date.txt", "mj_test/repeated.txt"]
    # the entry under the impossible date is skipped, the rest of the file read
    assert tasks["mj_test/bad_date.txt"]["l"] == 2
    # the repeated date counts once: the last block (tilse's reading), k = round(4 / 3)
    assert (tasks["mj_test/repeated.txt"]["l"], tasks["mj_test/repeated.txt"]["k"]) == (3, 1)
    assert f"warning: {files['bad_date']}:4: malformed date line: impossible date '2009-06-0'" in res.stderr
    assert (f"warning: {files['repeated']}:7: duplicate date 2009-06-25 (also on line 1): the block on line 7 "
            "replaces the one on line 1 (tilse's reading)") in res.stderr

    # dateline evaluate reads the references as the benchmark does: the same scores
    for name, path in files.items():
        res = CliRunner().invoke(main, ["evaluate", "-s", str(out / "mj_test" / path.name), "-r", str(path),
                                        "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout) == tasks[f"mj_test/{path.name}"]["scores"], name
        assert f"{path}:" in res.stderr  # the same warning, naming the file and the line


def test_a_reference_file_that_cannot_be_read_is_skipped(tmp_path: Path) -> None:
    files = _mini_timeline17(tmp_path)
    files["bad_date"].write_bytes(b"\x00\x01binary")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tasks = protocol.load_tasks(tmp_path)
    assert [t.id for t in tasks] == ["mj_test/repeated.txt"]
    assert [str(w.message) for w in caught][0].startswith(
        f"{files['bad_date']}:1: reference skipped: binary file")
    (tmp_path / "queries.json").write_text("{}", encoding="utf-8")
    with pytest.warns(InputWarning, match="no keywords for topic 'mj'"), \
            pytest.raises(DatelineError, match="no reference timeline could be read"):
        protocol.load_tasks(tmp_path)
