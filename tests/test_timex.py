"""The temporal tagger on hand-made sentences: spans, types, values, granularity."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

from dateline.errors import DatelineError
from dateline.model import Granularity, TimexType
from dateline.timex import TAGGER_VERSION, tag
from dateline.timex.engine import AnchorError

WED = date(2018, 1, 24)  # a Wednesday


def only(text: str, anchor: date = WED) -> tuple[str, str, str]:
    found = tag(text, anchor)
    assert len(found) == 1, found
    t = found[0]
    return t.text, t.type.value, t.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute dates in every common form
        ("It opened Jan. 24, 2018.", ("Jan. 24, 2018", "DATE", "2018-01-24")),
        ("It opened 24 January 2018.", ("24 January 2018", "DATE", "2018-01-24")),
        ("It opened 1/24/2018.", ("1/24/2018", "DATE", "2018-01-24")),
        ("It opened 2018-01-24.", ("2018-01-24", "DATE", "2018-01-24")),
        ("It opened in January 2018.", ("January 2018", "DATE", "2018-01")),
        ("It opened in 2017.", ("2017", "DATE", "2017")),
        ("Prices rose in the 1990s.", ("the 1990s", "DATE", "199")),
        ("Profit fell in the third quarter of 2017.", ("the third quarter of 2017", "DATE", "2017-Q3")),
        ("They met in summer 2017.", ("summer 2017", "DATE", "2017-SU")),
        ("Sunday, Feb. 4, 2018", ("Sunday, Feb. 4, 2018", "DATE", "2018-02-04")),
        ("the first of May 2016", ("the first of May 2016", "DATE", "2016-05-01")),
        ("in the 20th century", ("the 20th century", "DATE", "19")),
        ("in the mid-1980s", ("the mid-1980s", "DATE", "198")),
        ("the '80s were loud", ("the '80s", "DATE", "198")),
        ("nineteen ninety-six", ("nineteen ninety-six", "DATE", "1996")),
        ("on Christmas Day 2016", ("Christmas Day 2016", "DATE", "2016-12-25")),
        ("on Thanksgiving 2017", ("Thanksgiving 2017", "DATE", "2017-11-23")),
        ("the week of March 6, 2017", ("the week of March 6, 2017", "DATE", "2017-W10")),
        ("results for the first half of 2017", ("the first half of 2017", "DATE", "2017-H1")),
        # relative dates
        ("The mayor canceled Wednesday a rally.", ("Wednesday", "DATE", "2018-01-24")),
        ("The mayor canceled the rally on Monday.", ("Monday", "DATE", "2018-01-22")),
        ("The council will vote Friday.", ("Friday", "DATE", "2018-01-26")),
        ("The hearing is set for Tuesday.", ("Tuesday", "DATE", "2018-01-30")),
        ("He left today.", ("today", "DATE", "2018-01-24")),
        ("He left yesterday.", ("yesterday", "DATE", "2018-01-23")),
        ("He leaves tomorrow.", ("tomorrow", "DATE", "2018-01-25")),
        ("He leaves tonight.", ("tonight", "TIME", "2018-01-24TNI")),
        ("He spoke this morning.", ("this morning", "TIME", "2018-01-24TMO")),
        ("a rally last month", ("last month", "DATE", "2017-12")),
        ("a rally next year", ("next year", "DATE", "2019")),
        ("He left two weeks ago.", ("two weeks ago", "DATE", "2018-W02")),
        ("He left three days ago.", ("three days ago", "DATE", "2018-01-21")),
        ("He left earlier this week.", ("earlier this week", "DATE", "2018-W04")),
        ("Sales grew in the past three years.", ("the past three years", "DURATION", "P3Y")),
        ("He recently left.", ("recently", "DATE", "PAST_REF")),
        ("He is now gone.", ("now", "DATE", "PRESENT_REF")),
        ("It will be fixed in the future.", ("the future", "DATE", "FUTURE_REF")),
        ("He was hurt last night.", ("last night", "TIME", "2018-01-23TNI")),
        ("It rained last weekend.", ("last weekend", "DATE", "2018-W03-WE")),
        ("It was mild last summer.", ("last summer", "DATE", "2017-SU")),
        ("He was hired last May.", ("last May", "DATE", "2017-05")),
        # times
        ("The vote is set for 3 p.m. Wednesday.", ("3 p.m. Wednesday", "TIME", "2018-01-24T15:00")),
        ("Lunch is at 12:30 p.m.", ("12:30 p.m.", "TIME", "2018-01-24T12:30")),
        ("We meet at noon.", ("noon", "TIME", "2018-01-24T12:00")),
        ("It closed at midnight.", ("midnight", "TIME", "2018-01-24T24:00")),
        ("He arrived at 9:30 this morning.", ("9:30 this morning", "TIME", "2018-01-24T09:30")),
        ("He left at 4 in the morning.", ("4 in the morning", "TIME", "2018-01-24T04:00")),
        ("The offer expires at 5 p.m. EST Nov. 9, 2017.", ("5 p.m. EST Nov. 9, 2017", "TIME", "2017-11-09T17:00")),
        # durations
        ("It took two months.", ("two months", "DURATION", "P2M")),
        ("It took a decade.", ("a decade", "DURATION", "P1DE")),
        ("It took 48 hours.", ("48 hours", "DURATION", "PT48H")),
        ("They lived there for 2 1/2 years.", ("2 1/2 years", "DURATION", "P2Y6M")),
        ("It lasted several weeks.", ("several weeks", "DURATION", "PXW")),
        ("a five-year plan", ("five-year", "DURATION", "P5Y")),
        ("for more than four hours", ("more than four hours", "DURATION", "PT4H")),
        # sets
        ("They meet every Tuesday.", ("every Tuesday", "SET", "XXXX-WXX-2")),
        ("The paper is printed weekly.", ("weekly", "SET", "P1W")),
        ("Prices are reviewed annually.", ("annually", "SET", "P1Y")),
        ("It costs $5 million a year.", ("a year", "SET", "P1Y")),
        ("The board meets every other Monday.", ("every other Monday", "SET", "P2W")),
        ("each July", ("each July", "SET", "XXXX-07")),
    ],
)
def test_expressions(text: str, expected: tuple[str, str, str]) -> None:
    assert only(text) == expected


def test_tokenized_text_like_timeline17() -> None:
    found = tag("Protests began on Jan. 25 , 2011 , and Egypt 's army said Friday it will act .", date(2011, 2, 4))
    assert [(t.text, t.value) for t in found] == [("Jan. 25 , 2011", "2011-01-25"), ("Friday", "2011-02-04")]


def test_granularity_and_anchor_are_set() -> None:
    found = {t.text: t for t in tag("last month, last week, today, 2017, the 1990s, two days", WED)}
    assert found["last month"].granularity is Granularity.MONTH
    assert found["last week"].granularity is Granularity.WEEK
    assert found["today"].granularity is Granularity.DAY
    assert found["2017"].granularity is Granularity.YEAR
    assert found["the 1990s"].granularity is Granularity.DECADE
    assert found["two days"].granularity is Granularity.NONE
    assert all(t.anchor == WED for t in found.values())


def test_modifiers() -> None:
    found = {t.text: t.mod for t in tag("early next year, the end of 1990, mid-November, nearly two years", WED)}
    assert found == {"early next year": "START", "the end of 1990": "END", "mid-November": "MID",
                     "nearly two years": "APPROX"}


def test_month_without_a_year_follows_tense_and_nearness() -> None:
    assert only("The plant closed in March.", date(2018, 1, 24))[2] == "2017-03"
    assert only("The plant will close in March.", date(2018, 1, 24))[2] == "2018-03"
    assert only("The dividend is payable Jan. 2.", date(1989, 11, 2))[2] == "1990-01-02"
    assert only("The rights expire Nov. 21.", date(1989, 11, 2))[2] == "1989-11-21"


def test_a_year_earlier_refers_to_the_quarter_under_discussion() -> None:
    text = "Third-quarter profit rose to $5 million from $4 million a year earlier."
    assert [(t.text, t.value) for t in tag(text, date(1989, 10, 26))] == [
        ("Third-quarter", "1989-Q3"), ("a year earlier", "1988-Q3")]


def test_not_time_expressions() -> None:
    assert tag("You may go. Troops march on. Prices fall. He is 37 years old; a 6-year-old boy.", WED) == []
    assert tag("It costs $2018 or 1999% more; the index closed at 2082.1.", WED) == []
    assert tag("as soon as possible, one of the two, at once", WED) == []


def test_impossible_dates_are_not_days() -> None:
    values = [t.value for t in tag("February 30, 2018 and 2018-02-30 and 13/45/2018", WED)]
    assert not any(v.startswith("2018-02-30") for v in values)
    assert "2018-02" in values  # "February" is still a month


def test_results_are_sorted_and_disjoint_with_matching_text() -> None:
    text = "On Jan. 5 and again Tuesday at 3 p.m., after two weeks, the 1990s and last year, now."
    found = tag(text, WED)
    assert len(found) == 6  # "Tuesday at 3 p.m." is one
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for t in found:
        assert text[t.start : t.end] == t.text


def test_datetime_anchor_is_its_day() -> None:
    assert tag("yesterday", datetime(2018, 1, 24, 23, 59))[0].value == "2018-01-23"
    assert tag("yesterday", datetime(2018, 1, 24, 23, 59))[0].anchor == WED


@pytest.mark.parametrize("anchor", [None, "2018-01-24", 20180124, 3.5])
def test_invalid_anchor_is_a_clear_error(anchor: object) -> None:
    with pytest.raises(AnchorError, match="anchor must be a datetime.date"):
        tag("yesterday", anchor)  # type: ignore[arg-type]
    assert issubclass(AnchorError, DatelineError)


def test_text_must_be_a_string() -> None:
    with pytest.raises(DatelineError, match="must be a str"):
        tag(b"yesterday", WED)  # type: ignore[arg-type]


def test_version_is_a_string() -> None:
    assert isinstance(TAGGER_VERSION, str) and TAGGER_VERSION


def test_import_dateline_does_not_load_the_tagger() -> None:
    code = "import sys, dateline, dateline.timex; print('dateline.timex.engine' in sys.modules, 're' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[0] == "False"


def test_types_are_timeml_types() -> None:
    assert {t.type for t in tag("now, at noon, for two days, every day", WED)} == set(TimexType)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # an "-ed" word after a determiner is an adjective, not a past verb
        ("It would be paid on a still unspecified date in January.", date(1989, 10, 26), "1990-01"),
        # a deadline with a past-perfect verb is over ("had filed ... by Wednesday")
        ("Thirty-two members had filed reports by Wednesday.", date(1990, 8, 16), "1990-08-15"),
        ("Members must file reports by Wednesday.", date(1990, 8, 16), "1990-08-22"),
        ("Officials will meet ahead of Friday's vote.", date(2000, 1, 5), "2000-01-07"),
        # the dot of "U.S." or "a.m." does not end the clause; "next to" is not "next"
        ("A bomb ripped through a building next to the U.S. embassy Friday morning.",
         date(1998, 8, 8), "1998-08-07TMO"),
    ],
)
def test_tense_cues(text: str, anchor: date, expected: str) -> None:
    assert [t.value for t in tag(text, anchor)] == [expected]


def test_a_parenthetical_names_the_day_of_a_clock_time() -> None:
    found = tag("The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building.",
                date(1998, 8, 8))
    assert [(t.text, t.value) for t in found] == [
        ("10:35 a.m.", "1998-08-07T10:35"), ("0735 GMT", "1998-08-07T07:35"), ("Friday", "1998-08-07")]
    found = tag("He will leave at 4 in the morning (4 a.m. EDT Thursday), Castro said.", date(2000, 4, 5))
    assert [t.value for t in found] == ["2000-04-06T04:00", "2000-04-06T04:00"]
    found = tag("It struck at 1653 local time -LRB- 2153 GMT -RRB- on Tuesday .", date(2010, 1, 13))
    assert [(t.text, t.value) for t in found] == [
        ("1653", "2010-01-12T16:53"), ("2153 GMT", "2010-01-12T21:53"), ("Tuesday", "2010-01-12")]
    # a four-digit 24-hour clock needs its time zone; it is not a year
    found = tag("He arrived at 9 a.m. (1400 GMT), 2000 hours after the 1400 census.", date(2000, 4, 5))
    assert [(t.text, t.value) for t in found] == [
        ("9 a.m.", "2000-04-05T09:00"), ("1400 GMT", "2000-04-05T14:00"), ("1400", "1400")]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # anaphoric references to the time being narrated
        ("He was killed on Oct. 23, 1998. Earlier that day, his family sent a fax.",
         date(1999, 10, 24), [("Oct. 23, 1998", "1998-10-23"), ("Earlier that day", "1998-10-23")]),
        ("She fled to Florida in June 1998 and returned later that year.",
         date(2000, 1, 28), [("June 1998", "1998-06"), ("later that year", "1998")]),
        ("He was arrested Monday and released the next day.",
         date(2000, 1, 28), [("Monday", "2000-01-24"), ("the next day", "2000-01-25")]),
        ("They met on Jan. 5, 2011, and that night the talks broke down.",
         date(2011, 2, 1), [("Jan. 5, 2011", "2011-01-05"), ("that night", "2011-01-05TNI")]),
        ("Trades made that day were lost.", date(2000, 1, 28), []),  # nothing to refer to
        # "the day before/after" a date
        ("The day before last Tuesday's hearing, he went home.",
         date(2000, 2, 24), [("The day before last Tuesday", "2000-02-21")]),
        # "the latest period" of a company report is the quarter it reports on
        ("Third-quarter profit rose. Sales in the latest period were $1.7 billion.",
         date(1989, 11, 2), [("Third-quarter", "1989-Q3"), ("the latest period", "1989-Q3")]),
        ("Sales in the latest period were $1.7 billion.", date(1989, 11, 2), []),
        # "high noon" is an idiom
        ("For Poland, high noon comes today.", date(1999, 3, 12), [("today", "1999-03-12")]),
    ],
)
def test_references_to_earlier_dates(text: str, anchor: date, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, anchor)] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # "in N units" in a future clause is the date that far ahead; otherwise a length
        ("The stock would be redeemed in five years.", date(1989, 11, 2), [("five years", "DATE", "1994")]),
        ("He will return in a week.", date(1989, 11, 2), [("a week", "DATE", "1989-W45")]),
        ("For the first time in thirty years, I will vote.", date(2008, 9, 16),
         [("thirty years", "DURATION", "P30Y")]),
        ("Trade takes its steepest drop in 80 years.", date(2009, 3, 16), [("80 years", "DURATION", "P80Y")]),
        ("Prices will rise in the next two years.", date(1989, 11, 2),
         [("the next two years", "DURATION", "P2Y")]),
        # "the next day or two" counts from now, not from the day being narrated
        ("They met on Jan. 5. Flights will resume in the next day or two.", date(2011, 1, 31),
         [("Jan. 5", "DATE", "2011-01-05"), ("the next day", "DATE", "2011-02-01")]),
        # a weekend with no tense cue: the nearer one, with a bias to the past
        ("The failed top kill procedure over the weekend", date(2010, 6, 1),
         [("the weekend", "DATE", "2010-W21-WE")]),
        ("The festival over the weekend", date(2010, 6, 4), [("the weekend", "DATE", "2010-W22-WE")]),
        # a two-word cue is not read across a number; a pronoun subject is not a determiner
        ("It was shut from about 1 to 8 a.m. and again on Sunday during the same hours.",
         date(2011, 2, 22), [("8 a.m.", "TIME", "2011-02-22T08:00"), ("Sunday", "DATE", "2011-02-20")]),
        # an expression that opens its sentence takes the tense of the main clause after it
        ("In January, a week after the 25th anniversary of the Roe vs. Wade Supreme Court decision, "
         "a clinic bombing in Birmingham, Ala., killed a guard.", date(1998, 10, 25),
         [("January", "DATE", "1998-01"), ("a week", "DURATION", "P1W")]),
        ("'Tomorrow Yemen will open the prison,' some chanted Friday.", date(2011, 2, 12),
         [("Tomorrow", "DATE", "2011-02-13"), ("Friday", "DATE", "2011-02-11")]),
    ],
)
def test_points_spans_and_cues(text: str, anchor: date, expected: list[tuple[str, str, str]]) -> None:
    assert [(t.text, t.type.value, t.value) for t in tag(text, anchor)] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a chronology published in October: its entries are past although their verbs are
        # in the present ("meets", "is to" are cues elsewhere)
        ("February 24 - Militias take control of Misrata .\nMarch 5 - The council meets in Benghazi .\n"
         "Oct. 4 - BP says it is to raise 2 billion euros .", date(2011, 10, 20),
         [("February 24", "2011-02-24"), ("March 5", "2011-03-05"), ("Oct. 4", "2011-10-04")]),
        ("5 August: Engineers follow up the mud with cement.", date(2010, 6, 15), [("5 August", "2010-08-05")]),
        # no tense cue: a month-day more than UNKNOWN_FUTURE_WINDOW_DAYS ahead is the past one ...
        ("The lawsuit accuses BP of failing to prevent the April 20 explosion .", date(2010, 12, 16),
         [("April 20", "2010-04-20")]),
        # ... a nearer one is ahead, and a cue still decides
        ("See ya on Nov. 4 .", date(2008, 9, 24), [("Nov. 4", "2008-11-04")]),
        ("BP reports its results on 27 July , when it will announce its payout .", date(2010, 6, 3),
         [("27 July", "2010-07-27")]),
        ("The panel is due to release its report on 11 January .", date(2010, 11, 9), [("11 January", "2011-01-11")]),
        # a deadline after a verb in the simple past is not necessarily ahead ...
        ("The spill ran until July 15 , when the well was capped .", date(2010, 9, 27), [("July 15", "2010-07-15")]),
        ("BP and Halliburton knew by 20 April that the seal was defective .", date(2010, 11, 8),
         [("20 April", "2010-04-20")]),
        # ... but after a perfect, or with a future cue after it, it is
        ("Italy has won a concession to fulfil contracts until 15 November .", date(2011, 9, 2),
         [("15 November", "2011-11-15")]),
        ("The commission has until 15 December to produce an account .", date(2010, 7, 13),
         [("15 December", "2010-12-15")]),
        ("The oil spilled in the Gulf , and by August 31 , that figure will soar .", date(2010, 6, 2),
         [("August 31", "2010-08-31")]),
        # a day range that ends in a year gives the year to its first day (and its last day
        # is a timex of its own)
        ("The festival is to be held September 2-6 , 2010 , downtown.", date(2010, 6, 18),
         [("September 2", "2010-09-02"), ("6 , 2010", "2010-09-06")]),
        ("February 15\\/16 , 2011 - The arrest of an activist starts a riot .", date(2011, 10, 20),
         [("February 15", "2011-02-15"), ("16 , 2011", "2011-02-16")]),
    ],
)
def test_month_days_in_news(text: str, anchor: date, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, anchor)] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a clock time without a day of its own is on the day last named in its sentence
        ("The meeting began on Jan. 25 at 3 p.m. and ended at 5 p.m.", date(2011, 2, 4),
         [("Jan. 25", "2011-01-25"), ("3 p.m.", "2011-01-25T15:00"), ("5 p.m.", "2011-01-25T17:00")]),
        ("Jan. 25 , the quake struck at 1400 GMT , officials said .", date(2011, 2, 4),
         [("Jan. 25", "2011-01-25"), ("1400 GMT", "2011-01-25T14:00")]),
        ("Posted by : Scottynuke | November 18 , 2010 2:44 PM | Report abuse", date(2010, 11, 17),
         [("November 18 , 2010", "2010-11-18"), ("2:44 PM", "2010-11-18T14:44")]),
        ("Stocks fell Wednesday , trading down 0.2 percent at 1836 GMT .", date(2010, 12, 16),
         [("Wednesday", "2010-12-15"), ("1836 GMT", "2010-12-15T18:36")]),
        # ... not across a sentence break, and a clock's own day still wins
        ("It happened Jan. 25. Then at 3 p.m. they left.", date(2011, 2, 4),
         [("Jan. 25", "2011-01-25"), ("3 p.m.", "2011-02-04T15:00")]),
        ("On Jan. 25 he said the vote will be at 3 p.m. Friday .", date(2011, 2, 2),
         [("Jan. 25", "2011-01-25"), ("3 p.m. Friday", "2011-02-04T15:00")]),
    ],
)
def test_clock_time_after_a_date(text: str, anchor: date, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, anchor)] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a past clause names a day at most PAST_WEEKDAY_MAX_BACK days back; the weekday that
        # would be six days back is tomorrow (TempEval-3 AQUAINT: DCT Monday 1998-08-17)
        ("U.S. Secretary of State Madeleine Albright headed Tuesday to East Africa.", date(1998, 8, 17),
         [("Tuesday", "1998-08-18")]),
        ("The council voted Thursday .", WED, [("Thursday", "2018-01-25")]),
        ("The council voted Friday .", WED, [("Friday", "2018-01-19")]),
        # "since" is certainly past
        ("Prices have fallen since Thursday .", WED, [("Thursday", "2018-01-18")]),
        # no cue: the coming day two ahead rather than the one five back
        ("If O mans-up and sticks to the Friday debate , this thing may be over .", date(2008, 9, 24),
         [("Friday", "2008-09-26")]),
        ("The Monday meeting drew a crowd .", WED, [("Monday", "2018-01-22")]),
        # "this Sunday at 10 a.m." keeps its "this"
        ("Five Arab leaders give their take on GPS this Sunday at 10 a.m. and 1 p.m. ET .", date(2011, 3, 9),
         [("this Sunday at 10 a.m.", "2011-03-13T10:00"), ("1 p.m. ET", "2011-03-13T13:00")]),
    ],
)
def test_weekdays_in_news(text: str, anchor: date, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, anchor)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a weekday, "Daily", "Weekly" or "Night" before a capitalised name head is a name
        ("Marie Colvin of The Sunday Times said Sunday that shelling went on .",
         [("Sunday", "2018-01-21")]),
        ("Potts told the Daily Mail .", []),
        ("Bill Kristol of `` The Weekly Standard , '' wrote .", []),
        ("An appearance on `` Saturday Night Live , '' for a singer .", []),
        # "daily" as a noun: a newspaper named after it (AQUAINT, Timeline17)
        ("The Communist Party daily Granma compared Elian with heroes .", []),
        ("He told the French daily Le Figaro on Monday .", [("Monday", "2018-01-22")]),
        # not names: the frequency adjective, a weekday before a sentence-like capital
        ("Prices rose daily , Reuters said .", [("daily", "P1D")]),
        ("Soldiers could break their daily Ramadan fast .", [("daily", "P1D")]),
        ("Police said on Tuesday Times Square was closed .", [("Tuesday", "2018-01-23")]),
        ("Protesters gathered Saturday night in the square .", [("Saturday night", "2018-01-20TNI")]),
    ],
)
def test_names_are_not_time_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, WED)] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # "one day" after a modal is a vague future point, elsewhere a duration
        ("Islam will one day be the second largest religion.", date(1998, 3, 3), ("one day", "DATE", "FUTURE_REF")),
        ("It took one day.", date(1998, 3, 3), ("one day", "DURATION", "P1D")),
        # "is supposed to" looks ahead; "was supposed to" does not
        ("The commission is supposed to conclude in six months .", date(2010, 6, 17), ("six months", "DATE", "2010-12")),
    ],
)
def test_modal_and_supposed_to(text: str, anchor: date, expected: tuple[str, str, str]) -> None:
    assert only(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a holiday's week is the ISO week that holds it (TempEval-3 AQUAINT: "Easter week")
        ("Protesters prayed as Easter week began.", date(2000, 4, 17), ("Easter week", "DATE", "2000-W16")),
        # its weekend follows a late-week holiday and precedes an early-week one
        ("They spent the Thanksgiving weekend in Reykjavik .", date(2008, 12, 7),
         ("Thanksgiving weekend", "DATE", "2008-W48-WE")),
        ("Obama was in Chicago over Memorial Day weekend .", date(2010, 5, 27),
         ("Memorial Day weekend", "DATE", "2010-W21-WE")),
        ("on Easter", date(2000, 4, 17), ("Easter", "DATE", "2000-04-23")),
    ],
)
def test_holiday_weeks_and_weekends(text: str, anchor: date, expected: tuple[str, str, str]) -> None:
    assert only(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # the second day of a coordination or a range is a day of the same month (TempEval-3
        # AQUAINT XIE19990210.0079 annotates "25" in "on April 24 and 25")
        ("it will be held at the summit on April 24 and 25 .", date(1999, 2, 10), [("April 24", "1999-04-24"), ("25", "1999-04-25")]),
        ("conducted between June 3 and 6 .", date(2010, 6, 7), [("June 3", "2010-06-03"), ("6", "2010-06-06")]),
        ("a September 9-10 meeting in France", date(2011, 8, 23), [("September 9", "2011-09-09"), ("10", "2011-09-10")]),
        ("somewhere between August 14th and 15th", date(2010, 8, 6), [("August 14th", "2010-08-14"), ("15th", "2010-08-15")]),
        # a year after the second day is the year of both
        ("to be held September 2-6, 2010, downtown", date(2008, 6, 18),
         [("September 2", "2010-09-02"), ("6, 2010", "2010-09-06")]),
        ("Feb. 15/16, 2011 - The arrest", date(2011, 9, 21), [("Feb. 15", "2011-02-15"), ("16, 2011", "2011-02-16")]),
        # not a day: a count, an amount, a clock time, a time ago, a day that is not after the
        # first, a day the month does not have, another month
        ("on March 3 and 4 people died", date(2010, 3, 9), [("March 3", "2010-03-03")]),
        ("from March 3 to 5 percent", date(2010, 3, 9), [("March 3", "2010-03-03")]),
        ("from Jan. 3 to 5 p.m.", date(2010, 1, 9), [("Jan. 3", "2010-01-03"), ("5 p.m.", "2010-01-03T17:00")]),
        ("Out Feb. 7 - 18 hrs ago", date(2010, 1, 28), [("Feb. 7", "2010-02-07"), ("18 hrs ago", "2010-01-28")]),
        ("on May 30 and 12", date(2010, 6, 9), [("May 30", "2010-05-30")]),
        ("on Feb. 28 and 30", date(2010, 3, 9), [("Feb. 28", "2010-02-28")]),
        ("on March 3 and 4 June", date(2010, 6, 9), [("March 3", "2010-03-03"), ("4 June", "2010-06-04")]),
    ],
)
def test_second_day_of_a_coordination(text: str, anchor: date, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, anchor)] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a part of a named day is on that day, not on the weekday nearest the anchor
        ("returned home on the night of Friday, Oct. 23. He", date(1998, 11, 21),
         ("night of Friday, Oct. 23", "TIME", "1998-10-23TNI")),
        ("On the morning of Saturday 18 March 1967 , the Torrey Canyon ran aground", date(2010, 6, 24),
         ("morning of Saturday 18 March 1967", "TIME", "1967-03-18TMO")),
        ("the explosion on the night of 20 April killed 11 men", date(2010, 12, 16),
         ("night of 20 April", "TIME", "2010-04-20TNI")),
        # an adjective of length: the article is the noun's; a plural unit says no number
        ("their third day-long meeting", date(2000, 4, 3), ("day-long", "DURATION", "P1D")),
        ("the government's decades-long battle", date(2000, 1, 15), ("decades-long", "DURATION", "PXDE")),
        ("in the year-long uprising", date(2012, 3, 19), ("year-long", "DURATION", "P1Y")),
        ("a months-long NATO air campaign", date(2011, 8, 20), ("months-long", "DURATION", "PXM")),
        # "March" and "May" after a determiner and before a noun are the month
        ("The March accession will enable the three countries", date(1999, 2, 10), ("March", "DATE", "1999-03")),
        ("BP has lost 40 % of its value since the May spill .", date(2010, 7, 26), ("May", "DATE", "2010-05")),
    ],
)
def test_parts_of_named_days_lengths_and_month_modifiers(text: str, anchor: date, expected: tuple[str, str, str]) -> None:
    assert only(text, anchor) == expected


@pytest.mark.parametrize("text", ["They march on Sunday.", "the March on Washington", "The March Hare", "It may rain.",
                                  "May God bless", "The report may be late."])
def test_march_and_may_that_are_not_months(text: str) -> None:
    assert all(t.text not in ("March", "May", "march", "may") for t in tag(text, date(2010, 7, 26)))


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # "the year before" ending a clause counts from the period last named, not from the
        # anchor (TempEval-3 AQUAINT NYT19980907.0112; 0.6 read "the year" as this year)
        ("Revenue fell to $300 million last year, down from $450 million the year before.", date(1998, 9, 7),
         [("last year", "1997"), ("the year before", "1996")]),
        ("Mr Cooke said his team rescued two people on Saturday and two the day before .", date(2010, 1, 18),
         [("Saturday", "2010-01-16"), ("the day before", "2010-01-15")]),
        ("In March 2009 sales fell; the month before, they rose.", date(2010, 1, 18),
         [("March 2009", "2009-03"), ("the month before", "2009-02")]),
        # nothing to count from, or an event after it: no timex (and not this year)
        ("He had arrived the day before.", date(2010, 1, 18), []),
        ("the year before the war", date(2010, 1, 18), []),
    ],
)
def test_period_before_or_after_the_one_narrated(text: str, anchor: date, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, anchor)] == expected


def test_explain_names_the_rule_of_each_timex_and_finds_what_tag_finds() -> None:
    from dateline.timex.engine import SECOND_DAY, explain

    text = "On April 24 and 25 the council met; it will vote Friday at 3 p.m. for two hours."
    explained = explain(text, WED)
    assert [t for t, _ in explained] == tag(text, WED)
    assert [(t.text, rule) for t, rule in explained] == [
        ("April 24", "month_day_year"), ("25", SECOND_DAY), ("Friday at 3 p.m.", "day_clock"),
        ("two hours", "duration")]
