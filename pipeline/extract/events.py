"""Dated events for the timeline: what a resolvable date expression attaches to.

"Russia's Kharkiv assault on May 10" (a noun: the phrase is the event),
"Biden then met on May 17 with Blinken" (a verb: subject + verb + object),
"Three days after <...> on May 10, Sullivan ... held a video call" (offset
from an anchor date in the same phrase).
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from ..records import EventRecord
from . import dates
from .mentions import Mentions
from .syntax import date_ents, in_dateline, quote
from .words import WORDS

CORE_DEPS = {"dobj", "prt", "attr", "acomp", "dative", "neg", "auxpass", "oprd"}
DURATION_WORDS = WORDS["duration_words"]
# "will mark the 80th anniversary of the liberation on 25 October 1944": a commemoration
COMMEMORATION_NOUNS = WORDS["commemoration_nouns"]
# "ninety years since ...": units of time elapsed since a day
ELAPSED_UNITS = DURATION_WORDS | WORDS["elapsed_units"]


def _governor(ent: Span) -> Token:
    head = ent.root.head
    if ent.root.dep_ == "compound" and head.pos_ == "PROPN" and head.dep_ == "pobj":
        head = head.head  # "on Friday Norway will mark ...": parsed as a name's modifier
    while head.dep_ == "prep" or head.pos_ == "ADP":
        if head.head.i == head.i:
            break
        head = head.head
    return head


def _phrase(tok: Token, limit: int = 8) -> list[Token]:
    """A short rendering of a noun phrase: its entity, or head plus left modifiers."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_iob_ != "O":
        for e in doc.ents:
            if e.start <= tok.i < e.end:
                return list(e)
    left = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("punct", "cc", "conj")]
    return left[-limit:]


def _label(head: Token, skip: set[int]) -> tuple[str, list[Token]]:
    if head.pos_ in ("NOUN", "PROPN"):
        toks = [t for t in _phrase(head, 10) if t.i not in skip]
    else:
        toks = []
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            toks += _phrase(subj)
        toks += [c for c in head.children if c.dep_ in ("aux", "neg", "auxpass") and c.i < head.i]
        toks.append(head)
        for c in head.children:
            if c.dep_ in CORE_DEPS:
                toks += [t for t in c.subtree if t.i not in skip][:8]
        first_prep = next((c for c in head.children if c.dep_ == "prep" and c.i > head.i
                           and not any(t.i in skip for t in c.subtree)), None)
        if first_prep is not None:
            clause = {t.i for c in first_prep.subtree if c.dep_ in ("relcl", "acl") for t in c.subtree}
            toks += [t for t in first_prep.subtree if t.i not in clause][:6]
    toks = sorted({t.i: t for t in toks if t.i not in skip}.values(), key=lambda t: t.i)
    text = " ".join(t.text for t in toks).replace(" 's", "'s").replace(" ’s", "’s").replace(" ,", ",")
    return text.strip(" ,"), toks


def extract_events(m: Mentions, published: dt.date | None) -> list[EventRecord]:
    doc = m.doc
    out: list[EventRecord] = []
    dates_in_doc = date_ents(doc)
    for k, ent in enumerate(dates_in_doc):
        if in_dateline(ent) or _restated(ent, dates_in_doc[k + 1:]):
            continue
        if ent.text.lower().strip() in DURATION_WORDS or "-" in ent.text and not ent.text[:1].isdigit():
            continue
        head = _governor(ent)
        if _still_to_come(head) or _commemorated(head):
            continue
        future = _tense(head)
        if future is None and head.pos_ in ("NOUN", "PROPN"):
            # "in Monday's Republic Day parade" under "is due to roll": the verb above tells
            verb = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is not None and _tense(verb):
                continue  # a scheduled occasion the story mentions, not one of its events
        if future is None and head.dep_ == "relcl" and _present(head) and _tense(head.head.head) \
                and head.head.dep_ in ("nsubj", "nsubjpass"):
            # "the presidential term that begins on 29 May will bring new faces": what the
            # subject of a future verb is, told in the present, is scheduled too
            continue
        day = dates.resolve(ent.text, published, future=future)
        if future is None and _present(head) and published is not None:
            # "Germans vote in a snap election on Feb. 23", "From April 1, weapons must not be
            # used ...": a present verb with a day is what is scheduled or what happened,
            # whichever day is nearer publication
            ahead = dates.resolve(ent.text, published, future=True)
            if ahead is not None and (day is None or abs((ahead - published).days) < abs((day - published).days)):
                day = ahead
        if ent.root.head.dep_ == "prep" and ent.root.head.lower_ == "from" and published is not None:
            # "rule lifted from 1 April": a start, which may still be ahead of publication
            day = dates.nearest(ent.text, published) or day
        if day is None:
            day = _offset_day(ent, dates_in_doc, published)
        if day is None:
            back = offset_back(ent, dates_in_doc, published)
            if back is not None:
                # "on 15 May, five days after Russian troops crossed the border": the
                # clause after "after" happened five days before the anchor
                head, day = back
        if day is None:
            continue
        if published is not None and (published - day).days > 366 and any(
                t.lemma_.lower() in COMMEMORATION_NOUNS for t in ent.sent):
            # "The war's fourth anniversary ... speeches about the invasion that began on 24
            # February 2022": in a sentence about an anniversary, a day over a year before the
            # report is the one remembered, history rather than an event of the story
            continue
        if published is not None and (published - day).days > 366 and _aside_on_a_name(head):
            # "Croatia, which the European Community recognised on 15 January 1992, has
            # promised ...": an aside that describes a named entity by its history
            continue
        skip = {t.i for t in ent}
        skip |= {t.i for t in ent.root.head.subtree} if ent.root.head.dep_ == "prep" and ent.root.head.head == head else set()
        label, toks = _label(head, skip)
        if len(label) < 3:
            continue
        out.append(EventRecord(date=day, label=label, trigger=head.lemma_.lower(),
                               evidence=quote(ent.sent),
                               participants=m.in_tokens(toks, ("Person", "Country", "Organization"))))
    return out


def _aside_on_a_name(head: Token) -> bool:
    """Is ``head`` the verb of a relative clause set off by a comma after a proper name
    ("Croatia, which ... recognised")?"""
    name = head.head
    return head.dep_ == "relcl" and name.pos_ == "PROPN" and name.i + 1 < len(head.doc) \
        and head.doc[name.i + 1].text == ","


def _restated(ent: Span, later: list[Span]) -> bool:
    """ "From Monday, 10 April, ...": a day of the week the next date names again, in full;
    that one dates the event (the weekday alone would be read as the last one gone by)."""
    if not all(t.lower_ in dates.WEEKDAYS for t in ent if not t.is_punct):
        return False
    nxt = later[0] if later else None
    return nxt is not None and nxt.start > ent.end - 1 and all(t.is_punct for t in ent.doc[ent.end:nxt.start]) \
        and any(t.lower_.rstrip(".") in dates.MONTHS for t in nxt)


def _offset_day(ent: Span, date_ents: list[Span], published) -> dt.date | None:
    """ "Three days after Russia's assault on May 10" -> May 13."""
    doc = ent.doc
    step = dates.following(ent.text)
    if step is not None:
        # "On Monday, a paper reported ... The ministry denied it the next day"
        return _after_last_day(ent, date_ents, published, step)
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if ent[-1].lower_ in ("later", "earlier"):  # "Two days later" as one entity
        nxt = ent[-1]
    if nxt is None or nxt.lower_ not in ("after", "before", "later", "earlier"):
        return None
    n = dates.offset(ent.text if nxt in ent else ent.text + " " + nxt.text)
    if n is None:
        return None
    # "the day before" stands alone; "three weeks after it let Kyiv fly them" marks a clause
    # that happened before the news, not a day after it
    alone = nxt.lower_ in ("before", "after") and not any(True for _ in nxt.children) \
        and nxt.dep_ != "mark"
    if nxt.lower_ in ("later", "earlier") or alone:
        # "Two days later, ...", "spoke by phone the day before": counted from the last day
        # the text named before it, unless this sentence names its own day ("Two days later,
        # on May 15, ..."); "the day before" with no day named before: the report's
        if any(o is not ent and o.sent == ent.sent and dates.resolve(o.text, published) for o in date_ents):
            return None
        day = _after_last_day(ent, date_ents, published, n)
        if day is None and alone and published is not None:
            return published + dt.timedelta(days=n)
        return day
    anchor_toks = {t.i for t in nxt.subtree}
    for other in date_ents:
        if other is not ent and other.start in anchor_toks:
            base = dates.resolve(other.text, published)
            if base:
                return base + dt.timedelta(days=n)
    return None


def offset_back(ent: Span, date_ents: list[Span], published) -> tuple[Token, dt.date] | None:
    """ "<anchor date>, N days after <clause>" -> (the clause's verb, anchor - N)."""
    doc = ent.doc
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is None or nxt.lower_ not in ("after", "before"):
        return None
    n = dates.offset(ent.text + " " + nxt.text)
    if nxt.dep_ == "mark":  # "five days after Russian troops crossed": 'after' marks the clause
        clause = nxt.head
    else:
        clause = next((t for t in nxt.subtree if t.pos_ in ("VERB", "AUX")
                       and t.dep_ in ("pcomp", "pobj", "ccomp", "advcl")), None)
    if n is None or clause is None:
        return None
    inside = {t.i for t in clause.subtree} | {t.i for t in nxt.subtree}
    for other in date_ents:
        if other is ent or other.sent != ent.sent or other.start in inside or in_dateline(other):
            continue
        base = dates.resolve(other.text, published)
        if base:
            return clause, base - dt.timedelta(days=n)
    return None


def _after_last_day(ent: Span, date_ents: list[Span], published, days: int) -> dt.date | None:
    """``days`` after the last day named before ``ent`` (in the sentences just before it, not
    in a dateline), unless ``ent``'s own sentence names a day of its own; None without one."""
    if any(o is not ent and o.sent == ent.sent and dates.resolve(o.text, published) for o in date_ents):
        return None
    before = [o for o in date_ents if o.end <= ent.start and o.sent.start >= _prev_sent_start(ent)
              and not in_dateline(o)]
    for o in reversed(before):
        base = dates.resolve(o.text, published)
        if base:
            return base + dt.timedelta(days=days)
    return None


def _prev_sent_start(ent: Span, back: int = 6) -> int:
    """Start of the window an anaphoric date ("two days later") looks back in."""
    start = ent.sent.start
    for _ in range(back):
        if start == 0:
            break
        start = ent.doc[start - 1].sent.start
    return start


PRESENT_MODALS = {"must", "may", "might", "can", "should"}
SCHEDULED = WORDS["scheduled_words"]  # "is due to <verb>": the future
# not "after", "once", "when": "may use them once the law takes effect on May 1" dates a rule
DEADLINE_MARKS = {"before", "until", "till"}


def _still_to_come(verb: Token) -> bool:
    """'... likely to revisit it before NATO defence ministers meet on Feb. 12': a present
    verb in a clause of a deadline speaks of what is still to come, not of what happened."""
    return verb.dep_ == "advcl" and verb.tag_ in ("VBP", "VBZ") \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children) \
        and any(c.dep_ == "mark" and c.lower_ in DEADLINE_MARKS for c in verb.children)


def _commemorated(head: Token) -> bool:
    """'Norway will mark the 80th anniversary of the town's liberation ... on 25 October
    1944': neither the ceremony nor the day it remembers is an event of the story."""
    near = [head, *(c for c in head.children if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass"))]
    # "is expected to travel to Kyiv next Tuesday for the fourth anniversary of ...": a trip
    # made for a commemoration is the ceremony's, as "will mark the anniversary" is
    near += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "for"
             for g in c.children if g.dep_ == "pobj"]
    t = head
    for _ in range(3):
        if t.head.i == t.i:
            break
        t = t.head
        near.append(t)
    if any(t.lemma_.lower() in COMMEMORATION_NOUNS for t in near):
        return True
    # "This year marks ninety years since the Montreux Convention of 20 July 1936": the time
    # elapsed since a past day is counted, the day is history
    t = head
    for _ in range(4):
        since = t.head if t.head.lower_ == "since" else next(
            (c for c in t.children if c.lower_ == "since" and c.dep_ in ("mark", "prep")), None)
        over = None
        if since is not None:
            # "ninety years since ...": the unit is what "since" hangs on, or its verb's object
            over = since.head if since.head.i != t.i else t.head
        elif any(g.lower_ == "since" and g.dep_ == "mark" for c in t.children if c.dep_ == "advcl"
                 for g in c.children):
            # "Next Monday marks sixteen years since North Korean guns shelled ...": the
            # clause "since" opens hangs on the verb that counts the years
            over = t
        if over is not None:
            if over.lemma_.lower() in ELAPSED_UNITS or any(
                    c.lemma_.lower() in ELAPSED_UNITS and c.dep_ in ("dobj", "npadvmod", "attr")
                    for c in over.children):
                return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


def _present(verb: Token) -> bool:
    """A present verb ("vote", "applies") or a present modal ("must not be used")."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & PRESENT_MODALS) or (verb.tag_ in ("VBP", "VBZ") and not aux & {"has", "have", "had"})


def _tense(verb: Token) -> bool | None:
    """True for the future ("will meet", "is due to"), False for the past ("met",
    "has met"), None when the form does not tell (a noun, a bare present)."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"will", "'ll", "shall"} or verb.tag_ == "MD":
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in SCHEDULED:
        return True  # "is due to roll", "is set to meet"
    if aux & PRESENT_MODALS:
        return None  # "must not be used from April 1": from a day before or after publication
    if verb.tag_ in ("VBD", "VBN") or aux & {"had", "has", "have", "did", "was", "were"}:
        return False
    return None
