"""A citation made in a paragraph: of a document by its symbol, of an act, or of an article of an
instrument; typed by the operative verb of its sentence (CiTO)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import date, integer, literal, ref
from palermo.graph.terms import characterisation, cito, eli, pal, rdf
from palermo.kinds.kind import FactKind
from palermo.models import CitationFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: CitationFact) -> CitationFact | None:
    """What is cited must fit; a cited paragraph, an act's date that do not are left out."""
    if f.target_kind == "document":
        if not c.value("symbol", f.symbol):
            return None
        return c.keep(f, paragraphs=c.value("cited-paragraphs", f.paragraphs))
    if f.target_kind == "act":
        act = c.act(f.act)
        # a full date, or the year a Security Council resolution is numbered with ("1325 (2000)")
        day = f.act_date if c.is_date(f.act_date) and len(f.act_date or "") in (4, 10) else None
        return c.keep(f, act=act, act_date=day) if act else None
    if f.article is None or not c.value("article", f.article):
        return None
    return c.keep(f, paragraph=c.value("article-paragraph", f.paragraph))


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


def triples(b: DocumentGraph, f: CitationFact) -> None:
    target = _cited(b, f)
    node = b.fact_node(f, target, f.target_kind, f.symbol, f.act, f.instrument, f.article, f.paragraph)
    block = b.minter.block(b.expr, f.evidence.block)
    g = b.g
    g.add(node, cito.hasCitingEntity, ref(block))
    g.add(node, cito.hasCitedEntity, ref(target))
    g.add(node, cito.hasCitationCharacterisation, characterisation(b.doc.language, f.verb))
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


KIND = FactKind(CitationFact, "Citation", triples, check)
