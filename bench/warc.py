"""WARC ingest: peak memory flat in the size of the file, and speed.

Two WARC files are generated from the 61 pages of the article-extraction development set
(``article-extraction/`` in the shared data folder), gzipped record by record as crawlers
write them: ``1x`` holds each page once, ``10x`` each page ten times. Every page is a
``request`` record and a ``response`` record (HTTP 200, ``text/html``) with the page's
address as ``WARC-Target-URI`` (a ``?copy=N`` query on the copies) and a ``warcinfo`` record
starts the file; a third file (20x) shows where memory goes past one batch. In the copies every ``<p>`` starts with ``Copy N:``, so each copy is a
new article to annotate and store (the same page twice would only be counted present).

Each file is ingested by the real command, ``dateline ingest FILE --json`` (default batch
size, temporal tagging on), in a fresh process into a new database; CPU time and peak
resident memory come from ``os.wait4`` (that process only). Target: peak memory flat
between the 1x and 10x files (the same, within noise, once a file fills a batch).

    .venv/bin/python -m bench.warc [--copies 1,10,20]     # from the repository root
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import common
from bench.webpages import article_extraction

DATELINE = Path(sys.executable).parent / "dateline"
_P = re.compile(rb"<p(\s|>)", re.IGNORECASE)


def write_warc(path: Path, pages: list[tuple[str, bytes]], copies: int) -> int:
    """Write ``copies`` copies of ``pages`` (address, HTML); the number of HTML records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "dateline bench.warc"}))
        for copy in range(copies):
            for url, html in pages:
                target = url if copy == 0 else f"{url}{'&' if '?' in url else '?'}copy={copy}"
                body = html if copy == 0 else _P.sub(lambda m, c=copy: b"<p" + m.group(1) + f"Copy {c}: ".encode(), html)
                req = StatusAndHeaders(f"GET {target} HTTP/1.1", [("User-Agent", "bench")], is_http_request=True)
                writer.write_record(writer.create_warc_record(target, "request", http_headers=req))
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(target, "response", payload=io.BytesIO(body),
                                                              http_headers=http))
                n += 1
    return n


def measure(argv: list[str]) -> tuple[float, int, str]:
    """CPU seconds, peak RSS (KiB) and standard output of a fresh process."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {text[:500]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="the article-extraction folder (default: in the shared data folder)")
    parser.add_argument("--copies", default="1,10,20", help="copies of each page, one file each (default 1,10,20)")
    args = parser.parse_args()
    root = article_extraction(args.data)
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(v["url"], (root / "html" / f"{k}.html").read_bytes()) for k, v in gold.items()]
    idle_cpu, idle_rss, _ = measure([sys.executable, "-c", "import dateline.cli, dateline.readers.warc, trafilatura"])
    print(f"WARC files from the {len(pages)} article-extraction pages; `dateline ingest FILE --json` in a fresh "
          "process, new database, tagging on.")
    rows: dict[tuple[int, int | None], int] = {}
    sizes = [int(c) for c in args.copies.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for copies in sizes:
            path = Path(tmp) / f"pages-{copies}x.warc.gz"
            files[copies] = (path, write_warc(path, pages, copies))
        for batch in (None, 50):
            label = "default batch size (500)" if batch is None else f"`--batch-size {batch}`"
            print(f"\n{label}:\n")
            print("| file | size MB | HTML records | added | present | rejected | CPU s | pages per CPU s | peak RSS MB |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for copies in sizes if batch is None else sizes[:2]:
                path, records = files[copies]
                extra = [] if batch is None else ["--batch-size", str(batch)]
                cpu, rss, out = measure([str(DATELINE), "ingest", str(path), "--json", *extra,
                                         "--db", str(Path(tmp) / f"{copies}-{batch}.db")])
                report = json.loads(out)
                rows[copies, batch] = rss
                print(f"| {copies}x | {path.stat().st_size / 2**20:.1f} | {records} | {report['added']} | "
                      f"{report['present']} | {len(report['rejected'])} | {cpu:.1f} | {records / cpu:.1f} | "
                      f"{rss / 1024:.0f} |")
    first = sizes[0]
    ratios = "; ".join(
        f"{'default' if b is None else b}: {c}x / {first}x {r / rows[first, b]:.2f}"
        for (c, b), r in rows.items() if c != first)
    print(f"\nPeak RSS ratios ({ratios}). An idle interpreter with dateline's CLI, the WARC reader and "
          f"trafilatura imported: {idle_rss / 1024:.0f} MB, {idle_cpu:.2f} CPU s. The pipeline holds one batch "
          "(`--batch-size`, 500 by default) while it annotates and writes it, whatever the file's size; the 1x "
          "file (60 articles) fills only part of a 500-article batch, so with the default the 1x row is lower. "
          "`present`: copies whose text the `Copy N:` mark did not change (pages whose body is not in <p>).")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("warc", main, title="WARC ingest: memory and speed", markdown=True))
