"""The fast attribute ruler and lemmatizer set exactly what spaCy's own components set.

Hand-built Docs (no statistical model) with patterns of every form the table
takes or hands on to the Matcher, random Docs (hypothesis), and, marked
``model``, the real model on the seed articles.
"""
from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from pipeline.nlp.fast_model import CachedEnglishLemmatizer, TableAttributeRuler, swap_model_components
from pipeline.nlp.pattern_table import _compile

ROOT = Path(__file__).resolve().parents[2]

RULES = [  # (patterns, attrs, index): every form the model's rules take, and some it does not
    ([[{"TAG": "NN"}]], {"POS": "NOUN", "MORPH": "Number=Sing"}, 0),
    ([[{"TAG": {"IN": ["VBZ", "VBD"]}}]], {"POS": "VERB"}, 0),
    ([[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], {"POS": "AUX", "LEMMA": "be"}, 0),
    ([[{"LOWER": "it", "DEP": {"IN": ["dobj", "pobj"]}}]], {"MORPH": "Case=Acc"}, 0),
    ([[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], {"POS": "AUX"}, 0),
    ([[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT", "WDT"]}}]], {"POS": "PRON"}, 0),
    ([[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], {"LEMMA": "nothing"}, 0),  # no anchor: every token
    ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, 1),  # two tokens, the second set
    ([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"}, 0),  # anchor on token 2
    ([[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], {"POS": "VERB"}, -1),
    ([[{"TAG": "VBZ", "LOWER": "gets"}], [{"TAG": "VBD", "LOWER": "got"}]], {"LEMMA": "get"}, 0),
    ([[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], {"DEP": "dep"}, 0),
    ([[{"IS_SPACE": True}]], {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}, 0),
    ([[{"TAG": "_SP", "IS_SPACE": False}]], {"POS": "X"}, 0),
    ([[{"POS": "NOUN", "LOWER": "permit"}]], {"MORPH": "Number=Sing|Foo=Bar"}, 0),  # a POS condition
    ([[{"LOWER": "not", "OP": "?"}, {"LOWER": "allowed"}]], {"POS": "ADJ"}, -1),  # operator: Matcher
    ([[{"LENGTH": 3}]], {"MORPH": "Len=3"}, 0),  # another predicate: Matcher
    ([[{"TAG": "NN"}]], {"POS": "PROPN"}, 0),  # a later rule wins over the first
]

ROWS = [  # word, tag, dep, head offset, space after
    ("There", "EX", "expl", 1, True), ("is", "VBZ", "ROOT", 0, True), ("nothin'", "NN", "attr", -1, True),
    ("y'", "PRP", "nsubj", 2, True), ("all", "DT", "det", -1, True), ("gets", "VBZ", "ROOT", 0, True),
    ("it", "PRP", "dobj", -1, True), ("gon", "VBG", "aux", 1, False), ("na", "TO", "aux", 1, True),
    ("got", "VBD", "advcl", -4, True), ("that", "DT", "dobj", -1, False), ("\n", "_SP", "dep", -1, False),
    ("permit", "NN", "dobj", -3, True), ("not", "RB", "neg", 1, True), ("allowed", "VBN", "amod", -2, True),
    ("the", "DT", "det", 1, True), ("dog", "NN", "pobj", -3, True), ("was", "VBD", "auxpass", 1, True),
    ("y", "PRP", "nsubj", 1, True), ("all", "DT", "dobj", -1, False), ("  ", "_SP", "", -1, False),
]


def _doc(vocab, rows=ROWS):
    heads = [i + r[3] for i, r in enumerate(rows)]
    deps = [r[2] or "dep" for r in rows]
    doc = Doc(vocab, words=[r[0] for r in rows], spaces=[r[4] for r in rows],
              tags=[r[1] for r in rows], heads=heads, deps=deps)
    # a token without a label: what "DEP": {"NOT_IN": [""]} tells apart
    for i, r in enumerate(rows):
        if not r[2]:
            doc[i].dep = 0
        if r[0] == "permit":
            doc[i].pos_ = "NOUN"  # as the tagger's mapping would set it: a POS condition to test
    return doc


def _rulers(rules=RULES):
    nlp = spacy.blank("en")
    spacys, ours = AttributeRuler(nlp.vocab), TableAttributeRuler(nlp.vocab)
    for patterns, attrs, index in rules:
        spacys.add(patterns, attrs, index)
        ours.add(patterns, attrs, index)
    return nlp, spacys, ours


def _state(doc):
    return (doc.to_array([TAG, POS, LEMMA, DEP, HEAD]).tolist(), [str(t.morph) for t in doc])


def test_same_matches_and_attributes_as_spacys_attribute_ruler():
    nlp, spacys, ours = _rulers()
    want_doc, got_doc = _doc(nlp.vocab), _doc(nlp.vocab)
    want, got = spacys.match(want_doc), ours.match(got_doc)
    assert sorted(set(got)) == sorted(set(want))
    spacys(want_doc)
    ours(got_doc)
    assert _state(got_doc) == _state(want_doc)
    # the rules did fire, so the comparison says something
    assert got_doc[16].pos_ == "PROPN" and got_doc[2].lemma_ == "nothing" and got_doc[8].lemma_ == "to"
    assert got_doc[3].lemma_ == "you" and got_doc[1].pos_ == "VERB" and got_doc[20].pos_ == "SPACE"
    assert got_doc[12].morph.get("Foo") == ["Bar"] and got_doc[14].pos_ == "ADJ"


def test_plain_patterns_go_to_the_table_others_to_the_matcher():
    vocab = spacy.blank("en").vocab
    anchor, tokens = _compile([{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}], vocab)
    assert anchor[:2] == (0, spacy.attrs.LOWER) and tokens == (((TAG, "in", frozenset({vocab.strings["VBZ"]})),),)
    anchor, tokens = _compile([{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}], vocab)
    assert anchor[0] == 1 and tokens[1] == ()
    assert _compile([{"LOWER": {"REGEX": "x"}}], vocab)[0] is None  # no anchor
    for pattern in ([{"LOWER": "a", "OP": "?"}], [{"LENGTH": 3}], [{}], [{"POS": "NOT_A_POS"}],
                    [{"LOWER": {"FUZZY": "a"}}], [{"_": {"x": 1}}]):
        assert _compile(pattern, vocab) is None
    _, _, ours = _rulers()
    assert len(ours._rest) == 2  # the operator and the LENGTH rule


def test_patterns_serialisation_and_errors_are_attribute_rulers():
    nlp, spacys, ours = _rulers()
    assert ours.patterns == spacys.patterns
    loaded = TableAttributeRuler(nlp.vocab).from_bytes(ours.to_bytes())
    assert loaded.patterns == spacys.patterns
    doc = _doc(nlp.vocab)
    assert _state(loaded(doc)) == _state(spacys(_doc(nlp.vocab)))
    # an index outside the pattern fails as spaCy's does, with spaCy's error
    bad = TableAttributeRuler(nlp.vocab)
    bad.add([[{"TAG": "NN"}]], {"POS": "NOUN"}, index=2)
    with pytest.raises(ValueError, match="E1001|index"):
        bad.set_annotations(doc, bad.match(doc))


WORDS = ["it", "is", "'s", "gets", "got", "gon", "na", "y'", "all", "nothin'", "the", "permit", "was",
         "not", "allowed", " ", "\n", "There", "that"]
TAGS = ["NN", "VBZ", "VBD", "DT", "WDT", "TO", "PRP", "_SP", "EX", "VBN", "RB"]
DEPS = ["dobj", "pobj", "aux", "auxpass", "det", "expl", "nsubj", "ROOT", "amod", ""]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS), st.sampled_from(DEPS)),
                min_size=1, max_size=30))
def test_random_docs_get_the_same_attributes(tokens):
    nlp, spacys, ours = _rulers()
    rows = [(w, t, d, 0, False) for w, t, d in tokens]
    want, got = _doc(nlp.vocab, rows), _doc(nlp.vocab, rows)
    assert sorted(set(ours.match(got))) == sorted(set(spacys.match(want)))
    assert _state(ours(got)) == _state(spacys(want))


def _lemmatizers(overwrite=False):
    nlp = spacy.blank("en")
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""], ["ies", "y"]], "verb": [["ed", ""], ["ing", ""]]})
    lookups.add_table("lemma_index", {"noun": ["strike", "party"], "verb": ["allow", "strike"]})
    lookups.add_table("lemma_exc", {"verb": {"struck": ["strike"]}})
    lookups.add_table("lemma_lookup", {})
    made = []
    for cls in (spacy.lang.en.lemmatizer.EnglishLemmatizer, CachedEnglishLemmatizer):
        lem = cls(nlp.vocab, None, mode="rule", overwrite=overwrite)
        lem.initialize(lookups=lookups)
        made.append(lem)
    return nlp, made


LEMMA_ROWS = [("Parties", "NOUN", "NNS", ""), ("struck", "VERB", "VBD", ""), ("allowed", "VERB", "VBN", "Aspect=Perf"),
              ("strikes", "NOUN", "NNS", "Number=Plur"), ("Kyiv", "PROPN", "NNP", ""), ("  ", "SPACE", "_SP", ""),
              ("striking", "VERB", "VBG", "VerbForm=Ger"), ("strikes", "NOUN", "NNS", "Number=Plur"),
              ("fast", "ADV", "RB", ""), ("Parties", "NOUN", "NNS", ""), ("was", "AUX", "VBD", ""),
              ("strikes", "NOUN", "NNS", "Number=Sing")]  # a base form by its morphology: no rule


@pytest.mark.parametrize("overwrite", [False, True])
def test_cached_lemmatizer_sets_spacys_lemmas(overwrite):
    nlp, (spacys, ours) = _lemmatizers(overwrite)

    def doc():
        d = Doc(nlp.vocab, words=[r[0] for r in LEMMA_ROWS], pos=[r[1] for r in LEMMA_ROWS],
                tags=[r[2] for r in LEMMA_ROWS], morphs=[r[3] for r in LEMMA_ROWS])
        d[10].lemma_ = "be"  # set earlier (by the attribute ruler): kept unless overwrite
        return d
    for _ in range(2):  # the second pass reads the cache
        want, got = spacys(doc()), ours(doc())
        assert [t.lemma_ for t in got] == [t.lemma_ for t in want]
    assert [t.lemma_ for t in got][:4] == ["party", "strike", "allow", "strike"]
    assert got[10].lemma_ == ("was" if overwrite else "be")
    assert got[11].lemma_ == "strikes"  # same word and POS as token 3, other morphology
    assert ours(Doc(nlp.vocab, words=[])).text == ""


def test_swap_keeps_names_places_and_data():
    nlp, spacys, _ = _rulers()
    nlp.add_pipe("attribute_ruler").add_patterns(spacys.patterns)
    nlp.add_pipe("sentencizer")
    swap_model_components(nlp)
    assert nlp.pipe_names == ["attribute_ruler", "sentencizer"]
    assert isinstance(nlp.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert nlp.get_pipe("attribute_ruler").patterns == spacys.patterns


@pytest.mark.model
def test_the_model_with_swapped_components_annotates_like_the_stock_model():
    from pipeline.nlp.loader import resolve_model
    name = resolve_model(None)
    stock, fast = spacy.load(name), swap_model_components(spacy.load(name))
    assert type(fast.get_pipe("attribute_ruler")) is TableAttributeRuler
    assert type(fast.get_pipe("lemmatizer")) is CachedEnglishLemmatizer
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "articles").glob("*.txt"))]
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for want, got in zip(stock.pipe(texts), fast.pipe(texts)):
        assert numpy.array_equal(got.to_array(attrs), want.to_array(attrs))
        assert [str(t.morph) for t in got] == [str(t.morph) for t in want]
        assert [t.lemma_ for t in got] == [t.lemma_ for t in want]


@pytest.mark.model
def test_the_loader_swaps_them_unless_told_not_to(monkeypatch):
    from pipeline.nlp.loader import load_pipeline
    monkeypatch.delenv("CAVEAT_SPACY_RULERS", raising=False)
    assert type(load_pipeline.__wrapped__(None).get_pipe("attribute_ruler")) is TableAttributeRuler
    monkeypatch.setenv("CAVEAT_SPACY_RULERS", "1")
    kept = load_pipeline.__wrapped__(None)
    assert type(kept.get_pipe("attribute_ruler")) is AttributeRuler
    assert type(kept.get_pipe("lemmatizer")) is spacy.lang.en.lemmatizer.EnglishLemmatizer


def test_a_ruler_reading_one_attribute():
    """One column of token values (a 1-D array from spaCy) works like several."""
    nlp = spacy.blank("en")
    spacys, ours = AttributeRuler(nlp.vocab), TableAttributeRuler(nlp.vocab)
    for ruler in (spacys, ours):
        ruler.add([[{"ORTH": "a"}]], {"LEMMA": "x"})
    want, got = spacys(nlp("a b a")), ours(nlp("a b a"))
    assert [t.lemma_ for t in got] == [t.lemma_ for t in want] == ["x", "", "x"]
