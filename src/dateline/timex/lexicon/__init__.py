"""The tagger's lexicon: every English word it knows and what it means, as module-level tables.

Nothing here is code that decides anything; :mod:`dateline.timex.grammar` turns these tables
into regular expressions, the engine finds its trigger words in them, and the normalisers
look meanings up in them. Keys are lower case; a key ending in ``.`` is an abbreviation (its
dot is optional in text unless listed in :data:`DOT_REQUIRED`).

The tables live in five modules by what they are for, and all of them are names of this
package (``from dateline.timex import lexicon as lx; lx.MONTHS``):

- :mod:`~dateline.timex.lexicon.calendar`: months, weekdays, seasons, parts of the day,
  holidays, day words ("yesterday"), reference words ("now") and frequency words ("daily");
- :mod:`~dateline.timex.lexicon.amounts`: numbers, spoken years and decades, units of time;
- :mod:`~dateline.timex.lexicon.modifiers`: directions ("last"), modifiers ("early", "more
  than"), offsets ("ago"), anaphora ("that day"), the words an expression may open with;
- :mod:`~dateline.timex.lexicon.cues`: tense cues (is the clause past or future?);
- :mod:`~dateline.timex.lexicon.filters`: words that make a look-alike a count, a name or a
  verb rather than a time expression.
"""

from dateline.timex.lexicon.amounts import *  # noqa: F403
from dateline.timex.lexicon.calendar import *  # noqa: F403
from dateline.timex.lexicon.cues import *  # noqa: F403
from dateline.timex.lexicon.filters import *  # noqa: F403
from dateline.timex.lexicon.modifiers import *  # noqa: F403
