"""The search query language of the store (SQLite FTS5's) translated for PostgreSQL.

Queries are what FTS5 accepts: words (implicitly AND), ``"a phrase"``, ``AND``, ``OR``,
``NOT`` (binary: ``a NOT b``), parentheses, ``prefix*`` and a column filter (``title:word``,
``text:"a phrase"``). :func:`to_tsquery_text` turns one into the text of PostgreSQL's
``to_tsquery``: every word quoted (so the text search configuration stems it), ``<->``
between the words of a phrase, ``:*`` for a prefix, ``:A`` (title) or ``:B`` (body) for a
column. What FTS5 refuses is refused here the same way (:class:`QueryError` saying
"cannot parse the search query"), so a query behaves the same on both backends.
"""

from __future__ import annotations

from dataclasses import dataclass

from dateline.store.base import QueryError

__all__ = ["to_tsquery_text"]

_COLUMNS = {"title": "A", "text": "B"}
_HINT = 'put words with punctuation in double quotes, e.g. "U.S." or "p.m."'


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # word, phrase, op, (, ), *, :
    value: str


def _error(detail: str) -> QueryError:
    return QueryError(f"cannot parse the search query ({detail}); {_HINT}")


def _bareword(c: str) -> bool:
    return c.isalnum() or c == "_" or ord(c) > 127


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == '"':
            j, buf = i + 1, []
            while True:
                if j >= n:
                    raise _error("unterminated string")
                if query[j] == '"':
                    if j + 1 < n and query[j + 1] == '"':  # "" is a quote inside a phrase
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(query[j])
                j += 1
            out.append(_Token("phrase", "".join(buf)))
            i = j + 1
        elif c in "()*:":
            out.append(_Token(c, c))
            i += 1
        elif _bareword(c):
            j = i
            while j < n and _bareword(query[j]):
                j += 1
            word = query[i:j]
            out.append(_Token("op" if word in ("AND", "OR", "NOT") else "word", word))
            i = j
        else:
            raise _error(f'syntax error near "{c}"')
    return out


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.peek()
        if tok is None:
            raise _error("incomplete query")
        self.i += 1
        return tok

    def parse(self) -> str:
        if not self.tokens:
            raise _error("empty query")
        out = self.or_()
        tok = self.peek()
        if tok is not None:
            raise _error(f'syntax error near "{tok.value}"')
        return out

    def or_(self) -> str:
        parts = [self.and_()]
        while (tok := self.peek()) is not None and tok == _Token("op", "OR"):
            self.i += 1
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def and_(self) -> str:
        parts = [self.not_()]
        while (tok := self.peek()) is not None and tok.kind != ")" and tok.value not in ("OR", "NOT"):
            if tok == _Token("op", "AND"):
                self.i += 1
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def not_(self) -> str:
        out = self.primary()
        while (tok := self.peek()) is not None and tok == _Token("op", "NOT"):
            self.i += 1
            out = f"({out} & !{self.primary()})"
        return out

    def primary(self) -> str:
        tok = self.take()
        if tok.kind == "(":
            inner = self.or_()
            if self.take().kind != ")":
                raise _error("unbalanced parentheses")
            return inner
        weight = ""
        nxt = self.peek()
        if tok.kind == "word" and nxt is not None and nxt.kind == ":":
            if tok.value not in _COLUMNS:
                raise _error(f"no such column: {tok.value}")
            self.i += 1
            weight = _COLUMNS[tok.value]
            tok = self.take()
        if tok.kind == "word" and tok.value == "NEAR" and (p := self.peek()) is not None and p.kind == "(":
            raise _error("NEAR() is not supported")
        if tok.kind not in ("word", "phrase"):
            raise _error(f'syntax error near "{tok.value}"')
        prefix = ""
        if (p := self.peek()) is not None and p.kind == "*":
            self.i += 1
            prefix = "*"
        words = tok.value.split() if tok.kind == "phrase" else [tok.value]
        if not words:
            return "''"  # an empty phrase: matches nothing
        label = f":{prefix}{weight}" if prefix or weight else ""
        terms = [_quote(w) + label if k == len(words) - 1 else _quote(w) + (f":{weight}" if weight else "")
                 for k, w in enumerate(words)]
        return terms[0] if len(terms) == 1 else "(" + " <-> ".join(terms) + ")"


def to_tsquery_text(query: str) -> str:
    """The ``to_tsquery`` text of an FTS5 query, or :class:`QueryError`."""
    return _Parser(_tokens(query)).parse()
