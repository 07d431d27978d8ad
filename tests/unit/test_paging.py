"""The paged form of a query (pipeline/paging.py): where the page's VALUES go, and what is refused."""
from __future__ import annotations

import datetime as dt
import re

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from pipeline import paging
from pipeline import query as Q
from pipeline.errors import QueryError

QUERY = """PREFIX ex: <http://example.org/>
SELECT ?x ?n ?label
WHERE {
  # {keys
  ?x a ex:Thing .
  # keys}
  VALUES (?kind ?tag) { (ex:A "a") (ex:B "{not a group}") }
  OPTIONAL { ?x ex:label ?label }
  OPTIONAL { ?y ex:other ?z }
  { SELECT ?x (COUNT(?p) AS ?n) WHERE { ?x ex:part ?p } GROUP BY ?x }
  { SELECT ?n2 WHERE { ?x ex:elsewhere ?n2 } }
  { ?x ex:a ?a } UNION { ?x ex:b ?a }
  FILTER(?label != "}")
}
ORDER BY ?x
"""
MARK = "VALUES ?x { <urn:k1> }"


def _groups_with_values(text: str) -> list[str]:
    """The first words after each injected VALUES block."""
    return [" ".join(text[m.end():m.end() + 60].split()) for m in re.finditer(re.escape(MARK), text)]


def test_a_page_within_other_values_opens_them_where_that_variable_is_in_scope():
    """``within``: the rows of the page's keys that have these values of another projected
    variable; its VALUES go where that variable is in scope and mentioned, as the key's do."""
    text = """PREFIX ex: <http://example.org/>
SELECT ?x ?src ?n
WHERE {
  # {keys
  ?x a ex:Thing .
  # keys}
  { SELECT ?x ?src (COUNT(?q) AS ?n) WHERE { ?x ex:quote ?q . ?q ex:in ?src } GROUP BY ?x ?src }
  { SELECT ?x (COUNT(?p) AS ?m) WHERE { ?x ex:part ?p } GROUP BY ?x }
  { ?x ex:a ?src } UNION { ?x ex:b ?other }
}
"""
    form = paging.paged_form(text)
    page = form.page_query(["<urn:k1>"], within=("src", ['"d1"']))
    marks = [" ".join(page[m.end():m.end() + 30].split()) for m in re.finditer(re.escape('VALUES ?src { "d1" }'), page)]
    # the outer WHERE, the sub-select that projects ?src, the UNION branch that mentions it;
    # not the sub-select without it, nor the other branch
    assert len(marks) == 3 and [m.split()[1] for m in marks[1:]] == ["ex:quote", "ex:a"], marks
    assert page.count("VALUES ?x { <urn:k1> }") == form.page_query(["<urn:k1>"]).count("VALUES ?x { <urn:k1> }")
    ox.Store().query(page)
    with pytest.raises(QueryError, match="does not project"):
        form.page_query(["<urn:k1>"], within=("m", ['"3"']))


@pytest.mark.parametrize("name", [n for n in Q.QUESTIONS if n != "entities"])
def test_each_question_can_be_asked_for_some_sources(name):
    form = Q._form(Q.load(name))
    page = form.page_query(["<urn:k1>"], ordered=False, within=("source", ['"d1"', '"d2"']))
    assert 'VALUES ?source { "d1" "d2" }' in page
    ox.Store().query(page)


def test_page_values_open_every_group_that_shares_the_key():
    form = paging.paged_form(QUERY)
    assert form.key == "x"
    page = form.page_query(["<urn:k1>"])
    after = _groups_with_values(page)
    assert after[0].startswith("?x a ex:Thing")        # the outer WHERE (comments are blanked)
    assert sorted(a.split()[1] for a in after[1:]) == [
        "ex:a",      # UNION branch
        "ex:b",      # UNION branch
        "ex:label",  # an OPTIONAL that mentions the key
        "ex:part",   # a sub-select that projects the key
    ]
    # not: an OPTIONAL without the key, a sub-select whose ?x is its own, a VALUES data block,
    # nor the brace that wraps a sub-select (nothing may precede SELECT there)
    assert "{ ?y ex:other ?z }" in page
    assert "{ SELECT ?n2 WHERE { ?x ex:elsewhere ?n2 } }" in page
    assert '(ex:B "{not a group}") }' in page
    assert "{ SELECT ?x (COUNT" in page
    ox.Store().query(page)  # still valid SPARQL


def test_key_query_is_the_marked_block():
    form = paging.paged_form(QUERY)
    assert form.key_query.startswith("PREFIX ex: <http://example.org/>\nSELECT DISTINCT ?x\nWHERE {")
    assert "?x a ex:Thing" in form.key_query and "ex:label" not in form.key_query
    assert form.block_vars == {"x"}
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/t"), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("http://example.org/Thing")))
    assert [s["x"].value for s in store.query(form.key_query)] == ["http://example.org/t"]


@pytest.mark.parametrize("text, message", [
    (QUERY.replace("  # {keys\n", "").replace("  # keys}\n", ""), "no key block"),
    (QUERY.replace("  # keys}\n", ""), "no key block"),
    (QUERY.replace("  OPTIONAL { ?x ex:label ?label }", "  OPTIONAL { # {keys\n ?x ex:label ?label # keys}\n }")
          .replace("  # {keys\n", "").replace("  # keys}\n", ""), "not at the top level"),
    ("PREFIX ex: <http://example.org/> ASK { ?x a ex:Thing }", "only SELECT"),
    (QUERY.replace("?x a ex:Thing .", "?y a ex:Thing ."), r"does not bind \?x"),
])
def test_malformed_queries_are_refused(text, message):
    with pytest.raises(QueryError, match=message) as err:
        paging.paged_form(text)
    assert err.value.hint


@pytest.mark.parametrize("name", Q.QUESTIONS)
def test_every_question_has_a_key_block_on_its_key(name):
    text = Q.load(name)
    form = paging.paged_form(text)
    projected = re.search(r"SELECT\s+(?:DISTINCT\s+)?\?(\w+)", text).group(1)
    assert form.key == projected
    assert len(form.injections) >= 1
    ox.Store().query(form.page_query(["<urn:k1>", "<urn:k2>"]))  # valid SPARQL


def test_keys_are_rendered_as_escaped_terms_not_text():
    from rdflib import Literal
    assert paging.render_keys([URIRef("http://example.org/a")]) == ["<http://example.org/a>"]
    # a literal key cannot close the VALUES block or the query: Oxigraph escapes it
    (rendered,) = paging.render_keys([Literal('x" } DROP ALL { "')])
    assert rendered == '"x\\" } DROP ALL { \\""'
    with pytest.raises(QueryError):
        paging.render_keys([URIRef("http://example.org/a>b")])  # not an IRI
    with pytest.raises(QueryError):
        paging.render_keys([BNode("b0")])


@pytest.mark.parametrize("value, minimum, expected", [("1", 1, 1), (" 25 ", 1, 25), ("0", 0, 0), (None, 1, None)])
def test_parse_count(value, minimum, expected):
    assert paging.parse_count(value, "--limit", minimum) == expected


@pytest.mark.parametrize("value, minimum", [("0", 1), ("-1", 0), ("1e3", 1), ("", 1), ("5 }", 1), ("٣", 1)])
def test_parse_count_refuses(value, minimum):
    with pytest.raises(QueryError) as err:
        paging.parse_count(value, "--limit", minimum)
    assert "--limit" in err.value.hint


# --------------------------------------------------------------------------- sorting pages here

BLOCK = "PREFIX ex: <http://example.org/>\nSELECT ?x ?y WHERE {\n  # {keys\n  ?x a ex:T .\n  # keys}\n}\n"


@pytest.mark.parametrize(("tail", "order"), [
    ("ORDER BY ?x ?y", ("x", "y")),
    ("ORDER BY $x\n  ?y  # why", ("x", "y")),
    ("order by ?y", ("y",)),
    ("ORDER BY DESC(?x)", ()),
    ("ORDER BY ASC(?x)", ()),        # an expression: left to the store
    ("ORDER BY ?x LIMIT 5", ()),
    ("ORDER BY ?x ?z", ()),          # ?z is not projected: the rows cannot say
    ("ORDER BY ?z", ()),
    ("ORDER BY STR(?x)", ()),
    ("LIMIT 5", ()),
    ("", ()),
])
def test_only_a_final_order_by_of_plain_variables_is_sorted_here(tail, order):
    form = paging.paged_form(BLOCK + tail)
    assert form.order == order
    unordered = form.page_query(["<urn:k>"], ordered=False)
    if order:
        assert "ORDER" not in unordered.upper().split("}")[-1]
        assert "ORDER BY" in form.page_query(["<urn:k>"]).upper()
    else:
        assert unordered == form.page_query(["<urn:k>"])
    ox.Store().query(unordered)  # still valid SPARQL


IRIS = st.sampled_from(["http://example.org/a", "http://example.org/B", "http://example.org/ä",
                        "http://example.org/a/b", "urn:x", "http://example.org/"]).map(URIRef)
STRINGS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6).map(Literal)


XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DATES = st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: Literal(d.isoformat(), datatype=XSD_DATE))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(IRIS, st.none()), max_size=6),
       st.sampled_from([STRINGS, DATES]).flatmap(lambda kind: st.lists(kind, max_size=8)))
def test_order_key_sorts_as_the_store_does(nodes, literals):
    """Sorting by order_key gives Oxigraph's ORDER BY order (unbound, IRIs, strings or dates)."""
    from pipeline.store import Store
    from pipeline.store.terms import to_ox
    values = nodes + literals
    rows = " ".join("UNDEF" if v is None else str(to_ox(v)) for v in values)
    result = Store.in_memory().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {rows} }} }} ORDER BY ?v")
    assert sorted(values, key=paging.order_key) == [r.get("v") for r in result.rows]


def test_order_key_leaves_other_literals_to_the_store():
    assert paging.order_key(BNode("b"))[0] < paging.order_key(URIRef("urn:a"))[0]  # SPARQL 15.1
    for term in (Literal(3), Literal("x", lang="en"), Literal("-0044-03-15", datatype=XSD_DATE)):
        assert paging.order_key(term) is None
    a, date = {"v": Literal("a")}, {"v": Literal(dt.date(2024, 1, 1))}
    assert Q._order_keys([a, {"v": Literal(3)}], ("v",)) is None
    assert Q._order_keys([a, date], ("v",)) is None  # a string and a date: the store decides
    assert Q._order_keys([a, {}], ("v",)) == [((3, "a"),), ((0, ""),)]
    assert Q._order_keys([date, {}], ("v",)) == [((4, dt.date(2024, 1, 1)),), ((0, ""),)]
