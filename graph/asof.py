"""The graph as at a date: `palermo query --as-of DATE|BODY-ORDINAL` and the endpoint's `as-of`.

Analysts ask what had been said by a day or before a meeting. The dataset as at a date is the
union of the graphs of the documents dated on or before it, each triple once, with the reference
data always; the query then runs on it as its default graph, so every library query answers as at
that date unchanged.

- Which documents: `queries/document-dates.rq` dates each document (the one place of the rule:
  the date it prints, else its meeting's), on the merged graph like every library query; an
  undated document is never in. Its graph is the named graph holding its source file. A date
  names a period (`2011`, `2011-08`, `2011-08-02`) and stands for its last day, on both sides: a
  document dated `2011-08` is in as at 2011-08-31 and later, `--as-of 2011-08` as at 2011-08-31.
- `BODY-ORDINAL` (`COP-8`, `wg-tip-11`; body codes of `ontology/bodies.csv`) is as at the
  meeting's opening: its start date in the data (the reference calendar or a document's own
  statement, the most precise given), documents dated on or before it.
- The union is built in an in-memory store (adding a triple twice keeps one: pyoxigraph's
  `default_graph=[…]` and SPARQL `FROM` over several graphs keep both, and non-DISTINCT rows would
  change). Locally the graphs are read from the build's graph.nq, where each graph's lines stand
  together: each graph is found by bisection (a few dozen line reads) and its lines are read as
  one slice of the file mapped in memory, so the cost follows the selection, not the build, and
  the store need not hold the named graphs (measured at 1,000 documents: 0.1-0.7 s to find the
  1,001 graphs, 8 s to load 378 of them, where copying them out of the store's named graphs took
  39 s; the cache's per-document files load as fast, but the cache is not part of a build
  checked whole). Remotely they are fetched from the endpoint with a CONSTRUCT, so the query
  gives the local rows by construction. As in the merged graph, a person keeps one
  `schema:name` (graph/merged.py's rule), the other spellings `skos:altLabel`s. A link of
  `graph/alignment` (aligned paragraphs, a quoted recommendation to the adopted one) is in when
  both its ends are described by the documents in.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from palermo import reference
from palermo.graph.built import SPARQL_PREFIXES
from palermo.graph.merged import ALT_LABEL, NAME, preferred_name
from palermo.graph.query import Query, QueryError, Result, library, run, with_params
from palermo.graph.remote import Auth, construct_remote, run_remote
from palermo.graph.store import graphs_of, read_manifest
from palermo.iri import Minter

HELP = (
    "the graph as at a date: YYYY-MM-DD, YYYY-MM or YYYY (as at the period's last day), or a meeting "
    "BODY-ORDINAL (COP-8, WG-TIP-11: as at its opening); the documents dated up to then (by the date they "
    "print, else the start of the meeting they serve, the end of the one they report on or were adopted at; "
    "undated ones never), with the reference data"
)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MEETING = re.compile(r"([A-Za-z][A-Za-z-]*?)-(\d{1,3})")
# A meeting's start date, chosen as document-dates.rq chooses a meeting's date.
_START = SPARQL_PREFIXES + """SELECT (SUBSTR(MAX(CONCAT(STR(STRLEN(STR(?d)) + 10), STR(?d))), 3) AS ?start)
WHERE {
  VALUES ?code { "COP" }
  VALUES ?ordinal { 1 }
  ?body a org:Organization ; skos:notation ?code .
  ?meeting a pal:Meeting ; pal:body ?body ; pal:ordinal ?ordinal ; schema:startDate ?d .
}"""
_NAME, _ALT_LABEL = ox.NamedNode(NAME[1:-1]), ox.NamedNode(ALT_LABEL[1:-1])
# Each document's named graph; a named graph <base>graph/merged is the merged graph (push --merged named).
_GRAPHS = SPARQL_PREFIXES + """SELECT ?graph ?source
WHERE { GRAPH ?graph { ?expr pal:sourceFile ?source } FILTER (!STRENDS(STR(?graph), "/graph/merged")) }"""
Ask = Callable[[Query], Result]  # runs a query where the documents are: the build's store or an endpoint


class AsOfError(ValueError):
    """A value that is no date or meeting, or a meeting the data does not know: the message names it."""


@dataclass(frozen=True)
class AsOf:
    given: str
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    meeting: tuple[str, int] | None  # (body code, ordinal)


def parse(value: str) -> AsOf:
    """A date (full or partial) or a BODY-ORDINAL meeting, checked without the data."""
    text = value.strip()
    if _DATE.fullmatch(text):
        day = last_day(text)
        try:
            datetime.date.fromisoformat(day or "")
        except ValueError:
            raise AsOfError(f"as-of {value!r}: no such date") from None
        return AsOf(value, text, None)
    if m := _MEETING.fullmatch(text):
        code, ordinal = m.group(1).upper(), int(m.group(2))
        if code not in reference.bodies():
            raise AsOfError(f"as-of {value!r}: no body {code} (known: {', '.join(sorted(reference.bodies()))})")
        if ordinal < 1:
            raise AsOfError(f"as-of {value!r}: meetings are numbered from 1")
        return AsOf(value, None, (code, ordinal))
    raise AsOfError(
        f"as-of {value!r}: give a date (YYYY-MM-DD, YYYY-MM or YYYY) or a meeting as BODY-ORDINAL (COP-8, WG-TIP-11)"
    )


def last_day(date: str) -> str | None:
    """The last day (YYYY-MM-DD) of the period a date names; None for what is no date."""
    m = _DATE.fullmatch(date)
    if m is None:
        return None
    year, month, day = m.groups()
    if month is None:
        return f"{year}-12-31"
    if not 1 <= int(month) <= 12:
        return None
    return date if day else f"{year}-{month}-{calendar.monthrange(int(year), int(month))[1]:02d}"


def meeting_start(body: str, ordinal: int, ask: Ask) -> str | None:
    """The start date the data gives a meeting, or None."""
    query = with_params(
        Query("as-of meeting", Path("as-of meeting"), "", (), _START), {"code": body, "ordinal": str(ordinal)}
    )
    rows = ask(query).rows
    return (rows[0][0] or None) if rows else None


@dataclass(frozen=True)
class Selection:
    """The documents in the graph as at a date."""

    cut: str  # YYYY-MM-DD: documents dated on or before it are in
    label: str  # the cut as the user named it: "2016-10-17 (COP-8)"
    graphs: tuple[str, ...]  # their named graphs
    documents: int  # document graphs in the data
    undated: int
    reference: str  # the reference graph, always in
    alignment: str  # the links between documents, kept where both ends are in

    def line(self) -> str:
        undated = f", {self.undated} undated left out" if self.undated else ""
        return f"as at {self.label}: {len(self.graphs)} of {self.documents} documents{undated}, with the reference data"


def select(as_of: AsOf, ask: Ask, graph_of: Callable[[str], str | None], base: str) -> Selection:
    """The documents dated on or before `as_of`: document-dates.rq and the meeting's start through
    `ask` (the merged graph), each document's named graph by `graph_of` (its source file's name →
    the graph, None where the data holds none); `base`: the base of the graphs' IRIs."""
    dates = ask(library()["document-dates"])
    if as_of.meeting is not None:
        body, ordinal = as_of.meeting
        start = meeting_start(body, ordinal, ask)
        cut = last_day(start) if start else None
        if cut is None:
            raise AsOfError(f"as-of {as_of.given!r}: no meeting {body} {ordinal} with a start date in the data")
        label = f"{cut} ({body}-{ordinal}" + (f", opening {start})" if start != cut else ")")
    else:
        assert as_of.date is not None
        cut = last_day(as_of.date)
        assert cut is not None
        label = cut if cut == as_of.date else f"{cut} ({as_of.date})"
    col = {c: i for i, c in enumerate(dates.columns)}
    graphs, undated = [], 0
    for row in dates.rows:
        source, day = row[col["source"]], last_day(row[col["date"]])
        graph = graph_of(source)
        if graph is None:
            raise QueryError(f"as-of: {source}: no named graph of its own in the data (build, or push, again)")
        if day is None:
            undated += 1
        elif day <= cut:
            graphs.append(graph)
    minter = Minter(base)
    return Selection(
        cut, label, tuple(sorted(graphs)), len(dates.rows), undated, minter.reference_graph(), minter.alignment_graph()
    )


def _link(dataset: ox.Store, links: Iterable[ox.Quad | ox.Triple]) -> None:
    """Add the links whose two ends the dataset describes."""
    for q in links:
        ends = (q.subject, q.object)
        if all(isinstance(e, ox.NamedNode) and next(dataset.quads_for_pattern(e, None, None), None) for e in ends):
            dataset.add(ox.Quad(q.subject, q.predicate, q.object))


def _one_name(dataset: ox.Store) -> None:
    """One `schema:name` per person, the other spellings `skos:altLabel`s, as in the merged graph
    (graph/merged.py's rule, on the same N-Triples lines): the union of two documents that spell a
    person differently would otherwise give the person two names, and `persons` two rows."""
    names: dict[ox.NamedNode | ox.BlankNode | ox.Triple, list[ox.Quad]] = {}
    for q in dataset.quads_for_pattern(None, _NAME, None):
        names.setdefault(q.subject, []).append(q)
    for quads in names.values():
        if len(quads) > 1:
            line = {f"{q.subject} {q.predicate} {q.object} .": q for q in quads}
            keep = line[preferred_name(line)]
            for q in quads:
                if q != keep:
                    dataset.remove(q)
                    dataset.add(ox.Quad(q.subject, _ALT_LABEL, q.object))


def local(store: ox.Store, as_of: AsOf, data_dir: Path) -> tuple[ox.Store, Selection]:
    """The dataset as at `as_of` of the build in `data_dir`, in memory: the documents dated by the
    merged graph (`store`, its store), their graphs read from graph.nq (see store.Quads)."""
    manifest = read_manifest(data_dir)
    minter = Minter(str(manifest["base"]))
    with graphs_of(data_dir, manifest) as quads:
        if not quads.spans:
            raise QueryError("as-of: the data holds no document graphs (build, or push, first)")

        def graph_of(source: str) -> str | None:
            graph = minter.graph(source)
            return graph if graph in quads.spans else None

        selection = select(as_of, lambda q: run(store, q), graph_of, minter.base)
        dataset = ox.Store()
        for graph in (*selection.graphs, selection.reference):
            dataset.load(quads.triples(graph), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        _link(dataset, ox.parse(quads.triples(selection.alignment), format=ox.RdfFormat.N_TRIPLES))
    _one_name(dataset)
    return dataset, selection


def _construct(graphs: Iterable[str]) -> str:
    values = " ".join(str(ox.NamedNode(g)) for g in graphs)
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def remote(
    endpoint: str, as_of: AsOf, auth: Auth | None = None, timeout: float = 60.0, default_graph: str | None = None
) -> tuple[ox.Store, Selection]:
    """The dataset as at `as_of` from a remote store after `push` (its per-document named graphs),
    fetched into memory; `default_graph` where the merged graph is when not the store's default
    graph (it dates the documents; the protocol's default-graph-uri hides the named graphs, so the
    graphs are asked for without it)."""
    named = run_remote(endpoint, Query("as-of graphs", Path("as-of graphs"), "", (), _GRAPHS), auth, timeout).rows
    if not named:
        raise QueryError("as-of: the data holds no document graphs (build, or push, first)")
    graph_of = {source: graph for graph, source in named}
    some = named[0][0]  # <base>graph/<file name>: the reference and alignment graphs share its base
    base = some[: some.rindex("/graph/") + 1]
    selection = select(as_of, lambda q: run_remote(endpoint, q, auth, timeout, default_graph), graph_of.get, base)

    def fetch(graphs: Iterable[str], name: str) -> list[ox.Quad]:
        body = construct_remote(endpoint, _construct(graphs), name, auth, timeout)
        try:
            return list(ox.parse(body, format=ox.RdfFormat.TURTLE))
        except SyntaxError as e:
            first = (str(e).splitlines() or ["?"])[0][:160]
            raise QueryError(f"{endpoint}: {name}: the answer is not Turtle ({first})") from None

    dataset = ox.Store()
    dataset.extend(fetch((*selection.graphs, selection.reference), "as-of graphs"))
    _link(dataset, fetch([selection.alignment], "as-of links"))
    _one_name(dataset)
    return dataset, selection
