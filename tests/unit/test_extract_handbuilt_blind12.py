"""Extraction cases on hand-built Docs (no statistical model) for the rules made from the
twelfth blind set's residual misses (twelfth session, branch fix-blind12), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_eleventh import _rules


def _joined(*parts):
    """Sentences written with their own head indices, as one document."""
    rows = []
    for part in parts:
        n = len(rows)
        rows += [(w, h + n, d, p, lemma) for w, h, d, p, lemma in part]
    return rows


BRITAIN_LETS = [
    ("Britain", 1, "nsubj", "PROPN", "Britain"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Guyana", 3, "nsubj", "PROPN", "Guyana"), ("use", 1, "ccomp", "VERB", "use"),
    ("Starstreak", 5, "compound", "PROPN", "Starstreak"), ("missiles", 3, "dobj", "NOUN", "missile"),
    ("over", 3, "prep", "ADP", "over"), ("Essequibo", 6, "pobj", "PROPN", "Essequibo"),
    (".", 1, "punct", "PUNCT", "."),
]


# ------------------------------------------------------------------ deployment: a licence's other terms
ON_CONDITIONS_IN_A_LICENCE = [
    ("Britain", 1, "nsubj", "PROPN", "Britain"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Guyana", 3, "nsubj", "PROPN", "Guyana"), ("defend", 1, "ccomp", "VERB", "defend"),
    ("its", 5, "poss", "PRON", "its"), ("skies", 3, "dobj", "NOUN", "sky"),
    (",", 3, "punct", "PUNCT", ","), ("on", 3, "prep", "ADP", "on"),
    ("conditions", 7, "pobj", "NOUN", "condition"), ("in", 8, "prep", "ADP", "in"),
    ("a", 11, "det", "DET", "a"), ("licence", 9, "pobj", "NOUN", "licence"),
    ("that", 13, "nsubj", "PRON", "that"), ("keeps", 11, "relcl", "VERB", "keep"),
    ("the", 15, "det", "DET", "the"), ("launchers", 13, "dobj", "NOUN", "launcher"),
    ("back", 13, "advmod", "ADV", "back"), ("from", 16, "prep", "ADP", "from"),
    ("the", 19, "det", "DET", "the"), ("border", 17, "pobj", "NOUN", "border"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_what_a_licence_beside_the_grant_keeps_is_not_what_is_granted(blank_nlp):
    """'Britain lets Guyana defend its skies, on conditions in a licence that keeps the
    launchers back from the border': the grant is to defend the skies; keeping the launchers
    back is another term of the licence, so the permission is no rule on stationing them."""
    x = run(blank_nlp, ON_CONDITIONS_IN_A_LICENCE)
    assert _rules(x) == [("permission", "uk", "guyana")]
    assert x.rules[0].action == "WeaponUse"


# ------------------------------------------------------------------ "Under the licence, X may ...": a grant
UNDER_THE_LICENCE = [
    ("Under", 7, "prep", "ADP", "under"), ("the", 2, "det", "DET", "the"),
    ("licence", 0, "pobj", "NOUN", "licence"), (",", 7, "punct", "PUNCT", ","),
    ("Guyanese", 5, "amod", "ADJ", "guyanese"), ("units", 7, "nsubj", "NOUN", "unit"),
    ("may", 7, "aux", "AUX", "may"), ("use", 7, "ROOT", "VERB", "use"),
    ("Starstreak", 9, "compound", "PROPN", "Starstreak"), ("missiles", 7, "dobj", "NOUN", "missile"),
    ("over", 7, "prep", "ADP", "over"), ("Essequibo", 10, "pobj", "PROPN", "Essequibo"),
    (".", 7, "punct", "PUNCT", "."),
]


def test_what_a_party_may_do_under_a_licence_is_a_permission(blank_nlp):
    """'Under the licence, Guyanese units may use Starstreak missiles over Essequibo': a licence
    is a grant, new or not ("Under the new guidance" was read before): what it lets the party
    do is permitted."""
    x = run(blank_nlp, UNDER_THE_LICENCE)
    assert [(r.modality, r.bound.key) for r in x.rules] == [("permission", "guyana")]
    assert [w.key for w in x.rules[0].weapons] == ["starstreak"]
    assert "essequibo" in [s.key for s in x.rules[0].scope_in]


# ------------------------------------------------------------------ issuer: the story of the paragraph
LATVIA_LETS = [
    ("Latvia", 1, "nsubj", "PROPN", "Latvia"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fire", 1, "ccomp", "VERB", "fire"),
    ("M109", 5, "compound", "PROPN", "M109"), ("howitzers", 3, "dobj", "NOUN", "howitzer"),
    ("into", 3, "prep", "ADP", "into"), ("Russia", 6, "pobj", "PROPN", "Russia"),
    (".", 1, "punct", "PUNCT", "."),
]
MISSILES_NOT_OVER_VENEZUELA = [
    ("The", 1, "det", "DET", "the"), ("missiles", 5, "nsubjpass", "NOUN", "missile"),
    ("may", 5, "aux", "AUX", "may"), ("not", 5, "neg", "PART", "not"),
    ("be", 5, "auxpass", "AUX", "be"), ("used", 5, "ROOT", "VERB", "use"),
    ("over", 5, "prep", "ADP", "over"), ("Venezuelan", 8, "amod", "ADJ", "venezuelan"),
    ("territory", 6, "pobj", "NOUN", "territory"), (".", 5, "punct", "PUNCT", "."),
]


def test_a_ban_naming_no_party_goes_on_the_story_told_just_before_it(blank_nlp):
    """'Latvia lets Ukraine fire M109 howitzers into Russia. Britain lets Guyana use Starstreak
    missiles over Essequibo. The missiles may not be used over Venezuelan territory.': in an
    article with two issuers, the ban that names neither party nor a weapon of its own belongs
    to the story told before it in its paragraph (Britain's), not to the article's first."""
    rows = _joined(LATVIA_LETS, BRITAIN_LETS, MISSILES_NOT_OVER_VENEZUELA)
    x = run(blank_nlp, rows, tags={24: "VBN"})
    assert _rules(x) == [("permission", "latvia", "ukraine"), ("permission", "uk", "guyana"),
                         ("prohibition", "uk", "guyana")]


# ------------------------------------------------------------------ resolve: use and deployment in one country
MISSILES_NOT_DEPLOYED = [
    ("The", 1, "det", "DET", "the"), ("missiles", 5, "nsubjpass", "NOUN", "missile"),
    ("must", 5, "aux", "AUX", "must"), ("not", 5, "neg", "PART", "not"),
    ("be", 5, "auxpass", "AUX", "be"), ("deployed", 5, "ROOT", "VERB", "deploy"),
    ("on", 5, "prep", "ADP", "on"), ("Venezuelan", 8, "amod", "ADJ", "venezuelan"),
    ("territory", 6, "pobj", "NOUN", "territory"), (".", 5, "punct", "PUNCT", "."),
]


def test_a_ban_on_use_in_the_country_a_deployment_ban_covers_is_that_ban(blank_nlp):
    """'Britain lets Guyana use Starstreak missiles over Essequibo. The missiles must not be
    deployed on Venezuelan territory. The missiles may not be used over Venezuelan territory.':
    with no strikes across a border granted, both bans keep the weapons out of Venezuela --
    one restriction (on where they are), not a second one on strikes."""
    from pipeline.resolve import resolve_corpus
    rows = _joined(BRITAIN_LETS, MISSILES_NOT_DEPLOYED, MISSILES_NOT_OVER_VENEZUELA)
    x = run(blank_nlp, rows, tags={14: "VBN", 24: "VBN"})
    assert [(r.modality, r.action) for r in x.rules] == [
        ("permission", "WeaponUse"), ("prohibition", "Deployment"), ("prohibition", "CrossBorderStrike")]
    resolve_corpus([x])
    assert [r.action for r in x.rules if r.modality == "prohibition"] == ["Deployment", "Deployment"]


def test_a_ban_on_use_stays_apart_where_strikes_across_the_border_are_granted(blank_nlp):
    """'Latvia lets Ukraine fire M109 howitzers into Russia' beside bans on deploying in and
    using over Venezuela (the same parties here, to test the guard): a party that may strike
    across a border has a ban on strikes of its own, kept apart from where it may deploy."""
    from pipeline.resolve import resolve_corpus
    rows = _joined(BRITAIN_LETS[:6] + [("into", 3, "prep", "ADP", "into"),
                                       ("Venezuela", 6, "pobj", "PROPN", "Venezuela"),
                                       (".", 1, "punct", "PUNCT", ".")],
                   MISSILES_NOT_DEPLOYED, MISSILES_NOT_OVER_VENEZUELA)
    x = run(blank_nlp, rows, tags={15: "VBN", 25: "VBN"})
    resolve_corpus([x])
    assert sorted(r.action for r in x.rules if r.modality == "prohibition") == [
        "CrossBorderStrike", "Deployment"]


# ------------------------------------------------------------------ mentions: names
SOUTH_AMERICAN = [
    ("Britain", 1, "nsubj", "PROPN", "Britain"), ("lets", 1, "ROOT", "VERB", "let"),
    ("the", 5, "det", "DET", "the"), ("South", 4, "compound", "PROPN", "South"),
    ("American", 5, "amod", "ADJ", "american"), ("country", 6, "nsubj", "NOUN", "country"),
    ("use", 1, "ccomp", "VERB", "use"), ("Starstreak", 8, "compound", "PROPN", "Starstreak"),
    ("missiles", 6, "dobj", "NOUN", "missile"), (".", 1, "punct", "PUNCT", "."),
]


def test_a_demonym_after_a_compass_word_is_no_mention_of_the_state(blank_nlp):
    """'Britain lets the South American country use Starstreak missiles': "American" after
    "South" names the continent's people, not the United States."""
    x = run(blank_nlp, SOUTH_AMERICAN)
    assert "us" not in [e.key for e in x.entities]
    assert "uk" in [e.key for e in x.entities]


NAME_CUT_OFF = [
    ("Joanna", 1, "compound", "PROPN", "Joanna"), ("Malec", 2, "nsubj", "PROPN", "Malec"),
    ("covers", 2, "ROOT", "VERB", "cover"), ("Guyana", 2, "dobj", "PROPN", "Guyana"),
    (".", 2, "punct", "PUNCT", "."),
]


def test_a_first_name_the_tagger_cut_from_the_surname_is_the_full_name(blank_nlp):
    """'Joanna Malec covers Guyana.' with only "Joanna" tagged a person: the untagged proper
    noun it qualifies is the surname, so the person is Joanna Malec, not "Joanna"."""
    x = run(blank_nlp, NAME_CUT_OFF, ents=["B-PERSON", "O", "O", "O", "O"])
    people = [e.label for e in x.entities if e.category == "Person"]
    assert people == ["Joanna Malec"]


# ------------------------------------------------------------------ one ban on strikes, told twice
def _may_not_fire(deep: bool):
    """'Ukraine may not fire ATACMS [deep] inside Russia.'"""
    rows = [
        ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("may", 3, "aux", "AUX", "may"),
        ("not", 3, "neg", "PART", "not"), ("fire", 3, "ROOT", "VERB", "fire"),
        ("ATACMS", 3, "dobj", "PROPN", "ATACMS")]
    if deep:
        rows.append(("deep", 6, "advmod", "ADV", "deep"))
    n = len(rows)
    return rows + [("inside", 3, "prep", "ADP", "inside"), ("Russia", n, "pobj", "PROPN", "Russia"),
                   (".", 3, "punct", "PUNCT", ".")]


def test_a_ban_on_strikes_in_a_country_beside_the_deep_strike_ban_is_that_ban(blank_nlp):
    """'Ukraine may not fire ATACMS inside Russia. Ukraine may not fire ATACMS deep inside
    Russia.': one article, the same parties, weapons and country -- the looser wording tells
    the deep-strike ban, not a second ban on crossing the border."""
    x = run(blank_nlp, _joined(_may_not_fire(False), _may_not_fire(True)))
    assert [(r.modality, r.issuer.key, r.bound.key, r.action) for r in x.rules] == [
        ("prohibition", "us", "ukraine", "DeepStrike"), ("prohibition", "us", "ukraine", "DeepStrike")]
    alone = run(blank_nlp, _may_not_fire(False))
    assert [r.action for r in alone.rules] == ["CrossBorderStrike"]


AUTHOR_NOTE = [
    ("By", 0, "ROOT", "ADP", "by"), ("Joanna", 2, "compound", "PROPN", "Joanna"),
    ("Malec", 0, "pobj", "PROPN", "Malec"), ("\n\n", 0, "dep", "SPACE", "\n\n"),
    ("Joanna", 5, "compound", "PROPN", "Joanna"), ("Malec", 6, "nsubj", "PROPN", "Malec"),
    ("covers", 6, "ROOT", "VERB", "cover"), ("the", 8, "det", "DET", "the"),
    ("Americas", 6, "dobj", "PROPN", "Americas"), (".", 6, "punct", "PUNCT", "."),
]


def test_a_note_on_the_by_line_author_names_nothing_of_the_story(blank_nlp):
    """'By Joanna Malec' ... 'Joanna Malec covers the Americas.': a paragraph that opens with
    the by-line author's full name is a note on the reporter; neither the reporter nor the
    region covered is an entity of the story."""
    ents = ["O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "B-LOC", "O"]
    x = run(blank_nlp, AUTHOR_NOTE, ents=ents)
    assert x.entities == []


# ------------------------------------------------------------------ dates: the day a licence was issued
LICENCE_ISSUED = [
    ("The", 1, "det", "DET", "the"), ("licence", 3, "nsubjpass", "NOUN", "licence"),
    ("was", 3, "auxpass", "AUX", "be"), ("issued", 3, "ROOT", "VERB", "issue"),
    ("on", 3, "prep", "ADP", "on"), ("Monday", 4, "pobj", "PROPN", "Monday"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_the_day_the_licence_was_issued_dates_the_grant(blank_nlp):
    """'Britain lets Guyana use Starstreak missiles over Essequibo. The licence was issued on
    Monday.': the licence holds the grant, so the day it was issued is the day the grant
    was made (published Wednesday 2024-11-20: Monday is 2024-11-18)."""
    rows = _joined(BRITAIN_LETS, LICENCE_ISSUED)
    ents = ["O"] * (len(BRITAIN_LETS) + 5) + ["B-DATE", "O"]
    x = run(blank_nlp, rows, ents=ents, tags={len(BRITAIN_LETS) + 3: "VBN"})
    assert [(r.modality, r.effective) for r in x.rules] == [("permission", dt.date(2024, 11, 18))]


# ------------------------------------------------------------------ resolve: a grant of use told again
def _on(nlp, rows, published):
    from pipeline.extract import extract
    from pipeline.records import Document
    from test_extract_handbuilt import build
    doc = build(nlp, rows)
    return extract(Document(id=str(published), text=doc.text, published=published), doc,
                   nlp.get_pipe("caveat_gazetteer").gazetteer)


BRITAIN_LETS_STATION = [
    ("Britain", 1, "nsubj", "PROPN", "Britain"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Guyana", 3, "nsubj", "PROPN", "Guyana"), ("station", 1, "ccomp", "VERB", "station"),
    ("Starstreak", 5, "compound", "PROPN", "Starstreak"), ("missiles", 3, "dobj", "NOUN", "missile"),
    ("at", 3, "prep", "ADP", "at"), ("Eteringbang", 6, "pobj", "PROPN", "Eteringbang"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_grant_of_use_in_an_area_an_earlier_report_granted_stays_a_grant_of_use(blank_nlp):
    """April: 'Britain lets Guyana use Starstreak missiles over Essequibo.' June: 'Britain lets
    Guyana station Starstreak missiles at Eteringbang. Britain lets Guyana use Starstreak
    missiles over Essequibo.': the June recap is the April grant of use in the same area, not
    the stationing (the only other kind of thing Britain granted)."""
    from pipeline.resolve import resolve_corpus
    april = _on(blank_nlp, BRITAIN_LETS, dt.date(2027, 4, 8))
    june = _on(blank_nlp, _joined(BRITAIN_LETS_STATION, BRITAIN_LETS), dt.date(2027, 6, 2))
    assert [r.action for r in june.rules] == ["Deployment", "WeaponUse"]
    resolve_corpus([april, june])
    assert [r.action for r in june.rules] == ["Deployment", "WeaponUse"]
    assert [r.action for r in april.rules] == ["WeaponUse"]


# ------------------------------------------------------------------ issuer: another story's grant
SLOVAKIA_LETS = [
    ("Slovakia", 1, "nsubj", "PROPN", "Slovakia"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("fire", 1, "ccomp", "VERB", "fire"),
    ("howitzers", 3, "dobj", "NOUN", "howitzer"), ("into", 3, "prep", "ADP", "into"),
    ("Russia", 5, "pobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
]
THE_PERMISSION_LETS_ECUADOR = [
    ("The", 1, "det", "DET", "the"), ("permission", 2, "nsubj", "NOUN", "permission"),
    ("lets", 2, "ROOT", "VERB", "let"), ("Ecuador", 4, "nsubj", "PROPN", "Ecuador"),
    ("use", 2, "ccomp", "VERB", "use"), ("them", 4, "dobj", "PRON", "they"),
    ("in", 4, "prep", "ADP", "in"), ("Esmeraldas", 6, "pobj", "PROPN", "Esmeraldas"),
    (",", 2, "punct", "PUNCT", ","), ("and", 2, "cc", "CCONJ", "and"),
    ("it", 11, "nsubj", "PRON", "it"), ("forbids", 2, "conj", "VERB", "forbid"),
    ("any", 13, "det", "DET", "any"), ("use", 11, "dobj", "NOUN", "use"),
    ("against", 13, "prep", "ADP", "against"), ("protesters", 14, "pobj", "NOUN", "protester"),
    (".", 11, "punct", "PUNCT", "."),
]
BRAZIL_LETS_ECUADOR = [
    ("Brazil", 1, "nsubj", "PROPN", "Brazil"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Ecuador", 3, "nsubj", "PROPN", "Ecuador"), ("use", 1, "ccomp", "VERB", "use"),
    ("Guarani", 5, "compound", "PROPN", "Guarani"), ("vehicles", 3, "dobj", "NOUN", "vehicle"),
    ("in", 3, "prep", "ADP", "in"), ("Esmeraldas", 6, "pobj", "PROPN", "Esmeraldas"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_a_grant_of_another_story_does_not_take_the_articles_issuer(blank_nlp):
    """'Slovakia lets Ukraine fire howitzers into Russia. The permission lets Ecuador use them
    in Esmeraldas, and it forbids any use against protesters.': the second sentence binds a
    party Slovakia's rules here do not bind, so Slovakia is only a fallback issuer; "it" is
    the permission (not Ecuador), and the ban binds the party its sentence's grant binds."""
    x = run(blank_nlp, _joined(SLOVAKIA_LETS, THE_PERMISSION_LETS_ECUADOR))
    assert _rules(x) == [("permission", "slovakia", "ukraine"), ("permission", None, "ecuador"),
                         ("prohibition", None, "ecuador")]
    assert [r.fallback_issuer.key for r in x.rules[1:]] == ["slovakia", "slovakia"]


def test_another_report_names_the_issuer_of_a_grant_its_article_leaves_unsaid(blank_nlp):
    """The same article beside a report 'Brazil lets Ecuador use Guarani vehicles in
    Esmeraldas': the one issuer the corpus names for Ecuador issues the grant and the ban;
    with no such report, the article's issuer stands in, as before."""
    from pipeline.resolve import resolve_corpus
    article = _joined(SLOVAKIA_LETS, THE_PERMISSION_LETS_ECUADOR)
    brazil = _on(blank_nlp, BRAZIL_LETS_ECUADOR, dt.date(2027, 8, 11))
    x = _on(blank_nlp, article, dt.date(2027, 9, 8))
    resolve_corpus([brazil, x])
    assert _rules(x) == [("permission", "slovakia", "ukraine"), ("permission", "brazil", "ecuador"),
                         ("prohibition", "brazil", "ecuador")]
    alone = _on(blank_nlp, article, dt.date(2027, 9, 8))
    resolve_corpus([alone])
    assert _rules(alone) == [("permission", "slovakia", "ukraine"), ("permission", "slovakia", "ecuador"),
                             ("prohibition", "slovakia", "ecuador")]


def test_a_deployment_ban_naming_an_area_at_home_takes_no_ban_on_use_abroad():
    """'The batteries must not be deployed or used outside the Odesa region, and they must not
    be fired at targets over Crimea or in Russian airspace': the deployment ban keeps the
    weapons inside a region at home; the ban on firing into Russia stays a ban of its own,
    though the sentence's places reach both (found with blind11 after the merge)."""
    from pipeline.records import Document, DocumentExtraction, EntityRef, RuleRecord, Span
    from pipeline.resolve.corpus import fold_use_into_deployment
    romania = EntityRef("romania", "Romania", "Country")
    ukraine = EntityRef("ukraine", "Ukraine", "Country")
    odesa = EntityRef("odesa_oblast", "Odesa", "Place", country="ukraine")
    russia = EntityRef("russia", "Russia", "Country")
    span = Span(0, 4, "text")
    deploy = RuleRecord("prohibition", "Deployment", "deployed", span, romania, ukraine, scope_in=[odesa, russia])
    fire = RuleRecord("prohibition", "CrossBorderStrike", "fired", span, romania, ukraine, scope_in=[russia])
    x = DocumentExtraction(Document("d", "text"), rules=[deploy, fire])
    fold_use_into_deployment([x])
    assert fire.action == "CrossBorderStrike"
    deploy.scope_in = [russia]  # out of the country: the ban on firing there is the same ban
    fold_use_into_deployment([x])
    assert fire.action == "Deployment"
