"""Extraction cases on hand-built Docs (no statistical model) for the rules made from the
twelfth and thirteenth blind sets (eleventh session), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_eleventh import _rules


# ------------------------------------------------------------------ gazetteer: South America
DEMONYM_UNITS = [
    ("Britain", 1, "nsubj", "PROPN", "Britain"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Guyanese", 3, "amod", "ADJ", "guyanese"), ("units", 4, "nsubj", "NOUN", "unit"),
    ("fire", 1, "ccomp", "VERB", "fire"), ("Starstreak", 6, "compound", "PROPN", "Starstreak"),
    ("missiles", 4, "dobj", "NOUN", "missile"), ("at", 4, "prep", "ADP", "at"),
    ("drones", 7, "pobj", "NOUN", "drone"), ("over", 4, "prep", "ADP", "over"),
    ("Essequibo", 9, "pobj", "PROPN", "Essequibo"), (".", 1, "punct", "PUNCT", "."),
]


def test_south_american_states_their_demonyms_and_regions_are_known(blank_nlp):
    """'Britain lets Guyanese units fire Starstreak missiles at drones over Essequibo': the
    demonym binds Guyana, the region is Guyana's and the weapon is known (the gazetteer now
    holds the South American states, their demonyms, capitals and some regions)."""
    x = run(blank_nlp, DEMONYM_UNITS)
    assert _rules(x) == [("permission", "uk", "guyana")]
    r = x.rules[0]
    assert [w.key for w in r.weapons] == ["starstreak"]
    assert "essequibo" in [s.key for s in r.scope_in]


# ------------------------------------------------------------------ advocacy: halts, disclosure, moves
CALLED_FOR_STOP = [
    ("Rutte", 1, "nsubj", "PROPN", "Rutte"), ("called", 1, "ROOT", "VERB", "call"),
    ("for", 1, "prep", "ADP", "for"), ("the", 4, "det", "DET", "the"),
    ("transfer", 7, "nsubjpass", "NOUN", "transfer"), ("to", 7, "aux", "PART", "to"),
    ("be", 7, "auxpass", "AUX", "be"), ("stopped", 2, "pcomp", "VERB", "stop"),
    ("before", 11, "mark", "SCONJ", "before"), ("Ukraine", 11, "nsubjpass", "PROPN", "Ukraine"),
    ("is", 11, "auxpass", "AUX", "be"), ("allowed", 7, "advcl", "VERB", "allow"),
    ("to", 13, "aux", "PART", "to"), ("strike", 11, "xcomp", "VERB", "strike"),
    ("Russia", 13, "dobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_call_to_halt_the_supply_is_no_push_to_ease(blank_nlp):
    """'Rutte called for the transfer to be stopped before Ukraine is allowed to strike
    Russia': halting a supply is the opposite of easing its rules (halting a ban, with a rule
    word on the object, still eases)."""
    assert run(blank_nlp, CALLED_FOR_STOP, tags={7: "VBN", 11: "VBN"}).advocacy == []


ASKED_TO_PUBLISH = [
    ("Rutte", 1, "nsubj", "PROPN", "Rutte"), ("asked", 1, "ROOT", "VERB", "ask"),
    ("the", 3, "det", "DET", "the"), ("government", 1, "dobj", "NOUN", "government"),
    ("to", 5, "aux", "PART", "to"), ("publish", 1, "xcomp", "VERB", "publish"),
    ("the", 7, "det", "DET", "the"), ("licence", 5, "dobj", "NOUN", "licence"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_asking_for_a_licence_to_be_published_is_no_advocacy(blank_nlp):
    """'Rutte asked the government to publish the licence': a call for disclosure of the
    rules, not for changing them."""
    assert run(blank_nlp, ASKED_TO_PUBLISH).advocacy == []


PUSHED_THE_LINE_OUT = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("pushed", 1, "ROOT", "VERB", "push"),
    ("the", 3, "det", "DET", "the"), ("limit", 1, "dobj", "NOUN", "limit"),
    ("out", 1, "prep", "ADP", "out"), ("to", 4, "prep", "ADP", "to"),
    ("50", 7, "nummod", "NUM", "50"), ("kilometres", 5, "pobj", "NOUN", "kilometre"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_pushing_a_line_out_moves_it_and_pushes_for_nothing(blank_nlp):
    """'Germany pushed the limit out to 50 kilometres': "out" (a particle the parse may tag
    as a preposition) moves the line; Germany does not push for an easing."""
    assert run(blank_nlp, PUSHED_THE_LINE_OUT).advocacy == []


# ------------------------------------------------------------------ issuer: whose licence
POSSESSED_LICENCE = [
    ("Britain", 2, "poss", "PROPN", "Britain"), ("'s", 0, "case", "PART", "'s"),
    ("licence", 3, "nsubj", "NOUN", "licence"), ("lets", 3, "ROOT", "VERB", "let"),
    ("Ukraine", 5, "nsubj", "PROPN", "Ukraine"), ("fire", 3, "ccomp", "VERB", "fire"),
    ("ATACMS", 5, "dobj", "PROPN", "ATACMS"), ("into", 5, "prep", "ADP", "into"),
    ("Russia", 7, "pobj", "PROPN", "Russia"), (".", 3, "punct", "PUNCT", "."),
]


def test_whose_licence_lets_a_party_act_issues_the_permission(blank_nlp):
    """'Britain's licence lets Ukraine fire ATACMS into Russia': the licence's holder of
    record (its possessor) grants it, not the weapon's maker."""
    assert _rules(run(blank_nlp, POSSESSED_LICENCE)) == [("permission", "uk", "ukraine")]


UNDER_THE_AUTHORISATION = [
    ("Under", 9, "prep", "ADP", "under"), ("the", 2, "det", "DET", "the"),
    ("authorisation", 0, "pobj", "NOUN", "authorisation"), ("granted", 2, "acl", "VERB", "grant"),
    ("by", 3, "agent", "ADP", "by"), ("Britain", 4, "pobj", "PROPN", "Britain"),
    (",", 9, "punct", "PUNCT", ","), ("Ukraine", 9, "nsubjpass", "PROPN", "Ukraine"),
    ("is", 9, "auxpass", "AUX", "be"), ("permitted", 9, "ROOT", "VERB", "permit"),
    ("to", 11, "aux", "PART", "to"), ("fire", 9, "xcomp", "VERB", "fire"),
    ("ATACMS", 11, "dobj", "PROPN", "ATACMS"), ("into", 11, "prep", "ADP", "into"),
    ("Russia", 13, "pobj", "PROPN", "Russia"), (".", 9, "punct", "PUNCT", "."),
]


def test_the_grant_a_passive_permission_is_under_names_its_issuer(blank_nlp):
    """'Under the authorisation granted by Britain, Ukraine is permitted to fire ATACMS into
    Russia': the agent of the grant issues the permission."""
    x = run(blank_nlp, UNDER_THE_AUTHORISATION, tags={3: "VBN", 9: "VBN"})
    assert _rules(x) == [("permission", "uk", "ukraine")]


# ------------------------------------------------------------------ no objection: a reaction
NO_OBJECTION = [
    ("Poland", 1, "nsubj", "PROPN", "Poland"), ("said", 1, "ROOT", "VERB", "say"),
    ("it", 3, "nsubj", "PRON", "it"), ("had", 1, "ccomp", "VERB", "have"),
    ("no", 5, "det", "DET", "no"), ("objection", 3, "dobj", "NOUN", "objection"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_bare_no_objection_is_a_reaction_not_a_standing_permission(blank_nlp):
    """'Poland said it had no objection': a state's acceptance of someone else's decision,
    not a permission with no caveats ("no objection to Ukraine using ..." would say what)."""
    assert run(blank_nlp, NO_OBJECTION).rules == []


# ------------------------------------------------------------------ "but not into Russia"
BUT_NOT_INTO = [
    ("Slovakia", 1, "nsubj", "PROPN", "Slovakia"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fire", 1, "ccomp", "VERB", "fire"),
    ("Zuzana", 3, "dobj", "PROPN", "Zuzana"), ("in", 3, "prep", "ADP", "in"),
    ("Kherson", 5, "pobj", "PROPN", "Kherson"), (",", 3, "punct", "PUNCT", ","),
    ("but", 3, "cc", "CCONJ", "but"), ("not", 10, "neg", "PART", "not"),
    ("into", 3, "prep", "ADP", "into"), ("Russia", 10, "pobj", "PROPN", "Russia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_place_negated_on_its_own_is_left_out_of_a_permission(blank_nlp):
    """'Slovakia lets Ukraine fire Zuzana in Kherson, but not into Russia': Russia is where
    the permission does not reach, so it is no cross-border permission (which would read as
    lifting a ban on strikes into Russia)."""
    x = run(blank_nlp, BUT_NOT_INTO)
    assert _rules(x)[0] == ("permission", "slovakia", "ukraine")
    r = x.rules[0]
    assert "russia" not in [s.key for s in r.scope_in]
    assert r.action != "CrossBorderStrike"


# ------------------------------------------------------------------ targets: protesters
NOT_AGAINST_PROTESTERS = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("bars", 1, "ROOT", "VERB", "bar"),
    ("Poland", 1, "dobj", "PROPN", "Poland"), ("from", 1, "prep", "ADP", "from"),
    ("using", 3, "pcomp", "VERB", "use"), ("Leopard", 6, "compound", "PROPN", "Leopard"),
    ("tanks", 4, "dobj", "NOUN", "tank"), ("against", 4, "prep", "ADP", "against"),
    ("protesters", 7, "pobj", "NOUN", "protester"), (".", 1, "punct", "PUNCT", "."),
]


def test_protesters_and_crowd_control_are_a_target_kind_of_a_ban(blank_nlp):
    """'Germany bars Poland from using Leopard tanks against protesters': the usual export
    condition against internal repression is kept as the ban's target kind."""
    x = run(blank_nlp, NOT_AGAINST_PROTESTERS)
    assert [(r.modality, r.targets) for r in x.rules] == [("prohibition", ["protesters and crowd control"])]


# ------------------------------------------------------------------ "kept the launchers N km from"
KEPT_FROM_THE_BORDER = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("scrapped", 1, "ROOT", "VERB", "scrap"),
    ("the", 3, "det", "DET", "the"), ("rule", 1, "dobj", "NOUN", "rule"),
    ("that", 5, "nsubj", "PRON", "that"), ("kept", 3, "relcl", "VERB", "keep"),
    ("Poland", 8, "poss", "PROPN", "Poland"), ("'s", 6, "case", "PART", "'s"),
    ("launchers", 5, "dobj", "NOUN", "launcher"), ("five", 10, "nummod", "NUM", "five"),
    ("kilometres", 5, "npadvmod", "NOUN", "kilometre"), ("from", 5, "prep", "ADP", "from"),
    ("the", 14, "det", "DET", "the"), ("Russian", 14, "amod", "ADJ", "russian"),
    ("border", 11, "pobj", "NOUN", "border"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_rule_that_kept_weapons_away_from_a_border_is_about_stationing(blank_nlp):
    """'Germany scrapped the rule that kept Poland's launchers five kilometres from the
    Russian border': keeping weapons some distance from a line rules where they stand, so
    its lifting is about stationing, not about strikes across the border."""
    x = run(blank_nlp, KEPT_FROM_THE_BORDER)
    assert [(r.modality, r.action) for r in x.rules] == [("permission", "Deployment")]


# ------------------------------------------------------------------ a wish that it never happens
WANTS_NEVER = [
    ("Rutte", 1, "nsubj", "PROPN", "Rutte"), ("wants", 1, "ROOT", "VERB", "want"),
    ("to", 3, "aux", "PART", "to"), ("be", 1, "xcomp", "AUX", "be"),
    ("sure", 3, "acomp", "ADJ", "sure"), ("the", 6, "det", "DET", "the"),
    ("missiles", 9, "nsubjpass", "NOUN", "missile"), ("are", 9, "auxpass", "AUX", "be"),
    ("never", 9, "neg", "ADV", "never"), ("used", 4, "ccomp", "VERB", "use"),
    ("across", 9, "prep", "ADP", "across"), ("the", 12, "det", "DET", "the"),
    ("border", 10, "pobj", "NOUN", "border"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_wish_that_the_weapons_are_never_used_is_no_push_to_ease(blank_nlp):
    """'Rutte wants to be sure the missiles are never used across the border': wanting something not
    to happen is wanting a limit, not pushing to ease one."""
    assert run(blank_nlp, WANTS_NEVER).advocacy == []


# ------------------------------------------------------------------ "the next day"
REPORT_THEN_DENIAL = [
    ("Russia", 1, "nsubj", "PROPN", "Russia"), ("launched", 1, "ROOT", "VERB", "launch"),
    ("its", 3, "poss", "PRON", "its"), ("offensive", 1, "dobj", "NOUN", "offensive"),
    ("on", 1, "prep", "ADP", "on"), ("10", 6, "nummod", "NUM", "10"),
    ("May", 4, "pobj", "PROPN", "May"), (".", 1, "punct", "PUNCT", "."),
    ("Kyiv", 9, "nsubj", "PROPN", "Kyiv"), ("responded", 9, "ROOT", "VERB", "respond"),
    ("the", 12, "det", "DET", "the"), ("next", 12, "amod", "ADJ", "next"),
    ("day", 9, "npadvmod", "NOUN", "day"), (".", 9, "punct", "PUNCT", "."),
]


def test_the_next_day_is_counted_from_the_day_named_before(blank_nlp):
    """'Russia launched its offensive on 10 May. Kyiv responded the next day.': the response
    is dated 11 May (one day after the last day named), not left undated."""
    x = run(blank_nlp, REPORT_THEN_DENIAL,
            ["O"] * 5 + ["B-DATE", "I-DATE", "O", "O", "O", "B-DATE", "I-DATE", "I-DATE", "O"])
    assert [(e.date, e.trigger) for e in x.events] == [(dt.date(2024, 5, 10), "launch"),
                                                      (dt.date(2024, 5, 11), "respond")]


# ------------------------------------------------------------------ "11" + "October"
APPLIES_FROM = [
    ("The", 1, "det", "DET", "the"), ("change", 2, "nsubj", "NOUN", "change"),
    ("applies", 2, "ROOT", "VERB", "apply"), ("from", 2, "prep", "ADP", "from"),
    ("11", 5, "nummod", "NUM", "11"), ("October", 3, "pobj", "PROPN", "October"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_a_day_number_the_ner_leaves_out_belongs_to_the_month_after_it(blank_nlp):
    """'The change applies from 11 October', tagged "11" CARDINAL and "October" DATE: the
    date is 11 October, so the clause is dated."""
    x = run(blank_nlp, APPLIES_FROM, ["O"] * 4 + ["B-CARDINAL", "B-DATE", "O"])
    assert [(e.date, e.trigger) for e in x.events] == [(dt.date(2024, 10, 11), "apply")]
