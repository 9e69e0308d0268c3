"""Tense cues: the words that tell whether the clause around an expression is past or future
(which Friday a bare "Friday" is), and what ends a clause."""

from __future__ import annotations

from dateline.timex.lexicon.modifiers import DETERMINERS

__all__ = [
    "CLAUSE_CONJUNCTIONS",
    "DEADLINE_WORDS",
    "ENTRY_SEPARATORS",
    "FUTURE_BIGRAMS",
    "FUTURE_CUES",
    "LEFT_ONLY_CUES",
    "MODALS",
    "NON_FINAL_ABBREVIATIONS",
    "NOT_CUE_BIGRAMS",
    "NOT_PAST_ED",
    "PARTICIPLE_ADVERBS",
    "PARTICIPLE_DETERMINERS",
    "PASSIVE_AUXILIARIES",
    "PAST_AUXILIARIES",
    "PAST_CUES",
    "PERFECT_AUXILIARIES",
    "PRESENT_PERFECT_AUXILIARIES",
]


#: Words that make the clause future (nearest cue to the expression wins).
FUTURE_CUES: frozenset[str] = frozenset({
    "will", "'ll", "shall", "wo", "going", "gonna", "next", "upcoming", "scheduled", "expected",
    "due", "planning", "intends", "slated", "tomorrow", "await", "awaits",
    "awaiting", "projected", "postponed", "delayed", "would", "might", "soon",
    "expects", "aims", "vows", "promises", "threatens", "likely", "payable", "effective",
    "should", "must", "begins", "starts", "opens", "resumes", "reopens", "meets", "convenes",
    "takes", "expires", "ends", "runs", "arrives", "departs", "leaves", "returns",
})

#: Two-word future cues: "set to resume", "plans to", "is to".
FUTURE_BIGRAMS: frozenset[tuple[str, str]] = frozenset({
    ("set", "to"), ("set", "for"), ("plans", "to"), ("plan", "to"), ("is", "to"), ("are", "to"),
    ("hopes", "to"), ("hope", "to"), ("wants", "to"), ("want", "to"), ("intend", "to"),
    ("aim", "to"), ("ready", "to"), ("about", "to"), ("supposed", "to"),
})

#: Modal verbs: "one day" right after one is a vague future point ("will one day be"), not a
#: duration.
MODALS: frozenset[str] = frozenset({"will", "would", "could", "might", "may", "can", "should", "shall", "must"})

#: Two-word phrases whose first word is not a tense cue there ("next to the embassy").
NOT_CUE_BIGRAMS: frozenset[tuple[str, str]] = frozenset({("next", "to")})

#: Future cues that count only before the expression ("would meet Friday"); after it they
#: usually belong to another clause ("if they had ... in June, then things would ...").
LEFT_ONLY_CUES: frozenset[str] = frozenset({"would", "might", "should", "must", "could"})

#: Words that make the clause past.
PAST_CUES: frozenset[str] = frozenset({
    "was", "were", "had", "did", "said", "told", "ago", "last", "earlier", "yesterday", "used",
    "previously", "since", "went", "came", "took", "made", "met", "began", "saw", "gave",
    "got", "left", "held", "won", "lost", "fell", "rose", "found", "sent", "led",
    "ran", "spoke", "wrote", "brought", "thought", "felt", "kept", "paid", "sold", "bought",
    "struck", "hit", "shot", "killed", "died", "announced", "reported", "closed", "ended",
    "agreed", "arrived", "became", "broke", "chose", "drove", "fled", "flew", "fought",
    "grew", "heard", "knew", "meant", "put", "quit", "read", "rode", "sat", "set", "shut",
    "spent", "stood", "stole", "swore", "taught", "threw", "understood", "woke", "wore",
    "overnight",
})

#: Words ending in "-ed" that are not past-tense verbs (or not pointing to the past).
NOT_PAST_ED: frozenset[str] = frozenset({
    "need", "speed", "feed", "seed", "red", "bed", "shed", "indeed", "united", "hundred",
    "limited", "proceed", "succeed", "exceed", "led", "wed", "expected", "scheduled", "planned",
    "slated", "proposed", "intended", "anticipated", "projected", "delayed", "postponed", "based",
})

#: Words before an "-ed" word that make it an adjective, not a past verb ("a still
#: unspecified date", "the proposed merger", "its planned expansion"); an adverb may stand
#: between ("the recently announced plan": see :data:`PARTICIPLE_ADVERBS`). Words that can
#: also be a subject ("some chanted Friday", "that ended") are not here.
PARTICIPLE_DETERMINERS: frozenset[str] = DETERMINERS | frozenset({"my", "another"})

#: Adverbs that may stand between such a determiner and the participle.
PARTICIPLE_ADVERBS: frozenset[str] = frozenset({
    "still", "long", "much", "well", "ill", "so", "now", "once", "newly", "recently",
    "previously", "widely", "heavily", "highly", "largely", "closely", "jointly", "privately",
    "publicly", "officially", "originally", "formerly", "tentatively", "partially", "partly",
    "fully", "already", "hastily", "specially", "carefully", "poorly", "badly", "hotly",
})

#: Auxiliaries before a participle that make it not a tense cue ("will be held").
PASSIVE_AUXILIARIES: frozenset[str] = frozenset({"be", "been", "being", "is", "are"})

#: Auxiliaries of the perfect: a past participle after them is not a simple past ("has won",
#: "will have spilled").
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"has", "have", "had", "'ve", "'d"})

#: Conjunctions that end the stretch after an expression the tense scan reads (the clause
#: after them is another one).
CLAUSE_CONJUNCTIONS: frozenset[str] = frozenset({"and", "but", "while", "when", "as", "after", "before"})

#: Auxiliaries of the present perfect: a past cue ("has resigned").
PRESENT_PERFECT_AUXILIARIES: frozenset[str] = frozenset({"has", "have"})

#: Past-tense auxiliaries that turn a following future cue into a past one
#: ("had been due to expire Friday", "was scheduled for Monday").
PAST_AUXILIARIES: frozenset[str] = frozenset({"had", "was", "were", "been"})

#: Words right before a date that make it a deadline ahead ("until Tuesday", "by Friday").
DEADLINE_WORDS: frozenset[str] = frozenset({"until", "till", "by"})

#: What follows the date heading an entry of a chronology ("February 24 - ...", "5 August: ...").
ENTRY_SEPARATORS: tuple[str, ...] = ("--", "-", ":", "\u2013", "\u2014")

#: Abbreviations whose dot does not end a clause for the tense scan ("at 4 a.m. EDT
#: Thursday", "Sept. 5", "Mr. Smith"); one-letter abbreviations ("a.m.", "U.S.") never do.
NON_FINAL_ABBREVIATIONS: frozenset[str] = frozenset({
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    "Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm",
    "St", "Jr", "Sr", "No", "Mt", "Ft", "Prof", "Rev", "Hon", "vs",
    # US states as news style abbreviates them ("in Biloxi, Miss., on Friday")
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
})
