"""Name filters: words that look like time expressions but are part of a name or a noun
("The Sunday Times", "the Daily Mail", "the March on Washington"); the words they look at
are in :mod:`dateline.timex.lexicon.filters`."""

from __future__ import annotations

import re

from dateline.timex import lexicon as lx
from dateline.timex.context import Context, prev_word

__all__ = ["in_name", "month_as_modifier"]

#: A lower-case word right after an expression (on the same line).
_LOWER_WORD_AFTER = re.compile(r"[ \t]{1,3}([a-z][a-z'-]*)")

#: The word after an expression (one space or a line break away) and the expression's last word.
_FOLLOWING_WORD = re.compile(r"[ \t]?\n?[ \t]?([A-Za-z][A-Za-z'-]*)")

_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")

#: The word right before an expression, as written and not across a comma (unlike
#: :func:`~dateline.timex.context.prev_word`): "Party daily Granma" is a newspaper, "Party,
#: daily Granma" is read as the frequency.
_PREV_WORD_NO_COMMA = re.compile(r"([A-Za-z][A-Za-z'-]*)\s{1,3}$")


def month_as_modifier(ctx: Context, start: int, end: int) -> bool:
    """Whether an ambiguous month name ("March", "May") is the month by its company: written
    capitalised, after a determiner and before a lower-case noun ("The March accession",
    "the May jobs report"); the verb or the modal has no determiner before it, a name goes
    on capitalised ("the March Hare") and the noun "march" takes a preposition ("the March
    on Washington")."""
    word = ctx.text[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    before = _PREV_WORD_NO_COMMA.search(ctx.text, max(0, start - 24), start)
    after = _LOWER_WORD_AFTER.match(ctx.text, end)
    return (before is not None and before.group(1).lower() in lx.MONTH_DETERMINERS
            and after is not None and after.group(1) not in lx.PREPOSITIONS)


def in_name(ctx: Context, start: int, end: int) -> bool:
    """Whether the expression is part of a name or a noun: "The Sunday Times", "the Daily
    Mail", "Saturday Night Live" (a capitalised name head follows), or the newspaper noun
    "daily" before a title ("the Communist Party daily Granma", "French daily Le Figaro")."""
    last = _LAST_WORD.search(ctx.text, start, end)
    if last is None or last.group(1).lower() not in lx.NAME_WORDS:
        return False
    nxt = _FOLLOWING_WORD.match(ctx.text, end)
    if nxt is None or not nxt.group(1)[0].isupper():
        return False
    word = last.group(1)
    if word[0].isupper():
        head = nxt.group(1)
        if head == "Night" and word.lower() != "night":  # "Saturday Night Live"
            after = _FOLLOWING_WORD.match(ctx.text, nxt.end())
            head = after.group(1) if after is not None and after.group(1)[0].isupper() else ""
        return head.lower() in lx.NAME_HEADS and prev_word(ctx, start) not in lx.NAME_HEAD_EXCEPTIONS
    if word in lx.NEWSPAPER_NOUNS and last.start() == start:
        before = _PREV_WORD_NO_COMMA.search(ctx.text, max(0, start - 40), start)
        if before is None:
            return False
        b = before.group(1)
        # "the daily Kommersant", "French daily Le Figaro", "London-based daily Asharq";
        # not "their daily Ramadan [fast]", "With daily AK-47 fire"
        return b.lower() == "the" or b.lower().endswith("-based") or (
            b[0].isupper() and b.lower() not in lx.FUNCTION_WORDS)
    return False
