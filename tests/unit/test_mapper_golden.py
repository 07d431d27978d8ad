"""The mapper's output for known records, compared with golden graphs by isomorphism.

A change to the graph shape shows up here as a diff to review; regenerate the
golden files deliberately (see the bottom of this file), never to make a test pass.
"""
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from pipeline.graph.mapper import document_graph

from test_queries import _may, _nov  # the same hand-built records the query tests use

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.mark.parametrize("name,records", [("may-document", _may), ("nov-document", _nov)])
def test_mapper_matches_golden_graph(name, records):
    got = document_graph(records())
    want = Graph().parse(GOLDEN / f"{name}.ttl", format="turtle")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(f"graph differs from {name}.ttl:\n+ {sorted(only_got)[:5]}\n- {sorted(only_want)[:5]}")


def test_same_records_mint_the_same_graph():
    assert isomorphic(document_graph(_may()), document_graph(_may()))

# To regenerate after an intended change:
#   python -c "import sys; sys.path.insert(0,'tests/unit'); import test_queries as T; \
#     from pipeline.graph.mapper import document_graph as d; \
#     d(T._may()).serialize('tests/fixtures/golden/may-document.ttl', format='turtle')"


def test_one_decision_of_two_rules_never_dates_its_announcement_after_it_took_effect():
    """Two permissions of one report with one key are one decision: an announcement day
    after the day it took effect is left out, whichever rule comes first, and a body (not a
    person) that decided is not written as cv:decidedBy (its range is cv:Person)."""
    import datetime as dt

    from pipeline.graph.namespace import CV
    from pipeline.records import Document, DocumentExtraction, EntityRef, RuleRecord, Span
    us = EntityRef("us", "United States", "Country")
    ukraine = EntityRef("ukraine", "Ukraine", "Country")
    council = EntityRef("organization:council", "Council", "Organization")
    span = Span(0, 4, "text")
    early = RuleRecord("permission", "WeaponUse", "use", span, us, ukraine, effective=dt.date(2024, 5, 1),
                       decided_by=council)
    late = RuleRecord("permission", "WeaponUse", "use", span, us, ukraine, announced=dt.date(2024, 5, 9))
    for rules in ([early, late], [late, early]):
        g = document_graph(DocumentExtraction(Document("d", "text"), rules=rules))
        decision = next(g.subjects(CV.establishes, None))
        assert [d.toPython() for d in g.objects(decision, CV.effective)] == [dt.date(2024, 5, 1)]
        assert list(g.objects(decision, CV.announced)) == []
        assert list(g.objects(decision, CV.decidedBy)) == []
