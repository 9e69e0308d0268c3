"""Agreement of dateline's tagger with the HeidelTime annotations shipped with Timeline17.

    .venv/bin/python -m bench.heideltime_agreement [--data DIR]     # from the repository root

Writes its report to ``bench/results/heideltime_agreement.md`` and prints it.

``<timeline17>/*/time_annotated/<date>/<id>.txt.timeml`` are HeidelTime's machine
annotations of the same articles as ``InputDocs/<date>/<id>.htm.txt`` (machine output, not
gold). For every article both are read, HeidelTime's spans are mapped onto the InputDocs
text (HeidelTime's copy differs in whitespace: "23 - year" for "23-year"; the two are
aligned on their non-blank characters), dateline tags the InputDocs text with the folder
date as anchor, and the DATE expressions are compared:

- span overlap: a HeidelTime DATE overlaps some dateline timex (and the reverse), exact span;
- value agreement: among the overlapping pairs, the same TIMEX3 value.

Then the disagreements are grouped into kinds (a surface pattern of the expression and the
shape of the two values) and the ten most frequent kinds are listed with examples and a
judgement of who is right. The judgements are written by hand in :data:`JUDGEMENTS` after
reading the examples (kinds without one say so); everything else is computed.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from bench import common

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

#: Hand-written judgements of disagreement kinds (key: the kind as printed in the report),
#: written after reading random examples of each kind (the counts quoted are from those
#: readings, not computed).
JUDGEMENTS: dict[str, str] = {
    "dateline only: the future": (
        "Convention; dateline follows the TempEval-3 gold. TimeBank/AQUAINT annotate \"the future\" "
        "as a FUTURE_REF DATE (6 of its 9 occurrences in the TempEval-3 training data); HeidelTime's "
        "English resources do not mark it. For a timeline the value carries no date, so the "
        "disagreement is harmless either way; when the phrase means \"what will become of\" "
        "(\"the future of Egypt\") neither tagger is more right than the annotators' convention."),
    "value: WEEKDAY — 9999-99-99, day differs (dateline later)": (
        "dateline is right in most cases (a weekday in a past clause is at most five days back and, "
        "with no cue, the coming day two ahead beats the one five back; HeidelTime takes the "
        "previous one). Read with tagger 0.5: of 20 random examples dateline is right "
        "in 18 (\"premiere the song during Friday 's telethon\", \"is expected to arrive in Singapore "
        "on Thursday\", \"putting it to a vote on Thursday\", \"set the Saturday deadline\", a Friday "
        "debate, \"appoint a new government Saturday\" on a live page dated the day before), "
        "HeidelTime in 1 (\"the Obama administration on Thursday gave BP officials 24 hours\": a "
        "future cue earlier in the sentence misleads dateline), both wrong in 1 (\"Meat-Free "
        "Monday\" is a name)."),
    "value: 99 MONTH 9999 — HeidelTime 9999-99-99, dateline 9999-99-99T99:99": (
        "Both defensible; dateline's value is more precise. Comment time stamps such as "
        "\"At 4:23 pm on 28 May 2010, X wrote\": dateline tags the whole phrase as one TIME "
        "(2010-05-28T16:23), as TempEval-3's gold does for \"5 p.m. EST Nov. 9\" and as the sample "
        "corpus's hand annotation does for \"noon on Saturday, Sept. 14\"; HeidelTime tags the date "
        "alone. The day is the same, so a timeline is unaffected."),
    "dateline only: the past": (
        "Convention; dateline follows the TempEval-3 gold, which annotates \"the past\" as "
        "PAST_REF (25 of 30 occurrences in TimeBank/AQUAINT). HeidelTime does not. No date value, "
        "harmless for timelines."),
    "value: MONTH 99 , 9999 — HeidelTime 9999-99-99, dateline 9999-99-99T99:99": (
        "Same as the time-stamp kind above: tweet time stamps \"7:01 pm ET February 11 , 2013\" "
        "(a CNN page footer repeated in many articles) are one TIME for dateline, a DATE for "
        "HeidelTime; same day, dateline more precise."),
    "value: MONTH 99 — 9999-99-99, year differs (-1)": (
        "HeidelTime is wrong: it puts a month-day without a year in the year after the article "
        "(\"the April 20 Deepwater Horizon rig explosion\" in a 2010 article = 2011-04-20; "
        "chronologies \"February 28 - EU governments approve ...\" in 2011 = 2012-02-28; dateline "
        "puts a month-day with no tense cue ahead of the article only within 60 days, and reads "
        "chronology entries without their present-tense verbs). Read with tagger 0.5: of 20 "
        "random examples dateline's year is right in all 20."),
    "value: MONTH — 9999-99, year differs (+1)": (
        "dateline is right in most cases: of 20 random examples, 16 are future months in their "
        "context (\"not due to be completed until August\", \"scheduled to take effect in October\", "
        "\"they'll be out in the cold come November\", futures \"for April delivery\") that "
        "HeidelTime puts in the previous year; 2 are past (\"The April blast aboard the Deepwater "
        "Horizon\" in a January 2011 article; \"Jan. to June 2010\", whose year dateline does not "
        "carry over from the range's end) where HeidelTime is right; 2 are wrong for both "
        "(\"spokeswoman Hannah August\" is a name)."),
    "dateline only: at the moment": (
        "Debatable; dateline marks \"at the moment\" PRESENT_REF like \"now\", HeidelTime does "
        "not. The TempEval-3 training data has a single occurrence, not annotated, so the evidence "
        "leans to HeidelTime here; it is a reference word without a date, harmless for timelines."),
    "value: WEEKDAY — 9999-99-99, month differs": (
        "The weekday kind again, across a month boundary. "
        "Read with tagger 0.5: of 20 random examples dateline is right in 15 (\"evacuation starts "
        "Wednesday\", \"may reach Florida 's shores as soon as Friday\", \"told CNN Tuesday\" on "
        "a live page dated the day before, \"In an interview Sunday\" where HeidelTime takes the next "
        "Sunday), HeidelTime in 4 (\"On Friday , looters at the Cairo Museum damaged\" and \"the same "
        "fatality figure he had used Friday\": six days back, which dateline reads as tomorrow; "
        "\"That was until Wednesday , when ...\" read as a deadline; \"on Tuesday , Egypt erupts\" in "
        "the historic present), both wrong in 1 (a recap of Hayward 's June apology dated August)."),
    "value: WEEKDAY — HeidelTime 9999-99-99, dateline 9999-99-99T99:99": (
        "Mostly extent, not a disagreement about the day: dateline tags a clock time with its "
        "weekday as one TIME (\"2 p.m. ET Thursday\" -> 2011-01-27T14:00, as TimeBank annotates "
        "\"3 p.m. Wednesday\"), HeidelTime the weekday alone. Of 20 random examples, 11 name the same "
        "day; in 8 of the other 9 dateline's day is right (CNN live-blog lines \"Update 8:15 p.m. ET "
        "Wednesday\" written after the article's folder date, \"is due at 4:30 p.m. EDT on Tuesday\", "
        "\"0100 GMT on Saturday , 23rd January\", where HeidelTime takes the past weekday) and 1 is "
        "unclear (\"tune in to AC360 at 10 p.m. ET Thursday\", an advertisement)."),
    "dateline only: now": (
        "Mostly \"NOW\" in all-capital reader comments (\"STOP WAR NOW\"), which HeidelTime skips "
        "because its patterns are case-sensitive. By the TimeML convention (\"now\" is PRESENT_REF; "
        "60 of 85 occurrences annotated in TempEval-3) dateline is right; the value carries no date."),
}


def pattern(text: str) -> str:
    """The surface pattern of an expression: lower case, digits and names generalised."""
    p = text.lower()
    p = re.sub(rf"\b{_MONTHS}(?=\W|$)", "MONTH", p)
    p = re.sub(rf"\b{_DAYS}\b", "WEEKDAY", p)
    p = re.sub(r"\d+", lambda m: "9" * min(len(m.group(0)), 4), p)
    return re.sub(r"\s+", " ", p).strip()


def shape(value: str) -> str:
    return re.sub(r"\d", "9", value)


def relation(ht: str, ours: str) -> str:
    """How two values differ, for dates: which part (year, month, day, granularity)."""
    a = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", ht)
    b = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", ours)
    if a and b:
        if shape(ht) != shape(ours):
            return f"HeidelTime {shape(ht)}, dateline {shape(ours)}"
        if a.group(1) != b.group(1):
            return f"{shape(ht)}, year differs ({int(b.group(1)) - int(a.group(1)):+d})"
        if a.group(2) != b.group(2):
            return f"{shape(ht)}, month differs"
        da, db = date(*map(int, ht.split("-"))), date(*map(int, ours.split("-")))
        return f"{shape(ht)}, day differs ({'dateline later' if db > da else 'dateline earlier'})"
    return f"HeidelTime {shape(ht)}, dateline {shape(ours)}"


def _nonblank_index(text: str) -> tuple[str, list[int]]:
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in positions), positions


def align(source: str, target: str) -> list[int | None]:
    """For each character offset of ``source``, the offset in ``target`` of the same
    non-blank character (None where the texts differ)."""
    a, apos = _nonblank_index(source)
    b, bpos = _nonblank_index(target)
    mapping: list[int | None] = [None] * (len(source) + 1)
    if a == b:
        pairs = zip(apos, bpos, strict=True)
    else:
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        pairs = ((apos[blk.a + k], bpos[blk.b + k]) for blk in sm.get_matching_blocks() for k in range(blk.size))
    for i, j in pairs:
        mapping[i] = j
    return mapping


def map_span(mapping: list[int | None], start: int, end: int) -> tuple[int, int] | None:
    inside = [m for m in mapping[start:end] if m is not None]
    return (inside[0], inside[-1] + 1) if inside else None


_HT_TIMEX = re.compile(r"<TIMEX3 ([^<>]*)>([^<]*)</TIMEX3>")
_HT_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_heideltime_output(source: str) -> tuple[str, list]:
    """HeidelTime's standalone output: the text between <TimeML> and </TimeML> with inline
    TIMEX3 tags. It is not XML (a "<" or "&" of the article is left as it is), so only the
    TIMEX3 tags are taken out; returns the text and its timexes."""
    from dateline.model import Timex, TimexType

    body = source[source.find("<TimeML>") + len("<TimeML>") : source.rfind("</TimeML>")]
    pieces: list[str] = []
    timexes = []
    pos = length = 0
    for m in _HT_TIMEX.finditer(body):
        pieces.append(body[pos : m.start()])
        length += m.start() - pos
        attrs = dict(_HT_ATTR.findall(m.group(1)))
        timexes.append(Timex(length, length + len(m.group(2)), m.group(2),
                             TimexType(attrs.get("type", "DATE")), attrs.get("value", "")))
        pieces.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    pieces.append(body[pos:])
    return "".join(pieces), timexes


def compare(root: Path) -> dict:
    from dateline.model import TimexType
    from dateline.timex import tag

    stats: Counter[str] = Counter()
    kinds: dict[str, list[str]] = defaultdict(list)
    for ann in sorted(root.glob("*/time_annotated/*/*.txt.timeml")):
        doc_path = ann.parents[2] / "InputDocs" / ann.parent.name / ann.name.replace(".txt.timeml", ".htm.txt")
        if not doc_path.is_file():
            stats["annotation files without an article"] += 1
            continue
        ht_text, ht_timexes = read_heideltime_output(ann.read_text(encoding="utf-8", errors="replace"))
        text = doc_path.read_text(encoding="utf-8", errors="replace")
        anchor = date.fromisoformat(ann.parent.name)
        mapping = align(ht_text, text)
        ours = tag(text, anchor)
        ht_dates = []
        for t in ht_timexes:
            span = map_span(mapping, t.start, t.end)
            if span is None:
                stats["HeidelTime timexes that could not be aligned"] += 1
                continue
            if t.type is TimexType.DATE:
                ht_dates.append((span, t))
        stats["articles"] += 1
        stats["HeidelTime DATE"] += len(ht_dates)
        ours_dates = [o for o in ours if o.type is TimexType.DATE]
        stats["dateline DATE"] += len(ours_dates)
        all_ht = [map_span(mapping, t.start, t.end) for t in ht_timexes]
        for (s, e), t in ht_dates:
            over = [o for o in ours if o.start < e and s < o.end]
            where = f"{ann.parent.parent.parent.name}/{ann.parent.name}/{doc_path.name}"
            context = text[max(0, s - 60) : e + 40].replace("\n", " ")
            if not over:
                kinds[f"HeidelTime only: {pattern(text[s:e])}"].append(
                    f"{where}: …{context}… HeidelTime [[{text[s:e]}]] = {t.value}")
                continue
            stats["HeidelTime DATE overlapped by dateline"] += 1
            best = max(over, key=lambda o: min(o.end, e) - max(o.start, s))
            stats["exact span"] += (best.start, best.end) == (s, e)
            if best.value == t.value:
                stats["same value"] += 1
            else:
                kinds[f"value: {pattern(text[s:e])} — {relation(t.value, best.value)}"].append(
                    f"{where}: …{context}… HeidelTime [[{text[s:e]}]] = {t.value}; dateline "
                    f"[[{best.text}]] = {best.value}")
        for o in ours_dates:
            if not any(sp and sp[0] < o.end and o.start < sp[1] for sp in all_ht):
                context = text[max(0, o.start - 60) : o.end + 40].replace("\n", " ")
                where = f"{ann.parent.parent.parent.name}/{ann.parent.name}/{doc_path.name}"
                kinds[f"dateline only: {pattern(o.text)}"].append(
                    f"{where}: …{context}… dateline [[{o.text}]] = {o.value}")
            else:
                stats["dateline DATE overlapped by HeidelTime"] += 1
    return {"stats": stats, "kinds": kinds}


def report(result: dict) -> str:
    s, kinds = result["stats"], result["kinds"]
    ht, dl = s["HeidelTime DATE"], s["dateline DATE"]
    ov = s["HeidelTime DATE overlapped by dateline"]
    lines = [
        "HeidelTime's annotations are",
        "the machine output shipped in `timeline17/*/time_annotated` (not gold); dateline tags the",
        "same articles (`InputDocs`, anchor = folder date). Judgements of the disagreement kinds are",
        "written by hand in the script (`JUDGEMENTS`) after reading the examples.",
        "",
        f"Articles compared: {s['articles']}"
        + (f" ({s['HeidelTime timexes that could not be aligned']} HeidelTime timexes could not be aligned"
           " to the article text)" if s["HeidelTime timexes that could not be aligned"] else ""),
        "",
        "| measure | count | share |",
        "|---|---:|---:|",
        f"| HeidelTime DATE expressions | {ht} | |",
        f"| dateline DATE expressions | {dl} | |",
        f"| HeidelTime DATEs overlapped by a dateline timex (span overlap, recall-like) | {ov} | {ov / ht:.3f} |",
        f"| dateline DATEs overlapped by a HeidelTime timex (precision-like) | "
        f"{s['dateline DATE overlapped by HeidelTime']} | {s['dateline DATE overlapped by HeidelTime'] / dl:.3f} |",
        f"| overlapping pairs with exactly the same span | {s['exact span']} | {s['exact span'] / ov:.3f} |",
        f"| overlapping pairs with the same value (value agreement) | {s['same value']} | {s['same value'] / ov:.3f} |",
        "",
        "## The ten most frequent kinds of disagreement",
        "",
        "A kind is the expression's surface pattern (digits as 9, month and weekday names",
        "generalised) and, for value disagreements, how the two values differ.",
        "",
    ]
    top = sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10]
    for rank, (kind, examples) in enumerate(top, start=1):
        lines.append(f"### {rank}. {kind} ({len(examples)} cases)")
        lines.append("")
        for ex in examples[:3]:
            lines.append(f"- {ex}")
        lines.append("")
        lines.append(f"**Judgement:** {JUDGEMENTS.get(kind, 'not judged yet')}")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="the Timeline17 folder (default: timeline17 in $DATELINE_SHARED_DATA or ../shared/data)")
    args = ap.parse_args()
    print(report(compare(common.timeline17(args.data))))
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("heideltime_agreement", main, markdown=True,
                                   title="dateline and HeidelTime on Timeline17 (DATE expressions)"))
