"""Caveat's spaCy components, registered as factories.

``caveat_gazetteer`` overlays the domain gazetteer (data files) on the
statistical NER: gazetteer matches win where they overlap, and every matched
entity carries its gazetteer id in ``ent.ent_id_`` so later stages resolve it
without guessing. Cue words (deontic triggers, hedges, purposes, targets) are
matched by ``caveat_cue_ruler`` (spaCy's ``span_ruler`` with a table-lookup
fast path), its patterns loaded from ``lexicons/cues.jsonl`` (see
``pipeline.nlp.loader``).
"""
from __future__ import annotations

from pathlib import Path

import re

from spacy.language import Language
from spacy.pipeline import EntityRuler, SpanRuler
from spacy.tokens import Doc, Span

from .gazetteer import METONYM_LABEL, Gazetteer, default_paths
from .pattern_table import TokenPatternTable


# A wire-story dateline: "WASHINGTON, Nov. 18 (Atlantic Herald) - "
DATELINE = re.compile(r"^[A-Z][A-Z .'’/-]+(?:,[^\n]{0,60}?)?\s[-–—]{1,2}\s")


class GazetteerComponent:
    """EntityRuler over patterns generated from the gazetteer entries."""

    def __init__(self, nlp: Language, name: str, paths: list[str] | None, overwrite_ents: bool):
        files = [Path(p) for p in paths] if paths else default_paths()
        self.gazetteer = Gazetteer.load(files)
        # Phrase patterns run on spaCy's PhraseMatcher, far cheaper than token patterns tried
        # at every token: one ruler matches single words by exact case ("US" is not "us"),
        # a second multi-word names case-insensitively and runs after it, so the longer
        # name wins where they overlap ("the Netherlands" over "Netherlands").
        patterns = list(self._patterns(nlp))
        self.exact = EntityRuler(nlp, name=f"{name}_exact", overwrite_ents=overwrite_ents,
                                 phrase_matcher_attr="ORTH")
        self.exact.add_patterns([p for single, p in patterns if single])
        self.lower = EntityRuler(nlp, name=f"{name}_lower", overwrite_ents=overwrite_ents,
                                 phrase_matcher_attr="LOWER")
        self.lower.add_patterns([p for single, p in patterns if not single])

    def _patterns(self, nlp: Language):
        """Phrase patterns: (one word?, pattern) for every surface form of every entry."""
        seen = set()
        # A capital is a place first ("a meeting in Prague"); extraction maps it to its
        # government only where it acts ("Kyiv asked ..."), via the metonym table.
        places = {t.lower() for e in self.gazetteer.entries.values() if e.category == "Place"
                  for t in (e.name, *e.aliases)}
        # A seat of government ("White House", "Kremlin") is read as its state; extraction
        # knows the metonym and resolves it where needed.
        metonyms = {t.lower() for e in self.gazetteer.entries.values() if e.category == "Country"
                    for t in e.metonyms}
        for text, label, ent_id in self.gazetteer.surface_forms():
            if label == "ORG" and text.lower() in metonyms:
                continue
            if label == METONYM_LABEL and text.lower() in places and \
                    self.gazetteer.get(ent_id).category == "Country" and text not in self.gazetteer.get(ent_id).aliases:
                continue
            words = [t.text for t in nlp.make_doc(text)]
            if not words:
                continue
            single = len(words) == 1
            key = (text if single else text.lower(), label, ent_id)
            if key in seen:
                continue
            seen.add(key)
            yield single, {"label": label, "pattern": text, "id": ent_id}
            if single and text[:1].islower():
                # generic kinds ("rockets") also start sentences
                yield single, {"label": label, "pattern": text[:1].upper() + text[1:], "id": ent_id}

    def __call__(self, doc: Doc) -> Doc:
        return self.lower(self.exact(doc))


@Language.factory(
    "caveat_gazetteer",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob", "token.ent_id"],
    default_config={"paths": None, "overwrite_ents": True},
)
def make_gazetteer(nlp: Language, name: str, paths: list[str] | None, overwrite_ents: bool):
    return GazetteerComponent(nlp, name, paths, overwrite_ents)


@Language.factory("caveat_paragraphs", assigns=["token.is_sent_start"], requires=[])
def make_paragraphs(nlp: Language, name: str):
    """Line breaks end sentences: headlines, captions and credits stand alone.

    Runs before the parser, which keeps boundaries that are already set.
    """
    def split_at_newlines(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = {0}
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            if (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_:
                if not doc[i].is_space:
                    doc[i].is_sent_start = True
                    starts.add(i)
        # "WASHINGTON, Nov. 18 (Agency) - President Biden ...": the story starts after the dash
        text = doc.text  # rebuilt from the tokens on every access: once
        for i in starts:
            m = DATELINE.match(text[doc[i].idx: doc[i].idx + 160])
            if m:
                end = doc[i].idx + m.end()
                for tok in doc[i + 1: i + 40]:
                    if tok.idx >= end and not tok.is_space:
                        tok.is_sent_start = True
                        # the story's first sentence does not end after its first word
                        # (the parser split "SEOUL - South | Korea has relaxed ...")
                        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                        if nxt is not None and nxt.is_alpha and not tok.whitespace_.count("\n"):
                            nxt.is_sent_start = False
                        break
        return doc

    return split_at_newlines


# ------------------------------------------------------------------ cue ruler

class CueRuler(SpanRuler):
    """spaCy's ``SpanRuler``, with patterns of plain tokens looked up instead of matched.

    spaCy's ``Matcher`` tries every token pattern at every token, through
    Python-level predicates for ``{"IN": [...]}`` and POS sets: 9-14 ms per
    article for Caveat's ~180 one-token cue patterns, most of Caveat's own
    NLP cost. Patterns of plain tokens (``pattern_table``) go to a
    ``TokenPatternTable``, which finds the same matches by table lookup;
    every other pattern (phrases, operators) to the ``SpanRuler``'s own
    matchers. Matches are deduplicated and sorted as ``SpanRuler.match``
    does, so ``doc.spans`` is the same as spaCy's ``span_ruler`` would set.
    """

    def clear(self) -> None:
        super().clear()
        #: Plain-token patterns, keyed by (label, id).
        self._table = TokenPatternTable(self.nlp.vocab)

    def add_patterns(self, patterns: list) -> None:
        rest = []
        for entry in patterns:
            key = (str(entry["label"]), str(entry.get("id", "")))
            if isinstance(entry.get("pattern"), list) and self._table.add(key, entry["pattern"]):
                self._patterns.append(entry)
            else:
                rest.append(entry)
        if rest:
            super().add_patterns(rest)

    def match(self, doc: Doc) -> list[Span]:
        spans = super().match(doc) if len(self.matcher) or len(self.phrase_matcher) else []
        found = set(spans)
        for (label, span_id), start, end in self._table.matches(doc):
            found.add(Span(doc, start, end, label=label, span_id=span_id))
        return sorted(found)


@Language.factory(
    "caveat_cue_ruler",
    assigns=["doc.spans"],
    requires=["token.lemma", "token.pos", "token.tag"],
    default_config={"spans_key": "caveat_cues", "phrase_matcher_attr": "LOWER",
                    "overwrite": False},
)
def make_cue_ruler(nlp: Language, name: str, spans_key: str, phrase_matcher_attr: str | None,
                   overwrite: bool) -> CueRuler:
    """The cue lexicon's ruler: spaCy's ``span_ruler`` with a fast path (see ``CueRuler``)."""
    return CueRuler(nlp, name, spans_key=spans_key, annotate_ents=False,
                    phrase_matcher_attr=phrase_matcher_attr, overwrite=overwrite)
