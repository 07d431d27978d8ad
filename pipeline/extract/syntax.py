"""Small dependency-tree helpers shared by the extractors."""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from ..nlp.components import DATELINE
from ..nlp.loader import CUES_KEY
from ..records import Span as TextSpan
from .dates import DAY_HOURS, MONTHS, WEEKDAYS, following
from .words import WORDS

CLIMB = {"xcomp", "ccomp", "advcl", "conj", "acl", "pcomp", "prep", "pobj", "dobj", "attr",
         "oprd", "relcl", "advmod", "npadvmod", "appos", "acomp"}
SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
ATTACK_VERBS = WORDS["attack_verbs"]  # "shoot down the Su-34 bombers": what is hit


def cues(doc: Doc) -> dict[int, set[str]]:
    """token index -> cue labels of the cue spans that start or cover it."""
    out: dict[int, set[str]] = {}
    for sp in doc.spans.get(CUES_KEY, []):
        for t in sp:
            out.setdefault(t.i, set()).add(sp.label_)
    return out


def cue_spans(doc: Doc, label: str, within: Span | None = None) -> list[Span]:
    """The cue spans of one label (optionally inside ``within``), indexed once per Doc:
    iterating a SpanGroup builds new Span objects every time."""
    by_label = doc.user_data.get("caveat_cues_by_label")
    if by_label is None:
        by_label = {}
        for sp in doc.spans.get(CUES_KEY, []):
            by_label.setdefault(sp.label_, []).append(sp)
        doc.user_data["caveat_cues_by_label"] = by_label
    spans = by_label.get(label, [])
    if within is not None:
        lo, hi = within.start, within.end
        spans = [s for s in spans if s.start >= lo and s.end <= hi]
    return spans


def target_tokens(doc: Doc, within: Span) -> set[int]:
    """Indices of the tokens inside TARGET cues ("ammunition depots", "artillery positions"):
    a weapon word there names what is hit, not what a rule lets fire."""
    return {i for sp in cue_spans(doc, "TARGET", within) for i in range(sp.start, sp.end)}


def aimed_at(doc: Doc, tokens, within: Span) -> set[int]:
    """Indices of what ``tokens`` aim at, not what they fire: the object of "against" or
    "at" ("against Russian artillery positions"), of an attack verb ("shoot down the Su-34
    bombers"), and the targets the lexicon names (``target_tokens``)."""
    out = target_tokens(doc, within)
    for t in tokens:
        if t.dep_ == "prep" and t.lower_ in ("against", "at"):
            out |= {g.i for c in t.children if c.dep_ == "pobj" for g in c.subtree}
        elif t.pos_ == "VERB" and t.lemma_ in ATTACK_VERBS:
            out |= {g.i for c in t.children if c.dep_ == "dobj" for g in c.subtree}
    return out


def sentences(doc: Doc) -> list[Span]:
    """``doc.sents`` as a list, built once per Doc: ``doc.sents`` builds new spans on every access."""
    sents = doc.user_data.get("caveat_sents")
    if sents is None:
        sents = doc.user_data["caveat_sents"] = list(doc.sents)
    return sents


def sentences_before(tok: Token, back: int) -> list[Token]:
    """The tokens of the ``back`` sentences before ``tok``'s own (fewer at the start)."""
    sents = sentences(tok.doc)
    i = bisect.bisect_right([s.start for s in sents], tok.i) - 1
    return [t for s in sents[max(0, i - back):i] for t in s]


def date_ents(doc: Doc, within: Span | None = None) -> list[Span]:
    """DATE entities (optionally inside ``within``), listed once per Doc: ``doc.ents``
    and ``span.ents`` rebuild their spans on every access."""
    dates = doc.user_data.get("caveat_dates")
    if dates is None:
        # "On Monday night": a time of a named day is a day too (the NER calls it TIME); so
        # are whole days counted in hours ("48 hours before Wednesday's announcement")
        dates = doc.user_data["caveat_dates"] = sorted([_with_day(e) for e in doc.ents if e.label_ == "DATE" or (
            e.label_ == "TIME" and (any(t.lower_ in WEEKDAYS for t in e)
                                    or DAY_HOURS.fullmatch(e.text.strip())))] + _following_days(doc),
                                                       key=lambda e: e.start)
    if within is None:
        return dates
    return [e for e in dates if e.start >= within.start and e.end <= within.end]


def _following_days(doc: Doc) -> list[Span]:
    """ "The ministry denied the report the following day": a day counted from the one named
    before, which the NER may leave untagged (tagged ones are its own DATE entities)."""
    out = []
    for t in doc[:-2]:
        if t.lower_ == "the" and not t.ent_type_ and not doc[t.i + 2].ent_type_:
            span = doc[t.i:t.i + 3]
            if following(span.text) is not None:
                out.append(Span(doc, t.i, t.i + 3, label="DATE"))
    return out


def _with_day(ent: Span) -> Span:
    """ "applies from 11 October", tagged "11" (CARDINAL) + "October" (DATE): a day of the
    month just before a month name belongs to the date."""
    doc = ent.doc
    if ent.start > 0 and ent[0].lower_.rstrip(".") in MONTHS:
        day = doc[ent.start - 1]
        if day.text.isdigit() and 1 <= int(day.text) <= 31 and day.ent_type_ in ("", "CARDINAL", "DATE"):
            return Span(doc, ent.start - 1, ent.end, label="DATE")
    return ent


def subject(tok: Token, max_hops: int = 8) -> tuple[Token | None, bool]:
    """The grammatical subject governing ``tok`` (climbing through complements).

    Returns (subject token, passive?). A relative pronoun stands for the noun
    its clause modifies.
    """
    t = tok
    for _ in range(max_hops):
        subs = [c for c in t.children if c.dep_ in SUBJ and c.dep_ != "expl"]
        if subs:
            # two subjects are a misparse ("...; Rome's clock; Tokyo clears patrols", a run of
            # headlines): the nearest one before the verb is its own
            s = max((c for c in subs if c.i < t.i), key=lambda c: c.i, default=subs[0])
            if s.dep_ == "csubj":
                # "Ukrainian pilots flying F-16 jets may now attack": the parser makes the
                # participle the subject; its own subject is who acts
                inner = next((c for c in s.children if c.dep_ == "nsubj"), None)
                if inner is not None:
                    return inner, False
            if s.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                return t.head, False
            return s, s.dep_ in ("nsubjpass", "csubjpass")
        if t.dep_ == "relcl":
            return t.head, False
        if t.dep_ in CLIMB and t.head.i != t.i:
            t = t.head
            continue
        break
    return None, False


def agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def negated(tok: Token) -> bool:
    """'not', "n't", 'never' on the verb or, for conjoined verbs, on the first one."""
    for t in (tok, tok.head if tok.dep_ == "conj" else None):
        if t is None:
            continue
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never", "no"):
                return True
            if c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
                return True  # "may no longer use"
    return False


def modals(tok: Token) -> set[str]:
    out = set()
    for t in (tok, tok.head if tok.dep_ in ("conj", "xcomp") else None):
        if t is not None:
            out |= {c.lemma_.lower() for c in t.children if c.dep_ in ("aux", "auxpass")}
    return out


def ancestors_upto(tok: Token, limit: int = 6) -> list[Token]:
    out, t = [], tok
    while t.head.i != t.i and len(out) < limit:
        t = t.head
        out.append(t)
    return out


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy rebuilds the string on every access (O(n) each)."""
    text = doc.user_data.get("caveat_text")
    if text is None:
        text = doc.user_data["caveat_text"] = doc.text
    return text


def quote(sent: Span) -> TextSpan:
    """The sentence as verbatim evidence (whitespace trimmed, offsets kept exact)."""
    text = doc_text(sent.doc)
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TextSpan(start=start, end=end, text=text[start:end])


def clause_text(toks: list[Token], limit: int = 30) -> str:
    if not toks:
        return ""
    toks = sorted(toks, key=lambda t: t.i)
    lo, hi = toks[0].i, toks[-1].i + 1
    if hi - lo > limit:
        hi = lo + limit
    span = toks[0].doc[lo:hi]
    return span.text.strip(" ,;:—-\"“”'")




def in_dateline(span: Span) -> bool:
    """'WASHINGTON, Nov. 18 (Agency) - ...': the date there is the filing date, not an event."""
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    m = DATELINE.match(text[line_start: line_start + 160])
    return bool(m) and span.end_char <= line_start + m.end()


def pushed_infinitive(tok: Token) -> Token | None:
    """'Ukraine's deputy minister, Taras Hnatiuk, pressed Italian officials on Monday to let
    Ukraine use the missiles', parsed with 'pressed' as an adjective of 'officials' after the
    comma that closes the apposition: the infinitive the misread verb asks for (the first verb
    after it with 'to', before any finite verb). None for a well-parsed verb."""
    doc = tok.doc
    if tok.dep_ not in ("amod", "acl") or tok.tag_ not in ("VBD", "VBN") or tok.i < 2 \
            or doc[tok.i - 1].text != "," or (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "by"):
        return None
    for t in doc[tok.i + 1: tok.sent.end]:
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return t
        if t.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            return None
    return None
