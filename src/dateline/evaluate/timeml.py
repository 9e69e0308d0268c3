"""TempEval-3 style scoring of time-expression tagging (TIMEX3 extent, type and value).

Definitions follow the TempEval-3 entity scorer (UzZaman et al., 2013):

- the document creation time (the DCT, outside ``TEXT``) is not scored;
- *strict* match: a system and a gold timex with exactly the same span;
  *relaxed* match: the two spans overlap;
- precision counts system timexes that match some gold timex, recall counts gold timexes
  matched by some system timex, F1 is their harmonic mean;
- type and value *accuracy* are measured over the gold timexes that have a relaxed match
  (each compared with the system timex that overlaps it most);
- the official "attribute F1" of the type and the value is that accuracy times the relaxed
  F1 (what the TempEval-3 results table reports as "value F1");
- *value P/R/F1* (stricter, as dateline defines it): a system timex counts when it
  overlaps a gold timex with the same value, a gold timex when a system timex with the same
  value overlaps it.

Spans are compared as character offsets into the plain text of ``TEXT`` (the official
scorer compares tokens; for whole-token spans the two agree).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from dateline.errors import InputError
from dateline.model import Timex
from dateline.timex.timeml import read_timeml

__all__ = ["Counts", "DocumentPair", "pair_documents", "score_document", "score_pairs"]


@dataclass(slots=True)
class Counts:
    """Match counts, summed over documents."""

    documents: int = 0
    gold: int = 0
    system: int = 0
    strict_system: int = 0  # system timexes with an exact-span gold match
    strict_gold: int = 0
    relaxed_system: int = 0  # system timexes overlapping some gold timex
    relaxed_gold: int = 0
    type_match: int = 0  # among relaxed_gold: same type as the best-overlapping system timex
    value_match: int = 0  # among relaxed_gold: same value
    value_system: int = 0  # system timexes overlapping a gold timex with the same value
    value_gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Counts)))

    # --- figures ----------------------------------------------------------------------

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        """All figures, as fractions in [0, 1]."""
        r = self._ratio
        sp, sr = r(self.strict_system, self.system), r(self.strict_gold, self.gold)
        rp, rr = r(self.relaxed_system, self.system), r(self.relaxed_gold, self.gold)
        vp, vr = r(self.value_system, self.system), r(self.value_gold, self.gold)
        rf = self._f1(rp, rr)
        type_acc = r(self.type_match, self.relaxed_gold)
        value_acc = r(self.value_match, self.relaxed_gold)
        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": self._f1(sp, sr),
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "type_accuracy": type_acc, "value_accuracy": value_acc,
            "type_attribute_f1": type_acc * rf, "value_attribute_f1": value_acc * rf,
            "value_p": vp, "value_r": vr, "value_f1": self._f1(vp, vr),
        }


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def score_document(gold: Sequence[Timex], system: Sequence[Timex]) -> Counts:
    """Counts for one document (timexes of both sides are spans into the same text)."""
    c = Counts(documents=1, gold=len(gold), system=len(system))
    gold_spans = {(g.start, g.end) for g in gold}
    sys_spans = {(s.start, s.end) for s in system}
    for s in system:
        overlapping = [g for g in gold if _overlap(g, s) > 0]
        c.strict_system += (s.start, s.end) in gold_spans
        c.relaxed_system += bool(overlapping)
        c.value_system += any(g.value == s.value for g in overlapping)
    for g in gold:
        overlapping = [s for s in system if _overlap(g, s) > 0]
        c.strict_gold += (g.start, g.end) in sys_spans
        if not overlapping:
            continue
        c.relaxed_gold += 1
        best = max(overlapping, key=lambda s: (_overlap(g, s), -(s.end - s.start)))
        c.type_match += best.type == g.type
        c.value_match += best.value == g.value
        c.value_gold += any(s.value == g.value for s in overlapping)
    return c


@dataclass(frozen=True, slots=True)
class DocumentPair:
    docid: str
    gold_path: str
    system_path: str
    gold: tuple[Timex, ...]
    system: tuple[Timex, ...]


@dataclass(slots=True)
class PairingReport:
    pairs: list[DocumentPair] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # gold DOCIDs without a system file
    errors: list[str] = field(default_factory=list)  # files that could not be read/compared


def _tml_files(directories: str | Path | Sequence[str | Path]) -> list[Path]:
    dirs = [directories] if isinstance(directories, (str, Path)) else list(directories)
    files: list[Path] = []
    for d in map(Path, dirs):
        if not d.is_dir():
            raise InputError(str(d), None, "expected a directory of .tml files")
        files.extend(sorted(p for p in d.iterdir() if p.is_file() and ".tml" in p.name))
    return files


def pair_documents(gold_dir: str | Path | Sequence[str | Path],
                   system_dir: str | Path | Sequence[str | Path]) -> PairingReport:
    """Read both sides (a directory or several) and pair documents by ``DOCID``.

    A system document whose text differs from its gold document is reported in
    ``errors`` (spans could not be compared) and skipped, as are unreadable files.
    """
    report = PairingReport()
    system_by_id = {}
    for path in _tml_files(system_dir):
        try:
            doc = read_timeml(path)
        except InputError as exc:
            report.errors.append(str(exc))
            continue
        system_by_id[doc.docid] = doc
    for path in _tml_files(gold_dir):
        try:
            gold = read_timeml(path)
        except InputError as exc:
            report.errors.append(str(exc))
            continue
        sysdoc = system_by_id.get(gold.docid)
        if sysdoc is None:
            report.missing.append(gold.docid)
            continue
        if sysdoc.text != gold.text:
            line = _first_difference_line(gold.text, sysdoc.text)
            report.errors.append(str(InputError(
                sysdoc.path, None,
                f"text of TEXT differs from the gold document {gold.path} (first difference on "
                f"line {line} of the text); expected the same text with only TIMEX3 tags added")))
            continue
        report.pairs.append(DocumentPair(gold.docid, str(path), str(sysdoc.path), gold.timexes, sysdoc.timexes))
    return report


def _first_difference_line(a: str, b: str) -> int:
    n = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return a.count("\n", 0, n) + 1


def score_pairs(pairs: Iterable[DocumentPair]) -> Counts:
    total = Counts()
    for p in pairs:
        total = total + score_document(p.gold, p.system)
    return total
