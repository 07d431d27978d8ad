"""Synthetic inputs for the benchmark: perturbed articles and synthetic records.

* :func:`perturbed_corpus` -- N articles made from ``seeds/*.txt`` and
  ``tests/articles/*.txt``: sentences shuffled within each paragraph, names of
  people, countries, places, organisations and weapon systems swapped for
  other gazetteer entries of the same category, and dates moved. Every text is
  different, so no cache (ours or spaCy's) can answer a repeat.
* :func:`synthetic_extractions` -- ``DocumentExtraction`` records shaped like
  the ones extraction produces from real articles (about 25 entities, 6
  rules, 3 advocacy records and 3 events per document; facts shared across
  documents with a skewed distribution, as in news), for the store, query and
  validation measurements. They go through the real mapper
  (``pipeline.graph.mapper.document_graph``), so the graphs have the real
  shape.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.nlp.gazetteer import Entry, Gazetteer, default_paths
from pipeline.records import (AdvocacyRecord, Document, DocumentExtraction, EntityRef,
                              EventRecord, RuleRecord, Span)

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = (ROOT / "seeds", ROOT / "tests" / "articles")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH_ABBR = ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DATE_RE = re.compile(r"\b(" + "|".join(MONTHS + [re.escape(m) for m in _MONTH_ABBR]) +
                      r")\s+(\d{1,2})\b")
_YEAR_RE = re.compile(r"\b(202[2-5])\b")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class SourceArticle:
    name: str
    text: str
    title: str
    source: str


def gazetteer() -> Gazetteer:
    return Gazetteer.load(default_paths())


def source_articles() -> list[SourceArticle]:
    """The hand-written and seed articles the corpus is perturbed from."""
    out = []
    for d in SOURCE_DIRS:
        meta = {}
        manifest = d / "manifest.csv"
        if manifest.exists():
            import csv
            with open(manifest, encoding="utf-8", newline="") as fh:
                meta = {row["file"]: row for row in csv.DictReader(fh)}
        for p in sorted(d.glob("*.txt")):
            m = meta.get(p.name, {})
            out.append(SourceArticle(p.stem, p.read_text(encoding="utf-8"),
                                     m.get("title") or p.stem, m.get("source") or "Wire"))
    return out


def _swap_table(gz: Gazetteer, text: str, rng: random.Random) -> dict[str, str]:
    """Name in ``text`` -> the name of another gazetteer entry of the same category."""
    by_cat: dict[str, list[Entry]] = {}
    for e in gz.entries.values():
        if not e.generic:
            by_cat.setdefault(e.category, []).append(e)
    subs: dict[str, str] = {}
    for e in gz.entries.values():
        if e.generic or e.category not in by_cat:
            continue
        names = [n for n in (e.name, *e.aliases) if len(n) > 3 and n in text]
        if not names:
            continue
        other = rng.choice(by_cat[e.category])
        for n in names:
            subs.setdefault(n, other.name)
        # demonyms follow their country ("American" -> "French")
        if e.category == "Country" and other.demonyms:
            for dn in e.demonyms:
                if dn in text:
                    subs.setdefault(dn, other.demonyms[0])
    return subs


def perturb(text: str, gz: Gazetteer, rng: random.Random) -> str:
    """Shuffle sentences within paragraphs, swap names and move dates."""
    paragraphs = text.split("\n")
    out = []
    for i, para in enumerate(paragraphs):
        sents = _SENTENCE_END.split(para)
        if i > 0 and len(sents) > 1:  # keep the first line (headline / dateline) in place
            rng.shuffle(sents)
        out.append(" ".join(sents))
    text = "\n".join(out)
    subs = _swap_table(gz, text, rng)
    if subs:
        # one pass, longest name first ("United States" before "States"): no name is replaced twice
        names = sorted(subs, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        text = pattern.sub(lambda m: subs[m.group(0)], text)
    text = _DATE_RE.sub(lambda m: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", text)
    text = _YEAR_RE.sub(lambda m: str(rng.randint(2022, 2025)), text)
    text = _WEEKDAY_RE.sub(lambda m: rng.choice(WEEKDAYS), text)
    return text


def perturbed_corpus(n: int, seed: int = 7) -> list[dict]:
    """``n`` JSONL-ready articles ({id, text, title, source, published})."""
    rng = random.Random(seed)
    gz = gazetteer()
    sources = source_articles()
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        text = perturb(src.text, gz, rng)
        published = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 3 * 365))
        out.append({"id": f"bench-{i:06d}-{src.name[:24]}", "text": text,
                    "title": perturb(src.title, gz, rng), "source": src.source,
                    "published": published.isoformat()})
    return out


def write_jsonl(records: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


# --------------------------------------------------------------------------- synthetic records

_FIRST = ["Anna", "Oleh", "James", "Maria", "Pierre", "Olaf", "Kaja", "Mark", "Sofia", "Tomas",
          "Ivan", "Laura", "Lloyd", "Rishi", "Petra", "Jens", "Ursula", "Dmytro", "Karin", "Ben"]
_LAST = ["Kovalenko", "Smith", "Dubois", "Schmidt", "Nowak", "Jensen", "Rossi", "Novak",
         "Lindqvist", "Horvat", "Petrov", "Garcia", "Brown", "Muller", "Tanaka", "Silva",
         "Hughes", "Moreau", "Berg", "Shevchenko", "Kowalski", "Fischer", "Martin", "Olsen"]
_ACTIONS = ["CrossBorderStrike"] * 6 + ["DeepStrike"] * 3 + ["CivilianTargetStrike", "WeaponUse"]
_TARGETS = ["military targets", "airfields", "ammunition depots", "command posts", "energy infrastructure"]
_PURPOSES = ["self-defence", "counter-battery fire", "to protect Kharkiv", "to hit launch sites"]
_TRIGGERS = ["say", "announce", "strike", "launch", "meet", "attack", "approve", "visit"]
_VERBS = ["allowed", "authorised", "permitted", "cleared", "barred", "banned", "forbade", "restricted"]


class _Pools:
    """Entities to draw from, with a skew: a few countries and weapons dominate the news."""

    def __init__(self, gz: Gazetteer, rng: random.Random) -> None:
        self.rng = rng
        cats: dict[str, list[Entry]] = {}
        for e in gz.entries.values():
            cats.setdefault(e.category, []).append(e)
        self.cats = {k: sorted(v, key=lambda e: e.id) for k, v in cats.items()}
        # synthetic non-gazetteer people: 480 names
        self.people = [f"{f} {l}" for f in _FIRST for l in _LAST]

    def _skewed(self, items: list, s: float = 1.1):
        # Zipf-like: index k with weight 1/(k+1)^s, via inverse-CDF on a cached table
        key = (id(items), s)
        cdf = _CDF.get(key)
        if cdf is None:
            weights = [1.0 / (k + 1) ** s for k in range(len(items))]
            total = sum(weights)
            acc, cdf = 0.0, []
            for w in weights:
                acc += w / total
                cdf.append(acc)
            _CDF[key] = cdf
        import bisect
        return items[min(bisect.bisect_left(cdf, self.rng.random()), len(items) - 1)]

    def gazetteer_ref(self, category: str) -> EntityRef:
        e = self._skewed(self.cats[category])
        return EntityRef(key=e.id, label=e.name, category=category, mention=e.name,  # type: ignore[arg-type]
                         kind=e.kind if category == "WeaponSystem" else None,
                         country=e.country, gazetteer=True, role=e.role)

    def person(self) -> EntityRef:
        if self.rng.random() < 0.5:
            return self.gazetteer_ref("Person")
        name = self._skewed(self.people, 0.8)
        return EntityRef(key=f"person:{name.lower()}", label=name, category="Person", mention=name)

    def anonymous(self, country: EntityRef | None) -> EntityRef:
        c = country.key if country else "-"
        label = f"{country.label} official" if country else "anonymous official"
        return EntityRef(key=f"anonymous:{c}:official", label=label, category="AnonymousSource",
                         mention="officials", country=country.key if country else None)


_CDF: dict = {}


class _Text:
    """A document text assembled sentence by sentence, so evidence spans are real offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def sentence(self, s: str) -> Span:
        if self.parts:
            self.parts.append(" ")
            self.length += 1
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return Span(start, self.length, s)

    def text(self) -> str:
        return "".join(self.parts)


def _date(rng: random.Random) -> dt.date:
    return dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 4 * 365 - 1))


def _fact_date(key: tuple, rng: random.Random) -> dt.date:
    """The date reports of one fact give: its own date 85 % of the time, else a few days off."""
    own = _date(random.Random("|".join(key)))
    if rng.random() < 0.85:
        return own
    return own + dt.timedelta(days=rng.choice([-3, -2, -1, 1, 2, 7]))


def synthetic_extraction(i: int, pools: _Pools) -> DocumentExtraction:
    rng = pools.rng
    text = _Text()
    published = _date(rng)
    doc_id = f"synth-{i:07d}"
    entities: dict[str, EntityRef] = {}

    def use(e: EntityRef | None) -> EntityRef | None:
        if e is not None:
            entities.setdefault(e.key, e)
        return e

    rules = []
    for _ in range(rng.choice([2, 4, 5, 6, 6, 7, 8, 9])):
        issuer = use(pools.gazetteer_ref("Country"))
        bound = use(pools.gazetteer_ref("Country"))
        weapons = [use(pools.gazetteer_ref("WeaponSystem")) for _ in range(rng.randint(0, 2))]
        scope_in = [use(pools.gazetteer_ref(rng.choice(["Place", "Place", "Country"])))
                    for _ in range(rng.randint(0, 2))]
        modality = "permission" if rng.random() < 0.6 else "prohibition"
        action = rng.choice(_ACTIONS)
        speaker = use(pools.person() if rng.random() < 0.4 else pools.anonymous(issuer))
        # A decision has a date: most reports of the same rule give it, a few are off by days.
        when = (_fact_date((modality, issuer.key, bound.key, action), rng)
                if rng.random() < 0.8 else None)
        sentence = (f"{speaker.label} said {issuer.label} {rng.choice(_VERBS)} {bound.label} to use "
                    f"{', '.join(w.label for w in weapons) or 'its weapons'} against targets in "
                    f"{', '.join(s.label for s in scope_in) or 'Russia'}"
                    f"{' on ' + when.isoformat() if when else ''} ({doc_id}:{len(rules)}).")
        rules.append(RuleRecord(
            modality=modality, action=action,  # type: ignore[arg-type]
            action_text=f"to strike {rng.choice(_TARGETS)}", evidence=text.sentence(sentence),
            issuer=issuer, bound=bound, weapons=weapons, scope_in=scope_in,
            scope_text=[f"up to {rng.choice([50, 70, 100, 300])} km"] if rng.random() < 0.2 else [],
            targets=[rng.choice(_TARGETS)] if rng.random() < 0.3 else [],
            purposes=[rng.choice(_PURPOSES)] if rng.random() < 0.2 else [],
            announced=when, effective=when if rng.random() < 0.5 else None,
            change=rng.choice([None, None, "ease", "lift"]) if modality == "permission" else None,  # type: ignore[arg-type]
            decided_by=use(pools.person()) if rng.random() < 0.3 else None,
            attributed_to=speaker))
    advocacy = []
    for _ in range(rng.choice([0, 1, 2, 3, 5])):
        advocate = use(pools.person() if rng.random() < 0.6 else pools.gazetteer_ref("Country"))
        addressee = use(pools.gazetteer_ref("Country")) if rng.random() < 0.5 else None
        s = (f"{advocate.label} urged {addressee.label if addressee else 'allies'} to let Ukraine "
             f"strike deeper ({doc_id}:a{len(advocacy)}).")
        when = (_fact_date(("advocacy", advocate.key, addressee.key if addressee else ""), rng)
                if rng.random() < 0.5 else None)
        advocacy.append(AdvocacyRecord(advocate=advocate, evidence=text.sentence(s), addressee=addressee,
                                       action_text="to let Ukraine strike deeper", date=when))
    events = []
    for _ in range(rng.choice([1, 2, 3, 3, 4, 7])):
        d = _date(rng)
        trigger = rng.choice(_TRIGGERS)
        parts = [use(pools.gazetteer_ref(rng.choice(["Country", "Place", "Organization"])))
                 for _ in range(rng.randint(1, 2))]
        s = f"On {d.isoformat()} {parts[0].label} {trigger}s ({doc_id}:e{len(events)})."
        events.append(EventRecord(date=d, label=f"{parts[0].label} {trigger}s", trigger=trigger,
                                  evidence=text.sentence(s), participants=parts))
    for _ in range(rng.randint(4, 12)):  # entities mentioned but in no fact
        use(pools.gazetteer_ref(rng.choice(["Organization", "Place", "WeaponSystem", "Person"])))
    doc = Document(id=doc_id, text=text.text(), title=f"Synthetic report {i}", source="Synthetic Wire",
                   published=published, origin=f"synthetic:{i}")
    return DocumentExtraction(document=doc, entities=list(entities.values()), rules=rules,
                              advocacy=advocacy, events=events)


def synthetic_extractions(n: int, seed: int = 11, start: int = 0) -> Iterator[DocumentExtraction]:
    """``n`` synthetic records, deterministic in (seed, start)."""
    rng = random.Random(f"{seed}:{start}")
    pools = _Pools(gazetteer(), rng)
    for i in range(start, start + n):
        yield synthetic_extraction(i, pools)
