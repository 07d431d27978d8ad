"""Resolved records -> one rdflib graph per document, in the ontology's terms.

The only module that writes triples from records. Fact IRIs come from merge
keys (``pipeline.resolve``), so five reports of one decision write five sets
of the same triples about one node, each in its own document graph.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..records import (AdvocacyRecord, Document, DocumentExtraction, EntityRef, EventRecord,
                       RuleRecord, Span)
from . import iri
from .namespace import CV

_CATEGORY_CLASS = {
    "Person": CV.Person, "Country": CV.Country, "Organization": CV.Organization,
    "Place": CV.Place, "WeaponSystem": CV.WeaponSystem, "AnonymousSource": CV.AnonymousSource,
}


def bind_prefixes(g: Graph) -> Graph:
    g.bind("cv", CV._NS)
    g.bind("cvd", iri.DATA)
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    return g


@functools.lru_cache(maxsize=4096)  # rdflib's Literal() is slow, and dates and offsets recur
def _date(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


@functools.lru_cache(maxsize=1 << 16)
def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def rule_key(r: RuleRecord) -> tuple[str, ...]:
    """What makes two rule statements the same rule (after resolution): the parties and the
    action, and for a ban set apart from the others (``pipeline.resolve``) what sets it apart."""
    return (r.modality, _k(r.issuer), _k(r.bound), r.action) + ((r.facet,) if r.facet else ())


def prior_ban_key(r: RuleRecord, action: str | None = None) -> tuple[str, ...]:
    """The prohibition a permission lifts or eases: same parties, same action (or ``action``:
    another ban of the parties it lifts too), any scope."""
    return ("prohibition", _k(r.issuer), _k(r.bound), action or r.action)


def _k(e: EntityRef | None) -> str:
    return e.key if e else ""


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        # No per-triple context bookkeeping or events: a document graph is one plain graph.
        self.g = bind_prefixes(Graph(store="SimpleMemory", bind_namespaces="core"))
        self.doc_iri = iri.document(doc.id)
        self.labelled: set[str] = set()  # keys of the entities this document names
        # An entity is named many times per document (issuer of every rule, ...); writing its
        # triples once per distinct description halves the mapper's time.
        self._written: dict[tuple, URIRef] = {}

    # -- things -------------------------------------------------------
    def entity(self, e: EntityRef) -> URIRef:
        described = (e.key, e.label, e.category, e.gazetteer, e.kind, e.generic, e.country)
        node = self._written.get(described)
        if node is not None:
            return node
        node = self._written[described] = iri.entity(e.key)
        g = self.g
        g.add((node, RDF.type, _CATEGORY_CLASS[e.category]))
        g.add((node, SKOS.prefLabel, Literal(e.label)))
        if e.gazetteer:
            g.add((node, CV.gazetteerId, Literal(e.key)))
        if e.kind and e.category == "WeaponSystem":
            g.add((node, CV.weaponKind, CV[e.kind]))
        if e.generic:
            g.add((node, CV.generic, Literal(True)))
        if e.country and e.category != "Country" and e.country in self.labelled:
            g.add((node, CV.country, iri.entity(e.country)))
        return node

    def document(self) -> None:
        d, g, node = self.doc, self.g, self.doc_iri
        g.add((node, RDF.type, CV.Document))
        g.add((node, CV.docId, Literal(d.id)))
        if d.title:
            g.add((node, DCTERMS.title, Literal(d.title)))
        if d.source:
            g.add((node, CV.sourceName, Literal(d.source)))
        if d.published:
            g.add((node, CV.published, _date(d.published)))
        if d.url:
            g.add((node, CV.url, Literal(d.url, datatype=XSD.anyURI)))

    def evidence(self, fact: URIRef, span: Span, speaker: EntityRef | None) -> None:
        ev = iri.evidence(self.doc.id, span.start, span.end)
        g = self.g
        g.add((ev, RDF.type, CV.Evidence))
        g.add((ev, CV.exact, Literal(span.text)))
        g.add((ev, CV.start, _integer(span.start)))
        g.add((ev, CV.end, _integer(span.end)))
        g.add((ev, CV.inDocument, self.doc_iri))
        if speaker is not None:
            g.add((ev, CV.attributedTo, self.entity(speaker)))
        g.add((fact, CV.evidence, ev))
        g.add((fact, CV.reportedIn, self.doc_iri))

    def add_all(self, s: URIRef, p: URIRef, objs: Iterable[EntityRef]) -> None:
        for e in objs:
            self.g.add((s, p, self.entity(e)))

    # -- facts --------------------------------------------------------
    def rule(self, r: RuleRecord) -> None:
        g = self.g
        node = iri.fact("rule", *rule_key(r))
        g.add((node, RDF.type, CV.Permission if r.modality == "permission" else CV.Prohibition))
        self._parties(node, r)
        g.add((node, CV.action, CV[r.action]))
        g.add((node, CV.actionText, Literal(r.action_text)))
        self.add_all(node, CV.weapon, r.weapons)
        self.add_all(node, CV.scopeIncludes, r.scope_in)
        self.add_all(node, CV.scopeExcludes, r.scope_out)
        for t in r.scope_text:
            g.add((node, CV.scopeText, Literal(t)))
        for t in r.targets:
            g.add((node, CV.targetKind, Literal(t)))
        for p in r.purposes:
            g.add((node, CV.purpose, Literal(p)))
        when = r.effective or r.announced
        if when:
            g.add((node, CV.effective if r.modality == "permission" else CV.since, _date(when)))
        self.evidence(node, r.evidence, r.attributed_to)
        if r.modality == "permission":
            self._decision(node, r)
            if r.change != "standing":  # "no caveats" changes no earlier ban
                self._change(r)
                for action in r.also_lifts:  # what an easing had left of another ban
                    self._change(r, action)

    def _parties(self, node: URIRef, r: RuleRecord) -> None:
        if r.issuer:
            self.g.add((node, CV.issuer, self.entity(r.issuer)))
        if r.bound:
            self.g.add((node, CV.boundParty, self.entity(r.bound)))

    def _decision(self, rule_node: URIRef, r: RuleRecord) -> None:
        g = self.g
        node = iri.fact("decision", *rule_key(r))
        g.add((node, RDF.type, CV.PolicyDecision))
        g.add((node, CV.establishes, rule_node))
        if r.issuer:
            g.add((node, CV.issuer, self.entity(r.issuer)))
        if r.decided_by and r.decided_by.category == "Person":  # (cv:decidedBy: a person)
            g.add((node, CV.decidedBy, self.entity(r.decided_by)))
        # Two rules of one report with the same key are one decision: an announcement day
        # after a day it took effect is the less sure of the two and is left out (as
        # extract.context does for one rule), so the decision's dates never contradict.
        effective = [d for d in g.objects(node, CV.effective)] + ([_date(r.effective)] if r.effective else [])
        if r.announced and not any(e.toPython() < r.announced for e in effective):
            g.add((node, CV.announced, _date(r.announced)))
        if r.effective:
            g.add((node, CV.effective, _date(r.effective)))
            for a in list(g.objects(node, CV.announced)):
                if a.toPython() > r.effective:
                    g.remove((node, CV.announced, a))
        self.evidence(node, r.evidence, r.attributed_to)

    def _change(self, r: RuleRecord, action: str | None = None) -> None:
        """A permission lifts (no scope given) or eases (for its scope) the earlier ban (with
        ``action``: the issuer's ban on that action, which the permission lifts too)."""
        g = self.g
        ban = iri.fact("rule", *prior_ban_key(r, action))
        g.add((ban, RDF.type, CV.Prohibition))
        self._parties(ban, r)
        g.add((ban, CV.action, CV[action or r.action]))
        g.add((ban, CV.actionText, Literal(r.action_text)))
        self.evidence(ban, r.evidence, r.attributed_to)
        # Eased: for named areas within a country ("Kharkiv"), or worded as easing; lifted:
        # no area, or a whole country ("lifted its ban on strikes deep inside Russia").
        local = any(e.category == "Place" for e in r.scope_in)
        kind = r.change if r.change in ("lift", "ease") else ("ease" if local else "lift")
        if action is not None:
            kind = "lift"
        node = iri.fact("change", kind, *rule_key(r), *((action,) if action else ()))
        g.add((node, RDF.type, CV.Easing if kind == "ease" else CV.Lifting))
        g.add((node, CV.changes, ban))
        if r.issuer:
            g.add((node, CV.issuer, self.entity(r.issuer)))
        when = r.effective or r.announced
        if when:
            g.add((node, CV.date, _date(when)))
        if kind == "ease":
            self.add_all(node, CV.scopeIncludes, r.scope_in)
        self.add_all(node, CV.weapon, r.weapons)
        self.evidence(node, r.evidence, r.attributed_to)

    def advocacy(self, a: AdvocacyRecord) -> None:
        g = self.g
        node = iri.fact("advocacy", a.advocate.key, _k(a.addressee))
        g.add((node, RDF.type, CV.Advocacy))
        g.add((node, CV.advocate, self.entity(a.advocate)))
        if a.addressee:
            g.add((node, CV.addressee, self.entity(a.addressee)))
        if a.action_text:
            g.add((node, CV.actionText, Literal(a.action_text)))
        if a.date:
            g.add((node, CV.date, _date(a.date)))
        self.evidence(node, a.evidence, a.attributed_to)

    def event(self, e: EventRecord) -> None:
        g = self.g
        node = iri.fact("event", e.date.isoformat(), e.trigger,
                        ",".join(sorted({p.key for p in e.participants})))
        g.add((node, RDF.type, CV.Event))
        g.add((node, RDFS.label, Literal(e.label)))
        g.add((node, CV.date, _date(e.date)))
        self.add_all(node, CV.participant, e.participants)
        self.evidence(node, e.evidence, None)


def document_graph(x: DocumentExtraction) -> Graph:
    """All triples one document supports (to be stored in its own named graph)."""
    w = _Writer(x.document)
    w.document()
    w.labelled = {e.key for e in x.entities}
    for e in x.entities:
        w.entity(e)
    for r in x.rules:
        w.rule(r)
    for a in x.advocacy:
        w.advocacy(a)
    for ev in x.events:
        w.event(ev)
    return w.g


__all__ = ["document_graph", "rule_key", "prior_ban_key", "bind_prefixes"]
