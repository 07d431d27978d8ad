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


# ------------------------------------------------------------------ a governor named after his role
GOVERNOR_NAMED = [
    ("Zamfara", 2, "poss", "PROPN", "Zamfara"), ("'s", 0, "case", "PART", "'s"),
    ("governor", 8, "nsubj", "NOUN", "governor"), (",", 2, "punct", "PUNCT", ","),
    ("Yusuf", 6, "compound", "PROPN", "Yusuf"), ("Abdullahi", 6, "compound", "PROPN", "Abdullahi"),
    ("Garba", 2, "appos", "PROPN", "Garba"), (",", 2, "punct", "PUNCT", ","),
    ("asked", 8, "ROOT", "VERB", "ask"), ("Washington", 8, "dobj", "PROPN", "Washington"),
    (".", 8, "punct", "PUNCT", "."),
]


def test_a_name_in_apposition_to_governor_is_a_person(blank_nlp):
    """"Zamfara's governor, Yusuf Abdullahi Garba, asked Washington", the name tagged as a
    facility: a governor (or mayor) is a role, so the name is a person's."""
    ents = ["O"] * 4 + ["B-FAC", "I-FAC", "I-FAC"] + ["O"] * 4
    x = run(blank_nlp, GOVERNOR_NAMED, ents)
    assert [(e.label, e.category) for e in x.entities if "Garba" in e.label] == [
        ("Yusuf Abdullahi Garba", "Person")]


# ------------------------------------------------------------------ "Under the terms, X may use ..."
UNDER_THE_TERMS = [
    ("Under", 9, "prep", "ADP", "under"), ("the", 2, "det", "DET", "the"),
    ("terms", 0, "pobj", "NOUN", "term"), (",", 9, "punct", "PUNCT", ","),
    ("the", 7, "det", "DET", "the"), ("Nigerian", 7, "compound", "PROPN", "Nigerian"),
    ("Air", 7, "compound", "PROPN", "Air"), ("Force", 9, "nsubj", "PROPN", "Force"),
    ("may", 9, "aux", "AUX", "may"), ("use", 9, "ROOT", "VERB", "use"),
    ("Super", 11, "compound", "PROPN", "Super"), ("Tucanos", 9, "dobj", "PROPN", "Tucano"),
    ("in", 9, "prep", "ADP", "in"), ("Borno", 12, "pobj", "PROPN", "Borno"),
    ("to", 15, "aux", "PART", "to"), ("protect", 9, "advcl", "VERB", "protect"),
    ("civilians", 15, "dobj", "NOUN", "civilian"), (".", 9, "punct", "PUNCT", "."),
]


def test_what_a_party_may_do_under_the_terms_is_a_permission(blank_nlp):
    """'Under the terms, the Nigerian Air Force may use Super Tucanos in Borno to protect
    civilians': "may" under the terms the article reports grants, it does not guess."""
    x = run(blank_nlp, UNDER_THE_TERMS)
    grants = [r for r in x.rules if r.modality == "permission"]
    assert [(r.bound.key, [w.key for w in r.weapons]) for r in grants] == [("nigeria", ["a29"])]
    assert [s.key for s in grants[0].scope_in] == ["borno_state"]


def test_the_people_a_grant_protects_are_not_its_targets(blank_nlp):
    """... 'to protect civilians': civilians are what the aircraft defend, so the grant is
    no permission to strike civilian targets."""
    r = next(r for r in run(blank_nlp, UNDER_THE_TERMS).rules if r.modality == "permission")
    assert (r.action, r.targets) == ("WeaponUse", [])


# ------------------------------------------------------------------ "Strikes within 3 km ... are prohibited"
LETS_FLY = [
    ("Washington", 1, "nsubj", "PROPN", "Washington"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Nigeria", 3, "nsubj", "PROPN", "Nigeria"), ("use", 1, "ccomp", "VERB", "use"),
    ("Super", 5, "compound", "PROPN", "Super"), ("Tucanos", 3, "dobj", "PROPN", "Tucano"),
    (".", 1, "punct", "PUNCT", "."),
]
STRIKES_PROHIBITED = [
    ("Strikes", 7, "nsubjpass", "NOUN", "strike"), ("within", 0, "prep", "ADP", "within"),
    ("three", 3, "nummod", "NUM", "three"), ("kilometres", 1, "pobj", "NOUN", "kilometre"),
    ("of", 3, "prep", "ADP", "of"), ("camps", 4, "pobj", "NOUN", "camp"),
    ("are", 7, "auxpass", "AUX", "be"), ("prohibited", 7, "ROOT", "VERB", "prohibit"),
    (".", 7, "punct", "PUNCT", "."),
]


def test_strikes_within_a_distance_of_a_place_can_be_prohibited(blank_nlp):
    """'Washington lets Nigeria use Super Tucanos. Strikes within three kilometres of camps are
    prohibited.': attacks named by a noun and limited by a distance are a use of the weapons,
    so the ban is read (with the issuer and party of the article's grant)."""
    x = run(blank_nlp, LETS_FLY + _shifted(STRIKES_PROHIBITED, 7), tags={14: "VBN"})
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert [(r.issuer.key, r.bound.key) for r in bans] == [("us", "nigeria")]
    assert any("three kilometres" in t for t in bans[0].scope_text)


# ------------------------------------------------------------------ "additionally to the Odesa region"
ADDITIONALLY_TO = [
    ("According", 10, "prep", "VERB", "accord"), ("to", 0, "prep", "ADP", "to"),
    ("the", 3, "det", "DET", "the"), ("decision", 1, "pobj", "NOUN", "decision"),
    (",", 10, "punct", "PUNCT", ","), ("the", 7, "det", "DET", "the"),
    ("Kub", 7, "compound", "PROPN", "Kub"), ("systems", 10, "nsubjpass", "NOUN", "system"),
    ("may", 10, "aux", "AUX", "may"), ("be", 10, "auxpass", "AUX", "be"),
    ("deployed", 10, "ROOT", "VERB", "deploy"), (",", 10, "punct", "PUNCT", ","),
    ("additionally", 13, "advmod", "ADV", "additionally"), ("to", 10, "prep", "ADP", "to"),
    ("the", 16, "det", "DET", "the"), ("Odesa", 16, "compound", "PROPN", "Odesa"),
    ("region", 13, "pobj", "NOUN", "region"), (",", 10, "punct", "PUNCT", ","),
    ("in", 10, "prep", "ADP", "in"), ("the", 21, "det", "DET", "the"),
    ("Mykolaiv", 21, "compound", "PROPN", "Mykolaiv"), ("region", 18, "pobj", "NOUN", "region"),
    (".", 10, "punct", "PUNCT", "."),
]


def test_a_grant_for_an_area_additionally_to_another_eases_the_earlier_limit(blank_nlp):
    """'... the Kub systems may be deployed, additionally to the Odesa region, in the
    Mykolaiv region': the grant widens the area granted before, so it eases a limit."""
    x = run(blank_nlp, ADDITIONALLY_TO, tags={10: "VBN"})
    grants = [r for r in x.rules if r.modality == "permission"]
    assert [(r.action, r.change) for r in grants] == [("Deployment", "ease")]


# ------------------------------------------------------------------ an article's own later grant
GRANT_IN_ODESA = [
    ("Romania", 1, "nsubj", "PROPN", "Romania"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("use", 1, "ccomp", "VERB", "use"),
    ("Kub", 5, "compound", "PROPN", "Kub"), ("systems", 3, "dobj", "NOUN", "system"),
    ("in", 3, "prep", "ADP", "in"), ("the", 9, "det", "DET", "the"),
    ("Odesa", 9, "compound", "PROPN", "Odesa"), ("region", 6, "pobj", "NOUN", "region"),
    (".", 1, "punct", "PUNCT", "."),
]
ENTERS_INTO_FORCE = [
    ("The", 1, "det", "DET", "the"), ("decision", 2, "nsubj", "NOUN", "decision"),
    ("enters", 2, "ROOT", "VERB", "enter"), ("into", 2, "prep", "ADP", "into"),
    ("force", 3, "pobj", "NOUN", "force"), ("on", 2, "prep", "ADP", "on"),
    ("7", 7, "nummod", "NUM", "7"), ("December", 5, "pobj", "PROPN", "December"),
    (".", 2, "punct", "PUNCT", "."),
]
def test_an_article_reports_its_own_grant_that_takes_effect_after_it(blank_nlp):
    """'Romania lets Ukraine use Kub systems in the Odesa region. The decision enters into
    force on 7 December. According to the decision, the Kub systems may be deployed,
    additionally to the Odesa region, in the Mykolaiv region.' (published 20 November): the
    use granted in Odesa is the deployment granted there, though that takes effect after the
    article -- its own grant, which it reports, unlike a later article's."""
    from pipeline.resolve.corpus import merge_rules
    rows = GRANT_IN_ODESA + _shifted(ENTERS_INTO_FORCE, 11) + _shifted(ADDITIONALLY_TO, 20)
    ents = ["O"] * 17 + ["B-DATE", "I-DATE"] + ["O"] * (len(rows) - 19)
    x = run(blank_nlp, rows, ents, tags={30: "VBN"})
    deploy = [r for r in x.rules if r.action == "Deployment"]
    assert deploy and deploy[0].effective == dt.date(2024, 12, 7)
    merge_rules([x])
    lead = next(r for r in x.rules if r.evidence.text.startswith("Romania lets"))
    assert lead.action == "Deployment"


def test_a_wider_grant_at_home_is_no_limit_to_home(blank_nlp):
    """'Romania lets Ukraine use Kub systems in the Odesa region. According to the decision,
    the Kub systems may be deployed, additionally to the Odesa region, in the Mykolaiv
    region.': a passive "may be deployed" in regions of the party's own country reads as a
    limit to home ("are to be used on Ukrainian territory"), but not when it widens an area
    granted before: then it grants."""
    x = run(blank_nlp, GRANT_IN_ODESA + _shifted(ADDITIONALLY_TO, 11), tags={21: "VBN"})
    second = [r for r in x.rules if r.evidence.text.startswith("According")]
    assert [(r.modality, r.action) for r in second] == [("permission", "Deployment")]


# ------------------------------------------------------------------ a scheduled term
TERM_BEGINS = [
    ("The", 1, "det", "DET", "the"), ("term", 8, "nsubj", "NOUN", "term"),
    ("that", 3, "nsubj", "PRON", "that"), ("begins", 1, "relcl", "VERB", "begin"),
    ("on", 3, "prep", "ADP", "on"), ("29", 6, "nummod", "NUM", "29"),
    ("May", 4, "pobj", "PROPN", "May"), ("will", 8, "aux", "AUX", "will"),
    ("bring", 8, "ROOT", "VERB", "bring"), ("new", 10, "amod", "ADJ", "new"),
    ("faces", 8, "dobj", "NOUN", "face"), (".", 8, "punct", "PUNCT", "."),
]


def test_what_begins_on_a_day_as_the_subject_of_a_future_verb_is_no_event(blank_nlp):
    """'The term that begins on 29 May will bring new faces': a present-tense clause about the
    subject of a future verb tells what is scheduled, not what happened."""
    ents = ["O"] * 5 + ["B-DATE", "I-DATE"] + ["O"] * 5
    assert run(blank_nlp, TERM_BEGINS, ents, tags={3: "VBZ", 7: "MD"}).events == []


# ------------------------------------------------------------------ a place inside an institution's name
AT_THE_INSTITUTE = [
    ("Stoica", 1, "nsubj", "PROPN", "Stoica"), ("works", 1, "ROOT", "VERB", "work"),
    ("at", 1, "prep", "ADP", "at"), ("the", 7, "det", "DET", "the"),
    ("Black", 5, "compound", "PROPN", "Black"), ("Sea", 7, "compound", "PROPN", "Sea"),
    ("Security", 7, "compound", "PROPN", "Security"), ("Institute", 2, "pobj", "PROPN", "Institute"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_place_that_starts_an_institutions_name_is_no_place_of_the_story(blank_nlp):
    """'Stoica works at the Black Sea Security Institute': the Black Sea is part of the
    institute's name."""
    x = run(blank_nlp, AT_THE_INSTITUTE)
    assert "black_sea" not in [e.key for e in x.entities]
