"""SHACL shapes, tested as data.

tests/fixtures/shapes/<ShapeName>-conforming.ttl must conform;
tests/fixtures/shapes/<ShapeName>-violating.ttl must not, every result must
come from <ShapeName> (a focus node of its target class, reported by the node
shape itself or one of its property shapes), and every shape named on a
``# expect:`` header line must be among the results' sh:sourceShape /
sh:sourceConstraint.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from pipeline.errors import CaveatError
from pipeline.graph.mapper import document_graph
from pipeline.graph.namespace import CV
from pipeline.records import (AdvocacyRecord, Document, DocumentExtraction, EntityRef, EventRecord,
                              RuleRecord, Span)
from pipeline.validate import shacl as shacl_mod
from pipeline.validate.shacl import (SHAPES_PATH, ShapesNotFoundError, load_shapes, split_quarantine,
                                     validate_and_split, validate_graph)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
ONTOLOGY = ROOT / "ontology" / "caveat.ttl"
CVSH = Namespace("https://w3id.org/caveat/shapes#")

CONFORMING = sorted(FIXTURES.glob("*-conforming.ttl"))
VIOLATING = sorted(FIXTURES.glob("*-violating.ttl"))


def _shape_name(path: Path) -> str:
    return path.name.rsplit("-", 1)[0]


def _expected(path: Path) -> set[URIRef]:
    out: set[URIRef] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*expect:\s*(.*)", line)
        if m:
            for tok in m.group(1).split():
                assert tok.startswith("cvsh:"), f"{path.name}: expect tokens are cvsh: names, got {tok}"
                out.add(CVSH[tok[len("cvsh:"):]])
    return out


def _load(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


def _targeted_node_shapes() -> set[URIRef]:
    sg = load_shapes()
    return {s for s in sg.subjects(RDF.type, SH.NodeShape) if (s, SH.targetClass, None) in sg}


# ------------------------------------------------------------------ fixture coverage

def test_every_targeted_shape_has_both_fixtures():
    names = {str(s).split("#", 1)[1] for s in _targeted_node_shapes()}
    have_ok = {_shape_name(p) for p in CONFORMING}
    have_bad = {_shape_name(p) for p in VIOLATING}
    assert names - have_ok == set(), "shapes without a -conforming fixture"
    assert names - have_bad == set(), "shapes without a -violating fixture"
    assert (have_ok | have_bad) - names == set(), "fixtures for shapes that do not exist"


def test_one_node_shape_per_class_the_mapper_writes():
    sg = load_shapes()
    targets = set(sg.objects(None, SH.targetClass))
    mapper_classes = {CV.Document, CV.Evidence, CV.Person, CV.Country, CV.Organization, CV.Place,
                      CV.WeaponSystem, CV.AnonymousSource, CV.Permission, CV.Prohibition,
                      CV.PolicyDecision, CV.Easing, CV.Lifting, CV.Advocacy, CV.Event}
    assert targets == mapper_classes


def test_every_constraint_has_message_and_violation_severity():
    sg = load_shapes()
    shapes = set(sg.subjects(RDF.type, SH.PropertyShape)) | set(sg.subjects(RDF.type, SH.SPARQLConstraint))
    shapes |= {s for s in sg.subjects(SH.path, None)}
    shapes |= {s for s in sg.subjects(RDF.type, SH.NodeShape) if (s, SH.targetClass, None) not in sg}
    assert shapes
    for s in shapes:
        assert sg.value(s, SH.message) is not None, f"{s} has no sh:message"
        assert sg.value(s, SH.severity) == SH.Violation, f"{s} is not sh:Violation"


def test_few_sparql_constraints():
    sg = load_shapes()
    assert len(set(sg.subjects(RDF.type, SH.SPARQLConstraint))) <= 2


@pytest.mark.parametrize("scheme, prop", [(CV.Actions, CVSH["Rule-action"]),
                                          (CV.WeaponKinds, CVSH["WeaponSystem-weaponKind"])])
def test_sh_in_lists_match_the_ontology(scheme, prop):
    onto = Graph().parse(ONTOLOGY, format="turtle")
    sg = load_shapes()
    in_list = set(Collection(sg, sg.value(prop, SH["in"])))
    assert in_list == set(onto.subjects(SKOS.inScheme, scheme))


# ------------------------------------------------------------------ fixtures as tests

@pytest.mark.parametrize("path", CONFORMING, ids=lambda p: p.name)
def test_conforming_fixture_conforms(path):
    result = validate_graph(_load(path))
    assert result.conforms, result.text
    assert result.failing_focus_nodes == set()


@pytest.mark.parametrize("path", VIOLATING, ids=lambda p: p.name)
def test_violating_fixture_violates_its_shape(path):
    data = _load(path)
    result = validate_graph(data)
    assert not result.conforms
    assert result.failing_focus_nodes

    sg = load_shapes()
    node_shape = CVSH[_shape_name(path)]
    targets = set(sg.objects(node_shape, SH.targetClass))
    own = {node_shape} | set(sg.objects(node_shape, SH.property))
    rep = result.report
    seen: set[URIRef] = set()
    for res in rep.objects(rep.value(predicate=RDF.type, object=SH.ValidationReport), SH.result):
        focus = rep.value(res, SH.focusNode)
        source = rep.value(res, SH.sourceShape)
        seen.add(source)
        seen.add(rep.value(res, SH.sourceConstraint))
        assert rep.value(res, SH.resultSeverity) == SH.Violation
        assert rep.value(res, SH.resultMessage) is not None
        assert set(data.objects(focus, RDF.type)) & targets, \
            f"{path.name}: result on {focus}, not a target of {node_shape}"
        assert source in own, f"{path.name}: result from {source}, not part of {node_shape}"
    # every node of the shape's target classes in a violating fixture is there to fail
    for cls in targets:
        for node in data.subjects(RDF.type, cls):
            assert node in result.failing_focus_nodes, f"{path.name}: {node} was meant to fail"
    missing = _expected(path) - seen
    assert not missing, f"{path.name}: expected shapes did not fire: {sorted(missing)}\n{result.text}"


# ------------------------------------------------------------------ the mapper's output conforms

def _extraction(with_country_entities: bool = True) -> DocumentExtraction:
    doc = Document(id="t1", text="x" * 2000, title="Title", source="Reuters",
                   url="https://example.org/t1", published=dt.date(2024, 11, 18))
    us = EntityRef("us", "United States", "Country", gazetteer=True)
    ua = EntityRef("ua", "Ukraine", "Country", gazetteer=True)
    ru = EntityRef("ru", "Russia", "Country", gazetteer=True)
    biden = EntityRef("person:joe biden", "Joe Biden", "Person", country="us")
    official = EntityRef("anon:us official", "a U.S. official", "AnonymousSource", country="us")
    nato = EntityRef("nato", "NATO", "Organization", gazetteer=True)
    kursk = EntityRef("kursk", "Kursk", "Place", country="ru", gazetteer=True)
    atacms = EntityRef("atacms", "ATACMS", "WeaponSystem", kind="BallisticMissile", country="us",
                       gazetteer=True)
    zelensky = EntityRef("person:volodymyr zelensky", "Volodymyr Zelensky", "Person", country="ua")
    countries = [us, ua, ru] if with_country_entities else [ua]
    rules = [
        RuleRecord("permission", "CrossBorderStrike", "fire ATACMS into", Span(10, 60, "q" * 50),
                   issuer=us, bound=ua, weapons=[atacms], scope_in=[kursk], scope_text=["just over the border"],
                   targets=["military targets"], purposes=["self-defence"],
                   announced=dt.date(2024, 11, 17), effective=dt.date(2024, 11, 18),
                   decided_by=biden, attributed_to=official),
        RuleRecord("permission", "DeepStrike", "strike deep", Span(70, 90, "r" * 20), issuer=us, bound=ua,
                   change="lift", announced=dt.date(2024, 11, 17)),
        RuleRecord("prohibition", "CivilianTargetStrike", "hit civilian targets", Span(100, 130, "s" * 30),
                   issuer=us, bound=ua, announced=dt.date(2022, 5, 31)),
    ]
    advocacy = [AdvocacyRecord(zelensky, Span(140, 170, "t" * 30), addressee=us,
                               action_text="lift restrictions", date=dt.date(2024, 11, 1))]
    events = [EventRecord(dt.date(2024, 11, 19), "first strike", "strike", Span(180, 200, "u" * 20),
                          participants=[ua, kursk, atacms])]
    return DocumentExtraction(doc, entities=[*countries, biden, official, nato, kursk, atacms, zelensky],
                              rules=rules, advocacy=advocacy, events=events)


def test_mapper_output_conforms():
    g = document_graph(_extraction())
    result = validate_graph(g)
    assert result.conforms, result.text


def test_mapper_output_conforms_when_countries_are_only_referenced():
    # a person/place/weapon whose country the document does not itself name
    result = validate_graph(document_graph(_extraction(with_country_entities=False)))
    assert result.conforms, result.text


# ------------------------------------------------------------------ result API and quarantine

def test_result_lists_failing_focus_nodes():
    result = validate_graph(_load(FIXTURES / "DocumentShape-violating.ttl"))
    docs = {URIRef(f"https://w3id.org/caveat/id/doc/b{i}") for i in range(1, 9)}
    assert result.failing_focus_nodes == docs
    assert "Validation Report" in result.text
    assert {r["shape"] for r in result.results()} >= {CVSH["Document-docId"]}


def test_validate_does_not_modify_the_input():
    g = _load(FIXTURES / "PermissionShape-violating.ttl")
    before = set(g)
    validate_graph(g)
    assert set(g) == before


def test_split_quarantine_moves_failing_subjects_and_their_evidence():
    g = document_graph(_extraction())
    # the permission fails (two actions); its evidence is shared with its decision, ban and change
    permission = next(g.subjects(RDF.type, CV.Permission))
    shared_ev = next(g.objects(permission, CV.evidence))
    g.add((permission, CV.action, CV.WeaponUse))
    # the advocacy fails (not reported in any document); its evidence is its own
    adv = next(g.subjects(RDF.type, CV.Advocacy))
    own_ev = next(g.objects(adv, CV.evidence))
    g.remove((adv, CV.reportedIn, None))
    # a broken evidence node fails by itself
    bad_ev = URIRef("https://w3id.org/caveat/id/evidence/bad")
    g.add((bad_ev, RDF.type, CV.Evidence))
    g.add((bad_ev, CV.exact, Literal("")))

    result = validate_graph(g)
    assert result.failing_focus_nodes == {permission, adv, bad_ev}
    kept, quarantine = split_quarantine(g, result)

    def about(graph, s):
        return set(graph.triples((s, None, None)))

    for node in (permission, adv, own_ev, bad_ev):
        assert not about(kept, node), node
        assert about(quarantine, node) == about(g, node), node
    # shared evidence: copied to quarantine, kept for the facts that stay
    assert about(kept, shared_ev) == about(g, shared_ev)
    assert about(quarantine, shared_ev) == about(g, shared_ev)
    # everything else stays where it was
    for s in set(g.subjects()) - {permission, adv, own_ev, bad_ev}:
        assert about(kept, s) == about(g, s), s
    assert set(kept) | set(quarantine) == set(g)
    # one pass: the decision that establishes the quarantined permission now fails
    assert validate_graph(kept).failing_focus_nodes == set(g.subjects(CV.establishes, permission))


def test_validate_and_split_iterates_until_kept_conforms():
    g = document_graph(_extraction())
    # an unlabelled issuer: quarantining it leaves every fact it issued pointing at an untyped node
    us = next(s for s in g.subjects(SKOS.prefLabel, Literal("United States")))
    g.remove((us, SKOS.prefLabel, None))
    kept, quarantine, first = validate_and_split(g)
    assert first.failing_focus_nodes == {us}
    assert validate_graph(kept).conforms
    assert (us, RDF.type, CV.Country) in quarantine
    assert len(kept) + len(quarantine) >= len(g)


def test_missing_shapes_file_gives_a_hint(tmp_path):
    with pytest.raises(ShapesNotFoundError, match="nope.ttl") as e:
        load_shapes(tmp_path / "nope.ttl")
    assert isinstance(e.value, FileNotFoundError)
    assert isinstance(e.value, CaveatError)
    assert "shapes/caveat.shacl.ttl" in e.value.hint


def test_shapes_are_parsed_once():
    assert load_shapes() is load_shapes()
    assert SHAPES_PATH.is_file()
    assert shacl_mod._shapes  # module-level cache


# ------------------------------------------------------------------ engines

def test_default_engine_without_turbo_is_pyshacl(monkeypatch):
    monkeypatch.delenv(shacl_mod.ENGINE_ENV, raising=False)
    expected = "turbo" if importlib.util.find_spec("pyshacl_turbo") else "pyshacl"
    assert validate_graph(Graph()).engine == expected
    monkeypatch.setenv(shacl_mod.ENGINE_ENV, "pyshacl")
    assert validate_graph(Graph()).engine == "pyshacl"
    with pytest.raises(ValueError):
        validate_graph(Graph(), engine="jena")


def _summary(result):
    r = result.report
    return {(r.value(x, SH.focusNode), r.value(x, SH.resultPath), r.value(x, SH.value),
             r.value(x, SH.sourceShape), r.value(x, SH.sourceConstraintComponent),
             r.value(x, SH.resultSeverity), str(r.value(x, SH.resultMessage)))
            for x in shacl_mod._top_level_results(r)}


@pytest.mark.skipif(importlib.util.find_spec("pyshacl_turbo") is None, reason="pyshacl-turbo not installed")
@pytest.mark.parametrize("path", CONFORMING + VIOLATING, ids=lambda p: p.name)
def test_turbo_engine_gives_identical_results(path):
    g = _load(path)
    before = set(g)
    a = validate_graph(g, engine="pyshacl")
    b = validate_graph(g, engine="turbo")
    assert set(g) == before
    assert (a.conforms, a.failing_focus_nodes, _summary(a)) == (b.conforms, b.failing_focus_nodes, _summary(b))
