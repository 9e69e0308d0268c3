"""dateline.evaluate.rouge against the Perl ROUGE-1.5.5 that tilse ships.

The Perl-backed tests run the installed script (one process each, for hundreds of cases)
and skip with the reason when tilse, Perl, XML::Parser or DB_File is missing; CI installs
them (.ci/run).
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from _shared import SHARED_DATA
from dateline.evaluate import rouge
from dateline.evaluate.rouge import Summary, morph_stem, porter_stem, rouge_counts, tokens

# --- hand-made behaviour (facts read from the script, checked against Perl below) --------


def test_tokens_are_ascii_alphanumeric_runs_lowercased_without_stopwords() -> None:
    assert tokens("The Deepwater-Horizon RIG , 11 workers .") == ("deepwat", "horizon", "rig", "11", "worker")
    # "a", "x", "of", "the", "well" are SMART stopwords; hyphens separate tokens; "ray" has
    # only 3 characters, so it is not stemmed
    assert tokens("a x-ray of the -- well") == ("ray",)


def test_short_tokens_are_not_stemmed_and_exceptions_come_first() -> None:
    # only tokens longer than 3 characters go through MorphStem
    assert tokens("runs ran") == ("run", "ran")
    assert porter_stem("runs") == "run"
    # WordNet exceptions replace the token instead of stemming it
    assert morph_stem("media") == "medium"
    assert morph_stem("children") == "child"
    assert tokens("media children") == ("medium", "child")


def test_non_ascii_characters_separate_tokens() -> None:
    # the Perl script reads bytes: each byte of a UTF-8 character becomes a space
    assert tokens("Café Zürich") == ("caf", "rich")
    assert tokens("naïve") == ("na", "ve")


def test_html_special_characters_as_pyrouge_writes_them() -> None:
    # "^" is written as "&circ;" (a token "circ"); "<" ends the sentence for the script
    assert tokens("2^10") == ("2", "circ", "10")
    assert tokens("oil <b>spill</b>") == ("oil",)
    assert tokens("<b>spill") == ()


def test_bigrams_cross_sentence_boundaries() -> None:
    s = Summary(["oil spill", "cleanup crews"])
    assert s.grams[2][("spill", "cleanup")] == 1
    assert s.counts == {1: 4, 2: 3}


def test_counts_with_several_models_use_score_mode_a() -> None:
    counts = rouge_counts(["oil spill oil"], [["oil"], ["spill spill"], []])
    # hits are clipped per model; the peer count is counted once per model
    assert counts[1] == rouge.RougeCounts(hit=2, peer=9, model=3)
    assert counts[2] == rouge.RougeCounts(hit=0, peer=6, model=1)


def test_empty_summaries_count_nothing() -> None:
    assert rouge_counts([], [[]])[1] == rouge.RougeCounts(0, 0, 0)
    assert rouge_counts(["the of and"], [["it is"]])[2] == rouge.RougeCounts(0, 0, 0)


# --- the data files against the installed ROUGE-1.5.5 -------------------------------------


def _rouge_home() -> Path:
    pytest.importorskip("pyrouge", reason="tilse's pyrouge is not installed (dev extra + tilse --no-deps)")
    from dateline.evaluate.tilse_bridge import rouge_script

    return rouge_script().parent


def _need_perl() -> Path:
    from dateline.evaluate.tilse_bridge import unavailable_reason

    home = _rouge_home()
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"cannot run the Perl ROUGE-1.5.5: {reason}")
    return home


def test_stopword_list_is_the_one_rouge_ships() -> None:
    home = _rouge_home()
    shipped = Path(rouge.__file__).parent / "data" / "smart_common_words.txt"
    assert shipped.read_bytes() == (home / "data" / "smart_common_words.txt").read_bytes()
    assert len(rouge.stopwords()) == 596  # 598 lines, "may" and "would" twice


def test_exception_table_is_the_database_rouge_reads() -> None:
    home = _need_perl()
    dump = subprocess.run(
        [
            "perl",
            "-MDB_File",
            "-e",
            'tie %h, "DB_File", $ARGV[0], O_RDONLY, 0440, $DB_HASH or die "$!";'
            ' print "$_\\t$h{$_}\\n" for sort keys %h',
            str(home / "data" / "WordNet-2.0.exc.db"),
        ],
        capture_output=True,
        check=True,
    ).stdout.decode("ascii")
    assert dict(line.split("\t") for line in dump.splitlines()) == rouge.exceptions()


# --- the stemmer and the counts against Perl -----------------------------------------------

_STEM_DRIVER = r"""
use DB_File;
my ($script, $db) = @ARGV;
open(F, $script) or die "$script: $!"; my $src = do { local $/; <F> }; close F;
my ($part) = $src =~ /(local %step2list;.*)\z/s or die "no stem() in $script";
eval $part; die $@ if $@;
initialise();
tie %exceptiondb, 'DB_File', $db, O_RDONLY, 0440, $DB_HASH or die "$db: $!";
while (my $t = <STDIN>) {
  chomp $t;
  print exists($exceptiondb{$t}) ? $exceptiondb{$t} : stem($t), "\n";
}
"""

_TRICKY_WORDS = tuple(
    """
caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled
sized hopping tanned falling hissing fizzed failing filing happy sky relational conditional
rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli
vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti
sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful goodness
revival allowance inference airliner gyroscopic adjustable defensible irritant replacement
adjustment dependent adoption homologou communism activate angulariti homologous effective
bowdlerize probate rate cease controll roll yelling yesterday yields young youth yyyy yes
1990s 2010 100000 4th 10bn generalization generalizations agreement government settlement
statement movement management element cement argument department
""".split()  # noqa: SIM905
)


def _vocabulary() -> list[str]:
    words = set(_TRICKY_WORDS)
    words.update(k for k in rouge.exceptions() if len(k) > 3 and k.isalnum())
    timelines = sorted((SHARED_DATA / "timeline17").glob("*/timelines/*.txt"))
    for path in timelines:
        for tok in tokens_raw(path.read_text(encoding="utf-8")):
            words.add(tok)
    return sorted(w for w in words if len(w) > 3)


def tokens_raw(text: str) -> list[str]:
    return [t.lower() for t in rouge._ALNUM.findall(text)]


def test_stemmer_and_exceptions_match_perl_morphstem() -> None:
    home = _need_perl()
    words = _vocabulary()
    result = subprocess.run(
        ["perl", "-e", _STEM_DRIVER, str(home / "ROUGE-1.5.5.pl"), str(home / "data" / "WordNet-2.0.exc.db")],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = result.stdout.split("\n")[:-1]
    assert len(theirs) == len(words)
    wrong = [(w, t, morph_stem(w)) for w, t in zip(words, theirs, strict=True) if morph_stem(w) != t]
    assert not wrong, wrong[:20]


_ODD_SENTENCES = [
    "",
    "...",
    "-- - --- -LRB- -RRB-",
    "Café naïve Zürich — “quoted” İstanbul ﬁnance 北京 Ελλάδα non\u00a0breaking",
    "x^2 AT&T 5 > 3 & <b>bold</b> rest",
    "<starts with a tag",
    "well-known anti-government Al-Qaeda co-operation x-ray",
    "2010 1990s 3.5 100,000 5th $ 10bn 4,999,000 1/2",
    "The THE the a an of OF",
    "yelling yesterday yields happiness hopping agreed feed generalization media better",
    "tab\tseparated\nnewline  double  space",
    "$ dollars $5 #hash @at under_score",
]


def _random_cases(n: int) -> list[tuple[list[str], list[list[str]]]]:
    pool = list(_ODD_SENTENCES)
    for path in sorted((SHARED_DATA / "timeline17").glob("*/timelines/*.txt"))[:6]:
        pool.extend(
            line.strip()
            for line in path.read_text(encoding="utf-8").split("\n")
            if line.strip() and not line.startswith("----") and not line[:4].isdigit()
        )
    rng = random.Random(20170403)
    cases = []
    for _ in range(n):
        peer = rng.sample(pool, rng.randint(0, 4))
        models = [rng.sample(pool, rng.randint(0, 4)) for _ in range(rng.randint(1, 3))]
        cases.append((peer, models))
    # hand-made: odd sentences against each other, and long repetitive summaries
    cases.append((_ODD_SENTENCES, [_ODD_SENTENCES[::-1]]))
    long_peer = [f"Rescue teams in sector {i % 7} report the oil spill reached town {i % 11} ." for i in range(300)]
    long_model = [f"The oil spill reached town {i % 5} ; rescue teams in sector {i % 3} ." for i in range(150)]
    cases.append((long_peer, [long_model, long_model[:20]]))
    return cases


def test_rouge_counts_match_perl_on_hundreds_of_summaries() -> None:
    _need_perl()
    from dateline.evaluate.tilse_bridge import perl_rouge_counts

    cases = _random_cases(300)
    theirs = perl_rouge_counts(cases)
    for (peer, models), perl in zip(cases, theirs, strict=True):
        ours = rouge_counts(peer, models)
        assert {n: (c.hit, c.peer, c.model) for n, c in ours.items()} == perl, (peer, models)
