"""Advocacy: actors pushing to lift or ease a restriction.

"X called for Ukraine to be allowed ...", "X joined the push", "X made the
case", "X, who supports a restriction lift", "X said Ukraine should be
allowed ...", "pressure from X". Only when the statement is about permission,
restrictions or striking with weapons.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..records import AdvocacyRecord, EntityRef
from . import dates
from .mentions import ANON_NOUNS, Mentions
from .syntax import (ancestors_upto, clause_text, date_ents, doc_text, negated, pushed_infinitive, quote, sentences,
                     sentences_before, subject)
from .words import WORDS

# what makes a push a push about the rules (not about deliveries or production)
DOMAIN = {"PERMIT_VERB", "PERMIT_NOUN", "LIFT_VERB", "LIFT_NOUN", "RESTRICTION_NOUN",
          "DEEP", "BORDER", "FOREIGN_TERRITORY", "PROHIBIT_VERB", "DECISION_NOUN", "ABLE", "PURPOSE",
          "POLICY_CHANGE", "EXCEPTION_NOUN", "DISTANCE"}
# verbs that say nothing about the rules by themselves: the object must
REQUEST_VERBS = WORDS["request_verbs"]
# "urged Berlin to reverse it": undoing what the sentence before names
UNDO_VERBS = WORDS["undo_verbs"]
# "backed X but wanted Y": a coordinated clause that says something else
CONTRAST = set(WORDS["contrast_conjunctions"])
STATE_ROLES = WORDS["state_roles"]
# "the kingdom had asked Ottawa to ease ...": a state named by what it is
STATE_NOUNS = WORDS["state_nouns"] | WORDS["government_nouns"]
SPEAKER_VERBS = WORDS["speaker_verbs"]
# "called on the government to withdraw the licence": a push to take a permission back
REVOKE_VERBS = WORDS["revoke_verbs"]
# "called on every supplier to impose similar limits": a push for more limits
IMPOSE_VERBS = WORDS["impose_verbs"]
# "remove any doubt", "end the uncertainty": what is lifted is no rule
DOUBT_NOUNS = WORDS["doubt_nouns"]
# "raised the issue with the prime minister": the topic the story is about, taken up with someone
TOPIC_NOUNS = WORDS["topic_nouns"]
# "pushed ... back", "push forward", "pushes towards Kharkiv": troops moving, not a push for
# (a particle or adverb of movement, or "towards" a place; "pushed on Monday for ..." pushes)
MOVING_ADVERBS = WORDS["moving_particles"]  # ("pushed the line out to 50 km": moved, not pushed for)
# "called for the transfer to be stopped": a push to halt the supply, not to ease a rule
HALT_VERBS = WORDS["halt_verbs"]
# "asked the government to publish the licence": a call for disclosure, not for a change
DISCLOSURE_VERBS = WORDS["disclosure_verbs"]
# "wants to be sure the weapons are never used ...": a wish, negated, for a limit
WISH_VERBS = WORDS["wish_verbs"]
# cues a negated wish may carry and still push for easing ("not to block the permission")
REVERSING = {"PROHIBIT_VERB", "RESTRICTION_NOUN", "PERMIT_VERB", "LIFT_VERB", "PERMIT_NOUN", "REINSTATE_VERB"}
# what a halted object must not be for the halt to be a push against (halting a ban eases it)
RULE_LIMITS = {"RESTRICTION_NOUN", "BORDER", "DISTANCE", "DEEP", "FOREIGN_TERRITORY", "EXCEPTION_NOUN", "LIFT_NOUN"}
MOVING_PREPS = WORDS["moving_prepositions"]  # ("pushed the line out to 50 km", parsed as a preposition)
QUOTE_MARKS = '"“”'
WE = {"we", "i"}  # "We call on ... to lift this restriction": the one quoted speaks (for them)
INCLUDING = {"from", "including", "like", "as", "among", "such"}  # "it was time to reconsider": the speaker advocates


class AdvocacyExtractor:
    def __init__(self, m: Mentions, cuemap, published, decision: str | None = None,
                 issuers: frozenset[str] = frozenset()):
        self.m, self.cue, self.published = m, cuemap, published
        # the modality of the article's lead rule: what "the decision" is
        self.decision = decision
        self.issuers = issuers  # keys of the states whose rules the article tells

    def has(self, tok: Token, label: str) -> bool:
        return label in self.cue.get(tok.i, ())

    def about_rules(self, tok: Token) -> bool:
        if tok.lemma_ in REQUEST_VERBS and any(
                c.dep_ in ("xcomp", "ccomp") and (self.has(c, "REPORT_VERB") or c.lemma_ in DISCLOSURE_VERBS)
                for c in tok.children):
            # "wanted the government to explain the decision": asking for an account of a
            # rule, not for changing it
            return False
        scope = list(tok.subtree) + list(tok.head.subtree if tok.dep_ in ("dobj", "pobj", "attr") else [])
        # "it backed support for Ukraine but wanted the government to ...": a contrasting
        # clause says something else; its rule words are not what was backed
        verbs = (tok, tok.head) if tok.dep_ in ("dobj", "pobj", "attr") else (tok,)
        contrast = {t.i for v in verbs for c in v.children
                    if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.i > tok.i and any(
                        g.dep_ == "cc" and g.lower_ in CONTRAST and tok.i < g.i < c.i for g in v.children)
                    for t in c.subtree}
        scope = [t for t in scope if t.i not in contrast]
        if any(self.domain(t) for t in scope):
            return True
        if self.undoing_it(scope):
            return True
        if tok.lemma_ in REQUEST_VERBS:
            # "We ask Canada to give us back the Excalibur": a weapon asked for again
            return any(t.lower_ in ("back", "again") and t.dep_ in ("prt", "advmod") for t in scope) and any(
                (r := self.m.at(t)) is not None and r.category == "WeaponSystem" for t in scope)
        # "calling for using U.S. weapons to attack Russia": using weapons against a country
        uses = any("USE_VERB" in self.cue.get(t.i, ()) for t in scope)
        return uses and any((r := self.m.at(t)) is not None and r.category in ("Country", "Place")
                            and t.i > tok.i for t in scope)

    def domain(self, tok: Token) -> set[str]:
        """The rule cues of ``tok``; a lifting verb that removes a doubt ("we wanted to remove
        any doubt") is about no rule."""
        labels = self.cue.get(tok.i, set()) & DOMAIN
        if "LIFT_VERB" in labels and any(c.dep_ == "dobj" and c.lemma_.lower() in DOUBT_NOUNS for c in tok.children):
            labels = labels - {"LIFT_VERB"}
        return labels

    def undoing_it(self, scope: list[Token]) -> bool:
        """ "The refusal drew criticism. X ... urged Berlin to reverse it", "... urged the
        government to reconsider": "it" (or what is to be reconsidered) is what the previous
        sentences, or this one before it, are about (no coreference: a rule word there)."""
        for verb in scope:
            if verb.pos_ != "VERB":
                continue
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if verb.lemma_ in SPEAKER_VERBS and not objects:
                back = 3  # "urged the government to reconsider": the story so far
            elif (verb.lemma_ in UNDO_VERBS or self.has(verb, "LIFT_VERB")) and any(
                    c.lower_ in ("it", "this", "that") for c in objects):
                back = 1
            elif any(self._the_topic(c) for c in objects):
                back = 3  # "had raised the issue with ...": the issue the story so far is about
            else:
                continue
            before = sentences_before(verb, back)
            before += [t for t in verb.sent if t.i < verb.i and t.pos_ == "NOUN"]
            if any(self.cue.get(t.i, set()) & DOMAIN for t in before):
                return True
        return False

    def _rule_maker(self, tok: Token) -> bool:
        """Whether ``tok`` is, or holds office for, a state that sets the article's rules:
        "Macron", "Canada", "the Canadian prime minister"."""
        refs = list(self.m.actor_for(tok))
        if tok.lemma_.lower() in STATE_ROLES:
            refs += [r for c in tok.children if c.dep_ in ("amod", "poss", "compound")
                     for r in [self.m.at(c)] if r is not None]
        return any(r.key in self.issuers or r.country in self.issuers for r in refs)

    @staticmethod
    def _the_topic(tok: Token) -> bool:
        """ "the issue", "this matter": a topic named as the one already spoken of."""
        return tok.lemma_.lower() in TOPIC_NOUNS and any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)

    def restricting(self, tok: Token, itself: bool = False) -> bool:
        """ "called on the government to withdraw the licence", "urged Berlin to reimpose the
        ban": what is pushed for takes a permission back or puts a ban back, the opposite of
        easing the rules. ``itself``: ``tok`` is the verb pushed for ("the licence should be
        revoked"), not the verb that pushes."""
        if tok.lemma_ in WISH_VERBS and any(
                v.pos_ == "VERB" and v.i != tok.i and v.dep_ in ("ccomp", "xcomp") and negated(v)
                and not self.cue.get(v.i, set()) & REVERSING for v in tok.subtree):
            # "it wants to be sure the shield is never turned into anything else": a wish that
            # something does not happen is a wish for a limit ("wants Berlin not to block the
            # permission", a ban verb negated, still pushes)
            return True
        for verb in tok.subtree:
            if verb.pos_ != "VERB" or (verb.i == tok.i and not itself) or negated(verb):
                continue
            objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            if verb.lemma_ in REVOKE_VERBS and any(self.has(o, "PERMIT_NOUN") for o in objects):
                return True
            if verb.lemma_ in HALT_VERBS and objects and not any(
                    self.cue.get(t.i, set()) & RULE_LIMITS for o in objects for t in o.subtree):
                # "called for the transfer to be stopped", "urged Bratislava to suspend the
                # deliveries": halting the supply, not easing its rules ("stop the ban" eases)
                return True
            if (self.has(verb, "REINSTATE_VERB") and verb.lemma_ not in REVOKE_VERBS
                    or verb.lemma_ in IMPOSE_VERBS) and any(self.has(o, "RESTRICTION_NOUN") for o in objects):
                return True
            if verb.lemma_ in UNDO_VERBS and any(o.lower_ in ("it", "this", "that") for o in objects) \
                    and self._last_rule_word(verb) & {"LIFT_NOUN", "LIFT_VERB", "PERMIT_NOUN", "PERMIT_VERB"}:
                return True  # "calls the easing a gift ... and wants the agency to reverse it"
            # ("wants the decision reversed": the decision is what is to be reversed, however
            # the participle is tagged)
            subjects = [c for c in verb.children if c.dep_ == "nsubj"] if not objects and (
                verb.tag_ == "VBN" or verb.dep_ in ("ccomp", "xcomp", "oprd")) else []
            if verb.lemma_ in UNDO_VERBS and self.decision == "permission" and any(
                    self.has(o, "DECISION_NOUN") for o in objects + subjects):
                # "still wants the October decision reversed" in a report of a grant: the
                # decision is the grant, and reversing it puts the ban back
                return True
        return False

    def _last_rule_word(self, verb: Token) -> set[str]:
        """The rule cues of the last word about the rules before ``verb`` (in its sentence,
        else the one before): what "it" in "reverse it" stands for."""
        for t in reversed([*sentences_before(verb, 1), *(t for t in verb.sent if t.i < verb.i)]):
            labels = self.domain(t)
            if labels:
                return labels
        return set()

    def pressing_the_case(self, tok: Token) -> bool:
        """ "X had pressed the case again": the case is the one the previous sentence argues."""
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_ in ("case", "push")), None)
        if tok.pos_ != "VERB" or obj is None:
            return False
        window = sentences_before(tok, 1) + list(tok.sent)
        return any(self.cue.get(t.i, set()) & DOMAIN for t in window)

    def speaker_of(self, tok: Token) -> list[EntityRef]:
        for a in ancestors_upto(tok, 6):
            if self.has(a, "REPORT_VERB"):
                subj, _ = subject(a)
                return self.people(subj)
        return []

    def people(self, head: Token | None) -> list[EntityRef]:
        """The actors a subject phrase names: its head (with coreference) and any
        named actor inside it ("Ukrainian officials, from President Zelenskyy on down")."""
        if head is None:
            return []
        out = list(self.m.actor_for(head))
        if not out and head.dep_ == "appos" and (named := self.m.at(head.head)) is not None \
                and named.category == "Person":
            # "Ivana Šimunović, the ruling-coalition MP who had pressed ...": the role in
            # apposition (the antecedent of "who") is the person named before it
            out = [named]
        # names inside the phrase count ("officials, from President Zelenskyy on down"), but not
        # the modifier of a relational noun ("U.S. allies" are not the U.S.) or a relative clause
        scan: list[Token] = []
        if self.m.at(head) is None and head.lemma_ in ANON_NOUNS:
            scan += [t for c in head.lefts for t in c.subtree]
        for c in head.rights:
            if c.dep_ in ("appos", "conj") or (c.dep_ == "prep" and c.lower_ in INCLUDING):
                # not inside a relative clause: "X, the politician who chairs the European
                # Parliament's subcommittee" names X, not the Parliament
                clauses = {t.i for r in c.subtree if r.dep_ in ("relcl", "acl") for t in r.subtree}
                scan += [t for t in c.subtree if t.i not in clauses]
        named = any(r.category == "Person" for r in out)
        for t in scan:
            ref = self.m.at(t)
            if named and t.ent_type_ == "NORP" and not any(w.lemma_.lower() in STATE_ROLES
                                                           for w in (t.head, *t.head.lefts)):
                # "Merezhko, a Ukrainian lawmaker": a nationality describes the person; a
                # minister or president speaks for the state ("Polish Prime Minister Donald Tusk")
                continue
            if ref and ref.category in ("Person", "Country", "Organization") and ref.role != "media":
                actor = self.m.as_actor(ref)
                if actor and all(actor.key != o.key for o in out):
                    out.append(actor)
        return [o for o in out if o.role != "media"]

    def reporter(self, toks) -> EntityRef | None:
        """The named speaker of a reporting verb among ``toks`` ("Marchuk said")."""
        for t in toks:
            if self.has(t, "REPORT_VERB"):
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        refs = [r for r in self.m.actor_for(c) if r.role != "media"]
                        if refs:
                            return refs[0]
        return None

    def quoted_speaker(self, tok: Token) -> list[EntityRef]:
        """Who speaks the quotation ``tok`` is in: named after it closes ('"We ...," X said'),
        before it opens ('X said: "We ..."'), or in the sentence just before it, whose own
        quotation X spoke ('"We are disappointed," X said. "We call on ..."')."""
        doc = tok.doc
        text = doc_text(doc)
        start = text.rfind("\n", 0, tok.idx) + 1
        end = text.find("\n", tok.idx)
        end = len(text) if end < 0 else end
        marks = [i for i in range(start, end) if text[i] in QUOTE_MARKS]
        # marks alternate: open, close, open, ... within a paragraph
        pairs = list(zip(marks[0::2], marks[1::2]))
        inside = next(((o, c) for o, c in pairs if o < tok.idx < c), None)
        if inside is None:
            return []
        sents = sentences(doc)
        opened = next((s for s in sents if s.start_char <= inside[0] < s.end_char), None)
        closed = next((s for s in sents if s.start_char <= inside[1] < s.end_char), None)
        if opened is None or closed is None:
            return []
        who = (self.reporter([t for t in closed if t.idx > inside[1]])
               or self.reporter([t for t in opened if t.idx < inside[0]]))
        if who is None and opened.start > 0 and opened.start_char == inside[0]:
            before = doc[opened.start - 1].sent
            if before.start_char >= start and any(t.text in QUOTE_MARKS for t in before):
                who = self.reporter(before)
        return [who] if who is not None else []

    def own_side_speaker(self, tok: Token) -> list[EntityRef]:
        """'X, a spokesman for the Saudi defence ministry, said the kingdom had asked Ottawa to
        ease the condition': a person who speaks for a state (his phrase names it) and tells
        of its request voices the push; not one with no state of his own ("a researcher with
        an Ottawa-based group"), nor one of the state asked."""
        report = next((a for a in ancestors_upto(tok, 4) if self.has(a, "REPORT_VERB")), None)
        if report is None:
            return []
        speaker, _ = subject(report)
        if speaker is None:
            return []
        person = [r for r in self.m.actor_for(speaker) if r.category == "Person"]
        asked = {s.key for c in tok.children if c.dep_ in ("dobj", "dative") for r in self.m.actor_for(c)
                 for s in [self.m.as_state(r)] if s is not None}
        sides = {s.key for t in speaker.subtree if t.i != speaker.i for r in [self.m.at(t)] if r is not None
                 and r.category in ("Country", "Organization") for s in [self.m.as_state(r)]
                 if s is not None and s.category == "Country"}
        return person[:1] if person and sides and not sides & asked else []

    def antecedent(self, tok: Token) -> list[EntityRef]:
        for t in reversed(list(tok.sent)):
            if t.i < tok.i and t.dep_ == "relcl":
                ref = self.m.at(t.head)
                if ref and ref.category == "Person":
                    return [ref]
        return []

    @staticmethod
    def _quoted_after(verb: Token, tok: Token) -> bool:
        """Is a quotation mark between ``verb`` and ``tok`` ("called the sale "one more bet on
        the Gulf""): a word of the name it is called, not of a call on or for anyone."""
        return tok.i > verb.i and any(t.text in QUOTE_MARKS for t in verb.doc[verb.i + 1:tok.i])

    def advocates(self, tok: Token) -> list[EntityRef]:
        if self.has(tok, "SHOULD"):
            verb = tok.head
            chain = [verb, *(t for t in verb.subtree if t.dep_ in ("xcomp", "ccomp", "dobj"))]
            if not any(self.has(t, "PERMIT_VERB") or self.has(t, "LIFT_VERB") or self.has(t, "PERMIT_NOUN")
                       or t.lemma_ == "reconsider" for t in chain):
                return []
            return self.speaker_of(verb)
        if tok.pos_ == "VERB" and self.has(tok, "ADVOCATE_VERB"):
            if negated(tok):
                return []
            if tok.lemma_ == "push" and any((c.dep_ in ("prt", "advmod") and c.lower_ in MOVING_ADVERBS)
                                            or (c.dep_ == "prep" and c.lower_ in MOVING_PREPS)
                                            for c in tok.children):
                return []  # "pushed most Ukrainian units back across the border": not pushing for
            if tok.lemma_ in SPEAKER_VERBS:
                return self.speaker_of(tok)
            if tok.tag_ == "VBN" and tok.i == tok.sent.start:
                return []  # "Asked whether ...": the one asked is not pushing
            if tok.lemma_ == "call" and not any(c.dep_ in ("xcomp", "ccomp", "advcl") for c in tok.children) \
                    and not any(t.lower_ in ("for", "on", "upon") for c in tok.children for t in (c, *c.children)
                                if t.dep_ in ("prep", "prt", "mark") and not self._quoted_after(tok, t)):
                # "called the decision a reckless escalation", "what diplomats called the rule":
                # naming it, not calling for (or on) anyone
                return []
            if tok.lemma_ == "raise" and not (
                    any(c.dep_ == "dobj" and self.has(c, "RESTRICTION_NOUN") for c in tok.children)
                    and any(c.dep_ == "prep" and c.lower_ == "with" and any(
                        self.m.actor_for(g) for g in c.children if g.dep_ == "pobj") for c in tok.children)
            ) and not (
                    any(c.dep_ == "dobj" and self._the_topic(c) for c in tok.children)
                    and any(c.dep_ == "prep" and c.lower_ == "with" and self._rule_maker(g)
                            for c in tok.children for g in c.children if g.dep_ == "pobj")):
                # only "raised the rule (personally) with Macron", or "had raised the issue with
                # the Canadian prime minister" when Canada sets the rules the article tells of:
                # taking it up with the issuer ("raised the matter with Erdogan", whose state is
                # bound, is a complaint to the party)
                return []
            if any(c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ in ("whether", "if") for g in c.children)
                   for c in tok.children):
                return []  # "asked whether the permission had been a mistake": a question
            subj, passive = subject(tok)
            if passive:
                return []
            who = self.people(subj)
            if not who and subj is not None and subj.lower_ in WE:
                who = self.quoted_speaker(subj)
            if not who and subj is not None and subj.lemma_.lower() in STATE_NOUNS:
                who = self.own_side_speaker(tok)
            objects = {r.key for c in tok.children if c.dep_ == "dobj" for r in self.m.actor_for(c)}
            if any(w.key in objects for w in who):
                # "X, who ... had been pressing Biden": a misattached clause; take the antecedent
                who = self.antecedent(tok)
            return who
        if tok.pos_ in ("NOUN", "PROPN") and self.has(tok, "ADVOCATE_NOUN"):
            if tok.lemma_ == "call" and not any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
                return []  # a phone call, not a call for something
            for c in tok.children:
                if c.dep_ == "poss":
                    return self.people(c)
                if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                    return [r for g in c.children if g.dep_ == "pobj" for r in self.people(g)]
            if tok.dep_ in ("dobj", "attr") and tok.head.pos_ == "VERB" and not negated(tok.head) \
                    and not self.has(tok.head, "ADVOCATE_VERB"):
                subj, passive = subject(tok.head)
                return [] if passive else self.people(subj)
        return []

    def extract(self) -> list[AdvocacyRecord]:
        out: list[AdvocacyRecord] = []
        for sent in self.m.doc.sents:
            for tok in sent:
                labels = self.cue.get(tok.i, set())
                if not labels & {"ADVOCATE_VERB", "ADVOCATE_NOUN", "SHOULD"}:
                    continue
                pushed = pushed_infinitive(tok) if self.has(tok, "ADVOCATE_VERB") else None
                if pushed is not None:
                    # "X, Y, pressed officials ... to let Ukraine use ...", misparsed: the push is
                    # for the infinitive, by the name before the comma
                    if self.about_rules(pushed) and not self.restricting(pushed) and not negated(pushed):
                        for who in self.people(tok.doc[tok.i - 2]):
                            out.append(AdvocacyRecord(advocate=who, evidence=quote(sent),
                                                      action_text=clause_text(list(pushed.subtree)),
                                                      date=self._date(tok)))
                    continue
                should = self.has(tok, "SHOULD")
                if not (self.about_rules(tok if not should else tok.head)
                        or self.pressing_the_case(tok)) or self.restricting(tok) or (
                        should and self.restricting(tok.head, itself=True)):
                    continue  # ("the licence should be revoked": a push the other way)
                for who in self.advocates(tok):
                    out.append(AdvocacyRecord(
                        advocate=who, evidence=quote(sent),
                        action_text=clause_text(list(tok.subtree)),
                        date=self._date(tok)))
        return out

    def _date(self, tok: Token):
        for ent in date_ents(tok.doc, tok.sent):
            if ent.label_ == "DATE":
                head = ent.root.head
                head = head.head if head.dep_ == "prep" else head
                if head.i == tok.i or head.i in {a.i for a in ancestors_upto(tok, 2)}:
                    return dates.resolve(ent.text, self.published)
        return None


def extract_advocacy(m: Mentions, cuemap, published, decision: str | None = None,
                     issuers: frozenset[str] = frozenset()) -> list[AdvocacyRecord]:
    """``decision``: the modality of the article's lead rule ("permission", "prohibition");
    ``issuers``: keys of the states whose rules the article tells."""
    return AdvocacyExtractor(m, cuemap, published, decision, issuers).extract()
