"""Facts → RDF: one graph per source document (N-Triples lines, graph/ntriples.py), and one
graph of reference data, stated once.

A document graph holds what the document says and nothing of the reference data (a country's
codes and names, a body's, an article's live in the reference graph); the merged graph, the
store's default graph, is their union. What a document says of a thing other documents speak of
too (the dates of a meeting, the adoption date of an act, a person's name) is also kept on the
document's own nodes (`pal:MeetingAsStated`, the citation, the person mention), so each
document's rows come out the same on the merged graph. Every fact node carries `pal:statedIn`
(the language version), its evidence compactly (`pal:block`, `pal:start` and `pal:end` in the text
file, `pal:page` for a PDF, `pal:quote`: the Web Annotation form is made from these on demand, in
graph/annotations.py) and `prov:wasGeneratedBy` (the extractor and its version).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from palermo import kinds, reference
from palermo import lang as langs
from palermo.extract import REGISTRY
from palermo.graph.ntriples import Triples, date, integer, literal, ref
from palermo.graph.terms import dct, eli, org, pal, prov, rdf, rdfs, schema, skos, xsd
from palermo.iri import Minter
from palermo.models import ActRef, Document, DocumentFact, Fact, MeetingRef

_BLOCK_CLASS = {
    "header": pal.MastheadLine,
    "heading": pal.Heading,
    "paragraph": pal.Paragraph,
    "preamble": pal.PreambularParagraph,
    "item": pal.Item,
    "footnote": pal.Footnote,
    "toc": pal.ContentsEntry,
}


class DocumentGraph:
    """Builds the graph of one source document from its Document and Facts."""

    def __init__(self, doc: Document, desc: DocumentFact | None, minter: Minter) -> None:
        self.doc, self.minter = doc, minter
        self.act = desc.act if desc else None
        symbol = desc.symbol if desc else None
        self.work = (
            minter.act(self.act.body, self.act.kind, self.act.number) if self.act else minter.work(symbol, doc.source)
        )
        self.expr = minter.expression(self.work, doc.language)
        self.g = Triples(own=self.expr)
        self.linked: dict[str, list[tuple[str, str]]] = {}  # block key → (predicate term, target IRI)
        self.recommendations: list[list[str]] = []  # for quotation links
        self.facts: dict[str, tuple[str, str, str, str]] = {}  # fact node → (class, block, quote, about)
        self.written: dict[object, str] = {}  # meetings and agenda items already written → their node

    def build(self, facts: Iterable[Fact]) -> Triples:
        g, doc = self.g, self.doc
        g.add(self.work, rdf.type, eli.LegalResource)
        g.add(self.work, eli.is_realized_by, ref(self.expr))
        g.add(self.expr, rdf.type, eli.LegalExpression)
        g.add(self.expr, eli.realizes, ref(self.work))
        g.add(self.expr, pal.sourceFile, literal(doc.source))
        g.add(self.expr, dct.language, literal(doc.language, datatype=xsd.language))
        for block in doc.blocks:
            node = self.minter.block(self.expr, block.key)
            parent = self.minter.block(self.expr, block.parent) if block.parent else self.expr
            g.add(node, rdf.type, _BLOCK_CLASS[block.kind])
            g.add(node, eli.is_part_of, ref(parent))
            g.add(node, pal.key, literal(block.key))
            if block.label:
                g.add(node, pal.label, literal(block.label))
            g.add(node, pal.text, literal(block.text, doc.language))
            g.add(node, pal.start, integer(block.span.start))
            g.add(node, pal.end, integer(block.span.end))
        of_kind = [(kinds.of(fact), fact) for fact in facts]
        for kind, fact in of_kind:
            kind.triples(self, fact)
        for kind, fact in of_kind:  # what needs every fact's triples first
            if kind.linked is not None:
                kind.linked(self, fact)
        return g

    def link(self, block: str, predicate: str, target: str) -> None:
        """Remember what a block cites or names, for the recommendations spanning it."""
        self.linked.setdefault(block, []).append((predicate, target))

    # -- provenance
    def fact_node(self, fact: Fact, about: str, *values: object) -> str:
        """The node of a fact, of its kind's class (palermo/kinds/), with its provenance; minted
        from its extractor, its evidence and the `values` that tell it from another fact there."""
        cls = getattr(pal, kinds.of(fact).cls)
        ev = fact.evidence
        node = self.minter.fact(self.expr, fact.extractor, ev.block, ev.span.start, ev.span.end, *values)
        self.facts[node] = (cls[1:-1], ev.block, ev.quote, about)
        g = self.g
        g.add(node, rdf.type, cls)
        g.add(node, pal.about, ref(about))
        g.add(node, pal.statedIn, ref(self.expr))
        g.add(node, prov.wasGeneratedBy, ref(self.minter.extractor(fact.extractor, _version(fact.extractor))))
        # the evidence, compactly: the Web Annotation form is made from it on demand (graph/annotations.py)
        g.add(node, pal.block, ref(self.minter.block(self.expr, ev.block)))
        g.add(node, pal.start, integer(ev.span.start))
        g.add(node, pal.end, integer(ev.span.end))
        page = self.doc.page(ev.span.start)
        if page is not None:
            g.add(node, pal.page, integer(page))
        g.add(node, pal.quote, literal(ev.quote))
        return node

    # -- entities
    def meeting(self, said: MeetingRef) -> str:
        """The meeting node, and the meeting as this document states it (dates, place); written
        once per document (a list of participants names the meeting as many times as it has rows)."""
        if said in self.written:
            return self.written[said]
        node = self.written[said] = self.minter.meeting(said.body, said.ordinal, said.start)
        stated = self.minter.stated_meeting(self.expr, node)
        g = self.g
        g.add(node, rdf.type, schema.Event)
        g.add(node, rdf.type, pal.Meeting)
        g.add(node, pal.body, ref(self.minter.body(said.body)))
        g.add(stated, rdf.type, pal.MeetingAsStated)
        g.add(stated, pal.meeting, ref(node))
        g.add(stated, pal.statedIn, ref(self.expr))
        if said.ordinal is not None:
            g.add(node, pal.ordinal, integer(said.ordinal))
            g.add(node, skos.notation, literal(meeting_notation(said.body, said.ordinal)))
        for subject in (node, stated):
            if said.start:
                g.add(subject, schema.startDate, date(said.start))
            if said.end:
                g.add(subject, schema.endDate, date(said.end))
            if said.place:
                g.add(subject, schema.location, ref(self.minter.place(said.place)))
        return node

    def recommendation_set(self, meeting: str) -> str:
        """The recommendations a meeting made, as the one set later texts act on."""
        made = self.minter.recommendations(meeting)
        self.g.add(made, rdf.type, pal.RecommendationSet)
        self.g.add(made, pal.adoptedAt, ref(meeting))
        return made

    def agenda_item(self, meeting: str, item: str) -> str:
        if (meeting, item) in self.written:
            return self.written[meeting, item]
        node = self.written[meeting, item] = self.minter.agenda_item(meeting, item)
        self.g.add(self.expr, pal.mentions, ref(node))  # the items a version speaks of, one hop away
        self.g.add(node, rdf.type, pal.AgendaItem)
        self.g.add(node, pal.meeting, ref(meeting))
        self.g.add(node, pal.number, literal(item))
        return node

    def act_node(self, act: ActRef) -> str:
        node = self.minter.act(act.body, act.kind, act.number)
        g = self.g
        g.add(node, rdf.type, pal.Act)
        g.add(node, rdf.type, eli.LegalResource)
        g.add(node, pal.issuedBy, ref(self.minter.body(act.body)))
        g.add(node, pal.actKind, literal(act.kind))
        g.add(node, pal.actNumber, literal(act.number))
        return node


@cache
def _versions() -> dict[str, str]:
    return {e.name: e.version for e in REGISTRY}


def _version(name: str) -> str:
    return _versions()[name]


def document_graph(doc: Document, facts: list[Fact], minter: Minter) -> DocumentGraph:
    """The graph of one source document (its lines in `.g`), built."""
    desc = next((f for f in facts if isinstance(f, DocumentFact)), None)
    built = DocumentGraph(doc, desc, minter)
    built.build(facts)
    return built


def meeting_notation(body: str, ordinal: int) -> str:
    """How analysts name a meeting in one token (`COP-8`, `WG-TIP-11`): its `skos:notation`."""
    return f"{body}-{ordinal}"


# ---- reference data ------------------------------------------------------------------------


def reference_graph(minter: Minter) -> Triples:
    """Countries, bodies, places, the meeting calendar, instruments and their articles,
    organizations, tools, the concept schemes and the extractors."""
    g = Triples()
    for part in (_countries, _bodies, _places, _calendar, _instruments, _organizations, _tools, _schemes, _extractors):
        part(g, minter)
    return g


def _labels(g: Triples, node: str, labels: Mapping[str, Sequence[str]]) -> None:
    """A thing's names by language: the first its skos:prefLabel, the others skos:altLabel."""
    for code, names in labels.items():
        g.add(node, skos.prefLabel, literal(names[0], code))
        for alt in names[1:]:
            g.add(node, skos.altLabel, literal(alt, code))


def _countries(g: Triples, minter: Minter) -> None:
    for c in reference.countries().values():
        node = minter.country(c.iso3)
        g.add(node, rdf.type, schema.Country)
        g.add(node, rdf.type, skos.Concept)
        g.add(node, skos.inScheme, ref(minter.concept("scheme", "countries")))
        g.add(node, skos.notation, literal(c.iso3))
        g.add(node, pal.iso2, literal(c.iso2))
        g.add(node, pal.m49, literal(c.m49))
        _labels(g, node, c.labels)


def _bodies(g: Triples, minter: Minter) -> None:
    for b in reference.bodies().values():
        node = minter.body(b.code)
        g.add(node, rdf.type, org.Organization)
        g.add(node, skos.notation, literal(b.code))
        _labels(g, node, b.labels)
        if b.parent:
            g.add(node, org.subOrganizationOf, ref(minter.body(b.parent)))


def _places(g: Triples, minter: Minter) -> None:
    """Each place of the language tables, named in each language by its first row there."""
    for code in langs.available():
        seen: set[str] = set()
        for key, name in langs.load(code).words.get("place", []):
            node = minter.place(key)
            g.add(node, rdf.type, schema.Place)
            if key not in seen:
                g.add(node, rdfs.label, literal(name, code))
                seen.add(key)


def _calendar(g: Triples, minter: Minter) -> None:
    for e in reference.calendar():
        node = minter.meeting(e.body, e.ordinal, e.start)
        g.add(node, rdf.type, schema.Event)
        g.add(node, rdf.type, pal.Meeting)
        g.add(node, pal.body, ref(minter.body(e.body)))
        g.add(node, pal.ordinal, integer(e.ordinal))
        g.add(node, skos.notation, literal(meeting_notation(e.body, e.ordinal)))
        g.add(node, schema.startDate, date(e.start))
        g.add(node, schema.endDate, date(e.end))
        g.add(node, schema.location, ref(minter.place(e.place)))


def _instruments(g: Triples, minter: Minter) -> None:
    """The instruments and their articles, titled in the six languages where the tables know the
    title (a short title the prefLabel, when there is one)."""
    for ins in reference.instruments().values():
        node = minter.instrument(ins.code)
        g.add(node, rdf.type, pal.Instrument)
        g.add(node, rdf.type, eli.LegalResource)
        g.add(node, skos.notation, literal(ins.code))
        _labels(g, node, ins.labels)
        for code, title in ins.titles.items():
            g.add(node, eli.title, literal(title, code))
        if ins.adopted:
            g.add(node, eli.date_document, date(ins.adopted))
    for art in reference.articles():
        node = minter.article(art.instrument, art.number)
        g.add(node, rdf.type, pal.Article)
        g.add(node, eli.is_part_of, ref(minter.instrument(art.instrument)))
        g.add(node, pal.number, integer(art.number))
        for code, title in art.titles.items():
            g.add(node, skos.prefLabel, literal(title, code))


def _organizations(g: Triples, minter: Minter) -> None:
    for o in reference.organizations().values():
        node = minter.organization(o.key)
        g.add(node, rdf.type, org.Organization)
        g.add(node, pal.organizationKind, literal(o.kind))
        if o.acronym:
            g.add(node, pal.acronym, literal(o.acronym))
        _labels(g, node, o.labels)


def _tools(g: Triples, minter: Minter) -> None:
    for t in reference.tools().values():
        node = minter.tool(t.key)
        g.add(node, rdf.type, pal.Tool)
        g.add(node, pal.toolKind, literal(t.kind))
        if t.publisher:
            g.add(node, dct.publisher, ref(minter.organization(t.publisher)))
        if t.year:
            g.add(node, pal.year, literal(t.year, datatype=xsd.gYear))
        _labels(g, node, t.labels)


def _schemes(g: Triples, minter: Minter) -> None:
    """The SKOS concept schemes facts point into: operative verbs, strengths and addressees
    (from the language tables), roles and document types (ontology/concepts.csv, each with its
    meaning as skos:definition)."""
    schemes = [
        ("operative-verb", _table_keys("operative-verb")),
        # an addressee `org:…` or `body:…` is an organization or a body, not a concept
        *((scheme, [k for k in _table_keys(scheme) if ":" not in k]) for scheme in ("strength", "addressee")),
        *((scheme, [c.key for c in reference.concepts(scheme)]) for scheme in ("role", "document-type")),
    ]
    meanings = {(s, c.key): c.meaning for s in ("role", "document-type") for c in reference.concepts(s)}
    for scheme, keys in schemes:
        for key in keys:
            node = minter.concept(scheme, key)
            g.add(node, rdf.type, skos.Concept)
            g.add(node, skos.inScheme, ref(minter.concept("scheme", scheme)))
            g.add(node, skos.notation, literal(key))
            if (scheme, key) in meanings:
                g.add(node, skos.definition, literal(meanings[scheme, key], "en"))


def _table_keys(kind: str) -> list[str]:
    """The keys of a kind of row over every language table, sorted."""
    return sorted({k for code in langs.available() for k, _ in langs.load(code).words.get(kind, [])})


def _extractors(g: Triples, minter: Minter) -> None:
    for extractor in REGISTRY:
        node = minter.extractor(extractor.name, extractor.version)
        g.add(node, rdf.type, prov.Activity)
        g.add(node, rdfs.label, literal(f"palermo extractor {extractor.name} {extractor.version}"))
