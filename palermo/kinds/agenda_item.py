"""An item of the agenda a meeting adopted, with its title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import literal
from palermo.graph.terms import dct
from palermo.kinds.kind import FactKind
from palermo.models import AgendaItemFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: AgendaItemFact) -> AgendaItemFact | None:
    meeting = c.meeting(f.meeting)
    if meeting is None:
        return None
    return c.keep(f, meeting=meeting) if c.value("agenda-item", f.number) else None


def triples(b: DocumentGraph, f: AgendaItemFact) -> None:
    meeting = b.meeting(f.meeting)
    item = b.agenda_item(meeting, f.number)
    b.g.add(item, dct.title, literal(f.title, b.doc.language))
    b.fact_node(f, item, f.number)


KIND = FactKind(AgendaItemFact, "AgendaStatement", triples, check)
