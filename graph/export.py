"""Exports: RDF serialisations, and networks (networkx) for Gephi and Cytoscape.

A network keeps the things analysts look at — documents, meetings, agenda items, acts,
instruments, articles, countries, organizations, persons, tools, recommendations, places — as
nodes with a readable label (Chinese and English where known), a `type` and their IRI, and the
relations between them as edges named by their predicate. The n-ary nodes are flattened: a
participation becomes an edge participant → meeting named by its role (document → participant
when it is a mention), a tool mention an edge document → tool. Meetings and documents carry their
dates (`start`, `end`) so Gephi's timeline works. Literals and provenance nodes (facts, text
blocks, selectors) are left out unless asked for.

Everything is read from the build's store and dumps (graph/view.py), never from the whole graph
loaded into memory: RDF exports stream from the store, the network asks the store for the things
it keeps.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from functools import cache
from typing import IO

import networkx as nx
import pyoxigraph as ox
from palermo.graph.validate import vocabulary
from palermo.graph.view import TYPE, Term, View
from rdflib import RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS

from palermo.iri import ELI, OA, ORG, PAL, PREFIXES, SCHEMA

RDF_FORMATS = ("ttl", "nt", "jsonld", "trig")
NETWORK_FORMATS = ("graphml", "gexf", "cytoscape", "csv")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS)
# the dumps a format is written from, read whole: checked by their sha256 before a byte is
# written (the others are written from the store, whose files are checked by their sizes)
READS_WHOLE: dict[str, tuple[str, ...]] = {"nt": ("graph.nt",), "jsonld": ("graph.nt",)}
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
    (OA.SpecificResource, "evidence"),
    (ELI.LegalExpression, "version"),
)
VIEW_TYPES = {
    "attendance": {"meeting", "country", "organization", "person"},
    "citations": {"document", "act", "instrument", "article", "article-paragraph"},
}
VIEW_RELATIONS = {
    "attendance": {"party", "signatory", "observer", "speaker", "chair", "panelist", "represented"},
    "citations": {"cites", "is_part_of"},
}


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
        for c in sorted(_subclasses().get(str(cls), {str(cls)})):
            out.append((c, name))
    return out


def node_type(types: set[str], keep_provenance: bool) -> str | None:
    """The network type of a node stating `types` (class IRIs)."""
    for cls, name in node_types(keep_provenance):
        if cls in types:
            return name
    return None


def _labels(pairs: list[tuple[ox.NamedNode, Term]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in (SKOS.prefLabel, RDFS.label, ELI.title, DCTERMS.title):
        for q, o in pairs:
            if q.value == str(p) and isinstance(o, ox.Literal) and o.language in ("en", "zh"):
                out.setdefault(f"label_{o.language}", o.value)
    for p in (SCHEMA.name, ELI.id_local, PAL.actNumber):
        for q, o in pairs:
            if q.value == str(p):
                out.setdefault("label", o.value)
    return out


def _one(pairs: list[tuple[ox.NamedNode, Term]], p: object) -> Term | None:
    return next((o for q, o in pairs if q.value == str(p)), None)


def _label(view: View, node: ox.NamedNode, pairs: list[tuple[ox.NamedNode, Term]], kind: str) -> str:
    notation = _n(SKOS.notation)
    if kind == "meeting":
        body, ordinal = view.value(_one(pairs, PAL.body), notation), _one(pairs, PAL.ordinal)  # type: ignore[arg-type]
        if body is not None:
            return f"{body.value} {ordinal.value}" if ordinal is not None else f"{body.value} {_local(node.value)}"
    if kind == "act":
        body = view.value(_one(pairs, PAL.issuedBy), notation)  # type: ignore[arg-type]
        kind_, number = _one(pairs, PAL.actKind), _one(pairs, PAL.actNumber)
        return " ".join(str(t.value) if t is not None else "None" for t in (body, kind_, number))
    if kind in ("article", "article-paragraph"):
        return node.value.split("instrument/", 1)[-1]
    labels = _labels(pairs)
    return labels.get("label") or labels.get("label_en") or labels.get("label_zh") or _local(node.value)


def network(
    view: View, kind: str = "all", keep_provenance: bool = False, keep_literals: bool = False
) -> nx.MultiDiGraph:
    """The entity network of a build (see the module docstring)."""
    reference = ox.NamedNode(view.base + "graph/reference")
    classes = node_types(keep_provenance)
    types: dict[ox.NamedNode, set[str]] = {}
    for cls in sorted({c for c, _ in classes}):
        for q in view.store.quads_for_pattern(None, TYPE, ox.NamedNode(cls), ox.DefaultGraph()):
            if isinstance(q.subject, ox.NamedNode):
                types.setdefault(q.subject, set()).add(cls)
    net = nx.MultiDiGraph()
    kinds: dict[ox.NamedNode, str] = {}
    described: dict[ox.NamedNode, list[tuple[ox.NamedNode, Term]]] = {}
    for node in sorted(types, key=lambda n: n.value):
        found = node_type(types[node], keep_provenance)
        if found is None or (kind != "all" and found not in VIEW_TYPES[kind]):
            continue
        if not view.in_documents(node, reference):
            continue
        kinds[node] = found
        pairs = described[node] = view.about(node)
        attrs: dict[str, object] = {"label": _label(view, node, pairs, found), "type": found, "iri": node.value}
        attrs.update({k: v for k, v in _labels(pairs).items() if k != "label"})
        start = _one(pairs, SCHEMA.startDate) or _document_date(view, pairs)
        end = _one(pairs, SCHEMA.endDate)
        if start is not None:
            attrs["start"] = start.value
        if end is not None:
            attrs["end"] = end.value
        if keep_literals:
            for p, o in pairs:
                if isinstance(o, ox.Literal):
                    attrs.setdefault(_local(p.value), o.value)
        net.add_node(node.value, **attrs)

    def edge(u: Term | None, v: Term | None, relation: str) -> None:
        if u in kinds and v in kinds and (kind == "all" or relation in VIEW_RELATIONS[kind]):
            assert u is not None and v is not None
            if net.has_edge(u.value, v.value, relation):
                net[u.value][v.value][relation]["weight"] += 1
            else:
                net.add_edge(u.value, v.value, key=relation, relation=relation, weight=1)

    for node in sorted(kinds, key=lambda n: n.value):
        for p, o in described[node]:
            if p != TYPE:
                edge(node, o, _local(p.value))
    participations = view.select(
        "SELECT ?f ?who ?role ?meeting ?work WHERE { ?f pal:participant ?who . "
        "OPTIONAL { ?f pal:role/skos:notation ?role } OPTIONAL { ?f pal:meeting ?meeting } "
        "OPTIONAL { ?f pal:statedIn/eli:realizes ?work } }"
    )
    for row in sorted(participations, key=lambda r: str(r["f"])):
        role = row["role"].value if "role" in row else "mentioned"
        if "meeting" in row:
            edge(row["who"], row["meeting"], role)
        else:
            edge(row.get("work"), row["who"], "mentions")
    tools = view.select(
        "SELECT ?f ?tool ?work WHERE { ?f a pal:ToolMention ; pal:about ?tool ; pal:statedIn/eli:realizes ?work }"
    )
    for row in sorted(tools, key=lambda r: str(r["f"])):
        edge(row["work"], row["tool"], "mentions")
    return net


def _document_date(view: View, pairs: list[tuple[ox.NamedNode, Term]]) -> Term | None:
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
    if fmt == "cytoscape":
        return json.dumps(nx.cytoscape_data(net), ensure_ascii=False, indent=1) + "\n"
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
    view: View,
    fmt: str,
    out: IO[bytes],
    kind: str = "all",
    keep_provenance: bool = False,
    keep_literals: bool = False,
) -> None:
    """Write the build in `fmt` to `out`: an RDF syntax of the merged graph (TriG: the store's
    dataset, with each document's graph), or the network as GraphML, GEXF, Cytoscape JSON or CSV."""
    if fmt == "nt":
        with (view.data / "graph.nt").open("rb") as f:
            shutil.copyfileobj(f, out)
    elif fmt == "ttl":
        view.turtle(out)
    elif fmt == "trig":
        view.trig(out)
    elif fmt == "jsonld":
        view.jsonld(out)
    else:
        out.write(network_text(network(view, kind, keep_provenance, keep_literals), fmt).encode("utf-8"))
