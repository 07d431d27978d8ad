"""Extraction cases on hand-built Docs (no statistical model) for the rules made from the
eleventh blind set (twelfth session, branch fix-blind11), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import build, run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_eleventh import _rules


def _extractor(nlp, rows):
    from pipeline.extract.mentions import Mentions
    from pipeline.extract.rules import RuleExtractor
    from pipeline.extract.syntax import cues
    from test_extract_handbuilt import PUBLISHED
    doc = build(nlp, rows)
    m = Mentions.build(doc, nlp.get_pipe("caveat_gazetteer").gazetteer)
    return RuleExtractor(m, cues(doc), PUBLISHED)


# ------------------------------------------------------------------ gazetteer: West Africa
SUPER_TUCANOS = [
    ("Washington", 1, "nsubj", "PROPN", "Washington"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Nigerian", 3, "amod", "ADJ", "nigerian"), ("pilots", 4, "nsubj", "NOUN", "pilot"),
    ("fly", 1, "ccomp", "VERB", "fly"), ("Super", 6, "compound", "PROPN", "Super"),
    ("Tucanos", 4, "dobj", "PROPN", "Tucano"), ("over", 4, "prep", "ADP", "over"),
    ("Borno", 7, "pobj", "PROPN", "Borno"), (".", 1, "punct", "PUNCT", "."),
]


def test_west_african_states_their_regions_and_the_super_tucano_are_known(blank_nlp):
    """'Washington lets Nigerian pilots fly Super Tucanos over Borno': the demonym binds
    Nigeria, Borno is a Nigerian state and the weapon is the A-29 (the gazetteer now holds
    the West African states, Nigeria's northern states, the A-29 and the 2K12 Kub)."""
    x = run(blank_nlp, SUPER_TUCANOS)
    assert _rules(x) == [("permission", "us", "nigeria")]
    r = x.rules[0]
    assert [w.key for w in r.weapons] == ["a29"]
    assert [s.key for s in r.scope_in] == ["borno_state"]
    assert r.scope_in[0].country == "nigeria"


UKRAINIAN_MOD = [
    ("The", 3, "det", "DET", "the"), ("Ukrainian", 2, "amod", "ADJ", "ukrainian"),
    ("Ministry", 3, "compound", "PROPN", "Ministry"), ("of", 2, "prep", "ADP", "of"),
    ("Defence", 3, "pobj", "PROPN", "Defence"), ("asked", 5, "ROOT", "VERB", "ask"),
    (".", 5, "punct", "PUNCT", "."),
]


def test_the_ukrainian_defence_ministry_is_named_as_an_organisation_not_as_ukraine(blank_nlp):
    """'The Ukrainian Ministry of Defence asked.': the ministry's label reads "Ukrainian
    Ministry of Defence" (as the Slovak one's does), not "... of Ukraine", a label that ends
    in a state's name."""
    x = run(blank_nlp, UKRAINIAN_MOD)
    assert [(e.key, e.label) for e in x.entities if e.key == "ukraine_mod"] == [
        ("ukraine_mod", "Ukrainian Ministry of Defence")]


# ------------------------------------------------------------------ a Soviet-made weapon handed on
HANDED_ON_THEN_BANNED = [
    ("Romania", 2, "nsubj", "PROPN", "Romania"), ("will", 2, "aux", "AUX", "will"),
    ("hand", 2, "ROOT", "VERB", "hand"), ("its", 5, "poss", "PRON", "its"),
    ("Kub", 5, "compound", "PROPN", "Kub"), ("systems", 2, "dobj", "NOUN", "system"),
    ("to", 2, "prep", "ADP", "to"), ("Ukraine", 6, "pobj", "PROPN", "Ukraine"),
    (".", 2, "punct", "PUNCT", "."),
    ("The", 10, "det", "DET", "the"), ("batteries", 14, "nsubjpass", "NOUN", "battery"),
    ("must", 14, "aux", "AUX", "must"), ("not", 14, "neg", "PART", "not"),
    ("be", 14, "auxpass", "AUX", "be"), ("deployed", 14, "ROOT", "VERB", "deploy"),
    ("outside", 14, "prep", "ADP", "outside"), ("the", 18, "det", "DET", "the"),
    ("Odesa", 18, "compound", "PROPN", "Odesa"), ("region", 15, "pobj", "NOUN", "region"),
    (".", 14, "punct", "PUNCT", "."),
]


def test_the_batteries_of_a_weapon_handed_on_by_a_state_not_its_maker_are_banned(blank_nlp):
    """'Romania will hand its Kub systems to Ukraine. The batteries must not be deployed
    outside the Odesa region.': the Kub is Soviet-made, but Romania hands it on, so "the
    batteries" are the article's weapons and the ban is read ("hand" and "transfer" are
    supply verbs now)."""
    x = run(blank_nlp, HANDED_ON_THEN_BANNED, tags={14: "VBN"})
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert [(r.issuer.key, r.bound.key) for r in bans] == [("romania", "ukraine")]
    assert [w.key for w in bans[0].weapons] == ["kub"]


TRANSFERRED_TO = [
    ("Romania", 1, "nsubj", "PROPN", "Romania"), ("transferred", 1, "ROOT", "VERB", "transfer"),
    ("Kub", 3, "compound", "PROPN", "Kub"), ("systems", 1, "dobj", "NOUN", "system"),
    ("to", 1, "prep", "ADP", "to"), ("Ukraine", 4, "pobj", "PROPN", "Ukraine"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_the_state_weapons_are_transferred_to_is_the_one_that_uses_them(blank_nlp):
    """'Romania transferred Kub systems to Ukraine': Ukraine is the article's user."""
    assert _extractor(blank_nlp, TRANSFERRED_TO).home == "ukraine"


# ------------------------------------------------------------------ "According to the decision, ..."
ACCORDING_TO = [
    ("According", 10, "prep", "VERB", "accord"), ("to", 0, "prep", "ADP", "to"),
    ("the", 3, "det", "DET", "the"), ("decision", 1, "pobj", "NOUN", "decision"),
    (",", 10, "punct", "PUNCT", ","), ("the", 7, "det", "DET", "the"),
    ("Kub", 7, "compound", "PROPN", "Kub"), ("systems", 10, "nsubjpass", "NOUN", "system"),
    ("may", 10, "aux", "AUX", "may"), ("be", 10, "auxpass", "AUX", "be"),
    ("deployed", 10, "ROOT", "VERB", "deploy"), ("and", 10, "cc", "CCONJ", "and"),
    ("used", 10, "conj", "VERB", "use"), ("in", 12, "prep", "ADP", "in"),
    ("the", 16, "det", "DET", "the"), ("Mykolaiv", 16, "compound", "PROPN", "Mykolaiv"),
    ("region", 13, "pobj", "NOUN", "region"), (".", 10, "punct", "PUNCT", "."),
]


def _shifted(rows, by):
    return [(w, h + by, d, p, lem) for w, h, d, p, lem in rows]


def test_a_fronted_according_to_is_no_preposition_shared_with_the_coordinated_verb(blank_nlp):
    """'According to the decision, the Kub systems may be deployed and used in the Mykolaiv
    region': "According" hangs on "deployed" without an object of its own, but it is no
    "deployed to, or used in" preposition shared with "used": the grant is read."""
    x = run(blank_nlp, ACCORDING_TO, tags={10: "VBN", 12: "VBN"})
    grants = [r for r in x.rules if r.modality == "permission"]
    assert [r.action for r in grants] == ["Deployment"]
    assert [s.key for s in grants[0].scope_in] == ["mykolaiv_oblast"]


LEAD_GRANT = [
    ("Romania", 1, "nsubj", "PROPN", "Romania"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("use", 1, "ccomp", "VERB", "use"),
    ("Kub", 5, "compound", "PROPN", "Kub"), ("systems", 3, "dobj", "NOUN", "system"),
    (".", 1, "punct", "PUNCT", "."),
]
TOOK_EFFECT = [
    ("The", 1, "det", "DET", "the"), ("decision", 2, "nsubj", "NOUN", "decision"),
    ("took", 2, "ROOT", "VERB", "take"), ("effect", 2, "dobj", "NOUN", "effect"),
    ("on", 2, "prep", "ADP", "on"), ("7", 6, "nummod", "NUM", "7"),
    ("June", 4, "pobj", "PROPN", "June"), (".", 2, "punct", "PUNCT", "."),
]


def test_a_rule_told_as_what_the_decision_says_takes_the_decisions_day(blank_nlp):
    """'Romania lets Ukraine use Kub systems. The decision took effect on 7 June. According to
    the decision, the Kub systems may be deployed and used in the Mykolaiv region.': the
    deployment grant is part of the decision, though its action differs from the lead's."""
    rows = LEAD_GRANT + _shifted(TOOK_EFFECT, 7) + _shifted(ACCORDING_TO, 15)
    ents = ["O"] * 12 + ["B-DATE", "I-DATE"] + ["O"] * (len(rows) - 14)
    x = run(blank_nlp, rows, ents, tags={25: "VBN", 27: "VBN"})
    deploy = [r for r in x.rules if r.action == "Deployment" and "According" in r.evidence.text]
    assert len(deploy) == 1
    assert deploy[0].effective == dt.date(2024, 6, 7)
