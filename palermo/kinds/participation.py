"""A country, organization or person in a role (party, speaker, chair …), at a meeting when the
role is one at the document's meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import ref
from palermo.graph.terms import pal
from palermo.kinds.kind import FactKind
from palermo.models import ParticipationFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: ParticipationFact) -> ParticipationFact | None:
    """Left out when nobody is left to take part (a country that does not fit, and no other)."""
    country = c.value("country", f.country)
    out = c.keep(f, meeting=c.meeting(f.meeting), country=country)
    return out if out.country or out.organization or out.person else None


def triples(b: DocumentGraph, f: ParticipationFact) -> None:
    g = b.g
    if f.country:
        who = b.minter.country(f.country)
    elif f.organization:
        who = b.minter.organization(f.organization)
    else:
        assert f.person
        who = b.minter.person(f.person)
    node = b.fact_node(f, who, f.role, f.meeting, f.agenda_items)
    if f.organization:
        b.link(f.evidence.block, pal.mentions, who)
    g.add(node, pal.participant, ref(who))
    g.add(node, pal.role, ref(b.minter.concept("role", f.role)))
    if f.meeting:
        meeting = b.meeting(f.meeting)
        g.add(node, pal.meeting, ref(meeting))
        for item in f.agenda_items:
            g.add(node, pal.agendaItem, ref(b.agenda_item(meeting, item)))


KIND = FactKind(ParticipationFact, "Participation", triples, check)
