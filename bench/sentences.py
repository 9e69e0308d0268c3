"""Sentence splitters compared: dateline's own, pysbd, syntok, NLTK Punkt (untrained).

Accuracy is boundary precision/recall/F1, where a boundary is the start offset of every
sentence but the first of a text:

- Timeline17 (see docs/data.md; without it those columns are n/a): each article's lines
  are its gold sentences; the splitters get the lines joined by one space. Lines that end
  without punctuation (headlines glued to the first sentence) cannot be found by any of
  them, so recall has a ceiling below 1.
- Hand-made cases (tests/fixtures/sentences.txt): boundary F1 and the share of cases split
  exactly right.
- The sample corpus (data/sample): no gold; each splitter's agreement (F1) with ours.

All splitters are compared on the same Timeline17 subset (every --every-th article; pysbd
and syntok are too slow for all 3,741), and ours also on all articles. Speed: sentences per
CPU second (process time, so other load on a shared machine does not count) on that subset,
one process; and ours on the texts as ingest gives them (one sentence per line).

    .venv/bin/python -m bench.sentences [--every 10]     # from the repository root
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable

from bench import common

REPO = common.REPO
CASES = REPO / "tests" / "fixtures" / "sentences.txt"
SAMPLE = REPO / "data" / "sample"

Splitter = Callable[[str], list[int]]  # text -> start offsets of sentences


def ours() -> Splitter:
    from dateline.text.sentences import sentence_spans

    return lambda text: [s for s, _ in sentence_spans(text)]


def pysbd_splitter() -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def split(text: str) -> list[int]:
        out = []
        for span in seg.segment(text):
            start = span.start
            while start < len(text) and text[start].isspace():
                start += 1
            out.append(start)
        return out

    return split


def syntok_splitter() -> Splitter:
    from syntok import segmenter

    def split(text: str) -> list[int]:
        return [sent[0].offset for para in segmenter.analyze(text) for sent in para]

    return split


def punkt_splitter() -> Splitter:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tok = PunktSentenceTokenizer()
    return lambda text: [s for s, _ in tok.span_tokenize(text)]


SPLITTERS: dict[str, Callable[[], Splitter]] = {
    "dateline": ours,
    "pysbd 0.3.4": pysbd_splitter,
    "syntok 1.4.4": syntok_splitter,
    "nltk punkt (untrained)": punkt_splitter,
}


def joined(sentences: list[str]) -> tuple[str, set[int]]:
    """Sentences joined by a space, and the gold boundaries (starts but the first)."""
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    return " ".join(sentences), set(starts[1:])


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_cases() -> list[list[str]]:
    cases: list[list[str]] = []
    block: list[str] = []
    for line in CASES.read_text(encoding="utf-8").split("\n"):
        if line.startswith("#"):
            continue
        if line.strip():
            block.append(line.strip())
        elif block:
            cases.append(block)
            block = []
    if block:
        cases.append(block)
    return cases


def load_timeline17() -> list[list[str]]:
    from dateline.errors import InputWarning
    from dateline.readers import timeline17

    root = common.data_root() / "timeline17"
    if not root.is_dir():
        print(common.missing_message("Timeline17", root) + "; its columns are n/a", file=sys.stderr)
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        return [a.text.split("\n") for a in timeline17.read_corpus(root)]


def load_sample() -> list[str]:
    from dateline.errors import DatelineError
    from dateline.readers import dateline_text

    texts = []
    for path in sorted(SAMPLE.rglob("*.txt")):
        try:
            texts.append(dateline_text.read(path).text)
        except DatelineError:
            continue
    return texts


def evaluate(split: Splitter, docs: list[tuple[str, set[int]]]) -> tuple[float, float, float, float, int]:
    tp = n_pred = n_gold = 0
    t0 = time.process_time()
    predicted = [split(text) for text, _ in docs]
    elapsed = time.process_time() - t0
    n_sent = 0
    for (_, gold), starts in zip(docs, predicted, strict=True):
        pred = set(starts) - {min(starts, default=0)}
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
        n_sent += len(starts)
    p, r, f = prf(tp, n_pred, n_gold)
    return p, r, f, elapsed, n_sent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--every", type=int, default=10, help="Timeline17 subset: every N-th article")
    args = ap.parse_args()

    t17_lines = load_timeline17()
    t17_all = [joined(lines) for lines in t17_lines]
    t17 = t17_all[:: args.every]
    cases = load_cases()
    case_docs = [joined(c) for c in cases]
    sample = load_sample()
    splitters = {name: make() for name, make in SPLITTERS.items()}
    ours_split = splitters["dateline"]

    print(f"Timeline17 subset: {len(t17)} of {len(t17_all)} articles (every {args.every}th), "
          f"{sum(len(g) + 1 for _, g in t17):,} gold sentences; hand-made: {len(cases)} cases; "
          f"sample corpus: {len(sample)} articles")
    print()
    header = (f"{'splitter':<24} {'T17 P':>6} {'T17 R':>6} {'T17 F1':>6} | {'cases F1':>8} {'exact':>7} "
              f"| {'sample agr.':>11} | {'sent/CPU s':>10}")
    print(header)
    print("-" * len(header))
    for name, split in splitters.items():
        if t17:
            p, r, f, elapsed, n_sent = evaluate(split, t17)
            t17_cols = f"{p:>6.3f} {r:>6.3f} {f:>6.3f}"
            speed = f"{n_sent / elapsed:>10,.0f}"
        else:
            t17_cols, speed = f"{'n/a':>6} {'n/a':>6} {'n/a':>6}", f"{'n/a':>10}"
        _, _, cf, _, _ = evaluate(split, case_docs)
        exact = sum(set(split(text)) - {0} == gold for text, gold in case_docs)
        if sample:
            ref_docs = [(t, set(ours_split(t)) - {0}) for t in sample]
            agr = f"{evaluate(split, ref_docs)[2]:>11.3f}"
        else:
            agr = f"{'n/a':>11}"
        print(f"{name:<24} {t17_cols} | {cf:>8.3f} {exact:>3}/{len(cases):<3} | {agr} | {speed}")
    if t17_all:
        from dateline.text.sentences import sentence_spans

        p, r, f, elapsed, n_sent = evaluate(ours_split, t17_all)
        print()
        print(f"dateline on all {len(t17_all)} Timeline17 articles: P {p:.3f} R {r:.3f} F1 {f:.3f}, "
              f"{n_sent / elapsed:,.0f} sentences/CPU s")
        line_texts = ["\n".join(lines) for lines in t17_lines]
        t0 = time.process_time()
        n = sum(len(sentence_spans(t)) for t in line_texts)
        elapsed = time.process_time() - t0
        print(f"dateline on ingest's input (one sentence per line): {n:,} sentences, "
              f"{n / elapsed:,.0f} sentences/CPU s, {len(line_texts) / elapsed:,.0f} articles/CPU s")
    return 0 if t17_all else common.EXIT_NO_DATA  # without Timeline17 the table is partial: not recorded


if __name__ == "__main__":
    sys.exit(common.run_and_record("sentences", main, title="Sentence splitters compared"))
