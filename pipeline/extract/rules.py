"""Deontic statements -> RuleRecords, by dependency patterns over cue lexicons.

Triggers (lexicons/cues.jsonl) open a frame; the dependency tree around the
trigger fills it: who issues (subject), who is bound (object or passive
subject), the action (the trigger's complements), and in the action: weapons,
places, targets, reach (deep / over the border), purpose. Modality follows
from the trigger and its negation; hedges and advocacy above the trigger
mean "not a decision".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..records import EntityRef, RuleRecord
from . import dates
from .events import offset_back
from .mentions import SUPPLY_VERBS, Mentions
from .syntax import (agent, aimed_at, ancestors_upto, clause_text, cue_spans, date_ents, in_dateline, modals,
                     negated, pushed_infinitive, quote, sentences, sentences_before, subject)
from .words import WORDS

LOC_PREPS = {"in", "inside", "into", "on", "within", "across", "over", "against", "near", "at",
             "toward", "towards", "throughout"}
OUT_PREPS = {"outside", "beyond", "except", "excluding"}
# "within five kilometres of the border": a strip at home (pipeline.resolve sets it apart)
BORDER_NOUNS = WORDS["border_nouns"]
APPLIES_FROM = {"from", "starting"}  # "from Monday": the first day a rule applies
EXCEPT_PREPS = {"except", "excluding", "save"}  # "may use them anywhere except within 5 km"
TERRITORY_NOUNS = WORDS["territory_nouns"]
# "waters under the jurisdiction of another state": an area of some state other than the party's
OTHER_STATE_PHRASES = WORDS["other_state_phrases"]
STATE_WORDS = {"we", "our", "us"}
# "The US and Germany do not allow their weapons ...": each state rules on its own weapons
DISTRIBUTIVE = WORDS["distributive_words"]
PRESS_WORDS = WORDS["press_words"]
DECIDERS = WORDS["deciders"]
AS_DECIDED_VERBS = WORDS["as_decided_verbs"]  # "..., as agreed on 25 November": the decision it follows
TELL_VERBS = WORDS["tell_verbs"]
USE_NOUNS = WORDS["use_nouns"]  # "approved their use": the pronoun stands for weapons
PURPOSE_VERBS = WORDS["purpose_verbs"]  # "is meant to let ...": a purpose, not a decision
NEW_RULE_NOUNS = WORDS["new_rule_nouns"]  # "Under the new guidance, X may ...": a permission
# "Under the terms, the Nigerian Air Force may use ...": what the terms set out
TERMS_NOUNS = WORDS["terms_nouns"]
# "Strikes within three kilometres of a camp are prohibited": a ban on attacks near a place
ATTACK_NOUNS = WORDS["attack_nouns"]
# "may be deployed, additionally to the Odesa region, in the Mykolaiv region": a wider area
WIDENING = WORDS["widening_phrases"]
GRANT_NOUNS = WORDS["grant_nouns"]  # "Under the licence, X may ...": a grant, new or not
REVOKE_VERBS = WORDS["revoke_verbs"]  # "the authorization has not been withdrawn": it stands
SUPPLY_NOUNS = WORDS["supply_nouns"]  # "approved the sale of ...": weapons handed over
DEPLOY_VERBS = WORDS["deploy_verbs"]  # "may not be deployed within 15 km of ...": where they stand
KEEP_VERBS = WORDS["keep_verbs"]  # "kept the launchers 5 km from the border": stationed
KEEP_PLACES = WORDS["keep_places"]
# "the launchers must stay on Ukrainian territory": nouns that name weapons (or the parts of a
# weapon system that stand somewhere) without naming which
WEAPON_NOUNS = WORDS["weapon_nouns"]
# "IRIS-T SLM fire units": parts of a weapon system named by words that alone may name people
WEAPON_PART_NOUNS = WORDS["weapon_part_nouns"]
CAP_NOUNS = WORDS["cap_nouns"]  # "lifted the 40-kilometre cap": an upper bound of the reach
MANDATE_VERBS = WORDS["mandate_verbs"]  # "Spain insists that the launchers stay on ...": a must
CLAIM_NOUNS = WORDS["claim_nouns"]  # "denied a report that X had authorised ...": a claim
DENIAL_VERBS = WORDS["denial_verbs"]
OBJECTION_VERBS = WORDS["objection_verbs"]  # "no longer objects to Armenia stationing ...": a lift
IMPOSE_VERBS = WORDS["impose_verbs"]  # "the conditions the agency imposed": who set them
OBJECTION_NOUNS = WORDS["objection_nouns"]  # "had no objection": accepting, not granting
GRANT_PREPS = WORDS["grant_prepositions"]  # "under the licence granted by X": whose grant
HANDOVER_VERBS = WORDS["handover_verbs"]  # "let Poland pass on the tanks": a transfer, not a use
# where weapons are sent or used, not to whom they are handed: "send them beyond ...", "into ..."
AREA_PREPS = {"beyond", "into", "across", "over", "inside", "outside", "against", "at", "within", "near"}
# what may stand before a distance: "up to 70 km", "within 30 kilometres", "beyond 30 km"
DISTANCE_WORDS = {"up", "to", "within", "beyond", "than", "more", "less", "further", "farther", "deeper",
                  "over", "about", "some", "around", "only", "just"}


@dataclass
class Frame:
    modality: str
    trigger: Token
    sent: Span
    issuers: list[EntityRef] = field(default_factory=list)
    bound: list[EntityRef] = field(default_factory=list)
    action: list[Token] = field(default_factory=list)
    change: str | None = None
    decided_by: EntityRef | None = None
    home_only: bool = False  # "only on Ukrainian territory": the ban covers everywhere else
    described: set[int] = field(default_factory=set)  # what the object does, not what is permitted
    # the issuers' keys when they are one coordinated phrase ("France and Italy agreed ...")
    joint: frozenset[str] = frozenset()
    kept_in: str = ""  # "must stay on Ukrainian territory": where the weapons must stand
    # "The vehicles must not be used ...": the weapons a definite noun stands for
    antecedent: list[EntityRef] = field(default_factory=list)
    past_reach: bool = False  # "lifted the 40-kilometre limit": strikes beyond that distance


def _qualifies(clause: Token) -> bool:
    """ "..., but only so that Ukraine could fire ... near Kharkiv": a coordinated clause
    that limits the first one belongs to it."""
    return any(t.lower_ == "only" for t in clause.subtree if t.i <= clause.i)


def _finite_clause(clause: Token) -> bool:
    """A clause with its own subject and a tensed verb and no complementiser ("Russian jets
    have dropped bombs"), unlike a real clausal subject ("That Ukraine fires ... is allowed",
    "Firing ... is allowed")."""
    heads = [clause, *(c for c in clause.children if c.dep_ in ("aux", "auxpass"))]
    return any(c.dep_ in ("nsubj", "nsubjpass") for h in heads for c in h.children) and not any(
        c.dep_ == "mark" or c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and (
        clause.tag_ in ("VBD", "VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in clause.children))


class RuleExtractor:
    def __init__(self, m: Mentions, cuemap: dict[int, set[str]], published):
        self.m = m
        self.doc = m.doc
        self.cue = cuemap
        self.published = published
        # doc.sents builds new Span objects on every access: once per document, and the
        # speaker of a sentence once per sentence (every trigger in it asks).
        self._sents = sentences(self.doc)
        self._sent_index = {s.start: i for i, s in enumerate(self._sents)}
        self._speakers: dict[tuple[int, int], EntityRef | None] = {}
        self._suppliers: set[str] | None = None  # the states the article names as suppliers
        # the modality of the last rule read so far: what "the decision" of a sentence refers to
        self._last_modality: str | None = None
        self.home = self.users()  # whose weapons use the article is about

    def users(self) -> str | None:
        """The country that uses the weapons: the most frequent subject of 'use', 'fire', ...
        ("Ukraine can use", "Ukrainian crews may fire")."""
        from collections import Counter
        counts: Counter = Counter()
        for t in self.doc:
            labels = self.cue.get(t.i, ())
            users: list[Token] = []
            if "USE_VERB" in labels:  # who uses: the verb's own subject
                users += [c for c in t.children if c.dep_ == "nsubj"]
                if t.dep_ == "xcomp" and self.cue.get(t.head.i, set()) & {"ABLE", "FREE_TO"}:
                    # "Ukraine's medics will be able to fly ...": the subject of the one able
                    users += [c for c in t.head.head.children if c.dep_ == "nsubj"] \
                        if t.head.dep_ == "acomp" else [c for c in t.head.children if c.dep_ == "nsubj"]
            if "PERMIT_VERB" in labels and not self.denied_claim(t):
                # who is allowed: the object, or the passive subject (not in a denied claim)
                users += [c for c in t.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
            if t.lemma_ in SUPPLY_VERBS and t.pos_ == "VERB":  # who receives: "send to Ukraine"
                users += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "to"
                          for g in c.children if g.dep_ == "pobj"]
                users += [c for c in t.children if c.dep_ == "dative"]
            for c in users:
                for ref in self.m.actor_for(c):
                    state = self.m.as_state(ref)
                    if state is not None and state.category == "Country":
                        counts[state.key] += 1
        return counts.most_common(1)[0][0] if counts else None

    # ------------------------------------------------------------ helpers
    def has(self, tok: Token, label: str) -> bool:
        return label in self.cue.get(tok.i, ())

    def blocked(self, tok: Token) -> bool:
        """Hedged, advocated, questioned, conditional or a purpose: not a decision."""
        if any(c.dep_ in ("csubj", "csubjpass") and c.i < tok.i and _finite_clause(c) for c in tok.children):
            # "Russian jets have dropped bombs ..., out of reach of the systems Ukraine is
            # allowed to use": a clause with its own subject and tense is no clausal subject
            # of the trigger; the trigger is a misparsed relative clause describing the
            # weapons, not a decision
            return True
        chain = [tok, *ancestors_upto(tok)]
        for below, t in zip(chain, chain[1:]):
            if below.dep_ in ("advcl", "xcomp", "acl") and any(c.dep_ == "aux" and c.lower_ == "to"
                                                              for c in below.children) and any(
                    c.dep_ in ("dobj", "attr") and c.i < below.i and self.has(c, "ADVOCATE_NOUN")
                    for c in t.children):
                # "repeated his call for partners to remove every restriction": the infinitive
                # the parse hangs on the verb is what the call asks for
                return True
        if any(self.has(t, "ADVOCATE_VERB") and pushed_infinitive(t) in chain for t in tok.sent if t.i < tok.i):
            return True  # "X, Y, pressed officials ... to let Ukraine use ...", misparsed
        for t in chain:
            if self.has(t, "HEDGE") or self.has(t, "ADVOCATE_VERB") or self.has(t, "ADVOCATE_NOUN"):
                return True
            if t.dep_ == "xcomp" and t.head.lemma_ in PURPOSE_VERBS:
                return True  # "The decision ... is meant to let crews shoot down the bombers"
            for c in t.children:
                if c.dep_ in ("aux", "auxpass", "mark") and (self.has(c, "SHOULD") or self.has(c, "HEDGE")):
                    return True
                if c.dep_ in ("nsubj", "nsubjpass") and self.has(c, "ADVOCATE_NOUN") \
                        and not self.has(t, "REPORT_VERB"):
                    return True  # "a letter urging ...", but "..., the letter says": its content
        return False

    def flipped(self, tok: Token) -> bool:
        """'refused to allow', 'reluctant to allow': a permission turned down."""
        return any(self.has(t, "NEGATOR") for t in ancestors_upto(tok, 3))

    def actors(self, tok: Token | None, speaker: EntityRef | None) -> list[EntityRef]:
        if tok is None:
            return []
        if tok.lower_ in STATE_WORDS and self.m.at(tok) is None:  # "we", "our" -- not "US"
            return [speaker] if speaker else []
        return self.m.actor_for(tok)

    def issuers_of(self, tok: Token, speaker: EntityRef | None) -> tuple[list[EntityRef], EntityRef | None]:
        subj, passive = subject(tok)
        if subj is not None and subj.lower_ == "it" and tok.dep_ == "conj":
            # "The permission granted on 10 August lets Ecuador's army use them ..., and it
            # forbids any use against protesters": "it" is the grant the first clause is about
            first, _ = subject(tok.head)
            if first is not None and (self.has(first, "PERMIT_NOUN") or self.has(first, "DECISION_NOUN")):
                subj = first
        if tok.dep_ == "advcl" and tok.lower_.endswith("ing") and tok.head.dep_ in ("ccomp", "xcomp") \
                and tok.head.head.i != tok.head.i and self.has(tok.head.head, "PERMIT_VERB"):
            # "Australia's decision let Ukraine take its tanks into Kursk, lifting a rule ...":
            # the participle the parse hangs on what the party may do tells what the one who
            # lets did
            return self.issuers_of(tok.head.head, speaker)
        who: list[EntityRef] = []
        credited = self._credited(tok)
        if credited is not None:
            # "Zelensky has thanked Australia for allowing his troops to ...": the one thanked
            # (or blamed) for the act did it, not the subject who thanks
            who = self.actors(credited, speaker)
        elif passive:
            who = self.actors(agent(tok), speaker)
        elif subj is not None and not self.has(subj, "DECISION_NOUN"):
            who = self.actors(subj, speaker)
            if not who and self.has(subj, "PERMIT_NOUN") and subj.head.i == tok.i:
                # "Britain's licence of 2 April lets Guyana ...": a licence (or permission)
                # that lets is the grant of whoever holds it or granted it
                who = self.grantors(subj, speaker)
        elif subj is not None and subj.head.i == tok.i:
            # "Australia's decision of October 14 let Ukraine take ...": whose decision it is
            # (its own subject: "London's move followed Washington's decision to let ..." is
            # Washington's, the noun it hangs on)
            who = [a for c in subj.children if c.dep_ == "poss" for a in self.actors(c, speaker)]
        if not who and passive:
            # "Under the authorisation granted by Brazil's defence ministry, the army is
            # permitted to ...": the grant the passive permission is under names who grants
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in GRANT_PREPS:
                    for g in c.children:
                        if g.dep_ == "pobj" and (self.has(g, "PERMIT_NOUN") or self.has(g, "DECISION_NOUN")):
                            who = self.grantors(g, speaker)
        if not who:
            # "Our policy ... prohibiting": the possessor of a governing noun
            for a in ancestors_upto(tok):
                for c in a.children:
                    if c.dep_ == "poss":
                        who = self.actors(c, speaker)
                        break
                if who:
                    break
        person = next((w for w in who if w.category == "Person"), None)
        states = []
        for w in who:
            s = self.m.as_state(w)
            if s and s.category in ("Country", "Organization") and all(x.key != s.key for x in states):
                states.append(s)
        return states, person

    @staticmethod
    def _denied_place(prep: Token) -> bool:
        """ "lets Ukraine fire the howitzers across the south, but not into Russia": a place
        phrase negated on its own is where the act is not allowed ("not only in X" is not)."""
        return prep.dep_ == "prep" and any(c.dep_ == "neg" for c in prep.children) and not any(
            c.lower_ in ("only", "just", "merely") for c in prep.children)

    def grantors(self, noun: Token, speaker: EntityRef | None) -> list[EntityRef]:
        """Who a grant noun names as its maker: its possessor ("Britain's licence") or the
        agent of a participle on it ("the authorisation granted by Brazil's defence ministry")."""
        for c in noun.children:
            if c.dep_ == "poss":
                return self.actors(c, speaker)
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN":
                who = self.actors(agent(c), speaker)
                if who:
                    return who
        return []

    def _credited(self, tok: Token) -> Token | None:
        """The object of the verb a "for"-gerund ``tok`` hangs on ("thanked Australia for
        allowing ...", "criticised Berlin for letting ..."): the one who does what the gerund
        says (None when ``tok`` is no such gerund or the verb has no such object)."""
        prep = tok.head
        if tok.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ != "for" or prep.head.i == prep.i:
            return None
        return next((c for c in prep.head.children if c.dep_ in ("dobj", "dative") and c.i < prep.i
                     and self.m.actor_for(c)), None)

    def speaker(self, sent: Span) -> EntityRef | None:
        key = (sent.start, sent.end)
        if key not in self._speakers:
            self._speakers[key] = self._speaker(sent)
        return self._speakers[key]

    def _speaker(self, sent: Span) -> EntityRef | None:
        sents = self._sents
        idx = self._sent_index.get(sent.start)
        order = [sent]
        if idx is not None:
            quotes = [t for t in sent if t.is_quote]
            if quotes and quotes[0].tag_ == "''":
                # the end of a quotation opened in a sentence before ('X said: "... . This
                # applies again."'): who said it is named before, not in what follows
                order += sents[max(idx - 2, 0): idx][::-1]
            elif quotes:
                order += sents[idx + 1: idx + 3]  # a quotation whose "he said" comes later
            order += [s for s in sents[max(idx - 1, 0): idx] if all(s.start != o.start for o in order)]
        for s in order:
            for tok in s:
                if self.has(tok, "REPORT_VERB"):
                    if tok.lower_ == "according":
                        who = [c for t in tok.subtree for c in [t] if t.dep_ == "pobj"]
                    else:
                        who = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                    for w in who:
                        refs = [r for r in self.m.actor_for(w) if r.role != "media"]
                        if refs:
                            return refs[0]
        return None

    # ------------------------------------------------------------ triggers
    # Which handler reads a trigger, by the trigger's cue label (the first that finds a frame wins).
    HANDLERS = (
        ("PERMIT_VERB", "permit_verb"), ("GRANT_VERB", "grant"), ("LIFT_VERB", "lift"),
        ("PROHIBIT_VERB", "prohibit"), ("ABLE", "able"), ("FREE_TO", "free_to"), ("USE_VERB", "use_verb"),
        ("CHANGE_VERB", "unchanged"), ("REMAIN", "remains_banned"), ("REMAIN", "stays_at_home"),
        ("REINSTATE_VERB", "reinstate"), ("SCOPE_LIMIT", "applies_again"),
        ("NO_LONGER", "no_longer"), ("RESTRICTION_NOUN", "no_restrictions"),
        ("SCOPE_LIMIT", "not_extended"),
    )

    def frames(self, sent: Span) -> list[Frame]:
        out: list[Frame] = []
        for tok in sent:
            labels = self.cue.get(tok.i, ())
            if not labels or self.blocked(tok):
                continue
            for label, handler in self.HANDLERS:
                found = getattr(self, handler)(tok, sent) if label in labels else []
                if found:
                    out += found
                    break
        return out

    def use_verb(self, tok: Token, sent: Span) -> list[Frame]:
        return self.only_at_home(tok, sent) or self.modal_use(tok, sent)

    def _after(self, tok: Token, exclude: set[int]) -> list[Token]:
        """The trigger's complements: what follows it in its subtree, without a
        coordinated clause of its own ("..., but he refused to extend that to ATACMS")."""
        own = {t.i for c in tok.children if c.dep_ in ("conj", "cc") and c.i > tok.i
               and not _qualifies(c) for t in c.subtree}
        return [t for t in tok.subtree if t.i > tok.i and t.i not in exclude and t.i not in own]

    def _bound_tokens(self, tok: Token, passive: bool) -> list[Token]:
        if passive:
            subj, _ = subject(tok)
            return [subj] if subj is not None else []
        out = [c for c in tok.children if c.dep_ in ("dobj", "dative", "iobj", "nsubj")
               and c.i > tok.i and self.m.actor_for(c)]
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp", "dobj") and not self._apart(c, tok):
                out += [g for g in c.children if g.dep_ in ("nsubj", "dative") and self.m.actor_for(g)]
        if not out:
            # "signed off on the Philippine Navy using the ship": whom the approval is on
            out = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" and c.i > tok.i
                   for g in c.children if g.dep_ == "pobj" and self.m.actor_for(g)]
        if not out:
            # "allow Ukraine 'flexibility'": the first actor right after the verb, not a
            # place it lets them go ("allowed them into Russian airspace")
            for t in tok.doc[tok.i + 1: tok.i + 4]:
                if t.pos_ == "ADP":
                    break
                if (t.dep_ == "amod" or t.pos_ == "ADJ") and t.head.i > t.i:
                    # "clears Australian tanks for ...": an adjective describing what is let
                    # go, not who is let (a name the parse makes a compound may still be)
                    continue
                if self._modifies_weapon(t):
                    continue  # "let South Korean-made weapons reach ...": the weapons' maker
                ref = self.m.at(t)
                if ref and ref.category == "Country":
                    return [t]
        return out

    def _modifies_weapon(self, tok: Token) -> bool:
        """Is ``tok`` a word in front of a noun that names weapons ("South" and "Korean" of
        "South Korean-made weapons")?"""
        h = tok
        while h.dep_ in ("compound", "amod", "npadvmod", "nmod", "punct") and h.head.i > h.i:
            h = h.head
        return h.i != tok.i and self._weapon(h)

    def _weapon(self, tok: Token) -> bool:
        """Does ``tok`` name weapons (a system or a kind of weapon)?"""
        ref = self.m.at(tok)
        return ref is not None and ref.category == "WeaponSystem"

    def _apart(self, clause: Token, tok: Token) -> bool:
        """A clause before ``tok`` and cut off from it by a semicolon ("Stockholm denies the
        report; Tokyo clears patrols"): another statement, not what ``tok`` rules on."""
        return clause.i < tok.i and any(t.text == ";" for t in self.doc[clause.right_edge.i:tok.i])

    def _frame(self, modality, tok, sent, bound_toks, action, change=None, speaker=None) -> Frame:
        speaker = speaker if speaker is not None else self.speaker(sent)
        issuers, person = self.issuers_of(tok, speaker)
        bound = [b for t in bound_toks for b in self.actors(t, speaker)]
        bound = [self.m.as_state(b) or b for b in bound]
        # a party bound by a rule is a state or a body, never a newspaper or a speaker
        bound = [b for b in bound if b.category in ("Country", "Organization") and b.role != "media"]
        issuers = [i for i in issuers if all(i.key != b.key for b in bound)]
        joint = frozenset(i.key for i in issuers) if len(issuers) > 1 and self._coordinated_issuers(tok) \
            else frozenset()
        return Frame(modality, tok, sent, issuers, bound, action, change, person, joint=joint)

    @staticmethod
    def _coordinated_issuers(tok: Token) -> bool:
        """Is who issues ``tok`` one coordinated phrase ("France and Italy agreed ...",
        "... was decided by Paris and Rome")?"""
        subj, passive = subject(tok)
        src = agent(tok) if passive else subj
        return src is not None and any(c.i != src.i for c in src.conjuncts)

    def _joint(self, fr: Frame) -> bool:
        """One decision the coordinated issuers took together, not each its own ("The US
        and Germany do not allow their weapons to be fired ...": two policies)."""
        if len(fr.issuers) < 2 or {i.key for i in fr.issuers} != fr.joint:
            return False  # (a handler may have put other issuers in their place)
        near = [*fr.action, *fr.trigger.children]
        return not any(t.lower_ in DISTRIBUTIVE for t in near)

    def fill_supplier(self, fr: Frame) -> None:
        """No issuer named: the state that supplied the weapons sets the rules for them
        ("Dutch-donated F-16s"); else the government whose official says so ("The Pentagon
        said Ukraine is now authorized ..."). The state that makes the weapon is only a last
        resort, taken in ``context.consolidate`` when the article names no issuer at all: a
        Canadian decision on US-made M777s is Canada's."""
        if fr.issuers:
            return
        bound = {b.key for b in fr.bound} | ({self.home} if self.home else set())
        # what the act aims at is no weapon supplied ("fire at targets in Kursk, where North
        # Korean artillery units are deployed": not North Korea's)
        hit = aimed_at(self.doc, [fr.trigger, *fr.action], fr.sent)
        # (what the act is done with is no target, wherever the parse hangs it: "strike
        # positions in Voronezh with Latvian-donated howitzers")
        hit -= {t.i for p in fr.sent if p.dep_ == "prep" and p.lower_ in ("with", "using") for t in p.subtree}
        candidates = [self.m.supplier([t for t in fr.action if t.i not in hit]),
                      self.m.supplier([t for t in fr.sent if t.i not in hit])]
        speaker = self.speaker(fr.sent)
        if speaker is not None and (speaker.role == "government" or speaker.category in
                                    ("Country", "AnonymousSource", "Person")):
            candidates.append(self.m.as_state(speaker))
        for who in candidates:
            if who is not None and who.category == "Country" and who.key not in bound:
                fr.issuers = [who]
                return

    def reduced_passive(self, tok: Token) -> Token | None:
        """Headline style: "Kyiv given green light for ATACMS", "Ukraine cleared to fire ...":
        a participle with a subject and no auxiliary is passive; its subject is the one
        permitted (None when ``tok`` is no such participle)."""
        if tok.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            return None
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not self.m.actor_for(subj) or any(
                c.dep_ in ("dative", "iobj") or c.dep_ == "dobj" and self.m.actor_for(c) for c in tok.children):
            return None
        return subj

    def permit_verb(self, tok: Token, sent: Span) -> list[Frame]:
        if tok.pos_ not in ("VERB", "AUX"):
            return []
        if "must" in modals(tok) and not negated(tok):
            # "DAPA, which must sign off on any re-export": a duty to approve, no grant
            return []
        if self._grant_of_the_frame(tok):
            return []
        passive = any(c.dep_ == "auxpass" for c in tok.children) or tok.tag_ == "VBN" and any(
            c.dep_ == "nsubjpass" for c in tok.children) or self.reduced_passive(tok) is not None
        subj, subj_passive = subject(tok)
        passive = passive or subj_passive
        if subj is not None and (ref := self.m.at(subj)) is not None and ref.category == "WeaponSystem":
            passive = True  # headline style: "Dutch F-16s cleared for strikes in ..."
        bound_toks = self._bound_tokens(tok, passive)
        if not passive and not bound_toks and any(
                c.dep_ in ("dobj", "nsubj") and c.i > tok.i and c.pos_ == "PRON" for c in
                [*tok.children, *(g for c in tok.children if c.dep_ in ("ccomp", "xcomp") for g in c.children)]):
            return []  # "letting them fall on Kharkiv": who is let is no party we know
        excl = {t.i for b in bound_toks for t in b.subtree if t.i <= b.i} if not passive else set()
        # "a decree approving a doctrine that lowers the threshold for Russia's use of nuclear
        # weapons": what the approved thing does (a relative clause with its own subject) is
        # not what is permitted
        described = {t.i for o in tok.children if o.dep_ == "dobj" and not self.m.actor_for(o)
                     for c in o.children if c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "nsubjpass")
                                                                      for g in c.children)
                     for t in c.subtree}
        action = self._after(tok, excl | described)
        if passive and bound_toks and not self.m.actor_for(bound_toks[0]):
            if any(c.dep_ in ("dobj", "oprd") and c.pos_ in ("NOUN", "PROPN") for c in tok.children):
                # "Russian batteries ... cannot be allowed a safe haven": the subject is who
                # is (not) given something, and no party we know
                return []
            # "Strikes on Moscow ... are still not allowed": the subject is the action
            action = list(bound_toks[0].subtree) + action
            bound_toks = []
        if not action:
            return []
        neg = negated(tok) or self.flipped(tok)
        fr = self._frame("prohibition" if neg else "permission", tok, sent, bound_toks, action)
        fr.described = described
        if self.about_weapons(fr) and any(o.dep_ == "dobj" and (o.lemma_.lower() in SUPPLY_NOUNS or any(
                c.dep_ in ("compound", "amod") and c.lemma_.lower() in SUPPLY_NOUNS for c in o.children))
               for o in tok.children):
            # "approved the sale of two batteries to Ukraine", "the export licence": a grant that
            # comes with a supply changes no earlier ban
            fr.change = "standing"
        return [fr]

    def _grant_of_the_frame(self, tok: Token) -> bool:
        """'Under the licence approved by the CIEEMG, Qatar's navy may use ...': the participle
        on the grant a clause acts under only names who granted it; the clause says what is
        permitted (``_under_whose`` takes the grantor), so it is no rule of its own."""
        if tok.dep_ != "acl" or tok.head.dep_ != "pobj":
            return False
        prep = tok.head.head
        return prep.lower_ in GRANT_PREPS and prep.head.i != prep.i and bool(
            self.cue.get(prep.head.i, set()) & {"USE_VERB", "PERMIT_VERB"})

    def grant(self, tok: Token, sent: Span) -> list[Frame]:
        noun = next((c for c in tok.children if c.dep_ in ("dobj", "attr") and self.has(c, "PERMIT_NOUN")), None)
        if noun is None:
            return []
        if tok.lemma_ == "have" and noun.lemma_ != "right":
            return []
        if tok.lemma_ == "have":
            # "Kyiv has the right to use their weapons": bound = holder, issuer = who said so
            subj, _ = subject(tok)
            holder = [subj] if subj is not None else []
            sayer = next((a for a in ancestors_upto(tok, 3) if self.has(a, "REPORT_VERB")), None)
            if sayer is None:
                return []
            fr = self._frame("permission", sayer, sent, holder, [t for t in noun.subtree if t.i != noun.i],
                             change="standing")  # a stated position, not a change of rules
            fr.trigger = tok
            return [fr] if fr.issuers else []
        bound_toks = [c for c in tok.children if c.dep_ in ("dative", "iobj", "dobj") and c.i != noun.i
                      and self.m.actor_for(c)]
        bound_toks += [c for c in noun.children if c.dep_ in ("compound", "nmod") and self.m.actor_for(c)]
        given = self.reduced_passive(tok)
        if given is not None:
            bound_toks.append(given)  # "Kyiv given green light": who gave it comes from context
        action = [t for t in noun.subtree if t.i != noun.i and t not in bound_toks]
        neg = negated(tok) or self.flipped(tok)
        return [self._frame("prohibition" if neg else "permission", tok, sent, bound_toks, action)]

    def lift(self, tok: Token, sent: Span) -> list[Frame]:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
                    and self.has(c, "RESTRICTION_NOUN")), None)
        frames = self._lift(tok, sent, obj)
        for fr in frames:
            # "Spain has lifted the 40-kilometre limit on ...": what is now allowed is beyond it
            fr.past_reach = fr.modality == "permission" and obj is not None and self._measured(obj)
        return frames

    def _lift(self, tok: Token, sent: Span, obj: Token | None) -> list[Frame]:
        """``obj``: the restriction lifted, as the verb's object (or passive subject)."""
        if obj is None and not negated(tok) and not self.flipped(tok):
            return self.lifted_misattached(tok, sent)
        if obj is None or negated(tok):
            return []
        if self.flipped(tok):
            # "refused to lift the ban on strikes on Moscow": the ban stands
            return [self._frame("prohibition", tok, sent, [], [t for t in obj.subtree if t.i != obj.i])]
        subj, passive = subject(tok)
        if passive and obj.dep_ == "nsubjpass":
            # "That condition has now been removed in full": who removed it comes from context
            action = [t for t in obj.subtree if t.i != obj.i]
            return [self._frame("permission", tok, sent, [], action, "lift")]
        if subj is not None and not passive and self.has(subj, "DECISION_NOUN") and not self.m.actor_for(subj):
            # "The decision eases a restriction that had kept German weapons from being used on
            # Russian soil": who decided comes from context; what the restriction forbade (its
            # clause) is not where it is eased
            clause = {t.i for c in obj.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
            action = [t for t in self._after(tok, clause) if t.i != obj.i]
            return [self._frame("permission", tok, sent, [], action, self._change(tok))]
        if subj is None or passive:
            return []
        bound_toks = [g for p in obj.children if p.dep_ == "prep" and p.lower_ in ("on", "for")
                      for g in p.children if g.dep_ == "pobj"]
        bound_toks = [b for b in bound_toks if self.m.actor_for(b)]
        action = self._after(tok, set())
        fr = self._frame("permission", tok, sent, bound_toks, action, self._change(tok))
        return [fr] if fr.issuers else []

    def _measured(self, noun: Token) -> bool:
        """Is the restriction ``noun`` an upper bound of distance ("the 40-kilometre cap", "the
        40km limit")? Lifting it lets the weapons strike beyond that distance: deep strikes.
        (Not "the 20-kilometre rule", which may keep them away from a border instead.)"""
        return noun.lemma_.lower() in CAP_NOUNS and any(
            self.has(t, "DISTANCE") for t in noun.subtree if t.i < noun.i)

    def lifted_misattached(self, tok: Token, sent: Span) -> list[Frame]:
        """'The 20-kilometre condition on where Armenia can deploy its launchers was relaxed on
        Thursday': the parser takes the last noun before a passive lift ('launchers') for what
        was relaxed and hangs the verb under the restriction noun that opens the phrase. That
        noun, an ancestor of the verb before its subject, is what was lifted; the words between
        tell what it ruled on."""
        subj, passive = subject(tok)
        if not passive or subj is None or subj.i > tok.i or self.has(subj, "RESTRICTION_NOUN"):
            return []
        noun = next((a for a in ancestors_upto(tok, 8) if a.i < subj.i and a.pos_ == "NOUN"
                     and a.dep_ in ("ROOT", "nsubj", "nsubjpass") and self.has(a, "RESTRICTION_NOUN")
                     and a.sent.start == sent.start), None)
        if noun is None:
            return []
        action = [t for t in sent if noun.i < t.i < tok.i and t.dep_ not in ("auxpass", "aux")]
        return [self._frame("permission", tok, sent, [], action, self._change(tok))]

    @staticmethod
    def _change(tok: Token) -> str:
        return "ease" if tok.lemma_ in ("ease", "relax", "loosen") else "lift"

    def prohibit(self, tok: Token, sent: Span) -> list[Frame]:
        # "Sweden will no longer prevent Ukraine from using ...", "Ukraine is no longer barred
        # from ...": the ban is lifted
        no_longer = any(c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) for c in tok.children)
        if negated(tok) and not no_longer:
            return []
        if any(c.dep_ == "dobj" and self.has(c, "DECISION_NOUN") for c in tok.children):
            return []  # "Beijing firmly opposes the decision": a reaction to a decision, no rule
        subj, passive = subject(tok)
        bound_toks = [subj] if passive and subj is not None else [
            c for c in tok.children if c.dep_ in ("dobj",) and self.m.actor_for(c)]
        excl = {t.i for b in bound_toks for t in b.subtree if t.i <= b.i} if not passive else set()
        action = self._after(tok, excl)
        if passive and bound_toks and not self.m.actor_for(bound_toks[0]):
            # "Strikes deeper inside Russia ... remain excluded": the subject is the action
            action = list(bound_toks[0].subtree) + action
            bound_toks = []
        if not action:
            return []
        if no_longer:
            return [self._frame("permission", tok, sent, bound_toks, action, change="lift")]
        return [self._frame("prohibition", tok, sent, bound_toks, action)]

    def able(self, tok: Token, sent: Span) -> list[Frame]:
        """'directed his team to ensure that Ukraine is able to use ...'"""
        decider = next((a for a in ancestors_upto(tok, 5) if a.lemma_ in DECIDERS), None)
        if decider is None:
            return []
        subj, _ = subject(tok)
        action = [t for t in tok.subtree if t.i > tok.i]
        fr = self._frame("permission", decider, sent, [subj] if subj is not None else [], action)
        fr.trigger = tok
        return [fr]

    def free_to(self, tok: Token, sent: Span) -> list[Frame]:
        """'Ukraine is free to use the mortars against targets in Russia': the party is
        allowed ("not free to": banned). A stated position unless it says "now"; the
        issuer is whoever says so or supplied the weapons (``fill_supplier``)."""
        verb = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        cop = tok.head if tok.dep_ == "acomp" else tok
        subj, _ = subject(cop)
        if tok.lemma_ != "free" or verb is None or subj is None or not self.m.actor_for(subj):
            return []
        now = any(c.lower_ == "now" for c in (*tok.children, *cop.children))
        fr = self._frame("prohibition" if negated(cop) or negated(tok) else "permission", cop, sent, [subj],
                         list(verb.subtree), change=None if now else "standing")
        fr.issuers, fr.decided_by = [], None  # the subject is the bound party
        fr.trigger = tok
        return [fr]

    def modal_use(self, tok: Token, sent: Span) -> list[Frame]:
        """'Ukraine cannot use ... to hit ...' (ban) / 'Ukraine can now use ...' (permission);
        'must use ... only to hit military sites, but not civilian infrastructure' (ban on the rest)."""
        mods = modals(tok)
        subj, _ = subject(tok)
        if subj is None or tok.dep_ in ("xcomp", "advcl", "acl", "pcomp", "relcl"):
            return []
        conjs = [c.i for c in tok.children if c.dep_ == "conj" and self.has(c, "USE_VERB")]
        if conjs and any(c.dep_ == "prep" and tok.i < c.i < conjs[0] and not any(
                g.dep_ in ("pobj", "pcomp") for g in c.children) for c in tok.children):
            # "must not be deployed to, or used in, Yemen": the verb shares the object of the
            # one coordinated with it (its preposition, between the two, has none of its own);
            # one rule, read there. (A fronted "According to the decision, ..." is no such
            # preposition.)
            return []
        told = self.told_party(tok, subj) if mods & {"can", "may"} else None
        if told is not None:
            # "The Netherlands has told Ukraine it may use the F-16s ...": the teller decides
            # for the party it told ("may not use": refuses). A stated position unless it says
            # "now": other reports of the same grant tell whether it changed an earlier ban.
            teller, party = told
            now = any(c.lower_ == "now" for c in tok.children)
            fr = self._frame("prohibition" if negated(tok) else "permission", teller, sent, [party],
                             [t for t in tok.subtree if t.i > tok.i], change=None if now else "standing")
            fr.trigger = tok
            return [fr]
        # what is used, named in the subject: a weapon, or (in what a state told a party,
        # "Germany told Cairo that IRIS-T fire units may no longer ...") equipment of one
        told_ccomp = tok.dep_ == "ccomp" and tok.head.lemma_ in TELL_VERBS
        used = self.weapon_named(subj) if told_ccomp else self.m.at(subj)
        used = used if used is not None and used.category == "WeaponSystem" else None
        they_stand_for = self._pronoun_weapons(subj, tok, kinds=False) if used is None and negated(tok) else []
        used = used or next(iter(they_stand_for), None)
        if not self.m.actor_for(subj) and used is None \
                and not (self._weapons_named_before(subj) and negated(tok) and not any(
                    w.country and w.key not in self.m.handed_on() for w in self._named_earlier(subj))):
            # (a noun standing for a weapon system of a known maker, "The systems may not be
            # used ..." after "its Pinaka launchers", may belong to another story of the
            # article than its main decision: left out, as before -- unless the article says
            # another state hands the weapons on, as Romania its Soviet-made Kub: then their
            # maker only designed them and is no party to the rules)
            return []
        # "But beyond 30 kilometres, Czech weapons must not be used": a fronted phrase of place
        # is part of what is ruled on
        action = [t for c in tok.children if c.dep_ == "prep" and c.i < tok.i and c.lower_ in LOC_PREPS | OUT_PREPS
                  for t in c.subtree] + [t for t in tok.subtree if t.i > tok.i]
        frames = []
        if mods & {"can", "may", "must"} and negated(tok):
            frames = [self._frame("prohibition", tok, sent, [subj], action)]
        elif mods & {"must", "can", "may"}:
            nots = [t for t in action if t.lower_ == "not"]
            # "may use the systems anywhere on their territory except within five kilometres
            # of the border": what the exception leaves out is banned
            excepted = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in EXCEPT_PREPS]
            if nots and any(t.lower_ == "only" for t in sent):
                rest = [t for t in action if t.i > nots[0].i]
                frames = [self._frame("prohibition", tok, sent, [subj], rest)]
            elif excepted and mods & {"can", "may"}:
                what = [t for c in tok.children if c.dep_ == "dobj" for t in c.subtree]
                rest = [tok] + what + [t for t in excepted[0].subtree if t.i != excepted[0].i]
                frames = [self._frame("prohibition", tok, sent, [subj], rest)]
            elif mods & {"can", "may"} and (any(c.lower_ == "now" for c in tok.children)
                                           or self._under_new_rules(tok) or self._applies_from(tok)):
                frames = [self._frame("permission", tok, sent, [subj], action)]
            elif mods & {"can", "may"} and self._under_the_terms(tok):
                # "Under the terms, the Nigerian Air Force may use its Super Tucanos ...": what
                # the terms the article reports let a party do (a stated position: other reports
                # tell whether it changed a ban)
                frames = [self._frame("permission", tok, sent, [subj], action, change="standing")]
            elif mods & {"can", "may"} and self._as_decided(tok):
                # "Ukraine's navy may fly its AR5s over the Black Sea, as agreed on 25
                # November": what the decision the clause refers to lets the party do (a stated
                # position: other reports tell whether it changed a ban)
                frames = [self._frame("permission", tok, sent, [subj], action, change="standing")]
            elif "may" in mods and self._stated_use(tok, subj, sent):
                # "Saudi Arabia may use the vehicles to defend its own territory, Tremblay
                # said": what a party may do with the weapons, told by someone else. A stated
                # position without "now": other reports tell whether it changed a ban.
                frames = [self._frame("permission", tok, sent, [subj], action, change="standing")]
        if not frames and mods & {"can", "may"} and not negated(tok) and any(
                c.dep_ == "auxpass" for c in tok.children) and subj is not None:
            # "Weapons that the Czech Republic and Poland send may be used against targets
            # on Russian territory": each supplier permits it
            fr = self._frame("permission", tok, sent, [], list(subj.subtree) + action, change="standing")
            givers = self.m.suppliers_in_clause(subj)
            fr.issuers = givers or fr.issuers
            self._told_about_weapons(fr, tok, subj)
            return [fr]
        decider = next((a for a in ancestors_upto(tok, 2) if a.lemma_ in DECIDERS), None)
        if not frames and mods & {"can", "may"} and not negated(tok) and decider is not None:
            # "Germany has agreed that Ukraine may use ...": the decider grants
            fr = self._frame("permission", decider, sent, [subj], action)
            fr.trigger = tok
            return [fr]
        for fr in frames:
            fr.issuers, fr.decided_by = [], None  # the subject is the bound party
            # "Under Norway's waiver for the NSM, Ukrainian units may now hit ...": Norway's
            fr.issuers = [i for i in self._under_whose(tok, fr.sent) if all(i.key != b.key for b in fr.bound)]
            if self._weapons_named_before(subj):
                fr.antecedent = self._named_earlier(subj)
            elif they_stand_for:
                fr.antecedent = they_stand_for
            # "pilots flying F-16 jets may now attack ...": the weapons ride in the subject
            # ("the drones must not be used ...": the subject is what is used)
            armed = used is not None
            if armed and not fr.bound and (holder := self.m.holder(subj)) is not None:
                if not self._speaks_for(holder, fr.sent):
                    fr.bound = [holder]  # "Ukraine's TB2 drones may no longer be used ...": Ukraine is bound
                elif not fr.issuers:
                    fr.issuers = [holder]  # "Australia's Abrams tanks must not be used ...": Australia rules
            fr.action = [t for t in subj.subtree if (t.i != subj.i or armed) and t.i < tok.i] + fr.action
            self._told_about_weapons(fr, tok, subj)
        return frames

    def weapon_named(self, noun: Token) -> EntityRef | None:
        """The weapon system a noun phrase names: the noun itself, or the system named before
        a noun that is no actor ("IRIS-T SLM fire units", "Patriot batteries"); else None."""
        ref = self.m.at(noun)
        if ref is not None and ref.category == "WeaponSystem":
            return ref
        if ref is not None or self.m.actor_for(noun):
            return None
        # only a noun for equipment ("fire units", "batteries"), not for people ("drone crews")
        before = noun.doc[noun.i - 1] if noun.i > 0 else None
        if noun.lemma_.lower() not in WEAPON_NOUNS and not (
                before is not None and before.dep_ == "compound"
                and f"{before.lower_} {noun.lemma_.lower()}" in WEAPON_PART_NOUNS):
            return None
        for c in noun.subtree:  # (the words before the noun, in order)
            if c.i >= noun.i:
                break
            if c.dep_ in ("compound", "nmod"):
                r = self.m.at(c)
                if r is not None and r.category == "WeaponSystem":
                    return r
        return None

    def _speaks_for(self, state: EntityRef, sent: Span) -> bool:
        """Is ``state`` the one that rules on its own weapons, not the party bound ("Halloran
        said Australia's Abrams tanks must not be used ..." in an article on "Australian-supplied
        Abrams tanks"): the state its official speaks for, or one the article names as a
        supplier of the weapons?"""
        speaker = self.speaker(sent)
        own = self.m.as_state(speaker) if speaker is not None else None
        if own is not None and own.key == state.key:
            return True
        if self._suppliers is None:
            self._suppliers = {s.key for span, ref in self.m.spans if ref.category == "WeaponSystem"
                               for s in [self.m.supplier([self.doc[span.start]])] if s is not None}
        return state.key in self._suppliers

    @staticmethod
    def _weapons_named_before(noun: Token) -> bool:
        """'The vehicles must not be used against civilians': a definite noun that names weapons
        by what they are ("the vehicles", "these launchers") stands for the weapons the
        article has named (taken for a ban only: "the systems may be used there" is too often
        a gloss of the rules, not a grant)."""
        return noun.lemma_.lower() in WEAPON_NOUNS and any(
            c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children)

    def _named_earlier(self, noun: Token) -> list[EntityRef]:
        """The weapon system named last before ``noun`` (in its sentence or the two before):
        what "the vehicles" stands for ("140 LAV 6.0 vehicles ... The vehicles must not ...")."""
        for t in reversed([*sentences_before(noun, 2), *(t for t in noun.sent if t.i < noun.i)]):
            ref = self.m.at(t)
            if ref is not None and ref.category == "WeaponSystem" and not ref.generic \
                    and not ref.key.startswith("kind_"):
                return [ref]
        return []

    def _pronoun_weapons(self, subj: Token | None, tok: Token, kinds: bool = True) -> list[EntityRef]:
        """'The missiles may not be fired beyond ... . And they must never be fired at ...',
        '... may not be armed, and they must not enter ...', 'The aircraft must stay unarmed.
        They are also barred from leaving the province': a pronoun subject of a ban whose
        antecedent (the subject of the clause it is coordinated with, or of the sentence
        before) names weapons stands for them (taken for bans only, as
        ``_weapons_named_before``). ``kinds``: an antecedent naming a kind of weapons, or a
        noun of weapons, stands for the system named last before it; without, only an
        antecedent that is itself a weapon counts, as it is (that decides whether a clause is
        a ban at all; resolving kinds there too cost blind9 a restriction in force)."""
        if subj is None or subj.lower_ not in ("they", "it"):
            return []
        if tok.dep_ == "conj":
            before, _ = subject(tok.head)
        else:
            prev = [t for t in sentences_before(tok, 1) if t.dep_ == "ROOT"]
            before = subject(prev[-1])[0] if prev else None
        if before is None or before.i == subj.i:
            return []
        ref = self.m.at(before)
        if ref is not None and ref.category == "WeaponSystem" and (not kinds or not ref.generic
                                                                   and not ref.key.startswith("kind_")):
            return [ref]
        if kinds and (ref is not None and ref.category == "WeaponSystem" or before.lemma_.lower() in WEAPON_NOUNS):
            return self._named_earlier(before) or ([ref] if ref is not None else [])
        return []

    def _stated_use(self, tok: Token, subj: Token, sent: Span) -> bool:
        """'<State> may use <the weapons> ...' said by someone who does not speak for that
        state: the party (a state), the weapons (named, named by their kind, or a pronoun)
        and a speaker of another side, so that the "may" grants rather than guesses."""
        state = next((s for s in (self.m.as_state(a) for a in self.m.actor_for(subj))
                      if s is not None and s.category == "Country"), None)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if state is None or obj is None:
            return False
        ref = self.m.at(obj)
        if not (ref is not None and ref.category == "WeaponSystem" or obj.lemma_.lower() in WEAPON_NOUNS
                or obj.pos_ == "PRON" and obj.lower_ in ("them", "it")):
            return False
        speaker = self.speaker(sent)
        if speaker is None:
            return False
        voice = self.m.as_state(speaker) or speaker
        return voice.key != state.key

    def _told_about_weapons(self, fr: Frame, tok: Token, subj: Token) -> None:
        """'Germany has told Turkey that German-made tanks must not be used in northern Syria':
        the party told is bound, and a named teller issues (a pronoun teller is left to the
        weapons' supplier, ``fill_supplier``: "it told Ankara ..." after other states)."""
        if self.weapon_named(subj) is None or tok.dep_ != "ccomp" or tok.head.lemma_ not in TELL_VERBS:
            return
        teller = tok.head
        party = next((c for c in teller.children if c.dep_ in ("dobj", "dative") and c.i < tok.i
                      and self.m.actor_for(c)), None)
        if party is None:
            return
        bound = [self.m.as_state(b) or b for b in self.m.actor_for(party)]
        bound = [b for b in bound if b.category in ("Country", "Organization") and b.role != "media"]
        if not bound:
            return
        fr.bound = bound
        who, _ = subject(teller)
        if who is not None and who.pos_ != "PRON":
            issuers, fr.decided_by = self.issuers_of(teller, self.speaker(fr.sent))
            fr.issuers = [i for i in issuers if all(i.key != b.key for b in bound)] or fr.issuers

    def _under_whose(self, tok: Token, sent: Span) -> list[EntityRef]:
        """The states whose rule ``tok`` acts under: "Under Norway's waiver, ... may"."""
        out = []
        for c in tok.children:
            if c.dep_ != "prep" or c.lower_ != "under":
                continue
            for o in c.children:
                if o.dep_ == "pobj" and (o.lemma_.lower() in NEW_RULE_NOUNS or self.cue.get(o.i, set()) & {
                        "DECISION_NOUN", "EXCEPTION_NOUN", "PERMIT_NOUN", "LIFT_NOUN", "RESTRICTION_NOUN"}):
                    # its holder ("Norway's waiver") or the agent of its grant ("the licence
                    # approved by the CIEEMG")
                    out += [s for s in (self.m.as_state(a) for a in self.grantors(o, self.speaker(sent)))
                            if s is not None and s.category in ("Country", "Organization")]
        return out

    @staticmethod
    def _under_new_rules(tok: Token) -> bool:
        """'Under the new guidance, Ukrainian forces may strike ...': what the new rules allow;
        'Under the licence, the Guyana Defence Force may use ...': a licence (or waiver) is a
        grant however old, so what it lets the party do is a permission."""
        return any(c.dep_ == "prep" and c.lower_ == "under" and any(
            o.dep_ == "pobj" and (o.lemma_.lower() in GRANT_NOUNS or o.lemma_.lower() in NEW_RULE_NOUNS
                                  and any(a.lower_ in ("new", "revised", "updated", "amended") for a in o.children))
            for o in c.children) for c in tok.children)

    @staticmethod
    def _as_decided(tok: Token) -> bool:
        """'X may fly ..., as agreed on 25 November': an "as" clause of deciding on the modal's
        verb refers to the decision that grants it, not a guess about what X may do."""
        return any(c.dep_ == "advcl" and c.lemma_.lower() in AS_DECIDED_VERBS and any(
            m.dep_ == "mark" and m.lower_ == "as" for m in c.children) for c in tok.children)

    @staticmethod
    def _applies_from(tok: Token) -> bool:
        """'From Monday, 10 April, Ukrainian crews may fly ...': what a party may do from a
        given day is a rule that takes effect then, not a guess about what it may do."""
        return any(c.dep_ == "prep" and c.i < tok.i and c.lower_ in APPLIES_FROM and any(
            o.dep_ == "pobj" and o.ent_type_ == "DATE" for o in c.children) for c in tok.children)

    @staticmethod
    def _under_the_terms(tok: Token) -> bool:
        """'Under the terms, X may use ...', 'Under the conditions attached to the transfer,
        ...': the terms or rules the article reports (definite, or "its terms": those of the
        decision just reported), not a guess about what X may do."""
        return any(c.dep_ == "prep" and c.lower_ == "under" and any(
            o.dep_ == "pobj" and o.lemma_.lower() in TERMS_NOUNS | set(NEW_RULE_NOUNS)
            and any(d.dep_ == "det" and d.lower_ in ("the", "these", "those")
                    or d.dep_ == "poss" and d.lower_ in ("its", "their") for d in o.children)
            for o in c.children) for c in tok.children)

    def told_party(self, tok: Token, subj: Token) -> tuple[Token, Token] | None:
        """'X told Ukraine (that) it can ...': (the telling verb, the party told) when the
        modal's subject is a pronoun standing for the actor told; else None."""
        if subj.lower_ not in ("it", "they") or tok.dep_ != "ccomp" or tok.head.lemma_ not in TELL_VERBS:
            return None
        teller = tok.head
        party = next((c for c in teller.children if c.dep_ in ("dobj", "dative") and c.i < tok.i
                      and self.m.actor_for(c)), None)
        if party is None or not any(c.dep_ in ("nsubj", "nsubjpass") for c in teller.children):
            return None
        return teller, party

    def remains_banned(self, tok: Token, sent: Span) -> list[Frame]:
        """'Hitting the Russian capital remains off-limits', 'Strikes deeper inside Russia
        remain excluded', 'The conditions ... remain in place'."""
        state = [t for t in tok.subtree if t.i > tok.i and "BANNED_STATE" in self.cue.get(t.i, ())]
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
        if not state or subj is None or negated(tok):
            return []
        if subj.lemma_ in ("limit", "restriction", "ban", "condition", "rule", "caveat", "policy"):
            if not any("IN_PLACE" in self.cue.get(t.i, ()) or t.lower_ in ("place", "force") for t in state):
                return []
        body = list(subj.subtree)
        speaker = self.speaker(sent)
        # "Oslo's condition that Ukraine not use the NSM beyond ... remains in place": who is
        # barred from using is bound, and whose condition it is issues it
        users = [c for t in body if self.has(t, "USE_VERB") for c in t.children
                 if c.dep_ == "nsubj" and self.m.actor_for(c)]
        fr = self._frame("prohibition", tok, sent, users, body, speaker=speaker)
        owner = next((c for c in subj.children if c.dep_ == "poss"), None) \
            if self.has(subj, "RESTRICTION_NOUN") else None
        # otherwise the subject is the banned action, not an actor
        fr.issuers = [s for s in (self.m.as_state(a) for a in self.actors(owner, speaker))
                      if s is not None and s.category in ("Country", "Organization")
                      and all(s.key != b.key for b in fr.bound)]
        return [fr]

    def stays_at_home(self, tok: Token, sent: Span) -> list[Frame]:
        """'The launchers must stay on Ukrainian territory', 'Spain insists that the launchers
        stay on the Ukrainian side of the border': the weapons must not be stationed outside
        the territory named, whose state holds them (a ban on deploying them elsewhere)."""
        subj, passive = subject(tok)
        # (a verb with its own subject: the negation of a clause it is coordinated with is
        # not its own: "Aircraft ... may not be engaged, and the launchers must stay ...")
        if subj is None or passive or subj.head.i != tok.i or any(
                c.dep_ == "neg" or c.lower_ in ("never", "no") for c in tok.children):
            return []
        named = self.m.at(subj)
        if not (named is not None and named.category == "WeaponSystem" or subj.lemma_.lower() in WEAPON_NOUNS):
            return []
        if not ("must" in modals(tok) or tok.dep_ == "ccomp" and tok.head.lemma_ in MANDATE_VERBS):
            return []
        for p in tok.children:
            if p.dep_ != "prep" or p.lower_ not in ("on", "in", "within", "inside"):
                continue
            obj = next((c for c in p.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            names = [obj] if self.m.at(obj) else [c for c in obj.children if c.dep_ in ("amod", "poss", "compound")] \
                if obj.lemma_ in TERRITORY_NOUNS else []
            states = [s for n in names for r in [self.m.at(n)] if r is not None
                      for s in [self.m.country(r.key if r.category == "Country" else r.country)] if s is not None]
            if not states:
                continue
            fr = self._frame("prohibition", tok, sent, [], list(subj.subtree) + self._after(tok, set()))
            fr.bound = states[:1]
            fr.issuers = [i for i in fr.issuers if i.key != states[0].key]
            fr.kept_in = self.doc[p.i:p.right_edge.i + 1].text
            return [fr]
        return []

    def own_territory(self, toks: list[Token], bound_keys: set[str],
                      preps=("on", "in", "within", "inside", "over")) -> Token | None:
        """The preposition of a place phrase among ``toks`` naming the bound party's own
        territory: "on Ukrainian soil", "within Ukraine's borders", "over Ukrainian territory"
        (with ``preps=OUT_PREPS``: "beyond Ukraine's borders"); None if there is none."""
        for t in toks:
            if t.dep_ != "prep" or t.lower_ not in preps:
                continue
            obj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            names = [obj] if self.m.at(obj) else [
                c for c in obj.children if c.dep_ in ("amod", "poss", "compound")] if \
                obj.lemma_ in TERRITORY_NOUNS | {"border", "airspace"} else []
            for n in names:
                ref = self.m.at(n)
                if ref is None:
                    continue
                where = ref.key if ref.category == "Country" else ref.country if ref.category == "Place" else None
                if where and (where in bound_keys or not bound_keys and where == self.home):
                    return t
        return None

    def only_at_home(self, tok: Token, sent: Span) -> list[Frame]:
        """'may be fired only at targets on Ukrainian soil', 'are to be used within Ukraine's
        borders', 'may fly its F-16s only over Ukrainian territory': a ban on the rest."""
        # (not a clause of its own that follows: "Ukrainian crews may now fire ... anywhere,
        # though Spain insists that the launchers stay on the Ukrainian side": another rule)
        own = {t.i for c in tok.children if c.dep_ == "advcl" and c.i > tok.i and any(
            g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for t in c.subtree}
        after = self._after(tok, own)
        limiting = any(self.cue.get(t.i, set()) & {"ONLY"} for t in [*tok.children, *after]) \
            or any(t.lower_ == "within" and t.dep_ == "prep" for t in after)
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        if negated(tok) or not (limiting or passive and "be" in modals(tok)) or self._widening(after):
            # ("may be deployed, additionally to the Odesa region, in the Mykolaiv region":
            # a wider grant, not a limit to home)
            return []
        subj, _ = subject(tok)
        bound_toks = [subj] if subj is not None and self.m.actor_for(subj) else []
        bound_keys = {b.key for t in bound_toks for b in self.m.actor_for(t)}
        bound_keys = {self.m.as_state(self.m.actor_for(t)[0]).key for t in bound_toks} or bound_keys
        if self.own_territory(after, bound_keys) is None:
            return []
        action = ([t for t in subj.subtree] if subj is not None and not bound_toks else []) + after
        fr = self._frame("prohibition", tok, sent, bound_toks, action)
        fr.issuers = [i for i in fr.issuers if i.key not in bound_keys]
        fr.home_only = True
        return [fr]

    def reinstate(self, tok: Token, sent: Span) -> list[Frame]:
        """'reimposes ban on F-16 missions over Russia', 'withdrew the exception that had
        let the jets strike ...': a ban in force again."""
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
                    and (self.has(c, "RESTRICTION_NOUN") or self.has(c, "EXCEPTION_NOUN"))), None)
        if obj is not None and negated(tok) and tok.lemma_ in REVOKE_VERBS and self.has(obj, "PERMIT_NOUN"):
            # "the November authorization covering the Kursk region has not been withdrawn":
            # the permission stands (a stated position, no change of rules)
            return [self._frame("permission", tok, sent, [], [t for t in obj.subtree if t.i != obj.i],
                                change="standing")]
        if obj is None or negated(tok):
            return []
        # "its ban on Ukraine using German howitzers ...": the party the ban binds
        bound = [c for p in obj.children if p.dep_ == "prep" and p.lower_ == "on"
                 for c in p.children if c.dep_ == "pobj" and self.m.actor_for(c)]
        party = {t.i for b in bound for t in b.subtree if t.i <= b.i}
        action = [t for t in obj.subtree if t.i != obj.i and t.i not in party]
        # ... whose gerund the parse may hang on the verb instead of the noun
        action += [t for c in tok.children if c.dep_ in ("advcl", "acl", "xcomp")
                   and c.i == obj.right_edge.i + 1 and c.lower_.endswith("ing") for t in c.subtree]
        if not bound and not any(t.is_alpha and t.pos_ not in ("DET", "PRON") for t in action):
            # "We have tightened the conditions": says that the rules changed, not which ban
            return []
        fr = self._frame("prohibition", tok, sent, bound, action, change="reinstate")
        return [fr]

    def applies_again(self, tok: Token, sent: Span) -> list[Frame]:
        """'The prohibition on using these aircraft in Russian airspace applies again in full'."""
        if tok.lemma_ != "apply":
            return []
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or not self.has(subj, "RESTRICTION_NOUN") or negated(tok):
            return []
        if not any(c.lower_ in ("again", "still") for c in tok.children):
            return []
        fr = self._frame("prohibition", tok, sent, [], [t for t in subj.subtree if t.i != subj.i],
                         change="reinstate")
        fr.issuers = self._imposed_by(subj, self.speaker(sent))
        return [fr]

    def _imposed_by(self, noun: Token, speaker: EntityRef | None) -> list[EntityRef]:
        """Who set the restriction ``noun`` names, where the phrase says: "the conditions the
        agency imposed in January", "Sweden's conditions" (else none: the article's issuer)."""
        who = [c for c in noun.children if c.dep_ == "poss"] + [
            g for c in noun.children if c.dep_ == "relcl" and c.lemma_ in IMPOSE_VERBS
            for g in c.children if g.dep_ == "nsubj"] + [
            # (parsed as "the conditions, the agency [that] imposed ...")
            c for c in noun.children if c.dep_ == "appos" and any(
                g.dep_ in ("acl", "relcl") and g.lemma_ in IMPOSE_VERBS for g in c.children)]
        states = [self.m.as_state(a) for w in who[:1] for a in self.actors(w, speaker)]
        return [s for s in states if s is not None and s.category in ("Country", "Organization")]

    def not_extended(self, tok: Token, sent: Span) -> list[Frame]:
        """'That permission has never been extended to deeper strikes', 'the shift does not
        extend to Taurus': what the decision leaves out stays banned."""
        if tok.lemma_ not in ("extend", "apply", "cover") or not negated(tok):
            return []
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not (self.has(subj, "DECISION_NOUN") or self.has(subj, "PERMIT_NOUN")
                                or subj.lower_ in ("it", "this")):
            return []
        action = [t for c in tok.children if c.dep_ in ("prep", "dobj") for t in c.subtree]
        if not action or self._last_modality == "prohibition" and self.has(subj, "DECISION_NOUN"):
            # "The decision [that barred the tanks] does not apply to the Bushmasters": what a
            # ban leaves out is not banned
            return []
        fr = self._frame("prohibition", tok, sent, [], action)
        fr.issuers = []  # the decision's issuer, from the article
        return [fr]

    def no_restrictions(self, tok: Token, sent: Span) -> list[Frame]:
        """'Czech weapons come with no caveats', 'Poland has never set conditions': a
        standing permission to use the weapons anywhere -- nothing was lifted."""
        verb = tok.head
        none = any(c.lower_ == "no" for c in tok.children)
        never = tok.dep_ == "dobj" and verb.lemma_ in ("set", "impose", "attach", "put", "place") \
            and negated(verb)
        if not (none or never):
            return []
        if tok.lemma_.lower() in OBJECTION_NOUNS and not any(
                c.dep_ == "prep" and c.lower_ in ("to", "against") for c in tok.children):
            # "Colombia's foreign ministry said it had no objection": a bystander's acceptance
            # of the decision, no standing permission ("no objection to Ukraine using ..." is one)
            return []
        while verb.dep_ == "prep" and verb.head.i != verb.i:
            verb = verb.head
        subj, _ = subject(verb)
        fr = self._frame("permission", verb, sent, [], [t for t in sent if t.i > tok.i] or [tok],
                         change="standing")
        if subj is not None and self.m.at(subj) and self.m.at(subj).category == "WeaponSystem":
            fr.issuers = []  # "Czech weapons come with ...": the supplier issues
        fr.action = self.reported_clause(tok, sent)
        return [fr]

    def reported_clause(self, tok: Token, sent: Span) -> list[Token]:
        """The clause a reporting verb carries, ``tok``'s ("'There are no restrictions ...,'
        X told reporters in Kyiv": not where X spoke); the whole sentence when none does."""
        for a in ancestors_upto(tok, 8):
            if a.dep_ in ("ccomp", "parataxis") and a.head.i != a.i and self.has(a.head, "REPORT_VERB"):
                return list(a.subtree)
        return list(sent)

    def no_longer(self, tok: Token, sent: Span) -> list[Frame]:
        """'Ukraine no longer faces any restrictions on ...', 'There are no longer any limits
        on where Finnish equipment may be used': a ban lifted."""
        if tok.i > 0 and "NO_LONGER" in self.cue.get(tok.i - 1, ()):
            return []  # "longer" of "no longer": read once, at "no"
        verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.head.head
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubj")
                    and self.has(c, "RESTRICTION_NOUN")), None)
        if obj is None:
            return self.no_longer_objects(verb, sent)
        subj, _ = subject(verb)
        bound_toks = [subj] if subj is not None and subj.i != obj.i and self.m.actor_for(subj) else []
        action = [t for t in obj.subtree if t.i != obj.i]
        fr = self._frame("permission", verb, sent, bound_toks, action, change="lift")
        fr.issuers = [i for i in fr.issuers if not bound_toks or i.key not in
                      {b.key for b in fr.bound}]
        if bound_toks:
            fr.issuers = []  # the subject is the party freed, not who freed it
        return [fr]

    def no_longer_objects(self, verb: Token, sent: Span) -> list[Frame]:
        """'France no longer objects to Armenia stationing the howitzers inside the strip':
        the objector (the subject) lifts its objection; the party it objected to is bound."""
        if verb.lemma_ not in OBJECTION_VERBS:
            return []
        subj, _ = subject(verb)
        action = [t for t in verb.subtree if t.i > verb.i]
        bound_toks = [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
                      for g in p.children if g.dep_ == "pobj" and self.m.actor_for(g)]
        bound_toks += [g for t in action if t.pos_ == "VERB" for g in t.children
                       if g.dep_ in ("nsubj", "poss") and self.m.actor_for(g)]  # "to Armenia's stationing"
        if subj is None or not self.m.actor_for(subj) or not action:
            return []
        party = {t.i for b in bound_toks for t in b.subtree}
        fr = self._frame("permission", verb, sent, bound_toks, [t for t in action if t.i not in party],
                         change="lift")
        return [fr] if fr.issuers else []

    def unchanged(self, tok: Token, sent: Span) -> list[Frame]:
        """'Our policy ... prohibiting X has not changed': a ban reaffirmed."""
        if not negated(tok):
            return []
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lemma_ not in ("policy", "ban", "restriction", "stance", "position",
                                                "condition", "limit", "caveat", "rule"):
            return []
        body = [t for t in subj.subtree if t.i > subj.i]
        if subj.lemma_ in ("policy", "stance", "position") and not any(
                t.lower_ in ("against", "prohibiting", "banning", "on") or self.has(t, "PROHIBIT_VERB")
                for t in body):
            return []  # a policy "has not changed" is a ban only when it is one
        speaker = self.speaker(sent)
        fr = self._frame("prohibition", subj, sent, [], body, speaker=speaker)
        if not fr.issuers:
            poss = next((c for c in subj.children if c.dep_ == "poss"), None)
            fr.issuers = [self.m.as_state(a) for a in self.actors(poss, speaker)] if poss is not None else []
            if not fr.issuers and speaker is not None:
                fr.issuers = [self.m.as_state(speaker)]
        # only a state or a body issues rules; an unnamed spokesman's affiliation comes later
        fr.issuers = [i for i in fr.issuers if i is not None and i.category in ("Country", "Organization")]
        return [fr]

    # ------------------------------------------------------------ frame -> records
    def split(self, fr: Frame) -> list[list[Token]]:
        """Coordinated actions ('hit X or launch Y') become separate rules."""
        verbs = [t for t in fr.action if t.pos_ == "VERB" and t.dep_ in ("xcomp", "advcl", "ccomp", "acl")]
        if not verbs:
            return [fr.action]
        v = verbs[0]
        conj = [c for c in v.conjuncts if c.i > v.i and c.pos_ == "VERB" and c.i in {t.i for t in fr.action}]
        if not conj:
            return [fr.action]
        prefix = [t for t in fr.action if t.i < v.i]
        parts, taken = [], set()
        for c in conj:
            sub = [t for t in c.subtree]
            taken |= {t.i for t in sub}
            parts.append(prefix + sub)
        first = [t for t in fr.action if t.i >= v.i and t.i not in taken]
        parts = [prefix + first] + parts
        # split only when each part says where or at what ("hit civilian infrastructure or
        # launch missiles deep inside Russia"), not "be delivered or fired at Russian territory"
        if sum(self.substantive(p) for p in parts) < 2:
            return [fr.action]
        return parts

    def substantive(self, toks: list[Token]) -> bool:
        return any(self.cue.get(t.i, set()) & {"TARGET", "DEEP", "BORDER"} for t in toks) or any(
            (r := self.m.at(t)) is not None and r.category in ("Place", "Country") for t in toks)

    @staticmethod
    def denied_claim(tok: Token) -> bool:
        """Is ``tok`` in the content of a claim its sentence denies ("denied a report that ...")?"""
        claim = next((a for a in ancestors_upto(tok, 4)
                      if a.pos_ == "NOUN" and a.lemma_.lower() in CLAIM_NOUNS), None)
        return claim is not None and any(t.pos_ == "VERB" and t.lemma_.lower() in DENIAL_VERBS
                                         and t.i < claim.i for t in tok.sent)

    def denied_report(self, fr: Frame) -> bool:
        """'Nordposten reported that the government had quietly allowed ...' in an article
        that reports the denial: a claim, not a decision. So is a decision told as the content
        of a claim the sentence denies ("denied a newspaper report that Germany had authorised
        ..."), however the parser attaches the denial."""
        if self.denied_claim(fr.trigger):
            return True
        reporters = ancestors_upto(fr.trigger, 5) + [c for c in fr.trigger.children if c.dep_ in ("ccomp", "parataxis")]
        for a in reporters:
            if self.has(a, "REPORT_VERB"):
                subj, _ = subject(a)
                ref = self.m.at(subj) if subj is not None else None
                press = subj is not None and any(t.lemma_ in PRESS_WORDS for t in subj.subtree)
                if (ref is not None and ref.role == "media") or press:
                    return any(self.has(t, "HEDGE") and t.lemma_ in ("deny",) or t.lower_ == "wrong"
                               for t in self.doc) or any(
                        "no such decision" in s.text.lower() for s in self.doc.sents)
        return False

    def about_weapons(self, fr: Frame) -> bool:
        """A rule here regulates using weapons: the action must say so (or the weapons a
        pronoun subject stands for: "they must never be fired at vessels")."""
        if fr.change or fr.antecedent:
            return True
        for t in fr.action:
            labels = self.cue.get(t.i, set())
            if labels & {"USE_VERB", "DEEP", "BORDER", "TARGET", "FOREIGN_TERRITORY"}:
                return True
            if t.dep_ == "dobj" and t.head.i == fr.trigger.i and t.lemma_.lower() in USE_NOUNS:
                return True  # "bars its use over Libya": what is ruled on is the weapons' use
            ref = self.m.at(t)
            if ref is not None and ref.category in ("WeaponSystem", "Place"):
                return True
        # "strikes within three kilometres of a camp for displaced people are prohibited":
        # attacks (a noun) limited by a distance are the use of weapons
        return any(t.pos_ == "NOUN" and t.lemma_.lower() in ATTACK_NOUNS for t in fr.action) and any(
            "DISTANCE" in self.cue.get(t.i, set()) for t in fr.action)

    def extend_linear(self, fr: Frame) -> None:
        """When the parse detaches the complement ("let Ukraine fire Storm Shadow, the
        British twin of SCALP, at military targets in Kursk"), read on to the clause's end."""
        ids = {t.i for t in fr.action}
        if any(self.cue.get(i, set()) & {"TARGET", "BORDER", "DEEP"} for i in ids) or any(
                (r := self.m.by_token.get(i)) is not None and r.category in ("Place", "Country") for i in ids):
            return
        start = max(ids) + 1 if ids else fr.trigger.i + 1
        extra = []
        for t in fr.sent.doc[start: fr.sent.end]:
            if self.has(t, "REPORT_VERB") or (t.dep_ == "nsubj" and self.has(t.head, "REPORT_VERB")) \
                    or t.lower_ in (";", "but", "while", "although") or t.i in fr.described \
                    or self._joins_own_clause(t):
                break
            extra.append(t)
        fr.action = fr.action + extra

    @staticmethod
    def _joins_own_clause(t: Token) -> bool:
        """'... may not be armed or used in combat operations, and they must not enter ...': a
        conjunction before a coordinated clause with its own subject starts another statement
        (its own rule), not more of the detached complement."""
        return t.dep_ == "cc" and any(
            c.dep_ == "conj" and c.i > t.i and c.pos_ in ("VERB", "AUX")
            and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in t.head.children)

    def records(self, fr: Frame) -> list[RuleRecord]:
        if self.denied_report(fr):
            return []
        self.extend_linear(fr)
        if not self.about_weapons(fr):
            return []
        self.fill_supplier(fr)
        if fr.modality == "permission" and fr.change in (None, "standing") and self._widening(fr.action):
            # "may be deployed and used, additionally to the Odesa region, in the Mykolaiv
            # region": a grant for an area beside one already granted widens the limit: it eases it
            fr.change = "ease"
        out = []
        speaker = self.speaker(fr.sent)
        when = self.date_for(fr)
        issuers = fr.issuers or [None]
        joint: tuple[str, ...] = ()
        if self._joint(fr):
            # a decision taken together is one rule; a rule has one issuer, so the first of
            # them by key stands for all, the same in every report ("Rome and Paris let ...")
            joint = tuple(sorted(i.key for i in fr.issuers))
            issuers = [min(fr.issuers, key=lambda i: i.key)]
        for action in self.split(fr):
            for issuer in issuers:
                rec = self.record(fr, issuer, action, speaker, when)
                rec.joint = joint
                out.append(rec)
        return out

    def record(self, fr: Frame, issuer, action: list[Token], speaker, when) -> RuleRecord:
        m = self.m
        ids = {t.i for t in action}
        # "against Russian artillery positions", "shoot down the Su-34s": hit, not what hits
        hit = aimed_at(self.doc, [fr.trigger, *action], fr.sent)
        fired = [t for t in action if t.i not in hit]
        weapons = m.in_tokens(fired, ("WeaponSystem",)) or self._their_use(action)
        if not weapons and fr.modality == "prohibition" and not fr.antecedent:
            weapons = self._pronoun_weapons(subject(fr.trigger)[0], fr.trigger)
        if fr.antecedent and all(w.generic or w.key.startswith("kind_") for w in weapons):
            weapons = fr.antecedent + weapons  # "The vehicles ...": the ones named before
        weapons += [w for w in m.named_kind(fired) if all(w.key != x.key for x in weapons)]
        parties = {e.key for e in fr.bound} | ({issuer.key} if issuer else set())
        scope_in, scope_out = [], []
        for t in action:
            ref = m.at(t)
            if ref is None or ref.key in parties or any(ref.key == s.key for s in scope_in + scope_out):
                continue
            if fr.modality == "permission" and self._negated_between(t, fr.trigger):
                # "approved the export on condition that Cairo does not use them ... over
                # Libya": a place the grant's condition rules out is not granted
                continue
            prep = t.head if t.dep_ == "pobj" else None
            if prep is not None and prep.lower_ == "of" and prep.head.lower_ in LOC_PREPS:
                prep = prep.head  # "inside of Russia"
            if prep is not None and (prep.lower_ in OUT_PREPS or self._denied_place(prep)):
                scope_out.append(ref)
            elif ref.category == "Place" and not (m.metonyms.get(ref.mention.lower()) and (
                    t.dep_ in ("nsubj", "poss") or t.dep_ == "dobj" and not self.has(t.head, "USE_VERB"))):
                # (a capital standing for its state acts: "Oslo's condition" is not an area)
                scope_in.append(ref)
            elif ref.category == "Country" and (
                    (prep is not None and prep.lower_ in LOC_PREPS)
                    or (t.dep_ in ("amod", "compound") and t.head.lemma_ in TERRITORY_NOUNS)
                    # "the airspace of the Russian Federation": the country whose area it is
                    or (prep is not None and prep.lower_ == "of" and prep.head.lemma_ in TERRITORY_NOUNS)):
                scope_in.append(ref)
        span = self.doc[min(ids):max(ids) + 1] if ids else fr.sent
        deep = [s for s in cue_spans(self.doc, "DEEP", span) if s.start in ids and not self._supplied(s)]
        border = [s for s in cue_spans(self.doc, "BORDER", span) if s.start in ids]
        targets = sorted({s.id_ for s in cue_spans(self.doc, "TARGET", span)
                          if s.start in ids and s.id_ and not self._protected(s)})
        purpose_area = fr.sent if fr.modality == "permission" else span
        purposes = sorted({s.id_ for s in cue_spans(self.doc, "PURPOSE", purpose_area) if s.id_})
        # "within 30 kilometres of the border", "beyond 30 kilometres": a reach near the border
        # (strikes are "deep" only when the text says so: "deeper than 70 km")
        reach = [self.distance_phrase(s) for s in cue_spans(self.doc, "DISTANCE", span) if s.start in ids]
        scope_text = [s.text for s in border] + self.deep_phrases(deep)
        scope_text = [t for t in scope_text if not any(t in r for r in reach)] + reach
        if fr.modality == "prohibition":
            scope_text += self.outside_phrases(action, scope_text)
            scope_text += self.other_state_phrases(action, scope_text)
        if "civilian infrastructure" in targets:
            concept = "CivilianTargetStrike"
        elif deep:
            concept = "DeepStrike"
        elif border or reach or any(self.foreign(r, fr) for r in scope_in):
            concept = "CrossBorderStrike"
        else:
            concept = "WeaponUse"
        if fr.past_reach and concept in ("CrossBorderStrike", "WeaponUse"):
            concept = "DeepStrike"  # a limit of distance lifted: strikes beyond it
        beyond = self.own_territory(action, {b.key for b in fr.bound}, OUT_PREPS)
        if fr.modality == "prohibition" and not fr.home_only and beyond is not None:
            # "must not be used beyond Ukraine's borders": a ban on cross-border use
            concept = "CrossBorderStrike"
        elif fr.modality == "permission" and beyond is not None and negated(beyond.head):
            # "approved the sale, but only on condition that the missiles are not used beyond
            # Ukraine's internationally recognised borders": granted within them
            words = [t for t in beyond.subtree if t.i != beyond.i and not t.is_punct]
            scope_text.append("within " + self.doc[words[0].i:words[-1].i + 1].text)
        if fr.kept_in:
            # "must stay on Ukrainian territory": where the weapons must stand
            concept = "Deployment"
            scope_text = scope_text + [fr.kept_in]
        elif self.deploying(fr.trigger, action):
            # "the guns may not be deployed within 15 km of the border": where they stand
            concept = "Deployment"
        elif fr.home_only:
            # the ban is on everything outside the party's own territory
            concept = "CrossBorderStrike"
            scope_in = [r for r in scope_in if self.foreign(r, fr)]
            home = self.m.country((fr.bound[0].key if fr.bound else None) or self.home)
            scope_text = scope_text + ([f"outside {home.label}"] if home else [])
            targets = []  # "may be used against Russian forces in occupied Ukraine": allowed, not banned
        return RuleRecord(
            modality=fr.modality, action=concept, action_text=clause_text(action),
            evidence=quote(fr.sent), issuer=issuer, bound=fr.bound[0] if fr.bound else None,
            weapons=weapons, scope_in=scope_in, scope_out=scope_out, scope_text=scope_text,
            targets=targets, purposes=purposes, announced=when, change=fr.change,
            decided_by=fr.decided_by, attributed_to=speaker, lifts_reach=fr.past_reach,
            handover=self.handing_on(fr.trigger, action))

    @staticmethod
    def _negated_between(tok: Token, trigger: Token) -> bool:
        """Is a verb between ``tok`` and the trigger (its ancestors below the trigger) negated?"""
        for a in ancestors_upto(tok, 8):
            if a.i == trigger.i:
                return False
            if a.pos_ in ("VERB", "AUX") and negated(a):
                return True
        return False

    def handing_on(self, trigger: Token, action: list[Token]) -> bool:
        """Is the act ruled on handing the weapons on ("let Warsaw pass on K2 tanks",
        "cleared Poland to give Ukraine 36 howitzers"): the first verb of the action, where
        the trigger itself is no verb of use?"""
        if self.has(trigger, "USE_VERB"):
            return False
        verbs = [t for t in action if t.pos_ == "VERB" and t.i > trigger.i]
        if not verbs or verbs[0].lemma_.lower() not in HANDOVER_VERBS or self.has(verbs[0], "USE_VERB"):
            return False
        # "send the Akinci beyond Ukrainian-held ground": sent somewhere, not to someone
        return not any(c.dep_ == "prep" and c.lower_ in AREA_PREPS for c in verbs[0].children)

    def _widening(self, toks: list[Token]) -> bool:
        """Do ``toks`` name an area "additionally to" / "in addition to" another?"""
        for t in toks:
            if t.dep_ != "pobj" or (r := self.m.at(t)) is None or r.category not in ("Place", "Country"):
                continue
            prep = t.head
            words = [w.lower_ for w in self.doc[max(prep.i - 2, t.sent.start):prep.i + 1]]
            if any(" ".join(words[-len(p.split()):]) == p for p in WIDENING):
                return True
        return False

    def _protected(self, cue: Span) -> bool:
        """'to protect civilians and troops': what the weapons defend (the object of a verb of
        purpose, or a word coordinated with it), not what they hit."""
        t = cue.root
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        return t.dep_ == "dobj" and t.head.pos_ == "VERB" and self.has(t.head, "PURPOSE")

    def deploying(self, trigger: Token, action: list[Token]) -> bool:
        """Is the rule about where the weapons are deployed or stationed ("may not be
        deployed within 15 km of the border", "from stationing them ..."), and not about
        firing them?"""
        verbs = [t for t in (trigger, *action) if t.pos_ == "VERB"
                 and (self.has(t, "USE_VERB") or t.lemma_ in DEPLOY_VERBS or self._kept_away(t))]
        # "may be deployed and used up to five kilometres from the border": a rule on where
        # they stand, the use coordinated with it going with the deployment
        verbs = [v for v in verbs if not (v.dep_ == "conj" and v.head.i == trigger.i
                                          and trigger.lemma_ in DEPLOY_VERBS)]
        # "barred Manila from deploying or firing them from the Spratly Islands": likewise a
        # use coordinated with a deployment inside what is ruled on
        verbs = [v for v in verbs if not (v.dep_ == "conj" and v.head.lemma_ in DEPLOY_VERBS
                                          and v.head in verbs)]
        # "will let Georgetown defend its skies, on conditions set out in a licence that also
        # keeps the launchers back from the border": what a licence named beside the grant
        # keeps is another of its terms, not what is granted
        verbs = [v for v in verbs if not (v.dep_ in ("relcl", "acl") and self.has(v.head, "PERMIT_NOUN"))]
        return bool(verbs) and all(v.lemma_ in DEPLOY_VERBS or self._kept_away(v) for v in verbs)

    def _kept_away(self, verb: Token) -> bool:
        """ "the rule that kept the launchers five kilometres from the border": keeping the
        weapons somewhere (an object, and a place or distance they are kept from or within)
        is stationing them ("kept the ban" keeps no weapons anywhere)."""
        if verb.lemma_ not in KEEP_VERBS or not any(c.dep_ == "dobj" for c in verb.children):
            return False
        return any(c.dep_ in ("prep", "advmod", "prt") and c.lower_ in KEEP_PLACES for c in verb.children)

    def _their_use(self, action: list[Token]) -> list[EntityRef]:
        """'Norway has sent 12 M270 launchers ... approved their use inside Russia': the
        weapons "their use" stands for, named before it in the sentence or the one before."""
        pronoun = next((t for t in action if t.lower_ in ("their", "its") and t.dep_ == "poss"
                        and t.head.lemma_ in USE_NOUNS), None)
        if pronoun is None:
            return []
        earlier = [t for t in pronoun.sent if t.i < pronoun.i]
        return (self.m.in_tokens(earlier, ("WeaponSystem",))
                or self.m.in_tokens(sentences_before(pronoun, 1), ("WeaponSystem",)))

    def _supplied(self, cue: Span) -> bool:
        """A cue under a supply verb ("when London began supplying the long-range missile")
        tells what was delivered, not how deep the strikes may go."""
        return any(a.pos_ == "VERB" and a.lemma_ in SUPPLY_VERBS for a in ancestors_upto(cue.root, 4))

    def foreign(self, place: EntityRef, fr: Frame) -> bool:
        """Is the area outside the bound party's own territory (Russia, Kursk for Ukraine)?"""
        home = {b.key for b in fr.bound} or ({self.home} if self.home else set())
        where = place.key if place.category == "Country" else place.country
        return bool(where) and where not in home

    def distance_phrase(self, cue: Span) -> str:
        """'up to 70 km from the Ukrainian border', 'within 30 kilometres of the border',
        'beyond 30 kilometres', 'deeper than 70 km': the reach's text."""
        doc = self.doc
        start = cue.start
        while start > 0 and cue.start - start < 3 and doc[start - 1].lower_ in DISTANCE_WORDS:
            start -= 1
        end = cue.end
        for p in cue[-1].children:
            if p.dep_ == "prep" and p.lower_ in ("of", "from") and p.i == end:
                end = p.right_edge.i + 1
        head = cue[-1].head
        if cue[-1].dep_ in ("compound", "amod", "nmod") and head.i == end and head.pos_ == "NOUN":
            end = head.i + 1  # "that 15-kilometre strip", "a 30-km zone": the area it measures
        return doc[start:end].text

    def outside_phrases(self, action: list[Token], known: list[str]) -> list[str]:
        """'must not be used against targets outside the Philippines' exclusive economic zone':
        a ban on what lies outside an area no entity names (a zone, a line) keeps the phrase
        ("outside Ukraine", an entity, is an area excluded already)."""
        ids = {t.i for t in action}
        out = []
        for t in action:
            if t.dep_ != "prep" or t.lower_ not in ("outside", "beyond"):
                continue
            obj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if obj is None or self.m.at(obj) is not None or obj.lemma_ in TERRITORY_NOUNS | BORDER_NOUNS:
                continue
            words = [w for w in t.subtree if w.i in ids]
            text = self.doc[words[0].i:words[-1].i + 1].text
            if not any(text in k or k in text for k in known):
                out.append(text)
        return out

    def other_state_phrases(self, action: list[Token], known: list[str]) -> list[str]:
        """'must never be fired at vessels in waters under the jurisdiction of another state':
        a ban on acting in an area of other states that no entity names keeps the phrase of
        place (the outermost one that says whose area it is)."""
        ids = {t.i for t in action}
        out = []
        for t in action:
            if t.dep_ != "prep" or t.lower_ not in LOC_PREPS or any(
                    a.dep_ == "prep" and a.lower_ in LOC_PREPS and a.i in ids for a in t.ancestors):
                continue
            words = [w for w in t.subtree if w.i in ids]
            text = self.doc[words[0].i:words[-1].i + 1].text
            low = " ".join(text.lower().split())
            if any(f" {p}" in f" {low}" for p in OTHER_STATE_PHRASES) \
                    and not any(text in k or k in text for k in known + out):
                out.append(text)
        return out

    def deep_phrases(self, deep: list[Span]) -> list[str]:
        out = []
        for s in deep:
            if s[0].lower_ not in ("deep", "deeper", "far"):
                continue
            end = s.end
            for j in range(s.end, min(s.end + 4, len(self.doc))):
                if self.m.by_token.get(j) and self.m.by_token[j].category in ("Country", "Place"):
                    end = j + 1
                    while end < len(self.doc) and self.m.by_token.get(end) is self.m.by_token[j]:
                        end += 1
                    break
            text = self.doc[s.start:end].text
            if all(text not in o for o in out):
                out = [o for o in out if o not in text] + [text]
        return out

    def date_for(self, fr: Frame):
        """A date attached to the trigger or to the reporting verb of its sentence."""
        near = {fr.trigger.i}
        for a in [fr.trigger, *ancestors_upto(fr.trigger, 3)]:
            if a.dep_ == "relcl":
                # "India on Thursday lifted the condition that barred ...": the day of the
                # clause a relative clause hangs on is not the day of what it describes
                break
            near.add(a.head.i)
        ents = [e for e in date_ents(self.doc, fr.sent) if not in_dateline(e)]
        reported = None
        from_end = -1
        for ent in ents:
            head = ent.root.head
            if head.lower_ in APPLIES_FROM or all(t.is_punct for t in self.doc[from_end:ent.start]) \
                    and from_end >= 0:
                # "From Monday, the drones can be used ...": when it applies, not when said (and
                # so is the day put again after it: "From Monday, 10 April, ...")
                from_end = ent.end
                continue
            if head.dep_ == "prep":
                head = head.head
            d = dates.resolve(ent.text, self.published, future=False)
            if d and head.i in near and not self.has(head, "REPORT_VERB"):
                return d
            back = offset_back(ent, ents, self.published)
            if back is not None and back[0].i in near:
                return back[1]  # "on Friday, a day after Washington cleared Kyiv to ..."
            if d and reported is None and (head.i in near or self.has(head, "REPORT_VERB")):
                reported = d  # "officials said Thursday": the day it was made known
        if reported is not None and self._background(fr.trigger):
            return None  # "..., two months after Berlin allowed counter-fire": not the day said
        return reported

    @staticmethod
    def _background(trigger: Token) -> bool:
        """The trigger is in a clause of what happened before or after ("two months after
        Berlin allowed ...", "since London allowed ..."), not the news reported."""
        for t in (trigger, *ancestors_upto(trigger, 2)):
            if t.dep_ in ("advcl", "pcomp") and any(
                    c.dep_ == "mark" and c.lower_ in ("after", "before", "since") for c in t.children):
                return True
            if t.dep_ == "pcomp" and t.head.lower_ in ("after", "before", "since"):
                return True
        return False


    def extract(self) -> list[RuleRecord]:
        out: list[RuleRecord] = []
        for sent in self.doc.sents:
            for fr in self.frames(sent):
                found = self.records(fr)
                out += found
                if found:
                    self._last_modality = fr.modality
        return out
