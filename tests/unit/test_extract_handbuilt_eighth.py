"""Extraction cases on hand-built Docs (no statistical model), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)

RECEIVED_FROM = [
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("can", 3, "aux", "AUX", "can"),
    ("now", 3, "advmod", "ADV", "now"), ("use", 3, "ROOT", "VERB", "use"),
    ("the", 5, "det", "DET", "the"), ("missiles", 3, "dobj", "NOUN", "missile"),
    ("it", 7, "nsubj", "PRON", "it"), ("received", 5, "relcl", "VERB", "receive"),
    ("from", 7, "prep", "ADP", "from"), ("Spain", 8, "pobj", "PROPN", "Spain"),
    ("against", 3, "prep", "ADP", "against"), ("Russia", 10, "pobj", "PROPN", "Russia"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_the_state_weapons_were_received_from_supplied_them(blank_nlp):
    """'Ukraine can now use the missiles it received from Spain against Russia': the state
    the weapons came from supplied them, and so sets the rules for them."""
    x = run(blank_nlp, RECEIVED_FROM)
    assert [(r.modality, r.issuer and r.issuer.key, r.bound.key) for r in x.rules] == [
        ("permission", "spain", "ukraine")]


MUST_STAY = [
    ("Spain", 1, "nsubj", "PROPN", "Spain"), ("said", 1, "ROOT", "VERB", "say"),
    ("the", 3, "det", "DET", "the"), ("launchers", 5, "nsubj", "NOUN", "launcher"),
    ("must", 5, "aux", "AUX", "must"), ("stay", 1, "ccomp", "VERB", "stay"),
    ("on", 5, "prep", "ADP", "on"), ("Ukrainian", 8, "amod", "ADJ", "ukrainian"),
    ("territory", 6, "pobj", "NOUN", "territory"), (".", 1, "punct", "PUNCT", "."),
]

INSISTS_STAY = [
    ("Spain", 1, "nsubj", "PROPN", "Spain"), ("insists", 1, "ROOT", "VERB", "insist"),
    ("that", 5, "mark", "SCONJ", "that"), ("the", 4, "det", "DET", "the"),
    ("launchers", 5, "nsubj", "NOUN", "launcher"), ("stay", 1, "ccomp", "VERB", "stay"),
    ("on", 5, "prep", "ADP", "on"), ("the", 9, "det", "DET", "the"),
    ("Ukrainian", 9, "amod", "ADJ", "ukrainian"), ("side", 6, "pobj", "NOUN", "side"),
    ("of", 9, "prep", "ADP", "of"), ("the", 12, "det", "DET", "the"),
    ("border", 10, "pobj", "NOUN", "border"), (".", 1, "punct", "PUNCT", "."),
]


def test_weapons_that_must_stay_on_home_soil_are_a_ban_on_stationing_them_elsewhere(blank_nlp):
    """'Spain said the launchers must stay on Ukrainian territory', 'Spain insists that the
    launchers stay on the Ukrainian side of the border': a weapon named by its kind only
    must stand on the territory named, whose state holds it -- a ban on deploying it
    elsewhere, issued by whoever says so."""
    for rows, where in ((MUST_STAY, "on Ukrainian territory"),
                        (INSISTS_STAY, "on the Ukrainian side of the border")):
        x = run(blank_nlp, rows)
        assert [(r.modality, r.action, r.issuer and r.issuer.key, r.bound and r.bound.key, r.scope_text)
                for r in x.rules] == [("prohibition", "Deployment", "spain", "ukraine", [where])]


FIRE_THOUGH_STAY = [
    ("Ukraine", 2, "nsubj", "PROPN", "Ukraine"), ("may", 2, "aux", "AUX", "may"),
    ("fire", 2, "ROOT", "VERB", "fire"), ("Hawk", 2, "dobj", "PROPN", "Hawk"),
    ("anywhere", 2, "advmod", "ADV", "anywhere"), (",", 2, "punct", "PUNCT", ","),
    ("though", 8, "mark", "SCONJ", "though"), ("Spain", 8, "nsubj", "PROPN", "Spain"),
    ("insists", 2, "advcl", "VERB", "insist"), ("that", 12, "mark", "SCONJ", "that"),
    ("the", 11, "det", "DET", "the"), ("launchers", 12, "nsubj", "NOUN", "launcher"),
    ("stay", 8, "ccomp", "VERB", "stay"), ("within", 12, "prep", "ADP", "within"),
    ("Ukraine", 13, "pobj", "PROPN", "Ukraine"), (".", 2, "punct", "PUNCT", "."),
]


def test_where_a_later_clause_keeps_the_launchers_is_no_limit_on_firing(blank_nlp):
    """'Ukraine may fire Hawk anywhere, though Spain insists that the launchers stay within
    Ukraine': the clause of its own after "though" is another rule (where the launchers
    stand), not a limit of the firing to Ukraine's own territory."""
    rules = [(r.modality, r.action) for r in run(blank_nlp, FIRE_THOUGH_STAY).rules]
    assert ("prohibition", "Deployment") in rules
    assert ("prohibition", "CrossBorderStrike") not in rules


SCRAPPED_CAP = [
    ("Spain", 1, "nsubj", "PROPN", "Spain"), ("scrapped", 1, "ROOT", "VERB", "scrap"),
    ("the", 6, "det", "DET", "the"), ("40", 5, "nummod", "NUM", "40"), ("-", 5, "punct", "PUNCT", "-"),
    ("kilometre", 6, "compound", "NOUN", "kilometre"), ("cap", 1, "dobj", "NOUN", "cap"),
    ("on", 6, "prep", "ADP", "on"), ("Ukraine", 10, "poss", "PROPN", "Ukraine"),
    ("'s", 8, "case", "PART", "'s"), ("use", 7, "pobj", "NOUN", "use"), ("of", 10, "prep", "ADP", "of"),
    ("Hawk", 11, "pobj", "PROPN", "Hawk"), ("in", 10, "prep", "ADP", "in"),
    ("Russia", 13, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_lifting_a_limit_of_distance_allows_deep_strikes(blank_nlp):
    """'Spain scrapped the 40-kilometre cap on Ukraine's use of Hawk in Russia': a cap is a
    restriction, and lifting an upper bound measured in kilometres (a cap, a limit) allows
    strikes beyond that distance (deep strikes), not the strikes across the border it had
    already allowed."""
    x = run(blank_nlp, SCRAPPED_CAP)
    assert [(r.modality, r.change, r.action, r.issuer.key, r.bound.key) for r in x.rules] == [
        ("permission", "lift", "DeepStrike", "spain", "ukraine")]
    # "the 40-kilometre rule" may keep the weapons away from a border instead: no deep strikes
    rule = [row if row[0] != "cap" else ("rule", 1, "dobj", "NOUN", "rule") for row in SCRAPPED_CAP]
    assert [r.action for r in run(blank_nlp, rule).rules] != ["DeepStrike"]


MAY_USE_SAID = [
    ("Saudi", 1, "compound", "PROPN", "Saudi"), ("Arabia", 3, "nsubj", "PROPN", "Arabia"),
    ("may", 3, "aux", "AUX", "may"), ("use", 12, "ccomp", "VERB", "use"),
    ("the", 5, "det", "DET", "the"), ("vehicles", 3, "dobj", "NOUN", "vehicle"),
    ("on", 3, "prep", "ADP", "on"), ("its", 9, "poss", "PRON", "its"), ("own", 9, "amod", "ADJ", "own"),
    ("territory", 6, "pobj", "NOUN", "territory"), (",", 12, "punct", "PUNCT", ","),
    ("Tremblay", 12, "nsubj", "PROPN", "Tremblay"), ("said", 12, "ROOT", "VERB", "say"),
    (".", 12, "punct", "PUNCT", "."),
]
MAY_USE_SAID_ENTS = ["B-GPE", "I-GPE"] + ["O"] * 9 + ["B-PERSON", "O", "O"]


def test_what_a_state_may_do_with_the_weapons_told_by_another_is_a_standing_permission(blank_nlp):
    """'Saudi Arabia may use the vehicles on its own territory, Tremblay said': a "may" with
    the weapons as object, told by someone who does not speak for the party, grants; without
    "now" it is a stated position, which changes no earlier ban."""
    x = run(blank_nlp, MAY_USE_SAID, MAY_USE_SAID_ENTS)
    assert [(r.modality, r.change, r.bound.key) for r in x.rules] == [
        ("permission", "standing", "saudi_arabia")]


NOT_AGAINST_CIVILIANS = [
    ("The", 1, "det", "DET", "the"), ("vehicles", 5, "nsubjpass", "NOUN", "vehicle"),
    ("must", 5, "aux", "AUX", "must"), ("not", 5, "neg", "PART", "not"), ("be", 5, "auxpass", "AUX", "be"),
    ("used", 10, "ccomp", "VERB", "use"), ("against", 5, "prep", "ADP", "against"),
    ("civilians", 6, "pobj", "NOUN", "civilian"), (",", 10, "punct", "PUNCT", ","),
    ("Canada", 10, "nsubj", "PROPN", "Canada"), ("said", 10, "ROOT", "VERB", "say"),
    (".", 10, "punct", "PUNCT", "."),
]

DEPLOYED_TO_OR_USED_IN = [
    ("The", 1, "det", "DET", "the"), ("vehicles", 5, "nsubjpass", "NOUN", "vehicle"),
    ("must", 5, "aux", "AUX", "must"), ("not", 5, "neg", "PART", "not"), ("be", 5, "auxpass", "AUX", "be"),
    ("deployed", 15, "ccomp", "VERB", "deploy"), ("to", 5, "prep", "ADP", "to"),
    (",", 5, "punct", "PUNCT", ","), ("or", 5, "cc", "CCONJ", "or"), ("used", 5, "conj", "VERB", "use"),
    ("in", 9, "prep", "ADP", "in"), (",", 10, "punct", "PUNCT", ","), ("Kursk", 10, "pobj", "PROPN", "Kursk"),
    (",", 15, "punct", "PUNCT", ","), ("Canada", 15, "nsubj", "PROPN", "Canada"),
    ("said", 15, "ROOT", "VERB", "say"), (".", 15, "punct", "PUNCT", "."),
]


def test_the_vehicles_stand_for_the_weapons_the_article_named(blank_nlp):
    """'The vehicles must not be used against civilians, Canada said': a definite noun naming
    weapons by what they are is the subject of a ban on using them, as a named weapon is."""
    x = run(blank_nlp, NOT_AGAINST_CIVILIANS)
    assert [(r.modality, r.action, r.issuer.key) for r in x.rules] == [
        ("prohibition", "CivilianTargetStrike", "canada")]


def test_deployed_to_or_used_in_is_one_ban(blank_nlp):
    """'The vehicles must not be deployed to, or used in, Kursk, Canada said': the first verb's
    preposition shares the object of the second; one ban, not a second one on deployment."""
    x = run(blank_nlp, DEPLOYED_TO_OR_USED_IN)
    assert [(r.modality, r.issuer.key, [s.key for s in r.scope_in]) for r in x.rules] == [
        ("prohibition", "canada", ["kursk_oblast"])]


MAY_NOT_USE_WEAPONS = [
    ("Thailand", 3, "nsubj", "PROPN", "Thailand"), ("may", 3, "aux", "AUX", "may"),
    ("not", 3, "neg", "PART", "not"), ("use", 3, "ROOT", "VERB", "use"),
    ("weapons", 3, "dobj", "NOUN", "weapon"), ("in", 3, "prep", "ADP", "in"),
    ("Cambodia", 5, "pobj", "PROPN", "Cambodia"), (".", 3, "punct", "PUNCT", "."),
]


def test_a_rule_without_issuer_takes_the_one_issuer_of_its_party(blank_nlp):
    """'Thailand may not use weapons in Cambodia' in a report that names no issuer, beside
    another report's 'Sweden bars Thailand from using Gripens in Cambodia': the one state whose
    rules bind Thailand issues this one too."""
    from pipeline.resolve import resolve_corpus
    from test_extract_handbuilt_more import BARS_THAILAND
    lone = run(blank_nlp, MAY_NOT_USE_WEAPONS)
    assert [(r.issuer, r.bound.key) for r in lone.rules] == [(None, "thailand")]
    resolve_corpus([run(blank_nlp, BARS_THAILAND), lone])
    assert [(r.issuer.key, r.bound.key) for r in lone.rules] == [("sweden", "thailand")]


ALLOWED_INTO_KURSK = [
    ("Spain", 1, "nsubj", "PROPN", "Spain"), ("allowed", 1, "ROOT", "VERB", "allow"),
    ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("to", 4, "aux", "PART", "to"),
    ("fire", 1, "xcomp", "VERB", "fire"), ("Hawk", 4, "dobj", "PROPN", "Hawk"),
    ("into", 4, "prep", "ADP", "into"), ("Kursk", 6, "pobj", "PROPN", "Kursk"),
    ("on", 1, "prep", "ADP", "on"), ("Monday", 8, "pobj", "PROPN", "Monday"), (".", 1, "punct", "PUNCT", "."),
]
SCRAPPED_CAP_LATER = SCRAPPED_CAP[:-1] + [
    ("on", 1, "prep", "ADP", "on"), ("Tuesday", 15, "pobj", "PROPN", "Tuesday"), (".", 1, "punct", "PUNCT", ".")]


def test_a_limit_of_distance_lifted_after_an_easing_lifts_the_eased_ban(blank_nlp):
    """'Spain allowed Ukraine to fire Hawk into Kursk on Monday' (an easing of the ban on
    striking across the border), then 'Spain scrapped the 40-kilometre cap on ... on Tuesday':
    what the easing had left of that ban is gone too, so the ban is lifted, not in force."""
    from pipeline.graph import iri
    from pipeline.graph.mapper import document_graph
    from pipeline.graph.namespace import CV
    from pipeline.resolve import resolve_corpus
    from rdflib import RDF
    eased = run(blank_nlp, ALLOWED_INTO_KURSK, ["O"] * 9 + ["B-DATE", "O"])
    lifted = run(blank_nlp, SCRAPPED_CAP_LATER, ["O"] * 16 + ["B-DATE", "O"])
    resolve_corpus([eased, lifted])
    assert [(r.action, r.change) for r in eased.rules] == [("CrossBorderStrike", "ease")]
    assert [(r.action, r.change, r.also_lifts) for r in lifted.rules] == [
        ("DeepStrike", "lift", ("CrossBorderStrike",))]
    g = document_graph(lifted)
    ban = iri.fact("rule", "prohibition", "spain", "ukraine", "CrossBorderStrike")
    assert any((c, RDF.type, CV.Lifting) in g for c in g.subjects(CV.changes, ban))


OWN_SIDE_ASKED = [
    ("Harbi", 8, "nsubj", "PROPN", "Harbi"), (",", 0, "punct", "PUNCT", ","), ("a", 3, "det", "DET", "a"),
    ("spokesman", 0, "appos", "NOUN", "spokesman"), ("for", 3, "prep", "ADP", "for"),
    ("the", 7, "det", "DET", "the"), ("Saudi", 7, "amod", "ADJ", "saudi"),
    ("ministry", 4, "pobj", "NOUN", "ministry"), ("said", 8, "ROOT", "VERB", "say"),
    ("the", 10, "det", "DET", "the"), ("kingdom", 12, "nsubj", "NOUN", "kingdom"),
    ("had", 12, "aux", "AUX", "have"), ("asked", 8, "ccomp", "VERB", "ask"),
    ("Canada", 12, "dobj", "PROPN", "Canada"), ("to", 15, "aux", "PART", "to"),
    ("ease", 12, "xcomp", "VERB", "ease"), ("the", 17, "det", "DET", "the"),
    ("condition", 15, "dobj", "NOUN", "condition"), (".", 8, "punct", "PUNCT", "."),
]


def test_a_spokesman_telling_of_his_states_request_advocates(blank_nlp):
    """'Harbi, a spokesman for the Saudi ministry, said the kingdom had asked Canada to ease the
    condition': the state is named by what it is ("the kingdom"); the one who speaks for it
    and tells of its request voices the push."""
    x = run(blank_nlp, OWN_SIDE_ASKED, ["B-PERSON"] + ["O"] * 18)
    assert [a.advocate.key for a in x.advocacy] == ["person:harbi"]


MILITARY_AIRCRAFT = [
    ("Ukraine", 2, "nsubj", "PROPN", "Ukraine"), ("may", 2, "aux", "AUX", "may"),
    ("hit", 2, "ROOT", "VERB", "hit"), ("Russian", 5, "amod", "ADJ", "russian"),
    ("military", 5, "amod", "ADJ", "military"), ("aircraft", 2, "dobj", "NOUN", "aircraft"),
    (".", 2, "punct", "PUNCT", "."),
]
MILITARY_SAID = [
    ("The", 2, "det", "DET", "the"), ("Russian", 2, "amod", "ADJ", "russian"),
    ("military", 3, "nsubj", "NOUN", "military"), ("said", 3, "ROOT", "VERB", "say"),
    ("so", 3, "advmod", "ADV", "so"), (".", 3, "punct", "PUNCT", "."),
]


def test_an_organisations_name_used_as_adjectives_names_no_organisation(blank_nlp):
    """'Russian military aircraft': the words of "Russian military" (an alias of the Russian
    armed forces) are adjectives describing the aircraft; "The Russian military said so"
    names the organisation."""
    assert "russian_armed_forces" not in {e.key for e in run(blank_nlp, MILITARY_AIRCRAFT).entities}
    assert "russian_armed_forces" in {e.key for e in run(blank_nlp, MILITARY_SAID).entities}


SIGN_UP = [
    ("Sign", 0, "ROOT", "VERB", "sign"), ("up", 0, "prt", "ADP", "up"), ("for", 0, "prep", "ADP", "for"),
    ("the", 6, "det", "DET", "the"), ("Ledger", 6, "compound", "PROPN", "Ledger"),
    ("Business", 6, "compound", "PROPN", "Business"), ("Daily", 2, "pobj", "PROPN", "Daily"),
    (".", 0, "punct", "PUNCT", "."),
]
READS = [
    ("Lang", 1, "nsubj", "PROPN", "Lang"), ("reads", 1, "ROOT", "VERB", "read"),
    ("the", 5, "det", "DET", "the"), ("Ledger", 5, "compound", "PROPN", "Ledger"),
    ("Business", 5, "compound", "PROPN", "Business"), ("Daily", 1, "dobj", "PROPN", "Daily"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_line_that_sells_the_outlets_products_names_no_entity(blank_nlp):
    """'Sign up for the Ledger Business Daily.': a promotional line of the page, not the
    story; the same name in a sentence of the story is an organisation."""
    key = "organization:ledger business daily"
    assert key not in {e.key for e in run(blank_nlp, SIGN_UP, ["O"] * 4 + ["B-ORG", "I-ORG", "I-ORG", "O"]).entities}
    assert key in {e.key for e in run(blank_nlp, READS, ["O"] * 3 + ["B-ORG", "I-ORG", "I-ORG", "O"]).entities}
