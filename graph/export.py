"""Exports: RDF serialisations, and networks (networkx) for Gephi and Cytoscape.

A network keeps the things analysts look at — documents, meetings, agenda items, acts,
instruments, articles, countries, organizations, persons, tools, recommendations, places — as
nodes with a readable label (a document's symbol and short title; Chinese and English where
known), a `type`, a `kind` (a document's type: report, resolution …; an act's kind) and their IRI,
documents first. A document read carries its `date` (document-dates' rule, the one `--as-of`
uses), its `language`s and its `source` file. Edges are typed: `relation` (the predicate's or the
citation's local name, the key) and `label` (the same in words, what Gephi and Cytoscape show).
The n-ary nodes are flattened: a citation becomes an edge citing document → cited thing named by
its characterisation (cites, agrees with, cites for information …; weighted by how many), a
participation an edge participant → meeting named by its role (document → participant when it is
a mention) and document → meeting ("lists attendance at") for the report stating it, a tool
mention an edge document → tool. A view (citations, attendance) keeps the documents that have an
edge in it. Meetings and documents carry their dates (`start`, `end`) so Gephi's timeline works.
Literals and provenance nodes (facts, text blocks, language versions) are left out unless asked
for; a fact kept is linked to the block it was read in (its evidence's offsets and quote are
literals). The annotations format is every fact's W3C Web Annotation (graph/annotations.py).

Everything is read from the build's store and dumps (graph/built.py), never from the whole graph
loaded into memory: RDF exports stream from the store, the network asks the store for the things
it keeps.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import IO

import networkx as nx
import pyoxigraph as ox
from rdflib import RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS
from wcwidth import wcswidth, wcwidth

from palermo import reference
from palermo.graph.annotations import write as write_annotations
from palermo.graph.built import DEFAULT, TYPE, BuildReader, Damaged, Term
from palermo.graph.query import library, run
from palermo.graph.store import QUADS, TRIPLES, graphs_of, read_manifest
from palermo.graph.validate import vocabulary
from palermo.iri import ELI, ORG, PAL, PREFIXES, SCHEMA, Minter
from palermo.labels import Labels, in_words


def _copy_triples(view: BuildReader, out: IO[bytes]) -> None:
    with (view.data / TRIPLES).open("rb") as f:
        shutil.copyfileobj(f, out)


# each RDF syntax and how the merged graph (TriG: the store's dataset) is written in it
RDF_WRITERS: dict[str, Callable[[BuildReader, IO[bytes]], None]] = {
    "ttl": BuildReader.turtle,
    "nt": _copy_triples,
    "jsonld": BuildReader.jsonld,
    "trig": BuildReader.trig,
}
RDF_FORMATS = tuple(RDF_WRITERS)
NETWORK_FORMATS = ("graphml", "gexf", "cytoscape", "csv")
ANNOTATIONS = "annotations"  # every fact's W3C Web Annotation (graph/annotations.py)
FORMATS = (*RDF_FORMATS, ANNOTATIONS, *NETWORK_FORMATS)
# the dumps a format is written from, read whole: checked by their sha256 before a byte is
# written (the others are written from the store, whose files are checked by their sizes)
READS_WHOLE: dict[str, tuple[str, ...]] = {"nt": (TRIPLES,), "jsonld": (TRIPLES,), "trig": (QUADS,)}
VIEWS = ("all", "attendance", "citations")

# Node types, most specific first: an act is also an eli:LegalResource.
NODE_TYPES: tuple[tuple[URIRef, str], ...] = (
    (PAL.Act, "act"),
    (PAL.Instrument, "instrument"),
    (PAL.ArticleParagraph, "article-paragraph"),
    (PAL.Article, "article"),
    (PAL.Meeting, "meeting"),
    (PAL.AgendaItem, "agenda-item"),
    (PAL.Recommendation, "recommendation"),
    (PAL.Tool, "tool"),
    (SCHEMA.Country, "country"),
    (SCHEMA.Person, "person"),
    (ORG.Organization, "organization"),
    (SCHEMA.Place, "place"),
    (ELI.LegalResource, "document"),
)
PROVENANCE_TYPES: tuple[tuple[URIRef, str], ...] = (
    (PAL.Fact, "fact"),
    (PAL.TextBlock, "block"),
    (ELI.LegalExpression, "version"),
)
VIEW_TYPES = {
    "attendance": {"document", "meeting", "country", "organization", "person"},
    "citations": {"document", "act", "instrument", "article", "article-paragraph"},
}
LISTS_ATTENDANCE = "listsAttendanceAt"  # a report → the meeting whose attendance it states
VIEW_RELATIONS = {
    "attendance": {*reference.roles_at_meeting(), LISTS_ATTENDANCE},  # a part taken in a meeting
    "citations": {"cites", "is_part_of"},  # and every citation's characterisation (see network)
}
TYPE_ORDER = ("document", *(name for _, name in NODE_TYPES if name != "document"), *(n for _, n in PROVENANCE_TYPES))
SHORT_TITLE = 48  # display cells of a title kept in a document's label (a CJK character takes two)


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _local(iri: str) -> str:
    for ns in PREFIXES.values():
        if iri.startswith(str(ns)):
            return iri[len(str(ns)) :]
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri


@cache
def _subclasses() -> dict[str, set[str]]:
    """Each class of the vocabulary with all its subclasses (the data states only the most specific)."""
    vocab = vocabulary()
    out: dict[str, set[str]] = {}
    for c in set(vocab.subjects(RDFS.subClassOf, None)) | set(vocab.objects(RDFS.subClassOf, None)):
        for parent in vocab.transitive_objects(c, RDFS.subClassOf):
            out.setdefault(str(parent), set()).add(str(c))
    return out


def node_types(keep_provenance: bool) -> list[tuple[str, str]]:
    """(class IRI, node type) for every class a kept node may state, most specific type first."""
    out = []
    for cls, name in NODE_TYPES + (PROVENANCE_TYPES if keep_provenance else ()):
        for c in sorted(_subclasses().get(str(cls), set()) | {str(cls)}):  # the class itself too
            out.append((c, name))
    return out


def node_type(types: set[str], keep_provenance: bool) -> str | None:
    """The network type of a node stating `types` (class IRIs)."""
    for cls, name in node_types(keep_provenance):
        if cls in types:
            return name
    return None


def _one(pairs: list[tuple[ox.NamedNode, Term]], p: object) -> Term | None:
    return next((o for q, o in pairs if q.value == str(p)), None)


def short_title(title: str, cells: int = SHORT_TITLE) -> str:
    """A title cut to `cells` display cells at most (an ellipsis marks the cut), on one line; a
    spaced script is cut between words, a CJK one anywhere."""
    title = " ".join(title.split())
    if wcswidth(title) <= cells:
        return title
    out, used = "", 1
    for ch in title:
        used += max(wcwidth(ch), 0)
        if used > cells:
            break
        out += ch
    if " " in out and not title[len(out)].isspace() and wcwidth(title[len(out)]) == 1:
        out = out.rsplit(" ", 1)[0]  # not in the middle of a word
    return out.rstrip(" ,;:(") + "…"


@dataclass
class _Document:
    """What a document node shows: what its versions say, read once."""

    title: str = ""
    languages: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    date: str = ""


def _documents(view: BuildReader) -> dict[str, _Document]:
    """Each document read (by work IRI): its versions' titles, languages and files, and its date by
    document-dates' rule (the one `query --as-of` dates it by)."""
    out: dict[str, _Document] = {}
    rows = view.select(
        "SELECT ?work ?source ?language ?title WHERE { ?expr eli:realizes ?work ; pal:sourceFile ?source ; "
        "dcterms:language ?language . OPTIONAL { ?expr eli:title ?title } }"
    )
    for row in sorted(rows, key=lambda r: (str(r["work"]), str(r["source"]))):
        doc = out.setdefault(row["work"].value, _Document())
        doc.sources.append(row["source"].value)
        if row["language"].value not in doc.languages:
            doc.languages.append(row["language"].value)
        if "title" in row and not doc.title:
            doc.title = row["title"].value
    dates = run(view.store, library()["document-dates"])
    col = {c: i for i, c in enumerate(dates.columns)}
    for r in dates.rows:
        if r[col["document"]] in out and r[col["date"]]:
            out[r[col["document"]]].date = max(out[r[col["document"]]].date, r[col["date"]])
    return out


def _label(labels: Labels, node: ox.NamedNode, read: _Document | None, pairs: list[tuple[ox.NamedNode, Term]]) -> str:
    """The project's label of a thing (palermo/labels.py: "Resolution 5/2 (COP)", "WG-TIP meeting
    11"); a document's followed by its short title (the title its version prints, else one it is
    listed under) when the label is not that title already."""
    text = labels.text(node.value)
    if read is None and not any(q.value in (str(ELI.id_local), str(DCTERMS.title)) for q, _ in pairs):
        return text
    title = read.title if read is not None and read.title else ""
    for p in (ELI.title, DCTERMS.title):
        title = title or next((o.value for q, o in pairs if q.value == str(p) and isinstance(o, ox.Literal)), "")
    title = " ".join(title.split())
    return f"{text} {short_title(title)}" if title and title not in text and text not in title else short_title(text)


def _reference_triples(view: BuildReader) -> set[ox.Triple]:
    """The reference graph's triples, read from graph.nq by bisection (store.graphs_of: the store
    may hold the merged graph only): a few thousand, whatever the number of documents."""
    with graphs_of(view.data, read_manifest(view.data)) as quads:
        lines = quads.triples(Minter(view.base).reference_graph())
    try:
        return {ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)}
    except SyntaxError as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        raise Damaged(f"{view.data / QUADS}: cannot read the reference graph ({first}); build again") from None


def _named_by_documents(view: BuildReader, node: ox.NamedNode, reference_only: set[ox.Triple]) -> bool:
    """Whether the documents name `node` (the reference data alone does not make a thing a node):
    a triple of the merged graph naming it that the reference graph does not hold."""
    quads = itertools.chain(
        view.store.quads_for_pattern(node, None, None, DEFAULT), view.store.quads_for_pattern(None, None, node, DEFAULT)
    )
    return any(ox.Triple(q.subject, q.predicate, q.object) not in reference_only for q in quads)


def relation_label(relation: str) -> str:
    """A relation in words, what Gephi shows on an edge: `citesForInformation` → "cites for information"."""
    return in_words(relation)


def network(
    view: BuildReader, kind: str = "all", keep_provenance: bool = False, keep_literals: bool = False
) -> nx.MultiDiGraph:
    """The entity network of a build (see the module docstring)."""
    kinds, described, attributes = _nodes(view, kind, keep_provenance, keep_literals)
    net = nx.MultiDiGraph()
    edges: dict[tuple[str, str, str], dict[str, object]] = {}
    citation_relations: set[str] = set()

    def edge(u: Term | None, v: Term | None, relation: str, citation: bool = False) -> None:
        if u not in kinds or v not in kinds or u is None or v is None:
            return
        if kind != "all" and relation not in VIEW_RELATIONS[kind] and not (citation and kind == "citations"):
            return
        key = (u.value, v.value, relation)
        if key in edges:
            edges[key]["weight"] += 1  # type: ignore[operator]
        else:
            edges[key] = {"relation": relation, "label": relation_label(relation), "weight": 1}

    citations = view.select(
        "SELECT ?c ?work ?cited ?type WHERE { ?c a pal:Citation ; cito:hasCitedEntity ?cited ; "
        "pal:statedIn/eli:realizes ?work . OPTIONAL { ?c cito:hasCitationCharacterisation ?type } }"
    )
    cited_by_fact = set()
    for row in sorted(citations, key=lambda r: str(r["c"])):
        relation = _local(row["type"].value) if "type" in row else "cites"
        citation_relations.add(relation)
        cited_by_fact.add((row["work"], row["cited"]))
        edge(row["work"], row["cited"], relation, citation=True)
    for node in sorted(kinds, key=lambda n: n.value):
        for p, o in described[node]:
            relation = _local(p.value)
            if p != TYPE and not (relation == "cites" and (node, o) in cited_by_fact):
                edge(node, o, relation)
    participations = view.select(
        "SELECT ?f ?who ?role ?meeting ?work WHERE { ?f pal:participant ?who . "
        "OPTIONAL { ?f pal:role/skos:notation ?role } OPTIONAL { ?f pal:meeting ?meeting } "
        "OPTIONAL { ?f pal:statedIn/eli:realizes ?work } }"
    )
    for row in sorted(participations, key=lambda r: str(r["f"])):
        role = row["role"].value if "role" in row else "mentioned"
        if "meeting" in row:
            edge(row["who"], row["meeting"], role)
            edge(row.get("work"), row["meeting"], LISTS_ATTENDANCE)
        else:
            edge(row.get("work"), row["who"], "mentions")
    tools = view.select(
        "SELECT ?f ?tool ?work WHERE { ?f a pal:ToolMention ; pal:about ?tool ; pal:statedIn/eli:realizes ?work }"
    )
    for row in sorted(tools, key=lambda r: str(r["f"])):
        edge(row["work"], row["tool"], "mentions")

    linked = {end for u, v, _ in edges for end in (u, v)}
    order = {name: i for i, name in enumerate(TYPE_ORDER)}
    first = sorted(kinds, key=lambda n: (order[kinds[n]], "source" not in attributes[n], str(attributes[n]["label"])))
    for node in first:  # documents first, those read before those only cited
        if kind == "all" or kinds[node] != "document" or node.value in linked:
            net.add_node(node.value, **attributes[node])
    for (u, v, relation), data in edges.items():
        if u in net and v in net:
            net.add_edge(u, v, key=relation, **data)
    return net


_Nodes = tuple[  # each node's type, its triples and its attributes
    dict[ox.NamedNode, str], dict[ox.NamedNode, list[tuple[ox.NamedNode, Term]]], dict[ox.NamedNode, dict[str, object]]
]


def _nodes(view: BuildReader, kind: str, keep_provenance: bool, keep_literals: bool) -> _Nodes:
    """The network's nodes: the things of a class it shows (of the view `kind`) that the documents
    name, each with its node type, its triples and its attributes."""
    reference_only = _reference_triples(view)
    classes = node_types(keep_provenance)
    types: dict[ox.NamedNode, set[str]] = {}
    for cls in sorted({c for c, _ in classes}):
        for q in view.store.quads_for_pattern(None, TYPE, ox.NamedNode(cls), ox.DefaultGraph()):
            if isinstance(q.subject, ox.NamedNode):
                types.setdefault(q.subject, set()).add(cls)
    read = _documents(view)
    labels = Labels.of_store(view.store, view.base)
    kinds: dict[ox.NamedNode, str] = {}
    described: dict[ox.NamedNode, list[tuple[ox.NamedNode, Term]]] = {}
    attributes: dict[ox.NamedNode, dict[str, object]] = {}
    for node in sorted(types, key=lambda n: n.value):
        found = node_type(types[node], keep_provenance)
        if found == "act" and node.value in read:
            found = "document"  # an act read from its own text is a document of the build first
        if found is None or (kind != "all" and found not in VIEW_TYPES[kind]):
            continue
        if not _named_by_documents(view, node, reference_only):
            continue
        kinds[node] = found
        pairs = described[node] = view.about(node)
        attributes[node] = _attributes(view, labels, node, pairs, found, read.get(node.value), keep_literals)
    return kinds, described, attributes


def _attributes(
    view: BuildReader,
    labels: Labels,
    node: ox.NamedNode,
    pairs: list[tuple[ox.NamedNode, Term]],
    found: str,
    read: _Document | None,
    keep_literals: bool,
) -> dict[str, object]:
    """A node's attributes: label, type, kind, IRI, labels in each language, dates; a document's
    language and file; every literal when asked."""
    label = _label(labels, node, read, pairs) if found == "document" else labels.text(node.value)
    attrs: dict[str, object] = {"label": label, "type": found, "kind": _kind(view, pairs, found), "iri": node.value}
    for lang in labels.languages:
        attrs[f"label_{lang}"] = labels.text(node.value, lang)
    if read is not None:
        attrs["language"] = ", ".join(read.languages)
        attrs["source"] = ", ".join(read.sources)
        if read.date:
            attrs["date"] = read.date
    start = _one(pairs, SCHEMA.startDate) or _document_date(view, pairs)
    end = _one(pairs, SCHEMA.endDate)
    if start is not None:
        attrs["start"] = start.value
    elif read is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", read.date):
        attrs["start"] = read.date
    if end is not None:
        attrs["end"] = end.value
    if keep_literals:
        for p, o in pairs:
            if isinstance(o, ox.Literal):
                attrs.setdefault(_local(p.value), o.value)
    return attrs


def _kind(view: BuildReader, pairs: list[tuple[ox.NamedNode, Term]], found: str) -> str:
    """A document's type (report, resolution …) or an act's kind; the node type for the others."""
    if found == "document":
        concept = _one(pairs, DCTERMS.type)
        notation = view.value(concept, _n(SKOS.notation)) if isinstance(concept, ox.NamedNode) else None
        if notation is not None:
            return str(notation.value)
    act_kind = _one(pairs, PAL.actKind)
    return str(act_kind.value) if act_kind is not None else found


def _document_date(view: BuildReader, pairs: list[tuple[ox.NamedNode, Term]]) -> Term | None:
    for p, expr in pairs:
        if p.value == str(ELI.is_realized_by) and isinstance(expr, ox.NamedNode):
            date = view.value(expr, _n(ELI.date_document))
            if date is not None:
                return date
    return None


def network_text(net: nx.MultiDiGraph, fmt: str) -> str:
    """A network as GraphML, GEXF, Cytoscape.js JSON or a CSV edge list."""
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(net, buf)
        return buf.getvalue().decode("utf-8")
    if fmt == "gexf":
        buf = io.BytesIO()
        nx.write_gexf(net, buf)
        return buf.getvalue().decode("utf-8")
    if fmt == "cytoscape":  # Cytoscape shows a node's `name` and an edge's `interaction`
        data = nx.cytoscape_data(net)
        for node in data["elements"]["nodes"]:
            node["data"]["name"] = node["data"]["label"]
        for link in data["elements"]["edges"]:
            link["data"]["interaction"] = link["data"]["label"]
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["source", "target", "relation", "weight", "source_label", "target_label", "source_type", "target_type"])
    for u, v, data in net.edges(data=True):
        w.writerow(
            [
                u,
                v,
                data["relation"],
                data["weight"],
                net.nodes[u]["label"],
                net.nodes[v]["label"],
                net.nodes[u]["type"],
                net.nodes[v]["type"],
            ]
        )
    return out.getvalue()


def export(
    view: BuildReader,
    fmt: str,
    out: IO[bytes],
    kind: str = "all",
    keep_provenance: bool = False,
    keep_literals: bool = False,
) -> None:
    """Write the build in `fmt` to `out`: an RDF syntax of the merged graph (TriG: the store's
    dataset, with each document's graph), every fact's Web Annotation (JSON-LD), or the network as
    GraphML, GEXF, Cytoscape JSON or CSV."""
    if fmt in RDF_WRITERS:
        RDF_WRITERS[fmt](view, out)
    elif fmt == ANNOTATIONS:
        write_annotations(view.store, view.base, out)
    else:
        out.write(network_text(network(view, kind, keep_provenance, keep_literals), fmt).encode("utf-8"))
