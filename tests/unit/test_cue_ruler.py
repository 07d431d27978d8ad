"""The cue ruler's lookup fast path sets the same spans as spaCy's own span_ruler.

Hand-built Docs (no statistical model): words with POS, tags and lemmas
written out, and patterns of every form the fast path takes or hands on.
"""
from __future__ import annotations

import random

import pytest
import spacy
import srsly
from spacy.tokens import Doc

from pipeline.nlp.components import CueRuler
from pipeline.nlp.pattern_table import TokenPatternTable
from pipeline.nlp.loader import LEXICON_DIR

PATTERNS = [
    {"label": "PERMIT_VERB", "pattern": [{"LEMMA": "allow", "POS": {"IN": ["VERB", "AUX"]}}]},
    {"label": "PERMIT_VERB", "pattern": [{"LEMMA": {"IN": ["let", "permit"]}, "POS": "VERB"}]},
    {"label": "DECIDE_VERB", "pattern": [{"LEMMA": "approve", "POS": "VERB"}]},
    {"label": "PERMIT_VERB", "pattern": [{"LEMMA": "approve", "POS": "VERB"}]},  # two labels
    {"label": "PERMIT_VERB", "pattern": [{"LEMMA": "allow"}]},  # duplicate match, deduplicated
    {"label": "ONLY", "pattern": [{"LOWER": {"IN": ["only", "solely"]}}], "id": "only"},
    {"label": "US", "pattern": [{"ORTH": "US"}]},
    {"label": "PAST", "pattern": [{"lemma": "fire", "TAG": {"IN": ["VBD", "VBN"]}}]},  # lower-case key
    {"label": "NOUN_ANY", "pattern": [{"POS": "NOUN"}]},  # no word: the Matcher's
    {"label": "LONG", "pattern": [{"LOWER": "long"}, {"LOWER": "-"}, {"LOWER": "range"}]},
    {"label": "PHRASE", "pattern": "deep inside"},
    {"label": "OPT", "pattern": [{"LOWER": "not", "OP": "?"}]},  # an operator: the Matcher's
]

ROWS = [  # word, POS, tag, lemma
    ("Only", "ADV", "RB", "only"), ("the", "DET", "DT", "the"), ("US", "PROPN", "NNP", "US"),
    ("allowed", "VERB", "VBD", "allow"), ("and", "CCONJ", "CC", "and"),
    ("approved", "VERB", "VBD", "approve"), ("long", "ADJ", "JJ", "long"), ("-", "PUNCT", "HYPH", "-"),
    ("range", "NOUN", "NN", "range"), ("strikes", "NOUN", "NNS", "strike"),
    ("deep", "ADV", "RB", "deep"), ("inside", "ADP", "IN", "inside"), ("Russia", "PROPN", "NNP", "Russia"),
    (";", "PUNCT", ":", ";"), ("Kyiv", "PROPN", "NNP", "Kyiv"), ("fired", "VERB", "VBD", "fire"),
    ("and", "CCONJ", "CC", "and"), ("will", "AUX", "MD", "will"), ("fire", "VERB", "VB", "fire"),
    ("solely", "ADV", "RB", "solely"), (",", "PUNCT", ",", ","), ("not", "PART", "RB", "not"),
    ("us", "PRON", "PRP", "we"), ("allow", "AUX", "VB", "allow"), ("let", "VERB", "VBD", "let"),
    ("permit", "NOUN", "NN", "permit"),
]


def _doc(nlp, rows):
    return Doc(nlp.vocab, words=[r[0] for r in rows], pos=[r[1] for r in rows],
               tags=[r[2] for r in rows], lemmas=[r[3] for r in rows])


def _spans(doc, key="cues"):
    return [(s.start, s.end, s.label_, s.id_) for s in doc.spans[key]]


def _both(patterns):
    """Our ruler and spaCy's, each the only component of a blank pipeline (one vocab)."""
    nlp = spacy.blank("en")
    other = spacy.blank("en", vocab=nlp.vocab)
    ours = nlp.add_pipe("caveat_cue_ruler", name="ours", config={"spans_key": "cues"})
    spacys = other.add_pipe("span_ruler", name="spacys",
                            config={"spans_key": "cues", "phrase_matcher_attr": "LOWER", "overwrite": False})
    ours.add_patterns(patterns)
    spacys.add_patterns(patterns)
    return nlp, ours, spacys


def test_same_spans_as_spacys_span_ruler():
    nlp, ours, spacys = _both(PATTERNS)
    assert isinstance(ours, CueRuler)
    got, want = ours(_doc(nlp, ROWS)), spacys(_doc(nlp, ROWS))
    assert _spans(got) == _spans(want)
    labels = {s[2] for s in _spans(got)}
    # every form is exercised: the table, the Matcher (operator, POS only) and the PhraseMatcher
    assert {"PERMIT_VERB", "DECIDE_VERB", "ONLY", "US", "PAST", "NOUN_ANY", "LONG", "PHRASE",
            "OPT"} <= labels
    # POS and TAG constraints hold: "allow" as AUX counts, "permit" as a noun does not
    assert (23, 24, "PERMIT_VERB", "") in _spans(got) and (25, 26, "PERMIT_VERB", "") not in _spans(got)
    assert (18, 19, "PAST", "") not in _spans(got) and (15, 16, "PAST", "") in _spans(got)


def test_plain_token_patterns_take_the_fast_path():
    nlp, ours, _ = _both(PATTERNS)
    table = TokenPatternTable(nlp.vocab)
    took = [isinstance(p["pattern"], list) and table.add(i, p["pattern"]) for i, p in enumerate(PATTERNS)]
    # word patterns, POS/TAG constraints, a POS-only token and a three-token sequence: the table;
    # a phrase and an operator: spaCy's matchers
    assert took == [True] * 10 + [False, False]
    assert len(ours.matcher) == 1 and len(ours.phrase_matcher) == 1
    for pattern in ([{"LEMMA": "a", "POS": "NOT_A_POS"}], [{"LOWER": "a", "OP": "+"}], [{"_": {"x": 1}}], []):
        assert not table.add("x", pattern)


def test_labels_and_patterns_are_all_listed():
    _, ours, spacys = _both(PATTERNS)
    assert ours.labels == spacys.labels and len(ours.patterns) == len(PATTERNS)


@pytest.mark.parametrize("seed", range(5))
def test_the_real_lexicon_on_random_tokens(seed):
    """Caveat's own cues.jsonl, on random sequences of its words and tags: the same spans."""
    lexicon = list(srsly.read_jsonl(LEXICON_DIR / "cues.jsonl"))
    words = sorted({w for p in lexicon if isinstance(p["pattern"], list) for t in p["pattern"]
                    for k, v in t.items() if k in ("LEMMA", "LOWER")
                    for w in ([v] if isinstance(v, str) else v.get("IN", []))})
    rng = random.Random(seed)
    pos = ["VERB", "AUX", "NOUN", "ADJ", "ADV", "PROPN", "ADP"]
    rows = []
    for _ in range(300):
        w = rng.choice(words)
        rows.append((w if rng.random() < 0.5 else w.capitalize(), rng.choice(pos), "NN", w))
    nlp, ours, spacys = _both(lexicon)
    got = _spans(ours(_doc(nlp, rows)))
    assert got == _spans(spacys(_doc(nlp, rows)))
    assert len(got) > 50
