"""Extraction cases on hand-built Docs (no statistical model) for the rules made from the
tenth blind set (twelfth session), in the style of ``test_extract_handbuilt.py``: each
sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_eleventh import _rules


# ------------------------------------------------------------------ gazetteer: Korean arms, North Africa
K9_OVER_SUDAN = [
    ("Seoul", 1, "nsubj", "PROPN", "Seoul"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Egypt", 3, "nsubj", "PROPN", "Egypt"), ("fire", 1, "ccomp", "VERB", "fire"),
    ("K9", 5, "compound", "PROPN", "K9"), ("howitzers", 3, "dobj", "NOUN", "howitzer"),
    ("and", 5, "cc", "CCONJ", "and"), ("K2", 8, "compound", "PROPN", "K2"),
    ("tanks", 5, "conj", "NOUN", "tank"), ("over", 3, "prep", "ADP", "over"),
    ("Sudan", 9, "pobj", "PROPN", "Sudan"), (".", 1, "punct", "PUNCT", "."),
]


def test_korean_weapons_and_sudan_are_known(blank_nlp):
    """'Seoul lets Egypt fire K9 howitzers and K2 tanks over Sudan': the South Korean systems
    and Sudan (a state, not a bare place) are in the gazetteer."""
    (r,) = run(blank_nlp, K9_OVER_SUDAN).rules
    assert [w.key for w in r.weapons if not w.key.startswith("kind_")] == ["k9_thunder", "k2_black_panther"]
    assert [(s.key, s.category) for s in r.scope_in] == [("sudan", "Country")]


# ------------------------------------------------------------------ dateline: the story's first word
def test_the_story_after_a_dateline_does_not_end_after_its_first_word():
    """'SEOUL - South Korea has relaxed ...': the parser must not cut "South" off its
    sentence (it did, and "Korea has relaxed ..." then read as North Korea's)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("caveat_paragraphs")
    doc = nlp("Seoul relaxes K9 rule\n\nSEOUL - South Korea has relaxed the rule.")
    south = next(t for t in doc if t.text == "South")
    assert south.is_sent_start and doc[south.i + 1].is_sent_start is False


# ------------------------------------------------------------------ issuer: not the target's maker
FIRE_AT_NORTH_KOREANS = [
    ("Ukrainian", 1, "amod", "ADJ", "ukrainian"), ("crews", 4, "nsubj", "NOUN", "crew"),
    ("may", 4, "aux", "AUX", "may"), ("now", 4, "advmod", "ADV", "now"),
    ("fire", 4, "ROOT", "VERB", "fire"), ("the", 6, "det", "DET", "the"),
    ("guns", 4, "dobj", "NOUN", "gun"), ("at", 4, "prep", "ADP", "at"),
    ("targets", 7, "pobj", "NOUN", "target"), ("in", 8, "prep", "ADP", "in"),
    ("Kursk", 9, "pobj", "PROPN", "Kursk"), (",", 10, "punct", "PUNCT", ","),
    ("where", 18, "advmod", "SCONJ", "where"), ("North", 14, "compound", "PROPN", "North"),
    ("Korean", 16, "amod", "ADJ", "korean"), ("artillery", 16, "compound", "NOUN", "artillery"),
    ("units", 18, "nsubjpass", "NOUN", "unit"), ("are", 18, "auxpass", "AUX", "be"),
    ("deployed", 10, "relcl", "VERB", "deploy"), (".", 4, "punct", "PUNCT", "."),
]


def test_the_weapons_fired_at_name_no_supplier(blank_nlp):
    """'Ukrainian crews may now fire the guns at targets in Kursk, where North Korean artillery
    units are deployed': the North Korean guns are what is hit, so North Korea issues nothing."""
    x = run(blank_nlp, FIRE_AT_NORTH_KOREANS, tags={18: "VBN"})
    assert _rules(x) == [("permission", None, "ukraine")]


# ------------------------------------------------------------------ handing on vs using
LET_POLAND_SEND = [
    ("Seoul", 1, "nsubj", "PROPN", "Seoul"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Poland", 3, "nsubj", "PROPN", "Poland"), ("send", 1, "ccomp", "VERB", "send"),
    ("the", 5, "det", "DET", "the"), ("guns", 3, "dobj", "NOUN", "gun"),
    ("to", 3, "prep", "ADP", "to"), ("Ukraine", 6, "pobj", "PROPN", "Ukraine"),
    (".", 1, "punct", "PUNCT", "."),
    ("The", 10, "det", "DET", "the"), ("guns", 14, "nsubjpass", "NOUN", "gun"),
    ("may", 14, "aux", "AUX", "may"), ("not", 14, "neg", "PART", "not"),
    ("be", 14, "auxpass", "AUX", "be"), ("used", 14, "ROOT", "VERB", "use"),
    ("in", 14, "prep", "ADP", "in"), ("Russia", 15, "pobj", "PROPN", "Russia"),
    (".", 14, "punct", "PUNCT", "."),
]


def test_who_may_hand_the_weapons_on_is_not_who_is_banned_from_using_them(blank_nlp):
    """'Seoul lets Poland send the guns to Ukraine. The guns may not be used in Russia.': the
    ban binds the user (Ukraine), not Poland, which is only let hand the guns on."""
    x = run(blank_nlp, LET_POLAND_SEND, tags={14: "VBN"})
    assert _rules(x) == [("permission", "south_korea", "poland"), ("prohibition", "south_korea", "ukraine")]
    assert [r.handover for r in x.rules] == [True, False]


# ------------------------------------------------------------------ no party: the weapons, or the issuer itself
LET_WEAPONS_REACH = [
    ("Seoul", 1, "nsubj", "PROPN", "Seoul"), ("let", 1, "ROOT", "VERB", "let"),
    ("South", 3, "compound", "PROPN", "South"), ("Korean", 5, "npadvmod", "PROPN", "Korean"),
    ("-", 5, "punct", "PUNCT", "-"), ("made", 6, "amod", "VERB", "make"),
    ("weapons", 7, "nsubj", "NOUN", "weapon"), ("reach", 1, "ccomp", "VERB", "reach"),
    ("Ukraine", 7, "dobj", "PROPN", "Ukraine"), (".", 1, "punct", "PUNCT", "."),
]


def test_weapons_let_somewhere_are_no_party(blank_nlp):
    """'Seoul let South Korean-made weapons reach Ukraine': the weapons are let, not South
    Korea (who would then be let by itself)."""
    x = run(blank_nlp, LET_WEAPONS_REACH, tags={5: "VBN"})
    assert [r.bound.key for r in x.rules if r.bound] != ["south_korea"]
    assert x.rules and all(r.issuer.key == "south_korea" for r in x.rules)


LET_IT_FIRE = [
    ("Seoul", 1, "nsubj", "PROPN", "Seoul"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fire", 1, "ccomp", "VERB", "fire"),
    ("K9", 5, "compound", "PROPN", "K9"), ("howitzers", 3, "dobj", "NOUN", "howitzer"),
    ("at", 3, "prep", "ADP", "at"), ("Kursk", 6, "pobj", "PROPN", "Kursk"),
    (".", 1, "punct", "PUNCT", "."),
    ("Seoul", 10, "nsubj", "PROPN", "Seoul"), ("let", 10, "ROOT", "VERB", "let"),
    ("it", 12, "nsubj", "PRON", "it"), ("fire", 10, "ccomp", "VERB", "fire"),
    ("at", 12, "prep", "ADP", "at"), ("Russia", 13, "pobj", "PROPN", "Russia"),
    (".", 10, "punct", "PUNCT", "."),
]


def test_a_state_lets_nothing_to_itself(blank_nlp):
    """'Seoul lets Ukraine fire K9 howitzers at Kursk. Seoul let it fire at Russia', with "it"
    taken for Seoul: a rule whose party is its own issuer is a misreading, not a rule."""
    assert _rules(run(blank_nlp, LET_IT_FIRE)) == [("permission", "south_korea", "ukraine")]


MUST_APPROVE = [
    ("Seoul", 2, "nsubj", "PROPN", "Seoul"), ("must", 2, "aux", "AUX", "must"),
    ("approve", 2, "ROOT", "VERB", "approve"), ("any", 4, "det", "DET", "any"),
    ("transfer", 2, "dobj", "NOUN", "transfer"), ("of", 4, "prep", "ADP", "of"),
    ("K9", 7, "compound", "PROPN", "K9"), ("howitzers", 5, "pobj", "NOUN", "howitzer"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_a_duty_to_approve_is_no_grant(blank_nlp):
    """'Seoul must approve any transfer of K9 howitzers': how transfers are ruled on, not a
    permission."""
    assert run(blank_nlp, MUST_APPROVE).rules == []


# ------------------------------------------------------------------ weapons named before a noun
NO_LONGER_STATIONED = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("told", 1, "ROOT", "VERB", "tell"),
    ("Cairo", 1, "dobj", "PROPN", "Cairo"), ("that", 13, "mark", "SCONJ", "that"),
    ("IRIS", 6, "compound", "PROPN", "IRIS"), ("-", 6, "punct", "PUNCT", "-"),
    ("T", 7, "compound", "PROPN", "T"), ("fire", 8, "compound", "NOUN", "fire"),
    ("units", 13, "nsubjpass", "NOUN", "unit"), ("may", 13, "aux", "AUX", "may"),
    ("no", 11, "neg", "ADV", "no"), ("longer", 13, "advmod", "ADV", "long"),
    ("be", 13, "auxpass", "AUX", "be"), ("stationed", 1, "ccomp", "VERB", "station"),
    ("within", 13, "prep", "ADP", "within"), ("100", 16, "nummod", "NUM", "100"),
    ("kilometres", 14, "pobj", "NOUN", "kilometre"), ("of", 16, "prep", "ADP", "of"),
    ("the", 19, "det", "DET", "the"), ("border", 17, "pobj", "NOUN", "border"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_fire_units_named_by_their_system_are_the_weapons_ruled_on(blank_nlp):
    """'Germany told Cairo that IRIS-T fire units may no longer be stationed within 100
    kilometres of the border': "fire units" of a named system are that system; Germany bans
    Egypt from stationing them there."""
    x = run(blank_nlp, NO_LONGER_STATIONED, tags={13: "VBN"})
    assert _rules(x) == [("prohibition", "germany", "egypt")]
    r = x.rules[0]
    assert r.action == "Deployment" and [w.key for w in r.weapons] == ["iris_t"]


BARS_ITS_USE = [
    ("Berlin", 1, "nsubj", "PROPN", "Berlin"), ("bars", 1, "ROOT", "VERB", "bar"),
    ("its", 3, "poss", "PRON", "its"), ("use", 1, "dobj", "NOUN", "use"),
    ("over", 3, "prep", "ADP", "over"), ("Libya", 4, "pobj", "PROPN", "Libya"),
    ("and", 5, "cc", "CCONJ", "and"), ("Sudan", 5, "conj", "PROPN", "Sudan"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_barring_the_use_over_states_is_about_weapons(blank_nlp):
    """'Berlin bars its use over Libya and Sudan': the use barred is the weapons' use, even
    where the places are states, not regions."""
    (r,) = run(blank_nlp, BARS_ITS_USE).rules
    assert (r.modality, r.issuer.key) == ("prohibition", "germany")
    assert "libya" in [s.key for s in r.scope_in]


ON_CONDITION_NOT = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("approved", 1, "ROOT", "VERB", "approve"),
    ("the", 3, "det", "DET", "the"), ("export", 1, "dobj", "NOUN", "export"),
    ("of", 3, "prep", "ADP", "of"), ("IRIS-T", 4, "pobj", "PROPN", "IRIS-T"),
    ("to", 3, "prep", "ADP", "to"), ("Egypt", 6, "pobj", "PROPN", "Egypt"),
    ("on", 1, "prep", "ADP", "on"), ("condition", 8, "pobj", "NOUN", "condition"),
    ("that", 14, "mark", "SCONJ", "that"), ("Cairo", 14, "nsubj", "PROPN", "Cairo"),
    ("does", 14, "aux", "AUX", "do"), ("not", 14, "neg", "PART", "not"),
    ("use", 9, "acl", "VERB", "use"), ("them", 14, "dobj", "PRON", "they"),
    ("over", 14, "prep", "ADP", "over"), ("Libya", 16, "pobj", "PROPN", "Libya"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_place_the_grants_condition_rules_out_is_not_granted(blank_nlp):
    """'Germany approved the export of IRIS-T to Egypt on condition that Cairo does not use
    them over Libya': the grant does not cover Libya."""
    x = run(blank_nlp, ON_CONDITION_NOT)
    grants = [r for r in x.rules if r.modality == "permission"]
    assert grants and all("libya" not in [s.key for s in r.scope_in] for r in grants)


TIGHTENED = [
    ("Germany", 2, "nsubj", "PROPN", "Germany"), ("has", 2, "aux", "AUX", "have"),
    ("tightened", 2, "ROOT", "VERB", "tighten"), ("the", 4, "det", "DET", "the"),
    ("conditions", 2, "dobj", "NOUN", "condition"), (".", 2, "punct", "PUNCT", "."),
]


def test_tightening_the_conditions_names_no_ban(blank_nlp):
    """'Germany has tightened the conditions': the rules changed, but which ban is told
    elsewhere; no ban of its own."""
    assert run(blank_nlp, TIGHTENED, tags={2: "VBN"}).rules == []


DAPA_LETS = [
    ("DAPA", 1, "nsubj", "PROPN", "DAPA"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Egypt", 3, "nsubj", "PROPN", "Egypt"), ("use", 1, "ccomp", "VERB", "use"),
    ("IRIS", 6, "compound", "PROPN", "IRIS"), ("-", 6, "punct", "PUNCT", "-"),
    ("T", 7, "compound", "PROPN", "T"), ("SLX", 3, "dobj", "PROPN", "SLX"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_the_korean_procurement_agency_and_the_longer_range_iris_t_are_known(blank_nlp):
    """'DAPA lets Egypt use IRIS-T SLX': DAPA acts for South Korea; the SLX is a system of its
    own, not the IRIS-T SLM."""
    x = run(blank_nlp, DAPA_LETS)
    assert _rules(x) == [("permission", "south_korea", "egypt")]
    assert [w.key for w in x.rules[0].weapons] == ["iris_t_slx"]


# ------------------------------------------------------------------ advocacy: a call to revoke
SHOULD_BE_REVOKED = [
    ("Hoffmeister", 1, "nsubj", "PROPN", "Hoffmeister"), ("said", 1, "ROOT", "VERB", "say"),
    ("the", 3, "det", "DET", "the"), ("licence", 6, "nsubjpass", "NOUN", "licence"),
    ("should", 6, "aux", "AUX", "should"), ("be", 6, "auxpass", "AUX", "be"),
    ("revoked", 1, "ccomp", "VERB", "revoke"), (".", 1, "punct", "PUNCT", "."),
]


def test_saying_the_licence_should_be_revoked_pushes_for_no_easing(blank_nlp):
    """'Hoffmeister said the licence should be revoked': a push to take the permission back,
    the opposite of easing the rules."""
    x = run(blank_nlp, SHOULD_BE_REVOKED, ents=["B-PERSON"] + ["O"] * 7, tags={6: "VBN"})
    assert x.advocacy == []


# ------------------------------------------------------------------ events: years since a day
MARKS_YEARS_SINCE = [
    ("Next", 1, "amod", "ADJ", "next"), ("Monday", 2, "npadvmod", "PROPN", "Monday"),
    ("marks", 2, "ROOT", "VERB", "mark"), ("sixteen", 4, "nummod", "NUM", "sixteen"),
    ("years", 2, "dobj", "NOUN", "year"), ("since", 9, "mark", "SCONJ", "since"),
    ("North", 7, "amod", "ADJ", "north"), ("Korean", 8, "amod", "ADJ", "korean"),
    ("guns", 9, "nsubj", "NOUN", "gun"), ("shelled", 2, "advcl", "VERB", "shell"),
    ("the", 11, "det", "DET", "the"), ("island", 9, "dobj", "NOUN", "island"),
    ("on", 9, "prep", "ADP", "on"), ("23", 14, "nummod", "NUM", "23"),
    ("November", 12, "pobj", "PROPN", "November"), ("2010", 14, "nummod", "NUM", "2010"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_the_day_that_marks_years_since_is_no_event(blank_nlp):
    """'Next Monday marks sixteen years since North Korean guns shelled the island on 23
    November 2010': neither the anniversary nor the day remembered is an event of the story."""
    ents = ["B-DATE", "I-DATE"] + ["O"] * 11 + ["B-DATE", "I-DATE", "I-DATE", "O"]
    x = run(blank_nlp, MARKS_YEARS_SINCE, ents=ents, tags={2: "VBZ", 9: "VBD"})
    assert [e.date for e in x.events] == []


# ------------------------------------------------------------------ names: family name first, rubrics
YOON_TWICE = [
    ("Yoon", 1, "compound", "PROPN", "Yoon"), ("Sang-hoon", 2, "nsubj", "PROPN", "Sang-hoon"),
    ("spoke", 2, "ROOT", "VERB", "speak"), (".", 2, "punct", "PUNCT", "."),
    ("Yoon", 5, "nsubj", "PROPN", "Yoon"), ("added", 5, "ROOT", "VERB", "add"),
    (".", 5, "punct", "PUNCT", "."),
]


def test_a_name_with_a_hyphenated_given_name_is_family_name_first(blank_nlp):
    """'Yoon Sang-hoon spoke. Yoon added.' (the NER taking the second "Yoon" for a place):
    Korean names put the family name first, so "Yoon" is the same person."""
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "O"]
    x = run(blank_nlp, YOON_TWICE, ents=ents)
    assert [(e.key, e.category) for e in x.entities] == [("person:yoon sang-hoon", "Person")]


EXPLAINER = [
    ("Explainer", 0, "ROOT", "NOUN", "explainer"), (":", 0, "punct", "PUNCT", ":"),
    ("why", 3, "advmod", "SCONJ", "why"), ("the", 4, "det", "DET", "the"),
    ("rules", 5, "nsubj", "NOUN", "rule"), ("changed", 0, "dep", "VERB", "change"),
    ("for", 5, "prep", "ADP", "for"), ("the", 8, "det", "DET", "the"),
    ("guns", 6, "pobj", "NOUN", "gun"), ("in", 5, "prep", "ADP", "in"),
    ("the", 11, "det", "DET", "the"), ("south", 9, "pobj", "NOUN", "south"),
]


def test_a_rubric_before_a_headline_is_no_name(blank_nlp):
    """'Explainer: why the rules changed for the guns in the south': the kind of piece, not
    a person the NER took it for."""
    x = run(blank_nlp, EXPLAINER, ents=["B-PERSON"] + ["O"] * 11)
    assert [e for e in x.entities if e.category == "Person"] == []


# ------------------------------------------------------------------ issuer: another story of a round-up
ROUND_UP = [
    ("Seoul", 1, "nsubj", "PROPN", "Seoul"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fire", 1, "ccomp", "VERB", "fire"),
    ("K9", 5, "compound", "PROPN", "K9"), ("howitzers", 3, "dobj", "NOUN", "howitzer"),
    ("at", 3, "prep", "ADP", "at"), ("Kursk", 6, "pobj", "PROPN", "Kursk"),
    (".", 1, "punct", "PUNCT", "."),
    ("Germany", 10, "nsubj", "PROPN", "Germany"), ("sold", 10, "ROOT", "VERB", "sell"),
    ("IRIS", 13, "compound", "PROPN", "IRIS"), ("-", 13, "punct", "PUNCT", "-"),
    ("T", 10, "dobj", "PROPN", "T"), ("to", 10, "prep", "ADP", "to"),
    ("Egypt", 14, "pobj", "PROPN", "Egypt"), (".", 10, "punct", "PUNCT", "."),
    ("Egypt", 18, "nsubj", "PROPN", "Egypt"), ("is", 18, "ROOT", "AUX", "be"),
    ("free", 18, "acomp", "ADJ", "free"), ("to", 21, "aux", "PART", "to"),
    ("use", 19, "xcomp", "VERB", "use"), ("them", 21, "dobj", "PRON", "they"),
    ("at", 21, "prep", "ADP", "at"), ("home", 23, "pobj", "NOUN", "home"),
    (".", 18, "punct", "PUNCT", "."),
]


def test_a_rule_of_another_story_is_issued_by_the_supplier_that_story_names(blank_nlp):
    """'Seoul lets Ukraine fire K9 howitzers at Kursk. Germany sold IRIS-T to Egypt. Egypt is
    free to use them at home.': Egypt's freedom is Germany's grant, the supplier of the system
    its story names, not Seoul's (whose rules bind Ukraine only)."""
    x = run(blank_nlp, ROUND_UP, tags={10: "VBD"})
    assert _rules(x) == [("permission", "south_korea", "ukraine"), ("permission", "germany", "egypt")]
