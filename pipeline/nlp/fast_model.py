"""Faster drop-in equivalents of the model's rule-based components.

The English models spend about a sixth of their time in two rule-based
components whose output is fully determined by their rules: the
``attribute_ruler`` (POS and morphology from tags) and the rule
``lemmatizer``. Extraction needs what both set, so they cannot be disabled;
instead they are re-implemented here as subclasses of spaCy's own classes
that set the same attributes on every token, several times faster
(tests/unit/test_fast_model.py compares them with spaCy's on hand-built,
random and parsed Docs). ``pipeline.nlp.loader`` swaps them in
(``swap_model_components``); ``CAVEAT_SPACY_RULERS=1`` keeps spaCy's.

**Attribute ruler.** ~180 patterns, nearly all of plain tokens
(``{"TAG": "NN"}``, ``{"TAG": "VBZ", "LOWER": "has"}``,
``{"DEP": {"IN": ["aux", "auxpass"]}, ...}``). spaCy's ``Matcher`` tries every
pattern at every token through Python-level predicates: about 14 % of the
whole model's time per article, more than the parser. A pattern of plain
tokens (each condition an equality, ``IN``, ``NOT_IN`` or ``REGEX`` on a token
attribute, or a boolean flag such as ``IS_SPACE``; no operators) matches
exactly where looking the token's value of one equality/``IN`` condition up
in a table and testing the others finds it. Those patterns go to the table;
any other to a ``Matcher`` as before. The matches are sorted as
``AttributeRuler.match`` sorts them and applied by spaCy's own
``set_annotations``. Patterns, serialisation and scoring are
``AttributeRuler``'s.

**Lemmatizer.** In rule mode a lemma depends only on the token's text, POS
and morphology, and spaCy caches it by exactly that key, but reaches the
cache through several ``Token`` properties per token and caches only some
outcomes. ``CachedEnglishLemmatizer`` reads the three as arrays, keeps every
outcome of spaCy's own ``lemmatize`` by that key, and writes the lemmas back
as one array.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import AttributeRuler
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


class TableAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose plain-token patterns are matched by table lookup (see module doc)."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", *, validate: bool = False,
                 scorer: Callable | None = None) -> None:
        kwargs = {} if scorer is None else {"scorer": scorer}
        super().__init__(vocab, name, validate=validate, **kwargs)
        self._clear_table()

    def clear(self) -> None:
        super().clear()
        self._clear_table()

    def _clear_table(self) -> None:
        #: The patterns the table cannot express, under the same keys as ``self.matcher``.
        self._rest = Matcher(self.vocab, validate=self.validate)
        #: (column, value) -> [(attr index, match id, anchor's token offset, each token's
        #: other checks, or None when the anchor is the whole one-token pattern)]
        self._table: dict[tuple[int, int], list[tuple[int, int, int, _Tokens | None]]] = {}
        #: Patterns with no equality/IN condition: tried at every token.
        self._always: list[tuple[int, int, int, _Tokens]] = []
        self._columns: list[int] = []
        self._anchor_columns: list[int] = []

    def add(self, patterns: Iterable[list[dict]], attrs: dict, index: int = 0) -> None:
        patterns = list(patterns)
        super().add(patterns, attrs, index)  # the full matcher keeps every pattern (serialisation)
        attr_index = len(self.attrs) - 1
        key = str(attr_index)
        match_id = self.vocab.strings.add(key)
        for pattern in patterns:
            compiled = _compile(pattern, self.vocab)
            if compiled is None or not -len(pattern) <= index < len(pattern):
                self._rest.add(key, [pattern])  # (an index out of range fails as in spaCy)
                continue
            anchor, tokens = compiled
            for column in {c for checks in tokens for c, *_ in checks} | ({anchor[1]} if anchor else set()):
                if column not in self._columns:
                    self._columns.append(column)
            if anchor is None:
                self._always.append((attr_index, match_id, 0, tokens))
                continue
            offset, column, values = anchor
            # Most patterns are one anchor condition ({"TAG": "NN"}): nothing left to test.
            entry = (attr_index, match_id, offset, None if len(tokens) == 1 and not tokens[0] else tokens)
            for value in values:
                self._table.setdefault((column, value), []).append(entry)
        self._anchor_columns = sorted({c for c, _ in self._table})

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        strings = self.vocab.strings
        matches = [(int(strings[m_id]), m_id, start, end)
                   for m_id, start, end in self._rest(doc, allow_missing=True, as_spans=False)] \
            if len(self._rest) else []
        if (self._table or self._always) and len(doc):
            columns = self._columns
            where = {c: i for i, c in enumerate(columns)}
            anchors = [(c, where[c]) for c in self._anchor_columns]
            table, always = self._table, self._always
            rows = doc.to_array(columns).reshape(len(doc), len(columns)).tolist()  # 1-D for one column
            n = len(rows)
            for i, row in enumerate(rows):
                for column, at in anchors:
                    for attr_index, match_id, offset, tokens in table.get((column, row[at]), ()):
                        if tokens is None:
                            matches.append((attr_index, match_id, i, i + 1))
                            continue
                        start, end = i - offset, i - offset + len(tokens)
                        if start >= 0 and end <= n and _passes(rows, start, where, tokens, strings):
                            matches.append((attr_index, match_id, start, end))
                for attr_index, match_id, _, tokens in always:
                    if i + len(tokens) <= n and _passes(rows, i, where, tokens, strings):
                        matches.append((attr_index, match_id, i, i + len(tokens)))
        matches.sort()  # by attribute index: later rules win, as in AttributeRuler.match
        return matches


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


IDS_NAMES = {v: k for k, v in IDS.items()}


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


@Language.factory(
    "caveat_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_table_attribute_ruler(nlp: Language, name: str, validate: bool,
                               scorer: Callable | None) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


class CachedEnglishLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, reading and writing token arrays (see module doc)."""

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        error_handler = self.get_error_handler()
        try:
            cache = self.__dict__.setdefault("_lemma_of", {})  # (orth, pos, morph) -> lemma hash
            strings = self.vocab.strings
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
            lemmas = rows[:, 3].copy()
            for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
                if self.overwrite or lemma == 0:
                    key = (orth, pos, morph)
                    value = cache.get(key)
                    if value is None:
                        value = cache[key] = strings.add(self.lemmatize(doc[i])[0])
                    lemmas[i] = value
            doc.from_array([LEMMA], lemmas.astype(numpy.uint64))
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)
            return doc


@Language.factory(
    "caveat_english_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "rule", "overwrite": False,
                    "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
)
def make_cached_lemmatizer(nlp: Language, model: Any, name: str, mode: str, overwrite: bool,
                           scorer: Callable | None) -> CachedEnglishLemmatizer:
    return CachedEnglishLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def swap_model_components(nlp: Language) -> Language:
    """Swap the model's ``attribute_ruler`` and English rule ``lemmatizer`` for the equivalents here.

    Each keeps its name, place and data (patterns; lookup tables). Components
    of other classes (another language, a trained lemmatizer) are left alone.
    """
    for name, component in list(nlp.pipeline):
        if type(component) is AttributeRuler:
            patterns = component.patterns
            nlp.replace_pipe(name, "caveat_attribute_ruler",
                             config={"validate": component.validate}).add_patterns(patterns)
        elif type(component) is EnglishLemmatizer and component.mode == "rule":
            new = nlp.replace_pipe(name, "caveat_english_lemmatizer",
                                   config={"mode": component.mode, "overwrite": component.overwrite})
            new.lookups = component.lookups
    return nlp
