"""A document listed as before a meeting, with its title and agenda item when given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import literal, ref
from palermo.graph.terms import dct, eli, pal, rdf
from palermo.kinds.kind import FactKind
from palermo.models import ListedDocumentFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: ListedDocumentFact) -> ListedDocumentFact | None:
    meeting = c.meeting(f.meeting)
    if meeting is None:
        return None
    out = c.keep(f, meeting=meeting, agenda_item=c.value("agenda-item", f.agenda_item))
    return out if c.value("symbol", out.symbol) else None


def triples(b: DocumentGraph, f: ListedDocumentFact) -> None:
    g = b.g
    meeting = b.meeting(f.meeting)
    doc = b.minter.work(f.symbol, "")
    g.add(doc, rdf.type, eli.LegalResource)
    g.add(doc, eli.id_local, literal(f.symbol))
    g.add(doc, pal.beforeMeeting, ref(meeting))
    if f.title:
        g.add(doc, dct.title, literal(f.title, b.doc.language))
    node = b.fact_node(f, doc, f.symbol, f.agenda_item)
    if f.agenda_item:
        item = b.agenda_item(meeting, f.agenda_item)
        g.add(doc, pal.agendaItem, ref(item))
        g.add(node, pal.agendaItem, ref(item))


KIND = FactKind(ListedDocumentFact, "DocumentListing", triples, check)
