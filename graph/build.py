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

from collections.abc import Callable, Iterable
from functools import cache

from palermo.extract import REGISTRY
from palermo.graph.ntriples import Triples, Vocab, date, integer, literal, ref
from rdflib import RDF, RDFS, SKOS, XSD
from rdflib.namespace import DCTERMS, PROV

from palermo import lang as langs
from palermo import reference
from palermo.iri import CITO, ELI, ORG, PAL, SCHEMA, Minter, fold_text, short_hash
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
    RecommendationUptakeFact,
    ToolFact,
)

# The vocabularies' terms in N-Triples syntax (pal.Citation is "<https://…/ns#Citation>").
pal, eli, cito, org, schema = (Vocab(str(ns)) for ns in (PAL, ELI, CITO, ORG, SCHEMA))
rdf, rdfs, skos, dct, prov, xsd = (Vocab(str(ns)) for ns in (RDF, RDFS, SKOS, DCTERMS, PROV, XSD))

_BLOCK_CLASS = {
    "header": pal.MastheadLine,
    "heading": pal.Heading,
    "paragraph": pal.Paragraph,
    "preamble": pal.PreambularParagraph,
    "item": pal.Item,
    "footnote": pal.Footnote,
    "toc": pal.ContentsEntry,
}
_DOC_RELATION = {"serves": pal.servesMeeting, "reports": pal.reportsOn, "adopted-at": pal.adoptedAt}


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
        for fact in facts:
            _HANDLERS[type(fact)](self, fact)
        for fact in facts:
            if isinstance(fact, RecommendationFact):
                _link_recommendation(self, fact)
        return g

    def link(self, block: str, predicate: str, target: str) -> None:
        """Remember what a block cites or names, for the recommendations spanning it."""
        self.linked.setdefault(block, []).append((predicate, target))

    # -- provenance
    def fact_node(self, fact: Fact, cls: str, about: str, *values: object) -> str:
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


def _document(b: DocumentGraph, f: DocumentFact) -> None:
    g, work, expr = b.g, b.work, b.expr
    node = b.fact_node(f, pal.DocumentDescription, work)
    g.add(node, pal.describes, ref(expr))
    if f.symbol:
        g.add(work, eli.id_local, literal(f.symbol))
        g.add(node, pal.statedSymbol, literal(f.symbol))  # the work may learn it from others too
    if f.title:
        g.add(expr, eli.title, literal(f.title, f.language))
    if f.date:
        g.add(expr, eli.date_document, date(f.date))
    doc_type = b.minter.concept("document-type", f.doc_type)
    g.add(work, dct.type, ref(doc_type))
    g.add(node, pal.documentType, ref(doc_type))  # as this version says: versions may disagree
    if f.original_language:
        g.add(expr, pal.originalLanguage, literal(f.original_language, datatype=xsd.language))
    if f.act:
        b.act_node(f.act)


def _meeting(b: DocumentGraph, f: MeetingFact) -> None:
    meeting = b.meeting(f.meeting)
    node = b.fact_node(f, pal.MeetingMention, meeting, f.meeting, f.chair)
    if f.chair:
        person = b.minter.person(f.chair)
        b.g.add(person, rdf.type, schema.Person)
        b.g.add(person, schema.name, literal(f.chair))
        b.g.add(meeting, pal.chair, ref(person))
        b.g.add(node, pal.chair, ref(person))
        if f.chair_country:
            b.g.add(person, pal.country, ref(b.minter.country(f.chair_country)))


def _cited(b: DocumentGraph, f: CitationFact) -> str:
    """The node a citation points at, described as far as the citing text says."""
    g = b.g
    if f.target_kind == "act" and f.act:
        node = b.act_node(f.act)
        if f.symbol:
            g.add(node, eli.id_local, literal(f.symbol))
        if f.act_date:
            g.add(node, eli.date_document, date(f.act_date))
        if f.act_title:
            g.add(node, eli.title, literal(f.act_title, b.doc.language))
        return node
    if f.target_kind == "article" and f.instrument and f.article is not None:
        instrument = b.minter.instrument(f.instrument)
        article = b.minter.article(f.instrument, f.article)
        g.add(article, rdf.type, pal.Article)
        g.add(article, eli.is_part_of, ref(instrument))
        g.add(article, pal.number, integer(f.article))
        if not f.paragraph:
            return article
        para = b.minter.article_paragraph(f.instrument, f.article, f.paragraph)
        g.add(para, rdf.type, pal.ArticleParagraph)
        g.add(para, eli.is_part_of, ref(article))
        g.add(para, pal.number, literal(f.paragraph))
        return para
    assert f.symbol
    node = b.minter.work(f.symbol, "")
    g.add(node, rdf.type, eli.LegalResource)
    g.add(node, eli.id_local, literal(f.symbol))
    return node


def _citation(b: DocumentGraph, f: CitationFact) -> None:
    target = _cited(b, f)
    node = b.fact_node(f, pal.Citation, target, f.target_kind, f.symbol, f.act, f.instrument, f.article, f.paragraph)
    block = b.minter.block(b.expr, f.evidence.block)
    g = b.g
    g.add(node, cito.hasCitingEntity, ref(block))
    g.add(node, cito.hasCitedEntity, ref(target))
    characterisation = _cito(b.doc.language, f.verb)
    g.add(node, cito.hasCitationCharacterisation, characterisation)
    if f.verb:
        g.add(node, pal.operativeVerb, ref(b.minter.concept("operative-verb", f.verb)))
    if f.act_date:
        g.add(node, pal.citedActDate, date(f.act_date))  # as this document dates the act
    if f.symbol:
        g.add(node, pal.statedSymbol, literal(f.symbol))  # cited by its symbol, in this document
    if f.paragraphs:
        g.add(node, pal.citedParagraphs, literal(f.paragraphs))
    g.add(block, eli.cites, ref(target))
    g.add(b.work, eli.cites, ref(target))
    b.link(f.evidence.block, eli.cites, target)


def _cito(language: str, verb: str | None) -> str:
    """The CiTO property an operative verb characterises a citation with (cito:cites otherwise)."""
    if verb:
        for key, prop in langs.load(language).words.get("cito", []):
            if key == verb:
                return ref(f"{CITO}{prop}")
    return cito.cites


def _operative(b: DocumentGraph, f: OperativeFact) -> None:
    block = b.minter.block(b.expr, f.evidence.block)
    verb = b.minter.concept("operative-verb", f.verb)
    b.g.add(block, pal.operativeVerb, ref(verb))
    b.g.add(block, rdf.type, pal.OperativeParagraph if f.operative else pal.PreambularParagraph)
    node = b.fact_node(f, pal.OperativeStatement, block, f.verb)
    b.g.add(node, pal.operativeVerb, ref(verb))


def _participation(b: DocumentGraph, f: ParticipationFact) -> None:
    g = b.g
    if f.country:
        who = b.minter.country(f.country)
    elif f.organization:
        who = b.minter.organization(f.organization)
    else:
        assert f.person
        who = b.minter.person(f.person)
    node = b.fact_node(f, pal.Participation, who, f.role, f.meeting, f.agenda_items)
    if f.organization:
        b.link(f.evidence.block, pal.mentions, who)
    g.add(node, pal.participant, ref(who))
    g.add(node, pal.role, ref(b.minter.concept("role", f.role)))
    if f.meeting:
        meeting = b.meeting(f.meeting)
        g.add(node, pal.meeting, ref(meeting))
        for item in f.agenda_items:
            g.add(node, pal.agendaItem, ref(b.agenda_item(meeting, item)))


def _person(b: DocumentGraph, f: PersonFact) -> None:
    g = b.g
    person = b.minter.person(f.name)
    g.add(person, rdf.type, schema.Person)
    g.add(person, schema.name, literal(f.name))
    for v in f.variants:
        if v != f.name:
            g.add(person, skos.altLabel, literal(v))
    if f.country:
        g.add(person, pal.country, ref(b.minter.country(f.country)))
    if f.affiliation:
        g.add(person, pal.affiliation, literal(f.affiliation, b.doc.language))
    if f.group:
        g.add(person, pal.represents, ref(b.minter.organization(f.group)))
    node = b.fact_node(f, pal.PersonMention, person, f.name)
    g.add(node, pal.statedName, literal(f.name))  # as this document spells it
    if f.country:
        g.add(node, pal.country, ref(b.minter.country(f.country)))


def _recommendation_node(b: DocumentGraph, f: RecommendationFact) -> str:
    if f.quoted and f.meeting:
        meeting = b.minter.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start)
        return f"{meeting}/recommendation/quoted-{short_hash(fold_text(f.text))}"
    if f.meeting:
        return b.minter.recommendation(b.minter.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start), f.number)
    return b.minter.recommendation(b.expr, f.number)


def _recommendation(b: DocumentGraph, f: RecommendationFact) -> None:
    g = b.g
    node = _recommendation_node(b, f)
    g.add(node, rdf.type, pal.Recommendation)
    g.add(node, pal.number, literal(f.number))
    g.add(node, pal.text, literal(f.text, b.doc.language))
    if f.theme:
        g.add(node, pal.theme, literal(f.theme, b.doc.language))
    if f.meeting:
        meeting = b.meeting(f.meeting)
        g.add(node, pal.adoptedAt, ref(meeting))
        if not f.quoted:
            g.add(b.recommendation_set(meeting), skos.member, ref(node))
    if f.strength:
        g.add(node, pal.strength, ref(b.minter.concept("strength", f.strength)))
    for a in f.addressees:
        kind, _, key = a.partition(":")
        target = (
            b.minter.organization(key)
            if kind == "org"
            else b.minter.body(key)
            if kind == "body"
            else b.minter.concept("addressee", a)
        )
        g.add(node, pal.addressee, ref(target))
    for key in f.blocks:
        g.add(node, pal.block, ref(b.minter.block(b.expr, key)))
    if f.quoted:
        g.add(node, pal.quotedIn, ref(b.expr))
    else:
        g.add(b.expr, pal.states, ref(node))
    fact = b.fact_node(f, pal.RecommendationStatement, node, f.number, f.quoted)
    g.add(fact, pal.recommendation, ref(node))
    g.add(fact, pal.number, literal(f.number))  # as this document numbers it
    if f.meeting:
        meeting = b.minter.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start)
        kind = "quoted" if f.quoted else "adopted"
        b.recommendations.append([str(node), str(meeting), kind, b.doc.language, f.text])


def _uptake(b: DocumentGraph, f: RecommendationUptakeFact) -> None:
    """The meeting's recommendations as a set, and the paragraph acting on them: a citation of
    the set, characterised by the verb."""
    g = b.g
    made = b.recommendation_set(b.meeting(f.meeting))
    node = b.fact_node(f, pal.RecommendationUptake, made, f.meeting, f.verb)
    block = b.minter.block(b.expr, f.evidence.block)
    g.add(node, cito.hasCitingEntity, ref(block))
    g.add(node, cito.hasCitedEntity, ref(made))
    g.add(node, cito.hasCitationCharacterisation, _cito(b.doc.language, f.verb))
    g.add(node, pal.operativeVerb, ref(b.minter.concept("operative-verb", f.verb)))


def _link_recommendation(b: DocumentGraph, f: RecommendationFact) -> None:
    node = _recommendation_node(b, f)
    for key in f.blocks:
        for predicate, target in b.linked.get(key, []):
            b.g.add(node, predicate, ref(target))


def _agenda_item(b: DocumentGraph, f: AgendaItemFact) -> None:
    meeting = b.meeting(f.meeting)
    item = b.agenda_item(meeting, f.number)
    b.g.add(item, dct.title, literal(f.title, b.doc.language))
    b.fact_node(f, pal.AgendaStatement, item, f.number)


def _listed_document(b: DocumentGraph, f: ListedDocumentFact) -> None:
    g = b.g
    meeting = b.meeting(f.meeting)
    doc = b.minter.work(f.symbol, "")
    g.add(doc, rdf.type, eli.LegalResource)
    g.add(doc, eli.id_local, literal(f.symbol))
    g.add(doc, pal.beforeMeeting, ref(meeting))
    if f.title:
        g.add(doc, dct.title, literal(f.title, b.doc.language))
    node = b.fact_node(f, pal.DocumentListing, doc, f.symbol, f.agenda_item)
    if f.agenda_item:
        item = b.agenda_item(meeting, f.agenda_item)
        g.add(doc, pal.agendaItem, ref(item))
        g.add(node, pal.agendaItem, ref(item))


def _tool(b: DocumentGraph, f: ToolFact) -> None:
    g = b.g
    if f.key:
        node = b.minter.tool(f.key)
    else:
        node = b.minter.discovered_tool(fold_text(f.title))
        g.add(node, rdf.type, pal.Tool)
        g.add(node, skos.prefLabel, literal(f.title, b.doc.language))
        g.add(node, pal.discovered, literal("true", datatype=xsd.boolean))
    b.fact_node(f, pal.ToolMention, node, f.key, f.title)
    b.link(f.evidence.block, pal.mentions, node)


def _document_meeting(b: DocumentGraph, f: DocumentMeetingFact) -> None:
    meeting = b.meeting(f.meeting)
    b.g.add(b.work, _DOC_RELATION[f.relation], ref(meeting))
    node = b.fact_node(f, pal.DocumentMeeting, b.work, f.meeting, f.relation, f.agenda_item)
    b.g.add(node, pal.meeting, ref(meeting))
    b.g.add(node, pal.relation, _DOC_RELATION[f.relation])
    if f.agenda_item:
        item = b.agenda_item(meeting, f.agenda_item)
        b.g.add(b.work, pal.agendaItem, ref(item))
        b.g.add(node, pal.agendaItem, ref(item))


_HANDLERS: dict[type, Callable[[DocumentGraph, object], None]] = {
    DocumentFact: _document,  # type: ignore[dict-item]
    MeetingFact: _meeting,  # type: ignore[dict-item]
    DocumentMeetingFact: _document_meeting,  # type: ignore[dict-item]
    CitationFact: _citation,  # type: ignore[dict-item]
    OperativeFact: _operative,  # type: ignore[dict-item]
    ParticipationFact: _participation,  # type: ignore[dict-item]
    PersonFact: _person,  # type: ignore[dict-item]
    RecommendationFact: _recommendation,  # type: ignore[dict-item]
    RecommendationUptakeFact: _uptake,  # type: ignore[dict-item]
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


def meeting_notation(body: str, ordinal: int) -> str:
    """How analysts name a meeting in one token (`COP-8`, `WG-TIP-11`): its `skos:notation`."""
    return f"{body}-{ordinal}"


# ---- reference data ------------------------------------------------------------------------


def reference_graph(minter: Minter) -> Triples:
    """Countries, bodies, places, the meeting calendar, document types and extractors."""
    g = Triples()
    for c in reference.countries().values():
        node = minter.country(c.iso3)
        g.add(node, rdf.type, schema.Country)
        g.add(node, rdf.type, skos.Concept)
        g.add(node, skos.inScheme, ref(minter.concept("scheme", "countries")))
        g.add(node, skos.notation, literal(c.iso3))
        g.add(node, pal.iso2, literal(c.iso2))
        g.add(node, pal.m49, literal(c.m49))
        for code, names in c.labels.items():
            g.add(node, skos.prefLabel, literal(names[0], code))
            for alt in names[1:]:
                g.add(node, skos.altLabel, literal(alt, code))
    for b in reference.bodies().values():
        node = minter.body(b.code)
        g.add(node, rdf.type, org.Organization)
        g.add(node, skos.notation, literal(b.code))
        g.add(node, skos.prefLabel, literal(b.name_en, "en"))
        g.add(node, skos.prefLabel, literal(b.name_zh, "zh"))
        if b.parent:
            g.add(node, org.subOrganizationOf, ref(minter.body(b.parent)))
    for code in langs.available():
        table = langs.load(code)
        seen: set[str] = set()
        for key, name in table.words.get("place", []):
            node = minter.place(key)
            g.add(node, rdf.type, schema.Place)
            if key not in seen:
                g.add(node, rdfs.label, literal(name, code))
                seen.add(key)
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
    for ins in reference.instruments().values():
        node = minter.instrument(ins.code)
        g.add(node, rdf.type, pal.Instrument)
        g.add(node, rdf.type, eli.LegalResource)
        g.add(node, skos.notation, literal(ins.code))
        g.add(node, skos.prefLabel, literal(ins.short_en or ins.title_en, "en"))
        g.add(node, skos.prefLabel, literal(ins.short_zh or ins.title_zh, "zh"))
        g.add(node, eli.title, literal(ins.title_en, "en"))
        g.add(node, eli.title, literal(ins.title_zh, "zh"))
        if ins.adopted:
            g.add(node, eli.date_document, date(ins.adopted))
    for art in reference.articles():
        node = minter.article(art.instrument, art.number)
        g.add(node, rdf.type, pal.Article)
        g.add(node, eli.is_part_of, ref(minter.instrument(art.instrument)))
        g.add(node, pal.number, integer(art.number))
        if art.title_en:
            g.add(node, skos.prefLabel, literal(art.title_en, "en"))
        if art.title_zh:
            g.add(node, skos.prefLabel, literal(art.title_zh, "zh"))
    verbs = {k for code in langs.available() for k, _ in langs.load(code).words.get("operative-verb", [])}
    for verb in sorted(verbs):
        node = minter.concept("operative-verb", verb)
        g.add(node, rdf.type, skos.Concept)
        g.add(node, skos.inScheme, ref(minter.concept("scheme", "operative-verb")))
        g.add(node, skos.notation, literal(verb))
    for o in reference.organizations().values():
        node = minter.organization(o.key)
        g.add(node, rdf.type, org.Organization)
        g.add(node, pal.organizationKind, literal(o.kind))
        if o.acronym:
            g.add(node, pal.acronym, literal(o.acronym))
        for code, names in o.labels.items():
            g.add(node, skos.prefLabel, literal(names[0], code))
            for alt in names[1:]:
                g.add(node, skos.altLabel, literal(alt, code))
    for t in reference.tools().values():
        node = minter.tool(t.key)
        g.add(node, rdf.type, pal.Tool)
        g.add(node, pal.toolKind, literal(t.kind))
        if t.publisher:
            g.add(node, dct.publisher, ref(minter.organization(t.publisher)))
        if t.year:
            g.add(node, pal.year, literal(t.year, datatype=xsd.gYear))
        for code, names in t.labels.items():
            g.add(node, skos.prefLabel, literal(names[0], code))
            for alt in names[1:]:
                g.add(node, skos.altLabel, literal(alt, code))
    for scheme in ("strength", "addressee"):
        keys = {k for code in langs.available() for k, _ in langs.load(code).words.get(scheme, []) if ":" not in k}
        for key in sorted(keys):
            node = minter.concept(scheme, key)
            g.add(node, rdf.type, skos.Concept)
            g.add(node, skos.inScheme, ref(minter.concept("scheme", scheme)))
            g.add(node, skos.notation, literal(key))
    for role in ROLES:
        node = minter.concept("role", role)
        g.add(node, rdf.type, skos.Concept)
        g.add(node, skos.inScheme, ref(minter.concept("scheme", "role")))
        g.add(node, skos.notation, literal(role))
    for key in DOCUMENT_TYPES:
        node = minter.concept("document-type", key)
        g.add(node, rdf.type, skos.Concept)
        g.add(node, skos.inScheme, ref(minter.concept("scheme", "document-type")))
        g.add(node, skos.notation, literal(key))
    for extractor in REGISTRY:
        node = minter.extractor(extractor.name, extractor.version)
        g.add(node, rdf.type, prov.Activity)
        g.add(node, rdfs.label, literal(f"palermo extractor {extractor.name} {extractor.version}"))
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
