"""Extraction cases on hand-built Docs (no statistical model) for the rules made from the
fourteenth blind set (twelfth session), in the style of ``test_extract_handbuilt.py``: each
sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_eleventh import _rules


# ------------------------------------------------------------------ purpose: surveillance; southern Africa
UNDER_TERMS_SURVEILLANCE = [
    ("Under", 8, "prep", "ADP", "under"), ("the", 2, "det", "DET", "the"),
    ("terms", 0, "pobj", "NOUN", "term"), (",", 8, "punct", "PUNCT", ","),
    ("Mozambique", 6, "poss", "PROPN", "Mozambique"), ("'s", 4, "case", "PART", "'s"),
    ("army", 8, "nsubj", "NOUN", "army"), ("may", 8, "aux", "AUX", "may"),
    ("use", 8, "ROOT", "VERB", "use"), ("the", 12, "det", "DET", "the"),
    ("Milkor", 11, "compound", "PROPN", "Milkor"), ("380", 12, "nummod", "NUM", "380"),
    ("drones", 8, "dobj", "NOUN", "drone"), ("for", 8, "prep", "ADP", "for"),
    ("surveillance", 13, "pobj", "NOUN", "surveillance"), ("and", 14, "cc", "CCONJ", "and"),
    ("reconnaissance", 14, "conj", "NOUN", "reconnaissance"), (".", 8, "punct", "PUNCT", "."),
]


def test_surveillance_is_a_purpose_and_mozambique_and_the_milkor_380_are_known(blank_nlp):
    """'Under the terms, Mozambique's army may use the Milkor 380 drones for surveillance and
    reconnaissance': watching is what the drones are granted for (a purpose, like defence),
    and the gazetteer knows Mozambique and the Milkor 380."""
    x = run(blank_nlp, UNDER_TERMS_SURVEILLANCE)
    assert [(r.modality, r.bound.key) for r in x.rules] == [("permission", "mozambique")]
    r = x.rules[0]
    assert "milkor_380" in [w.key for w in r.weapons]
    assert r.purposes == ["surveillance"]


# ------------------------------------------------------------------ "may ..., as agreed"
MAY_FLY_AS_AGREED = [
    ("Ukraine", 2, "poss", "PROPN", "Ukraine"), ("'s", 0, "case", "PART", "'s"),
    ("navy", 4, "nsubj", "NOUN", "navy"), ("may", 4, "aux", "AUX", "may"),
    ("fly", 4, "ROOT", "VERB", "fly"), ("its", 6, "poss", "PRON", "its"),
    ("AR5s", 4, "dobj", "NOUN", "ar5s"), ("over", 4, "prep", "ADP", "over"),
    ("the", 10, "det", "DET", "the"), ("Black", 10, "compound", "PROPN", "Black"),
    ("Sea", 7, "pobj", "PROPN", "Sea"), (",", 4, "punct", "PUNCT", ","),
    ("as", 13, "mark", "SCONJ", "as"), ("agreed", 4, "advcl", "VERB", "agree"),
    (".", 4, "punct", "PUNCT", "."),
]


def test_may_as_agreed_states_the_permission_of_the_decision(blank_nlp):
    """'Ukraine's navy may fly its AR5s over the Black Sea, as agreed': the "as" clause of a
    decision says the "may" is what was granted, not a guess; a bare "Ukraine's navy may fly
    ..." stays no rule."""
    x = run(blank_nlp, MAY_FLY_AS_AGREED, tags={13: "VBN"})
    assert [(r.modality, r.bound.key) for r in x.rules] == [("permission", "ukraine")]
    r = x.rules[0]
    assert [w.key for w in r.weapons] == ["tekever_ar5"]
    assert "black_sea" in [s.key for s in r.scope_in]
    bare = [row for i, row in enumerate(MAY_FLY_AS_AGREED) if i not in (11, 12, 13)]
    assert run(blank_nlp, bare).rules == []


# ------------------------------------------------------------------ corpus: a body the gazetteer does not know
PORTUGAL_LETS = [
    ("Portugal", 1, "nsubj", "PROPN", "Portugal"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fly", 1, "ccomp", "VERB", "fly"),
    ("AR5s", 3, "dobj", "NOUN", "ar5s"), ("over", 3, "prep", "ADP", "over"),
    ("the", 8, "det", "DET", "the"), ("Black", 8, "compound", "PROPN", "Black"),
    ("Sea", 5, "pobj", "PROPN", "Sea"), (".", 1, "punct", "PUNCT", "."),
]
COUNCIL_LETS = [
    ("The", 1, "det", "DET", "the"), ("Council", 4, "nsubj", "PROPN", "Council"),
    ("of", 1, "prep", "ADP", "of"), ("Ministers", 2, "pobj", "PROPN", "Ministers"),
    ("lets", 4, "ROOT", "VERB", "let"), ("Ukraine", 6, "nsubj", "PROPN", "Ukraine"),
    ("fly", 4, "ccomp", "VERB", "fly"), ("AR5s", 6, "dobj", "NOUN", "ar5s"),
    ("over", 6, "prep", "ADP", "over"), ("Crimea", 8, "pobj", "PROPN", "Crimea"),
    (".", 4, "punct", "PUNCT", "."),
]


def test_an_unknown_body_decides_for_the_state_the_other_reports_name(blank_nlp):
    """'Portugal lets Ukraine fly AR5s over the Black Sea' and, in a press release, 'The Council
    of Ministers lets Ukraine fly AR5s over Crimea': the council, which the gazetteer does not
    know, decides for Portugal, the one state the other report names for Ukraine's AR5s (one
    permission, not two); it stays the body that decided."""
    from pipeline.resolve import resolve_corpus
    one = run(blank_nlp, PORTUGAL_LETS)
    two = run(blank_nlp, COUNCIL_LETS, ents=["O", "B-ORG", "I-ORG", "I-ORG"] + ["O"] * 7)
    assert two.rules[0].issuer.label == "Council of Ministers"
    resolve_corpus([one, two])
    assert two.rules[0].issuer.key == "portugal"
    assert two.rules[0].decided_by.label == "Council of Ministers"


# ------------------------------------------------------------------ "They are barred ...": the weapons
AIRCRAFT_UNARMED = [
    ("The", 1, "det", "DET", "the"), ("aircraft", 3, "nsubj", "NOUN", "aircraft"),
    ("must", 3, "aux", "AUX", "must"), ("stay", 3, "ROOT", "VERB", "stay"),
    ("unarmed", 3, "acomp", "ADJ", "unarmed"), (".", 3, "punct", "PUNCT", "."),
]
THEY_ARE_BARRED = [
    ("They", 2, "nsubjpass", "PRON", "they"), ("are", 2, "auxpass", "AUX", "be"),
    ("barred", 2, "ROOT", "VERB", "bar"), ("from", 2, "prep", "ADP", "from"),
    ("entering", 3, "pcomp", "VERB", "enter"), ("Russia", 4, "dobj", "PROPN", "Russia"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_they_after_a_sentence_about_the_aircraft_stands_for_the_weapons(blank_nlp):
    """'Britain lets Guyanese units fire Starstreak missiles ... Portugal lets Ukraine fly AR5s
    over the Black Sea. The aircraft must stay unarmed. They are barred from entering Russia.':
    "they" is the aircraft, the AR5s named before them ("aircraft" is a weapon noun like
    "vehicles"), not the weapons of the article's lead decision."""
    from test_extract_handbuilt import _sentences
    from test_extract_handbuilt_twelfth import DEMONYM_UNITS
    rows = _sentences(DEMONYM_UNITS, PORTUGAL_LETS, AIRCRAFT_UNARMED, THEY_ARE_BARRED)
    x = run(blank_nlp, rows, tags={len(rows) - 5: "VBN"})
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert [[w.key for w in r.weapons] for r in bans] == [["tekever_ar5"]]
    assert (bans[0].issuer.key, bans[0].bound.key) == ("portugal", "ukraine")


# ------------------------------------------------------------------ a ban over an area only the tagger names
def test_a_ban_over_an_area_the_gazetteer_does_not_know_is_a_wording_of_the_parties_ban(blank_nlp):
    """'Washington let Ukraine use ATACMS in Kursk. Ukraine may not use ATACMS in Belarus.
    Ukraine may not use ATACMS in Zapadnia.': Zapadnia, a place only the tagger names, is of a
    state the gazetteer does not say, not of none (like a sea): the vague ban is one more
    wording of the parties' one other ban, not a rule of its own."""
    from test_extract_handbuilt import _lets, _may_not, _sentences
    rows = _sentences(_lets("Washington", "ATACMS", "Kursk"), _may_not("use", "ATACMS", "Belarus"),
                      _may_not("use", "ATACMS", "Zapadnia"))
    ents = ["O"] * (len(rows) - 2) + ["B-GPE", "O"]
    bans = [r for r in run(blank_nlp, rows, ents=ents).rules if r.modality == "prohibition"]
    assert [s.key for r in bans for s in r.scope_in] == ["belarus", "place:zapadnia"]
    assert [r.action for r in bans] == ["CrossBorderStrike", "CrossBorderStrike"]


# ------------------------------------------------------------------ organisations: the tagger's span, acronyms
COUNCIL_IN_LISBON = [
    ("Carvalhal", 1, "nsubj", "PROPN", "Carvalhal"), ("met", 1, "ROOT", "VERB", "meet"),
    ("the", 3, "det", "DET", "the"), ("Council", 1, "dobj", "PROPN", "Council"),
    ("of", 3, "prep", "ADP", "of"), ("Ministers", 4, "pobj", "PROPN", "Ministers"),
    ("in", 1, "prep", "ADP", "in"), ("Lisbon", 6, "pobj", "PROPN", "Lisbon"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_an_organisation_name_ends_before_a_preposition_the_tagger_took_in(blank_nlp):
    """'Carvalhal met the Council of Ministers in Lisbon', with the tagger's span running over
    "in": the organisation is the Council of Ministers."""
    ents = ["B-PERSON", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O"]
    labels = [e.label for e in run(blank_nlp, COUNCIL_IN_LISBON, ents=ents).entities]
    assert "Council of Ministers" in labels and "Council of Ministers in" not in labels


FIGHTERS_WANT_HALT = [
    ("The", 3, "det", "DET", "the"), ("Economic", 3, "compound", "PROPN", "Economic"),
    ("Freedom", 3, "compound", "PROPN", "Freedom"), ("Fighters", 4, "nsubj", "PROPN", "Fighters"),
    ("objected", 4, "ROOT", "VERB", "object"), (".", 4, "punct", "PUNCT", "."),
]
EFF_OBJECTED = [
    ("The", 1, "det", "DET", "the"), ("EFF", 2, "nsubj", "PROPN", "EFF"),
    ("objected", 2, "ROOT", "VERB", "object"), (".", 2, "punct", "PUNCT", "."),
]


def test_an_acronym_is_the_organisation_whose_words_it_spells(blank_nlp):
    """'The Economic Freedom Fighters objected' in one report, 'The EFF objected' in another:
    one organisation (the acronym spells the capitalised words of the one such name)."""
    from pipeline.resolve import resolve_corpus
    one = run(blank_nlp, FIGHTERS_WANT_HALT, ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O"])
    two = run(blank_nlp, EFF_OBJECTED, ents=["O", "B-ORG", "O", "O"])
    resolve_corpus([one, two])
    keys = {e.key for x in (one, two) for e in x.entities if e.category == "Organization"}
    assert keys == {"organization:economic freedom fighters"}


# ------------------------------------------------------------------ a ban of a story whose issuer was found before
GUYANA_MAY_NOW = [
    ("Guyana", 3, "nsubj", "PROPN", "Guyana"), ("may", 3, "aux", "AUX", "may"),
    ("now", 3, "advmod", "ADV", "now"), ("use", 3, "ROOT", "VERB", "use"),
    ("Starstreak", 5, "compound", "PROPN", "Starstreak"), ("missiles", 3, "dobj", "NOUN", "missile"),
    ("in", 3, "prep", "ADP", "in"), ("Essequibo", 6, "pobj", "PROPN", "Essequibo"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_a_ban_takes_the_issuer_found_for_an_earlier_rule_of_its_story(blank_nlp):
    """'Washington let Ukraine use ATACMS in Kursk. (... in Belgorod.) Guyana may now use
    Starstreak missiles in Essequibo. The aircraft must stay unarmed. They are barred from
    entering Russia.': the grant to Guyana names no issuer and takes the missiles' supplier
    (Britain); the ban on "them" is of that story, so Britain's too, not Washington's (the
    article's most frequent issuer, which rules on other systems)."""
    from test_extract_handbuilt import _lets, _sentences
    rows = _sentences(_lets("Washington", "ATACMS", "Kursk"), _lets("Washington", "ATACMS", "Belgorod"),
                      GUYANA_MAY_NOW, AIRCRAFT_UNARMED, THEY_ARE_BARRED)
    x = run(blank_nlp, rows, tags={len(rows) - 5: "VBN"})
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert [(r.issuer.key, [w.key for w in r.weapons]) for r in bans] == [("uk", ["starstreak"])]


# ------------------------------------------------------------------ the day of the decision, not of the request
TAKEN_AFTER_REQUEST = [
    ("The", 1, "det", "DET", "the"), ("decision", 3, "nsubjpass", "NOUN", "decision"),
    ("was", 3, "auxpass", "AUX", "be"), ("taken", 3, "ROOT", "VERB", "take"),
    ("after", 3, "prep", "ADP", "after"), ("a", 6, "det", "DET", "a"),
    ("request", 4, "pobj", "NOUN", "request"), ("submitted", 6, "acl", "VERB", "submit"),
    ("on", 7, "prep", "ADP", "on"), ("4", 10, "nummod", "NUM", "4"),
    ("November", 8, "pobj", "PROPN", "November"), (".", 3, "punct", "PUNCT", "."),
]


def test_a_date_of_another_verb_in_the_decision_sentence_is_not_the_decision_day(blank_nlp):
    """'Portugal lets Ukraine fly AR5s over the Black Sea. The decision was taken after a
    request submitted on 4 November.': 4 November is the day of the request, not of the
    decision (it dates "submitted", not "taken")."""
    from test_extract_handbuilt import _sentences
    rows = _sentences(PORTUGAL_LETS, TAKEN_AFTER_REQUEST)
    ents = ["O"] * (len(rows) - 3) + ["B-DATE", "I-DATE", "O"]
    x = run(blank_nlp, rows, ents=ents, tags={len(PORTUGAL_LETS) + 3: "VBN", len(PORTUGAL_LETS) + 7: "VBN"})
    assert [r.effective for r in x.rules] == [None]


SIGNED_OFF_ON_TERMS = [
    ("The", 1, "det", "DET", "the"), ("council", 2, "nsubj", "NOUN", "council"),
    ("signed", 2, "ROOT", "VERB", "sign"), ("off", 2, "prt", "ADP", "off"),
    ("on", 2, "prep", "ADP", "on"), ("the", 6, "det", "DET", "the"),
    ("terms", 4, "pobj", "NOUN", "term"), ("on", 2, "prep", "ADP", "on"),
    ("Tuesday", 7, "pobj", "PROPN", "Tuesday"), (".", 2, "punct", "PUNCT", "."),
]


def test_signing_off_on_the_terms_is_taking_the_decision(blank_nlp):
    """'Portugal lets Ukraine fly AR5s over the Black Sea. The council signed off on the terms
    on Tuesday.': the terms signed are the decision, so Tuesday is its day."""
    from test_extract_handbuilt import _sentences
    rows = _sentences(PORTUGAL_LETS, SIGNED_OFF_ON_TERMS)
    ents = ["O"] * (len(rows) - 2) + ["B-DATE", "O"]
    x = run(blank_nlp, rows, ents=ents, tags={len(PORTUGAL_LETS) + 2: "VBD"})
    assert [r.effective for r in x.rules] == [dt.date(2024, 11, 19)]
