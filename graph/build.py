"""Facts → RDF: one graph per source document (N-Triples lines, graph/ntriples.py), and one
graph of reference data, stated once.

A document graph holds what the document says and nothing of the reference data (a country's
codes and names, a body's, an article's live in the reference graph); the merged graph, the
store's default graph, is their union. What a document says of a thing other documents speak of
too (the dates of a meeting, the adoption date of an act, a person's name) is also kept on the
document's own nodes (`pal:MeetingAsStated`, the citation, the person mention), so each
document's rows come out the same on the merged graph. Every fact node carries `pal:statedIn`
(the language version), `pal:evidence` (a Web Annotation selector on the source text) and
`prov:wasGeneratedBy` (the extractor and its version).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from palermo.extract import REGISTRY
from palermo.graph.ntriples import Triples
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from palermo import lang as langs
from palermo import reference
from palermo.iri import CITO, ELI, OA, ORG, PAL, PREFIXES, SCHEMA, Minter, fold_text, short_hash
from palermo.models import (
    ActRef,
    AgendaItemFact,
    CitationFact,
    Document,
    DocumentFact,
    DocumentMeetingFact,
    Fact,
    ListedDocumentFact,
    MeetingFact,
    MeetingRef,
    OperativeFact,
    ParticipationFact,
    PersonFact,
    RecommendationFact,
    ToolFact,
)

_BLOCK_CLASS = {
    "header": PAL.MastheadLine,
    "heading": PAL.Heading,
    "paragraph": PAL.Paragraph,
    "preamble": PAL.PreambularParagraph,
    "item": PAL.Item,
    "footnote": PAL.Footnote,
    "toc": PAL.ContentsEntry,
}
_DOC_RELATION = {"serves": PAL.servesMeeting, "reports": PAL.reportsOn, "adopted-at": PAL.adoptedAt}


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    g.bind("prov", PROV)
    return g


def date_literal(value: str) -> Literal:
    """`2021-10-28` as xsd:date, `2022-06` as xsd:gYearMonth, `2009` as xsd:gYear."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth}.get(len(value), XSD.gYear)
    return Literal(value, datatype=datatype)


class DocumentGraph:
    """Builds the graph of one source document from its Document and Facts."""

    def __init__(self, doc: Document, desc: DocumentFact | None, minter: Minter) -> None:
        self.doc, self.m = doc, minter
        self.g = Triples()
        self.act = desc.act if desc else None
        symbol = desc.symbol if desc else None
        self.work = (
            minter.act(self.act.body, self.act.kind, self.act.number) if self.act else minter.work(symbol, doc.source)
        )
        self.expr = minter.expression(self.work, doc.language)
        self.linked: dict[str, list[tuple[URIRef, URIRef]]] = {}  # block key → (predicate, target)
        self.blocks: list[list[str]] = []  # [work, key, block IRI] of every block, for alignment
        self.recommendations: list[list[str]] = []  # for quotation links

    def build(self, facts: Iterable[Fact]) -> Triples:
        g, doc = self.g, self.doc
        g.add((self.work, RDF.type, ELI.LegalResource))
        g.add((self.work, ELI.is_realized_by, self.expr))
        g.add((self.expr, RDF.type, ELI.LegalExpression))
        g.add((self.expr, ELI.realizes, self.work))
        g.add((self.expr, PAL.sourceFile, Literal(doc.source)))
        g.add((self.expr, DCTERMS.language, Literal(doc.language, datatype=XSD.language)))
        for block in doc.blocks:
            node = self.m.block(self.expr, block.key)
            parent = self.m.block(self.expr, block.parent) if block.parent else self.expr
            g.add((node, RDF.type, _BLOCK_CLASS[block.kind]))
            g.add((node, ELI.is_part_of, parent))
            g.add((node, PAL.key, Literal(block.key)))
            if block.label:
                g.add((node, PAL.label, Literal(block.label)))
            g.add((node, PAL.text, Literal(block.text, lang=doc.language)))
            g.add((node, PAL.start, Literal(block.span.start)))
            g.add((node, PAL.end, Literal(block.span.end)))
            self.blocks.append([str(self.work), block.key, str(node)])
        for fact in facts:
            _HANDLERS[type(fact)](self, fact)
        for fact in facts:
            if isinstance(fact, RecommendationFact):
                _link_recommendation(self, fact)
        return g

    def link(self, block: str, predicate: URIRef, target: URIRef) -> None:
        """Remember what a block cites or names, for the recommendations spanning it."""
        self.linked.setdefault(block, []).append((predicate, target))

    # -- provenance
    def fact_node(self, fact: Fact, cls: URIRef, about: URIRef, *values: object) -> URIRef:
        ev = fact.evidence
        node = self.m.fact(self.expr, fact.extractor, ev.block, ev.span.start, ev.span.end, *values)
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, PAL.about, about))
        g.add((node, PAL.statedIn, self.expr))
        g.add((node, PROV.wasGeneratedBy, self.m.extractor(fact.extractor, _version(fact.extractor))))
        # hash IRIs: the evidence and its selectors resolve to the fact's own page
        target, position, quote = URIRef(f"{node}#evidence"), URIRef(f"{node}#position"), URIRef(f"{node}#quote")
        g.add((node, PAL.evidence, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.expr))
        g.add((target, PAL.block, self.m.block(self.expr, ev.block)))
        g.add((target, OA.hasSelector, position))
        g.add((target, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(ev.span.start)))
        g.add((position, OA.end, Literal(ev.span.end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(ev.quote)))
        return node

    # -- entities
    def meeting(self, ref: MeetingRef) -> URIRef:
        """The meeting node, and the meeting as this document states it (dates, place)."""
        node = self.m.meeting(ref.body, ref.ordinal, ref.start)
        stated = self.m.stated_meeting(self.expr, node)
        g = self.g
        g.add((node, RDF.type, SCHEMA.Event))
        g.add((node, RDF.type, PAL.Meeting))
        g.add((node, PAL.body, self.m.body(ref.body)))
        g.add((stated, RDF.type, PAL.MeetingAsStated))
        g.add((stated, PAL.meeting, node))
        g.add((stated, PAL.statedIn, self.expr))
        if ref.ordinal is not None:
            g.add((node, PAL.ordinal, Literal(ref.ordinal)))
        for subject in (node, stated):
            if ref.start:
                g.add((subject, SCHEMA.startDate, date_literal(ref.start)))
            if ref.end:
                g.add((subject, SCHEMA.endDate, date_literal(ref.end)))
            if ref.place:
                g.add((subject, SCHEMA.location, self.m.place(ref.place)))
        return node

    def agenda_item(self, meeting: URIRef, item: str) -> URIRef:
        node = self.m.agenda_item(meeting, item)
        self.g.add((node, RDF.type, PAL.AgendaItem))
        self.g.add((node, PAL.meeting, meeting))
        self.g.add((node, PAL.number, Literal(item)))
        return node

    def act_node(self, act: ActRef) -> URIRef:
        node = self.m.act(act.body, act.kind, act.number)
        g = self.g
        g.add((node, RDF.type, PAL.Act))
        g.add((node, RDF.type, ELI.LegalResource))
        g.add((node, PAL.issuedBy, self.m.body(act.body)))
        g.add((node, PAL.actKind, Literal(act.kind)))
        g.add((node, PAL.actNumber, Literal(act.number)))
        return node


def _document(b: DocumentGraph, f: DocumentFact) -> None:
    g, work, expr = b.g, b.work, b.expr
    node = b.fact_node(f, PAL.DocumentDescription, work)
    g.add((node, PAL.describes, expr))
    if f.symbol:
        g.add((work, ELI.id_local, Literal(f.symbol)))
        g.add((node, PAL.statedSymbol, Literal(f.symbol)))  # the work may learn it from others too
    if f.title:
        g.add((expr, ELI.title, Literal(f.title, lang=f.language)))
    if f.date:
        g.add((expr, ELI.date_document, date_literal(f.date)))
    doc_type = b.m.concept("document-type", f.doc_type)
    g.add((work, DCTERMS.type, doc_type))
    g.add((node, PAL.documentType, doc_type))  # as this version says: versions may disagree
    if f.original_language:
        g.add((expr, PAL.originalLanguage, Literal(f.original_language, datatype=XSD.language)))
    if f.act:
        b.act_node(f.act)


def _meeting(b: DocumentGraph, f: MeetingFact) -> None:
    meeting = b.meeting(f.meeting)
    node = b.fact_node(f, PAL.MeetingMention, meeting, f.meeting, f.chair)
    if f.chair:
        person = b.m.person(f.chair)
        b.g.add((person, RDF.type, SCHEMA.Person))
        b.g.add((person, SCHEMA.name, Literal(f.chair)))
        b.g.add((meeting, PAL.chair, person))
        b.g.add((node, PAL.chair, person))
        if f.chair_country:
            b.g.add((person, PAL.country, b.m.country(f.chair_country)))


def _cited(b: DocumentGraph, f: CitationFact) -> URIRef:
    """The node a citation points at, described as far as the citing text says."""
    g = b.g
    if f.target_kind == "act" and f.act:
        node = b.act_node(f.act)
        if f.symbol:
            g.add((node, ELI.id_local, Literal(f.symbol)))
        if f.act_date:
            g.add((node, ELI.date_document, date_literal(f.act_date)))
        if f.act_title:
            g.add((node, ELI.title, Literal(f.act_title, lang=b.doc.language)))
        return node
    if f.target_kind == "article" and f.instrument and f.article is not None:
        instrument = b.m.instrument(f.instrument)
        article = b.m.article(f.instrument, f.article)
        g.add((article, RDF.type, PAL.Article))
        g.add((article, ELI.is_part_of, instrument))
        g.add((article, PAL.number, Literal(f.article)))
        if not f.paragraph:
            return article
        para = b.m.article_paragraph(f.instrument, f.article, f.paragraph)
        g.add((para, RDF.type, PAL.ArticleParagraph))
        g.add((para, ELI.is_part_of, article))
        g.add((para, PAL.number, Literal(f.paragraph)))
        return para
    assert f.symbol
    node = b.m.work(f.symbol, "")
    g.add((node, RDF.type, ELI.LegalResource))
    g.add((node, ELI.id_local, Literal(f.symbol)))
    return node


def _citation(b: DocumentGraph, f: CitationFact) -> None:
    target = _cited(b, f)
    node = b.fact_node(f, PAL.Citation, target, f.target_kind, f.symbol, f.act, f.instrument, f.article, f.paragraph)
    block = b.m.block(b.expr, f.evidence.block)
    g = b.g
    g.add((node, CITO.hasCitingEntity, block))
    g.add((node, CITO.hasCitedEntity, target))
    characterisation = _cito(b.doc.language, f.verb)
    g.add((node, CITO.hasCitationCharacterisation, characterisation))
    if f.verb:
        g.add((node, PAL.operativeVerb, b.m.concept("operative-verb", f.verb)))
    if f.act_date:
        g.add((node, PAL.citedActDate, date_literal(f.act_date)))  # as this document dates the act
    if f.symbol:
        g.add((node, PAL.statedSymbol, Literal(f.symbol)))  # cited by its symbol, in this document
    if f.paragraphs:
        g.add((node, PAL.citedParagraphs, Literal(f.paragraphs)))
    g.add((block, ELI.cites, target))
    g.add((b.work, ELI.cites, target))
    b.link(f.evidence.block, ELI.cites, target)


def _cito(language: str, verb: str | None) -> URIRef:
    """The CiTO property an operative verb characterises a citation with (cito:cites otherwise)."""
    if verb:
        for key, prop in langs.load(language).words.get("cito", []):
            if key == verb:
                return CITO[prop]
    return CITO.cites


def _operative(b: DocumentGraph, f: OperativeFact) -> None:
    block = b.m.block(b.expr, f.evidence.block)
    verb = b.m.concept("operative-verb", f.verb)
    b.g.add((block, PAL.operativeVerb, verb))
    b.g.add((block, RDF.type, PAL.OperativeParagraph if f.operative else PAL.PreambularParagraph))
    node = b.fact_node(f, PAL.OperativeStatement, block, f.verb)
    b.g.add((node, PAL.operativeVerb, verb))


def _participation(b: DocumentGraph, f: ParticipationFact) -> None:
    g = b.g
    if f.country:
        who = b.m.country(f.country)
    elif f.organization:
        who = b.m.organization(f.organization)
    else:
        assert f.person
        who = b.m.person(f.person)
    node = b.fact_node(f, PAL.Participation, who, f.role, f.meeting, f.agenda_items)
    if f.organization:
        b.link(f.evidence.block, PAL.mentions, who)
    g.add((node, PAL.participant, who))
    g.add((node, PAL.role, b.m.concept("role", f.role)))
    if f.meeting:
        meeting = b.meeting(f.meeting)
        g.add((node, PAL.meeting, meeting))
        for item in f.agenda_items:
            g.add((node, PAL.agendaItem, b.agenda_item(meeting, item)))


def _person(b: DocumentGraph, f: PersonFact) -> None:
    g = b.g
    person = b.m.person(f.name)
    g.add((person, RDF.type, SCHEMA.Person))
    g.add((person, SCHEMA.name, Literal(f.name)))
    for v in f.variants:
        if v != f.name:
            g.add((person, SKOS.altLabel, Literal(v)))
    if f.country:
        g.add((person, PAL.country, b.m.country(f.country)))
    if f.affiliation:
        g.add((person, PAL.affiliation, Literal(f.affiliation, lang=b.doc.language)))
    if f.group:
        g.add((person, PAL.represents, b.m.organization(f.group)))
    node = b.fact_node(f, PAL.PersonMention, person, f.name)
    g.add((node, PAL.statedName, Literal(f.name)))  # as this document spells it
    if f.country:
        g.add((node, PAL.country, b.m.country(f.country)))


def _recommendation_node(b: DocumentGraph, f: RecommendationFact) -> URIRef:
    if f.quoted and f.meeting:
        meeting = b.m.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start)
        return URIRef(f"{meeting}/recommendation/quoted-{short_hash(fold_text(f.text))}")
    if f.meeting:
        return b.m.recommendation(b.m.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start), f.number)
    return b.m.recommendation(b.expr, f.number)


def _recommendation(b: DocumentGraph, f: RecommendationFact) -> None:
    g = b.g
    node = _recommendation_node(b, f)
    g.add((node, RDF.type, PAL.Recommendation))
    g.add((node, PAL.number, Literal(f.number)))
    g.add((node, PAL.text, Literal(f.text, lang=b.doc.language)))
    if f.theme:
        g.add((node, PAL.theme, Literal(f.theme, lang=b.doc.language)))
    if f.meeting:
        g.add((node, PAL.adoptedAt, b.meeting(f.meeting)))
    if f.strength:
        g.add((node, PAL.strength, b.m.concept("strength", f.strength)))
    for a in f.addressees:
        kind, _, key = a.partition(":")
        target = (
            b.m.organization(key) if kind == "org" else b.m.body(key) if kind == "body" else b.m.concept("addressee", a)
        )
        g.add((node, PAL.addressee, target))
    for key in f.blocks:
        g.add((node, PAL.block, b.m.block(b.expr, key)))
    if f.quoted:
        g.add((node, PAL.quotedIn, b.expr))
    else:
        g.add((b.expr, PAL.states, node))
    fact = b.fact_node(f, PAL.RecommendationStatement, node, f.number, f.quoted)
    g.add((fact, PAL.recommendation, node))
    g.add((fact, PAL.number, Literal(f.number)))  # as this document numbers it
    if f.meeting:
        meeting = b.m.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start)
        kind = "quoted" if f.quoted else "adopted"
        b.recommendations.append([str(node), str(meeting), kind, b.doc.language, f.text])


def _link_recommendation(b: DocumentGraph, f: RecommendationFact) -> None:
    node = _recommendation_node(b, f)
    for key in f.blocks:
        for predicate, target in b.linked.get(key, []):
            b.g.add((node, predicate, target))


def _agenda_item(b: DocumentGraph, f: AgendaItemFact) -> None:
    meeting = b.meeting(f.meeting)
    item = b.agenda_item(meeting, f.number)
    b.g.add((item, DCTERMS.title, Literal(f.title, lang=b.doc.language)))
    b.fact_node(f, PAL.AgendaStatement, item, f.number)


def _listed_document(b: DocumentGraph, f: ListedDocumentFact) -> None:
    g = b.g
    meeting = b.meeting(f.meeting)
    doc = b.m.work(f.symbol, "")
    g.add((doc, RDF.type, ELI.LegalResource))
    g.add((doc, ELI.id_local, Literal(f.symbol)))
    g.add((doc, PAL.beforeMeeting, meeting))
    if f.title:
        g.add((doc, DCTERMS.title, Literal(f.title, lang=b.doc.language)))
    node = b.fact_node(f, PAL.DocumentListing, doc, f.symbol, f.agenda_item)
    if f.agenda_item:
        item = b.agenda_item(meeting, f.agenda_item)
        g.add((doc, PAL.agendaItem, item))
        g.add((node, PAL.agendaItem, item))


def _tool(b: DocumentGraph, f: ToolFact) -> None:
    g = b.g
    if f.key:
        node = b.m.tool(f.key)
    else:
        node = b.m.discovered_tool(fold_text(f.title))
        g.add((node, RDF.type, PAL.Tool))
        g.add((node, SKOS.prefLabel, Literal(f.title, lang=b.doc.language)))
        g.add((node, PAL.discovered, Literal(True)))
    b.fact_node(f, PAL.ToolMention, node, f.key, f.title)
    b.link(f.evidence.block, PAL.mentions, node)


def _document_meeting(b: DocumentGraph, f: DocumentMeetingFact) -> None:
    meeting = b.meeting(f.meeting)
    b.g.add((b.work, _DOC_RELATION[f.relation], meeting))
    node = b.fact_node(f, PAL.DocumentMeeting, b.work, f.meeting, f.relation, f.agenda_item)
    b.g.add((node, PAL.meeting, meeting))
    b.g.add((node, PAL.relation, _DOC_RELATION[f.relation]))
    if f.agenda_item:
        item = b.agenda_item(meeting, f.agenda_item)
        b.g.add((b.work, PAL.agendaItem, item))
        b.g.add((node, PAL.agendaItem, item))


_HANDLERS: dict[type, Callable[[DocumentGraph, object], None]] = {
    DocumentFact: _document,  # type: ignore[dict-item]
    MeetingFact: _meeting,  # type: ignore[dict-item]
    DocumentMeetingFact: _document_meeting,  # type: ignore[dict-item]
    CitationFact: _citation,  # type: ignore[dict-item]
    OperativeFact: _operative,  # type: ignore[dict-item]
    ParticipationFact: _participation,  # type: ignore[dict-item]
    PersonFact: _person,  # type: ignore[dict-item]
    RecommendationFact: _recommendation,  # type: ignore[dict-item]
    AgendaItemFact: _agenda_item,  # type: ignore[dict-item]
    ListedDocumentFact: _listed_document,  # type: ignore[dict-item]
    ToolFact: _tool,  # type: ignore[dict-item]
}


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


# ---- reference data ------------------------------------------------------------------------


def reference_graph(minter: Minter) -> Graph:
    """Countries, bodies, places, the meeting calendar, document types and extractors."""
    g = new_graph()
    for c in reference.countries().values():
        node = minter.country(c.iso3)
        g.add((node, RDF.type, SCHEMA.Country))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, minter.concept("scheme", "countries")))
        g.add((node, SKOS.notation, Literal(c.iso3)))
        g.add((node, PAL.iso2, Literal(c.iso2)))
        g.add((node, PAL.m49, Literal(c.m49)))
        for code, names in c.labels.items():
            g.add((node, SKOS.prefLabel, Literal(names[0], lang=code)))
            for alt in names[1:]:
                g.add((node, SKOS.altLabel, Literal(alt, lang=code)))
    for b in reference.bodies().values():
        node = minter.body(b.code)
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, SKOS.notation, Literal(b.code)))
        g.add((node, SKOS.prefLabel, Literal(b.name_en, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(b.name_zh, lang="zh")))
        if b.parent:
            g.add((node, ORG.subOrganizationOf, minter.body(b.parent)))
    for code in langs.available():
        table = langs.load(code)
        seen: set[str] = set()
        for key, name in table.words.get("place", []):
            node = minter.place(key)
            g.add((node, RDF.type, SCHEMA.Place))
            if key not in seen:
                g.add((node, RDFS.label, Literal(name, lang=code)))
                seen.add(key)
    for e in reference.calendar():
        node = minter.meeting(e.body, e.ordinal, e.start)
        g.add((node, RDF.type, SCHEMA.Event))
        g.add((node, RDF.type, PAL.Meeting))
        g.add((node, PAL.body, minter.body(e.body)))
        g.add((node, PAL.ordinal, Literal(e.ordinal)))
        g.add((node, SCHEMA.startDate, date_literal(e.start)))
        g.add((node, SCHEMA.endDate, date_literal(e.end)))
        g.add((node, SCHEMA.location, minter.place(e.place)))
    for ins in reference.instruments().values():
        node = minter.instrument(ins.code)
        g.add((node, RDF.type, PAL.Instrument))
        g.add((node, RDF.type, ELI.LegalResource))
        g.add((node, SKOS.notation, Literal(ins.code)))
        g.add((node, SKOS.prefLabel, Literal(ins.short_en or ins.title_en, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(ins.short_zh or ins.title_zh, lang="zh")))
        g.add((node, ELI.title, Literal(ins.title_en, lang="en")))
        g.add((node, ELI.title, Literal(ins.title_zh, lang="zh")))
        if ins.adopted:
            g.add((node, ELI.date_document, date_literal(ins.adopted)))
    for art in reference.articles():
        node = minter.article(art.instrument, art.number)
        g.add((node, RDF.type, PAL.Article))
        g.add((node, ELI.is_part_of, minter.instrument(art.instrument)))
        g.add((node, PAL.number, Literal(art.number)))
        if art.title_en:
            g.add((node, SKOS.prefLabel, Literal(art.title_en, lang="en")))
        if art.title_zh:
            g.add((node, SKOS.prefLabel, Literal(art.title_zh, lang="zh")))
    verbs = {k for code in langs.available() for k, _ in langs.load(code).words.get("operative-verb", [])}
    for verb in sorted(verbs):
        node = minter.concept("operative-verb", verb)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, minter.concept("scheme", "operative-verb")))
        g.add((node, SKOS.notation, Literal(verb)))
    for o in reference.organizations().values():
        node = minter.organization(o.key)
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, PAL.organizationKind, Literal(o.kind)))
        if o.acronym:
            g.add((node, PAL.acronym, Literal(o.acronym)))
        for code, names in o.labels.items():
            g.add((node, SKOS.prefLabel, Literal(names[0], lang=code)))
            for alt in names[1:]:
                g.add((node, SKOS.altLabel, Literal(alt, lang=code)))
    for t in reference.tools().values():
        node = minter.tool(t.key)
        g.add((node, RDF.type, PAL.Tool))
        g.add((node, PAL.toolKind, Literal(t.kind)))
        if t.publisher:
            g.add((node, DCTERMS.publisher, minter.organization(t.publisher)))
        if t.year:
            g.add((node, PAL.year, Literal(t.year, datatype=XSD.gYear)))
        for code, names in t.labels.items():
            g.add((node, SKOS.prefLabel, Literal(names[0], lang=code)))
            for alt in names[1:]:
                g.add((node, SKOS.altLabel, Literal(alt, lang=code)))
    for scheme in ("strength", "addressee"):
        keys = {k for code in langs.available() for k, _ in langs.load(code).words.get(scheme, []) if ":" not in k}
        for key in sorted(keys):
            node = minter.concept(scheme, key)
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.inScheme, minter.concept("scheme", scheme)))
            g.add((node, SKOS.notation, Literal(key)))
    for role in ROLES:
        node = minter.concept("role", role)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, minter.concept("scheme", "role")))
        g.add((node, SKOS.notation, Literal(role)))
    for key in DOCUMENT_TYPES:
        node = minter.concept("document-type", key)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, minter.concept("scheme", "document-type")))
        g.add((node, SKOS.notation, Literal(key)))
    for extractor in REGISTRY:
        node = minter.extractor(extractor.name, extractor.version)
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, RDFS.label, Literal(f"palermo extractor {extractor.name} {extractor.version}")))
    return g


ROLES = (
    "party",
    "signatory",
    "observer",
    "speaker",
    "chair",
    "panelist",
    "represented",
    "author",
    "editor",
    "mentioned",
)
DOCUMENT_TYPES = ("report", "background-paper", "resolution", "decision", "agenda", "note", "other")
