"""Exports: RDF serialisations, and networks (networkx) for Gephi and Cytoscape.

A network keeps the things analysts look at — documents, meetings, agenda items, acts,
instruments, articles, countries, organizations, persons, tools, recommendations, places — as
nodes with a readable label (Chinese and English where known), a `type` and their IRI, and the
relations between them as edges named by their predicate. The n-ary nodes are flattened: a
participation becomes an edge participant → meeting named by its role (document → participant
when it is a mention), a tool mention an edge document → tool. Meetings and documents carry their
dates (`start`, `end`) so Gephi's timeline works. Literals and provenance nodes (facts, text
blocks, selectors) are left out unless asked for.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import networkx as nx
from palermo.graph.validate import vocabulary
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from palermo.iri import ELI, OA, ORG, PAL, PREFIXES, SCHEMA
from palermo.resources import ontology_path

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
NETWORK_FORMATS = ("graphml", "gexf", "cytoscape", "csv")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS)
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


def context() -> dict[str, object]:
    """The published JSON-LD @context (ontology/context.jsonld)."""
    data = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))
    ctx = data["@context"]
    assert isinstance(ctx, dict)
    return ctx


def dataset(graphs: Iterable[tuple[URIRef, Graph]]) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for name, g in graphs:
        target = ds.graph(name)
        for t in g:
            target.add(t)
    return ds


def union(graphs: Iterable[tuple[URIRef, Graph]]) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    for _, part in graphs:
        g += part
    return g


def rdf_text(graphs: list[tuple[URIRef, Graph]], fmt: str) -> str:
    """The whole graph in an RDF syntax: ttl, nt, jsonld (compacted with the published context), trig."""
    if fmt == "trig":
        return dataset(graphs).serialize(format="trig")
    g = union(graphs)
    if fmt == "jsonld":
        return g.serialize(format="json-ld", context=context(), auto_compact=True)
    return g.serialize(format=RDF_FORMATS[fmt])


def _local(iri: Node) -> str:
    text = str(iri)
    for ns in PREFIXES.values():
        if text.startswith(str(ns)):
            return text[len(str(ns)) :]
    for sep in ("#", "/"):
        if sep in text:
            return text.rsplit(sep, 1)[1]
    return text


@cache
def _superclasses() -> dict[Node, set[Node]]:
    """Each class of the vocabulary with all its superclasses (the data states only the most specific)."""
    vocab = vocabulary()
    return {
        c: {o for o in vocab.transitive_objects(c, RDFS.subClassOf) if o is not None}
        for c in set(vocab.subjects(RDFS.subClassOf, None))
    }


def node_type(g: Graph, node: Node, keep_provenance: bool) -> str | None:
    types: set[Node] = set()
    for t in g.objects(node, RDF.type):
        types |= _superclasses().get(t, {t})
    for cls, name in NODE_TYPES + (PROVENANCE_TYPES if keep_provenance else ()):
        if cls in types:
            return name
    return None


def _labels(g: Graph, node: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in (SKOS.prefLabel, RDFS.label, ELI.title, DCTERMS.title):
        for lit in g.objects(node, p):
            if isinstance(lit, Literal) and lit.language in ("en", "zh"):
                out.setdefault(f"label_{lit.language}", str(lit))
    for p in (SCHEMA.name, ELI.id_local, PAL.actNumber):
        value = g.value(node, p)
        if value is not None:
            out.setdefault("label", str(value))
    return out


def _label(g: Graph, node: Node, kind: str) -> str:
    if kind == "meeting":
        body = g.value(g.value(node, PAL.body), SKOS.notation)
        ordinal = g.value(node, PAL.ordinal)
        if body is not None:
            return f"{body} {ordinal}" if ordinal is not None else f"{body} {_local(node)}"
    if kind == "act":
        body = g.value(g.value(node, PAL.issuedBy), SKOS.notation)
        return f"{body} {g.value(node, PAL.actKind)} {g.value(node, PAL.actNumber)}"
    if kind in ("article", "article-paragraph"):
        return str(node).split("instrument/", 1)[-1]
    labels = _labels(g, node)
    return labels.get("label") or labels.get("label_en") or labels.get("label_zh") or _local(node)


def network(
    graphs: list[tuple[URIRef, Graph]], view: str = "all", keep_provenance: bool = False, keep_literals: bool = False
) -> nx.MultiDiGraph:
    """The entity network of a build (see the module docstring)."""
    g = union(graphs)
    in_documents: set[Node] = set()
    for name, part in graphs:
        if not str(name).endswith("/graph/reference"):
            in_documents.update(part.all_nodes())
    net = nx.MultiDiGraph()
    kinds: dict[Node, str] = {}
    for node in sorted((n for n in in_documents if isinstance(n, URIRef)), key=str):
        kind = node_type(g, node, keep_provenance)
        if kind is None or (view != "all" and kind not in VIEW_TYPES[view]):
            continue
        kinds[node] = kind
        attrs: dict[str, object] = {"label": _label(g, node, kind), "type": kind, "iri": str(node)}
        attrs.update({k: v for k, v in _labels(g, node).items() if k != "label"})
        start = g.value(node, SCHEMA.startDate) or _document_date(g, node)
        end = g.value(node, SCHEMA.endDate)
        if start is not None:
            attrs["start"] = str(start)
        if end is not None:
            attrs["end"] = str(end)
        if keep_literals:
            for p, o in g.predicate_objects(node):
                if isinstance(o, Literal):
                    attrs.setdefault(_local(p), str(o))
        net.add_node(str(node), **attrs)

    def edge(u: Node, v: Node, relation: str) -> None:
        if u in kinds and v in kinds and (view == "all" or relation in VIEW_RELATIONS[view]):
            key = relation
            if net.has_edge(str(u), str(v), key):
                net[str(u)][str(v)][key]["weight"] += 1
            else:
                net.add_edge(str(u), str(v), key=key, relation=relation, weight=1)

    for s, p, o in sorted(g.triples((None, None, None)), key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        if p != RDF.type and s in kinds and o in kinds:
            edge(s, o, _local(p))
    for fact in sorted(set(g.subjects(PAL.participant, None)), key=str):
        who = g.value(fact, PAL.participant)
        notation = g.value(g.value(fact, PAL.role), SKOS.notation)
        role = str(notation) if notation is not None else "mentioned"
        meeting = g.value(fact, PAL.meeting)
        source = _work_of_fact(g, fact)
        if meeting is not None and who is not None:
            edge(who, meeting, role)
        elif source is not None and who is not None:
            edge(source, who, "mentions")
    for fact in sorted(set(g.subjects(RDF.type, PAL.ToolMention)), key=str):
        tool, source = g.value(fact, PAL.about), _work_of_fact(g, fact)
        if tool is not None and source is not None:
            edge(source, tool, "mentions")
    return net


def _document_date(g: Graph, node: Node) -> Node | None:
    for expr in g.objects(node, ELI.is_realized_by):
        date = g.value(expr, ELI.date_document)
        if date is not None:
            return date
    return None


def _work_of_fact(g: Graph, fact: Node) -> Node | None:
    expr = g.value(g.value(fact, PAL.evidence), OA.hasSource)
    return g.value(expr, ELI.realizes) if expr is not None else None


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
    graphs: list[tuple[URIRef, Graph]],
    fmt: str,
    out: Path | None,
    view: str = "all",
    keep_provenance: bool = False,
    keep_literals: bool = False,
) -> str:
    """Export in `fmt`; written to `out` when given, returned otherwise."""
    if fmt in RDF_FORMATS:
        text = rdf_text(graphs, fmt)
    else:
        text = network_text(network(graphs, view, keep_provenance, keep_literals), fmt)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    return text
