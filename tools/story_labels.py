"""Build the labelled near-duplicate pairs of Timeline17 that bench/stories.py scores the
story grouping on: ``bench/data/timeline17_story_pairs.tsv`` (article ids and labels only;
no article text leaves the data set).

    .venv/bin/python -m tools.story_labels [--data DIR] [--check]

The procedure (docs/ingest.md, "Near-duplicate stories", says why):

1. **Articles**: every Timeline17 article, once per id (the same file in two folders of a
   topic is one article; :func:`dateline.readers.timeline17.read_corpus`).
2. **Candidate pairs**, by two cheap signals that do not use MinHash: pairs of articles
   sharing at least :data:`SHINGLE_MIN` of the shorter article's word 5-shingles (exact
   sets, through an inverted index of the shingles that occur in at most
   :data:`MAX_DF` articles), and pairs sharing at least two content sentences (below).
   Every other pair is taken to be two different stories.
3. **Content sentences**: Timeline17 has one sentence per line; a line counts when it has
   at least :data:`MIN_SENTENCE_WORDS` words and is not page furniture: a line (lower-cased,
   white space collapsed) that occurs in articles published on :data:`FURNITURE_DAYS` or more
   different days is navigation, a sidebar, an edition banner or a comment-form text ("You
   've selected the U.S. Edition .", "What do you think of this story ?").
4. **The rule**: a candidate pair is one story when the shorter article (in content
   sentences) has at least :data:`MIN_CONTENT` content sentences and at least
   :data:`SAME_SHARE` of them are in the other article, a sentence counting as in it when
   the other has a content sentence whose set of words overlaps it by :data:`SENTENCE_SAME`
   or more (Jaccard; an edited sentence still counts). It says *same report*: one text is a
   copy, a cut or a later version of the other (a wire story and its copy, a copy cut
   short, a page updated during the day, the same article with and without page
   furniture); two articles on the same event written separately, or sharing a quote, a
   background box or a sidebar, are two stories.
5. **Reading**: the pairs in :data:`READ` were read by a person (both texts side by side),
   sampled where the rule is most likely wrong (rule-positive pairs with a low shingle
   Jaccard, rule-negative pairs with a high one, pairs whose share is near the cut); where
   the reading disagreed with the rule, the reading is the label (``how`` = ``read``). The
   reader's notes are in :data:`READ`; the tool prints how often the two agreed.

Columns of the file: ``a``, ``b`` (article ids, a < b), ``same`` (1/0), ``how`` (``rule`` or
``read``), ``share`` (the rule's share of content sentences), ``jaccard`` (exact Jaccard of
the word 5-shingle sets), ``topic``.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import warnings
from collections import defaultdict
from pathlib import Path

from bench import common

from dateline.model import Article
from dateline.readers import timeline17

OUT = common.REPO / "bench" / "data" / "timeline17_story_pairs.tsv"
SHINGLE_MIN = 0.3
MAX_DF = 50
MIN_SENTENCE_WORDS = 6
FURNITURE_DAYS = 4
MIN_CONTENT = 3
SAME_SHARE = 0.5
SENTENCE_SAME = 0.7
_WORD = re.compile(r"\w+")

#: Pairs read by a person: (a, b) -> (same story?, note). Chosen to test the rule where it is
#: most likely wrong: rule-positive pairs with a low shingle Jaccard, rule-negative pairs with
#: a high one, and pairs whose share is near the cut (see the module docstring).
READ: dict[tuple[str, str], tuple[bool, str]] = {
    ("c35d8159733cf893", "d1c84ee91e782ff3"): (True, "Reuters report and a copy cut to its first paragraphs"),
    ("19d4a611561c3a2d", "d0110bccb37005eb"): (True, "CNN Wire report and a shorter version"),
    ("53e446ba8595969c", "c1a73f2a3864ce39"): (True, "CNN Wire roll-up that carries the earlier Arab League report"),
    ("1ad56730c0d83d9d", "65e4e4871d005b06"): (True, "the same Hollywood Reporter article, one cut short"),
    ("c45da3d0cb3bdeb5", "ee87110a7fc52734"): (True, "CNN key-events chronology, carried whole in a later page"),
    ("092e47779ddad708", "e7d43cd42ff7ba26"): (True, "a CNN update carried in the live page of the next day"),
    ("14fe2949e9e1e09c", "dee7d0d4defc9489"): (True, "an analysis carried whole in a CNN live page"),
    ("6bae37a0ee677855", "db8f30ece720db95"): (True, "CNN Wire report and a shorter version"),
    ("06d1abceacbea7bc", "50b25d379d7175e6"): (True, "Reuters brief carried in a later Reuters roll-up"),
    ("308cd26330b94819", "fa0e7cbf6cd55159"): (True, "two versions of one CNN report"),
    ("bc4be1e578cf62bd", "f14fac9c45e4e463"): (True, "BBC page updated during the day (new top, most paragraphs kept)"),
    ("4028aa248afa50bf", "b534097630f02cdb"): (True, "BBC page updated during the day"),
    ("67067f5e7332d225", "aba754dfe7f4a507"): (False, "two CNN pages sharing only the comment form"),
    ("4c085af840897de9", "d2f9f903edabccc0"): (False, "two video pages sharing a widget"),
    ("c19f7e6be9d376ab", "dbd285a9e3905850"): (True, "Reuters wrap and its next-day version"),
    ("2c2c6fc11951dec5", "6dd192da2512170e"): (True, "Reuters report and its next-day version (same lead, edited)"),
    ("39f1b62f64e93d68", "fc4b50e84030d41d"): (True, "BBC report on the spill commission and its next-day version"),
    ("77373c26aac4ede1", "a9d755bc01479f92"): (True, "Reuters factbox and its version two days later"),
    ("0aef5620a7fd3a3e", "441b042fd3781541"): (True, "BBC page updated during the day"),
    ("0aef5620a7fd3a3e", "c721aad08f370167"): (True, "BBC page updated during the day"),
    ("3840adcf7d9e0f8a", "5582adc0d4d0054c"): (True, "BBC page updated during the day (reactions added)"),
    ("4cb9ca70f78ac8b8", "f75d1adc14ff305f"): (False, "two CNN iReport pages: template text only"),
    ("3b18be990d32d25a", "9a607bc5382240a1"): (True, "BBC page on Hayward's departure updated during the day"),
    ("561eced9377c5332", "9a3306f66029a966"): (True, "BBC page on the new cap updated during the day"),
    ("92e0865e7728005b", "ee0fe714161cb49c"): (False, "a BBC business story and a spill story that quotes part of it"),
    ("48ef3b726de37bc8", "b53dd39016dd9d76"): (False, "two Reuters reports on related events, shared background"),
    ("201e95cf5252801a", "3deb29385ab3ddf1"): (False, "Reuters wrap rewritten the next day (a third kept)"),
    ("77373c26aac4ede1", "b8d99ee5404b3615"): (False, "a Reuters factbox and a separate report"),
    ("1f2ddb2bfdb9beed", "77373c26aac4ede1"): (False, "Reuters factbox two weeks apart, mostly new entries"),
    ("5582adc0d4d0054c", "64bc5382178fd247"): (True, "BBC report and a cut of it"),
    ("24c1b980b665a2cc", "87399f2d9a142b68"): (True, "the same Reuters column, two versions"),
    ("19c348341181ec8a", "92fc69133bfe9848"): (True, "Fox carrying an AP report and its next-day version (same lead)"),
    ("7d15410cd4e49720", "8d426300e0c9a337"): (True, "the same Washington Post article with and without the header"),
    ("53f842697ce5e6f7", "5a6601676beae61e"): (True, "two versions of one Reuters report"),
    ("3c088ca9e8554f45", "d6ee66821f7b98ba"): (False, "two Fox reports of consecutive days sharing photo captions"),
    ("87d1f2af155311da", "f045e9f6e0f512fe"): (True, "BBC report and its next-day version"),
    ("48918494d413f247", "c8bdaecdb056fa99"): (True, "a CNN report carried in a CNN Wire roll-up"),
    ("a684a7ef6eed5578", "f5c55863716173c4"): (False, "two BBC stories of one day sharing background"),
}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str) -> frozenset[str]:
    w = _words(text)
    return frozenset(" ".join(w[i : i + 5]) for i in range(len(w) - 4))


def _line_key(line: str) -> str:
    return " ".join(line.lower().split())


def _share(ca: set[str], cb: set[str]) -> float:
    """The share of the shorter set's sentences that the other holds (exactly, or as a
    sentence whose words overlap it by SENTENCE_SAME or more)."""
    short, other = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    other_words = [frozenset(x.split()) for x in other]
    found = 0
    for sentence in short:
        if sentence in other:
            found += 1
            continue
        words = frozenset(sentence.split())
        if any(len(words & w) >= SENTENCE_SAME * len(words | w) for w in other_words):
            found += 1
    return found / len(short)


def load(data: Path) -> list[Article]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list({a.id: a for a in timeline17.read_corpus(data)}.values())


def label(arts: list[Article]) -> list[dict[str, object]]:
    by_id = {a.id: a for a in arts}
    sh = {a.id: shingles(a.text) for a in arts}
    # furniture: lines on FURNITURE_DAYS or more publication days
    days: dict[str, set[object]] = defaultdict(set)
    for a in arts:
        for line in a.text.split("\n"):
            days[_line_key(line)].add(a.day)
    content = {
        a.id: {k for k in (_line_key(x) for x in a.text.split("\n"))
               if len(k.split()) >= MIN_SENTENCE_WORDS and len(days[k]) < FURNITURE_DAYS}
        for a in arts
    }
    # candidates: shared rare shingles, shared content sentences
    shared: dict[tuple[str, str], int] = defaultdict(int)
    index: dict[str, list[str]] = defaultdict(list)
    for i, s in sh.items():
        for x in s:
            index[x].append(i)
    for ids in index.values():
        if 1 < len(ids) <= MAX_DF:
            for p in itertools.combinations(sorted(ids), 2):
                shared[p] += 1
    candidates = {p for p, n in shared.items() if n >= SHINGLE_MIN * min(len(sh[p[0]]), len(sh[p[1]]))}
    by_sentence: dict[str, list[str]] = defaultdict(list)
    for i, c in content.items():
        for k in c:
            by_sentence[k].append(i)
    two: dict[tuple[str, str], int] = defaultdict(int)
    for ids in by_sentence.values():
        if 1 < len(ids) <= MAX_DF:
            for p in itertools.combinations(sorted(ids), 2):
                two[p] += 1
    candidates |= {p for p, n in two.items() if n >= 2}
    rows = []
    read_pairs = [0, 0]  # read, agreeing with the rule
    for a, b in sorted(candidates):
        ca, cb = content[a], content[b]
        short = min(len(ca), len(cb))
        share = _share(ca, cb) if short else 0.0
        same = short >= MIN_CONTENT and share >= SAME_SHARE
        how = "rule"
        if (a, b) in READ:
            read_pairs[0] += 1
            read_same, _ = READ[(a, b)]
            if read_same != same:
                same, how = read_same, "read"
            else:
                read_pairs[1] += 1
        union = len(sh[a] | sh[b])
        jac = len(sh[a] & sh[b]) / union if union else 0.0
        rows.append({"a": a, "b": b, "same": int(same), "how": how, "share": round(share, 3),
                     "jaccard": round(jac, 3), "topic": by_id[a].topics[0]})
    missing = [p for p in READ if p not in candidates]
    if missing:
        raise SystemExit(f"read pairs that are not candidates: {missing}")
    print(f"read {read_pairs[0]} pairs; the rule agreed with the reading on {read_pairs[1]}", file=sys.stderr)
    return rows


def write(rows: list[dict[str, object]]) -> str:
    cols = ["a", "b", "same", "how", "share", "jaccard", "topic"]
    lines = ["\t".join(cols)] + ["\t".join(str(r[c]) for c in cols) for r in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="the Timeline17 folder")
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    args = ap.parse_args()
    rows = label(load(common.timeline17(args.data)))
    text = write(rows)
    same = sum(int(r["same"]) for r in rows)  # type: ignore[call-overload]
    print(f"{len(rows)} candidate pairs, {same} the same story, "
          f"{sum(r['how'] == 'read' for r in rows)} labels set by reading", file=sys.stderr)
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} differs from what the procedure gives", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(common.REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
