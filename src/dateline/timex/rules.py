"""The rules of the grammar, by family, each with the examples it is tested and documented on.

One rule is a :class:`~dateline.timex.grammar.Rule`: a name, the kind of value it makes, its
TIMEX3 type, a pattern template over the macros of :mod:`dateline.timex.grammar`, and its
examples (the text with the expression in brackets, the publication date when it matters,
the value). Rules earlier in :data:`RULES` win ties between matches of equal length, so the
order of the families and of the rules in them matters.

Examples marked with a ``source`` are TempEval-3 sentences whose gold annotation gives the
bracketed span that value (the tests check it against the corpus); the others are written
for the rule or taken from Timeline17 articles. docs/tagger-rules.md lists them all
(``python tools/tagger_rules_doc.py`` writes it).
"""

from __future__ import annotations

from dateline.model import TimexType
from dateline.timex.grammar import Family, Kind, Rule
from dateline.timex.grammar import example as ex

__all__ = ["FAMILIES", "RULES"]

D, T, DUR, S = TimexType.DATE, TimexType.TIME, TimexType.DURATION, TimexType.SET
K = Kind
TB, AQ = "TimeBank/", "AQUAINT/"

# Pieces shared by several rules.
_THE = r"(?:the{SP})?"
_DATEMOD = r"(?:{DMOD:mod}{SP}|(?P<midmod>mid)[-\u2010\u2013]\s{0,1})?"
_DAY_PHRASE = (
    r"(?:(?:{WEEKDAYPREFIX:wd}{SEP})?{MONTH:month}{SP}{DAYNUM:day}(?:{SEP}{YEAR:year})?"
    r"|(?:{WEEKDAYPREFIX:wd2}{SEP})?{DAYNUM:day2}{SP}(?:of{SP})?{MONTH:month2}(?:{SEP}{YEAR4:year2})?"
    r"|(?:{WEEKDAYPREFIX:wd4}{SEP})?{MONTH:month3}{SP}{ORD:dayord3}(?:{SEP}{YEAR4:year3})?"
    r"|(?:{WEEKDAYPREFIX:wd5}{SEP})?{MONTH:month4}{SP}the{SP}(?:{DAYNUM:day4}|{ORD:dayord4})(?:{SEP}{YEAR4:year4})?"
    r"|(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw})"
)

TIMES_OF_DAY = Family("Times of day", "Clock times and parts of the day, on the day the text names or implies.", (
    Rule("clock_day", K.TIME, T,
         r"(?:{QMOD:qmod}{SP})?{CLOCK:clock}(?:{SP}{TZ:tz})?(?:,?{SP}(?:on{SP})?" + _DAY_PHRASE
         + r"|{SP}(?P<dirw>this|tomorrow|yesterday){SP}(?P<partw>morning|afternoon|evening|night))?",
         examples=(
             ex("Dow Jones amp Co. said it extended its $18-a-share offer for Telerate Inc. common stock "
                "until [5 p.m. EST Nov. 9].", "1989-11-09T17:00", "1989-11-02", source=TB + "wsj_0152"),
             ex("His kidnappers demanded a ransom of dlrs 1 million, but negotiations broke off at "
                "[noon Thursday].", "1998-02-12T12:00", "1998-02-13", source=TB + "APW19980213.1380"),
             ex("The blast in Nairobi occurred at about [10:35 a.m.] (0735 GMT) Friday, toppling a crowded "
                "building toward the embassy", "1998-08-07T10:35", "1998-08-08", source=AQ + "APW19980808.0022"),
             ex("March 23 , 2011 at [9:39 am] | Reply", "2011-03-23T09:39", "2011-03-21"),
         )),
    Rule("hour_part", K.TIME, T,
         r"(?P<clock>1[0-2]|[1-9]|{HOURWORD})(?:{SP}o['\u2019]clock)?"
         r"{SP}(?:(?P<dirw>this|tomorrow|yesterday)|in{SP}the|at)"
         r"{SP}(?P<partw>morning|afternoon|evening|night)",
         examples=(
             ex("''This courageous father will leave at [4 in the morning] (4 a.m. EDT Thursday),'' Castro said.",
                "2000-04-06T04:00", "2000-04-05", source=AQ + "APW20000405.0276"),
             ex("they did not want people woken up at [three o'clock in the morning] due to false alarms",
                "2010-07-23T03:00", "2010-07-23"),
             ex("The shelling resumed at [10 at night] .", "2018-01-24T22:00"),
         )),
    Rule("day_clock", K.TIME, T,
         r"(?:(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw}){SP}(?:at{SP})?{CLOCK:clock}(?:{SP}{TZ:tz})?",
         examples=(
             ex("This is the 17th case , and it airs [Tuesday at 9 p.m. ET] on HLN .", "2011-02-08T21:00",
                "2011-02-08"),
             ex("Five Arab leaders give their take on regional issues on GPS [this Sunday at 10 a.m.]",
                "2011-03-27T10:00", "2011-03-21"),
             ex("The talks resume [tomorrow at noon] .", "2018-01-25T12:00"),
         )),
    Rule("part_day", K.TIME, T,
         _DATEMOD + r"(?:(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw}){SP}{PART:part}",
         examples=(
             ex("It had been due to expire [Friday evening].", "1989-10-27TEV", "1989-10-30",
                source=TB + "wsj_0533"),
             ex("Schwarzkopf secretly picked [Saturday night] as the optimal time to start the offensive.",
                "1991-02-23TNI", "1991-02-25", source=TB + "WSJ910225-0066"),
             ex("A special shrimping season will close [Tuesday evening] .", "2010-05-04TEV", "2010-05-04"),
             ex("The protesters left [early Sunday morning] .", "2018-01-21TMO", mod="START"),
         )),
    Rule("part_dayword", K.TIME, T,
         _DATEMOD + r"{PART:part}{SP}(?:of{SP})?" + _DAY_PHRASE, heads=("PART",),
         examples=(
             ex("In London at [mid-afternoon yesterday], Ratners's shares were up 2 pence (1.26 cents), at "
                "260 pence ($1.64).", "1989-11-01TAF", "1989-11-02", mod="MID", source=TB + "wsj_0169"),
             ex("Gunfire erupted at [dawn Thursday] as chanting crowds dispersed .", "2011-02-24TMO",
                "2011-02-25"),
             ex("She left the home on the [afternoon of November 19] , but she did n't appear at the "
                "smoothie shop .", "2010-11-19TAF", "2011-02-08"),
         )),
    Rule("this_part", K.TIME, T,
         _DATEMOD + r"(?:(?P<dirw>this|last|tomorrow|yesterday){SP})?{PART:part}",
         examples=(
             ex("He's expected to meet with Iraqi deputy prime minister Tariq Aziz [later this afternoon].",
                "1998-02-22TAF", "1998-02-22", mod="END", source=TB + "CNN19980222.1130.0084"),
             ex("CBS News first reported [last night] that the tomb may contain the remains of Air Force "
                "pilot Michael Blassie.", "1998-01-19TNI", "1998-01-20", source=TB + "ea980120.1830.0456"),
             ex("We returned to the hotel in [mid-afternoon] .", "2011-03-07TAF", "2011-03-07", mod="MID"),
         )),
))

CALENDAR_DATES = Family("Calendar dates", "Days, months, years, decades, centuries, quarters, seasons and "
                        "holidays: named, or resolved by the tense of the clause.", (
    Rule("iso_date", K.DATE, D,
         r"(?P<year>[12][0-9]{3})-(?P<month>0[1-9]|1[0-2])-(?P<day>3[01]|[12][0-9]|0[1-9])"
         r"(?:T(?P<clock>(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?))?(?![\d])",
         examples=(
             ex("The file is dated [2010-06-15] .", "2010-06-15"),
             ex("Last updated [2011-02-04T09:30] GMT", "2011-02-04T09:30", type=T),
         )),
    Rule("numeric_mdy", K.DATE, D,
         r"(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12][0-9]|0?[1-9])/(?P<year>[12][0-9]{3}|[0-9]{2})(?![\d/])",
         examples=(
             ex("It opened [1/24/2018].", "2018-01-24"),
             ex("The offer ran until [12/31/99].", "1999-12-31"),
         )),
    Rule("month_day_year", K.DATE, D, _DATEMOD + _DAY_PHRASE.replace("|(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw}", ""),
         examples=(
             ex("The record date is [Nov. 9].", "1989-11-09", "1989-10-27", source=TB + "wsj_0798"),
             ex("Congress reconvenes [Jan. 24].", "2000-01-24", "2000-01-13", source=AQ + "NYT20000113.0267"),
             ex("HAVANA, [August 7] (Xinhua) --", "1998-08-07", "1998-08-07", source=AQ + "XIE19980808.0188"),
             ex("Picture taken [March 16 , 2011] .", "2011-03-16", "2011-03-21"),
             ex("[February 24] - Anti-government militias take control of Misrata .", "2011-02-24", "2011-10-20"),
             ex("[Sunday, Feb. 4, 2018]", "2018-02-04"),
         )),
    Rule("day_before", K.DAY_BEFORE, D,
         r"the{SP}(?P<dayrel>day|night){SP}(?P<rel>before|after){SP}" + _DAY_PHRASE,
         examples=(
             ex("[The day before last Tuesday]'s hearing, he went home.", "2000-02-21", "2000-02-24"),
             ex("Protests began [the day after January 25] .", "2011-01-26", "2011-02-04"),
         )),
    Rule("week_of", K.WEEK_OF, D,
         r"the{SP}week{SP}of{SP}(?:{MONTH:month}{SP}{DAYNUM:day}(?:{SEP}{YEAR:year})?|{DAYNUM:day2}{SP}{MONTH:month2}(?:{SEP}{YEAR4:year2})?)",
         examples=(
             ex("In a drama that has divided his once close-knit family and may finally be resolved in a "
                "court hearing [the week of March 6], Manuel Gonzalez, 59, a soft-spoken bus mechanic, has "
                "remained largely out of the glare of television lights.", "2000-W10", "2000-02-24",
                source=AQ + "NYT20000224.0173"),
             ex("The trial opens [the week of March 6, 2017] .", "2017-W10"),
         )),
    Rule("ordinal_of_month", K.DATE, D,
         r"the{SP}{ORD:dayord}{SP}of{SP}{MONTH:month}(?:{SEP}{YEAR4:year})?",
         examples=(
             ex("The law took effect on [the first of May 2016] .", "2016-05-01"),
             ex("The vote is set for [the 15th of March] .", "2018-03-15"),
         )),
    Rule("month_year", K.MONTH_YEAR, D,
         _DATEMOD + r"(?:{DIR:dir}{SP})?{MONTH:month}(?:{SP}of)?(?:{SEP}{YEAR:year}|{SP}(?P<yeardir>this|last|next){SP}year"
         r"|{SP}{YEARWORDS:yearw})?",
         examples=(
             ex("The thrifts agreed to the transaction in [August 1988].", "1988-08", "1989-10-27",
                source=TB + "wsj_0751"),
             ex("Personal spending rose 0.2% in [September], the smallest gain in a year.", "1989-09",
                "1989-10-30", source=TB + "wsj_0675"),
             ex("The warning by the U.S. attorney's office follows two decisions by the U.S. Supreme Court "
                "[last June].", "1989-06", "1989-10-27", source=TB + "wsj_0778"),
             ex("[January nineteen ninety-seven].", "1997-01", "1998-02-27", source=TB + "CNN19980227.2130.0067"),
             ex("That mission could start in [mid-June] .", "2010-06", "2010-06-01", mod="MID"),
         )),
    Rule("holiday", K.HOLIDAY, D,
         _DATEMOD + r"(?:{DIR:dir}{SP})?{HOLIDAY:holiday}(?:{SEP}{YEAR4:year})?(?:{SP}(?P<hweek>week(?:end)?)\b)?",
         examples=(
             ex("The boy clung to an inner tube for two days and was plucked from the Atlantic on "
                "[Thanksgiving Day] and brought ashore.", "1999-11-25", "2000-01-06",
                source=AQ + "NYT20000106.0007"),
             ex("Earlier Sunday, protesters prayed for divine help as [Easter week] began, waving palm fronds "
                "and posters of the Cuban boy and Jesus.", "2000-W16", "2000-04-17",
                source=AQ + "APW20000417.0031"),
             ex("They spent the [Thanksgiving weekend] in a Reykjavik youth hostel .", "2008-W48-WE",
                "2008-12-07"),
         )),
    Rule("year", K.YEAR, D,
         _DATEMOD + r"(?:(?:the{SP})?(?:fiscal|calendar|model|school|financial)(?:{SP}year)?{SP}|the{SP}year{SP})?"
         r"(?:{YEAR4:year}|(?P<fy>FY|fy|fiscal\s{0,1})(?P<year2>[0-9]{2}|[12][0-9]{3}))(?![\d])",
         examples=(
             ex("Diana de Cardenas, 33, was born in Cuba in [1984].", "1984", "2000-03-30",
                source=AQ + "NYT20000330.0406"),
             ex("Construction is set to begin in [early 1991].", "1991", "1989-10-26", mod="START",
                source=TB + "wsj_0981"),
             ex("The shares are redeemable after [the end of 1994].", "1994", "1989-10-30", mod="END",
                source=TB + "wsj_0637"),
             ex("In [fiscal 1989], Elco earned $7.8 million, or $1.65 a share.", "1989", "1989-11-02",
                source=TB + "wsj_0135"),
         )),
    Rule("year_words", K.YEAR_WORDS, D,
         _DATEMOD + r"(?:(?:the{SP})?year{SP})?(?:{YEARHUNDRED:hundreds}{SP}(?:(?P<oh>oh){SP}{NUMWORD:ones}|{NUMWORD:rest})"
         r"|two{SP}thousand(?:{SP}(?:and{SP})?{NUMWORD:rest2})?)",
         examples=(
             ex("The city could have used some special protection in [nineteen seventy-nine] when the Soviet "
                "Union invaded Afghanistan.", "1979", "1998-01-21", source=TB + "PRI19980121.2000.2591"),
             ex("His promise to half unemployment by [the year two thousand] has now been abandoned.", "2000",
                "1998-02-05", source=TB + "PRI19980205.2000.1998"),
         )),
    Rule("year_end", K.YEAR_END, D,
         r"(?:(?:around|about|by){SP})?(?:the{SP})?(?:year[-\u2010\u2013 ]end|year['\u2019]s{SP}end|end{SP}of{SP}the{SP}year)",
         examples=(
             ex("BP has used the system at 80 percent of its operations and expects to bring it to the rest "
                "by [the end of the year] , he said .", "2010", "2010-06-08", mod="END"),
             ex("Excerpt from the CNNI [year-end] special", "2011", "2011-12-13", mod="END"),
         )),
    Rule("full_year", K.FULL_YEAR, D,
         r"the{SP}(?:full|entire|whole|current|latest){SP}(?:(?:fiscal|calendar){SP})?year",
         examples=(
             ex("Sales for [the full year] were $6.6 billion, up 13% from $5.8 billion.", "1989", "1989-11-02",
                source=TB + "wsj_0189"),
             ex("The non-food operations accounted for about 27% of Provigo's 7.38 billion Canadian dollars "
                "(US$6.3 billion) in sales in [the latest fiscal year].", "1988", "1989-10-26",
                source=TB + "wsj_1006"),
         )),
    Rule("decade", K.DECADE, D,
         _THE + _DATEMOD + r"(?P<cent>1[0-9]|20)?(?P<apos>['\u2019])?(?P<dec>[0-9])0['\u2019]?s(?![\w])",
         examples=(
             ex("Pol Pot is considered responsible for the radical policies that led to the deaths of as many "
                "as 1.7 million Cambodians when the communist group held power in [the late 1970s].", "197",
                "1998-02-19", mod="END", source=TB + "APW19980219.0476"),
             ex("I am reminded of the rationing in [the 70s] caused by a Middle East crisis .", "197",
                "2010-06-07"),
             ex("Prices rose in [the mid-1990s].", "199", mod="MID"),
         )),
    Rule("decade_word", K.DECADE, D,
         _THE + _DATEMOD + r"{DECADEWORD:decword}",
         examples=(
             ex("We in fact have seen hate group numbers dropping through [the nineties], uh but this year "
                "they jumped up uh twenty percent", "199", "1998-03-03", source=TB + "VOA19980303.1600.2745"),
             ex("The building went up in [the early sixties] .", "196", mod="START"),
         )),
    Rule("century", K.CENTURY, D,
         _THE + _DATEMOD + r"{ORD:ord}(?:{SP}|-)century",
         examples=(
             ex("Howes' team was clearing mines 17 kilometers (10 miles) from Angkor Wat, the fabled "
                "[11th century] temple that is Cambodia's main tourist attraction, when it was attacked.", "10",
                "1998-02-19", source=TB + "APW19980219.0476"),
             ex("The artifacts were discovered around the turn of [the 20th century] .", "19", "2011-01-29"),
         )),
    Rule("quarter", K.QUARTER, D,
         r"(?:(?:the|its|their){SP})?" + _DATEMOD + r"(?:(?:comparable|corresponding){SP})?(?:(?P<yearago>year[-\u2010\u2013](?:ago|earlier)){SP}|{DIR:dir}{SP}|{YEAR4:year3}{SP}|(?P<possdir>this|last|next){SP}year['\u2019]s{SP}"
         r"|{YEAR4:year4}['\u2019]s{SP})?(?:(?:fiscal|calendar)(?:{SP}|-))?(?:{ORD:ord}|(?P<lastord>final|last))(?:{SP}|-)(?P<qh>quarter|half)"
         r"(?:{SP}of{SP}(?:the{SP})?(?:(?:fiscal|calendar){SP})?(?:{YEAR4:year}|(?P<ofdir>this|last|next|the){SP}year)"
         r"|{SP}(?:fiscal{SP})?{YEAR4:year2}|{SP}(?P<yeardir>last|this|next){SP}year)?",
         examples=(
             ex("And Unisys is expected to do little better than break even in [the fourth quarter].",
                "1989-Q4", "1989-10-30", source=TB + "wsj_0568"),
             ex("In fact, he thinks several steelmakers will report actual losses through [the third quarter "
                "of 1990].", "1990-Q3", "1989-10-26", source=TB + "wsj_1003"),
             ex("In [the year-earlier third quarter], Poughkeepsie Savings had net income of $2.8 million, or "
                "77 cents a share.", "1988-Q3", "1989-10-27", source=TB + "wsj_0736"),
             ex("Despite continuing problems in its newsprint business, Kimberly-Clark Corp. posted a 20% gain "
                "in [third-quarter] net income.", "1989-Q3", "1989-11-01", source=TB + "wsj_0292"),
             ex("It was expecting worse refining results in [the second half of the year] .", "2011-H2",
                "2011-08-10"),
         )),
    Rule("year_period", K.YEAR_PERIOD, D,
         r"(?:the{SP}{YEAR4:year}|(?P<possdir>this|last|next){SP}year['\u2019]s|{YEAR4:year2}['\u2019]s){SP}(?:fiscal{SP})?(?P<unit>quarter|half|period)",
         examples=(
             ex("Third-quarter profit rose. Kirschner earned $376,000 on revenue of $14.5 million in "
                "[the 1988 quarter].", "1988-Q3", "1989-10-30"),
             ex("Net sales for the third quarter were $14 million; sales for [last year's quarter] were about "
                "$3 million.", "1988-Q3", "1989-11-01"),
         )),
    Rule("quarter_code", K.QUARTER, D,
         r"(?P<qcode>Q[1-4]|[1-4]Q|H[12])(?:{SP}(?:FY)?{YEAR:year})?",
         examples=(
             ex("BP oil spill prompts [Q3] results delay", "2010-Q3", "2010-09-10"),
             ex("BP will pay no quarterly dividends for Q2 - [Q4 2010] saving some $ 7.5 billion in cash "
                "flow .", "2010-Q4", "2010-10-07"),
             ex("Sales rose in [H1 2017] .", "2017-H1"),
         )),
    Rule("season", K.SEASON, D,
         r"(?:(?P<the0>the){SP})?" + _DATEMOD + r"(?:(?P<the>the){SP}|{DIR:dir}{SP})?{SEASON:season}"
         r"(?:{SP}(?:of{SP})?(?:{YEAR4:year}|{YEARWORDS:yearw})|{SP}(?P<yeardir>this|last|next){SP}year)?",
         examples=(
             ex("The stock began trading [this summer] at $14 apiece.", "1989-SU", "1989-11-01",
                source=TB + "wsj_0348"),
             ex("Kopp, who is charged with gunning down Dr. Barnett Slepian [last fall] in his home in Buffalo, "
                "N.Y.", "1998-FA", "1999-06-07", source=AQ + "APW19990607.0041"),
             ex("Ah next up is that thirteen dollar a barrel level we saw in [the winter of nineteen "
                "ninety-four].", "1994-WI", "1998-02-23", source=TB + "CNN19980223.1130.0960"),
             ex("He noted, however, that the company's order entry has increased from the low levels of "
                "[the early summer], following the end of labor negotiations.", "1989-SU", "1989-10-26",
                mod="START", source=TB + "wsj_1003"),
         )),
))

RELATIVE_DATES = Family("Relative dates", "Dates counted from the publication date (\"last year\", \"two weeks "
                        "ago\", \"Friday\") or from a time named earlier in the text (\"that day\", \"a year "
                        "earlier\"), and reference words (\"now\", \"recently\").", (
    Rule("anaphoric", K.ANAPHORIC, D,
         r"(?:(?P<rel>earlier|later){SP})?that{SP}(?P<aunit>day|morning|afternoon|evening|night|week|weekend|month|quarter|year)"
         r"|the{SP}(?P<astep>next|following|previous|preceding){SP}(?P<aunit2>day|morning|afternoon|evening|night)"
         # "down from $450 million the year before.": the clause ends there
         r"|the{SP}(?P<aunit3>day|week|month|year){SP}(?P<aside>before|after|earlier|later)"
         r"(?=\s{0,3}(?:[.,;:!?)\"'\u201d]|and\b|but\b|$))",
         examples=(
             ex("According to sources quoted by the Miami Herald, Munero had fled to Florida in June 1998 and "
                "returned to Cuba [later that year], only to be jailed for several months.", "1998", "2000-01-28",
                source=AQ + "APW20000128.0316"),
             ex("Fearing retaliation , no top NTC members were present at the press conference or at Younes ' "
                "funeral [the next morning] .", "2011-08-19TMO", "2011-08-18", type=T),
             ex("Revenue fell to $300 million last year, down from $450 million [the year before].", "1996",
                "1998-09-07"),
         )),
    Rule("rel_period", K.REL_PERIOD, D,
         _DATEMOD + r"(?:{DIR:dir}|(?P<the>the)(?:{SP}(?P<latest>latest|same|current|most{SP}recent))?){SP}"
         r"(?:(?:fiscal|calendar){SP})?{UNIT:unit}(?:{SP}{APPROXSUF:approx})?",
         examples=(
             ex("A large plant in Covington, Ga., is to come on line [next year].", "1990", "1989-10-30",
                source=TB + "wsj_0610"),
             ex("Over [the weekend], McCaw continued to call for an auction of LIN.", "1989-W43-WE",
                "1989-10-30", source=TB + "wsj_0584"),
             ex("Two segments posted lower earnings for [the quarter].", "1989-Q3", "1989-10-26",
                source=TB + "wsj_0918"),
             ex("The results made net income for [the year] ended Aug. 31 the best in its history.", "P1Y",
                "1989-10-30", type=DUR),
             ex("[Last month] the UN put the death toll since March at 5,000 .", "2011-12", "2012-01-10"),
             ex("He left [earlier this week].", "2018-W04", mod="START"),
         )),
    Rule("latest_period", K.LATEST_PERIOD, D,
         r"the{SP}(?:latest|most{SP}recent|current){SP}period",
         examples=(
             ex("Fourth-quarter profit rose. Sales in [the latest period] were $1.76 billion.", "1989-Q4",
                "1989-11-02"),
             ex("Third-quarter net fell 5%; revenue in [the most recent period] rose 2%.", "1989-Q3",
                "1989-10-26"),
         )),
    Rule("year_ago_adj", K.YEAR_AGO, D,
         r"(?:the{SP})?(?P<unitadj>year|month|quarter)[-\u2010\u2013](?P<offw>earlier|ago)"
         r"(?:{SP}(?P<unit>quarter|period|month|year))?",
         examples=(
             ex("It reported a third-quarter net loss of $35.2 million, or 31 cents a share, compared with "
                "[year-earlier] profit of $3.8 million, or one cent a share.", "1988-Q3", "1989-11-02"),
             ex("Profit rose 5% in the third quarter; the [year-ago] results included a charge.", "1988-Q3",
                "1989-11-01"),
             ex("Prices fell from [year-ago] levels .", "2017"),
         )),
    Rule("offset", K.OFFSET, D,
         r"(?:{QMOD:qmod}{SP})?(?:{NUMBER:num}|{VAGUE:vague})(?:{SP}|-)(?:(?:more|additional|full|long){SP})?"
         r"{UNIT:unit}(?:{SP}{APPROXSUF:approx})?{SP}{OFFSET:off}",
         examples=(
             ex("Esselte AB sold the minority stake [five years ago] in a $40 million international share "
                "offering.", "1984", "1989-10-26", source=TB + "wsj_1033"),
             ex("Elian was one of 13 Cubans who were trying to cross from Cuba to Florida [six weeks ago] on "
                "a 17-foot aluminum powerboat when it capsized.", "1999-W47", "2000-01-06",
                source=AQ + "NYT20000106.0007"),
             ex("Third-quarter sales dropped 11% to $1.27 billion from $1.43 billion [a year ago].", "1988-Q3",
                "1989-10-26", source=TB + "wsj_1003"),
             ex("`` Where will we be in [a year from now] ?", "2011", "2010-10-05"),
             ex("My last plumbing project was [several years ago] .", "PAST_REF", "2010-11-17"),
         )),
    Rule("bare_offset", K.OFFSET, D,
         r"(?P<unit>years|months|weeks|days|decades|centuries){SP}{OFFSET:off}",
         examples=(
             ex("He left [years ago] for Libya to escape violence at home .", "PAST_REF", "2011-08-17"),
             ex("The oil will still be there [decades from now] .", "FUTURE_REF", "2010-06-28"),
         )),
    Rule("dayword", K.DAYWORD, D, _DATEMOD + r"{DAYWORD:dw}",
         examples=(
             ex("The move was approved at a special shareholders' meeting [yesterday].", "1989-10-26",
                "1989-10-27", source=TB + "wsj_0798"),
             ex("``To that end, we'll be back [tomorrow] to continue our negotiations.''", "2000-04-04",
                "2000-04-03", source=AQ + "NYT20000403.0463"),
             ex("Rally officials weren't available to comment [late yesterday].", "1989-10-26", "1989-10-27",
                mod="END", source=TB + "wsj_0695"),
             ex("Protesters remained in Cairo 's Tahrir Square [overnight] .", "2011-02-10TNI", "2011-02-11",
                type=T),
         )),
    Rule("weekday", K.WEEKDAY, D, _DATEMOD + r"(?:{DIR:dir}{SP})?{WEEKDAY:wd3}",
         examples=(
             ex("Sony's planned acquisition of Guber/Peters Entertainment Co. for $200 million is scheduled to "
                "close [Monday].", "1989-11-06", "1989-11-02", source=TB + "wsj_0175"),
             ex("Orkem and Coates said [last Wednesday] that the two were considering a merger, through "
                "Orkem's British subsidiary, Orkem Coatings U.K.", "1989-10-25", "1989-11-01",
                source=TB + "wsj_0332"),
             ex("Britain has announced an international meeting for [next Tuesday] to assess the situation "
                "in Libya .", "2011-03-29", "2011-03-23"),
             ex("The council voted [Friday] .", "2018-01-19"),
             ex("By [late Friday] , the situation was quiet , he said .", "2011-03-04", "2011-03-04", mod="END"),
         )),
    Rule("ref", K.REF, D, r"{REF:ref}",
         examples=(
             ex("Whether this would prove positive or otherwise towards society in [the future] is yet to be "
                "seen.", "FUTURE_REF", "1998-05-01", source=TB + "APW19980501.0480"),
             ex("Control Data [recently] announced an agreement with MIPS Computer Systems Inc.", "PAST_REF",
                "1989-10-30", source=TB + "wsj_0575"),
             ex("Of course, there were sell programs in past years, too, but they seem to hurt market makers "
                "more painfully [these days].", "PRESENT_REF", "1989-10-30", source=TB + "wsj_0585"),
         )),
))

DURATIONS = Family("Durations", "Lengths of time (\"two years\", \"a day-long meeting\"), and plural units that "
                   "refer to the past or the future (\"recent years\", \"the months ahead\").", (
    Rule("unit_long", K.UNIT_LONG, DUR,
         r"(?:(?:a|an|the|its|their|his|her){SP})?(?P<unit>{UNIT})[-\u2010\u2013]long",
         examples=(
             ex("Late in the day, lawyers for Elian's Miami family emerged from their third [day-long] meeting "
                "with federal officials, but said little.", "P1D", "2000-04-03", source=AQ + "NYT20000403.0463"),
             ex("The UN estimates more than 8,000 people have died in the [year-long] uprising .", "P1Y",
                "2012-03-19"),
             ex("It was the cornerstone of peace in the [decades-long] Arab-Israeli conflict .", "PXDE",
                "2011-02-11"),
         )),
    Rule("duration", K.DURATION, DUR,
         r"(?:{QMOD:qmod}{SP})?(?:(?:the|a|an|its|their|his|her|each{SP}of{SP}the){SP})?"
         r"(?:(?:{DIR:dir}|first|final|latest|initial|same|remaining|entire|full){SP})?"
         r"(?:{NUMBER:num}|{VAGUE:vague})(?:{SP}|[-\u2010\u2013])(?:(?:more|additional|full|long|straight|consecutive|trading|business){SP})?"
         r"{UNIT:unit}(?P<andhalf>{SP}and{SP}a{SP}half)?(?:[-\u2010\u2013](?:old|long))?(?:{SP}{APPROXSUF:approx})?",
         examples=(
             ex("Israel-Syrian talks have been cut off for [nearly two years].", "P2Y", "1998-03-01",
                mod="APPROX", source=TB + "APW19980301.0720"),
             ex("In Singapore, stocks hit a [five year] low.", "P5Y", "1998-01-08",
                source=TB + "ABC19980108.1830.0711"),
             ex("The Treasury's benchmark [30-year] rose fractionally.", "P30Y", "1989-10-27",
                source=TB + "wsj_0816"),
             ex("``I would go there just for [one minute] to get him.", "PT1M", "2000-01-15",
                source=AQ + "APW20000115.0031"),
             ex("They lived there for [2 1/2 years].", "P2Y6M"),
             ex("The stock would be redeemed in [five years].", "1994", "1989-11-02", type=D),
         )),
    Rule("num_to_num", K.DURATION, DUR,
         r"(?:{QMOD:qmod}{SP})?(?:(?:the|a){SP})?(?:(?:{DIR:dir}|first){SP})?{NUMBER:num}(?:{SP}(?:to|or)|-|\u2013){SP0}"
         r"{NUMBER:num2}(?:{SP}|-){UNIT:unit}",
         examples=(
             ex("Vaux said the share issue is part of a strategy to strengthen Labatt's balance sheet in "
                "anticipation of acquisitions to be made during [the next 12 to 18 months].", "PXM",
                "1989-10-30", source=TB + "wsj_0637"),
             ex("Pelicans take [five to six months] to reach independence .", "PXM", "2010-07-12"),
             ex("It could still take [75 to 80 days] to complete .", "PXD", "2010-05-10"),
         )),
    Rule("vague_plural", K.VAGUE_REF, D,
         r"(?:the{SP})?(?:{DIR:dir}|recent|coming|ensuing|future){SP}"
         r"(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries|quarters)",
         examples=(
             ex("At least 51 people were reported killed in clashes between Serb police and ethnic Albanians "
                "in the troubled region in [recent days].", "PAST_REF", "1998-03-08",
                source=TB + "APW19980308.0201"),
             ex("\"It doesn't bode well for [coming quarters],\" said John Jacobson", "FUTURE_REF", "1989-10-26",
                source=TB + "wsj_1003"),
             ex("Kofi Annan is also due to visit Syria in [the coming days] .", "FUTURE_REF", "2012-03-07"),
         )),
    Rule("plural_ahead", K.VAGUE_REF, D,
         r"(?:the{SP})?(?P<unit>years|months|weeks|days|decades){SP}ahead",
         examples=(
             ex("All of these approaches deserve a fair hearing in [the months ahead] .", "FUTURE_REF",
                "2010-06-16"),
             ex("We 'll have more from Ivan in [the days ahead] here in Cairo .", "FUTURE_REF", "2011-01-30"),
         )),
    Rule("bare_plural", K.DURATION, DUR,
         r"(?:(?<=for )|(?<=in )|(?<=within )|(?<=after )|(?<=over ))(?P<unit>years|months|weeks|decades|centuries|hours|minutes)",
         examples=(
             ex("For [weeks] the communist government has held such rallies almost daily.", "PXW", "2000-01-07",
                source=AQ + "APW20000107.0088"),
             ex("Our policy has produced stability for [decades] .", "PXDE", "2011-01-30"),
             ex("After [hours] of searching , we had found the spot .", "PTXH", "2010-09-20"),
         )),
))

SETS = Family("Sets", "Frequencies: how often something recurs.", (
    Rule("every_unit", K.SET, S,
         r"(?:every|each|per){SP}(?:other{SP})?(?:{NUMBER:num}{SP})?{UNIT:unit}",
         examples=(
             ex("``And I also pray for this young boy [every day] because he needs help.", "P1D", "2000-04-14",
                source=AQ + "NYT20000414.0296"),
             ex("Nationwide, there are about ten thousand patients waiting for liver transplants [each year] "
                "and only four thousand organs become available for transplants.", "P1Y", "1998-03-31",
                source=TB + "VOA19980331.1700.1533"),
             ex("The cap has been collecting roughly 16,000 barrels [every 24 hours] , BP says .", "PT24H",
                "2010-06-23"),
         )),
    Rule("every_weekday", K.SET, S,
         r"(?:every|each){SP}(?:other{SP})?(?:{WEEKDAY:wd3}|(?P<weekdayplural>mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays))(?:{SP}{PART:part})?",
         examples=(
             ex("In a joint statement with Tourism Minister Andrew Thomson, it said two new flights would leave "
                "Bombay on Monday and Tuesday nights from March 30, with the third departing [each Thursday] "
                "from August 6.", "XXXX-WXX-4", "1998-02-13",
                source=TB + "APW19980213.1320"),
             ex("It airs at 10:40 and 23:40 [every Saturday] , and at 02:40 on Sunday .", "XXXX-WXX-6",
                "2010-01-25"),
             ex("The board meets [every other Monday].", "P2W"),
         )),
    Rule("every_month", K.SET, S, r"(?:every|each){SP}{MONTH:month}",
         examples=(
             ex("The crucible is Portadown, 30 miles (50 kms) southwest of Belfast, where Orangemen march "
                "[each July] from their rural church back downtown", "XXXX-07", "1998-03-22",
                source=TB + "APW19980322.0749"),
             ex("The festival returns [every September] .", "XXXX-09"),
         )),
    Rule("every_part", K.SET, S, r"(?:every|each){SP}{PART:part}",
         examples=(
             ex("Get Wonkbook delivered to your inbox or mobile device [every morning] .", "XXXX-XX-XXTMO",
                "2009-05-19"),
             ex("The shelling resumes [every evening] .", "XXXX-XX-XXTEV"),
         )),
    Rule("times_per", K.SET, S,
         r"(?:once|twice|{NUMBER:count}{SP}times){SP}(?:a|an|per|every|each){SP}(?:{NUMBER:num}{SP})?{UNIT:unit}",
         examples=(
             ex("That means tube feeding [three times a day] .", "P1D", "2010-07-12"),
             ex("Policymakers and academics meet [once a year] in Jackson Hole .", "P1Y", "2011-08-22"),
         )),
    Rule("frequency", K.SET, S, r"{FREQ:freq}",
         examples=(
             ex("\"No matter how long it takes or where it takes us, we will pursue terrorists until the cases "
                "are solved and justice is done,\" Clinton said in his [weekly] radio address.", "P1W",
                "1998-08-08", source=AQ + "XIE19980808.0049"),
             ex("Average [hourly] earnings of production and nonsupervisory employees rose 4 cents, to "
                "$12.51.", "PT1H", "1998-02-06", source=TB + "NYT19980206.0460"),
             ex("BP 's suspension of its [quarterly] dividend has only exacerbated the damage .", "P3M",
                "2010-07-08"),
         )),
))

#: The rule families, in rule order.
FAMILIES: tuple[Family, ...] = (TIMES_OF_DAY, CALENDAR_DATES, RELATIVE_DATES, DURATIONS, SETS)

#: Every rule, in order (earlier rules win ties between matches of equal length).
RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.rules)
