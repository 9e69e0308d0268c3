"""Web pages: the body text and the publication date dateline reads from real news pages,
against bare trafilatura on the same pages, in one run; and HTML ingest end to end.

Data: the 61 pages of the article-extraction development set (``article-extraction/`` in
the shared data folder: ``html/<key>.html`` and ``ground-truth.json`` with the body a person
marked on each page and its address; see docs/data.md).

Scoring (the benchmark's own): both texts split into word tokens (``\\w+``), 4-token
shingles counted; per page true positives, false positives and false negatives from the
shingle counts, normalised to sum to 1 (a long page weighs no more than a short one);
precision and recall averaged over pages; F1 of the two averages.

Rows:

- ``trafilatura extract()``: trafilatura 2.x with default settings (comments included);
- ``dateline (no rules)``: what dateline's html reader gets from trafilatura before its
  cleaning rules (comments left out, metadata on);
- ``dateline``: the html reader as ``dateline ingest`` runs it (:func:`dateline.readers.html.parse`).

URL dates: the share of pages whose address holds a day (``/2019/11/20/``,
``/2019/nov/20/``) whose publication date is that day. Pages/s: pages per CPU second of
this process, extraction only (the page bytes are read before the clock starts).

``--rules`` also prints, for each cleaning rule, the pages it changed (precision and recall
before and after), alone and added last to the others: how each rule is judged. ``--ingest`` (on by default; ``--no-ingest``
skips it) runs ``dateline ingest`` on the 61 pages in a fresh process into a new database
(extract, split, tag, store) and reports pages per CPU second of that process (from
``os.wait4``); then the same pipeline over the pages three times in one process (each pass
into a new database), so the one-time set-up is seen apart from the rate of a long ingest
(target: at least 30 pages per CPU second).

    .venv/bin/python -m bench.webpages [--rules] [--no-ingest]     # from the repository root
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench import common

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
URL_DAY = re.compile(r"/((?:19|20)\d\d)/(\d\d?|[a-z]{3})/(\d\d?)(?:/|$)", re.IGNORECASE)
DATELINE = Path(sys.executable).parent / "dateline"


def article_extraction(arg: str | None) -> Path:
    root = Path(arg) if arg else common.data_root() / "article-extraction"
    return common.require(root, "the article-extraction pages", "ground-truth.json")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text)
    return Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))


def page_scores(predicted: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one page (the benchmark's normalised shingle counts)."""
    p, g = shingles(predicted), shingles(gold)
    tp, fp, fn = sum((p & g).values()), sum((p - g).values()), sum((g - p).values())
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0
    tp, fp, fn = tp / total, fp / total, fn / total
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def summary(per_page: dict[str, tuple[float, float]]) -> tuple[float, float, float]:
    precision = sum(p for p, _ in per_page.values()) / len(per_page)
    recall = sum(r for _, r in per_page.values()) / len(per_page)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def url_day(url: str) -> date | None:
    m = URL_DAY.search(url)
    if not m:
        return None
    year, month, day = m.groups()
    number = MONTHS.get(month.lower()) if month.isalpha() else int(month)
    try:
        return date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


class Run:
    """One extractor over every page: bodies, dates, CPU time."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.bodies: dict[str, str] = {}
        self.dates: dict[str, date | None] = {}
        self.cpu = 0.0
        self.rejected: dict[str, str] = {}

    def scores(self, gold: dict[str, dict[str, str]]) -> dict[str, tuple[float, float]]:
        return {k: page_scores(self.bodies.get(k, ""), v["articleBody"]) for k, v in gold.items()}


def run_pages(name: str, pages: list[tuple[str, str, bytes]],
              one: Callable[[str, str, bytes], tuple[str, date | None]]) -> Run:
    run = Run(name)
    for key, url, data in pages:
        started = time.process_time()
        body, day = one(key, url, data)
        run.cpu += time.process_time() - started
        run.bodies[key], run.dates[key] = body, day
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="the article-extraction folder (default: in the shared data folder)")
    parser.add_argument("--rules", action="store_true", help="print the pages each cleaning rule changed")
    parser.add_argument("--ingest", action=argparse.BooleanOptionalAction, default=True,
                        help="also time `dateline ingest` on the pages (default: on)")
    args = parser.parse_args()
    root = article_extraction(args.data)
    gold: dict[str, dict[str, str]] = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(k, v["url"], (root / "html" / f"{k}.html").read_bytes()) for k, v in gold.items()]

    import trafilatura

    from dateline.errors import InputError
    from dateline.readers import html
    from dateline.readers.web import decode_markup

    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.WARNING)  # trafilatura logs every page it discards

    def bare(key: str, url: str, data: bytes) -> tuple[str, date | None]:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True)
        if doc is None:
            return "", None
        text = trafilatura.extract(data, url=url) or ""
        return text, date.fromisoformat(doc.date) if doc.date else None

    def bare_text(key: str, url: str, data: bytes) -> tuple[str, date | None]:
        return trafilatura.extract(data, url=url) or "", None

    def no_rules(key: str, url: str, data: bytes) -> tuple[str, date | None]:
        got = html.extract(decode_markup(data)[0], url, rules=())
        return ("\n\n".join(got.paragraphs), got.published) if got else ("", None)

    rejected: dict[str, str] = {}

    def ours(key: str, url: str, data: bytes) -> tuple[str, date | None]:
        try:
            article = html.parse(data, origin=key, url=url)
        except InputError as exc:
            rejected[key] = exc.reason
            got = html.extract(decode_markup(data)[0], url)
            return ("\n\n".join(got.paragraphs) if got else ""), None
        return article.text, article.day

    # warm up: the first page pays for imports and lazy initialisation in both libraries
    bare_text(*pages[0])
    ours(*pages[0])
    rejected.clear()
    runs = [
        run_pages("trafilatura extract()", pages, bare_text),
        run_pages("dateline (no rules)", pages, no_rules),
        run_pages("dateline", pages, ours),
    ]
    # trafilatura's metadata date, measured separately so its extract() time stays bare
    dated = run_pages("trafilatura metadata", pages, bare)
    runs[0].dates = dated.dates

    url_dated = {k: d for k, u, _ in pages if (d := url_day(u)) is not None}
    print(f"{len(pages)} pages; {len(url_dated)} with a day in the address\n")
    print("| extractor | F1 | precision | recall | URL-dated pages dated that day | pages/s (CPU) |")
    print("|---|---:|---:|---:|---:|---:|")
    for run in runs:
        f1, p, r = summary(run.scores(gold))
        right = sum(run.dates.get(k) == d for k, d in url_dated.items())
        dates = f"{right}/{len(url_dated)}" if run.name != "dateline (no rules)" else "-"
        print(f"| {run.name} | {f1:.3f} | {p:.3f} | {r:.3f} | {dates} | {len(pages) / run.cpu:.1f} |")
    wrong = [(k, d, runs[2].dates.get(k)) for k, d in url_dated.items() if runs[2].dates.get(k) != d]
    for key, want, got in wrong:
        print(f"\nURL-dated page dated otherwise: {gold[key]['url']} (address {want}, read {got})")
    print(f"\ndateline rejected {len(rejected)} of {len(pages)} pages (scored on the body it extracted):")
    for key, reason in sorted(rejected.items()):
        print(f"- {gold[key]['url']}: {reason}")

    per_page = {run.name: run.scores(gold) for run in runs}
    changed = [k for k in gold if per_page["dateline"][k] != per_page["trafilatura extract()"][k]]
    better = sum(sum(per_page["dateline"][k]) > sum(per_page["trafilatura extract()"][k]) for k in changed)
    print(f"\nPages where dateline's body differs in score from trafilatura extract(): {len(changed)}; "
          f"better (precision + recall) on {better}, worse on {len(changed) - better}.")

    if args.rules:
        print_rules(pages, gold, html)
    if args.ingest:
        print_ingest(root, gold)
    return 0


def print_rules(pages: list[tuple[str, str, bytes]], gold: dict[str, dict[str, str]], html: object) -> None:
    """Each rule alone against no rules: the pages it changed."""
    from dateline.readers import html as reader
    from dateline.readers.web import decode_markup

    texts = {k: decode_markup(data)[0] for k, _, data in pages}
    urls = {k: u for k, u, _ in pages}

    def bodies(rules: tuple[str, ...]) -> dict[str, tuple[float, float]]:
        out = {}
        for k in gold:
            got = reader.extract(texts[k], urls[k], rules=rules)
            out[k] = page_scores("\n\n".join(got.paragraphs) if got else "", gold[k]["articleBody"])
        return out

    base = bodies(())
    everything = bodies(reader.RULES)
    for rule in reader.RULES:
        alone = bodies((rule,))
        without = bodies(tuple(r for r in reader.RULES if r != rule))
        for name, before, after in ((f"Rule {rule} alone (against no rules)", base, alone),
                                    (f"Rule {rule} added last (all rules against all but {rule})", without,
                                     everything)):
            changed = [k for k in gold if after[k] != before[k]]
            f1, p, r = summary(after)
            print(f"\n{name}: F1 {f1:.3f} (precision {p:.3f}, recall {r:.3f}); changed {len(changed)} pages"
                  + (":\n" if changed else "."))
            if changed:
                print("| page | precision | recall |")
                print("|---|---|---|")
            for k in changed:
                (p0, r0), (p1, r1) = before[k], after[k]
                print(f"| {urls[k][:70]} | {p0:.3f} → {p1:.3f} | {r0:.3f} → {r1:.3f} |")


INGEST_IDLE = "import dateline.cli, dateline.readers.html, trafilatura, htmldate"

# The pipeline `dateline ingest` runs (read_source -> annotate.ingest with the default tagger
# -> a new SQLite store), over the same pages three times in one process, each time into a
# new database: the first pass pays the one-time costs (imports, the tagger compiling its
# patterns, trafilatura's set-up), the later ones show the rate of a long ingest.
INGEST_PASSES = """
import json, sys, time, warnings
from pathlib import Path
from dateline.annotate import default_tagger, ingest
from dateline.readers import iter_sources, read_source
from dateline.store import open_store
warnings.simplefilter("ignore")
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
rows = []
for n in range(3):
    started = time.process_time()
    with open_store(out / f"pass{n}.db") as store:
        result = ingest(store, (i for s in iter_sources([folder]) for i in read_source(s)), tagger=default_tagger())
    rows.append([time.process_time() - started, result.added, len(result.rejected)])
print(json.dumps(rows))
"""


def _measure(argv: list[str]) -> tuple[float, int, str]:
    """CPU seconds, peak RSS (KiB) and standard output of a fresh process."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {text[:500]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss, text


def print_ingest(root: Path, gold: dict[str, dict[str, str]]) -> None:
    """``dateline ingest`` on the pages, in a fresh process; then the same pipeline three
    times in one process."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for key in gold:
            shutil.copyfile(root / "html" / f"{key}.html", folder / f"{key}.html")
        idle_cpu, _, _ = _measure([sys.executable, "-c", INGEST_IDLE])
        cpu, rss, out = _measure([str(DATELINE), "ingest", str(folder), "--json", "--db", str(Path(tmp) / "x.db")])
        _, _, passes_out = _measure([sys.executable, "-c", INGEST_PASSES, str(folder), tmp])
    report = json.loads(out)
    n = report["added"] + report["present"]
    print(f"\nHTML ingest end to end (extract, date, split, tag, store) on the {len(gold)} pages, each run "
          "into a new database; pages per CPU second count every page read, stored or rejected:\n")
    print("| run | pages stored | rejected | CPU s | pages per CPU s |")
    print("|---|---:|---:|---:|---:|")
    print(f"| `dateline ingest FOLDER --json`, fresh process (start-up included) | {n} | {len(report['rejected'])} | "
          f"{cpu:.2f} | {len(gold) / cpu:.1f} |")
    for i, (pass_cpu, added, rejected) in enumerate(json.loads(passes_out), 1):
        what = "first pass in one process (one-time set-up included)" if i == 1 else f"pass {i} in the same process"
        print(f"| {what} | {added} | {rejected} | {pass_cpu:.2f} | {len(gold) / pass_cpu:.1f} |")
    print(f"\nPeak RSS of `dateline ingest`: {rss / 1024:.0f} MB. Interpreter start-up with these modules "
          f"imported (`python -c \"{INGEST_IDLE}\"`): {idle_cpu:.2f} CPU s. Most of the rest of the first "
          "pass's extra time is the temporal tagger compiling its patterns on first use. Target: at least 30 "
          "pages per CPU second over a long ingest.")
    for r in report["rejected"]:
        print(f"- rejected {Path(r['path']).name[:12]}…: {r['reason']}")


if __name__ == "__main__":
    sys.exit(common.run_and_record("webpages", main, title="Web pages: body text, dates and speed", markdown=True))
