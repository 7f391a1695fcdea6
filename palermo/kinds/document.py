"""The document's description of itself (its masthead): symbol, title, date, type, languages, and
the act it is when it is a decision or resolution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from palermo.graph.ntriples import date, literal, ref
from palermo.graph.terms import dct, eli, pal, xsd
from palermo.kinds.kind import FactKind, Measure
from palermo.models import DocumentFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: DocumentFact) -> DocumentFact:
    return c.keep(f, symbol=c.value("symbol", f.symbol), date=c.date("date", f.date), act=c.act(f.act))


def triples(b: DocumentGraph, f: DocumentFact) -> None:
    g, work, expr = b.g, b.work, b.expr
    node = b.fact_node(f, work)
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


def _type(found: Sequence[DocumentFact]) -> str | None:
    """The document's type when the masthead told it (`other` is what is left when it did not)."""
    return found[0].doc_type if found and found[0].doc_type != "other" else None


KIND = FactKind(
    DocumentFact,
    "DocumentDescription",
    triples,
    check,
    measures=(
        Measure("symbol", lambda found: found[0].symbol if found else None, "masthead"),
        Measure("date", lambda found: found[0].date if found else None, "masthead"),
        Measure("type", _type, "masthead"),
        Measure("title", lambda found: found[0].title if found else None, "masthead"),
    ),
)
