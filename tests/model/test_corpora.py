"""End to end on the scored corpora, with the evaluation's own scorer.

seeds/ (the development gold), tests/articles/ (our own articles) and
tests/holdout/ and tests/blind/ to tests/blind15/ (written apart from the rules, as checks on
over-fitting; see their READMEs for what was measured before any tuning). tests/blind16/ and
tests/blind17/ are left out: they stay blind (no rule made from them), the honest estimate.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from pipeline import query
from pipeline.graph.namespace import CV
from pipeline.ingest import load_inputs
from pipeline.run import run
from pipeline.store import Store

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
CORPORA = {
    "seeds": (ROOT / "seeds", ROOT.parent / "shared" / "eval" / "gold" / "seeds.toml", 0.95),
    "articles": (ROOT / "tests" / "articles", ROOT / "tests" / "articles" / "gold.toml", 0.95),
    "holdout": (ROOT / "tests" / "holdout", ROOT / "tests" / "holdout" / "gold.toml", 0.90),
    "blind": (ROOT / "tests" / "blind", ROOT / "tests" / "blind" / "gold.toml", 0.90),
    "blind2": (ROOT / "tests" / "blind2", ROOT / "tests" / "blind2" / "gold.toml", 0.90),
    "blind3": (ROOT / "tests" / "blind3", ROOT / "tests" / "blind3" / "gold.toml", 0.90),
    "blind4": (ROOT / "tests" / "blind4", ROOT / "tests" / "blind4" / "gold.toml", 0.90),
    "blind5": (ROOT / "tests" / "blind5", ROOT / "tests" / "blind5" / "gold.toml", 0.90),
    "blind6": (ROOT / "tests" / "blind6", ROOT / "tests" / "blind6" / "gold.toml", 0.90),
    "blind7": (ROOT / "tests" / "blind7", ROOT / "tests" / "blind7" / "gold.toml", 0.90),
    "blind8": (ROOT / "tests" / "blind8", ROOT / "tests" / "blind8" / "gold.toml", 0.90),
    "blind9": (ROOT / "tests" / "blind9", ROOT / "tests" / "blind9" / "gold.toml", 0.90),
    "blind10": (ROOT / "tests" / "blind10", ROOT / "tests" / "blind10" / "gold.toml", 0.90),
    "blind11": (ROOT / "tests" / "blind11", ROOT / "tests" / "blind11" / "gold.toml", 0.90),
    "blind12": (ROOT / "tests" / "blind12", ROOT / "tests" / "blind12" / "gold.toml", 0.90),
    "blind13": (ROOT / "tests" / "blind13", ROOT / "tests" / "blind13" / "gold.toml", 0.90),
    "blind14": (ROOT / "tests" / "blind14", ROOT / "tests" / "blind14" / "gold.toml", 0.90),
    "blind15": (ROOT / "tests" / "blind15", ROOT / "tests" / "blind15" / "gold.toml", 0.80),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One store per corpus, built once for this module."""
    out = {}
    for name, (corpus, _, _) in CORPORA.items():
        store = tmp_path_factory.mktemp(name) / "store"
        report = run([corpus], store)
        out[name] = (store, report)
    return out


def _rows(store_path: Path, name: str) -> list[dict[str, str]]:
    with Store.open(store_path, read_only=True) as st:
        data = query.ask(st, name).to_sparql_json()
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_macro_f1(built, scorer, corpus):
    path, gold_path, bar = CORPORA[corpus]
    if not gold_path.exists():
        pytest.skip(f"no gold at {gold_path}")
    gold = scorer.Gold(gold_path)
    docs = scorer.read_corpus(path)
    store, _ = built[corpus]
    f1s, grounded, total = {}, 0, 0
    for q in scorer.QUESTIONS:
        rows = _rows(store, q)
        s = scorer.score_entities(gold, rows) if q == "entities" else scorer.score_facts(gold, q, rows, docs)
        p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 0.0
        r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        f1s[q] = scorer.f1(p, r)
        ok, tot = scorer.grounding(rows, docs)
        grounded, total = grounded + ok, total + tot
    macro = sum(f1s.values()) / len(f1s)
    assert macro >= bar, f1s
    assert grounded == total, "every quote must be verbatim"


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_every_input_is_accounted_for(built, corpus):
    path = CORPORA[corpus][0]
    _, report = built[corpus]
    ingested = load_inputs([path])
    assert len(report.documents) == len(ingested.documents) + len(ingested.rejected)
    assert report.counts["loaded"] == len(ingested.documents)


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_evidence_offsets_are_exact(built, corpus):
    store, _ = built[corpus]
    texts = {d.id: d.text for d in load_inputs([CORPORA[corpus][0]]).documents}
    q = """PREFIX cv: <https://w3id.org/caveat/onto#>
           SELECT ?exact ?start ?end ?doc WHERE {
             ?e a cv:Evidence ; cv:exact ?exact ; cv:start ?start ; cv:end ?end ;
                cv:inDocument/cv:docId ?doc }"""
    with Store.open(store, read_only=True) as st:
        rows = st.query(q).rows
    assert rows
    for r in rows:
        assert texts[str(r["doc"])][int(r["start"]):int(r["end"])] == str(r["exact"])


def test_every_fact_has_a_source(built):
    store, _ = built["seeds"]
    q = """PREFIX cv: <https://w3id.org/caveat/onto#>
           SELECT ?f WHERE { VALUES ?c { cv:Permission cv:Prohibition cv:PolicyDecision cv:Lifting
                                         cv:Easing cv:Advocacy cv:Event }
                             ?f a ?c . OPTIONAL { ?f cv:reportedIn ?d } FILTER(!BOUND(?d)) }"""
    with Store.open(store, read_only=True) as st:
        assert st.query(q).rows == []


def test_confidence_is_recorded(built):
    store, _ = built["seeds"]
    q = """PREFIX cv: <https://w3id.org/caveat/onto#>
           SELECT ?f ?n WHERE { ?f a cv:Permission ; cv:supportCount ?n }"""
    with Store.open(store, read_only=True) as st:
        counts = [int(r["n"]) for r in st.query(q).rows]
    assert max(counts) == 5  # the Kharkiv decision, reported by all five seed articles


def test_rerun_is_idempotent_and_deterministic(built, tmp_path):
    store, _ = built["seeds"]
    with Store.open(store, read_only=True) as st:
        before = len(st)
        first = Graph()
        for g in st.dataset().values():
            first += g
    again = tmp_path / "again"
    run([CORPORA["seeds"][0]], again)
    run([CORPORA["seeds"][0]], again)  # re-running on the same files changes nothing
    with Store.open(again, read_only=True) as st:
        assert len(st) == before
        second = Graph()
        for g in st.dataset().values():
            second += g
    assert isomorphic(first, second)


def test_run_report_is_json(built):
    store, _ = built["seeds"]
    data = json.loads((store / "run-report.json").read_text())
    assert data["counts"]["loaded"] == 5 and len(data["documents"]) == 5


@pytest.mark.java
def test_seed_graph_is_owl_consistent(built):
    from pipeline.validate.owl import check_consistency
    store, _ = built["seeds"]
    g = Graph()
    with Store.open(store, read_only=True) as st:
        for name, graph in st.dataset().items():
            if name is not None and "/graph/doc/" in str(name):
                g += graph
    result = check_consistency(g)
    assert result.consistent, result.explanation


def test_issuer_is_a_state_not_a_person(built):
    store, _ = built["seeds"]
    with Store.open(store, read_only=True) as st:
        rows = st.query("""PREFIX cv: <https://w3id.org/caveat/onto#>
            SELECT DISTINCT ?i WHERE { ?r a cv:Permission ; cv:issuer ?i . ?i a cv:Person }""").rows
    assert rows == [], "a president's decision is issued by the state; the person is cv:decidedBy"
    assert CV.decidedBy  # the ontology term the mapper uses for the person


def test_stored_graphs_still_conform(built):
    """What the store gives back must pass the shapes it passed on the way in (the store
    rewrites literals in canonical form: e.g. integer subtypes come back as xsd:integer)."""
    from pipeline.graph import iri
    from pipeline.validate.shacl import validate_graph
    store, _ = built["seeds"]
    with Store.open(store, read_only=True) as st:
        for name in st.graphs():
            if str(name).startswith(str(iri.document_graph(""))):
                result = validate_graph(st.graph_triples(name))
                assert result.conforms, result.text
