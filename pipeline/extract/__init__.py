"""Doc -> typed records: entities, rules, advocacy, events (one document)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..nlp.gazetteer import Gazetteer
from ..records import Document, DocumentExtraction
from .advocacy import extract_advocacy
from .context import consolidate, mark_told_changes
from .events import extract_events
from .mentions import Mentions
from .rules import RuleExtractor
from .syntax import cues


def extract(document: Document, doc: Doc, gazetteer: Gazetteer) -> DocumentExtraction:
    """Everything one parsed document states, as records (no RDF yet)."""
    m = Mentions.build(doc, gazetteer, outlet=document.source)
    cuemap = cues(doc)
    extractor = RuleExtractor(m, cuemap, document.published)
    rules = consolidate(extractor.extract(), m, cuemap, document.published, home=extractor.home)
    mark_told_changes(rules, doc, cuemap)
    advocacy = extract_advocacy(m, cuemap, document.published, rules[0].modality if rules else None,
                                frozenset(r.issuer.key for r in rules if r.issuer))
    events = extract_events(m, document.published)
    entities = m.entities()
    # speakers and parties found by coreference are entities too
    extra = [e for r in rules for e in (r.issuer, r.bound, r.attributed_to, r.decided_by) if e]
    extra += [a.advocate for a in advocacy]
    keys = {e.key for e in entities}
    for e in extra:
        if e.key not in keys:
            keys.add(e.key)
            entities.append(e)
    return DocumentExtraction(document=document, entities=entities, rules=rules,
                              advocacy=advocacy, events=events)


__all__ = ["extract"]
