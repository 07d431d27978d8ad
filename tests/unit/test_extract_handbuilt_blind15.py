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


# ------------------------------------------------------------------ who uses: "will be able to fly"
ABLE_TO_FLY = [
    ("Ukrainian", 1, "amod", "ADJ", "ukrainian"), ("medics", 3, "nsubj", "NOUN", "medic"),
    ("will", 3, "aux", "AUX", "will"), ("be", 3, "ROOT", "AUX", "be"),
    ("able", 3, "acomp", "ADJ", "able"), ("to", 6, "aux", "PART", "to"),
    ("fly", 4, "xcomp", "VERB", "fly"), ("the", 8, "det", "DET", "the"),
    ("helicopters", 6, "dobj", "NOUN", "helicopter"), (".", 3, "punct", "PUNCT", "."),
]


def test_medics_able_to_fly_the_helicopters_are_their_users(blank_nlp):
    """'Ukrainian medics will be able to fly the helicopters': the one able to use the weapons
    (medics act for their state) is whose use the article is about."""
    from pipeline.extract.mentions import Mentions
    from pipeline.extract.rules import RuleExtractor
    from pipeline.extract.syntax import cues
    from test_extract_handbuilt import build
    doc = build(blank_nlp, ABLE_TO_FLY)
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert RuleExtractor(m, cues(doc), None).home == "ukraine"


# ------------------------------------------------------------------ advocacy: "X, the MP who pressed"
MP_WHO_PRESSED = [
    ("Ivana", 1, "compound", "PROPN", "Ivana"), ("Horvat", 15, "nsubj", "PROPN", "Horvat"),
    (",", 1, "punct", "PUNCT", ","), ("the", 4, "det", "DET", "the"),
    ("MP", 1, "appos", "PROPN", "MP"), ("who", 7, "nsubj", "PRON", "who"),
    ("had", 7, "aux", "AUX", "have"), ("pressed", 4, "relcl", "VERB", "press"),
    ("the", 9, "det", "DET", "the"), ("government", 7, "dobj", "NOUN", "government"),
    ("to", 11, "aux", "PART", "to"), ("lift", 7, "advcl", "VERB", "lift"),
    ("the", 13, "det", "DET", "the"), ("ban", 11, "dobj", "NOUN", "ban"),
    (",", 15, "punct", "PUNCT", ","), ("spoke", 15, "ROOT", "VERB", "speak"),
    (".", 15, "punct", "PUNCT", "."),
]


def test_the_role_in_apposition_who_pressed_is_the_person_named(blank_nlp):
    """'Ivana Horvat, the MP who had pressed the government to lift the ban, spoke': the
    antecedent of "who" is a role in apposition to a name; the named person pushes."""
    x = run(blank_nlp, MP_WHO_PRESSED, ents=["B-PERSON", "I-PERSON"] + ["O"] * 15, tags={7: "VBN"})
    assert [a.advocate.key for a in x.advocacy] == ["person:ivana horvat"]


# ------------------------------------------------------------------ timeline
DENIED_NEXT_DAY = [
    ("On", 4, "prep", "ADP", "on"), ("Monday", 0, "pobj", "PROPN", "Monday"),
    ("the", 3, "det", "DET", "the"), ("daily", 4, "nsubj", "NOUN", "daily"),
    ("reported", 4, "ROOT", "VERB", "report"), ("the", 6, "det", "DET", "the"),
    ("change", 4, "dobj", "NOUN", "change"), (".", 4, "punct", "PUNCT", "."),
    ("The", 9, "det", "DET", "the"), ("ministry", 10, "nsubj", "NOUN", "ministry"),
    ("denied", 10, "ROOT", "VERB", "deny"), ("the", 12, "det", "DET", "the"),
    ("report", 10, "dobj", "NOUN", "report"), ("the", 15, "det", "DET", "the"),
    ("following", 15, "amod", "ADJ", "following"), ("day", 10, "npadvmod", "NOUN", "day"),
    (".", 10, "punct", "PUNCT", "."),
]


def test_the_following_day_the_ner_leaves_untagged_is_a_day(blank_nlp):
    """'On Monday the daily reported the change. The ministry denied the report the following
    day.': the day after the last one named (Monday 18 November) is the denial's."""
    x = run(blank_nlp, DENIED_NEXT_DAY, ents=["O", "B-DATE"] + ["O"] * 15, tags={4: "VBD", 10: "VBD"})
    assert (dt.date(2024, 11, 19), "deny") in [(e.date, e.trigger) for e in x.events]


def test_a_weekday_named_again_in_full_is_dated_by_the_full_date(blank_nlp):
    """'From Monday, 10 April, Ukrainian crews may fly the helicopters': the weekday alone would
    be read as the last Monday gone by; the date after it names the day."""
    x = run(blank_nlp, FROM_MONDAY_THE_DAY, ents=["O", "B-DATE", "O", "B-DATE", "I-DATE"] + ["O"] * 8)
    assert dt.date(2024, 11, 18) not in [e.date for e in x.events]


RECOGNISED_ASIDE = [
    ("Croatia", 12, "nsubj", "PROPN", "Croatia"), (",", 0, "punct", "PUNCT", ","),
    ("which", 5, "dobj", "PRON", "which"), ("the", 4, "det", "DET", "the"),
    ("Community", 5, "nsubj", "PROPN", "Community"), ("recognised", 0, "relcl", "VERB", "recognise"),
    ("on", 5, "prep", "ADP", "on"), ("15", 8, "nummod", "NUM", "15"),
    ("January", 6, "pobj", "PROPN", "January"), ("1992", 8, "nummod", "NUM", "1992"),
    (",", 0, "punct", "PUNCT", ","), ("has", 12, "aux", "AUX", "have"),
    ("promised", 12, "ROOT", "VERB", "promise"), ("engines", 12, "dobj", "NOUN", "engine"),
    (".", 12, "punct", "PUNCT", "."),
]


def test_an_aside_of_history_on_a_name_is_no_event(blank_nlp):
    """'Croatia, which the Community recognised on 15 January 1992, has promised engines': a
    day long before the report in an aside describing a name is history, not the story's."""
    x = run(blank_nlp, RECOGNISED_ASIDE, ents=["O"] * 7 + ["B-DATE", "I-DATE", "I-DATE"] + ["O"] * 5,
            tags={5: "VBD", 12: "VBN"})
    assert dt.date(1992, 1, 15) not in [e.date for e in x.events]


# ------------------------------------------------------------------ entities
NAME_WITH_ROLE = [
    ("Sophie", 1, "compound", "PROPN", "Sophie"), ("Renaud", 7, "nsubj", "PROPN", "Renaud"),
    (",", 1, "punct", "PUNCT", ","), ("a", 5, "det", "DET", "a"),
    ("Green", 5, "compound", "PROPN", "Green"), ("MP", 1, "appos", "PROPN", "MP"),
    (",", 1, "punct", "PUNCT", ","), ("criticised", 7, "ROOT", "VERB", "criticise"),
    ("the", 9, "det", "DET", "the"), ("sale", 7, "dobj", "NOUN", "sale"),
    (".", 7, "punct", "PUNCT", "."),
]


def test_a_name_the_ner_missed_with_a_role_in_apposition_is_a_person(blank_nlp):
    """'Sophie Renaud, a Green MP, criticised the sale': the NER took "Sophie" alone for an
    organisation; the name before a role in apposition is a person's."""
    x = run(blank_nlp, NAME_WITH_ROLE, ents=["B-ORG"] + ["O"] * 10)
    assert ("person:sophie renaud", "Person") in [(e.key, e.category) for e in x.entities]
    assert all(e.category != "Organization" for e in x.entities)


BLACK_HAWKS = [
    ("Croatia", 1, "nsubj", "PROPN", "Croatia"), ("buys", 1, "ROOT", "VERB", "buy"),
    ("eight", 5, "nummod", "NUM", "eight"), ("UH-60M", 5, "compound", "PROPN", "UH-60M"),
    ("Black", 5, "compound", "PROPN", "Black"), ("Hawk", 1, "dobj", "PROPN", "Hawk"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_the_black_hawk_is_no_hawk_missile(blank_nlp):
    """'Croatia buys eight UH-60M Black Hawk': the helicopter (now in the gazetteer), not the
    HAWK air-defence missile its last word names."""
    keys = [e.key for e in run(blank_nlp, BLACK_HAWKS).entities if e.category == "WeaponSystem"]
    assert keys == ["uh60_black_hawk"]


# ------------------------------------------------------------------ advocacy: calling something a name
CALLED_A_BET_ON = [
    ("Renaud", 1, "nsubj", "PROPN", "Renaud"), ("called", 1, "ROOT", "VERB", "call"),
    ("the", 3, "det", "DET", "the"), ("sale", 1, "dobj", "NOUN", "sale"),
    ('"', 1, "punct", "PUNCT", '"'), ("a", 6, "det", "DET", "a"),
    ("bet", 1, "oprd", "NOUN", "bet"), ("on", 6, "prep", "ADP", "on"),
    ("lifting", 7, "pcomp", "VERB", "lift"), ("the", 10, "det", "DET", "the"),
    ("ban", 8, "dobj", "NOUN", "ban"), ('"', 1, "punct", "PUNCT", '"'),
    (".", 1, "punct", "PUNCT", "."),
]


def test_calling_something_a_quoted_name_with_on_is_no_call_on_anyone(blank_nlp):
    """'Renaud called the sale "a bet on lifting the ban"': the "on" is inside the name the sale
    is called, not a call on anyone to do something."""
    x = run(blank_nlp, CALLED_A_BET_ON, ents=["B-PERSON"] + ["O"] * 12)
    assert x.advocacy == []


DESIGNATED_HELICOPTERS = [
    ("Croatia", 1, "nsubj", "PROPN", "Croatia"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fly", 1, "ccomp", "VERB", "fly"),
    ("the", 6, "det", "DET", "the"), ("Mi-8MTV-1", 6, "compound", "PROPN", "Mi-8MTV-1"),
    ("helicopters", 3, "dobj", "NOUN", "helicopter"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_designation_in_front_of_a_weapon_kind_names_a_weapon_system(blank_nlp):
    """'Croatia lets Ukraine fly the Mi-8MTV-1 helicopters': a model designation no entity
    names, before a kind of weapon, is a weapon system of that kind, keyed by its base
    designation ("Mi-8") so that its variants are one system."""
    x = run(blank_nlp, DESIGNATED_HELICOPTERS)
    named = [(e.key, e.label, e.kind) for e in x.entities if e.key.startswith("weapon:")]
    assert named == [("weapon:mi-8", "Mi-8MTV-1", "Aircraft")]
    assert "weapon:mi-8" in [w.key for w in x.rules[0].weapons]
