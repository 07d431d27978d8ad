"""More extraction cases on hand-built Docs (no statistical model), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import build, run  # noqa: F401  (same helpers, same PUBLISHED day)


NOT_RULED_OUT = [
    ("Spain", 1, "nsubj", "PROPN", "Spain"), ("said", 1, "ROOT", "VERB", "say"),
    ("it", 5, "nsubj", "PRON", "it"), ("has", 5, "aux", "AUX", "have"), ("not", 5, "neg", "PART", "not"),
    ("ruled", 1, "ccomp", "VERB", "rule"), ("out", 5, "prt", "ADP", "out"),
    ("letting", 5, "advcl", "VERB", "let"), ("Ukraine", 9, "nsubj", "PROPN", "Ukraine"),
    ("use", 7, "ccomp", "VERB", "use"), ("Hawk", 9, "dobj", "PROPN", "Hawk"),
    ("against", 9, "prep", "ADP", "against"), ("Russia", 11, "pobj", "PROPN", "Russia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_has_not_ruled_out_is_a_hedge_in_any_tense(blank_nlp):
    """'Spain said it has not ruled out letting Ukraine use Hawk against Russia': an option
    kept open, not a permission (the cue once matched only the bare "not rule out")."""
    assert run(blank_nlp, NOT_RULED_OUT).rules == []


def _may(decider: tuple, verb: tuple) -> list[tuple]:
    """'<State> <decider> that <party> may <verb> <weapon> over <place>.'"""
    state, party, weapon, place = decider[0], decider[1], verb[1], verb[2]
    return [
        (state, 1, "nsubj", "PROPN", state), (decider[2], 1, "ROOT", "VERB", decider[3]),
        ("that", 5, "mark", "SCONJ", "that"), (party, 5, "nsubj", "PROPN", party),
        ("may", 5, "aux", "AUX", "may"), (verb[0], 1, "ccomp", "VERB", verb[3]),
        (weapon, 5, "dobj", "PROPN", weapon), ("over", 5, "prep", "ADP", "over"),
        (place, 7, "pobj", "PROPN", place), (".", 1, "punct", "PUNCT", "."),
    ]


def test_flying_jets_is_using_them(blank_nlp):
    """'Germany agreed that Ukraine may fly F-16 over Russia': flying the jets is the use
    a rule is about, as firing or launching is."""
    x = run(blank_nlp, _may(("Germany", "Ukraine", "agreed", "agree"), ("fly", "F-16", "Russia", "fly")))
    assert [(r.modality, r.issuer.key, r.bound.key, [w.key for w in r.weapons]) for r in x.rules] == [
        ("permission", "germany", "ukraine", ["f16"])]


def test_an_announcement_that_a_party_may_use_weapons_grants_it(blank_nlp):
    """'Sweden announced that Thailand may use Gripens over Surin': the announcer decides,
    as with "agreed that ... may"."""
    x = run(blank_nlp, _may(("Sweden", "Thailand", "announced", "announce"), ("use", "Gripens", "Surin", "use")))
    assert [(r.modality, r.issuer.key, r.bound.key, [w.key for w in r.weapons]) for r in x.rules] == [
        ("permission", "sweden", "thailand", ["gripen"])]


BARS_THAILAND = [
    ("Sweden", 1, "nsubj", "PROPN", "Sweden"), ("bars", 1, "ROOT", "VERB", "bar"),
    ("Thailand", 1, "dobj", "PROPN", "Thailand"), ("from", 1, "prep", "ADP", "from"),
    ("using", 3, "pcomp", "VERB", "use"), ("Gripens", 4, "dobj", "PROPN", "Gripens"),
    ("in", 4, "prep", "ADP", "in"), ("Cambodia", 6, "pobj", "PROPN", "Cambodia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_states_outside_europe_are_parties_not_places(blank_nlp):
    """'Sweden bars Thailand from using Gripens in Cambodia': the gazetteer knows the
    states of South-East Asia, so the one barred is bound and the other is the scope."""
    x = run(blank_nlp, BARS_THAILAND)
    assert [(r.modality, r.issuer.key, r.bound.key, [s.key for s in r.scope_in]) for r in x.rules] == [
        ("prohibition", "sweden", "thailand", ["cambodia"])]
    assert {e.key: e.category for e in x.entities}["thailand"] == "Country"


def sentences(*rows_list: list[tuple]) -> list[tuple]:
    """Several hand-built sentences as one document (each one's head indices are its own)."""
    out: list[tuple] = []
    for rows in rows_list:
        n = len(out)
        out += [(w, h + n, d, p, l) for w, h, d, p, l in rows]
    return out


def _let(issuers: list[str], weapon: str, place: str, their: bool = False) -> list[tuple]:
    """'<A> and <B> let Ukraine fire <weapon> (or: their weapons) into <place>.'"""
    a, b = issuers
    rows = [(a, 3, "nsubj", "PROPN", a), ("and", 0, "cc", "CCONJ", "and"), (b, 0, "conj", "PROPN", b),
            ("let", 3, "ROOT", "VERB", "let"), ("Ukraine", 5, "nsubj", "PROPN", "Ukraine"),
            ("fire", 3, "ccomp", "VERB", "fire")]
    rows += [("their", 7, "poss", "PRON", "their"), ("weapons", 5, "dobj", "NOUN", "weapon")] if their \
        else [(weapon, 5, "dobj", "PROPN", weapon)]
    n = len(rows)
    return rows + [("into", 5, "prep", "ADP", "into"), (place, n, "pobj", "PROPN", place),
                   (".", 3, "punct", "PUNCT", ".")]


def test_a_decision_two_states_took_together_is_one_rule(blank_nlp):
    """'France and Italy let Ukraine fire Taurus into Russia': one rule (a rule has one
    issuer: the first of them by key, whatever order a report names them in); 'France and
    Italy let Ukraine fire their weapons ...': each rules on its own weapons, two rules."""
    for pair in (["France", "Italy"], ["Italy", "France"]):
        x = run(blank_nlp, _let(pair, "Taurus", "Russia"))
        assert [(r.issuer.key, r.bound.key, r.joint) for r in x.rules] == [
            ("france", "ukraine", ("france", "italy"))]
    x = run(blank_nlp, _let(["France", "Italy"], "", "Russia", their=True))
    assert sorted(r.issuer.key for r in x.rules) == ["france", "italy"]
    assert all(r.joint == () for r in x.rules)


ITALY_BANS = [
    ("Italy", 1, "nsubj", "PROPN", "Italy"), ("banned", 1, "ROOT", "VERB", "ban"),
    ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("from", 1, "prep", "ADP", "from"),
    ("using", 3, "pcomp", "VERB", "use"), ("Taurus", 4, "dobj", "PROPN", "Taurus"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_report_naming_one_of_two_joint_issuers_is_about_the_same_rules(blank_nlp):
    """Across reports: after 'France and Italy let Ukraine fire Taurus into Russia', a report
    that 'Italy banned Ukraine from using Taurus' is about the rules both set (one issuer)."""
    from pipeline.resolve import resolve_corpus
    joint = run(blank_nlp, _let(["France", "Italy"], "Taurus", "Russia"))
    alone = run(blank_nlp, ITALY_BANS)
    assert alone.rules[0].issuer.key == "italy"
    resolve_corpus([joint, alone])
    assert alone.rules[0].issuer.key == "france"


def test_within_an_article_a_joint_issuer_shares_the_rules_of_its_partner(blank_nlp):
    """'France and Italy let Ukraine fire Taurus into Russia. Italy banned Ukraine from
    using Taurus.': the vague ban is the one of the same parties the article describes (a
    strike across the border), as it would be if France alone were named."""
    x = run(blank_nlp, sentences(_let(["France", "Italy"], "Taurus", "Russia"), ITALY_BANS))
    ban = next(r for r in x.rules if r.modality == "prohibition")
    assert ban.action == "CrossBorderStrike"


def _bars(state: str, party: str, weapon: str, place: str) -> list[tuple]:
    return [(state, 1, "nsubj", "PROPN", state), ("barred", 1, "ROOT", "VERB", "bar"),
            (party, 1, "dobj", "PROPN", party), ("from", 1, "prep", "ADP", "from"),
            ("using", 3, "pcomp", "VERB", "use"), (weapon, 4, "dobj", "PROPN", weapon),
            ("in", 4, "prep", "ADP", "in"), (place, 6, "pobj", "PROPN", place), (".", 1, "punct", "PUNCT", ".")]


NOT_PERMITTED = [
    ("Ukraine", 3, "nsubjpass", "PROPN", "Ukraine"), ("is", 3, "auxpass", "AUX", "be"),
    ("not", 3, "neg", "PART", "not"), ("permitted", 3, "ROOT", "VERB", "permit"),
    ("to", 5, "aux", "PART", "to"), ("fire", 3, "xcomp", "VERB", "fire"),
    ("Taurus", 5, "dobj", "PROPN", "Taurus"), ("into", 5, "prep", "ADP", "into"),
    ("Belarus", 7, "pobj", "PROPN", "Belarus"), (".", 3, "punct", "PUNCT", "."),
]


def test_a_rule_naming_no_issuer_takes_the_issuer_of_its_own_story(blank_nlp):
    """A round-up with two stories: France's permission for Ukraine, and Sweden's (more
    often named) bans for Thailand. 'Ukraine is not permitted to fire Taurus into Belarus'
    is France's rule, the issuer of the rules binding Ukraine, not the article's most
    frequent issuer."""
    france = [("France", 1, "nsubj", "PROPN", "France"), ("allowed", 1, "ROOT", "VERB", "allow"),
              ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("to", 4, "aux", "PART", "to"),
              ("use", 1, "xcomp", "VERB", "use"), ("Taurus", 4, "dobj", "PROPN", "Taurus"),
              ("in", 4, "prep", "ADP", "in"), ("Russia", 6, "pobj", "PROPN", "Russia"),
              (".", 1, "punct", "PUNCT", ".")]
    x = run(blank_nlp, sentences(france, _bars("Sweden", "Thailand", "Gripens", "Cambodia"),
                                 _bars("Sweden", "Thailand", "Gripens", "Laos"), NOT_PERMITTED))
    ban = next(r for r in x.rules if r.evidence.text.startswith("Ukraine is not"))
    assert (ban.issuer.key, ban.bound.key) == ("france", "ukraine")


def test_a_government_body_named_with_a_capital_acts_for_its_state(blank_nlp):
    """"Italy's Ministry of Defence confirmed ...": the parser's lemma keeps the capital
    ("Ministry"); the body still acts for Italy."""
    from pipeline.extract.mentions import Mentions
    rows = [("Italy", 2, "poss", "PROPN", "Italy"), ("'s", 0, "case", "PART", "'s"),
            ("Ministry", 5, "nsubj", "PROPN", "Ministry"), ("of", 2, "prep", "ADP", "of"),
            ("Defence", 3, "pobj", "PROPN", "Defence"), ("confirmed", 5, "ROOT", "VERB", "confirm"),
            ("it", 5, "dobj", "PRON", "it"), (".", 5, "punct", "PUNCT", ".")]
    doc = build(blank_nlp, rows)
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert [r.key for r in m.actor_for(doc[2])] == ["italy"]


def test_the_end_of_a_quotation_is_said_by_who_opened_it(blank_nlp):
    """'Italy said: "It ended. The ban applies again." Dufresnoy said it had ended.': the
    second sentence is Italy's words (the quotation opened before it), not those of the
    speaker named after it."""
    opened = [("Italy", 1, "nsubj", "PROPN", "Italy"), ("said", 1, "ROOT", "VERB", "say"),
              (":", 1, "punct", "PUNCT", ":"), ('"', 5, "punct", "PUNCT", '"'),
              ("It", 5, "nsubj", "PRON", "it"), ("ended", 1, "ccomp", "VERB", "end"),
              (".", 1, "punct", "PUNCT", ".")]
    closed = [("The", 1, "det", "DET", "the"), ("ban", 2, "nsubj", "NOUN", "ban"),
              ("applies", 2, "ROOT", "VERB", "apply"), ("again", 2, "advmod", "ADV", "again"),
              (".", 2, "punct", "PUNCT", "."), ('"', 2, "punct", "PUNCT", '"')]
    after = [("Dufresnoy", 1, "nsubj", "PROPN", "Dufresnoy"), ("said", 1, "ROOT", "VERB", "say"),
             ("it", 3, "nsubj", "PRON", "it"), ("ended", 1, "ccomp", "VERB", "end"), (".", 1, "punct", "PUNCT", ".")]
    rows = sentences(opened, closed, after)
    tags = {3: "``", len(opened) + 5: "''"}
    x = run(blank_nlp, rows, ents=["O"] * len(opened) + ["O"] * len(closed) + ["B-PERSON"] + ["O"] * 4,
            tags=tags)
    ban = next(r for r in x.rules if "applies again" in r.evidence.text)
    assert ban.attributed_to is not None and ban.attributed_to.key == "italy"


def _frames(nlp, rows):
    """The frames the rule extractor reads in the first sentence of ``rows``."""
    from pipeline.extract.mentions import Mentions
    from pipeline.extract.rules import RuleExtractor
    from pipeline.extract.syntax import cues
    from test_extract_handbuilt import PUBLISHED
    doc = build(nlp, rows)
    m = Mentions.build(doc, nlp.get_pipe("caveat_gazetteer").gazetteer)
    return RuleExtractor(m, cues(doc), PUBLISHED).frames(next(iter(doc.sents)))


SIGNED_OFF = [
    ("Japan", 1, "nsubj", "PROPN", "Japan"), ("signed", 1, "ROOT", "VERB", "sign"),
    ("off", 1, "prt", "ADP", "off"), ("on", 1, "prep", "ADP", "on"),
    ("the", 5, "det", "DET", "the"), ("Philippines", 3, "pobj", "PROPN", "Philippines"),
    ("using", 1, "advcl", "VERB", "use"), ("Abukuma", 6, "dobj", "PROPN", "Abukuma"),
    ("in", 6, "prep", "ADP", "in"), ("the", 11, "det", "DET", "the"), ("South", 11, "compound", "PROPN", "South"),
    ("China", 11, "compound", "PROPN", "China"), ("Sea", 8, "pobj", "PROPN", "Sea"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_signing_off_on_a_party_using_weapons_permits_it(blank_nlp):
    """'Japan signed off on the Philippines using Abukuma in the South China Sea': a
    permission, for the party the approval is on."""
    [fr] = _frames(blank_nlp, SIGNED_OFF)
    assert (fr.modality, [i.key for i in fr.issuers], [b.key for b in fr.bound]) == (
        "permission", ["japan"], ["philippines"])


HEADLINES = [
    ("Stockholm", 1, "nsubj", "PROPN", "Stockholm"), ("denies", 9, "ccomp", "VERB", "deny"),
    ("report", 1, "dobj", "NOUN", "report"), (";", 9, "punct", "PUNCT", ";"),
    ("Rome", 6, "poss", "PROPN", "Rome"), ("'s", 4, "case", "PART", "'s"),
    ("clock", 9, "nsubj", "NOUN", "clock"), (";", 9, "punct", "PUNCT", ";"),
    ("Tokyo", 9, "nsubj", "PROPN", "Tokyo"), ("clears", 9, "ROOT", "VERB", "clear"),
    ("Abukuma", 11, "compound", "PROPN", "Abukuma"), ("patrols", 9, "dobj", "NOUN", "patrol"),
]


def test_in_a_run_of_headlines_each_verb_has_its_own_subject(blank_nlp):
    """'Stockholm denies report; Rome's clock; Tokyo clears Abukuma patrols', parsed as one
    clause with two subjects: Tokyo clears (not Rome), and what Stockholm denies, before the
    semicolon, names no party of the clearance."""
    [fr] = _frames(blank_nlp, HEADLINES)
    assert [i.key for i in fr.issuers] == ["japan"]
    assert fr.bound == []


def _agency(subject: list[tuple], place: str) -> list[tuple]:
    """'<subject> barred Thailand from using Taurus in <place>.' (subject rows head at len)."""
    n = len(subject)
    return subject + [("barred", n, "ROOT", "VERB", "bar"), ("Thailand", n, "dobj", "PROPN", "Thailand"),
                      ("from", n, "prep", "ADP", "from"), ("using", n + 2, "pcomp", "VERB", "use"),
                      ("Taurus", n + 3, "dobj", "PROPN", "Taurus"), ("in", n + 3, "prep", "ADP", "in"),
                      (place, n + 5, "pobj", "PROPN", place), (".", n, "punct", "PUNCT", ".")]


SWEDENS_AGENCY = [("Sweden", 2, "poss", "PROPN", "Sweden"), ("'s", 0, "case", "PART", "'s"),
                  ("agency", 3, "nsubj", "NOUN", "agency")]
THE_AGENCY = [("The", 1, "det", "DET", "the"), ("agency", 2, "nsubj", "NOUN", "agency")]
AND_IT = [("And", 1, "cc", "CCONJ", "and"), ("it", 2, "nsubj", "PRON", "it")]


def test_a_states_agency_acts_for_it_and_the_agency_is_the_one_named_before(blank_nlp):
    """'Sweden's agency barred Thailand from using Taurus in Cambodia. The agency barred ...
    in Laos. And it barred ... in Vietnam.': all three are Sweden's (not Germany's, the
    maker's; nor Laos's, the nearest state before "it")."""
    x = run(blank_nlp, sentences(_agency(SWEDENS_AGENCY, "Cambodia"), _agency(THE_AGENCY, "Laos"),
                                 _agency(AND_IT, "Vietnam")))
    assert [(r.issuer.key, r.bound.key) for r in x.rules] == [("sweden", "thailand")] * 3


def test_the_agency_is_a_body_named_before_even_alone(blank_nlp):
    """'Sweden's agency said so. The agency barred Thailand from using Taurus in Laos.'"""
    said = [("Sweden", 2, "poss", "PROPN", "Sweden"), ("'s", 0, "case", "PART", "'s"),
            ("agency", 3, "nsubj", "NOUN", "agency"), ("said", 3, "ROOT", "VERB", "say"),
            ("so", 3, "advmod", "ADV", "so"), (".", 3, "punct", "PUNCT", ".")]
    x = run(blank_nlp, sentences(said, _agency(THE_AGENCY, "Laos")))
    assert [(r.issuer.key, r.bound.key) for r in x.rules] == [("sweden", "thailand")]


FRANCE_ALLOWS = [("France", 1, "nsubj", "PROPN", "France"), ("allowed", 1, "ROOT", "VERB", "allow"),
                 ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("to", 4, "aux", "PART", "to"),
                 ("use", 1, "xcomp", "VERB", "use"), ("Taurus", 4, "dobj", "PROPN", "Taurus"),
                 ("in", 4, "prep", "ADP", "in"), ("Russia", 6, "pobj", "PROPN", "Russia"),
                 (".", 1, "punct", "PUNCT", ".")]
CONDITIONS_APPLY = [
    ("The", 1, "det", "DET", "the"), ("conditions", 5, "nsubj", "NOUN", "condition"),
    ("Sweden", 3, "nsubj", "PROPN", "Sweden"), ("imposed", 1, "relcl", "VERB", "impose"),
    ("still", 5, "advmod", "ADV", "still"), ("apply", 5, "ROOT", "VERB", "apply"),
    (".", 5, "punct", "PUNCT", "."),
]


def test_conditions_still_apply_are_those_of_who_imposed_them(blank_nlp):
    """'France allowed Ukraine to use Taurus in Russia. The conditions Sweden imposed still
    apply.': Sweden's conditions, not the article's other issuer's."""
    x = run(blank_nlp, sentences(FRANCE_ALLOWS, CONDITIONS_APPLY))
    ban = next(r for r in x.rules if r.modality == "prohibition")
    assert ban.issuer.key == "sweden"


def test_a_denied_decision_does_not_date_the_decision(blank_nlp):
    """'France allowed Ukraine to use Taurus in Russia. No decision was taken on Friday.':
    a denial names no day the permission took effect."""
    denial = [("No", 1, "det", "DET", "no"), ("decision", 3, "nsubjpass", "NOUN", "decision"),
              ("was", 3, "auxpass", "AUX", "be"), ("taken", 3, "ROOT", "VERB", "take"),
              ("on", 3, "prep", "ADP", "on"), ("Friday", 4, "pobj", "PROPN", "Friday"),
              (".", 3, "punct", "PUNCT", ".")]
    ents = ["O"] * len(FRANCE_ALLOWS) + ["O"] * 5 + ["B-DATE", "O"]
    x = run(blank_nlp, sentences(FRANCE_ALLOWS, denial), ents=ents)
    assert [(r.modality, r.effective) for r in x.rules] == [("permission", None)]


def _bars_in_gulf(state: str) -> list[tuple]:
    return [(state, 1, "nsubj", "PROPN", state), ("barred", 1, "ROOT", "VERB", "bar"),
            ("Thailand", 1, "dobj", "PROPN", "Thailand"), ("from", 1, "prep", "ADP", "from"),
            ("using", 3, "pcomp", "VERB", "use"), ("Gripens", 4, "dobj", "PROPN", "Gripens"),
            ("over", 4, "prep", "ADP", "over"), ("the", 8, "det", "DET", "the"),
            ("Gulf", 6, "pobj", "PROPN", "Gulf"), ("of", 8, "prep", "ADP", "of"),
            ("Thailand", 9, "pobj", "PROPN", "Thailand"), (".", 1, "punct", "PUNCT", ".")]


def test_a_ban_on_an_area_of_no_state_is_a_ban_of_its_own(blank_nlp):
    """'Sweden barred Thailand from using Gripens in Cambodia. Sweden barred Thailand from
    using Gripens over the Gulf of Thailand.': the second is not the cross-border ban."""
    x = run(blank_nlp, sentences(_bars("Sweden", "Thailand", "Gripens", "Cambodia"), _bars_in_gulf("Sweden")))
    assert [r.action for r in x.rules] == ["CrossBorderStrike", "WeaponUse"]


def test_a_rule_of_an_issuer_binding_no_one_here_takes_its_party_from_other_reports(blank_nlp):
    """A round-up: 'France allowed Ukraine ... (twice). The conditions Sweden imposed still
    apply.' Sweden's conditions bind whom Sweden's rules bind in other reports (Thailand),
    not the round-up's main party; with no such report, the main party."""
    from pipeline.resolve import resolve_corpus
    x = run(blank_nlp, sentences(FRANCE_ALLOWS, FRANCE_ALLOWS, CONDITIONS_APPLY))
    other = run(blank_nlp, _bars("Sweden", "Thailand", "Gripens", "Cambodia"))
    resolve_corpus([x, other])
    ban = next(r for r in x.rules if r.modality == "prohibition")
    assert (ban.issuer.key, ban.bound.key) == ("sweden", "thailand")
    x = run(blank_nlp, sentences(FRANCE_ALLOWS, FRANCE_ALLOWS, CONDITIONS_APPLY))
    resolve_corpus([x])
    assert next(r for r in x.rules if r.modality == "prohibition").bound.key == "ukraine"


def test_calling_a_decision_something_is_no_call_for_it(blank_nlp):
    """'Sorrentino called the decision reckless': naming, not a call for a change."""
    rows = [("Sorrentino", 1, "nsubj", "PROPN", "Sorrentino"), ("called", 1, "ROOT", "VERB", "call"),
            ("the", 3, "det", "DET", "the"), ("decision", 1, "dobj", "NOUN", "decision"),
            ("reckless", 1, "oprd", "ADJ", "reckless"), (".", 1, "punct", "PUNCT", ".")]
    x = run(blank_nlp, rows, ents=["B-PERSON"] + ["O"] * 5)
    assert x.advocacy == []


def test_a_call_for_more_limits_is_no_push_to_lift_them(blank_nlp):
    """'Manet called on suppliers to impose limits': pushing the other way."""
    rows = [("Manet", 1, "nsubj", "PROPN", "Manet"), ("called", 1, "ROOT", "VERB", "call"),
            ("on", 1, "prep", "ADP", "on"), ("suppliers", 2, "pobj", "NOUN", "supplier"),
            ("to", 5, "aux", "PART", "to"), ("impose", 1, "xcomp", "VERB", "impose"),
            ("limits", 5, "dobj", "NOUN", "limit"), (".", 1, "punct", "PUNCT", ".")]
    x = run(blank_nlp, rows, ents=["B-PERSON"] + ["O"] * 7)
    assert x.advocacy == []


def test_wanting_an_easing_reversed_is_no_push_to_lift(blank_nlp):
    """'Ekstrom criticised the easing and wants the agency to reverse it': "it" is the
    easing; undoing it is the opposite of lifting (undoing a refusal would be a push)."""
    rows = [("Ekstrom", 1, "nsubj", "PROPN", "Ekstrom"), ("criticised", 1, "ROOT", "VERB", "criticise"),
            ("the", 3, "det", "DET", "the"), ("easing", 1, "dobj", "NOUN", "easing"),
            ("and", 1, "cc", "CCONJ", "and"), ("wants", 1, "conj", "VERB", "want"),
            ("the", 7, "det", "DET", "the"), ("agency", 5, "dobj", "NOUN", "agency"),
            ("to", 9, "aux", "PART", "to"), ("reverse", 5, "xcomp", "VERB", "reverse"),
            ("it", 9, "dobj", "PRON", "it"), (".", 1, "punct", "PUNCT", ".")]
    x = run(blank_nlp, rows, ents=["B-PERSON"] + ["O"] * 11)
    assert x.advocacy == []


def test_a_name_in_apposition_to_a_role_is_a_person(blank_nlp):
    """'Thailand's ambassador, Pornthip Saengsuwan, urged Sweden to ease the rule': the
    NER took the surname for a place; after "ambassador," it is a person's name."""
    rows = [("Thailand", 2, "poss", "PROPN", "Thailand"), ("'s", 0, "case", "PART", "'s"),
            ("ambassador", 7, "nsubj", "NOUN", "ambassador"), (",", 2, "punct", "PUNCT", ","),
            ("Pornthip", 5, "compound", "PROPN", "Pornthip"), ("Saengsuwan", 2, "appos", "PROPN", "Saengsuwan"),
            (",", 2, "punct", "PUNCT", ","), ("urged", 7, "ROOT", "VERB", "urge"),
            ("Sweden", 7, "dobj", "PROPN", "Sweden"), ("to", 10, "aux", "PART", "to"),
            ("ease", 7, "xcomp", "VERB", "ease"), ("the", 12, "det", "DET", "the"),
            ("rule", 10, "dobj", "NOUN", "rule"), (".", 7, "punct", "PUNCT", ".")]
    ents = ["O"] * 5 + ["B-GPE"] + ["O"] * 8
    x = run(blank_nlp, rows, ents=ents)
    assert [(a.advocate.label, a.advocate.category) for a in x.advocacy] == [("Pornthip Saengsuwan", "Person")]


def test_a_start_date_may_lie_ahead_of_publication(blank_nlp):
    """Published Wednesday 20 November 2024: 'The ban was lifted from 25 November' names
    the 25th just ahead, not last year's (a start, not a past event)."""
    rows = [("The", 1, "det", "DET", "the"), ("ban", 3, "nsubjpass", "NOUN", "ban"),
            ("was", 3, "auxpass", "AUX", "be"), ("lifted", 3, "ROOT", "VERB", "lift"),
            ("from", 3, "prep", "ADP", "from"), ("25", 6, "nummod", "NUM", "25"),
            ("November", 4, "pobj", "PROPN", "November"), (".", 3, "punct", "PUNCT", ".")]
    x = run(blank_nlp, rows, ents=["O"] * 5 + ["B-DATE", "I-DATE", "O"], tags={3: "VBN"})
    assert [e.date for e in x.events] == [dt.date(2024, 11, 25)]


def test_a_decision_that_takes_effect_on_a_day_ahead_takes_effect_then(blank_nlp):
    """Published 20 November 2024: 'France allowed Ukraine to use Taurus in Russia. The
    permission takes effect on 25 November.': effective 2024-11-25, not a year before."""
    effect = [("The", 1, "det", "DET", "the"), ("permission", 2, "nsubj", "NOUN", "permission"),
              ("takes", 2, "ROOT", "VERB", "take"), ("effect", 2, "dobj", "NOUN", "effect"),
              ("on", 2, "prep", "ADP", "on"), ("25", 6, "nummod", "NUM", "25"),
              ("November", 4, "pobj", "PROPN", "November"), (".", 2, "punct", "PUNCT", ".")]
    n = len(FRANCE_ALLOWS)
    x = run(blank_nlp, sentences(FRANCE_ALLOWS, effect), ents=["O"] * (n + 5) + ["B-DATE", "I-DATE", "O"],
            tags={n + 2: "VBZ"})
    assert [(r.modality, r.effective) for r in x.rules if r.modality == "permission"] == [
        ("permission", dt.date(2024, 11, 25))]


def test_a_time_of_a_named_day_dates_an_event(blank_nlp):
    """Published Wednesday 20 November 2024: 'On Monday night, a crew shot down a bomber':
    the NER calls "Monday night" a TIME; it names Monday the 18th."""
    rows = [("On", 6, "prep", "ADP", "on"), ("Monday", 2, "compound", "PROPN", "Monday"),
            ("night", 0, "pobj", "NOUN", "night"), (",", 6, "punct", "PUNCT", ","),
            ("a", 5, "det", "DET", "a"), ("crew", 6, "nsubj", "NOUN", "crew"),
            ("shot", 6, "ROOT", "VERB", "shoot"), ("down", 6, "prt", "ADP", "down"),
            ("a", 9, "det", "DET", "a"), ("bomber", 6, "dobj", "NOUN", "bomber"), (".", 6, "punct", "PUNCT", ".")]
    x = run(blank_nlp, rows, ents=["O", "B-TIME", "I-TIME"] + ["O"] * 8, tags={6: "VBD"})
    assert [e.date for e in x.events] == [dt.date(2024, 11, 18)]


def test_a_nordic_capital_is_a_place_that_acts_for_its_state(blank_nlp):
    """'Oslo allowed Ukraine to use Taurus in Russia': Oslo acts for Norway (the issuer);
    the city named is a place, not a second mention of the country ("the news from Oslo,
    Copenhagen and Helsinki" names no states)."""
    rows = [("Oslo", 1, "nsubj", "PROPN", "Oslo")] + FRANCE_ALLOWS[1:]
    x = run(blank_nlp, rows)
    assert [r.issuer.key for r in x.rules] == ["norway"]
    assert {e.key: e.category for e in x.entities}.get("oslo") == "Place"


def test_a_name_taken_for_an_organisation_is_the_person_another_report_names(blank_nlp):
    """One report tags "Maja Ekstrom" as an organisation, another as a person: one person."""
    from pipeline.resolve import resolve_corpus
    rows = [("Maja", 1, "compound", "PROPN", "Maja"), ("Ekstrom", 2, "nsubj", "PROPN", "Ekstrom"),
            ("objected", 2, "ROOT", "VERB", "object"), (".", 2, "punct", "PUNCT", ".")]
    as_org = run(blank_nlp, rows, ents=["B-ORG", "I-ORG", "O", "O"])
    as_person = run(blank_nlp, rows, ents=["B-PERSON", "I-PERSON", "O", "O"])
    assert [e.category for e in as_org.entities] == ["Organization"]
    resolve_corpus([as_org, as_person])
    assert [(e.key, e.category) for e in as_org.entities] == [(as_person.entities[0].key, "Person")]


def test_a_capital_that_owns_a_rule_is_not_an_area_of_it(blank_nlp):
    """"Oslo's condition that Ukraine not use the missiles beyond its borders remains in place":
    the capital stands for the state whose condition it is; the rule is not about Oslo."""
    rows = [("Oslo", 2, "poss", "PROPN", "Oslo"), ("'s", 0, "case", "PART", "'s"),
            ("condition", 11, "nsubj", "NOUN", "condition"), ("that", 6, "mark", "SCONJ", "that"),
            ("Ukraine", 6, "nsubj", "PROPN", "Ukraine"), ("not", 6, "neg", "PART", "not"),
            ("use", 2, "acl", "VERB", "use"), ("NSM", 6, "dobj", "PROPN", "NSM"),
            ("beyond", 6, "prep", "ADP", "beyond"), ("its", 10, "poss", "PRON", "its"),
            ("borders", 8, "pobj", "NOUN", "border"), ("remains", 11, "ROOT", "VERB", "remain"),
            ("in", 11, "prep", "ADP", "in"), ("place", 12, "pobj", "NOUN", "place"),
            (".", 11, "punct", "PUNCT", ".")]
    rules = run(blank_nlp, rows).rules
    assert rules and all(r.modality == "prohibition" for r in rules)
    assert all(r.issuer is not None and r.issuer.key == "norway" for r in rules)
    assert all("oslo" not in {e.key for e in r.scope_in} for r in rules)


# the parser's reading of a trailing relative clause: "dropped" a clausal subject of "allowed"
DRONES_OUT_OF_REACH = [
    ("Iranian", 1, "amod", "ADJ", "iranian"), ("drones", 2, "nsubj", "NOUN", "drone"),
    ("have", 3, "aux", "AUX", "have"), ("hit", 15, "csubjpass", "VERB", "hit"),
    ("Odesa", 3, "dobj", "PROPN", "Odesa"), (",", 3, "punct", "PUNCT", ","),
    ("out", 3, "prep", "ADP", "out"), ("of", 6, "prep", "ADP", "of"),
    ("range", 7, "pobj", "NOUN", "range"), ("of", 8, "prep", "ADP", "of"),
    ("the", 12, "det", "DET", "the"), ("IRIS-T", 12, "compound", "PROPN", "IRIS-T"),
    ("systems", 13, "compound", "NOUN", "system"), ("Ukraine", 9, "pobj", "PROPN", "Ukraine"),
    ("is", 15, "auxpass", "AUX", "be"), ("allowed", 15, "ROOT", "VERB", "allow"),
    ("to", 17, "aux", "PART", "to"), ("use", 15, "xcomp", "VERB", "use"),
    ("against", 17, "prep", "ADP", "against"), ("them", 18, "pobj", "PRON", "they"),
    (".", 15, "punct", "PUNCT", "."),
]


def test_a_misparsed_relative_clause_on_the_weapons_is_no_decision(blank_nlp):
    """'Iranian drones have hit Odesa, out of range of the IRIS-T systems Ukraine is allowed
    to use against them': the parser makes the main clause a clausal subject of "allowed";
    a clause with its own subject and tense is none, and what the weapons may be used for
    is a description, not a permission issued by the drones' state."""
    x = run(blank_nlp, DRONES_OUT_OF_REACH, tags={2: "VBP", 3: "VBN", 14: "VBZ", 15: "VBN"})
    assert x.rules == []


def test_an_armed_movement_is_an_organisation(blank_nlp):
    """'A spokesman for the Houthi movement warned Riyadh': the movement is an organisation
    in the graph, as other armed groups are (data in the gazetteer, not a rule)."""
    rows = [
        ("A", 1, "det", "DET", "a"), ("spokesman", 6, "nsubj", "NOUN", "spokesman"),
        ("for", 1, "prep", "ADP", "for"), ("the", 5, "det", "DET", "the"),
        ("Houthi", 5, "compound", "PROPN", "Houthi"), ("movement", 2, "pobj", "NOUN", "movement"),
        ("warned", 6, "ROOT", "VERB", "warn"), ("Riyadh", 6, "dobj", "PROPN", "Riyadh"),
        (".", 6, "punct", "PUNCT", "."),
    ]
    x = run(blank_nlp, rows)
    assert {e.key: e.category for e in x.entities}.get("houthis") == "Organization"


BACKED_BUT_WANTED_AN_ACCOUNT = [
    ("Poland", 1, "nsubj", "PROPN", "Poland"), ("backed", 1, "ROOT", "VERB", "back"),
    ("support", 1, "dobj", "NOUN", "support"), ("for", 2, "prep", "ADP", "for"),
    ("Ukraine", 3, "pobj", "PROPN", "Ukraine"), ("but", 1, "cc", "CCONJ", "but"),
    ("wanted", 1, "conj", "VERB", "want"), ("the", 8, "det", "DET", "the"),
    ("government", 10, "nsubj", "NOUN", "government"), ("to", 10, "aux", "PART", "to"),
    ("explain", 6, "ccomp", "VERB", "explain"), ("the", 12, "det", "DET", "the"),
    ("decision", 10, "dobj", "NOUN", "decision"), (".", 1, "punct", "PUNCT", "."),
]


def test_asking_for_an_account_of_a_decision_is_no_push_to_lift(blank_nlp):
    """'Poland backed support for Ukraine but wanted the government to explain the decision':
    wanting an account of a rule is not pushing to lift it, and what a contrasting clause
    says ("but wanted ...") is not what was backed."""
    x = run(blank_nlp, BACKED_BUT_WANTED_AN_ACCOUNT)
    assert x.advocacy == []


def test_a_trip_made_for_an_anniversary_is_no_event_of_the_story(blank_nlp):
    """'The king will travel to Warsaw on Friday for the anniversary of the uprising': a trip
    for a commemoration belongs to the ceremony, as "will mark the anniversary" does."""
    rows = [("The", 1, "det", "DET", "the"), ("king", 3, "nsubj", "NOUN", "king"),
            ("will", 3, "aux", "AUX", "will"), ("travel", 3, "ROOT", "VERB", "travel"),
            ("to", 3, "prep", "ADP", "to"), ("Warsaw", 4, "pobj", "PROPN", "Warsaw"),
            ("on", 3, "prep", "ADP", "on"), ("Friday", 6, "pobj", "PROPN", "Friday"),
            ("for", 3, "prep", "ADP", "for"), ("the", 10, "det", "DET", "the"),
            ("anniversary", 8, "pobj", "NOUN", "anniversary"), ("of", 10, "prep", "ADP", "of"),
            ("the", 13, "det", "DET", "the"), ("uprising", 11, "pobj", "NOUN", "uprising"),
            (".", 3, "punct", "PUNCT", ".")]
    x = run(blank_nlp, rows, ents=["O"] * 7 + ["B-DATE"] + ["O"] * 7, tags={2: "MD", 3: "VB"})
    assert x.events == []


def test_a_decision_a_news_website_reported_and_the_article_denies_is_no_decision(blank_nlp):
    """'Austria denied the story. A news website said Austria had allowed Albania to use Storm
    Shadow over Serbia.': a website is the press, as a newspaper is; its claim is no decision."""
    denial = [("Austria", 1, "nsubj", "PROPN", "Austria"), ("denied", 1, "ROOT", "VERB", "deny"),
              ("the", 3, "det", "DET", "the"), ("story", 1, "dobj", "NOUN", "story"),
              (".", 1, "punct", "PUNCT", ".")]
    claim = [("A", 2, "det", "DET", "a"), ("news", 2, "compound", "NOUN", "news"),
             ("website", 3, "nsubj", "NOUN", "website"), ("said", 3, "ROOT", "VERB", "say"),
             ("Austria", 6, "nsubj", "PROPN", "Austria"), ("had", 6, "aux", "AUX", "have"),
             ("allowed", 3, "ccomp", "VERB", "allow"), ("Albania", 6, "dobj", "PROPN", "Albania"),
             ("to", 9, "aux", "PART", "to"), ("use", 6, "xcomp", "VERB", "use"),
             ("Storm", 11, "compound", "PROPN", "Storm"), ("Shadow", 9, "dobj", "PROPN", "Shadow"),
             ("over", 9, "prep", "ADP", "over"), ("Serbia", 12, "pobj", "PROPN", "Serbia"),
             (".", 3, "punct", "PUNCT", ".")]
    x = run(blank_nlp, sentences(denial, claim))
    assert x.rules == []
