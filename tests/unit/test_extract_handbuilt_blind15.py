"""Extraction cases on hand-built Docs (no statistical model) for the rules made from the
fifteenth blind set (twelfth session), in the style of ``test_extract_handbuilt.py``: each
sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_eleventh import _rules


# ------------------------------------------------------------------ helicopters; "they"; own clause
ARMED_OR_ENTER = [
    ("The", 1, "det", "DET", "the"), ("helicopters", 5, "nsubjpass", "NOUN", "helicopter"),
    ("may", 5, "aux", "AUX", "may"), ("not", 5, "neg", "PART", "not"),
    ("be", 5, "auxpass", "AUX", "be"), ("armed", 5, "ROOT", "VERB", "arm"),
    ("or", 5, "cc", "CCONJ", "or"), ("used", 5, "conj", "VERB", "use"),
    ("in", 7, "prep", "ADP", "in"), ("combat", 8, "pobj", "NOUN", "combat"),
    (",", 5, "punct", "PUNCT", ","), ("and", 5, "cc", "CCONJ", "and"),
    ("they", 15, "nsubj", "PRON", "they"), ("must", 15, "aux", "AUX", "must"),
    ("not", 15, "neg", "PART", "not"), ("enter", 5, "conj", "VERB", "enter"),
    ("Russian", 17, "amod", "ADJ", "russian"), ("airspace", 15, "dobj", "NOUN", "airspace"),
    (".", 15, "punct", "PUNCT", "."),
]


def test_helicopters_are_weapons_and_they_stand_for_them_in_their_own_clause(blank_nlp):
    """'The helicopters may not be armed or used in combat, and they must not enter Russian
    airspace': helicopters are a kind of weapon system; the "they" of the coordinated clause
    stands for them (a ban of its own), and the first ban does not read on into that clause."""
    x = run(blank_nlp, ARMED_OR_ENTER, tags={5: "VBN", 7: "VBN"})
    assert [r.modality for r in x.rules] == ["prohibition", "prohibition"]
    assert [[s.key for s in r.scope_in] for r in x.rules] == [[], ["russia"]]
    assert all([w.key for w in r.weapons] == ["kind_helicopters"] for r in x.rules)


NEVER_FIRED_AFTER = [
    ("The", 1, "det", "DET", "the"), ("missiles", 5, "nsubjpass", "NOUN", "missile"),
    ("may", 5, "aux", "AUX", "may"), ("not", 5, "neg", "PART", "not"),
    ("be", 5, "auxpass", "AUX", "be"), ("fired", 5, "ROOT", "VERB", "fire"),
    ("into", 5, "prep", "ADP", "into"), ("Russia", 6, "pobj", "PROPN", "Russia"),
    (".", 5, "punct", "PUNCT", "."),
    ("And", 14, "cc", "CCONJ", "and"), ("they", 14, "nsubjpass", "PRON", "they"),
    ("must", 14, "aux", "AUX", "must"), ("never", 14, "neg", "ADV", "never"),
    ("be", 14, "auxpass", "AUX", "be"), ("fired", 14, "ROOT", "VERB", "fire"),
    ("at", 14, "prep", "ADP", "at"), ("ships", 15, "pobj", "NOUN", "ship"),
    (".", 14, "punct", "PUNCT", "."),
]


def test_they_after_a_ban_on_named_weapons_stands_for_them(blank_nlp):
    """'The missiles may not be fired into Russia. And they must never be fired at ships.': the
    subject of the sentence before tells what "they" are; the second is a ban too."""
    x = run(blank_nlp, NEVER_FIRED_AFTER, tags={5: "VBN", 14: "VBN"})
    assert [r.modality for r in x.rules] == ["prohibition", "prohibition"]
    assert [w.key for w in x.rules[1].weapons] == ["kind_missiles"]


# ------------------------------------------------------------------ waters of another state
OTHER_STATES_WATERS = [
    ("The", 1, "det", "DET", "the"), ("missiles", 5, "nsubjpass", "NOUN", "missile"),
    ("must", 5, "aux", "AUX", "must"), ("never", 5, "neg", "ADV", "never"),
    ("be", 5, "auxpass", "AUX", "be"), ("fired", 5, "ROOT", "VERB", "fire"),
    ("at", 5, "prep", "ADP", "at"), ("vessels", 6, "pobj", "NOUN", "vessel"),
    ("in", 7, "prep", "ADP", "in"), ("waters", 8, "pobj", "NOUN", "water"),
    ("under", 9, "prep", "ADP", "under"), ("the", 12, "det", "DET", "the"),
    ("jurisdiction", 10, "pobj", "NOUN", "jurisdiction"), ("of", 12, "prep", "ADP", "of"),
    ("another", 15, "det", "DET", "another"), ("state", 13, "pobj", "NOUN", "state"),
    (".", 5, "punct", "PUNCT", "."),
]


def test_a_ban_on_the_waters_of_another_state_keeps_the_phrase(blank_nlp):
    """'The missiles must never be fired at vessels in waters under the jurisdiction of another
    state': an area of other states no entity names is kept as the ban's scope."""
    x = run(blank_nlp, OTHER_STATES_WATERS, tags={5: "VBN"})
    assert [r.modality for r in x.rules] == ["prohibition"]
    assert "at vessels in waters under the jurisdiction of another state" in x.rules[0].scope_text


# ------------------------------------------------------------------ under the licence approved by
UNDER_APPROVED_LICENCE = [
    ("Under", 12, "prep", "ADP", "under"), ("the", 2, "det", "DET", "the"),
    ("licence", 0, "pobj", "NOUN", "licence"), ("approved", 2, "acl", "VERB", "approve"),
    ("by", 3, "agent", "ADP", "by"), ("the", 6, "det", "DET", "the"),
    ("CIEEMG", 4, "pobj", "PROPN", "CIEEMG"), (",", 12, "punct", "PUNCT", ","),
    ("Qatar", 10, "poss", "PROPN", "Qatar"), ("'s", 8, "case", "PART", "'s"),
    ("navy", 12, "nsubj", "NOUN", "navy"), ("may", 12, "aux", "AUX", "may"),
    ("use", 12, "ROOT", "VERB", "use"), ("the", 14, "det", "DET", "the"),
    ("missiles", 12, "dobj", "NOUN", "missile"), ("to", 16, "aux", "PART", "to"),
    ("defend", 12, "xcomp", "VERB", "defend"), ("its", 18, "poss", "PRON", "its"),
    ("waters", 16, "dobj", "NOUN", "water"), (".", 12, "punct", "PUNCT", "."),
]


def test_the_licence_a_party_acts_under_names_its_grantor_and_is_no_rule_of_its_own(blank_nlp):
    """'Under the licence approved by the CIEEMG, Qatar's navy may use the missiles to defend
    its waters': the commission, the agent of the grant, permits; the participle adds no rule
    of its own (one with Qatar as its issuer and no party)."""
    x = run(blank_nlp, UNDER_APPROVED_LICENCE, ents=["O"] * 6 + ["B-ORG"] + ["O"] * 13, tags={3: "VBN"})
    assert _rules(x) == [("permission", "organization:cieemg", "qatar")]


UNDER_ITS_TERMS = [
    ("Under", 8, "prep", "ADP", "under"), ("its", 2, "poss", "PRON", "its"),
    ("terms", 0, "pobj", "NOUN", "term"), (",", 8, "punct", "PUNCT", ","),
    ("Qatar", 6, "poss", "PROPN", "Qatar"), ("'s", 4, "case", "PART", "'s"),
    ("navy", 8, "nsubj", "NOUN", "navy"), ("may", 8, "aux", "AUX", "may"),
    ("use", 8, "ROOT", "VERB", "use"), ("the", 10, "det", "DET", "the"),
    ("missiles", 8, "dobj", "NOUN", "missile"), (".", 8, "punct", "PUNCT", "."),
]


def test_under_its_terms_a_party_may_is_a_permission(blank_nlp):
    """'Under its terms, Qatar's navy may use the missiles': the terms of the decision just
    reported (a possessive, like "the terms") say what the party may do."""
    x = run(blank_nlp, UNDER_ITS_TERMS)
    assert [(r.modality, r.bound.key if r.bound else None) for r in x.rules] == [("permission", "qatar")]


NAVAL_FORCES = [
    ("Under", 9, "prep", "ADP", "under"), ("the", 2, "det", "DET", "the"),
    ("terms", 0, "pobj", "NOUN", "term"), (",", 9, "punct", "PUNCT", ","),
    ("the", 7, "det", "DET", "the"), ("Qatari", 7, "compound", "PROPN", "Qatari"),
    ("Naval", 7, "compound", "PROPN", "Naval"), ("Forces", 9, "nsubj", "PROPN", "Forces"),
    ("may", 9, "aux", "AUX", "may"), ("use", 9, "ROOT", "VERB", "use"),
    ("the", 11, "det", "DET", "the"), ("missiles", 9, "dobj", "NOUN", "missile"),
    (".", 9, "punct", "PUNCT", "."),
]


def test_a_states_named_forces_act_for_it(blank_nlp):
    """'Under the terms, the Qatari Naval Forces may use the missiles': "Forces" in a name (a
    proper noun, its lemma not reduced) is the state's forces, as "forces" is."""
    x = run(blank_nlp, NAVAL_FORCES)
    assert [(r.modality, r.bound.key if r.bound else None) for r in x.rules] == [("permission", "qatar")]


# ------------------------------------------------------------------ "From Monday, X may ..."
FROM_MONDAY = [
    ("From", 6, "prep", "ADP", "from"), ("Monday", 0, "pobj", "PROPN", "Monday"),
    (",", 6, "punct", "PUNCT", ","), ("Ukrainian", 4, "amod", "ADJ", "ukrainian"),
    ("crews", 6, "nsubj", "NOUN", "crew"), ("may", 6, "aux", "AUX", "may"),
    ("fly", 6, "ROOT", "VERB", "fly"), ("the", 8, "det", "DET", "the"),
    ("helicopters", 6, "dobj", "NOUN", "helicopter"), ("up", 6, "prep", "ADP", "up"),
    ("to", 9, "prep", "ADP", "to"), ("the", 13, "det", "DET", "the"),
    ("front", 13, "amod", "ADJ", "front"), ("line", 10, "pobj", "NOUN", "line"),
    (".", 6, "punct", "PUNCT", "."),
]


def test_what_a_party_may_do_from_a_given_day_is_a_permission(blank_nlp):
    """'From Monday, Ukrainian crews may fly the helicopters up to the front line': a rule that
    takes effect on a day, not a guess about what the party may do."""
    x = run(blank_nlp, FROM_MONDAY, ents=["O", "B-DATE"] + ["O"] * 13)
    assert [(r.modality, r.bound.key if r.bound else None) for r in x.rules] == [("permission", "ukraine")]


FROM_MONDAY_THE_DAY = FROM_MONDAY[:3] + [
    ("10", 4, "nummod", "NUM", "10"), ("April", 9, "npadvmod", "PROPN", "April"),
    (",", 9, "punct", "PUNCT", ","), ("Ukrainian", 7, "amod", "ADJ", "ukrainian"),
    ("crews", 9, "nsubj", "NOUN", "crew"), ("may", 9, "aux", "AUX", "may"),
    ("fly", 9, "ROOT", "VERB", "fly"), ("the", 11, "det", "DET", "the"),
    ("helicopters", 9, "dobj", "NOUN", "helicopter"), (".", 9, "punct", "PUNCT", "."),
]
FROM_MONDAY_THE_DAY[0] = ("From", 9, "prep", "ADP", "from")
FROM_MONDAY_THE_DAY[2] = (",", 9, "punct", "PUNCT", ",")


def test_the_day_put_again_after_from_monday_is_no_day_it_was_said(blank_nlp):
    """'From Monday, 10 April, Ukrainian crews may fly the helicopters': "10 April" restates the
    day the rule applies from; it is not the (past) day the rule was announced."""
    x = run(blank_nlp, FROM_MONDAY_THE_DAY, ents=["O", "B-DATE", "O", "B-DATE", "I-DATE"] + ["O"] * 8)
    assert [r.modality for r in x.rules] == ["permission"]
    assert x.rules[0].announced != dt.date(2024, 4, 10)
