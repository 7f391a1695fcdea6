"""A static linked-data site from a build: one page per resource, dumps, VoID/DCAT, the ontology.

Every IRI under the base is a folder of the site holding `index.html` (for people: its
properties as links to its neighbours, what points at it, and for a fact the text it was read
from), `index.ttl`, `index.jsonld` and `index.nt`. Hosted under the base URI (with the server's
content negotiation, or `palermo serve`), the graph's IRIs resolve to these pages. Links between
pages are relative, so the site works under any path.

The site is written in one pass over the sorted merged graph (graph/view.py): a resource's
triples come together, those of its hash resources (`<fact>#evidence`) just before it; what a
page shows of its neighbours (labels, what points at it, a document's citations) is asked of the
store, so the work grows with the graph, and memory does not. Published under another base, every
IRI of the build's base is moved under it as the files are written.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from palermo.graph.view import NAMESPACES, TYPE, Term, View, jsonld_node, qname
from rdflib import RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID

from palermo import __version__
from palermo.iri import ELI, OA, PAL, SCHEMA
from palermo.resources import ontology_path, queries_dir

_STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;
vertical-align:top}th{width:16rem;font-weight:600}blockquote{background:#f6f6f6;padding:.5rem 1rem;margin:0}
.type{color:#666}a{color:#0645ad}nav a{margin-right:1rem}"""
_MAX_POINTING = 500  # "Referenced by" rows on one page
_LABELS = tuple(ox.NamedNode(str(p)) for p in (SKOS.prefLabel, SCHEMA.name, RDFS.label, ELI.title, DCTERMS.title))
_LABELS_LAST = tuple(ox.NamedNode(str(p)) for p in (ELI.id_local, PAL.key))


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


Pairs = list[tuple[ox.NamedNode, Term]]


class Site:
    def __init__(self, view: View, base: str, out: Path) -> None:
        self.view, self.base, self.out = view, base, out
        self.moved: Callable[[str], str] = (
            (lambda text: text) if base == view.base else (lambda text: text.replace(view.base, base))
        )
        self.label = lru_cache(maxsize=200_000)(self._label)

    # -- paths and links (in the build's base; `moved` carries what is written to the new one)
    def path(self, iri: str) -> str:
        return iri[len(self.view.base) :].strip("/")

    def href(self, here: str, iri: str) -> str:
        if not iri.startswith(self.view.base):
            return iri
        text, _, fragment = iri.partition("#")
        rel = os.path.relpath(self.path(text) or ".", here or ".")
        link = rel + "/" if rel != "." else "./"
        return link + (f"#{fragment}" if fragment else "")

    def qname(self, iri: str) -> str:
        text = qname(iri)
        return text[len(self.view.base) :] if text.startswith(self.view.base) else text

    def _label(self, node: ox.NamedNode) -> str:
        pairs = self.view.about(node)
        for p in (*_LABELS, *_LABELS_LAST):
            values = sorted(
                (o for q, o in pairs if q == p),
                key=lambda v: (getattr(v, "language", None) != "en", v.value),
            )
            if values:
                return str(values[0].value)
        if (TYPE, _n(PAL.Meeting)) in pairs:
            body = self.view.value(next((o for q, o in pairs if q == _n(PAL.body)), None), _n(SKOS.notation))  # type: ignore[arg-type]
            ordinal = next((o for q, o in pairs if q == _n(PAL.ordinal)), None)
            if ordinal is not None:
                return f"{body.value if body else None} meeting {ordinal.value}"
        return self.qname(node.value)

    def value_html(self, here: str, o: Term) -> str:
        if isinstance(o, ox.NamedNode):
            link, label = self.href(here, o.value), self.label(o)
            return f'<a href="{html.escape(self.moved(link))}">{html.escape(self.moved(label))}</a>'
        lang = f' lang="{o.language}"' if isinstance(o, ox.Literal) and o.language else ""
        return f"<span{lang}>{html.escape(str(o.value))}</span>"

    # -- pages
    def page(self, node: ox.NamedNode, pairs: Pairs) -> str:
        here = self.path(node.value)
        title = self.label(node)
        types = [o for p, o in pairs if p == TYPE]
        kind = ", ".join(self.qname(t.value) for t in types)
        rows = []
        for p in sorted({p.value for p, _ in pairs}, key=self.qname):
            values = [o for q, o in pairs if q.value == p]
            cells = "<br>".join(self.value_html(here, o) for o in values)
            rows.append(f"<tr><th>{html.escape(self.qname(p))}</th><td>{cells}</td></tr>")
        sections = [f"<h2>Properties</h2><table>{''.join(rows)}</table>"]
        sections += self.extra_sections(node, pairs, here)
        back = sorted(self.view.pointing(node), key=lambda t: (self.qname(t[1].value), str(t[0])))[:_MAX_POINTING]
        if back:
            brows = "".join(
                f"<tr><th>{html.escape(self.qname(p.value))}</th><td>{self.value_html(here, s)}</td></tr>"
                for s, p in back
            )
            sections.append(f"<h2>Referenced by</h2><table>{brows}</table>")
        alt = "".join(
            f'<link rel="alternate" type="{t}" href="index.{ext}">'
            for ext, t in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"))
        )
        root, heading = self.href(here, self.view.base), html.escape(self.moved(title))
        return (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{heading}</title>'
            f'<style>{_STYLE}</style>{alt}</head><body><nav><a href="{root}">Palermo</a>'
            f'<a href="index.ttl">Turtle</a><a href="index.jsonld">JSON-LD</a><a href="index.nt">N-Triples</a></nav>'
            f'<h1>{heading}</h1><p class="type">{html.escape(kind)} · '
            f"<code>{html.escape(self.moved(node.value))}</code></p>{''.join(sections)}</body></html>\n"
        )

    def extra_sections(self, node: ox.NamedNode, pairs: Pairs, here: str) -> list[str]:
        """What a reader wants on top of the raw properties: the meetings an actor attended, the
        citations of a document with their targets, the text a fact was read from."""
        out = []
        roles = self.view.select(
            "SELECT DISTINCT ?who ?role ?meeting WHERE { ?f pal:participant ?who ; pal:role/skos:notation ?role . "
            "OPTIONAL { ?f pal:meeting ?meeting } }",
            who=node,
        )
        if roles:
            rows = set()
            for r in roles:
                where = self.value_html(here, r["meeting"]) if "meeting" in r else "(named in a document)"
                rows.add(f"<tr><th>{html.escape(str(r['role'].value))}</th><td>{where}</td></tr>")
            out.append(f'<h2>Meetings and roles</h2><table class="meetings">{"".join(sorted(rows))}</table>')
        cites = []
        for p, expr in pairs:
            if p != _n(ELI.is_realized_by):
                continue
            found = self.view.select(
                "SELECT ?expr ?c ?target "
                "WHERE { ?c pal:statedIn ?expr ; a pal:Citation ; cito:hasCitedEntity ?target }",
                expr=expr,
            )
            for r in sorted(found, key=lambda r: str(r["c"])):
                cites.append(
                    f"<tr><th>{html.escape(self._quote(r['c']))}</th>"  # type: ignore[arg-type]
                    f'<td class="citation">{self.value_html(here, r["target"])}</td></tr>'
                )
        if cites:
            out.append(f'<h2>Citations</h2><table class="citations">{"".join(cites)}</table>')
        ev = next((o for p, o in pairs if p == _n(PAL.evidence)), None)
        if isinstance(ev, ox.NamedNode):
            block = self.view.value(ev, _n(PAL.block))
            text = self.view.value(block, _n(PAL.text)) if isinstance(block, ox.NamedNode) else None
            where = self.value_html(here, block) if block is not None else ""
            out.append(
                f"<h2>Evidence</h2><p>“{html.escape(self._quote(node))}” in {where}</p>"
                f"<blockquote>{html.escape(str(text.value) if text is not None else '')}</blockquote>"
            )
        return out

    def _quote(self, fact: ox.NamedNode) -> str:
        ev = self.view.value(fact, _n(PAL.evidence))
        for sel in self.view.objects(ev, _n(OA.hasSelector)) if isinstance(ev, ox.NamedNode) else ():
            exact = self.view.value(sel, _n(OA.exact))  # type: ignore[arg-type]
            if exact is not None:
                return " ".join(str(exact.value).split())
        return ""

    def write(self, node: ox.NamedNode, described: list[tuple[Term, Pairs]]) -> None:
        """The four files of a resource: `described` is it and its hash resources."""
        folder = self.out / self.path(node.value)
        folder.mkdir(parents=True, exist_ok=True)
        triples = [ox.Triple(s, p, o) for s, pairs in described for p, o in pairs]  # type: ignore[arg-type]
        (folder / "index.html").write_text(self.page(node, described[0][1]), encoding="utf-8")
        ttl = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=NAMESPACES) or b""
        (folder / "index.ttl").write_text(self.moved(ttl.decode("utf-8")), encoding="utf-8")
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        (folder / "index.nt").write_text(self.moved(nt.decode("utf-8")), encoding="utf-8")
        nodes = [jsonld_node(s, pairs, compact=False) for s, pairs in described]
        doc = json.dumps({"@context": NAMESPACES, "@graph": nodes}, ensure_ascii=False, indent=1)
        (folder / "index.jsonld").write_text(self.moved(doc) + "\n", encoding="utf-8")

    def write_all(self) -> int:
        """Every resource under the base, from one pass over the sorted merged graph: a hash
        resource (`X#evidence`) sorts before X, and between them only X's own sub-paths (`X/…`)."""
        pending: dict[str, list[tuple[Term, Pairs]]] = {}
        pages = 0
        for s, pairs in self.view.subjects():
            iri = s.value
            if not iri.startswith(self.view.base):
                continue
            if "#" in iri:
                pending.setdefault(iri.split("#", 1)[0], []).append((s, pairs))
                continue
            self.write(s, [(s, pairs), *pending.pop(iri, [])])
            pages += 1
        return pages


def void_dcat(base: str, view: View) -> Graph:
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
                f"{view.documents} documents of the Conference of the Parties to UNTOC and its Working Group on "
                "Trafficking in Persons, with their meetings, citations, actors, recommendations and tools.",
                lang="en",
            ),
        )
    )
    g.add((ds, VOID.triples, Literal(view.triples, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(base)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    g.add((ds, VOID.vocabulary, URIRef(str(PAL))))
    g.add((ds, DCTERMS.creator, Literal(f"palermo {__version__}")))
    counts = view.store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(counts, ox.QuerySolutions)
    for row in sorted(counts, key=lambda r: str(r["g"])):
        name = URIRef(row["g"].value.replace(view.base, base, 1))
        sub = URIRef(f"{name}#dataset")
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(int(row["n"].value), datatype=XSD.integer)))
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
    view = View(data_dir)
    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        pages = _write(view, base, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # a failed publish leaves the previous site, whole
        raise
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return pages


def _write(view: View, base: str, tmp: Path) -> int:
    """The whole site into `tmp`; returns the page count."""
    site = Site(view, base, tmp)
    pages = site.write_all()
    dumps = tmp / "dumps"
    dumps.mkdir(exist_ok=True)
    for name in ("graph.nt", "graph.nq"):
        _moved_copy(view.data / name, dumps / name, site.moved)
    for name, write in (("graph.ttl", view.turtle), ("graph.jsonld", view.jsonld)):
        with (dumps / f"{name}.part").open("wb") as f:
            write(f)
        _moved_copy(dumps / f"{name}.part", dumps / name, site.moved)
        (dumps / f"{name}.part").unlink()
    (tmp / "void.ttl").write_text(void_dcat(base, view).serialize(format="turtle"), encoding="utf-8")
    ontology = tmp / "ontology"
    ontology.mkdir(exist_ok=True)
    for name in ("palermo.ttl", "shapes.ttl", "context.jsonld"):
        shutil.copy(ontology_path(name), ontology / name)
    queries = tmp / "queries"
    queries.mkdir(exist_ok=True)
    for q in sorted(queries_dir().glob("*.rq")):
        shutil.copy(q, queries / q.name)
    _index(site, tmp)
    return pages


def _moved_copy(source: Path, target: Path, moved: Callable[[str], str]) -> None:
    """A dump copied line by line with its IRIs moved to the published base."""
    with source.open(encoding="utf-8") as f, target.open("w", encoding="utf-8", newline="\n") as out:
        for line in f:
            out.write(moved(line))


def _index(site: Site, root: Path) -> None:
    """The site's home page: the documents, meetings and countries, and where the dumps are."""
    view = site.view
    lists = []
    for title, query in (
        ("Documents", "SELECT DISTINCT ?n WHERE { ?n a eli:LegalExpression }"),
        ("Meetings", "SELECT DISTINCT ?n WHERE { ?n a pal:Meeting }"),
        ("Countries", "SELECT DISTINCT ?n WHERE { ?n a schema:Country . FILTER EXISTS { ?f pal:participant ?n } }"),
    ):
        nodes = sorted((r["n"] for r in view.select(query)), key=str)
        items = "".join(f"<li>{site.value_html('', n)}</li>" for n in nodes if n.value.startswith(view.base))
        lists.append(f"<h2>{title}</h2><ul>{items}</ul>")
    body = "".join(lists)
    (root / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Palermo</title><style>{_STYLE}</style>'
        f"</head><body><h1>Palermo</h1><p>{view.triples} triples from {view.documents} documents "
        '· <a href="dumps/graph.nt">N-Triples</a> · <a href="dumps/graph.nq">N-Quads</a> · '
        '<a href="dumps/graph.ttl">Turtle</a> · <a href="dumps/graph.jsonld">JSON-LD</a> · '
        '<a href="void.ttl">VoID/DCAT</a> · <a href="ontology/palermo.ttl">ontology</a> · '
        '<a href="ontology/shapes.ttl">shapes</a> · <a href="sparql">SPARQL</a></p>'
        f"{body}</body></html>\n",
        encoding="utf-8",
    )
