"""A meeting the text speaks of, with its chair when the text names one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import literal, ref
from palermo.graph.terms import pal, rdf, schema
from palermo.kinds.kind import FactKind
from palermo.models import MeetingFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: MeetingFact) -> MeetingFact | None:
    """The meeting is what the fact is about; a chair's country that does not fit goes silently."""
    meeting = c.meeting(f.meeting)
    if meeting is None:
        return None
    country = f.chair_country if f.chair_country is None or c.admits("country", f.chair_country) else None
    return c.keep(f, meeting=meeting, chair_country=country)


def triples(b: DocumentGraph, f: MeetingFact) -> None:
    meeting = b.meeting(f.meeting)
    node = b.fact_node(f, meeting, f.meeting, f.chair)
    if f.chair:
        person = b.minter.person(f.chair)
        b.g.add(person, rdf.type, schema.Person)
        b.g.add(person, schema.name, literal(f.chair))
        b.g.add(meeting, pal.chair, ref(person))
        b.g.add(node, pal.chair, ref(person))
        if f.chair_country:
            b.g.add(person, pal.country, ref(b.minter.country(f.chair_country)))


KIND = FactKind(MeetingFact, "MeetingMention", triples, check)
