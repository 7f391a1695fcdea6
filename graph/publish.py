"""A static linked-data site from a build: one page per resource, dumps, VoID/DCAT, the ontology.

Every IRI under the base is a folder of the site holding `index.html` (for people: its
properties as links to its neighbours, what points at it, a document's text with its facts),
`index.ttl`, `index.jsonld` and `index.nt`. Hosted under the base URI (with the server's
content negotiation, or `palermo serve`), the graph's IRIs resolve to these pages. Links between
pages are relative, so the site works under any path.

A fact and a block (a paragraph, a footnote, a heading …) have no page: they are anchors of their
language version's page (`part_of`: the anchor is the IRI's path after the version's, `/` as
`-`), whose RDF holds their triples. Their IRIs still resolve: `palermo serve` answers them (303
to the anchor, or their triples), and the site ships a redirect map for static hosts
(`_redirects`, `.htaccess`: `redirect_rules`), pattern rules by the shape of the paths.

The site is written in one pass over the sorted merged graph (graph/built.py): a resource's
triples come together, its sub-paths (`X/…`, so a version's facts and blocks) just before it;
what a page shows of its neighbours (labels, what points at it, a document's citations) is asked
of the store, so the work grows with the graph, and memory does not. Published under another
base, every IRI of the build's base is moved under it as the files are written.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import posixpath
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pyoxigraph as ox
from rdflib import SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID

from palermo import __version__, labels
from palermo.graph import pages, quality
from palermo.graph.built import DEFAULT, NAMESPACES, TYPE, BuildReader, Damaged, Term, jsonld_node, qname
from palermo.graph.pages import Link
from palermo.graph.query import library
from palermo.graph.store import QUADS, TRIPLES, discard, graphs_of, read_manifest, swap_in
from palermo.iri import DQV, ELI, PAL, SCHEMA
from palermo.labels import Labels
from palermo.progress import progress_bar
from palermo.resources import ontology_path, queries_dir, templates_dir

_VOCABULARY = tuple(str(PAL).rstrip("#/") + end for end in "#/")  # its terms: the ontology, not pages
_UNSAFE = re.compile(r"[^\w.~/-]")  # what a link escapes: not a letter or digit of any script, nor . ~ / - _
_MAX_POINTING = 500  # "Referenced by" rows on one page
_NAMES = tuple(ox.NamedNode(str(p)) for p in (SKOS.prefLabel, SCHEMA.name, DCTERMS.title, ELI.title))
_DATES = tuple(ox.NamedNode(str(p)) for p in (SCHEMA.startDate, SCHEMA.endDate))
_KEY, _STATED_IN = ox.NamedNode(str(PAL.key)), ox.NamedNode(str(PAL.statedIn))


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


Pairs = list[tuple[ox.NamedNode, Term]]


def part_of(iri: str, pairs: Iterable[tuple[ox.NamedNode, Term]]) -> tuple[str, str] | None:
    """(its language version's IRI, its anchor on that version's page) when `iri`, with these
    triples, is a block (it has `pal:key`, and is minted `<version>/<key>`) or a fact or another
    thing a version states (`pal:statedIn` a version it is minted under: a meeting as the version
    states it); None otherwise.
    The anchor is the IRI's path after the version's with `/` as `-` (`para/30` → `para-30`,
    `fact/actors/02d6f635a7a1` → `fact-actors-02d6f635a7a1`): stable as the IRI is."""
    key = stated = None
    for p, o in pairs:
        if p == _KEY:
            key = o.value
        elif p == _STATED_IN:
            stated = o.value
    if key is not None and iri.endswith("/" + key):
        version = iri[: -len(key) - 1]
    elif stated is not None and iri.startswith(stated + "/"):
        version = stated
    else:
        return None
    return version, pages.anchor(version, iri)


def part_in(store: ox.Store, iri: str) -> tuple[str, str] | None:
    """`part_of` asked of a store's merged graph (two point lookups)."""
    node = ox.NamedNode(iri)
    found = (store.quads_for_pattern(node, p, None, DEFAULT) for p in (_KEY, _STATED_IN))
    pairs = [(q.predicate, o) for quads in found for q in quads if not isinstance(o := q.object, ox.Triple)]
    return part_of(iri, pairs)


@dataclass(frozen=True, order=True)
class Shape:
    """The shape of facts' or blocks' paths that one redirect rule covers: the version's path (its
    first segment as it is, `doc` or `act`, then any segments, so many) and the path after it (its
    first segment as it is, `fact`, `para`, `fn` …, then any segments, so many). A rule sends
    `doc/x/zh/para/3` to `doc/x/zh/#para-3`: the segments after the version joined by `-`."""

    head: str
    version: int  # segments of the version's path, `head` included
    kind: str
    rest: int  # segments after `kind`

    @staticmethod
    def of(base: str, version: str, iri: str) -> Shape:
        path, after = version[len(base) :].split("/"), iri[len(version) + 1 :].split("/")
        return Shape(path[0], len(path), after[0], len(after) - 1)

    def redirect(self, prefix: str) -> str:
        """The rule in `_redirects` syntax (Netlify, Cloudflare Pages): `:name` a segment's placeholder."""
        version = "/".join([self.head, *(f":v{i}" for i in range(1, self.version))])
        rest = [f":p{i}" for i in range(1, self.rest + 1)]
        source = prefix + "/".join([version, self.kind, *rest])
        return f"{source}  {prefix}{version}/#{'-'.join([self.kind, *rest])}  303"

    def rewrite(self) -> str:
        """The rule in Apache mod_rewrite syntax, relative to the site folder (the .htaccess's):
        each segment a group; `B` escapes what the groups took (they are decoded), `NE` keeps the
        `#`; `PALERMO_RDF` is the page's RDF file for an RDF client, empty for a browser."""
        one = "([^/]+)"
        segments = [re.escape(self.head), *[one] * (self.version - 1), re.escape(self.kind), *[one] * self.rest]
        pattern = "/".join(segments)
        groups = [f"${i}" for i in range(1, self.version + self.rest)]
        version = "/".join([self.head, *groups[: self.version - 1]])
        fragment = "-".join([self.kind, *groups[self.version - 1 :]])
        return f"RewriteRule ^{pattern}/?$ {version}/%{{ENV:PALERMO_RDF}}#{fragment} [R=303,B,BNP,NE,L]"


_HTACCESS_HEAD = r"""# Written by `palermo publish`: a fact's or a block's IRI (it has no page of its own) answered
# by a redirect (303 See Other) to its anchor on its language version's page, or for an RDF
# client (Accept naming an RDF type and not text/html) to that page's RDF, which holds its
# triples. Apache 2.4.26 or later with mod_rewrite and AllowOverride FileInfo; see
# docs/site-and-serve.md.
RewriteEngine On
RewriteBase {base}
{rdf}<IfModule mod_headers.c>
Header always merge Vary Accept
</IfModule>
"""
PAGE = "index.html"  # a resource's page, in its folder (and the site's home page)
# A resource's RDF beside its page: index.<extension> in each of these formats, in serve's order
# of preference on a tie; the .htaccess gives an RDF client the last its Accept names.
PAGE_RDF = (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.N_TRIPLES)


def _rdf_rule(fmt: ox.RdfFormat) -> str:
    """The .htaccess's rule giving a client whose Accept names `fmt` (and not HTML) its file."""
    accept = fmt.media_type.replace("+", r"\+")  # a regular expression
    return (
        "RewriteCond %{HTTP_ACCEPT} !text/html\n"
        f"RewriteCond %{{HTTP_ACCEPT}} {accept}\n"
        f"RewriteRule ^ - [E=PALERMO_RDF:index.{fmt.file_extension}]\n"
    )


def write_redirects(root: Path, base: str, shapes: Iterable[Shape]) -> None:
    """The redirect map of a site for static hosts, one pattern rule per shape of path: `_redirects`
    (Netlify, Cloudflare Pages) and `.htaccess` (Apache), both from the site's root under the
    base's path."""
    prefix = urlsplit(base).path or "/"
    ordered = sorted(shapes)
    head = "# Written by `palermo publish`: facts and blocks are anchors of their version's page (303)\n"
    (root / "_redirects").write_text(head + "".join(s.redirect(prefix) + "\n" for s in ordered), encoding="utf-8")
    rules = "".join(s.rewrite() + "\n" for s in ordered)
    (root / ".htaccess").write_text(
        _HTACCESS_HEAD.format(base=prefix, rdf="".join(map(_rdf_rule, PAGE_RDF))) + rules, encoding="utf-8"
    )


class Site:
    def __init__(self, view: BuildReader, base: str, out: Path) -> None:
        self.view, self.base, self.out = view, base, out
        self.moved: Callable[[str], str] = (lambda text: text) if base == view.base else _mover(view.base, base)
        self.labels = Labels.of_store(view.store, view.base)
        self.has_page = lru_cache(maxsize=200_000)(self._has_page)
        self.part = lru_cache(maxsize=200_000)(self._part)
        self.shapes: set[Shape] = set()  # the shapes of the facts' and blocks' paths, for the redirect map
        self.texts: dict[str, Text] = {}  # the versions' texts made for their pages, for their works' pages
        self.pages = pages.Pages(view, self.link)
        self.env = pages.environment()

    # -- paths and links (in the build's base; `moved` carries what is written to the new one)
    def path(self, iri: str) -> str:
        return folder(self.view.base, iri)

    def href(self, here: str, iri: str) -> str:
        """A relative link from the page of `here` to a thing's page, as a file (`…/index.html`):
        a static host or file:// shows it as a page, not a directory listing, and `serve` answers
        it the same."""
        if not iri.startswith(self.view.base):
            return iri
        text, _, fragment = iri.partition("#")
        rel = _relative(self.path(text), here)
        link = PAGE if rel == "." else f"{_escaped(rel)}/{PAGE}"
        return link + (f"#{fragment}" if fragment else "")

    def root(self, here: str) -> str:
        """The site's root folder relative to the page of `here` ("../../", or "")."""
        rel = _relative("", here)
        return "" if rel == "." else rel + "/"

    def qname(self, iri: str) -> str:
        text = qname(iri)
        return text[len(self.view.base) :] if text.startswith(self.view.base) else text

    def link(self, here: str, o: Term) -> Link:
        """A value as a page shows it: a thing as a link with its label (labels.py), a literal as
        text. A link only to a page the site has: a term of the vocabulary links to the ontology,
        a thing the graph names but says nothing of (a concept scheme) is not a link."""
        if isinstance(o, ox.NamedNode):
            named = self.labels(o.value)
            under = tuple((self.moved(t), lang) for t, lang in named.under)
            whole = o.value.split("#", 1)[0]
            part = self.part(whole) if whole.startswith(self.view.base) else None
            if o.value.startswith(_VOCABULARY):
                href: str | None = self.root(here) + "ontology/palermo.ttl"
            elif part is not None:  # a fact or a block: an anchor of its version's page
                href = self.moved(self.href(here, part[0]) + "#" + _escaped(part[1]))
            elif o.value.startswith(self.view.base) and not self.has_page(o.value.split("#", 1)[0]):
                href = None
            else:
                href = self.moved(self.href(here, o.value))
            return Link(self.moved(named.text), href, named.lang, under)
        return Link(str(o.value), None, getattr(o, "language", None) or None)

    def _has_page(self, iri: str) -> bool:
        """Whether the graph says something of `iri` (the site writes a page for each such thing)."""
        return next(iter(self.view.store.quads_for_pattern(ox.NamedNode(iri), None, None, DEFAULT)), None) is not None

    # -- pages
    def page(self, node: ox.NamedNode, pairs: Pairs, own: int = 0) -> str:
        """The HTML page of `node`; `own`: how many of its anchors (its facts and blocks) point at it."""
        here = self.path(node.value)
        types = [o.value for p, o in pairs if p == TYPE]
        kinds = pages.kinds_of(types)
        properties = [
            (self.qname(p), sorted((self.link(here, o) for q, o in pairs if q.value == p), key=_natural))
            for p in sorted({p.value for p, _ in pairs}, key=self.qname)
        ]
        # what points at it: the facts and blocks counted (anchors of their versions' pages; a
        # concept or an extractor has a hundred thousand), the rest by label, the first by IRI only
        # labelled (the store tells them apart: a page asking each would take seconds)
        pointing = [(r["s"], r["p"]) for r in self.view.select(pages.canned("pointing"), x=node)]
        counted = sum(int(r["n"].value) for r in self.view.select(pages.canned("pointing-anchors"), x=node)) - own
        first = sorted(pointing, key=lambda t: (self.qname(t[1].value), pages.number_key(t[0].value)))[:_MAX_POINTING]
        labelled = [(self.qname(p.value), self.link(here, s)) for s, p in first]
        back = sorted(labelled, key=lambda t: (t[0], _natural(t[1])))
        named = self.link(here, node)
        shown = {named.text, *(t for t, _ in named.under)}
        context: dict[str, object] = {
            "title": named.text,
            "title_lang": named.lang,
            "under": named.under,
            "names": sorted(  # the other names it has, in their languages, not already under its label
                {(str(o.value), getattr(o, "language", None) or "") for p, o in pairs if p in _NAMES}
                - {(str(o.value), getattr(o, "language", None) or "") for p, o in pairs if str(o.value) in shown},
                key=lambda t: (t[1], t[0]),
            ),
            "root": self.root(here),
            "kind": ", ".join(labels.class_label(t) for t in types),
            "iri": self.moved(node.value),
            "properties": properties,
            "pointing": back,
            "pointing_all": len(pointing),
            "pointing_facts": counted,
            "meeting": self.pages.meeting(here, node) if "meeting" in kinds else None,
            "actor": self.pages.actor(here, node) if "actor" in kinds else None,
            "citing": self.pages.citing(here, node) if kinds & {"cited", "document"} else [],
            "lineage": pages.happened(
                self.pages.lineage(here, node, one="recommendation" in kinds)
                if kinds & {"meeting", "recommendation", "recommendations"}
                else []
            ),
            "dates": " – ".join(_dates([str(o.value) for d in _DATES for p, o in pairs if p == d])),
            "place": [self.link(here, o) for p, o in pairs if p == _n(SCHEMA.location)],
            "texts": [],
            "cites": [],
        }
        if "document" in kinds:
            versions = [node] if str(ELI.LegalExpression) in types else self.view.objects(node, _n(ELI.is_realized_by))
            for v in sorted(versions, key=str):
                if isinstance(v, ox.NamedNode):
                    blocks, facts, stated = self._text(here, v)
                    context["texts"].append((self.link(here, v), blocks, facts, stated))  # type: ignore[attr-defined]
                    for r in sorted(self.view.select(pages.canned("cites"), e=v), key=lambda r: str(r["c"])):
                        quote = " ".join(str(r["quote"].value).split())
                        context["cites"].append((quote, self.link(here, r["target"])))  # type: ignore[attr-defined]
        return self.env.get_template("resource.html").render(context)

    def _text(self, here: str, version: ox.NamedNode) -> Text:
        """A version's text as its page shows it, made once for its own page and for its work's,
        which comes after it in the sorted graph (its links made relative to the work's folder)."""
        at = self.path(version.value)
        if here == at or version.value not in self.texts:
            made = self.pages.text(at, version)
            self.texts[version.value] = made
            while len(self.texts) > 16:  # a version whose work has no page: not kept for ever
                self.texts.pop(next(iter(self.texts)))
        made = self.texts[version.value] if here == at else self.texts.pop(version.value)
        return made if here == at else _rebased(made, _relative(at, here))

    def _part(self, iri: str) -> tuple[str, str] | None:
        return part_in(self.view.store, iri)

    def write(self, node: ox.NamedNode, described: list[tuple[Term, Pairs]]) -> None:
        """The files of a resource, its page and its RDF in each PAGE_RDF format: `described` is
        it, its hash resources, and for a language version its facts and blocks."""
        where = self.out / self.path(node.value)
        where.mkdir(parents=True, exist_ok=True)
        own = sum(any(o == node for _, o in pairs) for s, pairs in described[1:] if "#" not in s.value)
        (where / PAGE).write_text(self.page(node, described[0][1], own), encoding="utf-8")
        for fmt in PAGE_RDF:
            (where / f"index.{fmt.file_extension}").write_text(self.moved(_rdf(described, fmt)), encoding="utf-8")

    def write_all(self, progress: bool | None = None, share: tuple[int, int] = (0, 1)) -> int:
        """Every resource under the base, from one pass over the sorted merged graph: a hash
        resource (`X#…`) sorts before X, and between them only X's own sub-paths (`X/…`), so a
        version's facts and blocks come before it and are held until its page is written.
        `share` (k, n): this pass writes the k-th of n shares of the pages, runs of `_RUN`
        pages in turn (a version's page and its work's, next to each other, mostly in one run).
        Returns the count of pages written."""
        pending: dict[str, list[tuple[Term, Pairs]]] = {}
        parts: dict[str, list[tuple[Term, Pairs]]] = {}
        pages = seen = 0
        bar = progress_bar(self.view.triples, "triples", progress)
        for s, pairs in self.view.subjects():
            bar.update(len(pairs))
            iri = s.value
            if not iri.startswith(self.view.base):
                continue
            if "#" in iri:
                pending.setdefault(iri.split("#", 1)[0], []).append((s, pairs))
                continue
            described = [(s, pairs), *pending.pop(iri, [])]
            part = part_of(iri, pairs)
            if part is not None:
                parts.setdefault(part[0], []).extend(described)
                self.shapes.add(Shape.of(self.view.base, part[0], iri))
                continue
            described += parts.pop(iri, [])
            seen += 1
            if (seen - 1) // _RUN % share[1] == share[0]:
                self.write(s, described)
                pages += 1
        bar.close()
        if parts:
            raise Damaged(f"{self.view.data / TRIPLES}: facts of {min(parts)} after it, not sorted; build again")
        return pages


def folder(base: str, iri: str) -> str:
    """The folder of a thing under `base` in the site: its IRI's path with each segment's escapes
    decoded (the document of `a b.txt`, IRI `doc/source/a%20b.txt`, lives in `doc/source/a b.txt/`),
    which is what a web server or a browser on file:// looks for when asked for the IRI."""
    return "/".join(_segment(p) for p in iri[len(base) :].split("#", 1)[0].strip("/").split("/") if p)


def _rdf(described: list[tuple[Term, Pairs]], fmt: ox.RdfFormat) -> str:
    """Triples in an RDF syntax, by the graph's prefixes; JSON-LD as `jsonld_node` writes it (values
    explicit, keys prefixed names), one line."""
    if fmt == ox.RdfFormat.JSON_LD:
        nodes = [jsonld_node(s, pairs, compact=False) for s, pairs in described]
        return json.dumps({"@context": NAMESPACES, "@graph": nodes}, ensure_ascii=False, separators=(",", ":")) + "\n"
    triples = [ox.Triple(s, p, o) for s, pairs in described for p, o in pairs]  # type: ignore[arg-type]
    return (ox.serialize(triples, format=fmt, prefixes=NAMESPACES) or b"").decode("utf-8")


def page_link(base: str, iri: str) -> str:
    """The page of a thing under `base`, as a link from the site's root (`doc/source/a%20b.txt/index.html`)."""
    path = folder(base, iri)
    return f"{_escaped(path)}/{PAGE}" if path else PAGE


Text = tuple[list[pages.Block], list[tuple[str, list[Link]]], list[pages.Note]]


def _rebased(text: Text, down: str) -> Text:
    """A version's text with its links, relative to the version's folder, made relative to a
    folder `down` above it (`zh`: the work's)."""

    def link(x: Link) -> Link:
        if x.href is None or x.href.startswith("#") or "://" in x.href:
            return x
        return dataclasses.replace(x, href=posixpath.normpath(posixpath.join(down, x.href)))

    def note(n: pages.Note) -> pages.Note:
        return dataclasses.replace(n, about=[link(a) for a in n.about])

    blocks, kinds, stated = text
    moved = [
        dataclasses.replace(
            b,
            segments=[dataclasses.replace(g, facts=[link(f) for f in g.facts]) for g in b.segments],
            aligned=[link(a) for a in b.aligned],
            notes=[note(n) for n in b.notes],
        )
        for b in blocks
    ]
    return moved, [(k, [link(x) for x in links]) for k, links in kinds], [note(n) for n in stated]


def _relative(target: str, here: str) -> str:
    """The relative path from the site's folder `here` to its folder `target` ("" the root), as
    os.path.relpath gives it, without its two calls to abspath per link (a page has hundreds)."""
    to, at = target.split("/") if target else [], here.split("/") if here else []
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def _dates(values: list[str]) -> list[str]:
    """A meeting's dates in order, a date left out when a more precise one starts with it (a
    document saying "2009" of a meeting another dates 2009-04-14)."""
    kept = sorted(set(values))
    return [v for v in kept if not any(o != v and o.startswith(v) for o in kept)]


def _segment(part: str) -> str:
    """One segment of an IRI's path as a folder name: its escapes decoded, unless that would make
    it something else than one plain name (`/`, `..`, a NUL)."""
    decoded = unquote(part, errors="strict") if "%" in part else part
    if "/" in decoded or "\x00" in decoded or decoded in (".", "..") or decoded.startswith("."):
        return part
    return decoded


def _escaped(path: str) -> str:
    """A relative path as a link: what a URL cannot hold as it is (space, %, quotes, #, ?, braces,
    controls) escaped; letters of every script kept."""
    return _UNSAFE.sub(lambda m: quote(m.group(), safe=""), path)


def _natural(link: Link) -> tuple[tuple[tuple[int, int | str], ...], str]:
    return pages.number_key(link.text), link.href or ""


def void_dcat(base: str, view: BuildReader) -> Graph:
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
    with graphs_of(view.data, read_manifest(view.data)) as quads:  # the named graphs: in graph.nq, not the store
        counts = {graph: quads.count(graph) for graph in quads.spans}
    for graph, n in sorted(counts.items()):
        name = URIRef(graph.replace(view.base, base, 1))
        sub = URIRef(f"{name}#dataset")
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
        g.add((sub, FOAF.page, name))
    for fmt in DUMPS:
        dist = URIRef(f"{base}dumps/graph.{fmt.file_extension}")
        g.add((ds, VOID.dataDump, dist))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, Literal(fmt.media_type)))
    report = quality.read(view.data)
    if report is not None:
        _quality_metadata(g, ds, base, report)
    return g


def _quality_metadata(g: Graph, ds: URIRef, base: str, report: quality.Entry) -> None:
    """The dataset's data-quality report: its measurements of the whole dataset, and the report
    itself as a dataset of quality metadata with two distributions (DQV in Turtle, HTML)."""
    g.bind("dqv", DQV)
    meta = URIRef(base + "quality")
    g.add((ds, DQV.hasQualityMetadata, meta))
    g.add((meta, RDF.type, DQV.QualityMetadata))
    g.add((meta, RDF.type, DCAT.Dataset))
    g.add((meta, DCTERMS.title, Literal("Data-quality report of the Palermo knowledge graph", lang="en")))
    g.add((meta, DCAT.landingPage, URIRef(base + quality.PAGE)))
    for name, media in ((quality.TURTLE, ox.RdfFormat.TURTLE.media_type), (quality.PAGE, "text/html")):
        dist = URIRef(base + name)
        g.add((meta, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, Literal(media)))
    g.add((URIRef(base + quality.TURTLE), DCTERMS.conformsTo, URIRef(str(DQV))))
    for iri, on, *_ in quality.measurements(report, base):
        if on == str(ds):
            g.add((ds, DQV.hasQualityMeasurement, URIRef(iri)))


# what a site copies of a build, checked by their sha256 before a page is written
PUBLISHED = (TRIPLES, QUADS, quality.REPORT)
# the site's dumps of the graph, dumps/graph.<extension> (the VoID lists them in this order, with
# pyoxigraph's media types): the build's N-Triples and N-Quads, Turtle and JSON-LD from its store
DUMPS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD)
_RUN = 32  # pages a worker writes in turn with the others
PER_WORKER = 200_000  # triples of graph.nt below which one more worker process is not worth starting


def publish(data_dir: Path, base: str, out: Path, progress: bool | None = None, jobs: int | None = None) -> int:
    """Write the site of the build in `data_dir` into `out`, IRIs under `base`, with a progress
    bar on stderr (`progress`; default: when stderr is a terminal). Returns the page count.
    The build is checked whole first (the dumps it copies by their sha256); the site is written
    beside `out` and swapped in at the end: a failed or interrupted publish (Ctrl-C, SIGTERM)
    removes what it wrote and leaves the previous site as it was. The pages are written by
    `jobs` processes (default: one per core; one for a small graph), each passing over the
    graph and writing its share, while this one writes the dumps; the site is the same."""
    view = BuildReader(data_dir, PUBLISHED)
    workers = max(1, min(jobs or os.cpu_count() or 1, -(-view.triples // PER_WORKER)))
    tmp = out.with_name(f".{out.name}.tmp")
    discard(tmp)
    tmp.mkdir(parents=True)
    try:
        pages = _write(view, base, tmp, progress, workers)
        swap_in(tmp, out)
    except BaseException:
        discard(tmp)
        raise
    return pages


def _share(
    data_dir: Path, base: str, out: Path, progress: bool | None, share: tuple[int, int]
) -> tuple[int, set[Shape]]:
    """A worker process's share of the pages (Site.write_all), on its own reading of the build
    (checked whole by the process that started it): the count written and the shapes of path."""
    site = Site(BuildReader(data_dir), base, out)
    return site.write_all(progress if share[0] == 0 else False, share), site.shapes


def _write(view: BuildReader, base: str, tmp: Path, progress: bool | None, workers: int = 1) -> int:
    """The whole site into `tmp`, the pages by `workers` processes; returns the page count."""
    site = Site(view, base, tmp)
    if workers == 1:
        pages = site.write_all(progress)
        _dumps(view, base, tmp, site)
    else:  # the pages by the workers, the dumps here meanwhile; the workers ended on any error
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            asked = [(view.data, base, tmp, progress, (k, workers)) for k in range(workers)]
            shares = pool.starmap_async(_share, asked)
            _dumps(view, base, tmp, site)
            done = shares.get()
        pages = sum(count for count, _ in done)
        site.shapes = set().union(*(shapes for _, shapes in done))
    write_redirects(tmp, base, site.shapes)
    _rest(view, base, tmp, site)
    return pages


def _dumps(view: BuildReader, base: str, tmp: Path, site: Site) -> None:
    """The dumps of the graph, its IRIs under `base`."""
    dumps = tmp / "dumps"
    dumps.mkdir(exist_ok=True)
    same = base == view.base  # the dumps as they are: copied by the kernel, not line by line
    written = {ox.RdfFormat.TURTLE: view.turtle, ox.RdfFormat.JSON_LD: view.jsonld}
    for fmt in DUMPS:
        name = f"graph.{fmt.file_extension}"
        write = written.get(fmt)
        if write is None:  # the build's own file (graph.nt, graph.nq)
            if same:
                shutil.copyfile(view.data / name, dumps / name)
            else:
                _moved_copy(view.data / name, dumps / name, site.moved)
            continue
        with (dumps / f"{name}.part").open("wb") as f:
            write(f)
        if same:
            (dumps / f"{name}.part").replace(dumps / name)
        else:
            _moved_copy(dumps / f"{name}.part", dumps / name, site.moved)
            (dumps / f"{name}.part").unlink()


def _rest(view: BuildReader, base: str, tmp: Path, site: Site) -> None:
    """VoID and DCAT, the ontology, the data-quality report, the queries, the home page."""
    (tmp / "void.ttl").write_text(void_dcat(base, view).serialize(format="turtle"), encoding="utf-8")
    ontology = tmp / "ontology"
    ontology.mkdir(exist_ok=True)
    for name in ("palermo.ttl", "shapes.ttl", "context.jsonld", "quality.ttl", "quality-shapes.ttl"):
        shutil.copy(ontology_path(name), ontology / name)
    report = quality.read(view.data)
    if report is not None:  # the data-quality report, its documents linked to their pages
        quality.write_turtle(tmp / quality.TURTLE, report, base, site.moved)
        page = quality.html(report, lambda d: site.href("", d["expression"]), "", True)
        (tmp / quality.PAGE).write_text(page, encoding="utf-8")
    queries = tmp / "queries"
    queries.mkdir(exist_ok=True)
    for q in sorted(queries_dir().glob("*.rq")):
        shutil.copy(q, queries / q.name)
    _index(site, tmp)


def _mover(old: str, new: str) -> Callable[[str], str]:
    """Text with the IRIs under the build's base moved under the published one; the vocabularies'
    namespaces (`pal:` and those under it), which the default base happens to hold, stay put."""
    vocab = str(PAL).rstrip("#/")
    kept = f"(?!{re.escape(vocab[len(old) :])}[#/])" if vocab.startswith(old) else ""
    rx = re.compile(re.escape(old) + kept)
    return lambda text: rx.sub(lambda _: new, text)


def _moved_copy(source: Path, target: Path, moved: Callable[[str], str]) -> None:
    """A dump copied line by line with its IRIs moved to the published base."""
    with source.open(encoding="utf-8") as f, target.open("w", encoding="utf-8", newline="\n") as out:
        for line in f:
            out.write(moved(line))


def _index(site: Site, root: Path) -> None:
    """The site's home page (counts, search, the pictures, the lists by kind), its search page and
    index, and the page saying what SPARQL is on a static copy."""
    view = site.view
    found: dict[tuple[int, str], list[Term]] = defaultdict(list)
    for r in view.select(pages.canned("home-lists")):
        found[(int(r["order"].value), str(r["list"].value))].append(r["n"])
    lists = []
    for (_, title), nodes in sorted(found.items()):
        links = [site.link("", n) for n in sorted(nodes, key=str) if n.value.startswith(view.base)]
        lists.append((title, sorted(links, key=lambda x: pages.number_key(x.text))))
    static = root / "static"
    shutil.copytree(templates_dir() / "static", static, dirs_exist_ok=True)
    (static / "search-index.js").write_text(_search_index(site, lists), encoding="utf-8")
    render = site.env.get_template
    common = {"root": "", "title": "Palermo"}
    page = render("home.html").render(
        common,
        triples=view.triples,
        documents=view.documents,
        lists=lists,
        matrix=pages.attendance_matrix(view, site.link),
        network=pages.citation_network(view, site.link),
    )
    (root / PAGE).write_text(page, encoding="utf-8")
    (root / "search.html").write_text(render("search.html").render(common, title="Search"), encoding="utf-8")
    summaries = sorted((name, q.summary) for name, q in library().items())
    (root / "sparql.html").write_text(
        render("sparql.html").render(common, title="SPARQL", library=summaries), encoding="utf-8"
    )


def _search_index(site: Site, lists: list[tuple[str, list[Link]]]) -> str:
    """The search index as a script (a page read from the disk may not fetch a file): per listed
    thing its label, the line under it, its page, and every name it has folded to lower case."""
    listed = {x.href: x for _, links in lists for x in links if x.href}
    names: dict[str, set[str]] = defaultdict(set)
    for r in site.view.select(pages.canned("names")):
        href = site.link("", r["n"]).href
        if href in listed:
            names[href].add(str(r["name"].value))
    entries = []
    for href, x in sorted(listed.items(), key=lambda t: (pages.number_key(t[1].text), t[0])):
        words = {x.text, *(t for t, _ in x.under), *names.get(href, ())}
        under = " · ".join(t for t, _ in x.under)
        entries.append([x.text, under, href, "\n".join(sorted(words)).lower()])
    return "window.palermoSearch = " + json.dumps(entries, ensure_ascii=False) + ";\n"
