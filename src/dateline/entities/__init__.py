"""People, organisations and places: recognition and canonical entities with aliases.

- :mod:`~dateline.entities.recognise`: spaCy's English pipeline, NER only (the optional
  ``entities`` extra, imported when first used);
- :mod:`~dateline.entities.names`: cleaning a mention into a name, resolving short forms
  and acronyms within an article, the keys names are merged by across the collection (the
  rule tables are data files in ``data/``);
- :mod:`~dateline.entities.lookup`: finding the entity a person means by a name;
- :mod:`~dateline.entities.select`: the articles and sentences of an entity timeline.
"""
