"""Typed records that flow between the stages.

Document -> (nlp) Doc -> extract -> DocumentExtraction -> resolve -> mapper -> RDF.
Each record type is defined once, here. Extraction fills them from one
document; resolution rewrites entity keys across documents; the mapper in
``pipeline.graph.mapper`` is the only place that turns them into triples.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Category = Literal["Person", "Country", "Organization", "Place", "WeaponSystem", "AnonymousSource"]
Modality = Literal["permission", "prohibition"]
Change = Literal["lift", "ease", "reinstate", "standing"]


@dataclass(frozen=True)
class Document:
    """One input article, decoded and identified."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    origin: str = ""  # where it came from: "dir/file.txt" or "file.jsonl:12"


@dataclass(frozen=True)
class Span:
    """A verbatim stretch of a document: ``doc.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass
class EntityRef:
    """A mention of a real-world entity, with what resolution knows of it.

    ``key`` is the resolution key the IRI is minted from: a gazetteer id
    ("us", "atacms") or a normalised name ("person:serhii nykyforov").
    """

    key: str
    label: str
    category: Category
    mention: str = ""
    kind: str | None = None  # a cv:WeaponKinds concept name, for weapons
    country: str | None = None  # key of the country, where known
    gazetteer: bool = False
    role: str | None = None  # e.g. "media" for news organisations
    generic: bool = False  # a weapon named by its kind only ("rockets")


@dataclass
class RuleRecord:
    """A permission or prohibition stated in one sentence (or clause)."""

    modality: Modality
    action: str  # a cv:Actions concept name: CrossBorderStrike, DeepStrike, ...
    action_text: str
    evidence: Span
    issuer: EntityRef | None = None
    bound: EntityRef | None = None
    weapons: list[EntityRef] = field(default_factory=list)
    scope_in: list[EntityRef] = field(default_factory=list)
    scope_out: list[EntityRef] = field(default_factory=list)
    scope_text: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    announced: dt.date | None = None
    effective: dt.date | None = None
    # a permission that lifts or eases a ban, or that stands without changing one
    # ("no caveats"); a ban reinstated
    change: Change | None = None
    # the report tells of a change or of an earlier ban next to the rule ("That changed on
    # March 19", "Until now Ottawa had required ..."): a grant can then lift or ease a ban
    told_change: bool = False
    decided_by: EntityRef | None = None
    attributed_to: EntityRef | None = None
    # the weapons were not named with the rule but taken from the article's decision
    inherited: bool = False
    # a permission that lifts a limit of distance ("lifted the 40-kilometre cap"): the reach an
    # earlier easing had set; and the other bans of its parties it lifts with it (pipeline.resolve)
    lifts_reach: bool = False
    also_lifts: tuple[str, ...] = ()
    # what sets a ban apart from the others of its issuer, party and action (a country no
    # grant covers, some of the granted weapons): "" for most rules (pipeline.resolve)
    facet: str = ""
    # the keys of the states that took the decision together ("France and Italy agreed
    # ..."), when several did: a rule has one issuer, the first of them by key
    joint: tuple[str, ...] = ()
    # the article's main party, for a rule whose issuer binds no one else in the article: taken
    # in resolution only when no other report of the issuer names whom its rules bind
    fallback_bound: EntityRef | None = None
    # the act ruled on is handing the weapons on to another state ("let Warsaw pass on its K2
    # tanks"), not using them: its party is the one that hands them on, not the user
    handover: bool = False
    # the article's issuer, for a rule that names none and binds a party the issuer's rules in
    # the article do not bind (another story): taken in resolution only when no other report
    # names one issuer of that party
    fallback_issuer: EntityRef | None = None


@dataclass
class AdvocacyRecord:
    """An actor pushing for a rule to be lifted or eased."""

    advocate: EntityRef
    evidence: Span
    addressee: EntityRef | None = None
    action_text: str = ""
    date: dt.date | None = None
    attributed_to: EntityRef | None = None


@dataclass
class EventRecord:
    """Something that happened on a known day."""

    date: dt.date
    label: str
    trigger: str  # lemma of the word the date attaches to, for merging
    evidence: Span
    participants: list[EntityRef] = field(default_factory=list)


@dataclass
class DocumentExtraction:
    """Everything extracted from one document."""

    document: Document
    entities: list[EntityRef] = field(default_factory=list)
    rules: list[RuleRecord] = field(default_factory=list)
    advocacy: list[AdvocacyRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
