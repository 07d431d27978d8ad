"""Paged answers to the competency questions, derived from the full query text.

A page is N *facts* (answer keys, the first projected variable) starting at
fact M, with every row of each of those facts. It is computed in two steps,
so that the work is proportional to the page, not to the store:

1. **Key query.** Each ``queries/*.rq`` marks, at the top level of its
   outermost WHERE group, a *key block* between the comment lines
   ``# {keys`` and ``# keys}``: cheap patterns every fact of the answer
   satisfies (usually the key's class). Because the block is a conjunct of
   the full query, every answer key is among its solutions, by construction.
   ``SELECT DISTINCT ?key WHERE { <block> }`` lists the candidates;
   ``Store.ordered_values`` sorts them in key order (IRIs by code point, like
   SPARQL's ORDER BY, which Oxigraph evaluates far more slowly on disk because
   it decodes both IRIs at every comparison) and slices
   ``[offset:offset + limit]``.
2. **Page query.** The full query text, unchanged, with
   ``VALUES ?key { <k1> ... <kN> }`` opened in every group in which the
   outer key is in scope and mentioned: the outer WHERE, its OPTIONAL and
   UNION groups, and every sub-select that projects the key (each aggregates
   only the page's facts). Not into a sub-select that does not project the
   key (its ?key is another variable), nor into VALUES data blocks. Restricting those inner groups is equivalent to
   restricting the outer one alone, because each joins the outer solutions
   on the key, and every sub-select that projects the key binds it in all of
   its solutions (the key is the subject of a required pattern).

The keys are terms read from the store and rendered by Oxigraph as escaped
N-Triples; limit and offset are Python ints that only slice a list. No user
value is formatted into query text. Parameters (``?asOf``) are bound as
before, by substitution.

Rows come back grouped by key, in key order, and within a fact in the
question's own ORDER BY order. When that ORDER BY lists plain variables, the
page query runs without it and Python sorts the rows (``order_key``: IRIs,
strings and dates, as SPARQL orders them), because Oxigraph on disk decodes
both terms at every comparison (15-30 % of a page's time); values that only the
store can order (numbers, language strings) make it run the ordered query.

A candidate that has no row in the full answer (a prohibition that is not in
force, a permission without evidence) keeps its place in the order: a page
then holds fewer than N facts. The pages together are exactly the full
answer (tests/scale/test_paging.py checks it for every question).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import QueryError
from .store.oxigraph_store import SPARQL_TOKENS

KEYS_BEGIN = "# {keys"
KEYS_END = "# keys}"

_LEX = SPARQL_TOKENS  # IRIs, strings and comments may contain braces: skipped whole


@dataclass(frozen=True)
class PagedForm:
    """What the paged form of one query needs: built once per query text."""

    key: str                 # the key variable, without "?"
    key_query: str           # SELECT DISTINCT ?key WHERE { <key block> }
    block_vars: frozenset    # variables mentioned in the key block
    injections: tuple        # text offsets just after each "{" that gets the page's VALUES
    text: str                # the full query, comments blanked out (same offsets)
    #: The variables of a final ``ORDER BY ?a ?b`` of plain variables (else empty),
    #: and where that clause is: a page may be sorted in Python instead (see order_key).
    order: tuple = ()
    order_span: tuple | None = None

    def full_query(self, ordered: bool = True) -> str:
        """The full query (comments blanked); ``ordered=False``: without its final ORDER BY."""
        if ordered or self.order_span is None:
            return self.text
        begin, end = self.order_span
        return self.text[:begin] + " " * (end - begin) + self.text[end:]

    def page_query(self, keys: Sequence[str], ordered: bool = True,
                   within: tuple[str, Sequence[str]] | None = None) -> str:
        """The full query restricted to ``keys`` (terms already rendered as N-Triples).

        ``ordered=False`` leaves out the final ORDER BY (only when ``order`` is set):
        Oxigraph on disk decodes both terms at every comparison, 15-30 % of a page.
        ``within=(variable, values)`` also restricts another projected variable, in
        the same way (``injections_for``): the rows of those facts with those values.
        Like the key, that variable must be bound by a required pattern wherever it is
        mentioned (never only in an OPTIONAL), or the restriction is not the same.
        """
        opened = [(at, f" VALUES ?{self.key} {{ {' '.join(keys)} }} ") for at in self.injections]
        if within is not None:
            var, values = within
            block = f" VALUES ?{var} {{ {' '.join(values)} }} "
            opened += [(at, block) for at in injections_for(self.text, var)]
        text = self.full_query(ordered)
        out, last = [], 0
        for at, values in sorted(opened, key=lambda x: x[0]):
            out.append(text[last:at])
            out.append(values)
            last = at
        out.append(text[last:])
        return "".join(out)


def _var_name(token: str) -> str:
    """The name of a variable token (``?x.`` at the end of a triple is ``x``)."""
    return re.match(r"[?$](\w*)", token).group(1)


@dataclass
class _Frame:
    start: int              # offset just after the "{"
    data: bool              # a VALUES data block, not a group
    in_scope: bool          # the outer key is in scope here
    select: bool            # this group is the WHERE of a SELECT
    mentions: bool = False  # the key variable occurs in it (in scope)
    wrapper: bool = False   # "{ SELECT ... }": holds a sub-select, nothing may precede it


_INJECTIONS: dict[tuple[str, str], tuple[int, ...]] = {}


def injections_for(text: str, var: str) -> tuple[int, ...]:
    """Where ``VALUES ?var`` opens, for a variable the outermost SELECT projects: as for
    the key, every group in which it is in scope and mentioned (the outer WHERE, its
    OPTIONAL and UNION groups, the sub-selects that project it). ``text`` is a query
    whose comments are blanked (``PagedForm.text``), so offsets hold."""
    found = _INJECTIONS.get((text, var))
    if found is None:
        found = _INJECTIONS[(text, var)] = paged_form(text, _var=var).injections
    return found


def paged_form(text: str, _var: str | None = None) -> PagedForm:
    """Analyse a SELECT query with a marked key block (see the module docstring).

    ``_var`` (for ``injections_for``): the injections are computed for that projected
    variable instead of the key; the key block is then not looked for.
    """
    tokens = [(m.lastgroup, m.group(), m.start(), m.end()) for m in _LEX.finditer(text)]
    key = None
    stack: list[_Frame] = []
    injections: list[int] = []
    block: list[int] = []           # [begin offset, end offset]
    select_vars: list[str] | None = None  # projection being read (None: not in a SELECT clause)
    paren = 0
    after_as = False
    values_pending = False
    prologue_end = None
    outer_end = None  # just after the "}" closing the outermost WHERE group
    outer_vars: tuple = ()  # the outermost SELECT's projection
    for kind, tok, start, end in tokens:
        if kind in ("space", "other", "iri", "string"):
            after_as = False if kind != "space" else after_as
            continue
        if kind == "comment":
            mark = tok.strip()
            if mark.startswith(KEYS_BEGIN) or mark.startswith(KEYS_END):
                begin = mark.startswith(KEYS_BEGIN)
                if len(stack) != 1 or not stack[0].select:
                    raise QueryError(f"the key block marker {mark!r} is not at the top level of the "
                                     "outermost WHERE group",
                                     hint="put the key block directly in the query's WHERE group")
                if begin != (len(block) % 2 == 0):
                    raise QueryError("unbalanced key block markers",
                                     hint=f"open the block with {KEYS_BEGIN!r} and close it with {KEYS_END!r}")
                block.append(end if begin else start)
            continue
        upper = tok.upper()
        if kind == "word" and upper == "SELECT":
            if prologue_end is None:
                prologue_end = start
            if stack:
                stack[-1].wrapper = True
            select_vars = []
            paren = 0
            continue
        if select_vars is not None:  # reading a projection, up to WHERE or "{"
            if kind == "punct" and tok in "()":
                paren += 1 if tok == "(" else -1
                continue
            if kind == "word" and upper == "AS":
                after_as = True
                continue
            if kind == "word" and tok[0] in "?$":
                if paren == 0 or after_as:
                    select_vars.append(_var_name(tok))
                after_as = False
                continue
            if not (kind == "punct" and tok == "{"):
                continue
        if kind == "word":
            if upper == "VALUES":
                values_pending = True
            elif (tok[0] in "?$" and key is not None and _var_name(tok) == target
                  and stack and stack[-1].in_scope):
                stack[-1].mentions = True
            continue
        # punctuation
        if tok == "{":
            if select_vars is not None:
                projected = select_vars
                select_vars = None
                if key is None:  # the outermost SELECT: its first variable is the key
                    if not projected:
                        raise QueryError("the query projects no variable to page by",
                                         hint="name the key variable first in the SELECT clause")
                    key = projected[0]
                    target = _var or key
                    outer_vars = tuple(projected)
                    in_scope = target in projected
                    if not in_scope:
                        raise QueryError(f"the query does not project ?{target}",
                                         hint="restrict a variable of the answer")
                else:
                    in_scope = bool(stack) and stack[-1].in_scope and target in projected
                stack.append(_Frame(end, data=False, in_scope=in_scope, select=True))
            elif values_pending:
                values_pending = False
                stack.append(_Frame(end, data=True, in_scope=False, select=False))
            else:
                parent = stack[-1] if stack else None
                stack.append(_Frame(end, data=False, in_scope=bool(parent and parent.in_scope),
                                    select=False))
        elif tok == "}":
            if not stack:
                raise QueryError("unbalanced braces in the query", hint="check the query text")
            frame = stack.pop()
            if not stack:
                outer_end = end
            if frame.data:
                continue
            if frame.in_scope and frame.mentions:
                if not frame.wrapper:
                    injections.append(frame.start)
                if stack and stack[-1].in_scope:
                    stack[-1].mentions = True
    if key is None:
        raise QueryError("only SELECT queries can be paged", hint="page a competency question")
    if _var is not None:
        return PagedForm(key=key, key_query="", block_vars=frozenset(),
                         injections=tuple(sorted(injections)), text=text)
    if len(block) != 2:
        raise QueryError("the query has no key block to select a page of facts from",
                         hint=f"mark its key patterns between {KEYS_BEGIN!r} and {KEYS_END!r} lines")
    body = text[block[0]:block[1]]
    block_vars = frozenset(v[1:] for v in re.findall(r"[?$]\w+", body))
    if key not in block_vars:
        raise QueryError(f"the key block does not bind ?{key}", hint="the block must bind the key variable")
    # Both forms are run without comments (blanked, so offsets hold): the store lists the
    # named graphs for any query that may say GRAPH, and a comment saying "graph" counts.
    bare = list(text)
    for kind, _tok, start, end in tokens:
        if kind == "comment":
            bare[start:end] = " " * (end - start)
    text = "".join(bare)
    body = text[block[0]:block[1]]
    prologue = text[:prologue_end]
    key_query = f"{prologue.strip()}\nSELECT DISTINCT ?{key}\nWHERE {{{body}}}\n"
    order, order_span = _plain_order_by(tokens, outer_end)
    if not set(order) <= set(outer_vars):  # sorting by a value the rows do not hold: the store's
        order, order_span = (), None
    return PagedForm(key=key, key_query=key_query, block_vars=block_vars,
                     injections=tuple(sorted(injections)), text=text,
                     order=order, order_span=order_span)


def _plain_order_by(tokens: list, outer_end: int | None) -> tuple[tuple, tuple | None]:
    """``(variables, (begin, end))`` of a final ``ORDER BY ?a ?b ...`` of plain variables.

    The caller also requires them to be projected: Python sorts the answer rows.

    Anything else after the WHERE group (``DESC``, expressions, LIMIT, GROUP BY)
    gives ``((), None)``: the page is then sorted by the store.
    """
    rest = [t for t in tokens if outer_end is not None and t[2] >= outer_end
            and t[0] not in ("space", "comment")]
    words = [t[1].upper() for t in rest[:2]]
    if words != ["ORDER", "BY"] or len(rest) < 3:
        return (), None
    names = []
    for kind, tok, _start, _end in rest[2:]:
        if kind != "word" or tok[0] not in "?$":
            return (), None
        names.append(_var_name(tok))
    return tuple(names), (rest[0][2], rest[-1][3])


_XSD = "http://www.w3.org/2001/XMLSchema#"


def order_key(term: Node | None) -> tuple | None:
    """A sort key that orders terms as SPARQL's ORDER BY does, or None where it cannot say.

    Unbound < blank nodes < IRIs < literals (SPARQL 1.1, 15.1); IRIs and simple
    strings by code point (Python's str order); ``xsd:date`` values by date
    (where SPARQL's ``<`` cannot order two dates, a zoned and an unzoned one a
    few hours apart, their order is unspecified, so ordering them by the date
    rdflib shows is allowed too). Other literals (numbers, language strings,
    invalid dates) return None: the store orders them. Literals of different
    kinds have no order between them here (see ``query._order_keys``).
    """
    if term is None:
        return (0, "")
    if isinstance(term, BNode):
        return (1, str(term))
    if isinstance(term, URIRef):
        return (2, str(term))
    if isinstance(term, Literal) and term.language is None:
        datatype = None if term.datatype is None else str(term.datatype)
        if datatype is None or datatype == _XSD + "string":
            return (3, str(term))
        value = term.value
        if datatype == _XSD + "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return (4, value)
    return None


def check_page(limit: object, offset: object) -> tuple[int | None, int]:
    """``limit`` (None or an int >= 1) and ``offset`` (an int >= 0), or a QueryError."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise QueryError(f"the page size must be a whole number of at least 1, not {limit!r}",
                         hint="give --limit N with N >= 1 (the number of facts per page)")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise QueryError(f"the page offset must be a whole number of at least 0, not {offset!r}",
                         hint="give --offset M with M >= 0 (the number of facts to skip)")
    return limit, offset


def parse_count(value: str | None, option: str, minimum: int) -> int | None:
    """A CLI option's text as an int >= ``minimum`` (None stays None), or a QueryError."""
    if value is None:
        return None
    text = value.strip()
    if not re.fullmatch(r"[+]?[0-9]+", text):
        raise QueryError(f"{option} takes a whole number, not {value!r}",
                         hint=f"give {option} as a number >= {minimum}")
    number = int(text)
    if number < minimum:
        raise QueryError(f"{option} must be at least {minimum}, not {number}",
                         hint=f"give {option} as a number >= {minimum}")
    return number


def render_keys(terms: Sequence[Node]) -> list[str]:
    """Keys as Oxigraph's escaped N-Triples, for the page's VALUES block."""
    from .store.terms import to_ox
    out = []
    for term in terms:
        if isinstance(term, BNode):
            raise QueryError("a fact whose key is a blank node cannot be paged",
                             hint="ask for the full answer (without --limit/--offset)")
        try:
            out.append(str(to_ox(term)))  # validated and escaped by Oxigraph
        except (TypeError, ValueError) as exc:
            raise QueryError(f"cannot page by the key {term!r}: {exc}",
                             hint="ask for the full answer (without --limit/--offset)") from exc
    return out


def bindings_for(form: PagedForm, bindings: Mapping[str, Node]) -> dict[str, Node]:
    """The caller's bindings that the key block uses."""
    return {k: v for k, v in bindings.items() if k.lstrip("?$") in form.block_vars}
