"""Extraction cases on hand-built Docs (no statistical model) for the rules of the eleventh
session, in the style of ``test_extract_handbuilt.py``: each sentence is rows of (word,
head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_more import _frames


def _rules(x):
    return [(r.modality, r.issuer.key if r.issuer else None, r.bound.key if r.bound else None)
            for r in x.rules]


POSSESSED_DECISION = [
    ("Australia", 2, "poss", "PROPN", "Australia"), ("'s", 0, "case", "PART", "'s"),
    ("decision", 3, "nsubj", "NOUN", "decision"), ("let", 3, "ROOT", "VERB", "let"),
    ("Ukraine", 5, "nsubj", "PROPN", "Ukraine"), ("fire", 3, "ccomp", "VERB", "fire"),
    ("Abrams", 5, "dobj", "PROPN", "Abrams"), ("into", 5, "prep", "ADP", "into"),
    ("Russia", 7, "pobj", "PROPN", "Russia"), (".", 3, "punct", "PUNCT", "."),
]


def test_whose_decision_lets_a_party_act_issues_the_permission(blank_nlp):
    """'Australia's decision let Ukraine fire Abrams into Russia': the decision's possessor
    issues the permission (not the party it lets act)."""
    assert _rules(run(blank_nlp, POSSESSED_DECISION)) == [("permission", "australia", "ukraine")]


THANKED_FOR_ALLOWING = [
    ("Zelensky", 1, "nsubj", "PROPN", "Zelensky"), ("thanked", 1, "ROOT", "VERB", "thank"),
    ("Australia", 1, "dobj", "PROPN", "Australia"), ("for", 1, "prep", "ADP", "for"),
    ("allowing", 3, "pcomp", "VERB", "allow"), ("Ukraine", 4, "dobj", "PROPN", "Ukraine"),
    ("to", 7, "aux", "PART", "to"), ("use", 4, "xcomp", "VERB", "use"),
    ("Abrams", 7, "dobj", "PROPN", "Abrams"), ("in", 7, "prep", "ADP", "in"),
    ("Russia", 9, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_who_is_thanked_for_allowing_is_who_allows(blank_nlp):
    """'Zelensky thanked Australia for allowing Ukraine to use Abrams in Russia': the state
    thanked for the act issues the permission, not the one who thanks."""
    assert _rules(run(blank_nlp, THANKED_FOR_ALLOWING)) == [("permission", "australia", "ukraine")]


CLEARS_FOREIGN_TANKS = [
    ("Australia", 1, "nsubj", "PROPN", "Australia"), ("clears", 1, "ROOT", "VERB", "clear"),
    ("British", 3, "amod", "ADJ", "british"), ("tanks", 1, "dobj", "NOUN", "tank"),
    ("for", 1, "prep", "ADP", "for"), ("fighting", 4, "pobj", "NOUN", "fighting"),
    ("in", 5, "prep", "ADP", "in"), ("Russia", 6, "pobj", "PROPN", "Russia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_nationality_word_on_the_weapons_is_not_the_party_let(blank_nlp):
    """'Australia clears British tanks for fighting in Russia': "British" describes the
    tanks; the United Kingdom is not the party cleared (and Australia still issues)."""
    frames = _frames(blank_nlp, CLEARS_FOREIGN_TANKS)
    assert [(f.modality, [i.key for i in f.issuers], f.bound) for f in frames] == [
        ("permission", ["australia"], [])]


CALL_TO_REMOVE = [
    ("Zelensky", 1, "nsubj", "PROPN", "Zelensky"), ("repeated", 1, "ROOT", "VERB", "repeat"),
    ("his", 3, "poss", "PRON", "his"), ("call", 1, "dobj", "NOUN", "call"),
    ("for", 3, "prep", "ADP", "for"), ("partners", 4, "pobj", "NOUN", "partner"),
    ("to", 7, "aux", "PART", "to"), ("remove", 1, "advcl", "VERB", "remove"),
    ("every", 9, "det", "DET", "every"), ("restriction", 7, "dobj", "NOUN", "restriction"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_what_a_call_asks_for_is_no_decision_however_it_is_attached(blank_nlp):
    """'Zelensky repeated his call for partners to remove every restriction': the parse hangs
    the infinitive on the verb, but it is what the call asks for, not a lifting."""
    assert run(blank_nlp, CALL_TO_REMOVE).rules == []


def test_the_supplier_named_as_owner_of_the_weapons_is_not_bound_by_its_ban(blank_nlp):
    """'Ukraine uses Australian Abrams tanks. Australia's Abrams tanks must not be used in
    Russia.': the possessor of the weapons is the state that supplied them and rules on
    them, not the party barred ("Ukraine's TB2 drones ..." still binds Ukraine)."""
    from test_extract_handbuilt_more import sentences
    uses = [
        ("Ukraine", 1, "nsubj", "PROPN", "Ukraine"), ("uses", 1, "ROOT", "VERB", "use"),
        ("Australian", 4, "amod", "ADJ", "australian"), ("Abrams", 4, "compound", "PROPN", "Abrams"),
        ("tanks", 1, "dobj", "NOUN", "tank"), (".", 1, "punct", "PUNCT", "."),
    ]
    banned = [
        ("Australia", 3, "poss", "PROPN", "Australia"), ("'s", 0, "case", "PART", "'s"),
        ("Abrams", 3, "compound", "PROPN", "Abrams"), ("tanks", 7, "nsubjpass", "NOUN", "tank"),
        ("must", 7, "aux", "AUX", "must"), ("not", 7, "neg", "PART", "not"),
        ("be", 7, "auxpass", "AUX", "be"), ("used", 7, "ROOT", "VERB", "use"),
        ("in", 7, "prep", "ADP", "in"), ("Russia", 8, "pobj", "PROPN", "Russia"),
        (".", 7, "punct", "PUNCT", "."),
    ]
    x = run(blank_nlp, sentences(uses, banned))
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [
        ("prohibition", "australia", "ukraine")]


def _barred_then_not_apply(weapon: str) -> list[tuple]:
    from test_extract_handbuilt_more import sentences
    barred = [
        ("Germany", 1, "nsubj", "PROPN", "Germany"), ("barred", 1, "ROOT", "VERB", "bar"),
        ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("from", 1, "prep", "ADP", "from"),
        ("using", 3, "pcomp", "VERB", "use"), ("Taurus", 4, "dobj", "PROPN", "Taurus"),
        ("in", 4, "prep", "ADP", "in"), ("Russia", 6, "pobj", "PROPN", "Russia"),
        (".", 1, "punct", "PUNCT", "."),
    ]
    not_apply = [
        ("The", 1, "det", "DET", "the"), ("decision", 4, "nsubj", "NOUN", "decision"),
        ("does", 4, "aux", "AUX", "do"), ("not", 4, "neg", "PART", "not"),
        ("apply", 4, "ROOT", "VERB", "apply"), ("to", 4, "prep", "ADP", "to"),
        (weapon, 5, "pobj", "PROPN", weapon), (".", 4, "punct", "PUNCT", "."),
    ]
    return sentences(barred, not_apply)


def test_what_a_ban_does_not_apply_to_is_not_banned(blank_nlp):
    """'Germany barred Ukraine from using Taurus in Russia. The decision does not apply to
    Bushmaster.': the decision is a ban, and what it leaves out is not banned (after a
    permission, "does not apply to" leaves the rest banned, as before)."""
    x = run(blank_nlp, _barred_then_not_apply("Bushmaster"))
    assert [(r.modality, [w.key for w in r.weapons]) for r in x.rules] == [("prohibition", ["taurus"])]


LIFTED_THE_BAN_THAT_BARRED = [
    ("Germany", 3, "nsubj", "PROPN", "Germany"), ("on", 3, "prep", "ADP", "on"),
    ("Tuesday", 1, "pobj", "PROPN", "Tuesday"), ("lifted", 3, "ROOT", "VERB", "lift"),
    ("the", 5, "det", "DET", "the"), ("ban", 3, "dobj", "NOUN", "ban"),
    ("that", 7, "nsubj", "PRON", "that"), ("barred", 5, "relcl", "VERB", "bar"),
    ("Ukraine", 7, "dobj", "PROPN", "Ukraine"), ("from", 7, "prep", "ADP", "from"),
    ("using", 9, "pcomp", "VERB", "use"), ("Taurus", 10, "dobj", "PROPN", "Taurus"),
    ("in", 10, "prep", "ADP", "in"), ("Russia", 12, "pobj", "PROPN", "Russia"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_the_day_of_a_lifting_does_not_date_the_ban_its_relative_clause_describes(blank_nlp):
    """'Germany on Tuesday lifted the ban that barred Ukraine from using Taurus in Russia':
    Tuesday is the day of the lifting, not the day the ban was imposed."""
    ents = ["O", "O", "B-DATE"] + ["O"] * (len(LIFTED_THE_BAN_THAT_BARRED) - 3)
    x = run(blank_nlp, LIFTED_THE_BAN_THAT_BARRED, ents=ents)
    dated = {r.modality: r.announced or r.effective for r in x.rules}
    assert dated["permission"] is not None
    assert dated["prohibition"] is None


BARRED_FROM_DEPLOYING_OR_FIRING = [
    ("India", 1, "nsubj", "PROPN", "India"), ("barred", 1, "ROOT", "VERB", "bar"),
    ("Vietnam", 1, "dobj", "PROPN", "Vietnam"), ("from", 1, "prep", "ADP", "from"),
    ("deploying", 3, "pcomp", "VERB", "deploy"), ("or", 4, "cc", "CCONJ", "or"),
    ("firing", 4, "conj", "VERB", "fire"), ("BrahMos", 6, "dobj", "PROPN", "BrahMos"),
    ("from", 6, "prep", "ADP", "from"), ("the", 10, "det", "DET", "the"),
    ("Spratly", 11, "compound", "PROPN", "Spratly"), ("Islands", 8, "pobj", "PROPN", "Islands"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_ban_on_deploying_or_firing_from_an_area_is_on_deployment(blank_nlp):
    """'India barred Vietnam from deploying or firing BrahMos from the Spratly Islands': a ban
    on where the weapons stand, the use coordinated with the deployment going with it."""
    x = run(blank_nlp, BARRED_FROM_DEPLOYING_OR_FIRING)
    assert [(r.modality, r.action) for r in x.rules] == [("prohibition", "Deployment")]


NOT_OUTSIDE_THE_ZONE = [
    ("BrahMos", 4, "nsubjpass", "PROPN", "BrahMos"), ("must", 4, "aux", "AUX", "must"),
    ("not", 4, "neg", "PART", "not"), ("be", 4, "auxpass", "AUX", "be"),
    ("used", 4, "ROOT", "VERB", "use"), ("outside", 4, "prep", "ADP", "outside"),
    ("the", 9, "det", "DET", "the"), ("exclusive", 9, "amod", "ADJ", "exclusive"),
    ("economic", 9, "amod", "ADJ", "economic"), ("zone", 5, "pobj", "NOUN", "zone"),
    (".", 4, "punct", "PUNCT", "."),
]


def test_a_ban_outside_an_unnamed_area_keeps_the_area_in_its_scope(blank_nlp):
    """'BrahMos must not be used outside the exclusive economic zone': no entity names the
    zone, so the phrase is the ban's scope."""
    x = run(blank_nlp, NOT_OUTSIDE_THE_ZONE)
    assert [(r.modality, r.scope_text) for r in x.rules] == [
        ("prohibition", ["outside the exclusive economic zone"])]


OPPOSES_THE_DECISION = [
    ("China", 1, "nsubj", "PROPN", "China"), ("opposes", 1, "ROOT", "VERB", "oppose"),
    ("the", 3, "det", "DET", "the"), ("decision", 1, "dobj", "NOUN", "decision"),
    ("on", 3, "prep", "ADP", "on"), ("BrahMos", 4, "pobj", "PROPN", "BrahMos"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_opposing_a_decision_is_a_reaction_not_a_ban(blank_nlp):
    """'China opposes the decision on BrahMos': a reaction to someone else's decision, not a
    rule China sets."""
    assert run(blank_nlp, OPPOSES_THE_DECISION).rules == []


def test_a_permission_that_holds_now_dates_from_the_decision_just_before(blank_nlp):
    """'Germany on Tuesday lifted the ban that barred Ukraine from using Taurus in Russia.
    Ukraine may now fire Taurus into Russia.': what holds "now" holds from Tuesday."""
    from test_extract_handbuilt_more import sentences
    now = [
        ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("may", 3, "aux", "AUX", "may"),
        ("now", 3, "advmod", "ADV", "now"), ("fire", 3, "ROOT", "VERB", "fire"),
        ("Taurus", 3, "dobj", "PROPN", "Taurus"), ("into", 3, "prep", "ADP", "into"),
        ("Russia", 5, "pobj", "PROPN", "Russia"), (".", 3, "punct", "PUNCT", "."),
    ]
    ents = ["O", "O", "B-DATE"] + ["O"] * (len(LIFTED_THE_BAN_THAT_BARRED) + len(now) - 3)
    x = run(blank_nlp, sentences(LIFTED_THE_BAN_THAT_BARRED, now), ents=ents)
    lifted, held = [r for r in x.rules if r.modality == "permission"]
    assert held.evidence.text.startswith("Ukraine may now")
    assert (held.effective or held.announced) == (lifted.effective or lifted.announced) is not None


LETS_DEPLOY_ON_THE_SPRATLYS = [
    ("India", 2, "nsubj", "PROPN", "India"), ("now", 2, "advmod", "ADV", "now"),
    ("lets", 2, "ROOT", "VERB", "let"), ("Vietnam", 4, "nsubj", "PROPN", "Vietnam"),
    ("deploy", 2, "ccomp", "VERB", "deploy"), ("BrahMos", 4, "dobj", "PROPN", "BrahMos"),
    ("on", 4, "prep", "ADP", "on"), ("the", 9, "det", "DET", "the"),
    ("Spratly", 9, "compound", "PROPN", "Spratly"), ("Islands", 6, "pobj", "PROPN", "Islands"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_a_grant_covering_every_area_of_a_ban_on_areas_lifts_it(blank_nlp):
    """'India barred Vietnam from deploying or firing BrahMos from the Spratly Islands. India
    now lets Vietnam deploy BrahMos on the Spratly Islands.': the ban covered those islands
    only, and the grant covers them, so the ban is lifted, not eased (a grant for a region of
    a country a ban covers whole still only eases it)."""
    from test_extract_handbuilt_more import sentences

    from pipeline.resolve import resolve_corpus
    x = run(blank_nlp, sentences(BARRED_FROM_DEPLOYING_OR_FIRING, LETS_DEPLOY_ON_THE_SPRATLYS))
    resolve_corpus([x])
    assert [(r.modality, r.action, r.change) for r in x.rules] == [
        ("prohibition", "Deployment", None), ("permission", "Deployment", "lift")]


LET_TAKE_LIFTING = [
    ("Australia", 1, "nsubj", "PROPN", "Australia"), ("let", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("take", 1, "ccomp", "VERB", "take"),
    ("Abrams", 3, "dobj", "PROPN", "Abrams"), ("into", 3, "prep", "ADP", "into"),
    ("Russia", 5, "pobj", "PROPN", "Russia"), (",", 3, "punct", "PUNCT", ","),
    ("lifting", 3, "advcl", "VERB", "lift"), ("a", 10, "det", "DET", "a"),
    ("rule", 8, "dobj", "NOUN", "rule"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_participle_hung_on_what_the_party_may_do_is_done_by_who_lets(blank_nlp):
    """'Australia let Ukraine take Abrams into Russia, lifting a rule': the parse hangs
    "lifting" on "take", but Australia lifted the rule, not Ukraine."""
    x = run(blank_nlp, LET_TAKE_LIFTING)
    assert {(r.modality, r.issuer.key, r.bound.key) for r in x.rules} == {("permission", "australia", "ukraine")}


MUST_NOT_BE_USED = [
    ("BrahMos", 4, "nsubjpass", "PROPN", "BrahMos"), ("must", 4, "aux", "AUX", "must"),
    ("not", 4, "neg", "PART", "not"), ("be", 4, "auxpass", "AUX", "be"),
    ("used", 4, "ROOT", "VERB", "use"), (".", 4, "punct", "PUNCT", "."),
]


def test_a_ban_on_use_is_not_taken_for_a_ban_on_deployment(blank_nlp):
    """'India barred Vietnam from deploying or firing BrahMos from the Spratly Islands.
    BrahMos must not be used.': the ban on use names no kind of action, but it is not the
    ban on where the weapons stand."""
    from test_extract_handbuilt_more import sentences
    x = run(blank_nlp, sentences(BARRED_FROM_DEPLOYING_OR_FIRING, MUST_NOT_BE_USED))
    assert [(r.modality, r.action) for r in x.rules] == [
        ("prohibition", "Deployment"), ("prohibition", "WeaponUse")]


ISLAND = [
    ("Manila", 1, "nsubj", "PROPN", "Manila"), ("deployed", 1, "ROOT", "VERB", "deploy"),
    ("BrahMos", 1, "dobj", "PROPN", "BrahMos"), ("on", 1, "prep", "ADP", "on"),
    ("Pag-asa", 5, "compound", "PROPN", "Pag-asa"), ("Island", 3, "pobj", "PROPN", "Island"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_name_the_tagger_cut_from_its_island_is_one_place(blank_nlp):
    """'on Pag-asa Island' tagged as an organisation "Pag-asa" and a place "Island": one place,
    not a place called "Island"."""
    x = run(blank_nlp, ISLAND, ents=["O"] * 4 + ["B-ORG", "B-GPE", "O"])
    places = [(e.label, e.category) for e in x.entities if e.category in ("Place", "Organization")]
    assert places == [("Pag-asa Island", "Place")]


JUNIOR = [
    ("President", 3, "compound", "PROPN", "President"), ("Ferdinand", 3, "compound", "PROPN", "Ferdinand"),
    ("Marcos", 3, "compound", "PROPN", "Marcos"), ("Jr.", 4, "nsubj", "PROPN", "Jr."),
    ("spoke", 4, "ROOT", "VERB", "speak"), (".", 4, "punct", "PUNCT", "."),
]


def test_a_name_ending_in_junior_with_its_point_is_a_person(blank_nlp):
    """'President Ferdinand Marcos Jr. spoke': the point of "Jr." is part of the name."""
    x = run(blank_nlp, JUNIOR, ents=["O", "B-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    assert [e.label for e in x.entities if e.category == "Person"] == ["Ferdinand Marcos Jr"]


def _deeper_after_a_reach(reach: bool) -> list[tuple]:
    """'Germany lets Ukraine fire Taurus (up to 20 km) into Russia. Deeper strikes are not allowed.'"""
    from test_extract_handbuilt_more import sentences
    lets = [("Germany", 1, "nsubj", "PROPN", "Germany"), ("lets", 1, "ROOT", "VERB", "let"),
            ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fire", 1, "ccomp", "VERB", "fire"),
            ("Taurus", 3, "dobj", "PROPN", "Taurus")]
    if reach:
        lets += [("up", 7, "quantmod", "ADP", "up"), ("to", 7, "quantmod", "PART", "to"),
                 ("20", 8, "nummod", "NUM", "20"), ("km", 3, "npadvmod", "NOUN", "km")]
    n = len(lets)
    lets += [("into", 3, "prep", "ADP", "into"), ("Russia", n, "pobj", "PROPN", "Russia"),
             (".", 1, "punct", "PUNCT", ".")]
    deeper = [("Deeper", 1, "amod", "ADJ", "deep"), ("strikes", 4, "nsubjpass", "NOUN", "strike"),
              ("are", 4, "auxpass", "AUX", "be"), ("not", 4, "neg", "PART", "not"),
              ("allowed", 4, "ROOT", "VERB", "allow"), (".", 4, "punct", "PUNCT", ".")]
    return sentences(lets, deeper)


def test_deeper_than_a_stated_reach_is_the_rest_of_the_cross_border_ban(blank_nlp):
    """After a grant up to 20 km into Russia, "deeper strikes are not allowed" bans crossing
    beyond that reach (one restriction with the ban beyond the line); after a grant with no
    reach, deeper strikes stay deep strikes."""
    bans = [r.action for r in run(blank_nlp, _deeper_after_a_reach(True)).rules if r.modality == "prohibition"]
    assert bans == ["CrossBorderStrike"]
    bans = [r.action for r in run(blank_nlp, _deeper_after_a_reach(False)).rules if r.modality == "prohibition"]
    assert bans == ["DeepStrike"]


def test_wanting_a_grant_reversed_is_no_push_to_lift(blank_nlp):
    """'Germany lets Ukraine fire Taurus into Russia. Weber wants the decision reversed.':
    the decision is the grant, so reversing it is no push to lift the ban; after 'Germany
    barred Ukraine from using Taurus in Russia', the same words push to lift it."""
    from test_extract_handbuilt_more import sentences
    wants = [("Weber", 1, "nsubj", "PROPN", "Weber"), ("wants", 1, "ROOT", "VERB", "want"),
             ("the", 3, "det", "DET", "the"), ("decision", 4, "nsubj", "NOUN", "decision"),
             ("reversed", 1, "ccomp", "VERB", "reverse"), (".", 1, "punct", "PUNCT", ".")]
    grant = _deeper_after_a_reach(False)[:8]
    ban = _barred_then_not_apply("Taurus")[:9]
    for first, advocates in ((grant, []), (ban, ["person:weber"])):
        rows = sentences(first, wants)
        n = len(first)
        ents = ["O"] * n + ["B-PERSON"] + ["O"] * 5
        x = run(blank_nlp, rows, ents=ents, tags={n + 4: "VBN"})
        assert [a.advocate.key for a in x.advocacy] == advocates


LETS_USE = [
    ("India", 1, "nsubj", "PROPN", "India"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Armenia", 3, "nsubj", "PROPN", "Armenia"), ("use", 1, "ccomp", "VERB", "use"),
    ("Pinaka", 3, "dobj", "PROPN", "Pinaka"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_grant_to_use_weapons_that_says_no_change_changes_no_ban(blank_nlp):
    """'India lets Armenia use Pinaka': a grant to use the weapons, crossing no border, that no
    report calls a lifting or easing, stands on its own (no earlier ban is lifted); a grant
    across a border still eases the ban on crossing it."""
    from pipeline.resolve import resolve_corpus
    x = run(blank_nlp, LETS_USE)
    resolve_corpus([x])
    assert [(r.modality, r.action, r.change) for r in x.rules] == [("permission", "WeaponUse", "standing")]
    x = run(blank_nlp, _deeper_after_a_reach(False)[:8])
    resolve_corpus([x])
    assert [(r.modality, r.action, r.change) for r in x.rules] == [("permission", "CrossBorderStrike", "lift")]


def test_a_ban_in_place_since_a_day_of_its_own_does_not_take_the_decisions_day(blank_nlp):
    """'Germany barred Ukraine from using Taurus in Russia. It took effect on Tuesday. Germany
    barred Ukraine from using Taurus in Russia since May.': Tuesday dates the decision; the
    ban said to hold since May is an earlier one and does not take Tuesday."""
    from test_extract_handbuilt_more import sentences
    barred = _barred_then_not_apply("Taurus")[:9]
    took = [("It", 1, "nsubj", "PRON", "it"), ("took", 1, "ROOT", "VERB", "take"),
            ("effect", 1, "dobj", "NOUN", "effect"), ("on", 1, "prep", "ADP", "on"),
            ("Tuesday", 3, "pobj", "PROPN", "Tuesday"), (".", 1, "punct", "PUNCT", ".")]
    since = barred[:8] + [("since", 1, "prep", "ADP", "since"), ("May", 8, "pobj", "PROPN", "May"),
                          (".", 1, "punct", "PUNCT", ".")]
    ents = ["O"] * 13 + ["B-DATE", "O"] + ["O"] * 9 + ["B-DATE", "O"]
    x = run(blank_nlp, sentences(barred, took, since), ents=ents)
    assert [r.effective is not None for r in x.rules] == [True, False]


def test_the_day_the_conditions_were_set_dates_the_grant_they_come_with(blank_nlp):
    """'Germany lets Ukraine fire Taurus into Russia. The conditions were set on Tuesday.':
    the grant (and any ban of Germany's no sentence dates) holds from Tuesday."""
    from test_extract_handbuilt_more import sentences
    grant = _deeper_after_a_reach(False)[:8]
    conditions = [("The", 1, "det", "DET", "the"), ("conditions", 3, "nsubjpass", "NOUN", "condition"),
                  ("were", 3, "auxpass", "AUX", "be"), ("set", 3, "ROOT", "VERB", "set"),
                  ("on", 3, "prep", "ADP", "on"), ("Tuesday", 4, "pobj", "PROPN", "Tuesday"),
                  (".", 3, "punct", "PUNCT", ".")]
    x = run(blank_nlp, sentences(grant, conditions), ents=["O"] * 13 + ["B-DATE", "O"])
    assert [(r.modality, r.effective) for r in x.rules] == [("permission", dt.date(2024, 11, 19))]
