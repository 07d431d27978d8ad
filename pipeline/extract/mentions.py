"""Entity mentions: spaCy entities (gazetteer-tagged or statistical) -> EntityRef.

Also the rule-based coreference the extraction needs: pronouns, "the
president", metonyms acting for their government, anonymous officials.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..nlp.gazetteer import DEMONYM_LABEL, Entry, Gazetteer
from ..records import EntityRef
from .syntax import doc_text, in_dateline, sentences_before, subject
from .words import WORDS

NER_CATEGORY = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
                "FAC": "Place", "NORP": None}
TITLE_WORDS = WORDS["title_words"]
TITLE_MODIFIERS = WORDS["title_modifiers"]  # "Deputy", "Foreign": part of a title, never one alone
ANON_NOUNS = WORDS["anon_nouns"]
LISTING = {"including", "like", "as", "among"}
# a country's people acting for it: "Ukrainian pilots", "Ukrainian crews may fire ..."
PARTY_NOUNS = WORDS["party_nouns"]
# "An Italian opposition senator has called ... Carlo Benedetti, a centrist member ..."
ROLE_NOUNS = WORDS["role_nouns"]
# "the Black Sea Security Institute": a place that starts an institution's name
INSTITUTION_NOUNS = WORDS["institution_nouns"]
SUPPLY_VERBS = WORDS["supply_verbs"]
RECEIVE_VERBS = WORDS["receive_verbs"]  # "the missiles it received from Spain": from the supplier
# a state's organs: "the Biden administration", "Poland's defence ministry" act for the state
GOVERNMENT_NOUNS = WORDS["government_nouns"]
# "the agency", "the ministry": a body named before; not "the government" (the article's
# main one, for consolidation to tell)
AGENCY_NOUNS = WORDS["agency_nouns"]
# places that are also given names: "Sofia Ahlström of the Left Party" is a person
GIVEN_NAMES_OF_PLACES = WORDS["given_names_of_places"]
# "the South American country", "Latin American states": a demonym after a compass word names
# a region's people, not the state's
COMPASS_PREFIXES = WORDS["compass_prefixes"]
# what a place name may modify and still be a place: "the Xyz region", "the Xyz air base"
PLACE_NOUNS = WORDS["place_nouns"] | WORDS["territory_nouns"]
NAME_SUFFIXES = WORDS["name_suffixes"]  # "Jr.", "III": after a surname
FEATURE_NOUNS = WORDS["feature_nouns"]  # "Island", "Reef": what ends the name of a geographic feature
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
STATE_PRONOUNS = {"it", "its"}
# a model designation's base: letters, an optional hyphen, digits ("Mi-8" of "Mi-8MTV-1", "T-72")
_DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,3}-?\d{1,4}(?=[A-Za-z-]|$)")
_JUNK = re.compile(r"[\d@#/]|^\W|\W$")
_DASH_TAIL = re.compile(r"\s+[-\u2013\u2014]\s+(?=[a-z])")


def _headline_like(span: Span) -> bool:
    """A title, caption or credit line: most words capitalised and no final full stop."""
    doc = span.doc
    text = doc_text(doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    line = text[start: end if end >= 0 else len(text)].strip()
    words = re.findall(r"[A-Za-z][\w'-]*", line)
    if not words or line.endswith((".", '"', "”", "?", "!")):
        return False
    caps = sum(w[0].isupper() for w in words)
    return caps / len(words) > 0.6 or len(words) <= 4


_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"”’']?\s+[A-Z\"“]")
_CREDIT = re.compile(r"^\s*(by|photo|photos|reporting|additional reporting|editing|writing|"
                     r"\(?reporting by|compiled by|edited by|image)\b", re.I)


INSTRUMENT_VERBS = WORDS["instrument_verbs"]
# "Explainer: Why Germany ...", "Analysis: ...": the kind of piece, before a headline
RUBRIC_WORDS = WORDS["rubric_words"]


def _rubric(span: Span) -> bool:
    """Is ``span`` a rubric label ("Explainer:") opening its line, no name?"""
    doc = span.doc
    return span.text.lower() in RUBRIC_WORDS and span.end < len(doc) and doc[span.end].text == ":" \
        and (span.start == 0 or "\n" in doc[span.start - 1].text + doc[span.start - 1].whitespace_)


def _family_name(words: list[str]) -> str:
    """The word of a person's name a later mention uses alone: the last ("Marek Sobczak"),
    but the first where the name ends in a hyphenated given name, family name first ("Yoon
    Sang-hoon", "Choi Min-seok")."""
    words = [w.strip(",") for w in words if w.lower().strip(".,") not in {"jr", "sr", "ii", "iii"}]
    given = words[-1].split("-")
    if len(words) == 2 and len(given) == 2 and given[0][:1].isupper() and given[1][:1].islower():
        return words[0]
    return words[-1]


def _instrument(tok: Token) -> bool:
    """Is the weapon phrase what someone uses (not what is shot at)?"""
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in INSTRUMENT_VERBS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("with", "using"):
        return True
    if tok.dep_ in ("nsubj", "nsubjpass"):  # "Finnish weapons may be used ...", "equipment is to be used"
        return True
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.lemma_ in ("use",)


def _modifier_phrase(span: Span) -> bool:
    """ "Russian military aircraft", "German army stocks": a body named in lower-case words
    ("the Russian military") that modifies a noun after it describes that thing; it names
    the body only before its people ("Russian military officials")."""
    root = span[-1]
    head = root.head
    return root.is_lower and root.dep_ in ("amod", "compound") and head.i >= span.end \
        and head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in ANON_NOUNS | ROLE_NOUNS \
        and head.lower_ not in ANON_NOUNS | ROLE_NOUNS


def _starts_institution(ent: Span) -> bool:
    """'an analyst at the Black Sea Security Institute': a place named at the start of a
    capitalised name that ends in an institution noun is part of that name, not an area of
    the story."""
    doc = ent.doc
    if ent.root.dep_ != "compound":
        return False
    for t in doc[ent.end: ent.sent.end]:
        if not (t.is_title and t.pos_ in ("PROPN", "NOUN")):
            return False
        if t.lower_ in INSTITUTION_NOUNS:
            return True
    return False


def _outlet_names(outlet: str) -> str:
    """A pattern for an outlet's name and its shortenings: the leading two words or more
    (after a leading "The"), longest first."""
    words = outlet.split()
    if words and words[0].lower() == "the" and len(words) > 2:
        words = words[1:]
    prefixes = [" ".join(words[:n]) for n in range(len(words), 1, -1)] or [" ".join(words)]
    alts = "|".join(re.escape(p) for p in [outlet.strip(), *prefixes])
    return r"(?<!\w)(?:" + alts + r")(?!\w)"


def _credit_line(span: Span) -> bool:
    """In a by-line or credit ("By Sofia Brandt", "Reporting by ..."), not a paragraph that
    opens with "By Friday the message had been narrowed. ... Rishi Sunak ..."."""
    text = doc_text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    before = text[start: span.start_char + 1]
    return bool(_CREDIT.match(before)) and not _SENTENCE_END.search(before)


def _author_notes(doc: Doc) -> list[tuple[int, int]]:
    """The paragraphs that open with the full name of a by-line's author ("By Joanna Malec"
    ... "Joanna Malec covers the Americas for The Thames Observer."): a note on the
    reporter, whose places and bodies are not the story's. Returns their character ranges."""
    text = doc_text(doc)
    # (the tagger may take an unknown author for an organisation: "By Tomasz Reiner")
    authors = {ent.text for ent in doc.ents if ent.label_ in ("PERSON", "ORG") and len(ent) > 1
               and _credit_line(ent)}
    out = []
    for name in authors:
        for hit in re.finditer(r"(?:^|\n)\s*(" + re.escape(name) + r")\s", text):
            end = text.find("\n", hit.start(1))
            out.append((hit.start(1), len(text) if end < 0 else end))
    return out


# "Sign up for the Ledger's Business Daily newsletter.": a line of the page that sells the
# outlet's products, not a sentence of the story
_PROMO = re.compile(r"^\s*(" + "|".join(re.escape(w) for w in sorted(WORDS["promo_openers"])) + r")\b", re.I)


def _promo_line(span: Span) -> bool:
    """In a line that opens with a call to sign up or subscribe ("Subscribe to X for ...")."""
    text = doc_text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    return bool(_PROMO.match(text[start: span.start_char + 1]))


def _joined_names(doc: Doc) -> list[Span]:
    """``doc.ents``, with a name the tagger split into two people side by side ("Marc-André" +
    "Gendron") as one."""
    out: list[Span] = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if prev is not None and ent.label_ == prev.label_ == "PERSON" and prev.end == ent.start \
                and not (ent.ent_id_ or prev.ent_id_):
            out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
        elif prev is not None and prev.end == ent.start and len(ent) == 1 and not (ent.ent_id_ or prev.ent_id_) \
                and ent[0].lower_ in FEATURE_NOUNS and ent[0].is_title:
            # "Pag-asa" + "Island": a name the tagger cut from the feature it names is one place
            out[-1] = Span(doc, prev.start, ent.end, label="LOC")
        else:
            out.append(ent)
    return out


def clean_person_name(text: str, media_aliases: set[str]) -> str:
    """Strip titles, possessives, credits glued on ("BidenAFP"), "/Agency" suffixes."""
    t = text.split("/")[0].strip()
    t = re.sub(r"['’]s$", "", t)
    for alias in sorted(media_aliases, key=len, reverse=True):
        if len(alias) >= 2 and t.endswith(alias) and len(t) > len(alias) and t[-len(alias) - 1].islower():
            t = t[: -len(alias)]
            break
    words = t.split()
    while words and words[0].lower().strip(",") in TITLE_WORDS:
        words = words[1:]
    return " ".join(words).strip(" ,")


@dataclass
class Mentions:
    """All entity mentions of one document, indexed by token."""

    doc: Doc
    gz: Gazetteer
    by_token: dict[int, EntityRef] = field(default_factory=dict)
    spans: list[tuple[Span, EntityRef]] = field(default_factory=list)
    metonyms: dict[str, str] = field(default_factory=dict)
    _handed_on: dict[str, EntityRef] | None = None  # (``handed_on``, read once)

    @classmethod
    def build(cls, doc: Doc, gz: Gazetteer, outlet: str | None = None) -> "Mentions":
        """``outlet``: the name of the news outlet that published the document, if known."""
        m = cls(doc, gz)
        media = {a for e in gz.entries.values() if e.role == "media" for a in (e.name, *e.aliases)}
        for e in gz.entries.values():
            for t in e.metonyms:
                m.metonyms[t.lower()] = e.id
        # "interviewed by Dnipro Wire", "KYIV (Dnipro Wire) -": a place in the outlet's own
        # name is no place of the story; nor in its name shortened ("Vidarbha FM" for
        # "Vidarbha FM 96.1 News")
        names = [(x.start(), x.end()) for x in re.finditer(_outlet_names(outlet), doc_text(doc))] \
            if outlet and outlet.strip() else []
        surnames: dict[str, EntityRef] = {}
        notes = _author_notes(doc)
        for ent in _joined_names(doc):
            if any(a <= ent.start_char and ent.end_char <= b and (a, b) != (ent.start_char, ent.end_char)
                   for a, b in names):
                continue
            if any(a <= ent.start_char and ent.end_char <= b for a, b in notes):
                continue
            ref = m._ref(ent, media, surnames)
            if ref is None:
                continue
            m.spans.append((ent, ref))
            for tok in ent:
                m.by_token[tok.i] = ref
        m._people_named_like_places()
        m._acronyms_defined()
        m._people_with_place_names(surnames)
        m._surnames_cut_off(surnames)
        m._people_in_apposition_to_roles(surnames)
        m._names_with_roles_in_apposition(surnames)
        m._people_named_like_weapons(surnames)
        m._people_after_titles(surnames)
        m._surnames_alone()
        m._weapons_by_designation()
        return m

    def _people_after_titles(self, surnames: dict[str, EntityRef]) -> None:
        """'Colonel Taras Hnatyuk keeps a map': after a title, two or more capitalised names
        the NER left untagged, none of them a word the article also writes in lower case,
        are a person's name."""
        doc = self.doc
        lower = self._lower_words()
        found = []
        for tok in doc:
            # a title itself ("Colonel", "Minister"), not a word that only qualifies one
            # ("State", "National": "National Security Council")
            if tok.lower_.rstrip(".") not in TITLE_WORDS - TITLE_MODIFIERS or not tok.is_title:
                continue
            end = tok.i + 1
            while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_ \
                    and end not in self.by_token and doc[end].lower_ not in TITLE_WORDS \
                    and doc[end].lower_ not in lower:
                end += 1
            if end - tok.i > 2 and (end == len(doc) or not doc[end].is_title):
                found.append(doc[tok.i + 1:end])
            elif end == tok.i + 1 and end < len(doc) and doc[end].lower_ == "for":
                # "Minister for Foreign Trade Johan Lindqvist said": after the portfolio, the
                # last two capitalised words before the verb are the name
                end += 1
                while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" \
                        and not doc[end].ent_type_ and end not in self.by_token:
                    end += 1
                name = doc[end - 2:end]
                if end - tok.i > 4 and (end == len(doc) or not doc[end].is_title) and not any(
                        t.lower_ in lower or t.lower_ in TITLE_WORDS for t in name):
                    found.append(name)
        for name in found:
            person = self._person(name.text, name.text, surnames)
            if person is not None:
                self.spans.append((name, person))
                for t in name:
                    self.by_token[t.i] = person
        self.spans.sort(key=lambda p: p[0].start)

    def _weapons_by_designation(self) -> None:
        """'the 14 Mi-8MTV-1 transport helicopters': a model designation (letters and digits)
        no entity names, in front of a kind of weapon, is a weapon system of that kind; its
        variants share the base designation ("Mi-8MTV-1" and "Mi-8" are one system)."""
        doc = self.doc
        found = []
        for tok in doc:
            kind = self.by_token.get(tok.i)
            if kind is None or kind.category != "WeaponSystem" or not kind.generic:
                continue
            for c in tok.children:
                base = _DESIGNATION.match(c.text)
                if c.dep_ != "compound" or c.i >= tok.i or c.pos_ != "PROPN" or base is None \
                        or c.i in self.by_token:
                    continue
                ref = EntityRef(key="weapon:" + base.group(0).lower(), label=c.text, category="WeaponSystem",
                                mention=c.text, kind=kind.kind)
                found.append((doc[c.i:c.i + 1], ref))
                self.by_token[c.i] = ref
        if found:
            self.spans = sorted(self.spans + found, key=lambda x: x[0].start)

    def _people_named_like_weapons(self, surnames: dict[str, EntityRef]) -> None:
        """'Lt. Col. Dana Whitcomb': after a title, a weapon's one-word name ("Dana", a
        Czech howitzer) followed by a capitalised name is a person's first name."""
        doc = self.doc
        for i, (span, ref) in enumerate(self.spans):
            tok = span[0]
            if ref.category != "WeaponSystem" or len(span) != 1 or not tok.is_title or tok.i < 1:
                continue
            before = doc[tok.i - 1]
            if before.text == "." and tok.i >= 2:  # "Col. Dana"
                before = doc[tok.i - 2]
            if before.lower_ not in TITLE_WORDS:
                continue
            end = tok.i + 1
            while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and end not in self.by_token:
                end += 1
            if end == tok.i + 1:
                continue
            self._become_person(i, doc[tok.i:end], surnames)

    def _people_with_place_names(self, surnames: dict[str, EntityRef]) -> None:
        """'Sofia Ahlström of the Left Party': a place that is also a given name ("Sofia"),
        followed by a capitalised name no one tagged, is a person's first name."""
        doc = self.doc
        for i, (span, ref) in enumerate(self.spans):
            if len(span) != 1 or ref.category not in ("Place", "Country") or \
                    span.text.lower() not in GIVEN_NAMES_OF_PLACES or span.end >= len(doc):
                continue
            name = doc[span.end]
            after = doc[span.end + 1] if span.end + 1 < len(doc) else None
            if not (name.is_title and name.pos_ == "PROPN" and not name.ent_type_
                    and name.lower_ not in TITLE_WORDS) or (after is not None and after.is_title
                                                            and after.pos_ == "PROPN"):
                continue  # "Paris Peace Forum": a longer name
            self._become_person(i, doc[span.start:span.end + 1], surnames)

    def _surnames_cut_off(self, surnames: dict[str, EntityRef]) -> None:
        """'Joanna Malec covers the Americas for ...': a one-word person whose name the tagger
        cut before the capitalised word it qualifies, a proper noun no one tagged and not a
        word the article also writes in lower case nor a title, is the person's full name."""
        doc = self.doc
        lower = self._lower_words()
        for i, (span, ref) in enumerate(self.spans):
            if ref.gazetteer or ref.category != "Person" or len(span) != 1 or span.end >= len(doc):
                continue
            nxt = doc[span.end]
            if span[0].dep_ == "compound" and span[0].head.i == nxt.i and nxt.is_title \
                    and nxt.pos_ == "PROPN" and not nxt.ent_type_ and nxt.i not in self.by_token \
                    and nxt.lower_ not in lower and nxt.lower_ not in TITLE_WORDS | ROLE_NOUNS:
                self._become_person(i, doc[span.start:span.end + 1], surnames)

    def _people_in_apposition_to_roles(self, surnames: dict[str, EntityRef]) -> None:
        """'Thailand's ambassador in Stockholm, Pornthip Saengsuwan, urged ...': a name the
        NER took for a place or an organisation, in apposition to a role ("ambassador",
        "spokesman"), is a person's (with the untagged first name before it)."""
        doc = self.doc
        for i, (span, ref) in enumerate(self.spans):
            root = span.root
            if ref.gazetteer or ref.category not in ("Place", "Organization") or root.dep_ != "appos" \
                    or root.head.lemma_.lower() not in ROLE_NOUNS:
                continue
            start = span.start
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].is_title and not doc[start - 1].ent_type_:
                start -= 1
            self._become_person(i, doc[start:span.end], surnames)

    def _names_with_roles_in_apposition(self, surnames: dict[str, EntityRef]) -> None:
        """'Sophie Renaud, a Green MP, called ...': a name of two or more capitalised words
        the NER missed (or took in part for an organisation), with a role ("MP", "minister")
        in apposition after it, is a person's."""
        doc = self.doc
        for tok in doc:
            if tok.pos_ != "PROPN" or not tok.is_title or (tok.i in self.by_token and (
                    self.by_token[tok.i].gazetteer or self.by_token[tok.i].category in ("Person", "Country"))):
                continue
            if not any(c.dep_ == "appos" and c.i > tok.i and c.lemma_.lower() in ROLE_NOUNS and any(
                    d.dep_ == "det" and d.lower_ in ("a", "an", "the") for d in c.children) for c in tok.children):
                continue
            start = tok.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].is_title and doc[start - 1].head.i == tok.i:
                start -= 1
            name = doc[start:tok.i + 1]
            if len(name) < 2 or any(t.i in self.by_token and (self.by_token[t.i].gazetteer or self.by_token[
                    t.i].category in ("Person", "Country")) for t in name):
                continue
            person = self._person(name.text, name.text, surnames)
            if person is None:
                continue
            # (an organisation the NER made of a part of the name gives way to it)
            self.spans = [(sp, r) for sp, r in self.spans if sp.end <= name.start or sp.start >= name.end]
            self.spans.append((name, person))
            self.spans.sort(key=lambda x: x[0].start)
            for t in name:
                self.by_token[t.i] = person

    def _become_person(self, i: int, name: Span, surnames: dict[str, EntityRef]) -> None:
        """Mention ``i`` is the person called ``name`` (which holds it), if that is a name."""
        person = self._person(name.text, name.text, surnames)
        if person is None:
            return
        self.spans[i] = (name, person)
        for t in name:
            self.by_token[t.i] = person

    def _surnames_alone(self) -> None:
        """'Terekhov, whose city ...': a later bare surname the NER missed is the person."""
        people = {}
        for span, ref in self.spans:
            if ref.category == "Person" and len(span) > 1:
                people.setdefault(_family_name(span.text.split()), (span.end, ref))
        for tok in self.doc:
            hit = people.get(tok.text)
            if hit and tok.i >= hit[0] and tok.i not in self.by_token and tok.pos_ == "PROPN":
                self.by_token[tok.i] = hit[1]
                self.spans.append((self.doc[tok.i:tok.i + 1], hit[1]))
        self.spans.sort(key=lambda p: p[0].start)

    def _acronyms_defined(self) -> None:
        """'The Inspectorate of Strategic Products (ISP) ... ISP's director-general': an
        acronym defined in brackets after a name, from the initials of its capitalised words,
        names the same body wherever the article uses it."""
        doc = self.doc
        defined: dict[str, EntityRef] = {}
        for span, ref in self.spans:
            e = span.end
            if ref.category != "Organization" or e + 2 >= len(doc) or doc[e].text != "(" \
                    or doc[e + 2].text != ")":
                continue
            short = doc[e + 1].text
            initials = "".join(w[0] for w in span.text.split() if w[:1].isupper() and w != "The")
            if len(short) >= 2 and short.isupper() and short == initials:
                defined[short] = ref
        if not defined:
            return
        for i, (span, ref) in enumerate(self.spans):
            long = defined.get(span.text)
            if long is not None and ref.key != long.key:
                self.spans[i] = (span, long)
                for t in span:
                    self.by_token[t.i] = long
        for tok in doc:
            long = defined.get(tok.text)
            if long is not None and tok.i not in self.by_token:
                self.by_token[tok.i] = long
                self.spans.append((doc[tok.i:tok.i + 1], long))
        self.spans.sort(key=lambda p: p[0].start)

    def _people_named_like_places(self) -> None:
        """The statistical NER sometimes tags a surname as a place or organisation
        ("Carrow had repeatedly urged ..."); a person of that surname is meant."""
        people = {}
        for _, ref in self.spans:
            if ref.category == "Person":
                people.setdefault(_family_name(ref.label.split()), ref)
        for i, (span, ref) in enumerate(self.spans):
            if not ref.gazetteer and ref.category in ("Place", "Organization") and ref.label in people:
                person = people[ref.label]
                self.spans[i] = (span, person)
                for tok in span:
                    self.by_token[tok.i] = person

    def _ref(self, ent: Span, media: set[str], surnames: dict[str, EntityRef]) -> EntityRef | None:
        if _credit_line(ent) or _promo_line(ent) or in_dateline(ent):
            return None  # "By Sofia Brandt", "Photo: Reuters", "KYIV, June 4 -": not the story's
        if ent.ent_id_:
            entry = self.gz.get(ent.ent_id_)
            if entry is not None and ent.label_ == DEMONYM_LABEL and ent.start > 0 \
                    and self.doc[ent.start - 1].is_title and self.doc[ent.start - 1].lower_ in COMPASS_PREFIXES:
                return None
            if entry is not None:
                if entry.category == "Organization" and _modifier_phrase(ent):
                    return None
                if entry.category == "Place" and _starts_institution(ent):
                    return None
                return self.from_entry(entry, ent.text)
        category = NER_CATEGORY.get(ent.label_)
        if category is None or _headline_like(ent) or _rubric(ent):
            return None
        if category == "Person":
            if len(ent) == 1 and ent[0].pos_ == "NOUN" and ent.text.lower() in self._lower_words():
                return None  # '"Strikes are not carried out with words"': a noun the article uses
            if len(ent) == 1 and self._before_role_and_name(ent):
                return None  # "the Moderate MP Erik Sandahl": a party or affiliation, not a person
            return self._person(clean_person_name(ent.text, media), ent.text, surnames)
        while len(ent) > 1 and ent[-1].pos_ in ("ADP", "PART", "DET", "CCONJ"):
            # "the Council of Ministers in (Lisbon)", "the Democratic Alliance's": the tagger's
            # span runs over a preposition or a possessive that is no part of the name
            ent = ent[:-1]
        text = re.sub(r"^(the|The)\s+", "", ent.text).strip()
        # "Lake Roxen - early this year": a name ends at a spaced dash before a lower-case word
        text = _DASH_TAIL.split(text)[0]
        if _JUNK.search(text):
            return None
        root = ent.root
        if category == "Place" and root.dep_ == "compound" and root.head.pos_ == "NOUN" \
                and root.head.lemma_.lower() not in PLACE_NOUNS:
            return None  # "the Institute's Eastern Flank programme", "Hollywood stars": a modifier
        nxt = self.doc[ent.end] if ent.end < len(self.doc) else None
        if category == "Organization" and nxt is not None and nxt.lower_ in TITLE_WORDS - TITLE_MODIFIERS \
                and (nxt.is_title or (nxt.text.isupper() and ent.text.isupper())):
            # "Armed Forces Minister Mathilde Verrier", "UNION REPRESENTATIVE" in a tag written in
            # capitals: part of a title
            return None
        if category == "Organization":
            words = text.split()
            acronym = len(words) == 1 and text.isupper() and len(text) >= 3
            if not acronym and (len(words) < 2 or words[-1].lower() in TITLE_WORDS):
                return None
        return EntityRef(key=f"{category.lower()}:{text.lower()}", label=text, category=category,
                         mention=ent.text)

    def _before_role_and_name(self, ent: Span) -> bool:
        """Whether a role noun and then a person's name follow ``ent`` ("Moderate MP Erik
        Sandahl", "Labour senator Jane Doe"): what precedes the role qualifies it."""
        doc = self.doc
        if ent.end + 1 >= len(doc) or doc[ent.end].lower_.rstrip(".") not in ROLE_NOUNS | TITLE_WORDS:
            return False
        nxt = doc[ent.end + 1]
        return nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B"

    def _lower_words(self) -> set[str]:
        """The words the document writes in lower case (once per document)."""
        words = self.doc.user_data.get("caveat_lower_words")
        if words is None:
            words = self.doc.user_data["caveat_lower_words"] = {t.text for t in self.doc if t.text.islower()}
        return words

    def _person(self, name: str, mention: str, surnames: dict[str, EntityRef]) -> EntityRef | None:
        """The person called ``name`` (a cleaned name), known or new; None if no name."""
        words = name.split()
        if len(words) > 1 and words[-1].lower() in NAME_SUFFIXES and name.endswith("."):
            name = name[:-1]  # "Ferdinand Marcos Jr.": the abbreviation's point is no junk
        if not name or _JUNK.search(name) or not name[0].isupper():
            return None
        known = self.gz.by_alias(name, "Person")
        if known:
            return self.from_entry(known, mention)
        words = name.split()
        if len(words) == 1 and words[0] in surnames:
            return surnames[words[0]]
        ref = EntityRef(key="person:" + name.lower(), label=name, category="Person", mention=mention)
        surnames.setdefault(_family_name(words), ref)
        return ref

    def from_entry(self, entry: Entry, mention: str) -> EntityRef:
        return EntityRef(key=entry.id, label=entry.name, category=entry.category, mention=mention,
                         kind=entry.kind, country=entry.country, gazetteer=True, role=entry.role,
                         generic=entry.generic)

    def country(self, country_id: str | None) -> EntityRef | None:
        entry = self.gz.get(country_id) if country_id else None
        return self.from_entry(entry, entry.name) if entry and entry.category == "Country" else None

    # -- lookups ---------------------------------------------------------
    def at(self, tok: Token) -> EntityRef | None:
        return self.by_token.get(tok.i)

    def in_tokens(self, toks, categories: tuple[str, ...] | None = None) -> list[EntityRef]:
        out, seen = [], set()
        for t in toks:
            ref = self.by_token.get(t.i)
            if ref and ref.key not in seen and (categories is None or ref.category in categories):
                seen.add(ref.key)
                out.append(ref)
        return out

    def entities(self) -> list[EntityRef]:
        seen, out = set(), []
        for _, ref in self.spans:
            if ref.key not in seen:
                seen.add(ref.key)
                out.append(ref)
        return out

    def last_before(self, i: int, categories: tuple[str, ...], besides: str | None = None) -> EntityRef | None:
        best = None
        for span, ref in self.spans:
            if span.end <= i and ref.category in categories and ref.role != "media" and ref.key != besides:
                best = ref
        return best

    # -- actors ----------------------------------------------------------
    def as_actor(self, ref: EntityRef | None) -> EntityRef | None:
        """Metonyms act for their government: Washington, the Kremlin, Kyiv."""
        if ref is None:
            return None
        country = self.metonyms.get(ref.mention.lower()) or self.metonyms.get(ref.label.lower())
        if country and ref.category in ("Place", "Organization", "Country"):
            return self.country(country) or ref
        if ref.category in ("Person", "Country", "Organization", "AnonymousSource"):
            return ref
        return None

    def as_state(self, ref: EntityRef | None) -> EntityRef | None:
        """The state an issuing actor acts for (a president for his country)."""
        ref = self.as_actor(ref)
        if ref and ref.country and (ref.category in ("Person", "AnonymousSource")
                                    or (ref.category == "Organization" and ref.role in ("government", "military"))):
            return self.country(ref.country) or ref
        return ref

    def actor_for(self, tok: Token) -> list[EntityRef]:
        """Actors a noun-phrase head stands for, with coordination and coreference.

        A group noun stands for the actors it lists: "countries including Britain and
        the Netherlands", "allies, such as the United Kingdom and France".
        """
        heads = [tok] + [c for c in tok.conjuncts]
        out: list[EntityRef] = []
        for h in heads:
            refs = [self._actor_token(h)]
            if refs[0] is None and h.pos_ == "NOUN":
                refs = [self._actor_token(g) for p in h.children
                        if p.dep_ == "prep" and p.lower_ in LISTING
                        for g in p.children if g.dep_ == "pobj"
                        for g in [g, *g.conjuncts]]
                refs += [self._actor_token(a) for a in h.children if a.dep_ == "appos"]
            for ref in refs:
                if ref and all(r.key != ref.key for r in out):
                    out.append(ref)
        return out

    def _actor_token(self, tok: Token) -> EntityRef | None:
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            if tok.dep_ in ("dobj", "dative"):
                # "Pashinyan pressed him to drop ...": an object 'him' is not the verb's own
                # subject (that would be 'himself'), but the person named before
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                own = self.at(subj) if subj is not None else None
                if own is not None and own.category == "Person":
                    return self.last_before(tok.i, ("Person",), besides=own.key)
            return self.last_before(tok.i, ("Person",))
        if low in STATE_PRONOUNS:
            main = self._main_subject(tok)
            if main is not None:
                # "The federal government re-imposed a ban ..., a month after it lifted ...":
                # the subject of the clause it hangs on, even one naming no state, not the
                # nearest state before ("inside Russia")
                return self._actor_token(main)
            carried = self._previous_subject(tok)  # a subject of the sentence before
            if carried is not None:
                return carried
            # the nearest state before it, capitals standing for theirs ("tell Kyiv it may");
            # a nationality adjective names one only on its government ("the Dutch government
            # ..., when it said", not "against Russian vessels, ... It added")
            for span, ref in reversed(self.spans):
                if span.end <= tok.i and ref.role != "media" and (
                        span.root.pos_ != "ADJ" or span.root.head.lemma_.lower() in GOVERNMENT_NOUNS):
                    actor = self.as_actor(ref)
                    if actor is not None and actor.category == "Country":
                        return actor
            return None
        if low in ("who", "which", "that") and tok.head.dep_ == "relcl":
            return self._actor_token(tok.head.head)
        ref = self.at(tok)
        if ref is not None and ref.category == "Organization" and not ref.gazetteer \
                and tok.lemma_.lower() in GOVERNMENT_NOUNS:
            # "Poland's defence ministry told ...": a body the tagger names, of the state
            # its modifier names, acts for that state
            state = self._affiliation(tok)
            if state is not None:
                return state
        if ref is None and tok.lemma_.lower() in PARTY_NOUNS:
            country = self._affiliation(tok)
            if country is not None:
                return country
        if ref is None and tok.lemma_.lower() in ROLE_NOUNS:
            # "Ukraine's ambassador in Helsinki, Iryna Shevchuk, ...": the name in the phrase
            clauses = {t.i for c in tok.subtree if c.dep_ in ("relcl", "acl", "ccomp", "advcl")
                       for t in c.subtree}
            for t in tok.subtree:
                inner = self.at(t)
                if t.i not in clauses and inner is not None and inner.category == "Person":
                    return inner
        if ref is None and tok.lemma_.lower() in ROLE_NOUNS and any(
                c.lower_ in ("a", "an") for c in tok.children):
            named = self._named_later(tok)
            if named is not None:
                return named
        if ref is None:
            # "the Biden administration", "Ukrainian officials": a modifier names the actor
            for child in tok.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod") and self.at(child):
                    inner = self.at(child)
                    if tok.lemma_.lower() in GOVERNMENT_NOUNS:  # "Italy's Ministry of Defence"
                        return self.country(inner.country) if inner.category == "Person" else self.as_actor(inner)
                    if tok.lower_ in ANON_NOUNS or tok.lemma_ in ANON_NOUNS:
                        return self.anonymous(tok)
            if tok.lemma_ in ANON_NOUNS:
                return self.anonymous(tok)
            if tok.lower_ == "president" and tok.i > 0:
                return self.the_president(tok)
            if tok.lemma_.lower() in AGENCY_NOUNS and any(c.lower_ == "the" for c in tok.children):
                return self._body_before(tok)
            return None
        return self.as_actor(ref)

    def _body_before(self, tok: Token) -> EntityRef | None:
        """'the agency', 'the ministry': the body named earlier with that noun ("Sweden's
        arms export agency", "Japan's Ministry of Defense") or a government body whose
        name has it ("the Inspectorate of Strategic Products" for "the inspectorate")."""
        noun = tok.lemma_.lower()
        for t in reversed(self.doc[:tok.i]):
            ref = self.at(t)
            if ref is not None and ref.category == "Organization" and ref.role == "government" \
                    and noun in ref.label.lower():
                return ref
            if ref is None and t.lemma_.lower() == noun and any(
                    c.dep_ in ("compound", "amod", "poss", "nmod") and self.at(c) for c in t.children):
                return self._actor_token(t)
        return None

    @staticmethod
    def _main_subject(tok: Token) -> Token | None:
        """The subject of the clause an adverbial clause with ``tok`` as its subject hangs
        on ("X did A after it did B"), when that subject is a noun, not another pronoun."""
        if tok.dep_ != "nsubj" or tok.head.dep_ != "advcl":
            return None
        main, _ = subject(tok.head.head)  # through conjuncts: "X re - imposed ..., after it ..."
        return main if main is not None and main.pos_ in ("NOUN", "PROPN") else None

    def _previous_subject(self, tok: Token) -> EntityRef | None:
        """A sentence's main subject 'it' carries on a subject of the sentence before:
        - with no state named before it in its sentence, the state of that sentence's first
          subject (or of its possessor): 'Ankara's permission for Ukraine ... took effect. It
          loosened a rule ...' (not the state named in passing, 'for Ukraine');
        - opening its sentence, else the last subject there that names a state or a body:
          'The agency kept that ban in place. And it continues to bar the jets ...'.
        An 'it' heading a clause coordinated with the main one ('It loosened ..., but it
        never allowed ...') is the main one's."""
        if tok.dep_ != "nsubj":
            return None
        head = tok.head
        if head.dep_ == "conj" and head.head.dep_ == "ROOT":
            first = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if first is not None and first.i < tok.i and first.lower_ in STATE_PRONOUNS:
                return self._previous_subject(first)
            return None
        if head.dep_ != "ROOT" or tok.sent.start == 0:
            return None
        pronouns = STATE_PRONOUNS | PERSON_PRONOUNS
        # the subjects of the sentence before (the parser may hang its main one on a clause
        # it misreads: the first one is taken first)
        subjects = [t for t in self.doc[tok.sent.start - 1].sent if t.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0].lower_ not in pronouns and not any(
                s.end <= tok.i and s.start >= tok.sent.start for s, _ in self.spans):
            first = subjects[0]
            for t in [first, *(c for c in first.children if c.dep_ == "poss")]:
                actor = self.as_actor(self.at(t))
                if actor is not None and actor.category == "Country":
                    return actor
        if any(t.pos_ not in ("CCONJ", "PUNCT", "SPACE") for t in tok.sent if t.i < tok.i):
            return None
        for s in reversed(subjects):
            ref = None if s.lower_ in pronouns else self._actor_token(s)
            if ref is not None and ref.category in ("Country", "Organization"):
                return ref
        return None

    def _named_later(self, tok: Token) -> EntityRef | None:
        """An indefinite role ("An Italian senator") is named in the next sentence."""
        sent = tok.sent
        end = sent.end
        if end < len(self.doc):
            end = self.doc[end].sent.end
        for span, ref in self.spans:
            if span.start > tok.i and span.end <= end and ref.category == "Person":
                return ref
        return None

    def suppliers_in_clause(self, weapon_head: Token) -> list[EntityRef]:
        """'Weapons that the Czech Republic and Poland send to Ukraine': who sends them."""
        out = []
        for c in weapon_head.children:
            if c.dep_ == "relcl" and c.lemma_ in SUPPLY_VERBS:
                for g in c.children:
                    if g.dep_ == "nsubj":
                        for ref in self.actor_for(g):
                            state = self.as_state(ref)
                            if state is not None and state.category == "Country":
                                out.append(state)
        return out

    def handed_on(self) -> dict[str, EntityRef]:
        """The weapon systems (by key) that a state other than their maker supplies in this
        article, and that state ("Romania will hand two batteries of its 2K12 Kub systems to
        Ukraine", "the Kub systems transferred by Romania"): the rules on them are its, not
        the maker's."""
        if self._handed_on is None:
            self._handed_on = {}
            for t in self.doc:
                if t.pos_ != "VERB" or t.lemma_ not in SUPPLY_VERBS:
                    continue
                givers = [c for c in t.children if c.dep_ == "nsubj"] + [
                    g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                states = [s for g in givers for a in self.actor_for(g)
                          for s in [self.as_state(a)] if s is not None and s.category == "Country"]
                what = [x for c in t.children if c.dep_ in ("dobj", "nsubjpass") for x in c.subtree]
                if t.dep_ == "acl":  # "the systems transferred by Romania"
                    what += [x for x in t.head.subtree if x.i < t.i]
                for w in self.in_tokens(what, ("WeaponSystem",)):
                    if states and w.country and all(s.key != w.country for s in states):
                        self._handed_on.setdefault(w.key, states[0])
        return self._handed_on

    def supplier(self, toks) -> EntityRef | None:
        """Who supplied the weapons named in ``toks``: "Dutch-donated F-16s", "Finnish
        weapons", "weapons supplied by Sweden", "Swedish-made Archer howitzers"."""
        for t in toks:
            ref = self.at(t)
            if ref is None or ref.category != "WeaponSystem":
                continue
            head = t
            while head.dep_ == "compound" and head.head.i != head.i:
                head = head.head
            if not _instrument(head):
                continue  # "intercept Russian missiles": a target, not what was supplied
            for c in head.subtree:
                if c.i >= head.i and c.dep_ not in ("acl", "agent", "pobj", "prep"):
                    continue
                r = self.at(c)
                if r is not None and c.dep_ == "poss" and self.holder(head) is not None:
                    continue  # "Ukraine's TB2 drones": who holds them, not who made or gave them
                if r is not None and r.category == "Country" and (
                        c.dep_ in ("amod", "compound", "npadvmod", "nmod", "poss") or c.i < head.i
                        or (c.dep_ == "pobj" and c.head.dep_ == "agent")):
                    return r
            for c in head.children:
                if c.dep_ == "acl" and c.lemma_ in SUPPLY_VERBS:
                    for a in c.children:
                        if a.dep_ == "agent":
                            for g in a.children:
                                r = self.at(g)
                                if r is not None and r.category == "Country":
                                    return r
                if c.dep_ in ("acl", "relcl") and c.lemma_ in RECEIVE_VERBS:
                    # "the missiles it received from Spain", "weapons obtained from Norway":
                    # the state they came from supplied them
                    for a in c.children:
                        if a.dep_ == "prep" and a.lower_ == "from":
                            for g in a.children:
                                r = self.at(g) if g.dep_ == "pobj" else None
                                if r is not None and r.category == "Country":
                                    return r
        return None

    def holder(self, weapon_head: Token) -> EntityRef | None:
        """'Ukraine's Bayraktar TB2 drones': the state that holds the weapons, named as their
        possessor when it is not the state that makes them."""
        # the makers of the weapons the phrase names ("Bayraktar TB2 drones": the TB2's)
        makers = {r.country for t in (weapon_head, *(c for c in weapon_head.children
                                                     if c.dep_ in ("compound", "amod")))
                  for r in [self.at(t)] if r is not None and r.category == "WeaponSystem" and r.country}
        if not makers:
            return None
        for c in weapon_head.children:
            r = self.as_state(self.at(c)) if c.dep_ == "poss" else None
            if r is not None and r.category == "Country" and r.key not in makers:
                return r
        return None

    def named_kind(self, toks, back: int = 3) -> list[EntityRef]:
        """'Warsaw handed over Warmate loitering munitions and FlyEye drones. ... the drones
        must not be used': a weapon kind with a definite determiner stands for the systems
        of that kind the sentences before name (those of the nearest sentence naming any)."""
        ids = {t.i for t in toks}
        out: list[EntityRef] = []
        for span, ref in self.spans:
            if not (ref.generic and ref.kind and span.start in ids):
                continue
            root = span.root
            if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in root.children):
                continue
            named: list[EntityRef] = []
            at = None  # the sentence they are named in
            for b in reversed(sentences_before(root, back) + [b for b in root.sent if b.i < span.start]):
                r = self.at(b)
                if r is None or r.category != "WeaponSystem" or r.generic or not r.kind or not (
                        r.kind == ref.kind or ref.kind == "Missile" and r.kind.endswith("Missile")):
                    continue
                if at is not None and b.sent.start != at:
                    break
                at = b.sent.start
                if all(r.key != n.key for n in named):
                    named.append(r)
            out += [n for n in reversed(named) if all(n.key != o.key for o in out)]
        return out

    def the_president(self, tok: Token) -> EntityRef | None:
        """ "the president" -> the most mentioned person whose role is a president."""
        counts = Counter(r.key for _, r in self.spans if r.category == "Person" and r.role
                         and "president" in r.role.lower())
        if not counts:
            return None
        key = counts.most_common(1)[0][0]
        return next(r for _, r in self.spans if r.key == key)

    def _affiliation(self, tok: Token) -> EntityRef | None:
        for child in tok.lefts:
            for t in child.subtree:
                ref = self.at(t)
                if ref and ref.category == "Country":
                    return ref
        # "officials in Kyiv": a seat of government after "in" names the state
        for prep in tok.rights:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    ref = self.at(obj) if obj.dep_ == "pobj" else None
                    country = ref and (self.metonyms.get(ref.mention.lower()) or self.metonyms.get(ref.label.lower()))
                    if country:
                        return self.country(country)
        return None

    def anonymous(self, tok: Token) -> EntityRef:
        """'two U.S. officials' -> an anonymous source affiliated with the US."""
        country = self._affiliation(tok)
        definite = any(c.lower_ == "the" for c in tok.lefts)
        if country is None and definite:
            # "the official" takes the affiliation of the last "U.S. official" before it
            for j in range(tok.i - 1, -1, -1):
                prev = self.doc[j]
                if prev.lemma_ in ANON_NOUNS:
                    country = self._affiliation(prev)
                    if country is not None:
                        break
        noun = "official" if tok.lemma_ in ("official", "source", "person", "people") else tok.lemma_
        label = f"{country.label} {noun}" if country else f"anonymous {noun}"
        return EntityRef(key=f"anonymous:{country.key if country else '-'}:{noun}", label=label,
                         category="AnonymousSource", mention=tok.text,
                         country=country.key if country else None)
