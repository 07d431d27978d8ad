"""Document-level consolidation of rule statements.

Sentences rarely say everything: "Ukraine will be allowed to ..." names no
issuer, "the decision only applies to ... the Kharkiv region" names no rule.
Within one article these refer to the decision the article reports, so the
gaps are filled from the document's other statements.
"""
from __future__ import annotations

import bisect
import dataclasses
from collections import Counter

from ..records import RuleRecord
from . import dates
from .events import _tense
from .mentions import Mentions
from .syntax import aimed_at, cue_spans, date_ents, in_dateline, negated, quote, sentences
from .words import WORDS

IMPOSE_VERBS = WORDS["impose_verbs"]  # "the conditions were set out on Monday": when set
AT_ONCE = WORDS["at_once_words"]  # "takes effect immediately", "with immediate effect"
FURTHER = WORDS["comparative_reach_words"]  # "deeper strikes": further than what is allowed
# "According to the decision, the systems may be deployed ...": what the decision says
PER_DECISION = WORDS["per_decision_phrases"]
GRANT_NOUNS = WORDS["grant_nouns"]  # "The licence was issued on 2 April": when the rules were set
TERMS_NOUNS = WORDS["terms_nouns"]  # "signed off on the end-use terms on Thursday": a decision taken


def _most_common(keys: list, refs: dict):
    return refs[Counter(keys).most_common(1)[0][0]] if keys else None


def consolidate(rules: list[RuleRecord], m: Mentions, cuemap, published,
                home: str | None = None) -> list[RuleRecord]:
    if not rules:
        return rules
    refs = {}
    for r in rules:
        for e in (r.issuer, r.bound, r.attributed_to):
            if e is not None:
                refs[e.key] = e
    issuer = _most_common([r.issuer.key for r in rules if r.issuer], refs)
    if issuer is None:
        speakers = [m.country(r.attributed_to.country) for r in rules
                    if r.attributed_to and r.attributed_to.country]
        speakers = [s for s in speakers if s]
        for s in speakers:
            refs[s.key] = s
        issuer = _most_common([s.key for s in speakers], refs)
    # (who may hand the weapons on is not who uses them: "cleared Poland to give Ukraine ...")
    bound = _most_common([r.bound.key for r in rules if r.bound and not r.handover], refs)
    if bound is None and home is not None:
        bound = m.country(home)
    guessed = bound is None  # no rule and no use names the party: a guess, local context first
    if bound is None:
        # the country most mentioned that neither issues nor is the target of strikes
        scoped = {s.key for r in rules for s in r.scope_in} | {
            s.country for r in rules for s in r.scope_in if s.country}
        countries = [ref.key for _, ref in m.spans if ref.category == "Country"
                     and ref.key not in scoped and (issuer is None or ref.key != issuer.key)]
        refs.update({ref.key: ref for _, ref in m.spans})
        bound = _most_common(countries, refs)
    issuers = {r.issuer.key for r in rules if r.issuer}
    # what each rule says itself, before any gap is filled
    stated = [(r, r.issuer, r.bound) for r in rules]
    for r in rules:
        if r.bound is None:
            # "... lets Ecuador's army use them ..., and it forbids any use against protesters":
            # a rule that names no party binds the one another rule of its sentence binds
            r.bound = next((b for o, i, b in stated if o is not r and b is not None
                            and o.evidence.start == r.evidence.start
                            and (r.issuer is None or i is None or i.key == r.issuer.key)), None)
        if r.issuer is None:
            # the weapon's maker when it decides something in this article too ("Kyiv given
            # green light for ATACMS" beside a US and a Swedish decision); else the rules of the
            # same story in the article; else the article's issuer (a Canadian decision on
            # US-made M777s); else the maker
            maker = _maker(r, m, {home, bound and bound.key})
            # (an earlier rule's issuer in its story: "They are also barred ..." after a grant of
            # Milkor drones whose issuer its supplier is, in an analysis whose most frequent
            # issuer rules on Tekever drones)
            story = (maker if maker is not None and maker.key in issuers else None) \
                or _same_story(r, stated, "issuer") or _story_supplier(r, m, stated) \
                or _same_story(r, [(o, o.issuer, o.bound) for o in rules if o is not r], "issuer") \
                or (_paragraph_issuer(r, rules, m.doc.text) if len(issuers) > 1 else None)
            guess = issuer
            if story is None and _binds_others(issuer, r, stated):
                # "The permission granted on 10 August lets Ecuador's army use them ..." in an
                # article whose issuer's rules bind Ukraine: another story, whose issuer the
                # other reports may name (pipeline.resolve)
                r.fallback_issuer, guess = issuer, None
            r.issuer = story or guess or maker
        if r.bound is None:
            mine = _same_story(r, stated, "bound")
            near = _party_nearby(r, m) if guessed else None
            if mine is not None and (r.issuer is None or mine.key != r.issuer.key):
                r.bound = mine
            elif near is not None:
                r.bound = near
            elif r.issuer is not None and bound is not None and _other_story(r, bound, stated):
                # a round-up: the main party is bound by others' rules, not this issuer's
                r.fallback_bound = bound if r.issuer.key != bound.key else None
            elif r.issuer is None or bound is None or r.issuer.key != bound.key:
                r.bound = bound

    # a state grants or bans nothing to itself: a party read as the issuer ("letting it fire
    # ...", with "it" taken for Seoul; "let South Korean-made weapons reach ...") is misread
    rules = [r for r in rules if not (r.issuer and r.bound and r.issuer.key == r.bound.key)]
    if not rules:
        return rules
    _upgrade_actions(rules)
    _beyond_the_reach(rules)
    _one_ban_on_strikes(rules)
    permissions = [r for r in rules if r.modality == "permission"]
    if permissions:
        rules = rules + _scope_statements(permissions[0], m, cuemap)
        _inherit_weapons(permissions[0], rules)
    # the article's lead decision (its first rule) is the one "the decision" dates refer to
    _effective_dates(rules[0], rules, m, cuemap, published)
    _conditions_set(rules[0], rules, m, cuemap, published)
    _effective_at_once(rules, m, published)
    _effective_now(rules, m)
    for r in rules:
        if r.effective and r.announced and r.effective < r.announced:
            r.announced = None  # "signed off Wednesday, announced Thursday": keep what is sure
    return rules


def _same_story(r: RuleRecord, stated, role: str):
    """The issuer (``role="issuer"``) or bound party a rule leaves unsaid, from the rules of
    the same story in the article: those that name its bound party (its issuer) or one of its
    weapons. A newsletter or fact-check tells several stories; the article's most frequent
    issuer or party belongs to one of them only (None when no rule of the story names one)."""
    mine = r.bound if role == "issuer" else r.issuer
    weapons = {w.key for w in r.weapons if not w.generic}
    keys, refs = [], {}
    for o, issuer, bound in stated:
        want, theirs = (issuer, bound) if role == "issuer" else (bound, issuer)
        if o is r or want is None or role == "bound" and o.handover and not r.handover:
            continue  # (the party that may hand the weapons on is not the one that uses them)
        # (a state that took a decision together with the issuer is of its story too)
        same = mine is not None and theirs is not None and (
            theirs.key == mine.key or role == "bound" and mine.key in o.joint)
        if same or weapons & {w.key for w in o.weapons if not w.generic}:
            keys.append(want.key)
            refs[want.key] = want
    return _most_common(keys, refs)


def _story_supplier(r: RuleRecord, m: Mentions, stated, back: int = 3):
    """In a round-up, a rule on a party no issuer of the article binds ("Inside those borders,
    Cairo is free to defend its airspace" in a section on Berlin's licence, in an article led
    by Seoul's decision): the supplier of the weapon system named last in its sentence or the
    few before, when that is not the party itself (None otherwise)."""
    told = [(i, b) for o, i, b in stated if o is not r and i is not None and b is not None]
    # (only where the article's rules bind others: its other story is told, this one is not)
    if r.bound is None or not told or any(b.key == r.bound.key for i, b in told):
        return None
    for _, ref in _mentions_near(r, m, back):
        if ref.category == "WeaponSystem" and ref.country and not ref.key.startswith("kind_"):
            return m.country(ref.country) if ref.country != r.bound.key else None
    return None


def _mentions_near(r: RuleRecord, m: Mentions, back: int):
    """The mentions (span, entity) in a rule's sentence and the ``back`` sentences before
    it, the last first."""
    doc = m.doc
    span = doc.char_span(r.evidence.start, r.evidence.end, alignment_mode="expand")
    if span is None or not len(span):
        return
    first, end = span[0].sent.start, span[0].sent.end
    for _ in range(back):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    for sp, ref in reversed(m.spans):
        if sp.start >= first and sp.end <= end:
            yield sp, ref


def _binds_others(issuer, r: RuleRecord, stated) -> bool:
    """Does the article state rules of ``issuer`` that bind a party, none of them ``r``'s
    bound party (which is not the issuer itself)?"""
    if issuer is None or r.bound is None or r.bound.key == issuer.key:
        return False
    theirs = {b.key for o, i, b in stated if i is not None and b is not None and i.key == issuer.key}
    return bool(theirs) and r.bound.key not in theirs


def _paragraph_issuer(r: RuleRecord, rules: list[RuleRecord], text: str):
    """'Britain's licence ... lets Guyana protect its airspace ... The missiles may not be
    used on or over Venezuelan territory': in an article telling of several issuers' rules, a
    rule that names neither party nor a weapon of its own goes on the story of the rule
    before it in the same paragraph (None when no rule with an issuer precedes it there)."""
    start = text.rfind("\n", 0, r.evidence.start) + 1
    before = [o for o in rules if o is not r and o.issuer is not None
              and start <= o.evidence.start < r.evidence.start]
    return max(before, key=lambda o: o.evidence.start).issuer if before else None


def _other_story(r: RuleRecord, bound, stated) -> bool:
    """Do the article's rules that bind ``bound`` come only from issuers other than ``r``'s
    (and does ``r``'s issuer state no rule of its own here)?"""
    issuers = {i.key for o, i, b in stated if i is not None and b is not None and b.key == bound.key}
    own = any(i is not None and i.key == r.issuer.key for o, i, b in stated if o is not r)
    return bool(issuers) and r.issuer.key not in issuers and not own


def _party_nearby(r: RuleRecord, m: Mentions, back: int = 3):
    """'Ankara's permission for Ukraine ... took effect. It loosened a rule ...': in an article
    that names the party of no rule, the state named last in the rule's sentence or the few
    before it, other than its issuer and the areas it covers; a nationality adjective
    ('Russian airspace') describes a place, not a party."""
    # the country of an area is no party ("strikes in Bryansk"), unless the area is named by a
    # word that stands for the state ("Kyiv-held ground")
    skip = {r.issuer.key if r.issuer else None} | {s.key for s in r.scope_in} | {
        s.country for s in r.scope_in if s.country and not m.metonyms.get(s.mention.lower())}
    for span, ref in _mentions_near(r, m, back):
        if ref.role == "media":
            continue
        state = m.as_state(ref)
        if state is None or state.category != "Country" or state.key in skip:
            continue
        if span.root.pos_ == "ADJ":
            continue
        return state
    return None


def _maker(r: RuleRecord, m: Mentions, users: set):
    """The last resort for an issuer when the article names none: the state that makes the
    weapons the rule lets fire (not the one it binds, nor the one using them) -- or the state
    the article says hands them on ("Romania will hand its Soviet-made Kub systems to
    Ukraine"), whose rules they are."""
    users = users | {r.bound.key if r.bound else None}
    for w in r.weapons:
        giver = m.handed_on().get(w.key)
        if giver is not None and giver.key not in users:
            return giver
        if w.country and not w.key.startswith("kind_") and w.country not in users:
            return m.country(w.country)
    return None


def _same_parties(a: RuleRecord, b: RuleRecord) -> bool:
    return (a.modality == b.modality and a.issuer and b.issuer and _same_issuer(a, b)
            and (a.bound.key if a.bound else None) == (b.bound.key if b.bound else None))


def _same_issuer(a: RuleRecord, b: RuleRecord) -> bool:
    """The same issuer, or one of the states that issued the other rule together with it."""
    return a.issuer.key == b.issuer.key or a.issuer.key in b.joint or b.issuer.key in a.joint


def _same_decision(a: RuleRecord, b: RuleRecord) -> bool:
    return _same_parties(a, b) and a.action == b.action


def _scope_statements(main: RuleRecord, m: Mentions, cuemap) -> list[RuleRecord]:
    """'the decision only applies to ... the Kharkiv region', 'The authorization is limited to ...'."""
    out = []
    for verb in _decision_limits(m, cuemap):
        sent = verb.sent
        toks = [t for t in sent if t.i > verb.i]
        places = m.in_tokens(toks, ("Place",))
        border = [s.text for s in cue_spans(m.doc, "BORDER", sent) if s.start > verb.i]
        targets = sorted({s.id_ for s in cue_spans(m.doc, "TARGET", sent) if s.id_ and s.start > verb.i})
        hit = aimed_at(m.doc, toks, sent)  # "ammunition depots" are hit, not fired
        weapons = m.in_tokens([t for t in toks if t.i not in hit], ("WeaponSystem",))
        # "is limited to counter-battery fire": what the decision allows it for
        purposes = sorted({s.id_ for s in cue_spans(m.doc, "PURPOSE", sent) if s.id_ and s.start > verb.i})
        if not (places or border or targets or weapons or purposes):
            continue
        out.append(dataclasses.replace(
            main, evidence=quote(sent), scope_in=places, scope_out=[], scope_text=border,
            targets=targets, weapons=weapons, purposes=purposes,
            attributed_to=None, change=None))
    return out


def _decision_limits(m: Mentions, cuemap) -> list:
    """The verbs of 'the decision applies to / is limited to / applies from ...' (SCOPE_LIMIT
    cues whose subject is the decision), not negated ("the shift does not extend to Taurus")."""
    out = []
    for sp in cue_spans(m.doc, "SCOPE_LIMIT"):
        verb = sp.root
        if negated(verb):
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and verb.dep_ == "conj":
            # "The decision took effect on Monday and is limited to ...": the first verb's subject
            subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and _is_decision(subj, cuemap):  # not a clause inside the decision
            out.append(verb)
    return out


def _is_decision(tok, cuemap) -> bool:
    """'the decision', 'the authorization' -- or 'it' right after a sentence about one."""
    if "DECISION_NOUN" in cuemap.get(tok.i, ()):
        return True
    if tok.lower_ in ("it", "this") and tok.sent.start > 0:
        prev = tok.doc[tok.sent.start - 1].sent
        return any(t.dep_ in ("nsubj", "nsubjpass") and "DECISION_NOUN" in cuemap.get(t.i, ()) for t in prev)
    return False


def _effective_dates(main: RuleRecord, rules, m: Mentions, cuemap, published) -> None:
    """'went into effect as of Thursday', 'only became effective on Thursday',
    'Biden took the decision on Sunday'."""
    # "takes effect on Thursday", "will take effect on 20 April": the tense of the effect
    spans = [(sp.root.sent.start, sp.root.sent.end, _effect_tense(sp.root), None)
             for sp in cue_spans(m.doc, "EFFECT")]
    # "took the decision on Sunday", "approved the permission on Tuesday", "signed off on the change"
    # -- not "No such decision has been taken", a denial; and the day of the taking itself, not
    # of another verb ("The decision was taken following a request submitted on 4 November")
    spans += [(sp.root.sent.start, sp.root.sent.end, False, sp.root) for sp in cue_spans(m.doc, "DECIDE_VERB")
              if not negated(sp.root) and any(
                  ("DECISION_NOUN" in cuemap.get(c.i, ()) or c.lemma_.lower() in TERMS_NOUNS)
                  and not any(d.lower_ == "no" for d in c.children)
                  for c in sp.root.subtree if c.head == sp.root or c.head.head == sp.root)]
    # "the change applied from Nov. 22": the date of the "from" phrase only
    spans += [(start, end, False, None) for start, end in _applies_from(m, cuemap)]
    for start, end, future, verb in spans:
        d = _first_day(m, start, end, published, future, verb)
        if d is None:
            continue
        sent = m.doc[start].sent
        here = [r for r in rules if sent.start_char <= r.evidence.start < sent.end_char]
        if here and not any(_same_decision(r, main) for r in here):
            # "Under Norway's waiver ..., which took effect on 1 September, units may ...": the
            # day the rule stated there took effect, not the lead decision's
            for r in here:
                r.effective = r.effective or d
            continue
        for r in rules:
            if (_same_decision(r, main) or _per_decision(r, m, cuemap)) and (
                    r is main or not _in_place_since(r, m)):
                r.effective = d
        return


def _per_decision(r: RuleRecord, m: Mentions, cuemap) -> bool:
    """'According to the decision, the Kub systems may be deployed and used ... in the
    Mykolaiv region': a rule told as the content of the decision the article reports is part
    of it, whatever its action, and takes its day."""
    span = m.doc.char_span(r.evidence.start, r.evidence.end, alignment_mode="expand")
    for t in span if span is not None else ():
        if "DECISION_NOUN" not in cuemap.get(t.i, ()) or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this") for c in t.children):
            continue
        prep = t.head
        words = [prep.lower_]
        if prep.head.i != prep.i and prep.head.dep_ == "prep":
            words.insert(0, prep.head.lower_)  # "according to", "in accordance with"
        for n in (1, 2, 3):
            if " ".join(words[-n:]) in PER_DECISION or " ".join(
                    w.lower_ for w in m.doc[max(prep.i - n + 1, 0):prep.i + 1]) in PER_DECISION:
                return True
    return False


def _conditions_set(main: RuleRecord, rules, m: Mentions, cuemap, published) -> None:
    """'The conditions were set out in a letter approved ... on Monday', 'The licence was
    issued by the Export Control Joint Unit on 2 April': the day the restrictions (or the
    licence that holds them) were set dates the lead decision and the issuer's bans that no
    sentence dates itself (a rule already dated keeps its day)."""
    licences = [sp for sp in cue_spans(m.doc, "PERMIT_NOUN") if sp.root.lemma_.lower() in GRANT_NOUNS]
    for sp in sorted([*cue_spans(m.doc, "RESTRICTION_NOUN"), *licences], key=lambda sp: sp.start):
        noun = sp.root
        verb = noun.head
        if noun.dep_ != "nsubjpass" or verb.lemma_ not in IMPOSE_VERBS or negated(verb):
            continue
        d = _first_day(m, verb.sent.start, verb.sent.end, published, False)
        if d is None:
            continue
        for r in rules:
            if r.effective or r.announced:
                continue
            if _same_decision(r, main) or (r.modality == "prohibition" and r.issuer and main.issuer
                                           and _same_issuer(r, main)):
                r.effective = d
        return


def _in_place_since(r: RuleRecord, m: Mentions) -> bool:
    """'The ban on taking any Australian vehicle more than 20 kilometres into Russia, in place
    since October, remains in force': a rule its sentence says has held since a day of its
    own is an earlier one, not the decision the article dates."""
    for ent in date_ents(m.doc, m.doc.char_span(r.evidence.start, r.evidence.end, alignment_mode="expand")):
        head = ent.root.head
        if head.lower_ == "since" and head.dep_ == "prep":
            return True
    return False


def _first_day(m: Mentions, start: int, end: int, published, future: bool | None = False, verb=None):
    """The first day a date in tokens ``start:end`` names (not a dateline's). ``future``
    None: a bare present ("The rules take effect on Thursday"), which speaks of what is
    scheduled: a weekday is the coming one, a date in the calendar either way. With ``verb``,
    only a date that verb governs (no other verb between)."""
    for ent in date_ents(m.doc, m.doc[start:end]):
        if verb is not None and _governing_verb(ent.root) not in (None, verb):
            continue
        if not in_dateline(ent):
            if future is None:
                d = dates.absolute(ent.text, published, None) or dates.resolve(ent.text, published, True)
            elif future:
                d = dates.resolve(ent.text, published, True)
            else:
                verb = ent.root.head.head if ent.root.head.dep_ == "prep" else ent.root.head
                # "takes effect on Monday, February 9" (in a Friday's article): a start that
                # may still be ahead, the nearer day; "took effect on ..." is past
                d = dates.resolve(ent.text, published) if _tense(verb) is False \
                    else dates.nearest(ent.text, published)
            if d:
                return d
    return None


def _governing_verb(tok):
    """The nearest verb above ``tok`` in the parse (None at the root)."""
    t = tok
    while t.head is not t:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _effect_tense(anchor) -> bool | None:
    """True for "will take effect", False for "took effect", None for "takes effect"."""
    verb = anchor
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    tense = _tense(verb)
    if tense is None and verb.tag_ not in ("VBZ", "VBP", "VB"):
        return False  # a form that tells nothing: as before, the past
    return tense


def _effective_at_once(rules, m: Mentions, published) -> None:
    """'The change takes effect immediately, she said', '... may again be used only on
    Ukrainian territory, with immediate effect': a rule said now to apply at once applies
    from the day of the report, when nothing else dates it. The rule is stated in that
    sentence or the nearest one before it (within two) that states one; a past "took
    effect immediately" with no day named leaves it undated."""
    if published is None:
        return
    sents = sentences(m.doc)
    index = {s.start: i for i, s in enumerate(sents)}
    for sp in cue_spans(m.doc, "EFFECT"):
        anchor = sp.root
        if not any(_at_once(t) for t in (*anchor.children, *anchor.head.children)):
            continue
        verb = anchor
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if _tense(verb) is False:
            continue
        sent = anchor.sent
        if any(dates.resolve(e.text, published) for e in date_ents(m.doc, sent) if not in_dateline(e)):
            continue  # a named day: ``_effective_dates``
        i = index.get(sent.start)
        if i is None:
            continue
        for s in (sents[j] for j in range(i, max(i - 3, -1), -1)):
            stated = [r for r in rules if s.start_char <= r.evidence.start < s.end_char]
            if stated:
                for r in stated:
                    if r.effective is None and r.announced is None:
                        r.effective = published
                break


def _effective_now(rules, m: Mentions, back: int = 2) -> None:
    """'India on Thursday lifted the condition ... Manila may now deploy a battery on ...': a
    permission said to hold "now", with no day of its own, holds from the day of the dated
    permission of the same issuer stated in the sentences just before it (within ``back``)."""
    sents = sentences(m.doc)
    starts = [s.start_char for s in sents]

    def index(r):
        return _sentence_at(starts, r.evidence.start)

    for r in rules:
        if r.modality != "permission" or r.effective or r.announced or r.issuer is None:
            continue
        i = index(r)
        if not any(t.lower_ == "now" and t.dep_ == "advmod" for t in sents[i]):
            continue
        before = [o for o in rules if o.modality == "permission" and (o.effective or o.announced)
                  and o.issuer is not None and o.issuer.key == r.issuer.key and i - back <= index(o) < i]
        if before:
            last = max(before, key=index)
            r.effective = last.effective or last.announced


def _at_once(tok) -> bool:
    after = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
    return tok.lower_ in AT_ONCE or f"{tok.lower_} {after}" in AT_ONCE


def _applies_from(m: Mentions, cuemap) -> list[tuple[int, int]]:
    """Token ranges of "from/since <date>" phrases of "the decision applies from ..."."""
    return [(p.i, p.right_edge.i + 1) for verb in _decision_limits(m, cuemap) if verb.lemma_ == "apply"
            for p in verb.children if p.dep_ == "prep" and p.lower_ in ("from", "since")]


def _inherit_weapons(main: RuleRecord, rules: list[RuleRecord]) -> None:
    """'Strikes on Moscow ... are still not allowed' in an article about Storm Shadow:
    a ban that names no weapon is about the systems the article's decision names."""
    specific = [w for w in main.weapons if not w.key.startswith("kind_")]
    if not specific:
        return
    for r in rules:
        # ("Danish weapons must still not be used ...": a kind of weapon only names none)
        if r.modality == "prohibition" and all(w.kind == "GenericWeapon" for w in r.weapons) \
                and r.issuer and main.issuer and r.issuer.key == main.issuer.key:
            r.weapons = list(specific)
            r.inherited = True


def _beyond_the_reach(rules: list[RuleRecord]) -> None:
    """'Ukraine can now use Abrams tanks up to 20km into Russia ... Deeper strikes or advances
    into Russia are still not allowed': "deeper" compares with the reach the issuer's grant
    states, so the ban is on crossing the border beyond it, not on deep strikes as such (a
    grant with no reach, "just over the border", leaves "deeper strikes" deep strikes)."""
    for r in rules:
        if r.modality != "prohibition" or r.action != "DeepStrike" or r.issuer is None:
            continue
        if not any(t.split()[0].lower() in FURTHER for t in r.scope_text if t.strip()):
            continue
        if any(o.modality == "permission" and o.issuer is not None and _same_issuer(o, r)
               and o.action == "CrossBorderStrike" and any(any(c.isdigit() for c in t) for t in o.scope_text)
               for o in rules):
            r.action = "CrossBorderStrike"


def _one_ban_on_strikes(rules: list[RuleRecord]) -> None:
    """'Pentagon has blocked Ukraine's ATACMS strikes inside Russia' beside 'restored a
    restriction ... on strikes deep inside Russia': in one article, a ban on strikes in a
    country with the weapons the same parties' deep-strike ban there names, stated without a
    reach of its own, is that ban told more loosely, not a second one."""
    deep = [r for r in rules if r.modality == "prohibition" and r.action == "DeepStrike" and r.issuer and r.bound]
    for r in rules:
        if r.modality != "prohibition" or r.action != "CrossBorderStrike" or r.scope_text \
                or not r.issuer or not r.bound:
            continue
        weapons = {w.key for w in r.weapons if not w.generic and not w.key.startswith("kind_")}
        where = {e.key if e.category == "Country" else e.country for e in r.scope_in} - {None, r.bound.key}
        if not weapons or not where:
            continue
        for o in deep:
            theirs = {w.key for w in o.weapons}
            areas = {e.key if e.category == "Country" else e.country for e in o.scope_in}
            if _same_issuer(o, r) and o.bound.key == r.bound.key and weapons <= theirs and where <= areas:
                r.action = "DeepStrike"
                break


def _upgrade_actions(rules: list[RuleRecord]) -> None:
    """A permission worded only as 'use U.S. weapons in Kharkiv' is the same grant
    as the one the article words as 'strike inside Russia'."""
    for r in rules:
        if r.action != "WeaponUse":
            continue
        if r.modality == "prohibition" and any(e.category == "Place" and e.gazetteer and not e.country
                                               for e in r.scope_in):
            # "... bars the jets from the overlapping claims area in the Gulf of Thailand": a
            # ban on an area of no one state (a sea, a disputed zone) is one of its own, not the
            # ban on striking across the border (an area only the tagger names, "Niassa
            # province", is of a state the gazetteer does not say, not of none)
            continue
        # (where the weapons may stand, "Deployment", is a rule of another kind, not another
        # wording of a rule on using them)
        peers = Counter(o.action for o in rules if o is not r and _same_parties(o, r)
                        and o.action not in ("WeaponUse", "Deployment"))
        if not peers and r.change in ("lift", "ease"):
            # "Finland scraps all limits on where Ukraine can use Finnish weapons": the
            # lift is of the ban the article describes
            # -- but never the ban on striking civilians: that one is what stays ("strikes on
            # Russian cities are still not allowed"), not what a vague lift lifts
            peers = Counter(o.action for o in rules if o.modality == "prohibition" and o.issuer
                            and r.issuer and _same_issuer(o, r)
                            and o.action not in ("WeaponUse", "CivilianTargetStrike"))
        if r.modality == "prohibition" and len(peers) != 1:
            # "the shift does not extend to Taurus": the ban left by the issuer's grant
            peers = Counter(o.action for o in rules if o.modality == "permission" and o.issuer
                            and r.issuer and _same_issuer(o, r) and o.action != "WeaponUse")
            if len(peers) != 1:
                continue  # a ban worded vaguely joins another ban only when there is one
        if peers:
            r.action = peers.most_common(1)[0][0]


# cues that tell of a change of rules or of an earlier ban: lifted, restriction, barred, no
# longer, changed, "the change", "until now", "for the first time"
_CHANGE_CUES = frozenset({"LIFT_VERB", "LIFT_NOUN", "RESTRICTION_NOUN", "PROHIBIT_VERB",
                          "BANNED_STATE", "NO_LONGER", "CHANGE_VERB", "POLICY_CHANGE",
                          "REINSTATE_VERB", "CHANGE_TOLD"})
CHANGE_WINDOW = 1  # sentences either side of a rule's own


def _sentence_at(starts: list[int], char: int) -> int:
    """The index of the sentence (by its first characters, ``starts``) that holds ``char``."""
    return max(bisect.bisect_right(starts, char) - 1, 0)


def mark_told_changes(rules: list[RuleRecord], doc, cuemap) -> None:
    """Mark the permissions next to which the report tells of a change or an earlier ban
    (in their sentence or the one before or after it). A grant told with none of this
    ("signed off on the Philippine Navy using the ship") may change no ban at all; whether
    it does is settled over the corpus (``pipeline.resolve.corpus.settle_changes``)."""
    sents = None
    for r in rules:
        if r.modality != "permission" or r.change is not None:
            continue
        if sents is None:
            sents = sentences(doc)
            starts = [s.start_char for s in sents]
        i = _sentence_at(starts, r.evidence.start)
        lo, hi = max(i - CHANGE_WINDOW, 0), min(i + CHANGE_WINDOW + 1, len(sents))
        r.told_change = any(_CHANGE_CUES & cuemap.get(t, set())
                            for t in range(sents[lo].start, sents[hi - 1].end))
