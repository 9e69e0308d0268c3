"""dateline: turn dated news articles into timelines, every line traceable to its source.

``import dateline`` stays fast: heavy modules (the store, the tagger, the timeline engine,
the web app) are imported by their own subpackages, not here.
"""

from dateline.model import Article, Sentence, Timeline, TimelineEntry, Timex

__version__ = "0.1.0"
__all__ = ["Article", "Sentence", "Timeline", "TimelineEntry", "Timex", "__version__"]
