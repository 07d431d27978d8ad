"""Extraction on hand-built Docs: parses written out by hand, no statistical model.

Each sentence is given as rows of (word, head index, dep, POS, lemma); the
gazetteer and cue rulers run on it as in the real pipeline.
"""
from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from pipeline.extract import extract
from pipeline.nlp.loader import CUES_KEY
from pipeline.records import Document

PUBLISHED = dt.date(2024, 11, 20)  # a Wednesday


def build(nlp, rows, ents=None, tags=None):
    """``tags``: fine-grained tags by token index (e.g. ``{1: "VBN"}``), where a rule reads them."""
    words = [r[0] for r in rows]
    doc = Doc(nlp.vocab, words=words, spaces=[i + 1 < len(rows) and rows[i + 1][2] != "punct"
                                               for i in range(len(rows))],
              heads=[r[1] for r in rows], deps=[r[2] for r in rows], pos=[r[3] for r in rows],
              lemmas=[r[4] for r in rows], ents=ents,
              tags=[(tags or {}).get(i, "") for i in range(len(rows))] if tags else None)
    doc = nlp.get_pipe("caveat_gazetteer")(doc)
    return nlp.get_pipe(CUES_KEY)(doc)


def run(nlp, rows, ents=None, tags=None):
    doc = build(nlp, rows, ents, tags)
    document = Document(id="t", text=doc.text, published=PUBLISHED)
    return extract(document, doc, nlp.get_pipe("caveat_gazetteer").gazetteer)


GERMANY_REFUSES = [
    ("Germany", 3, "nsubj", "PROPN", "Germany"), ("will", 3, "aux", "AUX", "will"),
    ("not", 3, "neg", "PART", "not"), ("allow", 3, "ROOT", "VERB", "allow"),
    ("Ukraine", 3, "dobj", "PROPN", "Ukraine"), ("to", 6, "aux", "PART", "to"),
    ("fire", 3, "xcomp", "VERB", "fire"), ("Taurus", 6, "dobj", "PROPN", "Taurus"),
    ("at", 6, "prep", "ADP", "at"), ("Russia", 8, "pobj", "PROPN", "Russia"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_negated_permission_is_a_prohibition(blank_nlp):
    x = run(blank_nlp, GERMANY_REFUSES)
    assert len(x.rules) == 1
    r = x.rules[0]
    assert r.modality == "prohibition"
    assert (r.issuer.key, r.bound.key) == ("germany", "ukraine")
    assert [w.key for w in r.weapons] == ["taurus"]
    assert [s.key for s in r.scope_in] == ["russia"]
    assert r.action == "CrossBorderStrike"
    assert x.document.text[r.evidence.start:r.evidence.end] == r.evidence.text


CALL_FOR_PERMISSION = [
    ("Rutte", 1, "nsubj", "PROPN", "Rutte"), ("called", 1, "ROOT", "VERB", "call"),
    ("for", 1, "prep", "ADP", "for"), ("Ukraine", 6, "nsubjpass", "PROPN", "Ukraine"),
    ("to", 6, "aux", "PART", "to"), ("be", 6, "auxpass", "AUX", "be"),
    ("allowed", 2, "pcomp", "VERB", "allow"), ("to", 8, "aux", "PART", "to"),
    ("strike", 6, "xcomp", "VERB", "strike"), ("inside", 8, "prep", "ADP", "inside"),
    ("Russia", 9, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_call_for_permission_is_advocacy_not_a_decision(blank_nlp):
    x = run(blank_nlp, CALL_FOR_PERMISSION)
    assert x.rules == []
    assert [a.advocate.key for a in x.advocacy] == ["rutte"]


HINTED = [
    ("Blinken", 1, "nsubj", "PROPN", "Blinken"), ("hinted", 1, "ROOT", "VERB", "hint"),
    ("that", 5, "mark", "SCONJ", "that"), ("Washington", 5, "nsubj", "PROPN", "Washington"),
    ("could", 5, "aux", "AUX", "could"), ("allow", 1, "ccomp", "VERB", "allow"),
    ("strikes", 5, "dobj", "NOUN", "strike"), ("inside", 6, "prep", "ADP", "inside"),
    ("Russia", 7, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_hint_is_not_a_decision(blank_nlp):
    assert run(blank_nlp, HINTED).rules == []


LIFTED = [
    ("Britain", 1, "nsubj", "PROPN", "Britain"), ("lifted", 1, "ROOT", "VERB", "lift"),
    ("its", 3, "poss", "PRON", "its"), ("ban", 1, "dobj", "NOUN", "ban"),
    ("on", 3, "prep", "ADP", "on"), ("Ukraine", 4, "pobj", "PROPN", "Ukraine"),
    ("using", 5, "acl", "VERB", "use"), ("Storm", 8, "compound", "PROPN", "Storm"),
    ("Shadow", 6, "dobj", "PROPN", "Shadow"), ("deep", 10, "advmod", "ADV", "deep"),
    ("inside", 6, "prep", "ADP", "inside"), ("Russia", 10, "pobj", "PROPN", "Russia"),
    ("on", 1, "prep", "ADP", "on"), ("Monday", 12, "pobj", "PROPN", "Monday"),
    (".", 1, "punct", "PUNCT", "."),
]
LIFTED_ENTS = ["O"] * 13 + ["B-DATE", "O"]


def test_lifting_a_ban_is_a_permission_that_changes_it(blank_nlp):
    x = run(blank_nlp, LIFTED, LIFTED_ENTS)
    assert len(x.rules) == 1
    r = x.rules[0]
    assert (r.modality, r.change, r.action) == ("permission", "lift", "DeepStrike")
    assert (r.issuer.key, r.bound.key) == ("uk", "ukraine")
    assert [w.key for w in r.weapons] == ["storm_shadow"]
    assert r.announced == dt.date(2024, 11, 18)  # the Monday before a Wednesday
    assert "deep inside Russia" in r.scope_text


EVENT = [
    ("Russia", 1, "nsubj", "PROPN", "Russia"), ("launched", 1, "ROOT", "VERB", "launch"),
    ("its", 3, "poss", "PRON", "its"), ("offensive", 1, "dobj", "NOUN", "offensive"),
    ("on", 1, "prep", "ADP", "on"), ("10", 6, "nummod", "NUM", "10"),
    ("May", 4, "pobj", "PROPN", "May"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_dated_clause_is_an_event(blank_nlp):
    x = run(blank_nlp, EVENT, ["O"] * 5 + ["B-DATE", "I-DATE", "O"])
    assert [(e.date, e.trigger) for e in x.events] == [(dt.date(2024, 5, 10), "launch")]
    assert "offensive" in x.events[0].label


ROOTED_AT_A_PREPOSITION = [
    ("After", 0, "ROOT", "ADP", "after"), ("May", 0, "pobj", "PROPN", "May"),
    ("10", 1, "nummod", "NUM", "10"), (".", 0, "punct", "PUNCT", "."),
]


def test_a_sentence_rooted_at_a_preposition_ends(blank_nlp):
    """Tokens are new objects on every access: loops that climb heads must compare indices
    (an `is` test here once never ended)."""
    import signal

    def stop(*_):
        raise TimeoutError("extraction did not end")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    try:
        run(blank_nlp, ROOTED_AT_A_PREPOSITION, ["O", "B-DATE", "I-DATE", "O"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _told(modal_words: list[tuple], party: str = "Ukraine", party_pos: str = "PROPN") -> list[tuple]:
    """'The Netherlands has told <party> it <modal words> use F-16 jets to strike targets in Russia.'"""
    n = len(modal_words)
    use = 6 + n
    return [
        ("The", 1, "det", "DET", "the"), ("Netherlands", 3, "nsubj", "PROPN", "Netherlands"),
        ("has", 3, "aux", "AUX", "have"), ("told", 3, "ROOT", "VERB", "tell"),
        (party, 3, "dobj", party_pos, party), ("it", use, "nsubj", "PRON", "it"),
        *[(w, use, dep, pos, w) for w, dep, pos in modal_words],
        ("use", 3, "ccomp", "VERB", "use"), ("F-16", use + 2, "compound", "PROPN", "F-16"),
        ("jets", use, "dobj", "NOUN", "jet"), ("to", use + 4, "aux", "PART", "to"),
        ("strike", use, "advcl", "VERB", "strike"), ("targets", use + 4, "dobj", "NOUN", "target"),
        ("in", use + 5, "prep", "ADP", "in"), ("Russia", use + 6, "pobj", "PROPN", "Russia"),
        (".", 3, "punct", "PUNCT", "."),
    ]


def test_telling_a_party_it_may_use_weapons_is_the_tellers_permission(blank_nlp):
    x = run(blank_nlp, _told([("may", "aux", "AUX")]))
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [
        ("permission", "netherlands", "ukraine")]
    r = x.rules[0]
    assert [w.key for w in r.weapons] == ["f16"]
    assert [s.key for s in r.scope_in] == ["russia"]
    # a stated position: other reports of the grant tell whether it changed an earlier ban
    assert r.change == "standing"


def test_telling_a_party_it_can_now_use_weapons_changes_the_rules(blank_nlp):
    x = run(blank_nlp, _told([("can", "aux", "AUX"), ("now", "advmod", "ADV")]))
    assert [(r.modality, r.change) for r in x.rules] == [("permission", None)]


def test_telling_a_party_it_may_not_use_weapons_is_a_prohibition(blank_nlp):
    x = run(blank_nlp, _told([("may", "aux", "AUX"), ("not", "neg", "PART")]))
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [
        ("prohibition", "netherlands", "ukraine")]


def test_telling_reporters_it_may_use_weapons_grants_nothing(blank_nlp):
    x = run(blank_nlp, _told([("may", "aux", "AUX")], party="reporters", party_pos="NOUN"))
    assert not [r for r in x.rules if r.modality == "permission"]


NO_RESTRICTIONS_SAID_IN_KYIV = [
    ('"', 15, "punct", "PUNCT", '"'), ("There", 2, "expl", "PRON", "there"),
    ("are", 15, "ccomp", "VERB", "be"), ("no", 4, "det", "DET", "no"),
    ("restrictions", 2, "attr", "NOUN", "restriction"), ("on", 4, "prep", "ADP", "on"),
    ("the", 7, "det", "DET", "the"), ("use", 5, "pobj", "NOUN", "use"), ("of", 7, "prep", "ADP", "of"),
    ("the", 10, "det", "DET", "the"), ("F-16s", 8, "pobj", "PROPN", "F-16s"),
    (",", 15, "punct", "PUNCT", ","), ('"', 15, "punct", "PUNCT", '"'),
    ("the", 14, "det", "DET", "the"), ("Netherlands", 15, "nsubj", "PROPN", "Netherlands"),
    ("told", 15, "ROOT", "VERB", "tell"), ("reporters", 15, "dobj", "NOUN", "reporter"),
    ("in", 15, "prep", "ADP", "in"), ("Kyiv", 17, "pobj", "PROPN", "Kyiv"), (".", 15, "punct", "PUNCT", "."),
]


def test_where_a_position_was_stated_is_not_its_scope(blank_nlp):
    x = run(blank_nlp, NO_RESTRICTIONS_SAID_IN_KYIV)
    rules = [r for r in x.rules if r.modality == "permission"]
    assert rules and all(r.change == "standing" for r in rules)
    assert [w.key for r in rules for w in r.weapons] == ["f16"] * len(rules)
    assert not [s.key for r in rules for s in r.scope_in]  # "in Kyiv" is where it was said


ONLY_AT_HOME = [
    ("Ukraine", 2, "nsubj", "PROPN", "Ukraine"), ("may", 2, "aux", "AUX", "may"),
    ("fire", 2, "ROOT", "VERB", "fire"), ("the", 4, "det", "DET", "the"),
    ("missiles", 2, "dobj", "NOUN", "missile"), ("only", 6, "advmod", "ADV", "only"),
    ("at", 2, "prep", "ADP", "at"), ("troops", 6, "pobj", "NOUN", "troop"),
    ("on", 7, "prep", "ADP", "on"), ("Ukrainian", 10, "amod", "ADJ", "ukrainian"),
    ("soil", 8, "pobj", "NOUN", "soil"), (".", 2, "punct", "PUNCT", "."),
]


def test_targets_allowed_at_home_are_not_the_targets_of_the_ban_on_the_rest(blank_nlp):
    x = run(blank_nlp, ONLY_AT_HOME)
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert [(r.action, r.bound.key) for r in bans] == [("CrossBorderStrike", "ukraine")]
    assert "outside Ukraine" in bans[0].scope_text
    assert bans[0].targets == []  # the troops at home may be hit: they are not what is banned


#: "Sweden allowed Ukraine to" (the verb of the infinitive is token 4)
SWEDEN_ALLOWS_UKRAINE_TO = [
    ("Sweden", 1, "nsubj", "PROPN", "Sweden"), ("allowed", 1, "ROOT", "VERB", "allow"),
    ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("to", 4, "aux", "PART", "to")
]

DECISION_LIMITED_TO_A_PURPOSE = [
    *SWEDEN_ALLOWS_UKRAINE_TO,
    ("strike", 1, "xcomp", "VERB", "strike"), ("inside", 4, "prep", "ADP", "inside"),
    ("Russia", 5, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
    ("The", 9, "det", "DET", "the"), ("decision", 10, "nsubj", "NOUN", "decision"),
    ("took", 10, "ROOT", "VERB", "take"), ("effect", 10, "dobj", "NOUN", "effect"),
    ("and", 10, "cc", "CCONJ", "and"), ("is", 14, "auxpass", "AUX", "be"),
    ("limited", 10, "conj", "VERB", "limit"), ("to", 14, "prep", "ADP", "to"),
    ("counterfire", 15, "pobj", "NOUN", "counterfire"), (".", 10, "punct", "PUNCT", "."),
]


def test_a_purpose_the_decision_is_limited_to_is_the_permissions(blank_nlp):
    x = run(blank_nlp, DECISION_LIMITED_TO_A_PURPOSE)
    permissions = [r for r in x.rules if r.modality == "permission"]
    assert {(r.issuer.key, r.bound.key) for r in permissions} == {("sweden", "ukraine")}
    # the second sentence's verb shares the first's subject ("The decision took ... and is limited")
    assert "counter-fire" in {p for r in permissions for p in r.purposes}
    assert any(r.evidence.text.startswith("The decision") for r in permissions)


FIRE_AT_ARTILLERY = [
    *SWEDEN_ALLOWS_UKRAINE_TO,
    ("fire", 1, "xcomp", "VERB", "fire"), ("Archer", 6, "compound", "PROPN", "Archer"),
    ("howitzers", 4, "dobj", "NOUN", "howitzer"), ("against", 4, "prep", "ADP", "against"),
    ("Russian", 10, "amod", "ADJ", "russian"), ("artillery", 10, "compound", "NOUN", "artillery"),
    ("positions", 7, "pobj", "NOUN", "position"), (".", 1, "punct", "PUNCT", "."),
]


def test_weapons_aimed_at_are_targets_not_the_weapons_used(blank_nlp):
    x = run(blank_nlp, FIRE_AT_ARTILLERY)
    permissions = [r for r in x.rules if r.modality == "permission"]
    assert permissions
    weapons = {w.key for r in permissions for w in r.weapons}
    assert weapons and all("artillery" not in k for k in weapons)
    assert any("archer" in k for k in weapons)


REINSTATED_BAN_ON_A_PARTY = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("reinstated", 1, "ROOT", "VERB", "reinstate"),
    ("its", 3, "poss", "PRON", "its"), ("ban", 1, "dobj", "NOUN", "ban"), ("on", 3, "prep", "ADP", "on"),
    ("Ukraine", 4, "pobj", "PROPN", "Ukraine"), ("using", 1, "advcl", "VERB", "use"),
    ("HIMARS", 6, "dobj", "PROPN", "HIMARS"), ("inside", 6, "prep", "ADP", "inside"),
    ("Russia", 8, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_reinstated_ban_on_a_party_binds_it_and_covers_the_gerunds_weapons(blank_nlp):
    x = run(blank_nlp, REINSTATED_BAN_ON_A_PARTY)
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert [(r.change, r.issuer.key, r.bound.key) for r in bans] == [("reinstate", "germany", "ukraine")]
    assert [s.key for s in bans[0].scope_in] == ["russia"]  # Ukraine is bound, not a place struck
    assert [w.key for w in bans[0].weapons] == ["himars"]


APPLIES_FROM = [
    *SWEDEN_ALLOWS_UKRAINE_TO,
    ("strike", 1, "xcomp", "VERB", "strike"), ("inside", 4, "prep", "ADP", "inside"),
    ("Russia", 5, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
    ("Jonson", 9, "nsubj", "PROPN", "Jonson"), ("said", 9, "ROOT", "VERB", "say"),
    ("on", 9, "prep", "ADP", "on"), ("Monday", 10, "pobj", "PROPN", "Monday"),
    ("the", 13, "det", "DET", "the"), ("decision", 14, "nsubj", "NOUN", "decision"),
    ("applies", 9, "ccomp", "VERB", "apply"), ("from", 14, "prep", "ADP", "from"),
    ("Friday", 15, "pobj", "PROPN", "Friday"), (".", 9, "punct", "PUNCT", "."),
]


def test_the_decision_applies_from_a_day_dates_it_not_the_day_it_was_said(blank_nlp):
    dates = ["O"] * 11 + ["B-DATE"] + ["O"] * 4 + ["B-DATE", "O"]
    x = run(blank_nlp, APPLIES_FROM, dates)
    permissions = [r for r in x.rules if r.modality == "permission"]
    # published Wednesday 2024-11-20: "from Friday" is 2024-11-15, "on Monday" 2024-11-18
    assert permissions and {r.effective for r in permissions} == {dt.date(2024, 11, 15)}


def _mentions(nlp, rows):
    from pipeline.extract.mentions import Mentions
    doc = build(nlp, rows)
    return doc, Mentions.build(doc, nlp.get_pipe("caveat_gazetteer").gazetteer)


TITLED_DANA = [
    ("Spokeswoman", 4, "compound", "PROPN", "Spokeswoman"), ("Col", 4, "compound", "PROPN", "Col"),
    (".", 4, "compound", "PROPN", "."), ("Dana", 4, "compound", "PROPN", "Dana"),
    ("Whitcomb", 5, "nsubj", "PROPN", "Whitcomb"), ("said", 5, "ROOT", "VERB", "say"),
    ("Ukraine", 7, "nsubj", "PROPN", "Ukraine"), ("fired", 5, "ccomp", "VERB", "fire"),
    ("Dana", 9, "compound", "PROPN", "Dana"), ("howitzers", 7, "dobj", "NOUN", "howitzer"),
    (".", 5, "punct", "PUNCT", "."),
]


def test_a_weapons_name_after_a_title_is_a_persons_first_name(blank_nlp):
    doc, m = _mentions(blank_nlp, TITLED_DANA)
    assert doc[3].ent_type_ == "WEAPON"  # what the gazetteer alone says
    person = m.at(doc[3])
    assert person is not None and person.category == "Person" and person.label == "Dana Whitcomb"
    assert m.at(doc[4]) is person
    howitzer = m.at(doc[8])  # the same name without a title stays the weapon
    assert howitzer is not None and howitzer.category == "WeaponSystem" and howitzer.key == "dana"


BY_FRIDAY = [
    ("By", 5, "prep", "ADP", "by"), ("Friday", 0, "pobj", "PROPN", "Friday"),
    ("the", 3, "det", "DET", "the"), ("message", 5, "nsubjpass", "NOUN", "message"),
    ("was", 5, "auxpass", "AUX", "be"), ("narrowed", 5, "ROOT", "VERB", "narrow"),
    (".", 5, "punct", "PUNCT", "."),
    ("Prime", 8, "compound", "PROPN", "Prime"), ("Minister", 10, "compound", "PROPN", "Minister"),
    ("Rishi", 10, "compound", "PROPN", "Rishi"), ("Sunak", 11, "nsubj", "PROPN", "Sunak"),
    ("spoke", 11, "ROOT", "VERB", "speak"), (".", 11, "punct", "PUNCT", "."),
]
BYLINE = [("By", 0, "ROOT", "ADP", "by"), ("Rishi", 2, "compound", "PROPN", "Rishi"),
          ("Sunak", 0, "pobj", "PROPN", "Sunak")]


def test_a_paragraph_opening_with_by_is_not_a_byline(blank_nlp):
    doc, m = _mentions(blank_nlp, BY_FRIDAY)
    sunak = m.at(doc[10])
    assert sunak is not None and sunak.key == "sunak"
    doc, m = _mentions(blank_nlp, BYLINE)  # a real by-line names the writer, not the story's
    assert doc[2].ent_type_ == "PERSON" and m.at(doc[2]) is None


UNDO_IT = [
    ("The", 1, "det", "DET", "the"), ("refusal", 2, "nsubj", "NOUN", "refusal"),
    ("drew", 2, "ROOT", "VERB", "draw"), ("criticism", 2, "dobj", "NOUN", "criticism"),
    (".", 2, "punct", "PUNCT", "."),
    ("Kuleba", 6, "nsubj", "PROPN", "Kuleba"), ("urged", 6, "ROOT", "VERB", "urge"),
    ("Berlin", 6, "dobj", "PROPN", "Berlin"), ("to", 9, "aux", "PART", "to"),
    ("reverse", 6, "xcomp", "VERB", "reverse"), ("it", 9, "dobj", "PRON", "it"),
    (".", 6, "punct", "PUNCT", "."),
]


def test_urging_to_reverse_the_refusal_named_before_is_advocacy(blank_nlp):
    x = run(blank_nlp, UNDO_IT)
    assert [a.advocate.key for a in x.advocacy] == ["kuleba"]
    # the same urging after a sentence about something else is not about the rules
    other = [("The", 1, "det", "DET", "the"), ("concert", 2, "nsubj", "NOUN", "concert"),
             ("drew", 2, "ROOT", "VERB", "draw"), ("criticism", 2, "dobj", "NOUN", "criticism"),
             (".", 2, "punct", "PUNCT", ".")] + UNDO_IT[5:]
    assert run(blank_nlp, other).advocacy == []


RELATIVE_CLAUSE_NAMES = [
    ("Kuleba", 14, "nsubj", "PROPN", "Kuleba"), (",", 0, "punct", "PUNCT", ","),
    ("a", 3, "det", "DET", "a"), ("minister", 0, "appos", "NOUN", "minister"),
    ("who", 5, "nsubj", "PRON", "who"), ("met", 3, "relcl", "VERB", "meet"),
    ("Germany", 8, "poss", "PROPN", "Germany"), ("'s", 6, "case", "PART", "'s"),
    ("envoy", 5, "dobj", "NOUN", "envoy"), (",", 0, "punct", "PUNCT", ","),
    ("again", 14, "advmod", "ADV", "again"), ("all", 14, "advmod", "ADV", "all"),
    ("but", 14, "advmod", "ADV", "but"), ("openly", 14, "advmod", "ADV", "openly"),
    ("urged", 14, "ROOT", "VERB", "urge"), ("allies", 14, "dobj", "NOUN", "ally"),
    ("to", 17, "aux", "PART", "to"), ("lift", 14, "xcomp", "VERB", "lift"),
    ("the", 19, "det", "DET", "the"), ("restrictions", 17, "dobj", "NOUN", "restriction"),
    (".", 14, "punct", "PUNCT", "."),
]


def test_a_name_inside_the_advocates_relative_clause_is_not_an_advocate(blank_nlp):
    x = run(blank_nlp, RELATIVE_CLAUSE_NAMES)
    assert [a.advocate.key for a in x.advocacy] == ["kuleba"]


def _described(role: str) -> list:
    return [
        ("Merezhko", 6, "nsubj", "PROPN", "Merezhko"), (",", 0, "punct", "PUNCT", ","),
        ("a", 4, "det", "DET", "a"), ("Ukrainian", 4, "amod", "ADJ", "Ukrainian"),
        (role, 0, "appos", "NOUN", role), (",", 0, "punct", "PUNCT", ","),
        ("urged", 6, "ROOT", "VERB", "urge"), ("allies", 6, "dobj", "NOUN", "ally"),
        ("to", 9, "aux", "PART", "to"), ("lift", 6, "xcomp", "VERB", "lift"),
        ("the", 11, "det", "DET", "the"), ("restrictions", 9, "dobj", "NOUN", "restriction"),
        (".", 6, "punct", "PUNCT", "."),
    ]


def test_a_named_persons_nationality_is_not_an_advocate_unless_they_speak_for_the_state(blank_nlp):
    ents = ["B-PERSON"] + ["O"] * 12
    lawmaker = run(blank_nlp, _described("lawmaker"), ents)
    assert [a.advocate.key for a in lawmaker.advocacy] == ["person:merezhko"]
    minister = run(blank_nlp, _described("minister"), ents)
    assert sorted(a.advocate.key for a in minister.advocacy) == ["person:merezhko", "ukraine"]


SUPPLIED_AS_LONG_RANGE = [
    ("Britain", 3, "nsubj", "PROPN", "Britain"), ("will", 3, "aux", "AUX", "will"),
    ("not", 3, "neg", "PART", "not"), ("allow", 3, "ROOT", "VERB", "allow"),
    ("Ukraine", 3, "dobj", "PROPN", "Ukraine"), ("to", 6, "aux", "PART", "to"),
    ("fire", 3, "xcomp", "VERB", "fire"), ("the", 8, "det", "DET", "the"),
    ("missiles", 6, "dobj", "NOUN", "missile"), ("it", 10, "nsubj", "PRON", "it"),
    ("began", 8, "relcl", "VERB", "begin"), ("supplying", 10, "xcomp", "VERB", "supply"),
    ("as", 11, "prep", "ADP", "as"), ("long", 15, "amod", "ADJ", "long"),
    ("-", 15, "punct", "PUNCT", "-"), ("range", 16, "compound", "NOUN", "range"),
    ("weapons", 12, "pobj", "NOUN", "weapon"), ("inside", 6, "prep", "ADP", "inside"),
    ("Russia", 17, "pobj", "PROPN", "Russia"), (".", 3, "punct", "PUNCT", "."),
]


def test_long_range_in_what_was_supplied_does_not_make_the_ban_a_deep_strike_ban(blank_nlp):
    (rule,) = run(blank_nlp, SUPPLIED_AS_LONG_RANGE).rules
    assert rule.modality == "prohibition" and rule.action == "CrossBorderStrike"
    assert [s.key for s in rule.scope_in] == ["russia"]


@pytest.mark.parametrize("dateline", ["LONDON, 22 November (The Capital Post) - ",
                                      "KYIV/LONDON, 22 November (The Capital Post) - "])
def test_the_story_starts_after_a_dateline_of_one_or_two_cities(dateline):
    import spacy

    from pipeline.extract.syntax import in_dateline
    nlp = spacy.blank("en")
    nlp.add_pipe("caveat_paragraphs")
    doc = nlp("Britain frees Storm Shadow\n\n" + dateline + "Ukraine is now free to act.")
    story = next(t for t in doc if t.text == "Ukraine")
    assert story.is_sent_start
    assert in_dateline(doc[story.i - 3: story.i - 2]) and not in_dateline(doc[story.i: story.i + 1])


def _free(negation: bool = False, now: bool = False) -> list:
    rows = [("Ukraine", 1, "nsubj", "PROPN", "Ukraine"), ("is", 1, "ROOT", "AUX", "be")]
    rows += [("not", 1, "neg", "PART", "not")] if negation else []
    rows += [("now", 1, "advmod", "ADV", "now")] if now else []
    free = len(rows)
    rows += [("free", 1, "acomp", "ADJ", "free"), ("to", free + 2, "aux", "PART", "to"),
             ("use", free, "xcomp", "VERB", "use"), ("German", free + 4, "amod", "ADJ", "German"),
             ("howitzers", free + 2, "dobj", "NOUN", "howitzer"), ("inside", free + 2, "prep", "ADP", "inside"),
             ("Russia", free + 5, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", ".")]
    return rows


def test_free_to_use_is_a_stated_permission_and_not_free_to_a_ban(blank_nlp):
    (allowed,) = run(blank_nlp, _free()).rules
    assert (allowed.modality, allowed.change, allowed.bound.key) == ("permission", "standing", "ukraine")
    assert [s.key for s in allowed.scope_in] == ["russia"] and allowed.action == "CrossBorderStrike"
    (banned,) = run(blank_nlp, _free(negation=True)).rules
    assert banned.modality == "prohibition"
    (now,) = run(blank_nlp, _free(now=True)).rules
    assert now.modality == "permission" and now.change is None  # "now": the rules changed


DECISION_REMOVES = [
    ("Belgium", 2, "nsubj", "PROPN", "Belgium"), ("will", 2, "aux", "AUX", "will"),
    ("allow", 2, "ROOT", "VERB", "allow"), ("Ukraine", 2, "dobj", "PROPN", "Ukraine"),
    ("to", 5, "aux", "PART", "to"), ("fly", 2, "xcomp", "VERB", "fly"),
    ("F-16", 7, "compound", "PROPN", "F-16"), ("jets", 5, "dobj", "NOUN", "jet"),
    ("over", 5, "prep", "ADP", "over"), ("Russia", 8, "pobj", "PROPN", "Russia"),
    (".", 2, "punct", "PUNCT", "."),
    ("The", 12, "det", "DET", "the"), ("decision", 13, "nsubj", "NOUN", "decision"),
    ("removes", 13, "ROOT", "VERB", "remove"), ("a", 15, "det", "DET", "a"),
    ("condition", 13, "dobj", "NOUN", "condition"), ("that", 17, "nsubj", "PRON", "that"),
    ("kept", 15, "relcl", "VERB", "keep"), ("the", 19, "det", "DET", "the"),
    ("jets", 17, "dobj", "NOUN", "jet"), ("inside", 17, "prep", "ADP", "inside"),
    ("Ukraine", 20, "pobj", "PROPN", "Ukraine"), (".", 13, "punct", "PUNCT", "."),
]


def test_the_decision_removes_a_condition_is_a_lift_by_whoever_decided(blank_nlp):
    x = run(blank_nlp, DECISION_REMOVES)
    lifts = [r for r in x.rules if r.change == "lift"]
    assert len(lifts) == 1
    assert lifts[0].issuer is not None and lifts[0].issuer.key == "belgium"
    assert lifts[0].evidence.text.startswith("The decision removes")
    assert lifts[0].scope_in == []  # where the condition kept the jets is not where it is lifted


THEIR_USE = [
    ("Norway", 1, "nsubj", "PROPN", "Norway"), ("sent", 1, "ROOT", "VERB", "send"),
    ("Ukraine", 1, "dative", "PROPN", "Ukraine"), ("M270", 4, "compound", "PROPN", "M270"),
    ("launchers", 1, "dobj", "NOUN", "launcher"), (".", 1, "punct", "PUNCT", "."),
    ("Norway", 7, "nsubj", "PROPN", "Norway"), ("approved", 7, "ROOT", "VERB", "approve"),
    ("their", 9, "poss", "PRON", "their"), ("use", 7, "dobj", "NOUN", "use"),
    ("inside", 9, "prep", "ADP", "inside"), ("Russia", 10, "pobj", "PROPN", "Russia"),
    (".", 7, "punct", "PUNCT", "."),
]


def test_their_use_takes_the_weapons_named_before(blank_nlp):
    (rule,) = run(blank_nlp, THEIR_USE).rules
    assert rule.modality == "permission" and [s.key for s in rule.scope_in] == ["russia"]
    assert [w.key for w in rule.weapons] == ["m270_mlrs"]
    # "its use" of nothing named before stays without weapons
    (alone,) = run(blank_nlp, [(w, head - 6, *rest) for w, head, *rest in THEIR_USE[6:]]).rules
    assert alone.weapons == []


SAID_TUESDAY_THAT = [
    ("A", 1, "det", "DET", "a"), ("spokesman", 2, "nsubj", "NOUN", "spokesman"),
    ("said", 2, "ROOT", "VERB", "say"), ("on", 2, "prep", "ADP", "on"), ("Tuesday", 3, "pobj", "PROPN", "Tuesday"),
    ("that", 7, "mark", "SCONJ", "that"), ("Berlin", 7, "nsubj", "PROPN", "Berlin"),
    ("allowed", 2, "ccomp", "VERB", "allow"), ("Ukraine", 7, "dobj", "PROPN", "Ukraine"),
    ("to", 10, "aux", "PART", "to"), ("strike", 7, "xcomp", "VERB", "strike"),
    ("inside", 10, "prep", "ADP", "inside"), ("Russia", 11, "pobj", "PROPN", "Russia"),
    (".", 2, "punct", "PUNCT", "."),
]
SAID_TUESDAY_MONTHS_AFTER = SAID_TUESDAY_THAT[:5] + [
    (",", 2, "punct", "PUNCT", ","), ("two", 7, "nummod", "NUM", "two"),
    ("months", 10, "npadvmod", "NOUN", "month"), ("after", 10, "mark", "SCONJ", "after"),
    ("Berlin", 10, "nsubj", "PROPN", "Berlin"), ("allowed", 2, "advcl", "VERB", "allow"),
    ("Ukraine", 10, "dobj", "PROPN", "Ukraine"), ("to", 13, "aux", "PART", "to"),
    ("strike", 10, "xcomp", "VERB", "strike"), ("inside", 13, "prep", "ADP", "inside"),
    ("Russia", 14, "pobj", "PROPN", "Russia"), (".", 2, "punct", "PUNCT", "."),
]


def test_a_permission_in_a_clause_of_what_came_before_does_not_take_the_day_it_was_said(blank_nlp):
    ents = ["O"] * 4 + ["B-DATE"] + ["O"] * 9
    (said,) = run(blank_nlp, SAID_TUESDAY_THAT, ents).rules
    assert said.modality == "permission" and said.announced == dt.date(2024, 11, 19)
    ents = ["O"] * 4 + ["B-DATE", "O", "B-DATE", "I-DATE"] + ["O"] * 9
    (before,) = run(blank_nlp, SAID_TUESDAY_MONTHS_AFTER, ents).rules
    assert before.modality == "permission" and before.announced is None


SHOOT_DOWN = [
    ("Norway", 1, "nsubj", "PROPN", "Norway"), ("let", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("shoot", 1, "ccomp", "VERB", "shoot"),
    ("down", 3, "prt", "ADP", "down"), ("Su-34", 6, "compound", "PROPN", "Su-34"),
    ("bombers", 3, "dobj", "NOUN", "bomber"), ("over", 3, "prep", "ADP", "over"),
    ("Belgorod", 7, "pobj", "PROPN", "Belgorod"), (".", 1, "punct", "PUNCT", "."),
]


def test_what_an_attack_verb_hits_is_not_the_weapon(blank_nlp):
    (rule,) = run(blank_nlp, SHOOT_DOWN).rules
    assert rule.modality == "permission" and rule.issuer.key == "norway"
    assert rule.weapons == []  # the Su-34s are shot down, not fired


MEANT_TO_LET = [
    ("The", 1, "det", "DET", "the"), ("decision", 3, "nsubjpass", "NOUN", "decision"),
    ("is", 3, "auxpass", "AUX", "be"), ("meant", 3, "ROOT", "VERB", "mean"),
    ("to", 5, "aux", "PART", "to"), ("let", 3, "xcomp", "VERB", "let"),
    ("Ukraine", 7, "nsubj", "PROPN", "Ukraine"), ("strike", 5, "ccomp", "VERB", "strike"),
    ("inside", 7, "prep", "ADP", "inside"), ("Russia", 8, "pobj", "PROPN", "Russia"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_what_a_decision_is_meant_to_let_is_its_purpose_not_another_decision(blank_nlp):
    assert run(blank_nlp, MEANT_TO_LET).rules == []


def _may_strike(subject: list, opening: list) -> list:
    """'<opening> <subject> may strike targets inside Russia with Storm Shadow .'"""
    n, k = len(opening), len(subject)
    verb = n + k + 1
    rows = [(w, verb if head is None else head, dep, pos, lemma) for w, head, dep, pos, lemma in opening]
    rows += [(w, verb if head is None else n + head, dep, pos, lemma) for w, head, dep, pos, lemma in subject]
    rows += [("may", verb, "aux", "AUX", "may"), ("strike", verb, "ROOT", "VERB", "strike"),
             ("targets", verb, "dobj", "NOUN", "target"), ("inside", verb, "prep", "ADP", "inside"),
             ("Russia", verb + 2, "pobj", "PROPN", "Russia"), ("with", verb, "prep", "ADP", "with"),
             ("Storm", verb + 5, "compound", "PROPN", "Storm"), ("Shadow", verb + 4, "pobj", "PROPN", "Shadow"),
             (".", verb, "punct", "PUNCT", ".")]
    return rows


UKRAINE = [("Ukraine", None, "nsubj", "PROPN", "Ukraine")]
UNDER_NEW_GUIDANCE = [("Under", None, "prep", "ADP", "under"), ("the", 3, "det", "DET", "the"),
                      ("new", 3, "amod", "ADJ", "new"), ("guidance", 0, "pobj", "NOUN", "guidance"),
                      (",", None, "punct", "PUNCT", ",")]


def test_under_the_new_guidance_a_party_may_is_a_permission(blank_nlp):
    (rule,) = run(blank_nlp, _may_strike(UKRAINE, UNDER_NEW_GUIDANCE)).rules
    assert (rule.modality, rule.issuer.key, rule.bound.key) == ("permission", "uk", "ukraine")
    assert [w.key for w in rule.weapons] == ["storm_shadow"] and [s.key for s in rule.scope_in] == ["russia"]
    assert run(blank_nlp, _may_strike(UKRAINE, [])).rules == []  # "may" alone: capability or permission?


def test_a_countrys_armed_forces_bound_by_a_rule_are_the_country(blank_nlp):
    forces = [("Ukrainian", 1, "amod", "ADJ", "Ukrainian"), ("forces", None, "nsubj", "NOUN", "force")]
    (rule,) = run(blank_nlp, _may_strike(forces, UNDER_NEW_GUIDANCE)).rules
    assert rule.bound.key == "ukraine"


PUSHED_BACK = [
    ("Russian", 1, "amod", "ADJ", "Russian"), ("forces", 2, "nsubj", "NOUN", "force"),
    ("pushed", 2, "ROOT", "VERB", "push"), ("Ukrainian", 4, "amod", "ADJ", "Ukrainian"),
    ("units", 2, "dobj", "NOUN", "unit"), ("back", 2, "advmod", "ADV", "back"),
    ("across", 2, "prep", "ADP", "across"), ("the", 8, "det", "DET", "the"),
    ("border", 6, "pobj", "NOUN", "border"), (".", 2, "punct", "PUNCT", "."),
]


def test_troops_pushed_back_across_the_border_are_no_advocates(blank_nlp):
    assert run(blank_nlp, PUSHED_BACK).advocacy == []
    pushed_for = [("Kuleba", 1, "nsubj", "PROPN", "Kuleba"), ("pushed", 1, "ROOT", "VERB", "push"),
                  ("for", 1, "prep", "ADP", "for"), ("strikes", 2, "pobj", "NOUN", "strike"),
                  ("across", 3, "prep", "ADP", "across"), ("the", 6, "det", "DET", "the"),
                  ("border", 4, "pobj", "NOUN", "border"), (".", 1, "punct", "PUNCT", ".")]
    assert [a.advocate.key for a in run(blank_nlp, pushed_for).advocacy] == ["kuleba"]
    on_monday = pushed_for[:2] + [("on", 1, "prep", "ADP", "on"), ("Monday", 2, "pobj", "PROPN", "Monday")] + [
        (w, head + 2, *rest) for w, head, *rest in pushed_for[2:]]
    on_monday[4:] = [(w, 1 if head == 3 else head, *rest) for w, head, *rest in on_monday[4:]]
    assert [a.advocate.key for a in run(blank_nlp, on_monday).advocacy] == ["kuleba"]  # "pushed on Monday for"


def _then_reconsider(first: list) -> list:
    n = len(first)
    return first + [("Kuleba", n + 1, "nsubj", "PROPN", "Kuleba"), ("urged", n + 1, "ROOT", "VERB", "urge"),
                    ("Rome", n + 1, "dobj", "PROPN", "Rome"), ("to", n + 4, "aux", "PART", "to"),
                    ("reconsider", n + 1, "xcomp", "VERB", "reconsider"), (".", n + 1, "punct", "PUNCT", ".")]


def test_urging_to_reconsider_after_a_ban_is_advocacy(blank_nlp):
    ban = [("Italy", 1, "nsubj", "PROPN", "Italy"), ("kept", 1, "ROOT", "VERB", "keep"),
           ("its", 3, "poss", "PRON", "its"), ("ban", 1, "dobj", "NOUN", "ban"), (".", 1, "punct", "PUNCT", ".")]
    assert [a.advocate.key for a in run(blank_nlp, _then_reconsider(ban)).advocacy] == ["kuleba"]
    budget = [("Italy", 1, "nsubj", "PROPN", "Italy"), ("cut", 1, "ROOT", "VERB", "cut"),
              ("its", 3, "poss", "PRON", "its"), ("budget", 1, "dobj", "NOUN", "budget"),
              (".", 1, "punct", "PUNCT", ".")]
    assert run(blank_nlp, _then_reconsider(budget)).advocacy == []


KYIV_GIVEN_GREEN_LIGHT = [
    ("Kyiv", 1, "nsubj", "PROPN", "Kyiv"), ("given", 1, "ROOT", "VERB", "give"),
    ("green", 3, "amod", "ADJ", "green"), ("light", 1, "dobj", "NOUN", "light"),
    ("for", 3, "prep", "ADP", "for"), ("ATACMS", 4, "pobj", "PROPN", "ATACMS"),
    ("in", 1, "prep", "ADP", "in"), ("Kursk", 6, "pobj", "PROPN", "Kursk"),
]


def test_a_headline_participle_with_a_subject_is_passive(blank_nlp):
    """'Kyiv given green light for ATACMS in Kursk': Kyiv is given it, not giving it."""
    x = run(blank_nlp, KYIV_GIVEN_GREEN_LIGHT, tags={1: "VBN"})
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [("permission", "us", "ukraine")]
    authorised = [("Kyiv", 1, "nsubj", "PROPN", "Kyiv"), ("authorised", 1, "ROOT", "VERB", "authorise"),
                  ("to", 3, "aux", "PART", "to"), ("fire", 1, "xcomp", "VERB", "fire"),
                  ("ATACMS", 3, "dobj", "PROPN", "ATACMS"), ("in", 3, "prep", "ADP", "in"),
                  ("Kursk", 5, "pobj", "PROPN", "Kursk")]
    x = run(blank_nlp, authorised, tags={1: "VBN"})
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [("permission", "us", "ukraine")]


DECREE_APPROVING_A_DOCTRINE = [
    ("Putin", 1, "nsubj", "PROPN", "Putin"), ("signed", 1, "ROOT", "VERB", "sign"),
    ("a", 3, "det", "DET", "a"), ("decree", 1, "dobj", "NOUN", "decree"),
    ("approving", 3, "acl", "VERB", "approve"), ("a", 6, "det", "DET", "a"),
    ("doctrine", 4, "dobj", "NOUN", "doctrine"), ("that", 8, "nsubj", "PRON", "that"),
    ("lowers", 6, "relcl", "VERB", "lower"), ("the", 10, "det", "DET", "the"),
    ("threshold", 8, "dobj", "NOUN", "threshold"), ("for", 8, "prep", "ADP", "for"),
    ("Russia", 14, "poss", "PROPN", "Russia"), ("'s", 12, "case", "PART", "'s"),
    ("use", 11, "pobj", "NOUN", "use"), ("of", 14, "prep", "ADP", "of"),
    ("nuclear", 17, "amod", "ADJ", "nuclear"), ("weapons", 15, "pobj", "NOUN", "weapon"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_what_an_approved_thing_does_is_not_what_is_permitted(blank_nlp):
    """'approving a doctrine that lowers the threshold for Russia's use of nuclear weapons'
    permits no use of weapons."""
    assert run(blank_nlp, DECREE_APPROVING_A_DOCTRINE).rules == []


BATTERIES_NOT_ALLOWED_A_HAVEN = [
    ("Russian", 1, "amod", "ADJ", "Russian"), ("batteries", 12, "nsubjpass", "NOUN", "battery"),
    ("that", 3, "nsubj", "PRON", "that"), ("shell", 1, "relcl", "VERB", "shell"),
    ("towns", 3, "dobj", "NOUN", "town"), ("from", 3, "prep", "ADP", "from"),
    ("across", 5, "prep", "ADP", "across"), ("the", 8, "det", "DET", "the"),
    ("border", 6, "pobj", "NOUN", "border"), ("can", 12, "aux", "AUX", "can"),
    ("not", 12, "neg", "PART", "not"), ("be", 12, "auxpass", "AUX", "be"),
    ("allowed", 12, "ROOT", "VERB", "allow"), ("a", 15, "det", "DET", "a"),
    ("safe", 15, "amod", "ADJ", "safe"), ("haven", 12, "oprd", "NOUN", "haven"),
    (".", 12, "punct", "PUNCT", "."),
]


def test_a_passive_with_an_object_given_to_no_party_is_no_rule(blank_nlp):
    """'Russian batteries ... cannot be allowed a safe haven': the subject is who is (not)
    given something, not a banned action."""
    assert run(blank_nlp, BATTERIES_NOT_ALLOWED_A_HAVEN).rules == []


TOLD_TURKEY_TANKS_MUST_NOT = [
    ("Ukraine", 1, "nsubj", "PROPN", "Ukraine"), ("uses", 1, "ROOT", "VERB", "use"),
    ("German", 3, "amod", "ADJ", "german"), ("tanks", 1, "dobj", "NOUN", "tank"), (".", 1, "punct", "PUNCT", "."),
    ("Germany", 6, "nsubj", "PROPN", "Germany"), ("told", 6, "ROOT", "VERB", "tell"),
    ("Turkey", 6, "dobj", "PROPN", "Turkey"), ("that", 14, "mark", "SCONJ", "that"),
    ("Leopard", 10, "compound", "PROPN", "Leopard"), ("tanks", 14, "nsubjpass", "NOUN", "tank"),
    ("must", 14, "aux", "AUX", "must"), ("not", 14, "neg", "PART", "not"),
    ("be", 14, "auxpass", "AUX", "be"), ("used", 6, "ccomp", "VERB", "use"),
    ("in", 14, "prep", "ADP", "in"), ("Syria", 15, "pobj", "PROPN", "Syria"), (".", 6, "punct", "PUNCT", "."),
]


def test_telling_a_party_weapons_must_not_be_used_binds_the_party_told(blank_nlp):
    """'Germany told Turkey that Leopard tanks must not be used in Syria': Turkey is bound,
    not the country the article's other weapons serve."""
    x = run(blank_nlp, TOLD_TURKEY_TANKS_MUST_NOT)
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [("prohibition", "germany", "turkey")]
    assert [s.key for s in x.rules[0].scope_in] == ["syria"]


NO_LONGER_PREVENT = [
    ("Sweden", 4, "nsubj", "PROPN", "Sweden"), ("will", 4, "aux", "AUX", "will"),
    ("no", 3, "neg", "ADV", "no"), ("longer", 4, "advmod", "ADV", "long"),
    ("prevent", 4, "ROOT", "VERB", "prevent"), ("Ukraine", 4, "dobj", "PROPN", "Ukraine"),
    ("from", 4, "prep", "ADP", "from"), ("using", 6, "pcomp", "VERB", "use"),
    ("Archer", 9, "compound", "PROPN", "Archer"), ("howitzers", 7, "dobj", "NOUN", "howitzer"),
    ("on", 7, "prep", "ADP", "on"), ("Russian", 12, "amod", "ADJ", "russian"),
    ("territory", 10, "pobj", "NOUN", "territory"), (".", 4, "punct", "PUNCT", "."),
]


def test_no_longer_preventing_a_party_lifts_the_ban(blank_nlp):
    """'Sweden will no longer prevent Ukraine from using Archer howitzers on Russian territory'."""
    x = run(blank_nlp, NO_LONGER_PREVENT)
    assert [(r.modality, r.change, r.issuer.key, r.bound.key) for r in x.rules] == [
        ("permission", "lift", "sweden", "ukraine")]
    assert [w.key for w in x.rules[0].weapons] == ["archer"]
    assert [s.key for s in x.rules[0].scope_in] == ["russia"]


ON_THE_14TH = [
    ("Sweden", 1, "nsubj", "PROPN", "Sweden"), ("reinstated", 1, "ROOT", "VERB", "reinstate"),
    ("the", 3, "det", "DET", "the"), ("ban", 1, "dobj", "NOUN", "ban"), ("on", 1, "prep", "ADP", "on"),
    ("the", 6, "det", "DET", "the"), ("14th", 4, "pobj", "ADJ", "14th"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_day_of_the_month_alone_is_in_the_month_of_publication(blank_nlp):
    """'on the 14th' in an article of 20 November is 14 November ('the 24th' would be in October)."""
    x = run(blank_nlp, ON_THE_14TH, ["O"] * 5 + ["B-DATE", "I-DATE", "O"])
    assert [e.date for e in x.events] == [dt.date(2024, 11, 14)]
    later = [(w if w != "14th" else "24th", *rest) for w, *rest in ON_THE_14TH]
    assert [e.date for e in run(blank_nlp, later, ["O"] * 5 + ["B-DATE", "I-DATE", "O"]).events] == [
        dt.date(2024, 10, 24)]


def _takes_effect(adverb: str = "immediately", verb: str = "takes", lemma: str = "take") -> list[tuple]:
    n = len(NO_LONGER_PREVENT)
    return NO_LONGER_PREVENT + [
        ("The", n + 1, "det", "DET", "the"), ("change", n + 2, "nsubj", "NOUN", "change"),
        (verb, n + 2, "ROOT", "VERB", lemma), ("effect", n + 2, "dobj", "NOUN", "effect"),
        (adverb, n + 2, "advmod", "ADV", adverb), (".", n + 2, "punct", "PUNCT", "."),
    ]


def test_a_rule_said_to_take_effect_immediately_applies_from_the_report(blank_nlp):
    """'... The change takes effect immediately.': effective on the day of the report."""
    x = run(blank_nlp, _takes_effect(), tags={len(NO_LONGER_PREVENT) + 2: "VBZ"})
    assert [(r.change, r.effective) for r in x.rules] == [("lift", PUBLISHED)]
    # "took effect immediately" without a day: the day it took effect is not said
    x = run(blank_nlp, _takes_effect(verb="took"), tags={len(NO_LONGER_PREVENT) + 2: "VBD"})
    assert [(r.change, r.effective) for r in x.rules] == [("lift", None)]


WE_CALL_ON = [
    ('"', 7, "punct", "PUNCT", '"'), ("We", 2, "nsubj", "PRON", "we"), ("are", 7, "ccomp", "AUX", "be"),
    ("disappointed", 2, "acomp", "ADJ", "disappointed"), (",", 7, "punct", "PUNCT", ","),
    ('"', 7, "punct", "PUNCT", '"'), ("Marchuk", 7, "nsubj", "PROPN", "Marchuk"),
    ("said", 7, "ROOT", "VERB", "say"), (".", 7, "punct", "PUNCT", "."),
    ('"', 11, "punct", "PUNCT", '"'), ("We", 11, "nsubj", "PRON", "we"), ("call", 11, "ROOT", "VERB", "call"),
    ("on", 11, "prep", "ADP", "on"), ("Sweden", 12, "pobj", "PROPN", "Sweden"),
    ("to", 15, "aux", "PART", "to"), ("lift", 11, "xcomp", "VERB", "lift"),
    ("this", 17, "det", "DET", "this"), ("restriction", 15, "dobj", "NOUN", "restriction"),
    (".", 11, "punct", "PUNCT", "."), ('"', 11, "punct", "PUNCT", '"'),
]


def test_we_calling_for_a_lift_in_a_quotation_is_its_speaker(blank_nlp):
    """'"We are disappointed," Marchuk said. "We call on Sweden to lift this restriction."'"""
    ents = ["O"] * 6 + ["B-PERSON"] + ["O"] * 13
    x = run(blank_nlp, WE_CALL_ON, ents)
    assert [a.advocate.key for a in x.advocacy] == ["person:marchuk"]
    assert x.advocacy[0].evidence.text.startswith('" We call on')


BEFORE_MINISTERS_MEET = [
    ("The", 1, "det", "DET", "the"), ("team", 3, "nsubj", "NOUN", "team"), ("will", 3, "aux", "AUX", "will"),
    ("revisit", 3, "ROOT", "VERB", "revisit"), ("it", 3, "dobj", "PRON", "it"),
    ("before", 7, "mark", "SCONJ", "before"), ("ministers", 7, "nsubj", "NOUN", "minister"),
    ("meet", 3, "advcl", "VERB", "meet"), ("on", 7, "prep", "ADP", "on"), ("Feb.", 8, "pobj", "PROPN", "Feb."),
    ("12", 9, "nummod", "NUM", "12"), (".", 3, "punct", "PUNCT", "."),
]


def test_a_meeting_in_a_clause_of_time_is_still_to_come(blank_nlp):
    """'... will revisit it before ministers meet on Feb. 12': no event happened on Feb. 12."""
    ents = ["O"] * 9 + ["B-DATE", "I-DATE", "O"]
    assert run(blank_nlp, BEFORE_MINISTERS_MEET, ents, tags={7: "VBP"}).events == []
    met = [(w if w != "meet" else "met", *rest) for w, *rest in BEFORE_MINISTERS_MEET]
    assert [e.date for e in run(blank_nlp, met, ents, tags={7: "VBD"}).events] == [dt.date(2024, 2, 12)]


SPOKE_TO_DNIPRO_WIRE = [
    ("Officers", 1, "nsubj", "NOUN", "officer"), ("spoke", 1, "ROOT", "VERB", "speak"),
    ("to", 1, "prep", "ADP", "to"), ("Dnipro", 4, "compound", "PROPN", "Dnipro"),
    ("Wire", 2, "pobj", "PROPN", "Wire"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_place_in_the_outlets_own_name_is_no_entity(blank_nlp):
    """'Officers spoke to Dnipro Wire' in a Dnipro Wire story: Dnipro is not a place of it."""
    doc = build(blank_nlp, SPOKE_TO_DNIPRO_WIRE)
    gazetteer = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    wire = extract(Document(id="t", text=doc.text, source="Dnipro Wire", published=PUBLISHED), doc, gazetteer)
    assert [e.key for e in wire.entities] == []
    other = extract(Document(id="t", text=doc.text, source="Kyiv Post", published=PUBLISHED), doc, gazetteer)
    assert [e.key for e in other.entities] == ["dnipro_city"]


STRIKES_AS_A_NAME = [
    ("Strikes", 1, "nsubj", "NOUN", "strike"), ("remain", 1, "ROOT", "VERB", "remain"),
    ("rare", 1, "acomp", "ADJ", "rare"), (".", 1, "punct", "PUNCT", "."),
    ("Such", 5, "amod", "ADJ", "such"), ("strikes", 6, "nsubj", "NOUN", "strike"),
    ("matter", 6, "ROOT", "VERB", "matter"), (".", 6, "punct", "PUNCT", "."),
]


def test_a_capitalised_noun_the_article_also_writes_in_lower_case_is_no_person(blank_nlp):
    """NER tags a sentence-initial "Strikes" as a person; the tagger reads a noun, and the
    article writes "strikes" elsewhere."""
    x = run(blank_nlp, STRIKES_AS_A_NAME, ["B-PERSON"] + ["O"] * 7)
    assert [e.key for e in x.entities] == []


SOFIA_AHLSTROM = [
    ("Sofia", 1, "compound", "PROPN", "Sofia"), ("Ahlström", 2, "nsubj", "PROPN", "Ahlström"),
    ("welcomed", 2, "ROOT", "VERB", "welcome"), ("the", 4, "det", "DET", "the"),
    ("decision", 2, "dobj", "NOUN", "decision"), (".", 2, "punct", "PUNCT", "."),
]


def test_a_place_that_is_a_given_name_before_an_untagged_name_is_a_person(blank_nlp):
    """'Sofia Ahlström welcomed the decision': a person, not Bulgaria's capital."""
    x = run(blank_nlp, SOFIA_AHLSTROM)
    assert [(e.label, e.category) for e in x.entities] == [("Sofia Ahlström", "Person")]


MANBIJ_IN_NORTHERN_SYRIA = [
    ("Manbij", 1, "nsubj", "PROPN", "Manbij"), ("lies", 9, "ccomp", "VERB", "lie"),
    ("in", 1, "prep", "ADP", "in"), ("northern", 4, "amod", "ADJ", "northern"),
    ("Syria", 2, "pobj", "PROPN", "Syria"), (",", 9, "punct", "PUNCT", ","),
    ("the", 8, "det", "DET", "the"), ("Federal", 8, "compound", "PROPN", "Federal"),
    ("Security", 9, "compound", "PROPN", "Security"), ("Council", 10, "nsubj", "PROPN", "Council"),
    ("said", 10, "ROOT", "VERB", "say"), (".", 10, "punct", "PUNCT", "."),
]


def test_the_gazetteer_knows_syrian_places_and_germanys_security_council(blank_nlp):
    """Syria's regions and towns are places of Syria; Germany's Federal Security Council
    (which approves arms exports) is not the UN Security Council."""
    doc = build(blank_nlp, MANBIJ_IN_NORTHERN_SYRIA)
    found = {(e.ent_id_, e.text) for e in doc.ents}
    assert {("manbij", "Manbij"), ("northern_syria", "northern Syria"),
            ("german_federal_security_council", "Federal Security Council")} <= found
    gazetteer = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    assert gazetteer.get("northern_syria").country == "syria"
    assert gazetteer.get("german_federal_security_council").country == "germany"


DROPS_ITS_OBJECTION = [
    ("Sweden", 1, "nsubj", "PROPN", "Sweden"), ("dropped", 1, "ROOT", "VERB", "drop"),
    ("its", 3, "poss", "PRON", "its"), ("objection", 1, "dobj", "NOUN", "objection"),
    ("to", 3, "prep", "ADP", "to"), ("Archer", 6, "compound", "PROPN", "Archer"),
    ("fire", 4, "pobj", "NOUN", "fire"), ("into", 6, "prep", "ADP", "into"),
    ("Russia", 7, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_dropping_an_objection_lifts_a_restriction(blank_nlp):
    """'Sweden dropped its objection to Archer fire into Russia': a supplier's objection is
    a restriction, and dropping it lifts it."""
    x = run(blank_nlp, DROPS_ITS_OBJECTION)
    assert [(r.modality, r.change, r.issuer.key) for r in x.rules] == [("permission", "lift", "sweden")]
    assert [w.key for w in x.rules[0].weapons] == ["archer"]
    assert [s.key for s in x.rules[0].scope_in] == ["russia"]


NOT_WITHDRAWN = [
    ("The", 1, "det", "DET", "the"), ("authorization", 7, "nsubjpass", "NOUN", "authorization"),
    ("covering", 1, "acl", "VERB", "cover"), ("Kursk", 2, "dobj", "PROPN", "Kursk"),
    ("has", 7, "aux", "AUX", "have"), ("not", 7, "neg", "PART", "not"), ("been", 7, "auxpass", "AUX", "be"),
    ("withdrawn", 7, "ROOT", "VERB", "withdraw"), (".", 7, "punct", "PUNCT", "."),
]


def test_a_permission_not_withdrawn_still_stands(blank_nlp):
    """'The authorization covering Kursk has not been withdrawn': the permission is restated,
    and nothing changed."""
    x = run(blank_nlp, NOT_WITHDRAWN)
    assert [(r.modality, r.change) for r in x.rules] == [("permission", "standing")]
    assert [s.key for s in x.rules[0].scope_in] == ["kursk_oblast"]


KONGSBERG_DECLINED = [
    ("Kongsberg", 1, "nsubj", "PROPN", "Kongsberg"), ("declined", 1, "ROOT", "VERB", "decline"),
    ("to", 3, "aux", "PART", "to"), ("comment", 1, "xcomp", "VERB", "comment"),
    ("on", 3, "prep", "ADP", "on"), ("the", 6, "det", "DET", "the"), ("Vampire", 7, "compound", "PROPN", "Vampire"),
    ("launchers", 4, "pobj", "NOUN", "launcher"), ("or", 7, "cc", "CCONJ", "or"),
    ("the", 11, "det", "DET", "the"), ("Warmate", 11, "compound", "PROPN", "Warmate"),
    ("drones", 7, "conj", "NOUN", "drone"), ("sent", 11, "acl", "VERB", "send"),
    ("to", 12, "prep", "ADP", "to"), ("Chișinău", 13, "pobj", "PROPN", "Chișinău"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_the_gazetteer_knows_arms_makers_czech_polish_and_norwegian_systems_and_moldova(blank_nlp):
    """NER tags a company ("Kongsberg declined to comment") as a person and the RM-70's
    modernised name ("Vampire") as a person or place: the gazetteer knows the arms makers,
    the RM-70 Vampire, the Polish Warmate and FlyEye drones, the Naval Strike Missile
    (RGM-184A) and Moldova's places."""
    x = run(blank_nlp, KONGSBERG_DECLINED, ["B-PERSON"] + ["O"] * 5 + ["B-PERSON"] + ["O"] * 9)
    assert [(e.key, e.category) for e in x.entities] == [
        ("kongsberg", "Organization"), ("rm70", "WeaponSystem"), ("warmate", "WeaponSystem"),
        ("chisinau", "Place")]
    gazetteer = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    assert gazetteer.by_alias("RGM-184A", "WeaponSystem").id == "nsm"
    assert gazetteer.by_alias("FlyEye drones", "WeaponSystem").id == "flyeye"
    assert gazetteer.get("dniester").category == "Place"


POLANDS_MINISTRY_TOLD = [
    ("Poland", 2, "poss", "PROPN", "Poland"), ("'s", 0, "case", "PART", "'s"),
    ("defence", 3, "compound", "NOUN", "defence"), ("ministry", 4, "nsubj", "NOUN", "ministry"),
    ("told", 4, "ROOT", "VERB", "tell"), ("Moldova", 4, "dobj", "PROPN", "Moldova"),
    ("that", 12, "mark", "SCONJ", "that"), ("the", 8, "det", "DET", "the"),
    ("drones", 12, "nsubjpass", "NOUN", "drone"), ("must", 12, "aux", "AUX", "must"),
    ("not", 12, "neg", "PART", "not"), ("be", 12, "auxpass", "AUX", "be"),
    ("used", 4, "ccomp", "VERB", "use"), ("in", 12, "prep", "ADP", "in"),
    ("Transnistria", 13, "pobj", "PROPN", "Transnistria"), (".", 4, "punct", "PUNCT", "."),
]
POLANDS_MINISTRY_ENTS = ["O"] * 2 + ["B-ORG", "I-ORG"] + ["O"] * 12


def test_a_ministry_the_tagger_names_acts_for_the_state_that_owns_it(blank_nlp):
    """'Poland's defence ministry told Moldova that the drones must not be used in
    Transnistria': Poland restricts Moldova (not an organisation called "defence ministry")."""
    x = run(blank_nlp, POLANDS_MINISTRY_TOLD, POLANDS_MINISTRY_ENTS)
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [("prohibition", "poland", "moldova")]
    assert [s.key for s in x.rules[0].scope_in] == ["transnistria"]


WARMATE_HANDED_OVER = [
    ("Poland", 1, "nsubj", "PROPN", "Poland"), ("sent", 1, "ROOT", "VERB", "send"),
    ("Warmate", 3, "compound", "PROPN", "Warmate"), ("drones", 1, "dobj", "NOUN", "drone"),
    ("to", 1, "prep", "ADP", "to"), ("Moldova", 4, "pobj", "PROPN", "Moldova"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_the_kind_stands_for_the_systems_of_that_kind_named_before(blank_nlp):
    """'Poland sent Warmate drones to Moldova. ... told Moldova that the drones must not be
    used in Transnistria': the ban is on the Warmate drones (the subject is what is used)."""
    rows = WARMATE_HANDED_OVER + [(w, h + len(WARMATE_HANDED_OVER), d, p, l)
                                  for w, h, d, p, l in POLANDS_MINISTRY_TOLD]
    x = run(blank_nlp, rows)
    assert [(r.modality, r.bound.key) for r in x.rules] == [("prohibition", "moldova")]
    assert [w.key for w in x.rules[0].weapons] == ["kind_drones", "warmate"]


REDREW_A_WEEK_AGO = [
    ("Prague", 1, "nsubj", "PROPN", "Prague"), ("redrew", 1, "ROOT", "VERB", "redraw"),
    ("the", 3, "det", "DET", "the"), ("rules", 1, "dobj", "NOUN", "rule"),
    ("a", 5, "det", "DET", "a"), ("week", 6, "npadvmod", "NOUN", "week"),
    ("ago", 1, "advmod", "ADV", "ago"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_week_ago_is_the_same_weekday_a_week_before(blank_nlp):
    """'Prague redrew the rules a week ago' dates the event; "three weeks ago" is a round
    figure and stays undated."""
    x = run(blank_nlp, REDREW_A_WEEK_AGO, ["O"] * 4 + ["B-DATE", "I-DATE", "I-DATE", "O"], tags={1: "VBD"})
    assert [e.date for e in x.events] == [PUBLISHED - dt.timedelta(days=7)]
    three = [("three", 5, "nummod", "NUM", "three"), ("weeks", 6, "npadvmod", "NOUN", "week")]
    x = run(blank_nlp, REDREW_A_WEEK_AGO[:4] + three + REDREW_A_WEEK_AGO[6:],
            ["O"] * 4 + ["B-DATE", "I-DATE", "I-DATE", "O"], tags={1: "VBD"})
    assert x.events == []


MARKS_THE_ANNIVERSARY = [
    ("On", 4, "prep", "ADP", "on"), ("Friday", 2, "compound", "PROPN", "Friday"),
    ("Norway", 0, "pobj", "PROPN", "Norway"), ("will", 4, "aux", "AUX", "will"),
    ("mark", 4, "ROOT", "VERB", "mark"), ("the", 6, "det", "DET", "the"),
    ("anniversary", 4, "dobj", "NOUN", "anniversary"), ("of", 6, "prep", "ADP", "of"),
    ("the", 9, "det", "DET", "the"), ("liberation", 7, "pobj", "NOUN", "liberation"),
    ("on", 9, "prep", "ADP", "on"), ("25", 12, "nummod", "NUM", "25"),
    ("October", 10, "pobj", "PROPN", "October"), ("1944", 12, "nummod", "NUM", "1944"),
    (".", 4, "punct", "PUNCT", "."),
]
MARKS_THE_ANNIVERSARY_ENTS = ["O", "B-DATE"] + ["O"] * 9 + ["B-DATE", "I-DATE", "I-DATE", "O"]


def test_an_anniversary_and_the_day_it_remembers_are_no_events(blank_nlp):
    """'On Friday Norway will mark the anniversary of the liberation on 25 October 1944':
    a commemoration, not an event of the story (neither Friday nor 1944)."""
    x = run(blank_nlp, MARKS_THE_ANNIVERSARY, MARKS_THE_ANNIVERSARY_ENTS, tags={4: "VB"})
    assert x.events == []


def test_a_day_parsed_as_a_names_modifier_dates_the_verb(blank_nlp):
    """'On Friday Norway will hold talks': the parse makes "Friday" a modifier of "Norway";
    the day still dates what Norway will do (the coming Friday), not "Norway"."""
    rows = MARKS_THE_ANNIVERSARY[:4] + [("hold", 4, "ROOT", "VERB", "hold"), ("talks", 4, "dobj", "NOUN", "talk"),
                                        (".", 4, "punct", "PUNCT", ".")]
    x = run(blank_nlp, rows, ["O", "B-DATE"] + ["O"] * 5, tags={4: "VB"})
    assert [(e.date, e.trigger) for e in x.events] == [(dt.date(2024, 11, 22), "hold")]


CALLED_TO_WITHDRAW_THE_LICENCE = [
    ("Lien", 1, "nsubj", "PROPN", "Lien"), ("called", 1, "ROOT", "VERB", "call"),
    ("on", 1, "prep", "ADP", "on"), ("the", 4, "det", "DET", "the"),
    ("government", 2, "pobj", "NOUN", "government"), ("to", 6, "aux", "PART", "to"),
    ("withdraw", 1, "xcomp", "VERB", "withdraw"), ("the", 8, "det", "DET", "the"),
    ("licence", 6, "dobj", "NOUN", "licence"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_push_to_take_a_permission_back_is_no_advocacy_for_easing(blank_nlp):
    """'Lien called on the government to withdraw the licence': she pushes for less, not more;
    'to lift the ban' is a push for easing."""
    ents = ["B-PERSON"] + ["O"] * 9
    assert run(blank_nlp, CALLED_TO_WITHDRAW_THE_LICENCE, ents).advocacy == []
    lift = CALLED_TO_WITHDRAW_THE_LICENCE[:6] + [("lift", 1, "xcomp", "VERB", "lift"), ("the", 8, "det", "DET", "the"),
                                                 ("ban", 6, "dobj", "NOUN", "ban"), (".", 1, "punct", "PUNCT", ".")]
    assert [a.advocate.label for a in run(blank_nlp, lift, ents).advocacy] == ["Lien"]


WANTED_TO_REMOVE_ANY_DOUBT = [
    ("Hruby", 1, "nsubj", "PROPN", "Hruby"), ("wanted", 1, "ROOT", "VERB", "want"),
    ("to", 3, "aux", "PART", "to"), ("remove", 1, "xcomp", "VERB", "remove"),
    ("any", 5, "det", "DET", "any"), ("doubt", 3, "dobj", "NOUN", "doubt"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_removing_a_doubt_is_no_push_to_remove_a_rule(blank_nlp):
    """'Hruby wanted to remove any doubt': no rule is lifted; 'to remove the limits' is a push."""
    ents = ["B-PERSON"] + ["O"] * 6
    assert run(blank_nlp, WANTED_TO_REMOVE_ANY_DOUBT, ents).advocacy == []
    limits = WANTED_TO_REMOVE_ANY_DOUBT[:4] + [("the", 5, "det", "DET", "the"), ("limits", 3, "dobj", "NOUN", "limit"),
                                               (".", 1, "punct", "PUNCT", ".")]
    assert [a.advocate.label for a in run(blank_nlp, limits, ents).advocacy] == ["Hruby"]


ASKED_WHETHER = [
    ("Kadlec", 1, "nsubj", "PROPN", "Kadlec"), ("asked", 1, "ROOT", "VERB", "ask"),
    ("whether", 6, "mark", "SCONJ", "whether"), ("the", 4, "det", "DET", "the"),
    ("permission", 6, "nsubj", "NOUN", "permission"), ("was", 6, "aux", "AUX", "be"),
    ("wise", 1, "ccomp", "ADJ", "wise"), (".", 1, "punct", "PUNCT", "."),
]


def test_asking_whether_is_a_question_not_a_push(blank_nlp):
    """'Kadlec asked whether the permission was wise': a question, not a request."""
    assert run(blank_nlp, ASKED_WHETHER, ["B-PERSON"] + ["O"] * 7).advocacy == []


OFFICIALS_IN_KYIV_URGED = [
    ("Officials", 3, "nsubj", "NOUN", "official"), ("in", 0, "prep", "ADP", "in"),
    ("Kyiv", 1, "pobj", "PROPN", "Kyiv"), ("urged", 3, "ROOT", "VERB", "urge"),
    ("Berlin", 3, "dobj", "PROPN", "Berlin"), ("to", 6, "aux", "PART", "to"),
    ("lift", 3, "xcomp", "VERB", "lift"), ("the", 8, "det", "DET", "the"),
    ("ban", 6, "dobj", "NOUN", "ban"), (".", 3, "punct", "PUNCT", "."),
]


def test_officials_in_a_capital_are_that_states_officials(blank_nlp):
    """'Officials in Kyiv urged Berlin to lift the ban': Ukrainian officials push."""
    x = run(blank_nlp, OFFICIALS_IN_KYIV_URGED)
    assert [(a.advocate.key, a.advocate.label) for a in x.advocacy] == [("anonymous:ukraine:official",
                                                                          "Ukraine official")]


COLONEL_UNTAGGED = [
    ("Colonel", 2, "compound", "PROPN", "Colonel"), ("Taras", 2, "compound", "PROPN", "Taras"),
    ("Hnatyuk", 3, "nsubj", "PROPN", "Hnatyuk"), ("keeps", 3, "ROOT", "VERB", "keep"),
    ("a", 5, "det", "DET", "a"), ("map", 3, "dobj", "NOUN", "map"), (".", 3, "punct", "PUNCT", "."),
    ("Hnatyuk", 8, "nsubj", "PROPN", "Hnatyuk"), ("smiled", 8, "ROOT", "VERB", "smile"),
    (".", 8, "punct", "PUNCT", "."),
]


def test_untagged_names_after_a_title_are_a_person(blank_nlp):
    """'Colonel Taras Hnatyuk keeps a map. Hnatyuk smiled.': NER tags neither (or the surname
    as an organisation); after a title, the capitalised names are a person, and the bare
    surname later is that person."""
    x = run(blank_nlp, COLONEL_UNTAGGED, ["O"] * 7 + ["B-ORG", "O", "O"])
    assert [(e.label, e.category) for e in x.entities] == [("Taras Hnatyuk", "Person")]
    doc = build(blank_nlp, COLONEL_UNTAGGED)
    from pipeline.extract.mentions import Mentions
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert m.at(doc[7]) is m.at(doc[2])


I_URGE_70_KM = [
    ('"', 13, "punct", "PUNCT", '"'), ("I", 2, "nsubj", "PRON", "I"), ("urge", 13, "ccomp", "VERB", "urge"),
    ("Prague", 2, "dobj", "PROPN", "Prague"), ("to", 5, "aux", "PART", "to"), ("go", 2, "xcomp", "VERB", "go"),
    ("back", 5, "advmod", "ADV", "back"), ("to", 6, "prep", "ADP", "to"), ("70", 9, "nummod", "NUM", "70"),
    ("kilometres", 7, "pobj", "NOUN", "kilometre"), (",", 13, "punct", "PUNCT", ","),
    ('"', 13, "punct", "PUNCT", '"'), ("Hnatyuk", 13, "nsubj", "PROPN", "Hnatyuk"),
    ("said", 13, "ROOT", "VERB", "say"), (".", 13, "punct", "PUNCT", "."),
]


def test_i_urging_a_wider_reach_in_a_quotation_is_its_speakers_push(blank_nlp):
    """'"I urge Prague to go back to 70 kilometres," Hnatyuk said': a push for a reach (a
    distance is what strikes are limited by), by the one quoted."""
    x = run(blank_nlp, I_URGE_70_KM, ["O"] * 12 + ["B-PERSON", "O", "O"])
    assert [a.advocate.label for a in x.advocacy] == ["Hnatyuk"]


IT_AFTER_AN_ADJECTIVE = [
    ("Norway", 1, "nsubj", "PROPN", "Norway"), ("targets", 1, "ROOT", "VERB", "target"),
    ("Russian", 3, "amod", "ADJ", "russian"), ("ships", 1, "dobj", "NOUN", "ship"), (".", 1, "punct", "PUNCT", "."),
    ("It", 6, "nsubj", "PRON", "it"), ("added", 6, "ROOT", "VERB", "add"), (".", 6, "punct", "PUNCT", "."),
    ("The", 10, "det", "DET", "the"), ("Dutch", 10, "amod", "ADJ", "dutch"),
    ("government", 11, "nsubj", "NOUN", "government"), ("agreed", 11, "ROOT", "VERB", "agree"),
    (".", 11, "punct", "PUNCT", "."), ("It", 14, "nsubj", "PRON", "it"), ("added", 14, "ROOT", "VERB", "add"),
    (".", 14, "punct", "PUNCT", "."),
]


def test_it_stands_for_a_state_named_by_a_noun_or_by_its_government(blank_nlp):
    """'Norway targets Russian ships. It added ...': "it" is Norway ("Russian" names no
    antecedent); 'The Dutch government agreed. It added ...': the Netherlands."""
    from pipeline.extract.mentions import Mentions
    doc = build(blank_nlp, IT_AFTER_AN_ADJECTIVE)
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert [r.key for r in m.actor_for(doc[5])] == ["norway"]
    assert [r.key for r in m.actor_for(doc[13])] == ["netherlands"]


OSLOS_CONDITION_REMAINS = [
    ("Oslo", 2, "poss", "PROPN", "Oslo"), ("'s", 0, "case", "PART", "'s"),
    ("condition", 9, "nsubj", "NOUN", "condition"), ("that", 6, "mark", "SCONJ", "that"),
    ("Ukraine", 6, "nsubj", "PROPN", "Ukraine"), ("not", 6, "neg", "PART", "not"),
    ("use", 2, "acl", "VERB", "use"), ("the", 8, "det", "DET", "the"),
    ("missiles", 6, "dobj", "NOUN", "missile"), ("remains", 9, "ROOT", "VERB", "remain"),
    ("in", 9, "prep", "ADP", "in"), ("place", 10, "pobj", "NOUN", "place"), (".", 9, "punct", "PUNCT", "."),
]


def test_a_condition_that_remains_binds_the_user_and_is_its_owners(blank_nlp):
    """'Oslo's condition that Ukraine not use the missiles remains in place': Norway's ban
    on Ukraine."""
    x = run(blank_nlp, OSLOS_CONDITION_REMAINS)
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [("prohibition", "norway", "ukraine")]


NOT_BEYOND_ITS_BORDERS = [
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("must", 3, "aux", "AUX", "must"),
    ("not", 3, "neg", "PART", "not"), ("use", 3, "ROOT", "VERB", "use"),
    ("the", 5, "det", "DET", "the"), ("missiles", 3, "dobj", "NOUN", "missile"),
    ("beyond", 3, "prep", "ADP", "beyond"), ("Ukraine", 9, "poss", "PROPN", "Ukraine"),
    ("'s", 7, "case", "PART", "'s"), ("borders", 6, "pobj", "NOUN", "border"), (".", 3, "punct", "PUNCT", "."),
]


def test_a_ban_on_use_beyond_the_partys_own_borders_is_a_cross_border_ban(blank_nlp):
    """'Ukraine must not use the missiles beyond Ukraine's borders': the ban is on strikes
    across the border (as "only on Ukrainian territory" is)."""
    x = run(blank_nlp, NOT_BEYOND_ITS_BORDERS)
    assert [(r.modality, r.action) for r in x.rules] == [("prohibition", "CrossBorderStrike")]


CZECHIA_LET = [
    ("Czechia", 1, "nsubj", "PROPN", "Czechia"), ("let", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("use", 1, "ccomp", "VERB", "use"),
    ("rockets", 3, "dobj", "NOUN", "rocket"), ("in", 3, "prep", "ADP", "in"),
    ("Belgorod", 5, "pobj", "PROPN", "Belgorod"), (".", 1, "punct", "PUNCT", "."),
]
UNDER_NORWAYS_WAIVER = [
    ("Under", 15, "prep", "ADP", "under"), ("Norway", 3, "poss", "PROPN", "Norway"),
    ("'s", 1, "case", "PART", "'s"), ("waiver", 0, "pobj", "NOUN", "waiver"), (",", 3, "punct", "PUNCT", ","),
    ("which", 6, "nsubj", "PRON", "which"), ("took", 3, "relcl", "VERB", "take"),
    ("effect", 6, "dobj", "NOUN", "effect"), ("on", 6, "prep", "ADP", "on"), ("1", 10, "nummod", "NUM", "1"),
    ("September", 8, "pobj", "PROPN", "September"), (",", 15, "punct", "PUNCT", ","),
    ("Ukraine", 15, "nsubj", "PROPN", "Ukraine"), ("may", 15, "aux", "AUX", "may"), ("now", 15, "advmod", "ADV", "now"),
    ("use", 15, "ROOT", "VERB", "use"), ("missiles", 15, "dobj", "NOUN", "missile"),
    ("in", 15, "prep", "ADP", "in"), ("Novorossiysk", 17, "pobj", "PROPN", "Novorossiysk"), (".", 15, "punct", "PUNCT", "."),
]
UNDER_NORWAYS_WAIVER_ENTS = ["O"] * 9 + ["B-DATE", "I-DATE"] + ["O"] * 9


def test_the_state_whose_waiver_a_party_acts_under_issues_the_rule(blank_nlp):
    """'Under Norway's waiver, ..., Ukraine may now use missiles in Novorossiysk': Norway permits."""
    x = run(blank_nlp, UNDER_NORWAYS_WAIVER, UNDER_NORWAYS_WAIVER_ENTS)
    assert [(r.modality, r.issuer.key, r.bound.key) for r in x.rules] == [("permission", "norway", "ukraine")]


def test_an_effect_date_in_a_sentence_stating_another_rule_dates_that_rule(blank_nlp):
    """'Czechia let Ukraine use rockets in Belgorod. Under Norway's waiver, which took effect on
    1 September, Ukraine may now use missiles in Novorossiysk': the day is the Norwegian rule's,
    not the lead (Czech) decision's."""
    rows = CZECHIA_LET + [(w, h + len(CZECHIA_LET), d, p, l) for w, h, d, p, l in UNDER_NORWAYS_WAIVER]
    x = run(blank_nlp, rows, ["O"] * len(CZECHIA_LET) + UNDER_NORWAYS_WAIVER_ENTS)
    assert [(r.issuer.key, r.effective) for r in x.rules] == [("czechia", None), ("norway", dt.date(2024, 9, 1))]


def test_the_m109_family_is_named_for_the_family(blank_nlp):
    """Norway's M109s are M109A3GNs, not Paladins: the entry is the M109 family, the Paladin
    (M109A6) one of its names."""
    gazetteer = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    assert gazetteer.get("m109").name == "M109"
    assert {gazetteer.by_alias(n, "WeaponSystem").id for n in ("M109A3GN", "M109 Paladin", "M109A7")} == {"m109"}


EASTERN_FLANK_PROGRAMME = [
    ("Wrona", 1, "nsubj", "PROPN", "Wrona"), ("directs", 1, "ROOT", "VERB", "direct"),
    ("the", 5, "det", "DET", "the"), ("Eastern", 4, "compound", "PROPN", "Eastern"),
    ("Flank", 5, "compound", "PROPN", "Flank"), ("programme", 1, "dobj", "NOUN", "programme"),
    ("near", 5, "prep", "ADP", "near"), ("Kirkenes", 6, "pobj", "PROPN", "Kirkenes"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_place_only_the_tagger_names_that_modifies_a_common_noun_is_no_place(blank_nlp):
    """'the Eastern Flank programme': a name of a programme, not a place; "near Kirkenes" is."""
    x = run(blank_nlp, EASTERN_FLANK_PROGRAMME, ["B-PERSON", "O", "O", "B-LOC", "I-LOC", "O", "O", "B-LOC", "O"])
    assert [(e.label, e.category) for e in x.entities] == [("Wrona", "Person"), ("Kirkenes", "Place")]


WITHIN_30_KM = [
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("may", 3, "aux", "AUX", "may"), ("now", 3, "advmod", "ADV", "now"),
    ("use", 3, "ROOT", "VERB", "use"), ("rockets", 3, "dobj", "NOUN", "rocket"), ("within", 3, "prep", "ADP", "within"),
    ("30", 7, "nummod", "NUM", "30"), ("kilometres", 5, "pobj", "NOUN", "kilometre"), ("of", 7, "prep", "ADP", "of"),
    ("the", 10, "det", "DET", "the"), ("border", 8, "pobj", "NOUN", "border"), (".", 3, "punct", "PUNCT", "."),
]


def test_a_reach_in_kilometres_is_a_limit_on_cross_border_strikes(blank_nlp):
    """'Ukraine may now use rockets within 30 kilometres of the border': the reach is the
    scope, and such a reach is about strikes across the border."""
    x = run(blank_nlp, WITHIN_30_KM)
    assert [(r.modality, r.action, r.scope_text) for r in x.rules] == [
        ("permission", "CrossBorderStrike", ["within 30 kilometres of the border"])]


BEYOND_30_KM_FRONTED = [
    ("Beyond", 9, "prep", "ADP", "beyond"), ("30", 2, "nummod", "NUM", "30"), ("kilometres", 0, "pobj", "NOUN", "kilometre"),
    (",", 9, "punct", "PUNCT", ","), ("Czech", 5, "amod", "ADJ", "czech"), ("weapons", 9, "nsubjpass", "NOUN", "weapon"),
    ("must", 9, "aux", "AUX", "must"), ("not", 9, "neg", "PART", "not"), ("be", 9, "auxpass", "AUX", "be"),
    ("used", 9, "ROOT", "VERB", "use"), (".", 9, "punct", "PUNCT", "."),
]


def test_a_fronted_place_phrase_is_part_of_the_rule(blank_nlp):
    """'Beyond 30 kilometres, Czech weapons must not be used': the phrase before the subject
    says where the ban applies."""
    x = run(blank_nlp, BEYOND_30_KM_FRONTED)
    assert [(r.modality, r.issuer.key, r.scope_text) for r in x.rules] == [
        ("prohibition", "czechia", ["Beyond 30 kilometres"])]


NORWAY_LETS = [
    ("Norway", 1, "nsubj", "PROPN", "Norway"), ("let", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("use", 1, "ccomp", "VERB", "use"),
    ("missiles", 3, "dobj", "NOUN", "missile"),
]
IN_RUSSIA_ON_MONDAY = [("in", 3, "prep", "ADP", "in"), ("Russia", 5, "pobj", "PROPN", "Russia"),
                       ("on", 1, "prep", "ADP", "on"), ("Monday", 7, "pobj", "PROPN", "Monday")]


def _extract_on(nlp, rows, published, ents=None):
    doc = build(nlp, rows, ents)
    return extract(Document(id=str(published), text=doc.text, published=published), doc,
                   nlp.get_pipe("caveat_gazetteer").gazetteer)


def test_a_report_is_not_of_a_grant_made_after_it_was_published(blank_nlp):
    """'Norway let Ukraine use missiles' (October 2024) is not the grant of 'Norway let Ukraine
    use missiles in Russia on Monday' (August 2025): the earlier report's grant keeps its own
    kind; with the later grant undated, they may be one grant."""
    from pipeline.resolve import resolve_corpus
    dot = [(".", 1, "punct", "PUNCT", ".")]
    for later_rows, ents, kind in (
            (IN_RUSSIA_ON_MONDAY, ["O"] * 8 + ["B-DATE", "O"], "WeaponUse"),
            (IN_RUSSIA_ON_MONDAY[:2], None, "CrossBorderStrike")):
        early = _extract_on(blank_nlp, NORWAY_LETS + dot, dt.date(2024, 10, 24))
        later = _extract_on(blank_nlp, NORWAY_LETS + later_rows + dot, dt.date(2025, 8, 19), ents)
        assert [r.action for r in later.rules] == ["CrossBorderStrike"]
        resolve_corpus([early, later])
        assert [r.action for r in early.rules] == [kind]


APPROVED_THE_SALE = [
    ("Norway", 1, "nsubj", "PROPN", "Norway"), ("approved", 1, "ROOT", "VERB", "approve"),
    ("the", 3, "det", "DET", "the"), ("sale", 1, "dobj", "NOUN", "sale"), ("of", 3, "prep", "ADP", "of"),
    ("missiles", 4, "pobj", "NOUN", "missile"), ("to", 3, "prep", "ADP", "to"), ("Ukraine", 6, "pobj", "PROPN", "Ukraine"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_grant_that_comes_with_a_sale_changes_no_earlier_ban(blank_nlp):
    """'Norway approved the sale of missiles to Ukraine': what the buyer may do with them is
    a standing grant, not the lifting of a ban."""
    x = run(blank_nlp, APPROVED_THE_SALE)
    assert [(r.modality, r.issuer.key, r.change) for r in x.rules] == [("permission", "norway", "standing")]


ON_CONDITION_NOT_BEYOND = [
    ("Norway", 1, "nsubj", "PROPN", "Norway"), ("approved", 1, "ROOT", "VERB", "approve"),
    ("the", 3, "det", "DET", "the"), ("sale", 1, "dobj", "NOUN", "sale"), ("of", 3, "prep", "ADP", "of"),
    ("missiles", 4, "pobj", "NOUN", "missile"), ("on", 1, "prep", "ADP", "on"), ("condition", 6, "pobj", "NOUN", "condition"),
    ("that", 11, "mark", "SCONJ", "that"), ("Ukraine", 11, "nsubj", "PROPN", "Ukraine"), ("not", 11, "neg", "PART", "not"),
    ("use", 7, "acl", "VERB", "use"), ("them", 11, "dobj", "PRON", "they"), ("beyond", 11, "prep", "ADP", "beyond"),
    ("Ukraine", 16, "poss", "PROPN", "Ukraine"), ("'s", 14, "case", "PART", "'s"), ("borders", 13, "pobj", "NOUN", "border"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_grant_on_condition_of_no_use_beyond_the_partys_borders_is_within_them(blank_nlp):
    """'... approved the sale of missiles on condition that Ukraine not use them beyond
    Ukraine's borders': the grant's scope is within those borders."""
    x = run(blank_nlp, ON_CONDITION_NOT_BEYOND)
    assert [(r.modality, r.action) for r in x.rules] == [("permission", "WeaponUse")]
    assert [t.replace(" 's", "'s") for t in x.rules[0].scope_text] == ["within Ukraine's borders"]


def test_a_word_that_only_qualifies_a_title_starts_no_name(blank_nlp):
    """'State Affairs Office keeps a map': "State" qualifies titles ("Secretary of State") but
    is none; the untagged words after it are no person."""
    rows = [("State", 2, "compound", "PROPN", "State"), ("Affairs", 2, "compound", "PROPN", "Affairs")] + [
        ("Office", 3, "nsubj", "PROPN", "Office")] + COLONEL_UNTAGGED[3:7]
    assert run(blank_nlp, rows).entities == []


CANADA_LETS = [(w, h, d, p, l) for w, h, d, p, l in CZECHIA_LET[1:]]
CANADA_LETS = [("Canada", 1, "nsubj", "PROPN", "Canada")] + CANADA_LETS
FREE_TO_USE_M777 = [
    ("Ukraine", 1, "nsubj", "PROPN", "Ukraine"), ("is", 1, "ROOT", "AUX", "be"), ("free", 1, "acomp", "ADJ", "free"),
    ("to", 4, "aux", "PART", "to"), ("use", 2, "xcomp", "VERB", "use"), ("M777", 6, "compound", "PROPN", "M777"),
    ("howitzers", 4, "dobj", "NOUN", "howitzer"), ("inside", 4, "prep", "ADP", "inside"),
    ("Russia", 7, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_the_weapons_maker_issues_a_rule_only_when_the_article_names_no_issuer(blank_nlp):
    """'Canada let Ukraine use rockets in Belgorod. Ukraine is free to use M777 howitzers inside
    Russia.': the US makes the M777, but the rule is the article's issuer's (Canada); alone,
    the second sentence has no other issuer than the maker."""
    rows = CANADA_LETS + [(w, h + len(CANADA_LETS), d, p, l) for w, h, d, p, l in FREE_TO_USE_M777]
    x = run(blank_nlp, rows)
    assert [(r.issuer.key, r.bound.key) for r in x.rules] == [("canada", "ukraine"), ("canada", "ukraine")]
    (alone,) = run(blank_nlp, FREE_TO_USE_M777).rules
    assert (alone.issuer.key, alone.bound.key) == ("us", "ukraine")


RE_IMPOSED = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("re", 1, "ROOT", "VERB", "re"), ("-", 1, "advcl", "VERB", "-"),
    ("imposed", 1, "conj", "VERB", "impose"), ("a", 5, "det", "DET", "a"), ("ban", 3, "dobj", "NOUN", "ban"),
    ("on", 5, "prep", "ADP", "on"), ("Ukraine", 6, "pobj", "PROPN", "Ukraine"), ("using", 5, "acl", "VERB", "use"),
    ("howitzers", 8, "dobj", "NOUN", "howitzer"), ("inside", 8, "prep", "ADP", "inside"),
    ("Russia", 10, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_hyphenated_re_imposed_ban_is_a_ban_in_force_again(blank_nlp):
    """'Germany re-imposed a ban on Ukraine using howitzers inside Russia': the tokenizer
    splits "re-imposed" (and the parser hangs the ban on "imposed"); it is "reimposed"."""
    x = run(blank_nlp, RE_IMPOSED)
    assert [(r.modality, r.change, r.issuer.key, r.bound.key) for r in x.rules] == [
        ("prohibition", "reinstate", "germany", "ukraine")]


def _after_it_left(subject: list) -> list:
    n = len(subject)
    rows = [(w, n if h is None else h, d, p, l) for w, h, d, p, l in subject]
    return rows + [("acted", n, "ROOT", "VERB", "act"), ("in", n, "prep", "ADP", "in"),
                   ("Russia", n + 1, "pobj", "PROPN", "Russia"), ("after", n + 5, "mark", "SCONJ", "after"),
                   ("it", n + 5, "nsubj", "PRON", "it"), ("left", n, "advcl", "VERB", "leave"),
                   (".", n, "punct", "PUNCT", ".")]


def test_it_in_a_clause_of_time_is_the_subject_of_the_clause_it_hangs_on(blank_nlp):
    """'Norway acted in Russia after it left': "it" is Norway, not the nearer Russia; 'The
    government acted in Russia after it left': the government (no state named), not Russia."""
    from pipeline.extract.mentions import Mentions
    gazetteer = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    doc = build(blank_nlp, _after_it_left([("Norway", None, "nsubj", "PROPN", "Norway")]))
    assert [r.key for r in Mentions.build(doc, gazetteer).actor_for(doc[5])] == ["norway"]
    doc = build(blank_nlp, _after_it_left([("The", 1, "det", "DET", "the"),
                                           ("government", None, "nsubj", "NOUN", "government")]))
    assert Mentions.build(doc, gazetteer).actor_for(doc[6]) == []


FREE_TO_USE_THE_LETTER_SAYS = [
    ("Armenia", 1, "nsubj", "PROPN", "Armenia"), ("is", 11, "ccomp", "AUX", "be"), ("free", 1, "acomp", "ADJ", "free"),
    ("to", 4, "aux", "PART", "to"), ("use", 2, "xcomp", "VERB", "use"), ("missiles", 4, "dobj", "NOUN", "missile"),
    ("inside", 4, "prep", "ADP", "inside"), ("Azerbaijan", 6, "pobj", "PROPN", "Azerbaijan"),
    (",", 11, "punct", "PUNCT", ","), ("the", 10, "det", "DET", "the"), ("letter", 11, "nsubj", "NOUN", "letter"),
    ("says", 11, "ROOT", "VERB", "say"), (".", 11, "punct", "PUNCT", "."),
]


def test_what_a_letter_says_is_its_content_not_a_call(blank_nlp):
    """'Armenia is free to use missiles inside Azerbaijan, the letter says': a letter may be
    a call for change ("a letter urging ..."), but what "the letter says" is what it states."""
    x = run(blank_nlp, FREE_TO_USE_THE_LETTER_SAYS)
    assert [(r.modality, r.bound.key) for r in x.rules] == [("permission", "armenia")]


def _deploy(verb: str, lemma: str, subject: list | None = None) -> list:
    subject = subject or [("Armenia", None, "nsubj", "PROPN", "Armenia")]
    n = len(subject)
    passive = subject[-1][2] == "nsubjpass"
    rows = [(w, n + 2 + passive if h is None else h, d, p, l) for w, h, d, p, l in subject]
    rows += [("must", n + 2 + passive, "aux", "AUX", "must"), ("not", n + 2 + passive, "neg", "PART", "not")]
    rows += [("be", n + 3, "auxpass", "AUX", "be")] if passive else []
    v = len(rows)
    rows += [(verb, v, "ROOT", "VERB", lemma)]
    rows += [] if passive else [("howitzers", v, "dobj", "NOUN", "howitzer")]
    w = len(rows)
    rows += [("within", v, "prep", "ADP", "within"), ("15", w + 2, "nummod", "NUM", "15"),
             ("kilometres", w, "pobj", "NOUN", "kilometre"), ("of", w + 2, "prep", "ADP", "of"),
             ("the", w + 5, "det", "DET", "the"), ("border", w + 3, "pobj", "NOUN", "border"),
             (".", v, "punct", "PUNCT", ".")]
    return rows


def test_where_weapons_may_be_deployed_is_a_rule_on_deployment_not_on_strikes(blank_nlp):
    """'Armenia must not deploy howitzers within 15 kilometres of the border' rules on where
    the weapons stand; 'must not fire' them there on strikes. 'The guns must not be deployed
    ...': guns are artillery."""
    (deploy,) = run(blank_nlp, _deploy("deploy", "deploy")).rules
    assert (deploy.modality, deploy.action, deploy.scope_text) == (
        "prohibition", "Deployment", ["within 15 kilometres of the border"])
    (fire,) = run(blank_nlp, _deploy("fire", "fire")).rules
    assert fire.action == "CrossBorderStrike"
    guns = [("The", 1, "det", "DET", "the"), ("guns", None, "nsubjpass", "NOUN", "gun")]
    (stationed,) = run(blank_nlp, _deploy("stationed", "station", guns)).rules
    assert (stationed.modality, stationed.action, [w.key for w in stationed.weapons]) == (
        "prohibition", "Deployment", ["kind_artillery"])


NO_LONGER_OBJECTS = [
    ("France", 3, "nsubj", "PROPN", "France"), ("no", 2, "neg", "ADV", "no"), ("longer", 3, "advmod", "ADV", "long"),
    ("objects", 3, "ROOT", "VERB", "object"), ("to", 3, "prep", "ADP", "to"), ("Armenia", 4, "pobj", "PROPN", "Armenia"),
    ("stationing", 3, "advcl", "VERB", "station"), ("the", 8, "det", "DET", "the"),
    ("howitzers", 6, "dobj", "NOUN", "howitzer"), ("inside", 6, "prep", "ADP", "inside"),
    ("that", 14, "det", "DET", "that"), ("15", 13, "nummod", "NUM", "15"), ("-", 13, "punct", "PUNCT", "-"),
    ("kilometre", 14, "compound", "NOUN", "kilometre"), ("strip", 9, "pobj", "NOUN", "strip"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_no_longer_objecting_to_a_party_doing_something_lifts_the_ban(blank_nlp):
    """'France no longer objects to Armenia stationing the howitzers inside that 15-kilometre
    strip': France lifts its ban on Armenia, a ban on deployment; the reach is the strip."""
    (rule,) = run(blank_nlp, NO_LONGER_OBJECTS).rules
    assert (rule.modality, rule.change, rule.action, rule.issuer.key, rule.bound.key) == (
        "permission", "lift", "Deployment", "france", "armenia")
    assert [t.replace(" ", "") for t in rule.scope_text] == ["15-kilometrestrip"]


def _effect_on(verb: str, tag: str, aux: list, date: list) -> tuple[list, list]:
    n = len(NO_LONGER_PREVENT)
    rows = NO_LONGER_PREVENT + [("The", n + 1, "det", "DET", "the"), ("rules", n + 2 + len(aux), "nsubj", "NOUN", "rule")]
    rows += [(a, n + 2 + len(aux), "aux", "AUX", a) for a in aux]
    v = len(rows)
    rows += [(verb, v, "ROOT", "VERB", "take"), ("effect", v, "dobj", "NOUN", "effect"), ("on", v, "prep", "ADP", "on")]
    rows += [(w, v + 2 if i == len(date) - 1 else v + 2 + len(date), "pobj" if i == len(date) - 1 else "nummod",
              "PROPN", w) for i, w in enumerate(date)] + [(".", v, "punct", "PUNCT", ".")]
    ents = ["O"] * (v + 3) + ["B-DATE"] + ["I-DATE"] * (len(date) - 1) + ["O"]
    return rows, ents, {v: tag}


def test_a_rule_that_takes_or_will_take_effect_on_a_day_takes_it_in_the_future(blank_nlp):
    """In an article of Wednesday 20 November: 'The rules take effect on Thursday' is the 21st,
    not the 14th; 'will take effect on 25 November' is this year's; 'took effect on 14 November'
    is past."""
    rows, ents, tags = _effect_on("take", "VBP", [], ["Thursday"])
    assert [r.effective for r in run(blank_nlp, rows, ents, tags).rules] == [dt.date(2024, 11, 21)]
    rows, ents, tags = _effect_on("take", "VB", ["will"], ["25", "November"])
    assert [r.effective for r in run(blank_nlp, rows, ents, tags).rules] == [dt.date(2024, 11, 25)]
    rows, ents, tags = _effect_on("took", "VBD", [], ["14", "November"])
    assert [r.effective for r in run(blank_nlp, rows, ents, tags).rules] == [dt.date(2024, 11, 14)]


def _lets(who: str, weapon: str, where: str) -> list:
    return [(who, 1, "nsubj", "PROPN", who), ("let", 1, "ROOT", "VERB", "let"), ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"),
            ("use", 1, "ccomp", "VERB", "use"), (weapon, 3, "dobj", "PROPN", weapon), ("in", 3, "prep", "ADP", "in"),
            (where, 5, "pobj", "PROPN", where), (".", 1, "punct", "PUNCT", ".")]


def _may_not(verb: str, weapon: str, where: str) -> list:
    return [("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("may", 3, "aux", "AUX", "may"), ("not", 3, "neg", "PART", "not"),
            (verb, 3, "ROOT", "VERB", verb), (weapon, 3, "dobj", "NOUN", weapon.lower()), ("in", 3, "prep", "ADP", "in"),
            (where, 5, "pobj", "PROPN", where), (".", 3, "punct", "PUNCT", ".")]


def _sentences(*parts: list) -> list:
    rows, n = [], 0
    for part in parts:
        rows += [(w, h + n, d, p, l) for w, h, d, p, l in part]
        n += len(part)
    return rows


def test_the_maker_of_a_weapon_issues_the_rule_when_it_decides_something_in_the_article(blank_nlp):
    """'Canada let ... Canada let ... Washington let ... Ukraine is free to use M777 howitzers
    inside Russia': the US makes the M777 and decides here too, so the grant is the US's."""
    rows = _sentences(_lets("Canada", "rockets", "Belgorod"), _lets("Canada", "drones", "Kursk"),
                      _lets("Washington", "ATACMS", "Kursk"), FREE_TO_USE_M777)
    assert [r.issuer.key for r in run(blank_nlp, rows).rules] == ["canada", "canada", "us", "us"]


def test_a_ban_on_a_country_no_grant_covers_or_on_some_granted_weapons_is_a_restriction_of_its_own(blank_nlp):
    """The US let Ukraine use ATACMS and HIMARS in Belgorod (two reports). 'Ukraine may not use
    weapons in Belarus' (no grant there) and 'Ukraine may not fire ATACMS in Russia' (one of the
    granted systems) are restrictions apart; 'Ukraine may not use weapons in Russia' is the ban the
    grants ease."""
    from pipeline.graph.mapper import prior_ban_key, rule_key
    from pipeline.resolve import resolve_corpus
    one = _extract_on(blank_nlp, _sentences(_lets("Washington", "ATACMS", "Belgorod"),
                                            _may_not("use", "weapons", "Belarus"),
                                            _may_not("use", "weapons", "Russia")), PUBLISHED)
    two = _extract_on(blank_nlp, _sentences(_lets("Washington", "HIMARS", "Belgorod"),
                                            _may_not("fire", "ATACMS", "Russia")), PUBLISHED)
    resolve_corpus([one, two])
    grant, belarus, russia = one.rules
    _, atacms = two.rules
    assert (belarus.facet, russia.facet, atacms.facet) == ("belarus", "", "atacms")
    assert rule_key(russia) == prior_ban_key(grant)  # the ban the grant eases
    assert len({rule_key(r) for r in (belarus, russia, atacms)}) == 3


CALLED_THE_DECISION = [
    ("Paradis", 1, "nsubj", "PROPN", "Paradis"), ("called", 1, "ROOT", "VERB", "call"), ("the", 3, "det", "DET", "the"),
    ("decision", 1, "dobj", "NOUN", "decision"), ("a", 6, "det", "DET", "a"), ("reckless", 6, "amod", "ADJ", "reckless"),
    ("escalation", 3, "appos", "NOUN", "escalation"), (".", 1, "punct", "PUNCT", "."),
]


def test_calling_a_decision_something_is_naming_it_not_calling_for_a_change(blank_nlp):
    """'Paradis called the decision a reckless escalation': a critic, not an advocate."""
    assert run(blank_nlp, CALLED_THE_DECISION, ["B-PERSON"] + ["O"] * 7).advocacy == []


def _raised(obj: list, with_whom: bool = True) -> list:
    rows = [("Pashinyan", 1, "nsubj", "PROPN", "Pashinyan"), ("raised", 1, "ROOT", "VERB", "raise")]
    rows += [(w, h + 2, d, p, l) for w, h, d, p, l in obj]
    n = len(rows)
    rows += [("with", 1, "prep", "ADP", "with"), ("Macron", n, "pobj", "PROPN", "Macron")] if with_whom else []
    return rows + [(".", 1, "punct", "PUNCT", ".")]


def test_raising_a_rule_with_a_leader_is_a_push_to_change_it(blank_nlp):
    """'Pashinyan raised the rule with Macron': lobbying about the restriction; not 'raised the
    rule' alone, nor 'raised concerns about the rule with Macron'."""
    rule = [("the", 1, "det", "DET", "the"), ("rule", -1, "dobj", "NOUN", "rule")]
    concerns = [("concerns", -1, "dobj", "NOUN", "concern"), ("about", 0, "prep", "ADP", "about"),
                ("the", 3, "det", "DET", "the"), ("rule", 1, "pobj", "NOUN", "rule")]
    for obj, with_whom, advocates in ((rule, True, ["Pashinyan"]), (rule, False, []), (concerns, True, [])):
        rows = _raised(obj, with_whom)
        ents = ["B-PERSON"] + ["O"] * (len(rows) - 1)
        assert [a.advocate.label for a in run(blank_nlp, rows, ents).advocacy] == advocates


def _we_ask(back: bool) -> list:
    rows = [('"', 0, "punct", "PUNCT", '"'), ("We", 2, "nsubj", "PRON", "we"), ("ask", 0, "ccomp", "VERB", "ask"),
            ("Canada", 2, "dobj", "PROPN", "Canada"), ("to", 5, "aux", "PART", "to"), ("give", 2, "xcomp", "VERB", "give"),
            ("us", 5, "dative", "PRON", "we")] + ([("back", 5, "prt", "ADP", "back")] if back else [])
    n = len(rows)
    rows += [("the", n + 1, "det", "DET", "the"), ("Excalibur", 5, "dobj", "PROPN", "Excalibur"),
             (",", 0, "punct", "PUNCT", ","), ('"', 0, "punct", "PUNCT", '"'),
             ("Melnychenko", n + 5, "nsubj", "PROPN", "Melnychenko"), ("said", n + 5, "ROOT", "VERB", "say"),
             (".", n + 5, "punct", "PUNCT", ".")]
    said = n + 5
    return [(w, said if d in ("punct", "ccomp") else h, d, p, l) for w, h, d, p, l in rows[:-3]] + rows[-3:]


def test_asking_to_have_a_weapon_back_is_a_push_to_lift_its_ban(blank_nlp):
    """'"We ask Canada to give us back the Excalibur," Melnychenko said': the weapon asked for
    again is one a ban took away; without "back" it is a request for a delivery."""
    for back, advocates in ((True, ["Melnychenko"]), (False, [])):
        rows = _we_ask(back)
        ents = ["O"] * (len(rows) - 3) + ["B-PERSON", "O", "O"]
        assert [a.advocate.label for a in run(blank_nlp, rows, ents).advocacy] == advocates


SPOKE_THE_DAY_BEFORE = [
    ("Zelensky", 3, "nsubj", "PROPN", "Zelensky"), ("and", 0, "cc", "CCONJ", "and"), ("Carney", 0, "conj", "PROPN", "Carney"),
    ("spoke", 3, "ROOT", "VERB", "speak"), ("the", 5, "det", "DET", "the"), ("day", 3, "npadvmod", "NOUN", "day"),
    ("before", 5, "advmod", "ADV", "before"), (".", 3, "punct", "PUNCT", "."),
]


def test_the_day_before_with_no_day_named_before_is_the_day_before_the_report(blank_nlp):
    """'Zelensky and Carney spoke the day before.' in a report of 20 November: the 19th (and
    "the days before" names no single day)."""
    from pipeline.extract import dates
    x = run(blank_nlp, SPOKE_THE_DAY_BEFORE, ["B-PERSON", "O", "B-PERSON", "O", "B-DATE", "I-DATE", "O", "O"])
    assert [e.date for e in x.events] == [dt.date(2024, 11, 19)]
    assert (dates.offset("the day before"), dates.offset("the week after"), dates.offset("the days before")) == (-1, 7, None)


def test_the_gazetteer_knows_the_south_caucasus_canadian_parties_and_units_and_more_missiles(blank_nlp):
    """Armenia's provinces and towns and Azerbaijan's Nakhchivan are places of their countries
    (the tagger calls some of them people); Canada's parties and the RCHA are organisations;
    the Aspide and the CRV7 are weapon systems."""
    gazetteer = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    for name, country in (("Syunik province", "armenia"), ("Kajaran", "armenia"), ("Nakhichevan", "azerbaijan")):
        place = gazetteer.by_alias(name, "Place")
        assert place is not None and place.country == country, name
    assert gazetteer.by_alias("2nd Regiment, Royal Canadian Horse Artillery", "Organization").country == "canada"
    assert gazetteer.by_alias("Bloc Quebecois", "Organization").name == "Bloc Québécois"
    assert {gazetteer.by_alias(n, "WeaponSystem").id for n in ("Aspide missiles", "CRV7 rocket motors")} == {"aspide", "crv7"}


MARC_ANDRE_GENDRON = [
    ("Marc", 3, "compound", "PROPN", "Marc"), ("-", 3, "punct", "PUNCT", "-"), ("André", 3, "compound", "PROPN", "André"),
    ("Gendron", 4, "nsubj", "PROPN", "Gendron"), ("smiled", 4, "ROOT", "VERB", "smile"), (".", 4, "punct", "PUNCT", "."),
]


def test_a_name_the_tagger_splits_into_two_people_side_by_side_is_one_person(blank_nlp):
    """'Marc-André Gendron smiled', tagged "Marc-André" and "Gendron": one person."""
    x = run(blank_nlp, MARC_ANDRE_GENDRON, ["B-PERSON", "I-PERSON", "I-PERSON", "B-PERSON", "O", "O"])
    assert [(e.label.replace(" ", ""), e.category) for e in x.entities] == [("Marc-AndréGendron", "Person")]


ARMED_FORCES_MINISTER = [
    ("Armed", 1, "compound", "PROPN", "Armed"), ("Forces", 2, "compound", "PROPN", "Forces"),
    ("Minister", 4, "compound", "PROPN", "Minister"), ("Mathilde", 4, "compound", "PROPN", "Mathilde"),
    ("Verrier", 5, "nsubj", "PROPN", "Verrier"), ("spoke", 5, "ROOT", "VERB", "speak"), (".", 5, "punct", "PUNCT", "."),
]


def test_an_organisation_the_tagger_names_before_a_title_is_part_of_the_title(blank_nlp):
    """'Armed Forces Minister Mathilde Verrier spoke': "Armed Forces" is part of her title."""
    x = run(blank_nlp, ARMED_FORCES_MINISTER, ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O"])
    assert [(e.label, e.category) for e in x.entities] == [("Mathilde Verrier", "Person")]


AKINCI_AND_PINAKA = [
    ("Bayraktar", 1, "compound", "PROPN", "Bayraktar"), ("Akıncı", 2, "nsubj", "PROPN", "Akıncı"),
    ("flew", 2, "ROOT", "VERB", "fly"), ("near", 2, "prep", "ADP", "near"),
    ("Pinaka", 5, "compound", "PROPN", "Pinaka"), ("launchers", 3, "pobj", "NOUN", "launcher"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_gazetteer_knows_turkish_and_indian_systems(blank_nlp):
    """A longer Bayraktar name is its own system, not the TB2 that bare 'Bayraktar' stands for."""
    x = run(blank_nlp, AKINCI_AND_PINAKA)
    keys = {e.key for e in x.entities if e.category == "WeaponSystem"}
    assert keys == {"bayraktar_akinci", "pinaka"}


# "Rome's approval for Albania took effect. It eased a rule, but it never allowed strikes."
CARRIED_IT = [
    ("Rome", 2, "poss", "PROPN", "Rome"), ("'s", 0, "case", "PART", "'s"),
    ("approval", 5, "nsubj", "NOUN", "approval"), ("for", 2, "prep", "ADP", "for"),
    ("Albania", 3, "pobj", "PROPN", "Albania"), ("took", 5, "ROOT", "VERB", "take"),
    ("effect", 5, "dobj", "NOUN", "effect"), (".", 5, "punct", "PUNCT", "."),
    ("It", 9, "nsubj", "PRON", "it"), ("eased", 9, "ROOT", "VERB", "ease"),
    ("a", 11, "det", "DET", "a"), ("rule", 9, "dobj", "NOUN", "rule"),
    (",", 9, "punct", "PUNCT", ","), ("but", 9, "cc", "CCONJ", "but"),
    ("it", 16, "nsubj", "PRON", "it"), ("never", 16, "neg", "ADV", "never"),
    ("allowed", 9, "conj", "VERB", "allow"), ("strikes", 16, "dobj", "NOUN", "strike"),
    (".", 9, "punct", "PUNCT", "."),
]


def test_a_main_subject_it_carries_on_the_previous_subjects_state(blank_nlp):
    """Not the nearest state named in passing ('for Albania'): the previous sentence's
    subject, here through its possessor, also for an 'it' in a coordinated clause."""
    doc, m = _mentions(blank_nlp, CARRIED_IT)
    assert [r.key for r in m.actor_for(doc[8])] == ["italy"]
    assert [r.key for r in m.actor_for(doc[14])] == ["italy"]


# the parser hangs the denial and the report side by side on the speaker, so the denial
# is no ancestor of the decision
DENIED_CLAIM = [
    ("The", 1, "det", "DET", "the"), ("spokeswoman", 1, "ROOT", "NOUN", "spokeswoman"),
    ("denied", 1, "acl", "VERB", "deny"), ("a", 5, "det", "DET", "a"),
    ("newspaper", 5, "compound", "NOUN", "newspaper"), ("report", 1, "appos", "NOUN", "report"),
    ("that", 9, "mark", "SCONJ", "that"), ("Austria", 9, "nsubj", "PROPN", "Austria"),
    ("had", 9, "aux", "AUX", "have"), ("authorised", 5, "relcl", "VERB", "authorise"),
    ("Albania", 9, "dobj", "PROPN", "Albania"), ("to", 12, "aux", "PART", "to"),
    ("use", 9, "xcomp", "VERB", "use"), ("its", 15, "poss", "PRON", "its"),
    ("Storm", 15, "compound", "PROPN", "Storm"), ("Shadow", 12, "dobj", "PROPN", "Shadow"),
    ("over", 12, "prep", "ADP", "over"), ("Serbia", 16, "pobj", "PROPN", "Serbia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_decision_in_a_denied_report_is_no_decision(blank_nlp):
    assert run(blank_nlp, DENIED_CLAIM).rules == []


NOT_INTO_A_PLACE = [
    ("Italy", 2, "nsubj", "PROPN", "Italy"), ("never", 2, "neg", "ADV", "never"),
    ("allowed", 2, "ROOT", "VERB", "allow"), ("strikes", 2, "dobj", "NOUN", "strike"),
    ("into", 2, "prep", "ADP", "into"), ("Serbian", 6, "amod", "ADJ", "serbian"),
    ("airspace", 4, "pobj", "NOUN", "airspace"), ("with", 2, "prep", "ADP", "with"),
    ("Storm", 9, "compound", "PROPN", "Storm"), ("Shadow", 7, "pobj", "PROPN", "Shadow"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_a_country_named_as_where_is_not_the_party_allowed(blank_nlp):
    x = run(blank_nlp, NOT_INTO_A_PLACE)
    assert all(r.bound is None or r.bound.key != "serbia" for r in x.rules)


HELD_WEAPONS = [
    ("Kyiv", 1, "nsubj", "PROPN", "Kyiv"), ("said", 1, "ROOT", "VERB", "say"),
    ("Poland", 6, "poss", "PROPN", "Poland"), ("'s", 2, "case", "PART", "'s"),
    ("Storm", 6, "compound", "PROPN", "Storm"), ("Shadow", 6, "compound", "PROPN", "Shadow"),
    ("missiles", 10, "nsubjpass", "NOUN", "missile"), ("must", 10, "aux", "AUX", "must"),
    ("not", 10, "neg", "PART", "not"), ("be", 10, "auxpass", "AUX", "be"),
    ("used", 1, "ccomp", "VERB", "use"), ("inside", 10, "prep", "ADP", "inside"),
    ("Belarus", 11, "pobj", "PROPN", "Belarus"), (".", 1, "punct", "PUNCT", "."),
]


def test_the_possessor_of_weapons_it_did_not_make_holds_them(blank_nlp):
    """'Poland's Storm Shadow missiles' (made in Britain): Poland is bound, not their supplier."""
    x = run(blank_nlp, HELD_WEAPONS)
    assert [(r.modality, r.bound and r.bound.key) for r in x.rules] == [("prohibition", "poland")]
    assert all(r.issuer is None or r.issuer.key != "poland" for r in x.rules)


# the parser's reading: the restriction noun is the root, the lift hangs deep under it and
# takes the weapons for its subject
RELAXED_MISATTACHED = [
    ("The", 1, "det", "DET", "the"), ("condition", 1, "ROOT", "NOUN", "condition"),
    ("on", 1, "prep", "ADP", "on"), ("where", 6, "advmod", "SCONJ", "where"),
    ("Poland", 6, "nsubj", "PROPN", "Poland"), ("can", 6, "aux", "AUX", "can"),
    ("deploy", 2, "pcomp", "VERB", "deploy"), ("its", 10, "poss", "PRON", "its"),
    ("Storm", 9, "compound", "PROPN", "Storm"), ("Shadow", 10, "compound", "PROPN", "Shadow"),
    ("missiles", 12, "nsubjpass", "NOUN", "missile"), ("was", 12, "auxpass", "AUX", "be"),
    ("relaxed", 6, "ccomp", "VERB", "relax"), ("on", 12, "prep", "ADP", "on"),
    ("Monday", 13, "pobj", "PROPN", "Monday"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_passive_lift_of_a_restriction_noun_the_parser_misattaches(blank_nlp):
    x = run(blank_nlp, RELAXED_MISATTACHED)
    assert [(r.modality, r.change) for r in x.rules] == [("permission", "ease")]
    assert [w.key for w in x.rules[0].weapons] == ["storm_shadow"]


EXCEPT_NEAR_BORDER = [
    ("Polish", 1, "amod", "ADJ", "polish"), ("units", 3, "nsubj", "NOUN", "unit"),
    ("may", 3, "aux", "AUX", "may"), ("use", 3, "ROOT", "VERB", "use"),
    ("Storm", 5, "compound", "PROPN", "Storm"), ("Shadow", 3, "dobj", "PROPN", "Shadow"),
    ("anywhere", 3, "advmod", "ADV", "anywhere"), ("on", 6, "prep", "ADP", "on"),
    ("their", 9, "poss", "PRON", "their"), ("territory", 7, "pobj", "NOUN", "territory"),
    ("except", 3, "prep", "SCONJ", "except"), ("within", 10, "prep", "ADP", "within"),
    ("30", 13, "nummod", "NUM", "30"), ("kilometres", 11, "pobj", "NOUN", "kilometre"),
    ("of", 13, "prep", "ADP", "of"), ("the", 16, "det", "DET", "the"),
    ("border", 14, "pobj", "NOUN", "border"), (".", 3, "punct", "PUNCT", "."),
]


def test_what_a_permission_excepts_is_banned(blank_nlp):
    x = run(blank_nlp, EXCEPT_NEAR_BORDER)
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert [(r.bound.key, [w.key for w in r.weapons]) for r in bans] == [("poland", ["storm_shadow"])]
    assert any("30 kilometres" in t for t in bans[0].scope_text)


PARTY_NEARBY = [
    ("Greece", 1, "nsubj", "PROPN", "Greece"), ("met", 1, "ROOT", "VERB", "meet"),
    ("Serbia", 1, "dobj", "PROPN", "Serbia"), ("in", 1, "prep", "ADP", "in"),
    ("Greece", 3, "pobj", "PROPN", "Greece"), (".", 1, "punct", "PUNCT", "."),
    ("Rome", 8, "poss", "PROPN", "Rome"), ("'s", 6, "case", "PART", "'s"),
    ("approval", 11, "nsubj", "NOUN", "approval"), ("for", 8, "prep", "ADP", "for"),
    ("Albania", 9, "pobj", "PROPN", "Albania"), ("took", 11, "ROOT", "VERB", "take"),
    ("effect", 11, "dobj", "NOUN", "effect"), (".", 11, "punct", "PUNCT", "."),
    ("It", 15, "nsubj", "PRON", "it"), ("eased", 15, "ROOT", "VERB", "ease"),
    ("the", 17, "det", "DET", "the"), ("rule", 15, "dobj", "NOUN", "rule"),
    ("on", 17, "prep", "ADP", "on"), ("Storm", 20, "compound", "PROPN", "Storm"),
    ("Shadow", 18, "pobj", "PROPN", "Shadow"), (".", 15, "punct", "PUNCT", "."),
]


def test_a_rule_no_statement_binds_takes_the_party_named_near_it(blank_nlp):
    """Not the country the article names most ('Greece'): the one named just before."""
    x = run(blank_nlp, PARTY_NEARBY)
    assert [(r.issuer.key, r.bound.key) for r in x.rules] == [("italy", "albania")]


ENTER_AIRSPACE = [
    ("Storm", 1, "compound", "PROPN", "Storm"), ("Shadow", 4, "nsubj", "PROPN", "Shadow"),
    ("must", 4, "aux", "AUX", "must"), ("not", 4, "neg", "PART", "not"),
    ("enter", 4, "ROOT", "VERB", "enter"), ("the", 6, "det", "DET", "the"),
    ("airspace", 4, "dobj", "NOUN", "airspace"), ("of", 6, "prep", "ADP", "of"),
    ("Belarus", 7, "pobj", "PROPN", "Belarus"), (".", 4, "punct", "PUNCT", "."),
]


def test_weapons_that_must_not_enter_a_countrys_airspace_are_banned_there(blank_nlp):
    """'enter' is a use of the weapons; 'the airspace of Belarus' is an area of Belarus."""
    x = run(blank_nlp, ENTER_AIRSPACE)
    assert [(r.modality, [w.key for w in r.weapons], [s.key for s in r.scope_in]) for r in x.rules] \
        == [("prohibition", ["storm_shadow"], ["belarus"])]


USE_IN_AIRSPACE_OF = [
    ("Poland", 3, "nsubj", "PROPN", "Poland"), ("must", 3, "aux", "AUX", "must"),
    ("not", 3, "neg", "PART", "not"), ("use", 3, "ROOT", "VERB", "use"),
    ("Storm", 5, "compound", "PROPN", "Storm"), ("Shadow", 3, "dobj", "PROPN", "Shadow"),
    ("in", 3, "prep", "ADP", "in"), ("the", 8, "det", "DET", "the"),
    ("airspace", 6, "pobj", "NOUN", "airspace"), ("of", 8, "prep", "ADP", "of"),
    ("Belarus", 9, "pobj", "PROPN", "Belarus"), (".", 3, "punct", "PUNCT", "."),
]


def test_the_country_whose_airspace_is_named_is_in_scope(blank_nlp):
    x = run(blank_nlp, USE_IN_AIRSPACE_OF)
    assert [[s.key for s in r.scope_in] for r in x.rules] == [["belarus"]]


WEEKS_AFTER_A_CLAUSE = [
    ("Turkey", 1, "nsubj", "PROPN", "Turkey"), ("acted", 1, "ROOT", "VERB", "act"),
    ("three", 3, "nummod", "NUM", "three"), ("weeks", 6, "npadvmod", "NOUN", "week"),
    ("after", 6, "mark", "SCONJ", "after"), ("it", 6, "nsubj", "PRON", "it"),
    ("let", 1, "advcl", "VERB", "let"), ("Ukraine", 8, "nsubj", "PROPN", "Ukraine"),
    ("fly", 6, "ccomp", "VERB", "fly"), (".", 1, "punct", "PUNCT", "."),
]


def test_weeks_after_a_clause_is_no_day_after_the_report(blank_nlp):
    x = run(blank_nlp, WEEKS_AFTER_A_CLAUSE, ["O", "O", "B-DATE", "I-DATE"] + ["O"] * 6)
    assert all(e.date <= PUBLISHED for e in x.events)


YEARS_SINCE = [
    ("This", 1, "det", "DET", "this"), ("year", 2, "nsubj", "NOUN", "year"),
    ("marks", 2, "ROOT", "VERB", "mark"), ("ninety", 4, "nummod", "NUM", "ninety"),
    ("years", 2, "dobj", "NOUN", "year"), ("since", 13, "mark", "SCONJ", "since"),
    ("the", 7, "det", "DET", "the"), ("treaty", 13, "nsubj", "NOUN", "treaty"),
    ("of", 7, "prep", "ADP", "of"), ("20", 10, "nummod", "NUM", "20"),
    ("July", 8, "pobj", "PROPN", "July"), ("1936", 10, "nummod", "NUM", "1936"),
    ("was", 13, "auxpass", "AUX", "be"), ("signed", 2, "advcl", "VERB", "sign"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_a_day_counted_years_since_is_history_not_an_event(blank_nlp):
    x = run(blank_nlp, YEARS_SINCE, ["O"] * 9 + ["B-DATE", "I-DATE", "I-DATE", "O", "O", "O"])
    assert [e.date for e in x.events] == []


FROM_MONDAY = [
    ("From", 5, "prep", "ADP", "from"), ("Monday", 0, "pobj", "PROPN", "Monday"),
    (",", 5, "punct", "PUNCT", ","), ("Ukraine", 5, "nsubj", "PROPN", "Ukraine"),
    ("may", 5, "aux", "AUX", "may"), ("use", 5, "ROOT", "VERB", "use"),
    ("now", 5, "advmod", "ADV", "now"), ("Storm", 8, "compound", "PROPN", "Storm"),
    ("Shadow", 5, "dobj", "PROPN", "Shadow"), ("inside", 5, "prep", "ADP", "inside"),
    ("Russia", 9, "pobj", "PROPN", "Russia"), (".", 5, "punct", "PUNCT", "."),
]


def test_the_day_a_rule_applies_from_is_not_the_day_it_was_announced(blank_nlp):
    x = run(blank_nlp, FROM_MONDAY, ["O", "B-DATE"] + ["O"] * 10)
    assert x.rules and all(r.announced is None for r in x.rules)


PRESSED_HIM = [
    ("Scholz", 1, "nsubj", "PROPN", "Scholz"), ("spoke", 1, "ROOT", "VERB", "speak"),
    (".", 1, "punct", "PUNCT", "."),
    ("Rutte", 4, "nsubj", "PROPN", "Rutte"), ("pressed", 4, "ROOT", "VERB", "press"),
    ("him", 4, "dobj", "PRON", "he"), ("to", 7, "aux", "PART", "to"),
    ("drop", 4, "xcomp", "VERB", "drop"), ("the", 9, "det", "DET", "the"),
    ("buffer", 7, "dobj", "NOUN", "buffer"), (".", 4, "punct", "PUNCT", "."),
]


def test_pressing_him_to_drop_a_buffer_is_advocacy_by_the_subject(blank_nlp):
    """'him' is not the verb's own subject, so the subject is who pushes."""
    doc, m = _mentions(blank_nlp, PRESSED_HIM)
    assert [r.label for r in m.actor_for(doc[5])] == ["Olaf Scholz"]
    x = run(blank_nlp, PRESSED_HIM)
    assert [a.advocate.key for a in x.advocacy] == ["rutte"]


DUE_AT_A_PARADE = [
    ("A", 1, "det", "DET", "a"), ("launcher", 2, "nsubj", "NOUN", "launcher"),
    ("is", 2, "ROOT", "AUX", "be"), ("due", 2, "acomp", "ADJ", "due"),
    ("to", 5, "aux", "PART", "to"), ("roll", 3, "xcomp", "VERB", "roll"),
    ("in", 5, "prep", "ADP", "in"), ("Monday", 9, "poss", "PROPN", "Monday"),
    ("'s", 7, "case", "PART", "'s"), ("parade", 6, "pobj", "NOUN", "parade"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_an_occasion_something_is_due_at_is_no_event(blank_nlp):
    x = run(blank_nlp, DUE_AT_A_PARADE, ["O"] * 7 + ["B-DATE"] + ["O"] * 3)
    assert x.events == []


EXCEPT_FIVE_KM = [(w if w != "30" else "five", h, d, p, l if l != "30" else "five")
                  for w, h, d, p, l in EXCEPT_NEAR_BORDER]
NOT_IN_BELARUS = [
    ("Polish", 1, "amod", "ADJ", "polish"), ("units", 4, "nsubj", "NOUN", "unit"),
    ("may", 4, "aux", "AUX", "may"), ("not", 4, "neg", "PART", "not"),
    ("use", 4, "ROOT", "VERB", "use"), ("Storm", 6, "compound", "PROPN", "Storm"),
    ("Shadow", 4, "dobj", "PROPN", "Shadow"), ("inside", 4, "prep", "ADP", "inside"),
    ("Belarus", 7, "pobj", "PROPN", "Belarus"), (".", 4, "punct", "PUNCT", "."),
]


def test_a_ban_on_a_strip_near_the_border_is_a_restriction_of_its_own(blank_nlp):
    """'except within five kilometres of the border' (a number in words is a distance too) is
    not the ban on firing into Belarus: a strip at home, its own restriction."""
    from pipeline.graph.mapper import rule_key
    from pipeline.resolve import resolve_corpus
    x = _extract_on(blank_nlp, _sentences(NOT_IN_BELARUS, EXCEPT_FIVE_KM), PUBLISHED)
    resolve_corpus([x])
    bans = [r for r in x.rules if r.modality == "prohibition"]
    assert any("five kilometres" in t for r in bans for t in r.scope_text)
    assert sorted(r.facet for r in bans) == ["", "near"]
    assert len({rule_key(r) for r in bans}) == 2


DEPLOYED_AND_USED = [
    ("Under", 6, "prep", "ADP", "under"), ("the", 3, "det", "DET", "the"),
    ("new", 3, "amod", "ADJ", "new"), ("arrangement", 0, "pobj", "NOUN", "arrangement"),
    ("Ukraine", 6, "nsubj", "PROPN", "Ukraine"), ("may", 6, "aux", "AUX", "may"),
    ("deploy", 6, "ROOT", "VERB", "deploy"), ("and", 6, "cc", "CCONJ", "and"),
    ("use", 6, "conj", "VERB", "use"), ("Storm", 10, "compound", "PROPN", "Storm"),
    ("Shadow", 8, "dobj", "PROPN", "Shadow"), ("up", 13, "quantmod", "ADP", "up"),
    ("to", 13, "quantmod", "PART", "to"), ("30", 14, "nummod", "NUM", "30"),
    ("kilometres", 8, "npadvmod", "NOUN", "kilometre"), ("from", 8, "prep", "ADP", "from"),
    ("the", 17, "det", "DET", "the"), ("border", 15, "pobj", "NOUN", "border"),
    (".", 6, "punct", "PUNCT", "."),
]


def test_deployed_and_used_up_to_a_reach_is_a_rule_on_deployment(blank_nlp):
    """The use coordinated with 'deploy' goes with it: where the weapons may stand."""
    x = run(blank_nlp, DEPLOYED_AND_USED)
    assert [(r.modality, r.action) for r in x.rules] == [("permission", "Deployment")]
