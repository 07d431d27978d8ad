"""Hand-built Docs (no model): rules found while reading the sixth and seventh blind sets."""
from __future__ import annotations

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_more import _bars, sentences

from pipeline.graph.mapper import document_graph
from pipeline.graph.namespace import CV
from pipeline.resolve import resolve_corpus
from rdflib.namespace import RDF

JAPAN_ALLOWS = [
    ("Japan", 1, "nsubj", "PROPN", "Japan"), ("allowed", 1, "ROOT", "VERB", "allow"),
    ("Philippines", 1, "dobj", "PROPN", "Philippines"), ("to", 4, "aux", "PART", "to"),
    ("use", 1, "xcomp", "VERB", "use"), ("Abukuma", 4, "dobj", "PROPN", "Abukuma"),
    ("near", 4, "prep", "ADP", "near"), ("Scarborough", 8, "compound", "PROPN", "Scarborough"),
    ("Shoal", 6, "pobj", "PROPN", "Shoal"), (".", 1, "punct", "PUNCT", "."),
]

# the same grant for deploying them: a grant to use weapons changes a ban only when a report
# words it as a change (resolve/corpus.py), whatever else the corpus tells
JAPAN_ALLOWS_DEPLOYING = [("deploy", 1, "xcomp", "VERB", "deploy") if row[0] == "use" else row
                          for row in JAPAN_ALLOWS]

WELCOMED_THE_CHANGE = [
    ("Officials", 1, "nsubj", "NOUN", "official"), ("welcomed", 1, "ROOT", "VERB", "welcome"),
    ("the", 3, "det", "DET", "the"), ("change", 1, "dobj", "NOUN", "change"),
    (".", 1, "punct", "PUNCT", "."),
]


def _changes(x) -> set:
    g = document_graph(x)
    return {c for c in (CV.Easing, CV.Lifting) if (None, RDF.type, c) in g}


def test_a_grant_with_no_earlier_ban_told_changes_none(blank_nlp):
    """'Japan allowed the Philippines to use the Abukuma near Scarborough Shoal.', and
    nothing in the corpus tells of a ban before it: the grant stands; it eases no ban, so no
    ban is left "in force elsewhere" and nothing is listed as eased."""
    for grant in (JAPAN_ALLOWS, JAPAN_ALLOWS_DEPLOYING):
        x = run(blank_nlp, grant)
        (rule,) = x.rules
        assert (rule.issuer.key, rule.bound.key) == ("japan", "philippines")
        resolve_corpus([x])
        assert rule.change == "standing"
    assert _changes(x) == set()


def test_a_grant_next_to_a_told_change_eases_the_earlier_ban(blank_nlp):
    """The same grant followed by 'Officials welcomed the change.' tells of a change: the
    grant eases the earlier ban for the area it names."""
    x = run(blank_nlp, sentences(JAPAN_ALLOWS_DEPLOYING, WELCOMED_THE_CHANGE))
    rule = next(r for r in x.rules if r.modality == "permission")
    assert rule.told_change
    resolve_corpus([x])
    assert rule.change == "ease"
    assert _changes(x) == {CV.Easing}


def test_a_grant_whose_issuer_bans_the_same_party_elsewhere_changes_a_ban(blank_nlp):
    """Another report in which Japan bars the Philippines from something tells that Japan's
    grants to it change rules it had set."""
    grant = run(blank_nlp, JAPAN_ALLOWS_DEPLOYING)
    ban = run(blank_nlp, _bars("Japan", "Philippines", "Abukuma", "China"))
    assert ban.rules[0].modality == "prohibition"
    resolve_corpus([grant, ban])
    assert grant.rules[0].change == "ease"


REQUEST_48_HOURS = [
    ("Bangkok", 1, "nsubj", "PROPN", "Bangkok"), ("sent", 1, "ROOT", "VERB", "send"),
    ("the", 3, "det", "DET", "the"), ("request", 1, "dobj", "NOUN", "request"),
    ("48", 5, "nummod", "NUM", "48"), ("hours", 6, "npadvmod", "NOUN", "hour"),
    ("before", 1, "prep", "ADP", "before"), ("Wednesday", 9, "poss", "PROPN", "Wednesday"),
    ("'s", 7, "case", "PART", "'s"), ("announcement", 6, "pobj", "NOUN", "announcement"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_whole_days_counted_in_hours_offset_a_day():
    from pipeline.extract import dates
    assert dates.offset("48 hours before") == -2
    assert dates.offset("72 hours after") == 3
    assert dates.offset("36 hours before") is None  # names no day


def test_an_event_48_hours_before_a_dated_one_is_dated(blank_nlp):
    """'Bangkok sent the request 48 hours before Wednesday's announcement' (published on a
    Wednesday): the request is dated two days before that Wednesday, though the NER calls
    '48 hours' a TIME."""
    import datetime as dt
    ents = ["O"] * 4 + ["B-TIME", "I-TIME", "O", "B-DATE"] + ["O"] * 3
    x = run(blank_nlp, REQUEST_48_HOURS, ents=ents, tags={1: "VBD"})
    assert dt.date(2024, 11, 18) in {e.date for e in x.events}


def _raised(who: str, topic: str, with_: list[tuple]) -> list[tuple]:
    """'<who> had raised the <topic> with <with_>.' (``with_``: rows, heads counted from 0 of
    the sentence; the last row heads the phrase)."""
    rows = [(who, 2, "nsubj", "PROPN", who), ("had", 2, "aux", "AUX", "have"),
            ("raised", 2, "ROOT", "VERB", "raise"), ("the", 4, "det", "DET", "the"),
            (topic, 2, "dobj", "NOUN", topic), ("with", 2, "prep", "ADP", "with")]
    n = len(rows)
    rows += [(w, h + n if i < len(with_) - 1 else 5, d, p, lem)
             for i, (w, h, d, p, lem) in enumerate(with_)]
    return rows + [(".", 2, "punct", "PUNCT", ".")]


CANADIAN_PM = [("the", 3, "det", "DET", "the"), ("Canadian", 3, "amod", "ADJ", "canadian"),
               ("prime", 3, "amod", "ADJ", "prime"), ("minister", 0, "pobj", "NOUN", "minister")]


def test_raising_the_issue_with_the_rule_makers_office_holder_is_a_push(blank_nlp):
    """'Canada allowed Ukraine to use NASAMS in Russia. Zelensky had raised the issue with the
    Canadian prime minister.': the issue the story is about, taken up with the one whose state
    sets the rules."""
    allows = [("Canada", 1, "nsubj", "PROPN", "Canada"), ("allowed", 1, "ROOT", "VERB", "allow"),
              ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("to", 4, "aux", "PART", "to"),
              ("use", 1, "xcomp", "VERB", "use"), ("NASAMS", 4, "dobj", "PROPN", "NASAMS"),
              ("in", 4, "prep", "ADP", "in"), ("Russia", 6, "pobj", "PROPN", "Russia"),
              (".", 1, "punct", "PUNCT", ".")]
    x = run(blank_nlp, sentences(allows, _raised("Zelensky", "issue", CANADIAN_PM)), tags={11: "VBN"})
    assert [a.advocate.key for a in x.advocacy] == ["zelenskyy"]


def test_raising_the_matter_with_the_bound_party_is_no_push(blank_nlp):
    """'Germany barred Turkey from using Leopard in Syria. Scholz had raised the matter with
    Erdogan.': taken up with the party the rules bind, a complaint, not a push to lift them."""
    erdogan = [("Erdogan", 0, "pobj", "PROPN", "Erdogan")]
    x = run(blank_nlp, sentences(_bars("Germany", "Turkey", "Leopard", "Syria"),
                                 _raised("Scholz", "matter", erdogan)))
    assert x.advocacy == []


def test_an_acronym_defined_in_brackets_names_the_same_body(blank_nlp):
    """'The Inspectorate of Strategic Products (ISP) acted. ISP's chief spoke.': ISP, tagged
    by the NER as an organisation of its own or not at all, is the Inspectorate."""
    from pipeline.extract.mentions import Mentions
    from test_extract_handbuilt import build
    first = [("The", 1, "det", "DET", "the"), ("Inspectorate", 8, "nsubj", "PROPN", "Inspectorate"),
             ("of", 1, "prep", "ADP", "of"), ("Strategic", 4, "compound", "PROPN", "Strategic"),
             ("Products", 2, "pobj", "PROPN", "Products"), ("(", 6, "punct", "PUNCT", "("),
             ("ISP", 1, "appos", "PROPN", "ISP"), (")", 6, "punct", "PUNCT", ")"),
             ("acted", 8, "ROOT", "VERB", "act"), (".", 8, "punct", "PUNCT", ".")]
    second = [("ISP", 2, "poss", "PROPN", "ISP"), ("'s", 0, "case", "PART", "'s"),
              ("chief", 3, "nsubj", "NOUN", "chief"), ("spoke", 3, "ROOT", "VERB", "speak"),
              (".", 3, "punct", "PUNCT", ".")]
    ner = ["O"] * 6 + ["B-ORG"] + ["O"] * 3 + ["B-ORG"] + ["O"] * 4
    doc = build(blank_nlp, sentences(first, second), ents=ner)
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert m.at(doc[1]).key == "isp_sweden"
    assert m.at(doc[6]).key == m.at(doc[10]).key == "isp_sweden"


def test_a_name_ends_at_a_spaced_dash_before_a_lower_case_word(blank_nlp):
    """'The ice is breaking up on Lake Roxen - early this year.': the NER's 'Lake Roxen -
    early' is the lake."""
    from pipeline.extract.mentions import Mentions
    from test_extract_handbuilt import build
    rows = [("Ice", 1, "nsubj", "NOUN", "ice"), ("melts", 1, "ROOT", "VERB", "melt"),
            ("on", 1, "prep", "ADP", "on"), ("Lake", 4, "compound", "PROPN", "Lake"),
            ("Roxen", 2, "pobj", "PROPN", "Roxen"), ("-", 6, "dep", "PUNCT", "-"),
            ("early", 1, "advmod", "ADV", "early"), (".", 1, "punct", "PUNCT", ".")]
    doc = build(blank_nlp, rows, ents=["O"] * 3 + ["B-LOC", "I-LOC", "I-LOC", "I-LOC", "O"])
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert [r.label for r in m.entities()] == ["Lake Roxen"]



def _body_before(noun: str, lemma: str) -> list[tuple]:
    """'Ukraine tracked Russian military <noun> .'"""
    return [("Ukraine", 1, "nsubj", "PROPN", "Ukraine"), ("tracked", 1, "ROOT", "VERB", "track"),
            ("Russian", 4, "amod", "ADJ", "russian"), ("military", 4, "amod", "ADJ", "military"),
            (noun, 1, "dobj", "NOUN", lemma), (".", 1, "punct", "PUNCT", ".")]


def test_a_body_named_in_lower_case_words_before_a_thing_is_a_modifier(blank_nlp):
    """'Russian military aircraft' are aircraft, not a mention of the Russian armed forces;
    'Russian military officials' are the body's people."""
    from pipeline.extract.mentions import Mentions
    from test_extract_handbuilt import build
    gz = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    m = Mentions.build(build(blank_nlp, _body_before("aircraft", "aircraft")), gz)
    assert "russian_armed_forces" not in {r.key for r in m.entities()}
    m = Mentions.build(build(blank_nlp, _body_before("officials", "official")), gz)
    assert "russian_armed_forces" in {r.key for r in m.entities()}


def test_a_one_word_person_before_a_role_and_a_name_qualifies_the_role(blank_nlp):
    """'the Moderate MP Erik Sandahl spoke': the NER's person 'Moderate' is his party."""
    from pipeline.extract.mentions import Mentions
    from test_extract_handbuilt import build
    rows = [("the", 4, "det", "DET", "the"), ("Moderate", 2, "compound", "PROPN", "Moderate"),
            ("MP", 4, "compound", "PROPN", "MP"), ("Erik", 4, "compound", "PROPN", "Erik"),
            ("Sandahl", 5, "nsubj", "PROPN", "Sandahl"), ("spoke", 5, "ROOT", "VERB", "speak"),
            (".", 5, "punct", "PUNCT", ".")]
    doc = build(blank_nlp, rows, ents=["O", "B-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"])
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert [r.label for r in m.entities()] == ["Erik Sandahl"]


def test_a_place_in_the_outlets_shortened_name_is_no_place_of_the_story(blank_nlp):
    """'He spoke to Kharkiv FM.' in an article of 'Kharkiv FM 96.1 News': the outlet, named
    by the start of its name, is no mention of Kharkiv."""
    from pipeline.extract.mentions import Mentions
    from test_extract_handbuilt import build
    rows = [("He", 1, "nsubj", "PRON", "he"), ("spoke", 1, "ROOT", "VERB", "speak"),
            ("to", 1, "prep", "ADP", "to"), ("Kharkiv", 4, "compound", "PROPN", "Kharkiv"),
            ("FM", 2, "pobj", "PROPN", "FM"), (".", 1, "punct", "PUNCT", ".")]
    gz = blank_nlp.get_pipe("caveat_gazetteer").gazetteer
    doc = build(blank_nlp, rows)
    assert Mentions.build(doc, gz).entities() != []
    assert Mentions.build(doc, gz, outlet="Kharkiv FM 96.1 News").entities() == []


def test_a_day_of_an_earlier_year_told_with_an_anniversary_is_history(blank_nlp):
    """'The anniversary passed with speeches about the invasion that began on 24 February
    2022.' (published 2024): the day remembered is no event of the story."""
    rows = [("The", 1, "det", "DET", "the"), ("anniversary", 2, "nsubj", "NOUN", "anniversary"),
            ("passed", 2, "ROOT", "VERB", "pass"), ("with", 2, "prep", "ADP", "with"),
            ("speeches", 3, "pobj", "NOUN", "speech"), ("about", 4, "prep", "ADP", "about"),
            ("the", 7, "det", "DET", "the"), ("invasion", 5, "pobj", "NOUN", "invasion"),
            ("that", 9, "nsubj", "PRON", "that"), ("began", 7, "relcl", "VERB", "begin"),
            ("on", 9, "prep", "ADP", "on"), ("24", 12, "nummod", "NUM", "24"),
            ("February", 10, "pobj", "PROPN", "February"), ("2022", 12, "nummod", "NUM", "2022"),
            (".", 2, "punct", "PUNCT", ".")]
    ents = ["O"] * 11 + ["B-DATE", "I-DATE", "I-DATE", "O"]
    x = run(blank_nlp, rows, ents=ents, tags={2: "VBD", 9: "VBD"})
    assert x.events == []
    rows[1] = ("meeting", 2, "nsubj", "NOUN", "meeting")
    x = run(blank_nlp, rows, ents=ents, tags={2: "VBD", 9: "VBD"})
    assert [e.date.isoformat() for e in x.events] == ["2022-02-24"]


PRESSED_MISPARSED = [  # 'pressed' read as an adjective of 'officials', 'let' as the main verb
    ("Ukraine", 2, "poss", "PROPN", "Ukraine"), ("'s", 0, "case", "PART", "'s"),
    ("minister", 11, "nsubj", "NOUN", "minister"), (",", 2, "punct", "PUNCT", ","),
    ("Taras", 5, "compound", "PROPN", "Taras"), ("Hnatiuk", 2, "appos", "PROPN", "Hnatiuk"),
    (",", 5, "punct", "PUNCT", ","), ("pressed", 9, "amod", "VERB", "press"),
    ("Italian", 9, "amod", "ADJ", "italian"), ("officials", 2, "appos", "NOUN", "official"),
    ("to", 11, "aux", "PART", "to"), ("let", 11, "ROOT", "VERB", "let"),
    ("Ukraine", 13, "nsubj", "PROPN", "Ukraine"), ("use", 11, "ccomp", "VERB", "use"),
    ("Taurus", 13, "dobj", "PROPN", "Taurus"), (".", 11, "punct", "PUNCT", "."),
]


def test_a_push_misread_as_an_adjective_is_still_a_push_not_a_decision(blank_nlp):
    """'Ukraine's minister, Taras Hnatiuk, pressed Italian officials to let Ukraine use
    Taurus.', parsed with 'pressed' as an adjective of 'officials': Hnatiuk pushes for the
    permission; nobody grants it."""
    ents = ["O"] * 4 + ["B-PERSON", "I-PERSON"] + ["O"] * 10
    x = run(blank_nlp, PRESSED_MISPARSED, ents=ents, tags={7: "VBN", 11: "VB", 13: "VB"})
    assert x.rules == []
    assert [a.advocate.label for a in x.advocacy] == ["Taras Hnatiuk"]


def test_a_name_after_a_title_and_its_portfolio_is_a_person(blank_nlp):
    """'Minister for Foreign Trade Johan Lindqvist said so.': the last two capitalised words
    after the portfolio are the minister's name."""
    from pipeline.extract.mentions import Mentions
    from test_extract_handbuilt import build
    rows = [("Minister", 6, "nsubj", "PROPN", "Minister"), ("for", 0, "prep", "ADP", "for"),
            ("Foreign", 3, "compound", "PROPN", "Foreign"), ("Trade", 5, "compound", "PROPN", "Trade"),
            ("Johan", 5, "compound", "PROPN", "Johan"), ("Lindqvist", 1, "pobj", "PROPN", "Lindqvist"),
            ("said", 6, "ROOT", "VERB", "say"), ("so", 6, "advmod", "ADV", "so"), (".", 6, "punct", "PUNCT", ".")]
    doc = build(blank_nlp, rows)
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert [r.label for r in m.entities() if r.category == "Person"] == ["Johan Lindqvist"]


def test_an_organisation_before_a_title_in_capitals_is_part_of_the_title(blank_nlp):
    """'[NYBERG, UNION REPRESENTATIVE]: it spoke.': 'UNION', tagged as an organisation, is part
    of his title, as 'Armed Forces' is in 'Armed Forces Minister ...'."""
    from pipeline.extract.mentions import Mentions
    from test_extract_handbuilt import build
    rows = [("NYBERG", 0, "ROOT", "PROPN", "Nyberg"), (",", 0, "punct", "PUNCT", ","),
            ("UNION", 3, "compound", "PROPN", "Union"), ("REPRESENTATIVE", 0, "appos", "NOUN", "representative"),
            ("spoke", 0, "acl", "VERB", "speak"), (".", 0, "punct", "PUNCT", ".")]
    doc = build(blank_nlp, rows, ents=["B-ORG", "O", "B-ORG", "O", "O", "O"])
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert [r.label for r in m.entities()] == ["NYBERG"]
