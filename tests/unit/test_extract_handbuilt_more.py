"""More extraction cases on hand-built Docs (no statistical model), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import build, run  # noqa: F401  (same helpers, same PUBLISHED day)


NOT_RULED_OUT = [
    ("Spain", 1, "nsubj", "PROPN", "Spain"), ("said", 1, "ROOT", "VERB", "say"),
    ("it", 5, "nsubj", "PRON", "it"), ("has", 5, "aux", "AUX", "have"), ("not", 5, "neg", "PART", "not"),
    ("ruled", 1, "ccomp", "VERB", "rule"), ("out", 5, "prt", "ADP", "out"),
    ("letting", 5, "advcl", "VERB", "let"), ("Ukraine", 9, "nsubj", "PROPN", "Ukraine"),
    ("use", 7, "ccomp", "VERB", "use"), ("Hawk", 9, "dobj", "PROPN", "Hawk"),
    ("against", 9, "prep", "ADP", "against"), ("Russia", 11, "pobj", "PROPN", "Russia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_has_not_ruled_out_is_a_hedge_in_any_tense(blank_nlp):
    """'Spain said it has not ruled out letting Ukraine use Hawk against Russia': an option
    kept open, not a permission (the cue once matched only the bare "not rule out")."""
    assert run(blank_nlp, NOT_RULED_OUT).rules == []


def _may(decider: tuple, verb: tuple) -> list[tuple]:
    """'<State> <decider> that <party> may <verb> <weapon> over <place>.'"""
    state, party, weapon, place = decider[0], decider[1], verb[1], verb[2]
    return [
        (state, 1, "nsubj", "PROPN", state), (decider[2], 1, "ROOT", "VERB", decider[3]),
        ("that", 5, "mark", "SCONJ", "that"), (party, 5, "nsubj", "PROPN", party),
        ("may", 5, "aux", "AUX", "may"), (verb[0], 1, "ccomp", "VERB", verb[3]),
        (weapon, 5, "dobj", "PROPN", weapon), ("over", 5, "prep", "ADP", "over"),
        (place, 7, "pobj", "PROPN", place), (".", 1, "punct", "PUNCT", "."),
    ]


def test_flying_jets_is_using_them(blank_nlp):
    """'Germany agreed that Ukraine may fly F-16 over Russia': flying the jets is the use
    a rule is about, as firing or launching is."""
    x = run(blank_nlp, _may(("Germany", "Ukraine", "agreed", "agree"), ("fly", "F-16", "Russia", "fly")))
    assert [(r.modality, r.issuer.key, r.bound.key, [w.key for w in r.weapons]) for r in x.rules] == [
        ("permission", "germany", "ukraine", ["f16"])]


def test_an_announcement_that_a_party_may_use_weapons_grants_it(blank_nlp):
    """'Sweden announced that Thailand may use Gripens over Surin': the announcer decides,
    as with "agreed that ... may"."""
    x = run(blank_nlp, _may(("Sweden", "Thailand", "announced", "announce"), ("use", "Gripens", "Surin", "use")))
    assert [(r.modality, r.issuer.key, r.bound.key, [w.key for w in r.weapons]) for r in x.rules] == [
        ("permission", "sweden", "thailand", ["gripen"])]


BARS_THAILAND = [
    ("Sweden", 1, "nsubj", "PROPN", "Sweden"), ("bars", 1, "ROOT", "VERB", "bar"),
    ("Thailand", 1, "dobj", "PROPN", "Thailand"), ("from", 1, "prep", "ADP", "from"),
    ("using", 3, "pcomp", "VERB", "use"), ("Gripens", 4, "dobj", "PROPN", "Gripens"),
    ("in", 4, "prep", "ADP", "in"), ("Cambodia", 6, "pobj", "PROPN", "Cambodia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_states_outside_europe_are_parties_not_places(blank_nlp):
    """'Sweden bars Thailand from using Gripens in Cambodia': the gazetteer knows the
    states of South-East Asia, so the one barred is bound and the other is the scope."""
    x = run(blank_nlp, BARS_THAILAND)
    assert [(r.modality, r.issuer.key, r.bound.key, [s.key for s in r.scope_in]) for r in x.rules] == [
        ("prohibition", "sweden", "thailand", ["cambodia"])]
    assert {e.key: e.category for e in x.entities}["thailand"] == "Country"
