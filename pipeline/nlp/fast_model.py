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
whole model's time per article, more than the parser. Those patterns go to a
``pattern_table.TokenPatternTable`` (table lookup, the same matches); any
other to a ``Matcher`` as before. The matches are sorted as
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

from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .pattern_table import TokenPatternTable


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
        #: Patterns of plain tokens, keyed by (attribute index, match id).
        self._table = TokenPatternTable(self.vocab)
        #: The patterns the table cannot express, under the same keys as ``self.matcher``.
        self._rest = Matcher(self.vocab, validate=self.validate)

    def add(self, patterns: Iterable[list[dict]], attrs: dict, index: int = 0) -> None:
        patterns = list(patterns)
        super().add(patterns, attrs, index)  # the full matcher keeps every pattern (serialisation)
        key = str(len(self.attrs) - 1)
        table_key = (len(self.attrs) - 1, self.vocab.strings.add(key))
        for pattern in patterns:
            # (an index outside the pattern fails in set_annotations, as in spaCy)
            if not (-len(pattern) <= index < len(pattern) and self._table.add(table_key, pattern)):
                self._rest.add(key, [pattern])

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        strings = self.vocab.strings
        matches = [(int(strings[m_id]), m_id, start, end)
                   for m_id, start, end in self._rest(doc, allow_missing=True, as_spans=False)] \
            if len(self._rest) else []
        matches += [(attr_index, match_id, start, end)
                    for (attr_index, match_id), start, end in self._table.matches(doc)]
        matches.sort()  # by attribute index: later rules win, as in AttributeRuler.match
        return matches


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
