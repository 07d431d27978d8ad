"""Matcher token patterns of plain tokens, matched by table lookup instead of the Matcher.

spaCy's ``Matcher`` tries every pattern at every token, through Python-level
predicates for ``IN``/``NOT_IN``/``REGEX`` conditions: for rulers of a few
hundred one-token patterns that costs more than the parser. A pattern of
plain tokens (each condition an equality, ``IN``, ``NOT_IN`` or ``REGEX`` on a
token attribute, or a boolean flag such as ``IS_SPACE``; no operators, no
extension attributes) matches exactly where looking the token's value of one
equality/``IN`` condition (the *anchor*) up in a table and testing the other
conditions finds it. ``TokenPatternTable`` does that; a pattern it cannot
express (``add`` returns False) stays with the caller's ``Matcher``.

Used by Caveat's cue ruler (``components.CueRuler``) and by the model's
attribute ruler replacement (``fast_model.TableAttributeRuler``); each is
tested against the spaCy component it replaces.
"""
from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, NORM, ORTH, POS, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Token attributes a table pattern may test: string-valued ones compare string
# hashes (as the Matcher does); POS compares part-of-speech ids; flags 0/1.
_STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG,
                 "DEP": DEP, "LEMMA": LEMMA}
_FLAG_ATTRS = {"IS_SPACE": IS_SPACE}
#: Which equality/IN condition to look a pattern up by: the most selective first.
_ANCHOR_ORDER = (ORTH, LOWER, NORM, LEMMA, DEP, TAG, POS, IS_SPACE)

# One compiled condition: (column, kind, values) with kind "in", "not_in" or "regex";
# a pattern's checks, token by token.
_Check = tuple[int, str, Any]
_Tokens = tuple[tuple[_Check, ...], ...]
IDS_NAMES = {v: k for k, v in IDS.items()}  # attribute id -> name, for patterns keyed by ids


class TokenPatternTable:
    """Plain-token patterns under caller-chosen keys; ``matches(doc)`` finds them all."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.clear()

    def clear(self) -> None:
        #: (column, value) -> [(key, anchor's token offset, each token's other checks,
        #: or None when the anchor is the whole one-token pattern)]
        self._table: dict[tuple[int, int], list[tuple[Hashable, int, _Tokens | None]]] = {}
        #: Patterns with no equality/IN condition: tried at every token.
        self._always: list[tuple[Hashable, _Tokens]] = []
        self._columns: list[int] = []
        self._anchor_columns: list[int] = []

    def __bool__(self) -> bool:
        return bool(self._table or self._always)

    def add(self, key: Hashable, pattern: Any) -> bool:
        """Take ``pattern`` under ``key``; False (nothing added) if it is not of plain tokens."""
        compiled = _compile(pattern, self.vocab)
        if compiled is None:
            return False
        anchor, tokens = compiled
        for column in {c for checks in tokens for c, *_ in checks} | ({anchor[1]} if anchor else set()):
            if column not in self._columns:
                self._columns.append(column)
        if anchor is None:
            self._always.append((key, tokens))
            return True
        offset, column, values = anchor
        # Most patterns are one anchor condition ({"TAG": "NN"}): nothing left to test.
        entry = (key, offset, None if len(tokens) == 1 and not tokens[0] else tokens)
        for value in values:
            self._table.setdefault((column, value), []).append(entry)
        self._anchor_columns = sorted({c for c, _ in self._table})
        return True

    def matches(self, doc: Doc) -> list[tuple[Hashable, int, int]]:
        """(key, start, end) of every match, in token order (a pattern matches a span once)."""
        if not self or not len(doc):
            return []
        strings = self.vocab.strings
        columns = self._columns
        where = {c: i for i, c in enumerate(columns)}
        anchors = [(c, where[c]) for c in self._anchor_columns]
        table, always = self._table, self._always
        rows = doc.to_array(columns).reshape(len(doc), len(columns)).tolist()  # 1-D for one column
        n = len(rows)
        found: list[tuple[Hashable, int, int]] = []
        for i, row in enumerate(rows):
            for column, at in anchors:
                for key, offset, tokens in table.get((column, row[at]), ()):
                    if tokens is None:
                        found.append((key, i, i + 1))
                        continue
                    start, end = i - offset, i - offset + len(tokens)
                    if start >= 0 and end <= n and _passes(rows, start, where, tokens, strings):
                        found.append((key, start, end))
            for key, tokens in always:
                if i + len(tokens) <= n and _passes(rows, i, where, tokens, strings):
                    found.append((key, i, i + len(tokens)))
        return found


def _passes(rows: list[list[int]], start: int, where: dict[int, int],
            tokens: _Tokens, strings: Any) -> bool:
    """Whether the tokens from ``start`` on pass each pattern token's checks."""
    for row, checks in zip(rows[start:start + len(tokens)], tokens):
        for column, kind, values in checks:
            value = row[where[column]]
            if kind == "in":
                if value not in values:
                    return False
            elif kind == "not_in":
                if value in values:
                    return False
            elif not values.search(strings[value]):  # "regex", on the attribute's string
                return False
    return True


def _compile(pattern: list[dict], vocab: Vocab) -> tuple[tuple[int, int, frozenset] | None, _Tokens] | None:
    """(anchor, per-token checks) of a pattern of plain tokens (no operators), else None.

    The anchor (token offset, column, values) is the most selective equality/IN
    condition: a match must have one of ``values`` there. None if no token has one.
    """
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) and t for t in pattern):
        return None  # ({} matches every token: left to the Matcher)
    tokens = []
    for token in pattern:
        checks = []
        for name, spec in token.items():
            name = IDS_NAMES.get(name, name) if isinstance(name, int) else str(name).upper()
            check = _compile_condition(name, spec, vocab)
            if check is None:
                return None  # OP, extension attributes, other predicates: the Matcher's
            checks.append(check)
        tokens.append(checks)
    equalities = [(_ANCHOR_ORDER.index(c[0]), offset, c)
                  for offset, checks in enumerate(tokens) for c in checks if c[1] == "in"]
    if not equalities:
        return None, tuple(tuple(checks) for checks in tokens)
    _, offset, anchor = min(equalities, key=lambda e: e[:2])
    # The anchor is looked up, not tested again.
    tokens[offset] = [c for c in tokens[offset] if c is not anchor]
    return (offset, anchor[0], anchor[2]), tuple(tuple(checks) for checks in tokens)


def _compile_condition(name: str, spec: Any, vocab: Vocab) -> _Check | None:
    if name in _FLAG_ATTRS:
        return (_FLAG_ATTRS[name], "in", frozenset({int(spec)})) if isinstance(spec, bool) else None
    if name == "POS":
        def hashes(words: list) -> frozenset | None:
            return frozenset(POS_IDS[w] for w in words) if all(w in POS_IDS for w in words) else None
        column = POS
    elif name in _STRING_ATTRS:
        def hashes(words: list) -> frozenset | None:
            return frozenset(vocab.strings.add(w) for w in words)
        column = _STRING_ATTRS[name]
    else:
        return None
    if isinstance(spec, str):
        values = hashes([spec])
        return None if values is None else (column, "in", values)
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    (op, arg), = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(w, str) for w in arg):
        values = hashes(arg)
        return None if values is None else (column, op.lower(), values)
    if op == "REGEX" and isinstance(arg, str) and column != POS:
        return column, "regex", re.compile(arg)
    return None
