"""What one article costs as it grows: tagging and sentence splitting (time, timexes, peak
memory) on 1, 2, 4 and 8 MiB of date-dense text, and a full-text search that matches one
long article, with FTS5's ``snippet()`` over the whole text (what search did before) and
with the store's bounded window (what it does now).

Both should grow linearly with the size; the article size limit (2 MiB by default,
``dateline ingest --max-article-size``, :mod:`dateline.limits`) is what bounds them. Each
tagging size runs in a fresh process, so its peak memory (``ru_maxrss``) is its own. The
text repeats a 190-character news sentence pair with five time expressions; CPU seconds are
``time.process_time()``.

    .venv/bin/python -m bench.article_size [--sizes 1,2,4,8] [--search-sizes 0.25,0.5,1,2]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import common

UNIT = ("On March 3, 2019, the council met again. By Tuesday the vote was set for June 4 at 5 p.m., "
        "two weeks after the 2018 budget; last month it slipped to 2020-01-15, then to next Friday. ")
NEWS = "The council met on Monday and the bridge vote was set for Tuesday after a long debate. "

_TAG_ONE = """
import json, resource, sys, time
from datetime import date
from dateline import timex
from dateline.text.sentences import sentence_spans
size = int(float(sys.argv[1]) * 2**20)
unit = sys.argv[2]
text = (unit * (size // len(unit) + 1))[:size]
timex.tag("warm up on Monday", date(2019, 3, 1))
t = time.process_time(); spans = sentence_spans(text); split = time.process_time() - t
t = time.process_time(); found = timex.tag(text, date(2019, 3, 1)); tag = time.process_time() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"sentences": len(spans), "split": split, "timexes": len(found), "tag": tag, "peak": peak}))
"""


def tagging(sizes: list[float]) -> None:
    print("Tagging and sentence splitting, one article of date-dense text (a fresh process per size)")
    header = f"{'MiB':>5} {'timexes':>9} {'tag s':>8} {'s/MiB':>7} {'sentences':>10} {'split s':>8} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for size in sizes:
        out = subprocess.run([sys.executable, "-c", _TAG_ONE, str(size), UNIT], capture_output=True, text=True,
                             check=True)
        r = json.loads(out.stdout)
        print(f"{size:>5g} {r['timexes']:>9,} {r['tag']:>8.2f} {r['tag'] / size:>7.2f} {r['sentences']:>10,} "
              f"{r['split']:>8.3f} {r['peak']:>8.0f}")


def searching(sizes: list[float]) -> None:
    from datetime import date

    from dateline.annotate import ingest
    from dateline.limits import Limits, MiB
    from dateline.model import Article
    from dateline.store import open_store

    print("\nSearch for a word that occurs in every sentence of one long article (news-like text)")
    header = f"{'MiB':>5} {'matches':>9} {'snippet() over the whole text ms':>34} {'store.search ms':>16}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            db = Path(tmp) / f"s{size}.db"
            n = int(size * MiB)
            text = (NEWS * (n // len(NEWS) + 1))[:n]
            with open_store(db) as store:
                ingest(store, [Article.create(published=date(2024, 3, 5), title="long", text=text)], tagger=None,
                       limits=Limits(max_article_bytes=n + 1024))
                started = time.perf_counter()
                store.search("bridge", limit=10)
                new = time.perf_counter() - started
            with sqlite3.connect(db) as con:
                started = time.perf_counter()
                con.execute("SELECT snippet(articles_fts, 1, '[', ']', '…', 16) FROM articles_fts"
                            " WHERE articles_fts MATCH 'bridge'").fetchall()
                old = time.perf_counter() - started
            print(f"{size:>5g} {text.count('bridge'):>9,} {old * 1000:>34.1f} {new * 1000:>16.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="Sizes (MiB) of the tagged article.")
    parser.add_argument("--search-sizes", default="0.25,0.5,1,2", help="Sizes (MiB) of the searched article.")
    args = parser.parse_args()
    tagging([float(s) for s in args.sizes.split(",") if s.strip()])
    searching([float(s) for s in args.search_sizes.split(",") if s.strip()])
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("article_size", main, title="What one article costs as it grows"))
