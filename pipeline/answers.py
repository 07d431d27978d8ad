"""Kept answers: the competency questions' rows, brought up to date after each run.

A full answer at 1M triples takes seconds to evaluate, and an analyst asks it
after every run. So each question's rows are kept, per fact (the question's
key), in the store's answer index (``store/answer_index.py``), and ``refresh``
re-evaluates only the facts a run's writes can have changed:

1. The store records what its writes changed in the union graph
   (``Store.take_changes``): the subjects whose triples changed, with those
   triples' predicates, and the ``(predicate, object)`` links added or removed.
   Only subjects with a changed triple whose predicate the question names
   matter to it (``read_predicates``): a new alias of a country named by every
   fact changes no answer.
2. A fact's rows depend on the triples the question reads along paths from the
   fact. ``queries/upkeep/NAME.rq`` walks those paths backwards: given the
   changed subjects (``VALUES ?node``), it lists the facts that reach one of
   them. Each changed subject is a candidate fact itself, and so is the object
   of a changed link the upkeep query walks backwards (``?node cv:changes
   ?restriction``): after a removal, that link is gone and no query could
   follow it.
3. The candidates that are keys now (the question's key block) are answered
   again, for those facts only (the paged form, ``paging.py``), and their rows
   replace the kept ones; the other candidates lose their rows, if any.
4. Per document: a fact reported by thousands of documents has thousands of
   rows (one per quote), and a new report of it adds a few. When the run
   removed no triple the question reads, a fact whose only change is a new
   link to a per-document node (its new evidence: the upkeep query's
   ``# local:`` predicates) is not a candidate itself; the upkeep query
   reaches it from that node through a branch that binds ``?source``, and
   only its rows citing that document are answered again (``within`` in
   ``paging.py``) and replaced. A new weapon, label or date of the fact still
   changes all its rows, and answers it again whole.

5. A fact's own values: a question whose header names its per-row columns
   (``# Per row: ?source ?quote``) promises that its other columns depend on the
   fact alone, and that a fact's rows are every combination of those values and
   its per-row values. When such a fact gains a weapon or an area, every one of
   its rows changes, but only there. Where the order depends on the key and the
   per-row columns alone, its rows are kept *composed* (``store/answer_index.py``):
   per-row parts, and the fact's own values once, written around each part when
   read. The fact is then answered again for one document it had (its new own
   values) and for the documents of its new evidence, and only its own values and
   those rows are written (``permissions``, ``restrictions-in-force``). Other such
   questions keep whole rows, and the fact's other rows take the new values from
   the answered ones (``_carry_over``; ``advocates`` and ``timeline``, ordered by a
   label or a date). Rows that break the promise are answered again whole (or, if
   composed, the question is evaluated instead of kept).

What it costs is evaluating the touched facts: the rows the run's documents
add, the facts whose own values changed (composed questions: one document
each), and all the rows of the other facts whose values changed
(``lifted-restrictions``, whose per-quote weapons and areas depend on the
changes that quote reports). ``caveat run --no-keep-answers`` skips it.

A question whose query text changed, an index a crashed run left dirty, a bulk
load (not recorded triple by triple) or a run that changed a large share of the
store rebuilds the question's rows from one full evaluation instead.
``tests/scale/test_kept_answers.py`` checks that kept rows equal evaluated ones
after runs that add, change and remove documents.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from . import __version__, paging
from .errors import QueryError
from .query import QUERY_DIR, QUESTIONS, _form, load, query_threads, read_query
from .store import Store
from .store.answer_index import KeptAnswer, Own, Rebuilt, Replaced, Row, Update
from .store.oxigraph_store import SPARQL_TOKENS, Changes, _csv_term, _json_term
from .store.terms import XSD_STRING, from_ox

UPKEEP_DIR = QUERY_DIR / "upkeep"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_quote = json.encoder.encode_basestring  # as json.dumps(ensure_ascii=False) quotes a string
#: Where ``VALUES ?node { }`` is (in each branch), the changed subjects go.
NODE_SLOT = re.compile(r"VALUES\s+\?node\s*\{\s*\}")
#: The answer column naming the document a row cites (the contract's ?source): a run that
#: only adds documents changes the rows citing them, and those of facts it changed.
SOURCE = "source"
#: Changed subjects per upkeep query, facts per re-evaluation (the VALUES blocks' sizes).
NODES_PER_QUERY = 2_000
FACTS_PER_QUERY = 256
#: A run whose changed subjects and links exceed this share of the kept rows (and
#: FULL_REBUILD_MIN) rebuilds instead: one full evaluation is then cheaper.
FULL_REBUILD_SHARE = 0.3
FULL_REBUILD_MIN = 5_000


@dataclass
class RefreshReport:
    """What ``refresh`` did, per question: "rebuilt", "updated N facts", "unchanged", "not kept"."""

    done: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def upkeep_query(name: str) -> str:
    path = UPKEEP_DIR / f"{name}.rq"
    text = read_query(path, f"the upkeep query of {name!r}",
                      "write queries/upkeep/NAME.rq (see pipeline/answers.py)")
    if not NODE_SLOT.search(text):
        raise QueryError(f"the upkeep query {path} has no empty `VALUES ?node {{ }}`",
                         hint="open each branch with one: the changed subjects are put there")
    return text


def built_for(name: str) -> str:
    """What kept rows of ``name`` depend on besides the data: its queries and Caveat's version."""
    text = "\0".join((__version__, load(name), upkeep_query(name)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _prefixes(text: str) -> dict[str, str]:
    """The query's PREFIX declarations: prefix -> namespace IRI."""
    return dict(re.findall(r"PREFIX\s+(\w*):\s*<([^>]*)>", text, flags=re.IGNORECASE))


def backward_predicates(upkeep: str, key: str) -> set[str]:
    """Predicates the upkeep query walks from a changed subject straight to the key
    (``?node P ?key``): the objects of such changed links are candidate facts."""
    prefixes = _prefixes(upkeep)
    out = set()
    for term in re.findall(r"\?node\s+(\S+)\s+\?" + re.escape(key) + r"\b", upkeep):
        if term.startswith("<") and term.endswith(">"):
            out.add(term[1:-1])
        elif ":" in term:
            prefix, local = term.split(":", 1)
            if prefix in prefixes:
                out.add(prefixes[prefix] + local)
    return out


# --------------------------------------------------------------------------- rows

def _json_part(binding: dict[str, dict[str, str]]) -> str:
    """A binding as ``query.render`` writes it inside ``"bindings": [ ... ]``: what
    ``json.dumps(..., indent=1)`` writes at that depth, without its pure-Python indenting
    encoder (5x slower; strings are escaped by the C encoder all the same)."""
    if not binding:
        return "   {}"
    return "   {\n" + ",\n".join(_json_terms(binding.items())) + "\n   }"


def _json_terms(items: Iterable[tuple[str, dict[str, str]]]) -> list[str]:
    """Each (variable, term) as ``_json_part`` writes it in a binding."""
    out = []
    for var, term in items:
        fields = ",\n".join(f"     {_quote(k)}: {_quote(v)}" for k, v in term.items())
        out.append(f"    {_quote(var)}: {{\n{fields}\n    }}")
    return out


def _csv_fields(values: list[str]) -> str:
    """Some fields of a CSV line, as they appear in ``_csv_part`` of a longer line (a line
    of one empty field is written '""', so a field is added and cut off again)."""
    return _csv_part([*values, "x"])[:-len(",x\r\n")] if values else ""


def _csv_part(values: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def _fact(term: Node | None) -> str | None:
    """The key as N-Triples (None: a blank or unbound key, which cannot be kept)."""
    try:
        return paging.render_keys([term])[0] if term is not None else None
    except QueryError:
        return None


class _NotKept(Exception):
    """A row the index cannot order or name: the question is evaluated instead."""


class _Rows:
    """Answer rows from Oxigraph solutions, written as ``query.render`` writes them."""

    def __init__(self, key: str, order: tuple, per_row: tuple[str, ...] = ()) -> None:
        self.key, self.order, self.per_row = key, order, per_row
        # A term's (JSON term, CSV field, sort key); IRIs and plain strings are written
        # directly, other literals through rdflib (as `render` does: its lexical forms).
        self._literals: dict = {}
        #: Composed rows (``composable``): each fact's own values, written once per fact and
        #: set of values, and which rows came with each (for the check that every row
        #: comes with every set); None while rows are written whole.
        self.owns: dict[str, set[Own]] | None = None
        self._pairs: dict[str, set[tuple]] = {}
        self._written: dict[tuple, Own] = {}

    def composable(self, variables: list[str]) -> bool:
        """Whether rows of these columns can be kept as per-row parts between their fact's
        own values: the ``# Per row:`` columns are side by side, the key is not one of
        them, and the order depends on the key and them alone (a new own value then
        moves no row)."""
        if not self.per_row or self.key in self.per_row or not set(self.per_row) <= set(variables):
            return False
        at = sorted(variables.index(v) for v in self.per_row)
        return (at == list(range(at[0], at[0] + len(at))) and variables.index(self.key) < at[0]
                and set(self.order) <= {self.key, *self.per_row})

    def facts_composed(self) -> dict[str, set[Own]]:
        """The own values of each fact answered (composed rows), after checking that its
        rows were every combination of them and its per-row parts (else _NotKept)."""
        for fact, pairs in self._pairs.items():
            owns = {o for o, _ in pairs}
            if len(pairs) != len(owns) * len({m for _, m in pairs}):
                raise _NotKept  # the `# Per row:` promise does not hold: evaluated instead
        return self.owns or {}

    def _literal(self, term: ox.Literal) -> tuple:
        parts = self._literals.get(term)
        if parts is None:
            node = from_ox(term)
            parts = self._literals[term] = (_json_term(node), _csv_term(node), paging.order_key(node))
        return parts

    def _term(self, term) -> tuple:
        kind = type(term)
        if kind is ox.NamedNode:
            return {"type": "uri", "value": term.value}, term.value, (2, term.value)
        if kind is ox.Literal and term.language is None and term.datatype.value == XSD_STRING:
            return {"type": "literal", "value": term.value}, term.value, (3, term.value)
        if kind is ox.BlankNode:
            return {"type": "bnode", "value": term.value}, "_:" + term.value, (1, term.value)
        return self._literal(term)

    def __call__(self, variables: list[str], solutions: Iterable[tuple]) -> list[Row]:
        at = variables.index(self.key)
        source_at = variables.index(SOURCE) if SOURCE in variables else None
        order = [variables.index(v) for v in self.order]
        composed = self.composable(variables)
        if composed:
            if self.owns is None:
                self.owns = {}
            mine_at = sorted(variables.index(v) for v in self.per_row)
            own_at = [i for i in range(len(variables)) if i not in mine_at]
        out = []
        for solution in solutions:
            fact = solution[at]
            if type(fact) is not ox.NamedNode:
                raise _NotKept  # a blank or unbound key cannot be named
            source = solution[source_at] if source_at is not None else None
            source = "" if source is None else str(source)
            parts = [None if t is None else self._term(t) for t in solution]
            sort = []
            for i in order:
                k = (0, "") if parts[i] is None else parts[i][2]
                if k is None:
                    raise _NotKept  # a value only the store can order
                value = k[1] if isinstance(k[1], str) else k[1].isoformat()
                sort.append(bytes([48 + k[0]]) + value.encode("utf-8"))
            sort_key = b"\0".join(sort)
            if sort_key.count(b"\0") != len(sort) - 1:
                raise _NotKept  # a NUL in a value: the sort key would be ambiguous
            if composed:
                own = tuple(solution[i] for i in own_at)
                written = self._written.get(own)
                if written is None:
                    written = self._written[own] = self._own(str(fact), variables, parts, mine_at)
                mine = [(variables[i], parts[i][0]) for i in mine_at if parts[i] is not None]
                if not mine:
                    raise _NotKept  # a row of no per-row values: nothing to write between
                middle = ",\n".join(_json_terms(mine))
                middle_csv = _csv_fields(["" if parts[i] is None else parts[i][1] for i in mine_at])
                self.owns.setdefault(written.fact, set()).add(written)
                self._pairs.setdefault(written.fact, set()).add((written, middle))
                out.append(Row(written.fact, source, sort_key, middle, middle_csv))
                continue
            binding = {v: p[0] for v, p in zip(variables, parts) if p is not None}
            out.append(Row(str(fact), source, sort_key, _json_part(binding),
                           _csv_part(["" if p is None else p[1] for p in parts])))
        if composed:  # a row per per-row part: the same part under two own sets is kept once
            out = list(dict.fromkeys(out))
        return out

    def _own(self, fact: str, variables: list[str], parts: list, mine_at: list[int]) -> Own:
        """The head and tail written around a row's per-row part, for its own values."""
        first, last = mine_at[0], mine_at[-1]
        before = [(variables[i], parts[i][0]) for i in range(first) if parts[i] is not None]
        after = [(variables[i], parts[i][0]) for i in range(last + 1, len(variables)) if parts[i] is not None]
        fields = ["" if p is None else p[1] for p in parts]
        tail = "".join(",\n" + t for t in _json_terms(after))
        return Own(fact, "   {\n" + ",\n".join(_json_terms(before)) + ",\n", tail + "\n   }",
                   _csv_fields(fields[:first]) + ",",
                   ("," + _csv_fields(fields[last + 1:]) if last + 1 < len(fields) else "") + "\r\n")


# --------------------------------------------------------------------------- upkeep

def refresh(store: Store, progress: Callable[[str, str], None] | None = None) -> RefreshReport:
    """Bring the kept rows of every question up to date with the store's data.

    Takes the store's record of changes (``Store.take_changes``). A no-op for a
    read-only store. ``progress(question, what_was_done)`` is told of each.
    """
    t0 = time.perf_counter()
    report = RefreshReport()
    index = store.answer_index
    if index is None:
        return report
    changes = store.take_changes()
    kept = index.built_for()
    stamps = {name: built_for(name) for name in QUESTIONS}
    if not index.dirty and all(kept.get(name) == stamp for name, stamp in stamps.items()):
        return report  # nothing written since the rows last matched, and the same queries
    big = (len(changes.subjects) + len(changes.links) > FULL_REBUILD_MIN
           and len(changes.subjects) + len(changes.links) > FULL_REBUILD_SHARE * index.size())
    rebuild_all = changes.everything or not index.was_clean or big
    # what may have become a candidate key or stopped being one: a key block reads only
    # the key's own triples and the links into it (tests/scale/test_kept_answers.py)
    touched = {str(s) for s in changes.subjects} | {str(o) for _, o in changes.links}

    def answer(name: str) -> tuple[str, Rebuilt | Update | None]:
        """The question's new rows: ("rebuilt", Rebuilt), (what was done, Update) or ("not kept", None)."""
        form = _form(load(name))
        try:
            if not form.order:
                raise _NotKept
            if rebuild_all or kept.get(name) != stamps[name]:
                rows = _Rows(form.key, form.order, per_row_columns(load(name)))
                variables: list[str] = []

                def read(names: list[str], solutions: Iterable[tuple]) -> list[Row]:
                    variables.extend(names)
                    return rows(names, solutions)
                kept_rows = store.solutions(form.full_query(ordered=False), read)
                owns = rows.facts_composed()
                keys = {_fact(row.get(form.key)) for row in store.query(form.key_query).rows}
                return "rebuilt", Rebuilt(stamps[name], variables, kept_rows, sorted(keys - {None}),
                                          None if rows.owns is None else [o for os in owns.values() for o in os])
            affected = affected_facts(store, name, form.key, changes)
            update, done = _answer_again(store, name, form, affected, touched)
            return done, update
        except _NotKept:
            return "not kept", None

    # The questions are answered at once, on as many threads as pages use: Oxigraph
    # evaluates without Python's lock, so one question's evaluation overlaps another's
    # rendering. Their rows are written together, in one transaction, below.
    rebuilt, updated, dropped = {}, {}, []
    with ThreadPoolExecutor(max_workers=min(len(QUESTIONS), query_threads()),
                            thread_name_prefix="caveat-upkeep") as pool:
        for name, future in [(name, pool.submit(answer, name)) for name in QUESTIONS]:
            done, result = future.result()
            report.done[name] = done
            if isinstance(result, Rebuilt):
                rebuilt[name] = result
            elif isinstance(result, Update):
                updated[name] = result
            else:
                dropped.append(name)
            if progress is not None:
                progress(name, done)
    index.commit_clean(rebuilt, updated, dropped)
    report.seconds = time.perf_counter() - t0
    return report


def read_predicates(text: str) -> set[str]:
    """Every IRI the query names (prefixed or in full), rdf:type included: a superset of
    the predicates it reads. A changed triple with another predicate cannot change its
    answer (the questions use no variable predicates; a test checks it)."""
    tokens = [(m.lastgroup, m.group()) for m in SPARQL_TOKENS.finditer(text)
              if m.lastgroup not in ("space", "comment")]
    prefixes, out = {}, {RDF_TYPE}
    for i, (kind, tok) in enumerate(tokens):
        if kind == "word" and tok.upper() == "PREFIX" and i + 2 < len(tokens):
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
    for i, (kind, tok) in enumerate(tokens):
        if kind == "iri" and not (i >= 2 and tokens[i - 2][1].upper() == "PREFIX"):
            out.add(tok[1:-1])
        elif kind == "word" and tok[0] not in "?$" and ":" in tok:
            prefix, local = tok.rstrip(".;,").split(":", 1)
            if prefix in prefixes and local:
                out.add(prefixes[prefix] + local)
    return out


@dataclass
class Affected:
    """The facts whose rows a run's changes can alter: ``whole``, all their rows;
    ``cited``, only their rows citing these sources (N-Triples of ?source values).
    ``added``: of the ``whole`` facts, the sources of their new evidence; ``scoped``:
    the run removed nothing the question reads (so a fact keeps every row it had)."""

    whole: set[str] = field(default_factory=set)
    cited: dict[str, set[str]] = field(default_factory=dict)
    added: dict[str, set[str]] = field(default_factory=dict)
    scoped: bool = False


def _summary(whole: int, cited: int) -> str:
    """What ``refresh`` reports of a question: the keys it answered again."""
    if not whole and not cited:
        return "unchanged"
    part = f", {cited} of them for some sources only" if cited else ""
    return f"updated {whole + cited} facts{part}"


def affected_facts(store: Store, name: str, key: str, changes: Changes) -> Affected:
    """The facts (keys, as N-Triples) of question ``name`` whose rows ``changes`` can alter.

    When the changes removed no triple the question reads, a fact whose only change
    is a new link to a per-document node (``# local:`` predicates: a permission's new
    evidence) is reached through that node, and the upkeep query's branches that bind
    ?source say which of its rows that node can alter: those citing that document. After the
    removal of a triple it reads, every affected fact is answered again whole (a
    removed link can no longer be followed to the document it named).
    """
    upkeep = upkeep_query(name)
    read = read_predicates(load(name))
    scoped = not any(p.value in read for p in changes.removed)
    local = local_predicates(upkeep) if scoped else set()
    relevant = {s: {p.value for p in ps} & read for s, ps in changes.subjects.items()}
    whole = {str(s) for s, ps in relevant.items() if ps and not ps <= local}
    nodes = set(whole)  # each changed subject is a candidate fact itself
    nodes.update(str(o) for p, o in changes.links if p.value in local)
    if not scoped:  # a removed link: its object, if walked backwards to the key
        backward = backward_predicates(upkeep, key)
        whole.update(str(o) for p, o in changes.links if p.value in backward)
    cited: dict[str, set[str]] = {}
    for chunk in _chunks(sorted(nodes), NODES_PER_QUERY):
        text = NODE_SLOT.sub(lambda _m: "VALUES ?node { " + " ".join(chunk) + " }", upkeep)
        for row in store.query(text).rows:
            fact = _fact(row.get(key))
            if fact is None:
                continue
            source = row.get(SOURCE)
            if source is None or not scoped:
                whole.add(fact)
            else:
                cited.setdefault(fact, set()).update(paging.render_keys([source]))
    return Affected(whole, {f: s for f, s in cited.items() if f not in whole},
                    {f: s for f, s in cited.items() if f in whole}, scoped)


def local_predicates(upkeep: str) -> set[str]:
    """The predicates the upkeep query's ``# local:`` line names: links from a fact
    (or a node on its paths) to per-document nodes, whose objects it reaches."""
    prefixes = _prefixes(upkeep)
    out = set()
    for line in re.findall(r"^#\s*local:(.*)$", upkeep, flags=re.MULTILINE):
        for term in line.split():
            prefix, _, name = term.partition(":")
            if prefix not in prefixes or not name:
                raise QueryError(f"the upkeep query's `# local:` line names {term!r}, not a prefixed name",
                                 hint="name predicates with a PREFIX the query declares")
            out.add(prefixes[prefix] + name)
    return out


def _answer_again(store: Store, name: str, form: paging.PagedForm, affected: Affected,
                  touched: set[str]) -> tuple[Update, str]:
    """The rows of the affected facts answered again, the kept rows they replace, the
    candidate keys among the affected and ``touched`` nodes, and what was done (``_summary``)."""
    per_row = per_row_columns(load(name))
    index = store.answer_index
    composed = bool(per_row) and index is not None and index.is_composed(name)
    render = _Rows(form.key, form.order, per_row if composed else ())
    rows: list[Row] = []
    replaced: list[Replaced] = []
    asked = affected.whole | set(affected.cited) | touched
    keys = _keys_among(store, form, asked)
    # all the rows of these (those no longer keys just lose theirs)
    whole = affected.whole | {f for f in affected.cited if f not in keys}
    again = sorted(whole & keys)
    # Composed rows keep a fact's own values apart (store/answer_index.py): a fact whose
    # own values changed is answered for one document it had, for its new values, and for
    # the documents of its new evidence; its other rows stay as they are.
    samples: dict[str, str] = {}
    if composed and affected.scoped:
        samples = index.sample_sources(name, again)
    some = [f for f in again if f in samples]
    again = [f for f in again if f not in samples]
    replaced.append(Replaced(sorted(whole - set(some))))
    if per_row and not composed and affected.scoped and index is not None:
        carried, again = _carry_over(store, name, form, per_row, again, affected.added, render)
        rows.extend(carried)
    for chunk in _chunks(again, FACTS_PER_QUERY):
        rows.extend(store.solutions(form.page_query(chunk, ordered=False), render))
    for chunk in _chunks(some, FACTS_PER_QUERY):
        sources = sorted({samples[f] for f in chunk}.union(*(affected.added.get(f, ()) for f in chunk)))
        replaced.append(Replaced(chunk, sources))
        rows.extend(store.solutions(form.page_query(chunk, ordered=False, within=(SOURCE, sources)), render))
    # Facts of a few sources: in chunks of facts, each with the sources any of them
    # cites (the rows of the other pairs are answered again too: still right).
    cited = sorted(((f, s) for f, s in affected.cited.items() if f not in whole), key=lambda x: sorted(x[1]))
    for chunk in _chunks(cited, FACTS_PER_QUERY):
        facts = [f for f, _ in chunk]
        sources = sorted(set().union(*(s for _, s in chunk)))
        replaced.append(Replaced(facts, sources))
        text = form.page_query(facts, ordered=False, within=(SOURCE, sources))
        rows.extend(store.solutions(text, render))
    owns_of: list[str] = []
    owns: list[Own] = []
    if composed:
        answered = render.facts_composed()
        # no row for the document it had: every row shows its own values, so it has none
        vanished = [f for f in some if f not in answered]
        if vanished:
            replaced.append(Replaced(vanished))
        owns_of = sorted(set(again) | set(vanished) | set(answered) | (whole - keys))
        owns = [o for f in sorted(answered) for o in answered[f]]
    update = Update(replaced, rows, keys_in=sorted(keys), keys_out=sorted(asked - keys),
                    owns_of=owns_of, owns=owns)
    return update, _summary(len(whole & keys), len(cited))


def per_row_columns(text: str) -> tuple[str, ...]:
    """The columns a question's header names as varying between the rows of one fact
    (``# Per row: ?source ?quote``); its other columns depend on the fact alone, and a
    fact's rows are every combination of its values there (one, or more: two issuers)
    and its per-row values. Empty: no such line."""
    line = re.search(r"^#\s*Per row:(.*)$", text, flags=re.MULTILINE)
    if line is None:
        return ()
    names = line.group(1).split()
    if not names or not all(re.fullmatch(r"\?\w+", n) for n in names):
        raise QueryError(f"the `# Per row:` line names {line.group(1).strip()!r}, not variables",
                         hint="list the columns as ?a ?b")
    return tuple(n[1:] for n in names)


def _carry_over(store: Store, name: str, form: paging.PagedForm, per_row: tuple[str, ...],
                facts: list[str], added: dict[str, set[str]],
                render: _Rows) -> tuple[list[Row], list[str]]:
    """The rows of ``facts`` whose own columns changed, without answering each row again.

    A fact reported by thousands of documents has thousands of rows, and a new weapon or
    area of the fact changes all of them, but only in the columns that depend on the fact
    alone (those not named by ``# Per row:``). So each fact is answered again for one
    document it had and the documents of its new evidence (``added``), and its other kept
    rows take the new values of those columns from them: the run's cost then follows the
    facts it changed, not how many documents report them. Returns those rows and the
    facts to answer again whole instead: new facts, and any whose rows are not every
    combination of the fact's own values and the per-row values, before or after.
    """
    kept = store.answer_index.rows_of(name, facts)
    whole = [f for f in facts if f not in kept]
    out: list[Row] = []
    for chunk in _chunks(sorted(kept), FACTS_PER_QUERY):
        sources = {min(r.source for r in kept[f]) for f in chunk}
        sources.update(*(added.get(f, ()) for f in chunk))
        if "" in sources:  # a row citing no document: nothing to answer it for
            whole.extend(chunk)
            continue
        variables: list[str] = []

        def read(names: list[str], solutions: Iterable[tuple]) -> list[Row]:
            variables[:] = names
            return render(names, solutions)
        text = form.page_query(chunk, ordered=False, within=(SOURCE, sorted(sources)))
        fresh: dict[str, list[Row]] = {}
        for row in store.solutions(text, read):
            fresh.setdefault(row.fact, []).append(row)
        for fact in chunk:
            carried = _carried(kept[fact], fresh.get(fact, []), sources, variables,
                               per_row, form.order)
            if carried is None:
                whole.append(fact)
            else:
                out += fresh.get(fact, [])
                out += carried
    return out, sorted(whole)


@dataclass(frozen=True)
class _Parts:
    """A kept row taken apart: its JSON terms, CSV fields and sort values, and its values
    in the columns the fact alone decides (``own``) and in the others (``mine``)."""

    row: Row
    terms: dict
    fields: list[str]
    sorts: list[bytes]
    own: tuple
    mine: tuple


def _parts(row: Row, variables: list[str], per_row: tuple[str, ...], order: tuple) -> _Parts:
    terms = json.loads(row.json)
    fields = next(csv.reader(io.StringIO(row.csv, newline="")))
    sorts = row.sort.split(b"\0")
    own = (tuple((v, tuple(terms[v].items())) for v in variables if v not in per_row and v in terms),
           tuple(f for v, f in zip(variables, fields) if v not in per_row),
           tuple(p for v, p in zip(order, sorts) if v not in per_row))
    mine = tuple(f for v, f in zip(variables, fields) if v in per_row)
    return _Parts(row, terms, fields, sorts, own, mine)


def _product(parts: list[_Parts]) -> bool:
    """Whether the rows are every combination of their own values and per-row values."""
    pairs = {(p.own, p.mine) for p in parts}
    return len(pairs) == len(parts) == len({p.own for p in parts}) * len({p.mine for p in parts})


def _carried(kept: list[Row], fresh: list[Row], asked: set[str], variables: list[str],
             per_row: tuple[str, ...], order: tuple) -> list[Row] | None:
    """A fact's kept rows citing documents not ``asked`` for, with the fact's own values
    as its ``fresh`` rows show them; None if the rows, before or after, are not every
    combination of the fact's own values and the per-row values (``# Per row:``), or if
    the fact has no fresh rows (gone, or no longer in force)."""
    new = [_parts(r, variables, per_row, order) for r in fresh]
    owns: dict[tuple, _Parts] = {}
    for p in new:
        owns.setdefault(p.own, p)
    if not new or not _product(new):
        return None
    old = [_parts(r, variables, per_row, order) for r in kept if r.source not in asked]
    if not old:
        return []
    if not _product(old):
        return None
    if {p.own for p in old} == set(owns):
        return [p.row for p in old]  # unchanged: nothing to write
    pick = [v in per_row for v in variables]
    sort_pick = [v in per_row for v in order]
    mine = {p.mine: p for p in old}  # one row of each per-row value
    out = []
    for p in mine.values():
        for o in owns.values():
            binding = {}
            for v, keep in zip(variables, pick):
                term = (p if keep else o).terms.get(v)
                if term is not None:
                    binding[v] = term
            fields = [(p if keep else o).fields[i] for i, keep in enumerate(pick)]
            sorts = [(p if keep else o).sorts[i] for i, keep in enumerate(sort_pick)]
            out.append(Row(p.row.fact, p.row.source, b"\0".join(sorts), _json_part(binding), _csv_part(fields)))
    return out


def _keys_among(store: Store, form: paging.PagedForm, facts: set[str]) -> set[str]:
    """Those of ``facts`` that are among the question's keys now (its key block, paging.py):
    only they can have rows. The others (a changed evidence node, a fact now gone) lose
    their rows, if they had any, without being asked about."""
    head = f"SELECT DISTINCT ?{form.key}\nWHERE {{"
    if head not in form.key_query:
        return facts
    out = set()
    for chunk in _chunks(sorted(facts), NODES_PER_QUERY):
        values = f"{head} VALUES ?{form.key} {{ {' '.join(chunk)} }} "
        for row in store.query(form.key_query.replace(head, values, 1)).rows:
            fact = _fact(row.get(form.key))
            if fact is not None:
                out.add(fact)
    return out


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# --------------------------------------------------------------------------- reading

def kept_answer(store: Store, name: str, fmt: str) -> tuple[bytes, KeptAnswer] | None:
    """The full answer to ``name`` from the kept rows, rendered as ``fmt`` (as
    ``query.render`` writes it), or None if they are not kept for this store's data."""
    reader = store.kept_answers
    if reader is None:
        return None
    kept = reader.answer(name, built_for(name), fmt)
    return None if kept is None else (_written(kept, fmt), kept)


def _written(kept: KeptAnswer, fmt: str) -> bytes:
    """``kept`` as SPARQL JSON or CSV results (its JSON parts are bindings, or blocks of
    bindings already joined with ",\n")."""
    if fmt == "csv":
        return _csv_part(list(kept.variables)).encode("utf-8") + b"".join(kept.parts)
    head = {"head": {"vars": list(kept.variables)}, "results": {"bindings": []}}
    text = json.dumps(head, ensure_ascii=False, indent=1) + "\n"
    if not kept.parts:
        return text.encode("utf-8")
    # Bytes all the way, joined once: joining tens of megabytes of str (and encoding them)
    # costs 5x more.
    empty = '"bindings": []'
    at = text.rindex(empty)
    pieces = [text[:at].encode("utf-8"), b'"bindings": [\n']
    for part in kept.parts:
        pieces += (part, b",\n")
    pieces[-1] = b"\n  ]"
    pieces.append(text[at + len(empty):].encode("utf-8"))
    return b"".join(pieces)


def kept_page(store: Store, name: str, fmt: str, limit: int | None,
              offset: int) -> tuple[bytes, KeptAnswer] | None:
    """A page of the answer to ``name`` from the kept rows and keys, rendered as ``fmt``
    (as ``query.render`` writes ``query.ask``'s page), or None if they are not kept."""
    reader = store.kept_answers
    if reader is None:
        return None
    kept = reader.page(name, built_for(name), fmt, limit, offset)
    return None if kept is None else (_written(kept, fmt), kept)


def kept_paths() -> list[Path]:
    """The upkeep queries (for checks that each question has one)."""
    return sorted(UPKEEP_DIR.glob("*.rq"))
