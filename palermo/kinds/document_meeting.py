"""The meeting a document was issued for, reports on or was adopted at, and its agenda item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from palermo.graph.ntriples import ref
from palermo.graph.terms import pal
from palermo.kinds.kind import FactKind, Measure, meeting_name
from palermo.models import DocumentMeetingFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph

_RELATION = {"serves": pal.servesMeeting, "reports": pal.reportsOn, "adopted-at": pal.adoptedAt}


def check(c: Checker, f: DocumentMeetingFact) -> DocumentMeetingFact | None:
    meeting = c.meeting(f.meeting)
    if meeting is None:
        return None
    return c.keep(f, meeting=meeting, agenda_item=c.value("agenda-item", f.agenda_item))


def triples(b: DocumentGraph, f: DocumentMeetingFact) -> None:
    meeting = b.meeting(f.meeting)
    b.g.add(b.work, _RELATION[f.relation], ref(meeting))
    node = b.fact_node(f, b.work, f.meeting, f.relation, f.agenda_item)
    b.g.add(node, pal.meeting, ref(meeting))
    b.g.add(node, pal.relation, _RELATION[f.relation])
    if f.agenda_item:
        item = b.agenda_item(meeting, f.agenda_item)
        b.g.add(b.work, pal.agendaItem, ref(item))
        b.g.add(node, pal.agendaItem, ref(item))


def _meetings(found: Sequence[DocumentMeetingFact]) -> list[str] | None:
    """The masthead's meeting field: the meetings the document is for, as the report names them."""
    return sorted({meeting_name(f.meeting) for f in found}) or None


KIND = FactKind(
    DocumentMeetingFact, "DocumentMeeting", triples, check, measures=(Measure("meeting", _meetings, "masthead"),)
)
