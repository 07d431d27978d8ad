"""Date normalisation against the publication date."""
import datetime as dt

import pytest

from pipeline.extract import dates

THU = dt.date(2024, 5, 30)  # a Thursday
FRI = dt.date(2024, 5, 31)


@pytest.mark.parametrize("text,published,expected", [
    ("Thursday", FRI, dt.date(2024, 5, 30)),
    ("Thursday", THU, dt.date(2024, 5, 30)),      # "said Thursday" on a Thursday
    ("on Sunday", dt.date(2024, 5, 29), dt.date(2024, 5, 26)),  # a Wednesday article
    ("last Friday", FRI, dt.date(2024, 5, 24)),
    ("May 15", FRI, dt.date(2024, 5, 15)),
    ("15 May", FRI, dt.date(2024, 5, 15)),
    ("Nov. 12", dt.date(2024, 11, 18), dt.date(2024, 11, 12)),
    ("Sept. 26", dt.date(2024, 10, 11), dt.date(2024, 9, 26)),
    ("December 30", dt.date(2025, 1, 3), dt.date(2024, 12, 30)),  # last year's
    ("June 3, 2023", FRI, dt.date(2023, 6, 3)),
    ("2024-04-04", FRI, dt.date(2024, 4, 4)),
    ("two days ago", FRI, dt.date(2024, 5, 29)),
    ("yesterday", FRI, dt.date(2024, 5, 30)),
])
def test_resolves(text, published, expected):
    assert dates.resolve(text, published) == expected


@pytest.mark.parametrize("text", ["earlier this week", "in recent days", "April", "three weeks ago",
                                  "the last few days", "early June", "weeks", "Two days later"])
def test_vague_dates_stay_unresolved(text):
    assert dates.resolve(text, FRI) is None


def test_future_weekday():
    assert dates.resolve("Friday", THU, future=True) == FRI


def test_no_publication_date_means_no_relative_dates():
    assert dates.resolve("Thursday", None) is None
    assert dates.resolve("May 15", None) is None
    assert dates.resolve("May 15, 2024", None) == dt.date(2024, 5, 15)


@pytest.mark.parametrize("text,days", [("three days after", 3), ("two days later", 2),
                                       ("a day before", -1), ("two weeks after", 14)])
def test_offsets(text, days):
    assert dates.offset(text) == days


def test_last_year_is_said_outright():
    assert dates.resolve("Nov. 17 last year", dt.date(2025, 8, 25)) == dt.date(2024, 11, 17)


def test_a_later_day_without_a_year_follows_the_tense():
    aug = dt.date(2025, 8, 25)
    assert dates.resolve("Nov. 17", aug, future=False) == dt.date(2024, 11, 17)  # "lifted on Nov. 17"
    assert dates.resolve("Nov. 17", aug, future=True) == dt.date(2025, 11, 17)   # "will meet on Nov. 17"
    assert dates.resolve("Nov. 17", aug, future=None) is None                    # cannot tell: leave it


def test_an_earlier_day_without_a_year_spoken_of_as_future_is_next_years():
    dec = dt.date(2024, 12, 3)
    assert dates.resolve("Feb. 23", dec, future=True) == dt.date(2025, 2, 23)   # "will vote on Feb. 23"
    assert dates.resolve("Feb. 23", dec, future=False) == dt.date(2024, 2, 23)  # "voted on Feb. 23"
    assert dates.resolve("Dec. 2", dec, future=True) == dt.date(2024, 12, 2)    # a day or two back: this one


def _dated_clause(nlp, verb: str, tag: str):
    from spacy.tokens import Doc

    from pipeline.extract.events import extract_events
    from pipeline.extract.mentions import Mentions
    words = ["Germans", verb, "on", "Feb.", "23", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, True, False, False],
              heads=[1, 1, 1, 2, 3, 1], deps=["nsubj", "ROOT", "prep", "pobj", "nummod", "punct"],
              pos=["PROPN", "VERB", "ADP", "PROPN", "NUM", "PUNCT"], tags=["NNPS", tag, "IN", "NNP", "CD", "."],
              lemmas=["German", "vote", "on", "Feb.", "23", "."], ents=["O", "O", "O", "B-DATE", "I-DATE", "O"])
    doc = nlp.get_pipe("caveat_gazetteer")(doc)
    m = Mentions.build(doc, nlp.get_pipe("caveat_gazetteer").gazetteer)
    return [e.date for e in extract_events(m, dt.date(2024, 12, 3))]


def test_a_present_verb_with_a_day_takes_the_nearer_year(blank_nlp):
    assert _dated_clause(blank_nlp, "vote", "VBP") == [dt.date(2025, 2, 23)]    # scheduled
    assert _dated_clause(blank_nlp, "voted", "VBD") == [dt.date(2024, 2, 23)]   # happened


def test_a_present_modal_with_a_day_takes_the_nearer_year(blank_nlp):
    from spacy.tokens import Doc

    from pipeline.extract.events import extract_events
    from pipeline.extract.mentions import Mentions
    words = ["From", "April", "1", ",", "weapons", "must", "not", "be", "used", "in", "Russia", "."]
    doc = Doc(blank_nlp.vocab, words=words, spaces=[True, True, False, True, True, True, True, True, True, True, False, False],
              heads=[8, 0, 1, 8, 8, 8, 8, 8, 8, 8, 9, 8],
              deps=["prep", "pobj", "nummod", "punct", "nsubjpass", "aux", "neg", "auxpass", "ROOT", "prep", "pobj", "punct"],
              pos=["ADP", "PROPN", "NUM", "PUNCT", "NOUN", "AUX", "PART", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
              tags=["IN", "NNP", "CD", ",", "NNS", "MD", "RB", "VB", "VBN", "IN", "NNP", "."],
              lemmas=["from", "April", "1", ",", "weapon", "must", "not", "be", "use", "in", "Russia", "."],
              ents=["O", "B-DATE", "I-DATE"] + ["O"] * 9)
    doc = blank_nlp.get_pipe("caveat_gazetteer")(doc)
    m = Mentions.build(doc, blank_nlp.get_pipe("caveat_gazetteer").gazetteer)
    assert [e.date for e in extract_events(m, dt.date(2025, 3, 26))] == [dt.date(2025, 4, 1)]  # not 2024
