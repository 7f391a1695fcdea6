"""A person named in a document, with the variants of the name it uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import literal, ref
from palermo.graph.terms import pal, rdf, schema, skos
from palermo.kinds.kind import FactKind
from palermo.models import PersonFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: PersonFact) -> PersonFact | None:
    return c.keep(f, country=c.value("country", f.country)) if f.name.strip() else None


def triples(b: DocumentGraph, f: PersonFact) -> None:
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
    node = b.fact_node(f, person, f.name)
    g.add(node, pal.statedName, literal(f.name))  # as this document spells it
    if f.country:
        g.add(node, pal.country, ref(b.minter.country(f.country)))


KIND = FactKind(PersonFact, "PersonMention", triples, check)
