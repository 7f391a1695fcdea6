"""A static linked-data site from a build: one page per resource, dumps, VoID/DCAT, the ontology.

Every IRI under the base is a folder of the site holding `index.html` (for people: its
properties as links to its neighbours, what points at it, and for a fact the text it was read
from), `index.ttl`, `index.jsonld` and `index.nt`. Hosted under the base URI (with the server's
content negotiation, or `palermo serve`), the graph's IRIs resolve to these pages. Links between
pages are relative, so the site works under any path.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path

from palermo.graph.export import context, dataset, node_type, union
from palermo.graph.store import load_nq
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID
from rdflib.term import Node

from palermo import __version__
from palermo.iri import CITO, ELI, OA, PAL, PREFIXES, SCHEMA
from palermo.resources import ontology_path, queries_dir

_STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;
vertical-align:top}th{width:16rem;font-weight:600}blockquote{background:#f6f6f6;padding:.5rem 1rem;margin:0}
.type{color:#666}a{color:#0645ad}nav a{margin-right:1rem}"""


def _rewrite(graphs: list[tuple[URIRef, Graph]], old: str, new: str) -> list[tuple[URIRef, Graph]]:
    """The graphs with every IRI under `old` moved under `new` (publishing under another base)."""
    if old == new:
        return graphs
    out = []
    for name, g in graphs:
        data = g.serialize(format="nt").replace(f"<{old}", f"<{new}")
        out.append((URIRef(str(name).replace(old, new, 1)), Graph().parse(data=data, format="nt")))
    return out


class Site:
    def __init__(self, graphs: list[tuple[URIRef, Graph]], base: str, out: Path) -> None:
        self.base, self.out = base, out
        self.graphs = graphs
        self.g = union(graphs)
        self.prefixes = {prefix: str(ns) for prefix, ns in self.g.namespace_manager.namespaces() if prefix}
        self.hashes: dict[Node, list[URIRef]] = defaultdict(list)
        for sub in sorted({s for s in self.g.subjects() if isinstance(s, URIRef) and "#" in s}, key=str):
            if sub.startswith(base):
                self.hashes[URIRef(sub.split("#", 1)[0])].append(sub)
        self.incoming: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in self.g:
            if isinstance(o, URIRef) and str(o).startswith(base):
                self.incoming[o].append((s, p))

    # -- paths and links
    def path(self, iri: str) -> str:
        return iri[len(self.base) :].strip("/")

    def href(self, here: str, iri: Node) -> str:
        text = str(iri)
        if not text.startswith(self.base):
            return text
        text, _, fragment = text.partition("#")
        rel = os.path.relpath(self.path(text) or ".", here or ".")
        link = rel + "/" if rel != "." else "./"
        return link + (f"#{fragment}" if fragment else "")

    def qname(self, iri: Node) -> str:
        text = str(iri)
        for prefix, ns in [*PREFIXES.items(), ("skos", SKOS), ("rdfs", RDFS), ("rdf", RDF), ("dcterms", DCTERMS)]:
            if text.startswith(str(ns)):
                return f"{prefix}:{text[len(str(ns)) :]}"
        return text[len(self.base) :] if text.startswith(self.base) else text

    def label(self, node: Node) -> str:
        g = self.g
        for p in (SKOS.prefLabel, SCHEMA.name, RDFS.label, ELI.title, DCTERMS.title, ELI.id_local, PAL.key):
            values = sorted(g.objects(node, p), key=lambda v: (getattr(v, "language", "") != "en", str(v)))
            if values:
                return str(values[0])
        if (node, RDF.type, PAL.Meeting) in g:
            body, ordinal = g.value(g.value(node, PAL.body), SKOS.notation), g.value(node, PAL.ordinal)
            return f"{body} meeting {ordinal}" if ordinal is not None else self.qname(node)
        return self.qname(node)

    def value_html(self, here: str, o: Node) -> str:
        if isinstance(o, URIRef):
            return f'<a href="{html.escape(self.href(here, o))}">{html.escape(self.label(o))}</a>'
        lang = f' lang="{o.language}"' if isinstance(o, Literal) and o.language else ""
        return f"<span{lang}>{html.escape(str(o))}</span>"

    # -- pages
    def page(self, node: URIRef) -> str:
        g, here = self.g, self.path(str(node))
        title = self.label(node)
        kind = node_type(g, node, keep_provenance=True) or ", ".join(self.qname(t) for t in g.objects(node, RDF.type))
        rows = []
        for p in sorted(set(g.predicates(node, None)), key=self.qname):
            values = sorted(g.objects(node, p), key=str)
            cells = "<br>".join(self.value_html(here, o) for o in values)
            rows.append(f"<tr><th>{html.escape(self.qname(p))}</th><td>{cells}</td></tr>")
        sections = [f"<h2>Properties</h2><table>{''.join(rows)}</table>"]
        sections += self.extra_sections(node, here)
        back = sorted(self.incoming.get(node, []), key=lambda t: (self.qname(t[1]), str(t[0])))[:500]
        if back:
            brows = "".join(
                f"<tr><th>{html.escape(self.qname(p))}</th><td>{self.value_html(here, s)}</td></tr>" for s, p in back
            )
            sections.append(f"<h2>Referenced by</h2><table>{brows}</table>")
        alt = "".join(
            f'<link rel="alternate" type="{t}" href="index.{ext}">'
            for ext, t in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"))
        )
        root = self.href(here, URIRef(self.base))
        return (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>{_STYLE}</style>{alt}</head><body><nav><a href="{root}">Palermo</a>'
            f'<a href="index.ttl">Turtle</a><a href="index.jsonld">JSON-LD</a><a href="index.nt">N-Triples</a></nav>'
            f'<h1>{html.escape(title)}</h1><p class="type">{html.escape(str(kind))} · <code>{html.escape(str(node))}'
            f"</code></p>{''.join(sections)}</body></html>\n"
        )

    def extra_sections(self, node: URIRef, here: str) -> list[str]:
        """What a reader wants on top of the raw properties: the meetings an actor attended, the
        citations of a document with their targets, the text a fact was read from."""
        g, out = self.g, []
        facts = [s for s, p in self.incoming.get(node, []) if p == PAL.participant]
        if facts:
            rows = []
            for f in sorted(facts, key=str):
                role = g.value(g.value(f, PAL.role), SKOS.notation)
                meeting = g.value(f, PAL.meeting)
                where = self.value_html(here, meeting) if meeting is not None else "(named in a document)"
                rows.append(f"<tr><th>{html.escape(str(role))}</th><td>{where}</td></tr>")
            out.append(f'<h2>Meetings and roles</h2><table class="meetings">{"".join(sorted(set(rows)))}</table>')
        cites = []
        for expr in g.objects(node, ELI.is_realized_by):
            for c in sorted(g.subjects(RDF.type, PAL.Citation), key=str):
                if g.value(g.value(c, PAL.evidence), OA.hasSource) == expr:
                    target = g.value(c, CITO.hasCitedEntity)
                    assert target is not None
                    cites.append(
                        f"<tr><th>{html.escape(self._quote(c))}</th>"
                        f'<td class="citation">{self.value_html(here, target)}</td></tr>'
                    )
        if cites:
            out.append(f'<h2>Citations</h2><table class="citations">{"".join(cites)}</table>')
        ev = g.value(node, PAL.evidence)
        if ev is not None:
            block = g.value(ev, PAL.block)
            quote = self._quote(node)
            text = g.value(block, PAL.text) if block is not None else None
            out.append(
                f"<h2>Evidence</h2><p>“{html.escape(quote)}” in "
                f"{self.value_html(here, block) if block is not None else ''}</p>"
                f"<blockquote>{html.escape(str(text or ''))}</blockquote>"
            )
        return out

    def _quote(self, fact: Node) -> str:
        for sel in self.g.objects(self.g.value(fact, PAL.evidence), OA.hasSelector):
            exact = self.g.value(sel, OA.exact)
            if exact is not None:
                return " ".join(str(exact).split())
        return ""

    def describe(self, node: URIRef) -> Graph:
        """The resource's triples, with those of its hash resources (`<fact>#evidence`, …)."""
        out = Graph(namespace_manager=self.g.namespace_manager)
        for sub in (node, *self.hashes.get(node, ())):
            for t in self.g.triples((sub, None, None)):
                out.add(t)
        return out

    def jsonld(self, node: URIRef) -> str:
        """The resource (and its hash resources) as JSON-LD, keys as prefixed names."""
        nodes = [self._jsonld_node(n) for n in (node, *self.hashes.get(node, ()))]
        return json.dumps({"@context": self.prefixes, "@graph": nodes}, ensure_ascii=False, indent=1) + "\n"

    def _jsonld_node(self, node: URIRef) -> dict[str, object]:
        doc: dict[str, object] = {"@id": str(node)}
        for p in sorted(set(self.g.predicates(node, None)), key=str):
            values = []
            for o in sorted(self.g.objects(node, p), key=str):
                if isinstance(o, URIRef):
                    values.append({"@id": str(o)})
                elif isinstance(o, Literal) and o.language:
                    values.append({"@value": str(o), "@language": o.language})
                elif isinstance(o, Literal) and o.datatype and o.datatype != XSD.string:
                    values.append({"@value": str(o), "@type": str(o.datatype)})
                else:
                    values.append({"@value": str(o)})
            key = "@type" if p == RDF.type else self.qname(p)
            doc[key] = [v["@id"] for v in values] if key == "@type" else values
        return doc

    def write(self) -> int:
        resources = sorted(
            {s for s in self.g.subjects() if isinstance(s, URIRef) and str(s).startswith(self.base) and "#" not in s},
            key=str,
        )
        for node in resources:
            folder = self.out / self.path(str(node))
            folder.mkdir(parents=True, exist_ok=True)
            desc = self.describe(node)
            (folder / "index.html").write_text(self.page(node), encoding="utf-8")
            (folder / "index.ttl").write_text(desc.serialize(format="turtle"), encoding="utf-8")
            (folder / "index.nt").write_text(desc.serialize(format="nt"), encoding="utf-8")
            (folder / "index.jsonld").write_text(self.jsonld(node), encoding="utf-8")
        return len(resources)


def void_dcat(base: str, triples: int, graphs: list[tuple[URIRef, Graph]], documents: int) -> Graph:
    """VoID and DCAT descriptions of the dataset and its dumps."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    ds = URIRef(base + "dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("Palermo knowledge graph of UN documents on trafficking in persons", lang="en")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                f"{documents} documents of the Conference of the Parties to UNTOC and its Working Group on "
                "Trafficking in Persons, with their meetings, citations, actors, recommendations and tools.",
                lang="en",
            ),
        )
    )
    g.add((ds, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(base)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    g.add((ds, VOID.vocabulary, URIRef(str(PAL))))
    g.add((ds, DCTERMS.creator, Literal(f"palermo {__version__}")))
    for name, part in graphs:
        sub = URIRef(f"{name}#dataset")
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(len(part), datatype=XSD.integer)))
        g.add((sub, FOAF.page, name))
    for fmt, media in (
        ("nt", "application/n-triples"),
        ("nq", "application/n-quads"),
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
    ):
        dist = URIRef(f"{base}dumps/graph.{fmt}")
        g.add((ds, VOID.dataDump, dist))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, Literal(media)))
    return g


def publish(data_dir: Path, base: str, out: Path) -> int:
    """Write the site of the build in `data_dir` into `out`, IRIs under `base`. Returns the page count."""
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    graphs = _rewrite(load_nq(data_dir), manifest["base"], base)
    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    site = Site(graphs, base, tmp)
    pages = site.write()
    dumps = tmp / "dumps"
    dumps.mkdir(exist_ok=True)
    whole = site.g
    (dumps / "graph.nt").write_text(whole.serialize(format="nt"), encoding="utf-8")
    (dumps / "graph.ttl").write_text(whole.serialize(format="turtle"), encoding="utf-8")
    (dumps / "graph.jsonld").write_text(whole.serialize(format="json-ld", context=context()), encoding="utf-8")
    (dumps / "graph.nq").write_text(dataset(graphs).serialize(format="nquads"), encoding="utf-8")
    meta = void_dcat(base, len(whole), graphs, len(manifest["documents"]))
    (tmp / "void.ttl").write_text(meta.serialize(format="turtle"), encoding="utf-8")
    ontology = tmp / "ontology"
    ontology.mkdir(exist_ok=True)
    for name in ("palermo.ttl", "shapes.ttl", "context.jsonld"):
        shutil.copy(ontology_path(name), ontology / name)
    queries = tmp / "queries"
    queries.mkdir(exist_ok=True)
    for q in sorted(queries_dir().glob("*.rq")):
        shutil.copy(q, queries / q.name)
    _index(site, tmp, manifest)
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return pages


def _index(site: Site, root: Path, manifest: dict[str, object]) -> None:
    """The site's home page: the documents, meetings and countries, and where the dumps are."""
    g = site.g
    lists = []
    for title, cls in (("Documents", ELI.LegalExpression), ("Meetings", PAL.Meeting), ("Countries", SCHEMA.Country)):
        nodes = sorted({s for s in g.subjects(RDF.type, cls) if str(s).startswith(site.base)}, key=str)
        if cls == SCHEMA.Country:
            nodes = [n for n in nodes if (None, PAL.participant, n) in g]
        items = "".join(f"<li>{site.value_html('', n)}</li>" for n in nodes)
        lists.append(f"<h2>{title}</h2><ul>{items}</ul>")
    body = "".join(lists)
    (root / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Palermo</title><style>{_STYLE}</style>'
        f"</head><body><h1>Palermo</h1><p>{len(g)} triples from {len(manifest['documents'])} documents "  # type: ignore[arg-type]
        '· <a href="dumps/graph.nt">N-Triples</a> · <a href="dumps/graph.nq">N-Quads</a> · '
        '<a href="dumps/graph.ttl">Turtle</a> · <a href="dumps/graph.jsonld">JSON-LD</a> · '
        '<a href="void.ttl">VoID/DCAT</a> · <a href="ontology/palermo.ttl">ontology</a> · '
        '<a href="ontology/shapes.ttl">shapes</a> · <a href="sparql">SPARQL</a></p>'
        f"{body}</body></html>\n",
        encoding="utf-8",
    )
