"""A recommendation: adopted by the document's meeting, or quoted from an earlier one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import literal, ref
from palermo.graph.terms import pal, rdf, skos
from palermo.iri import fold_text, short_hash
from palermo.kinds.kind import FactKind
from palermo.models import RecommendationFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: RecommendationFact) -> RecommendationFact | None:
    meeting = c.meeting(f.meeting)
    return c.keep(f, meeting=meeting) if c.value("recommendation", f.number) else None


def _node(b: DocumentGraph, f: RecommendationFact) -> str:
    if f.quoted and f.meeting:
        meeting = b.minter.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start)
        return f"{meeting}/recommendation/quoted-{short_hash(fold_text(f.text))}"
    if f.meeting:
        return b.minter.recommendation(b.minter.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start), f.number)
    return b.minter.recommendation(b.expr, f.number)


def _addressee(b: DocumentGraph, key: str) -> str:
    """An addressee key: `org:<organization>`, `body:<body code>`, else a concept (states-parties)."""
    kind, _, rest = key.partition(":")
    if kind == "org":
        return b.minter.organization(rest)
    if kind == "body":
        return b.minter.body(rest)
    return b.minter.concept("addressee", key)


def triples(b: DocumentGraph, f: RecommendationFact) -> None:
    g = b.g
    node = _node(b, f)
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
        g.add(node, pal.addressee, ref(_addressee(b, a)))
    for key in f.blocks:
        g.add(node, pal.block, ref(b.minter.block(b.expr, key)))
    if f.quoted:
        g.add(node, pal.quotedIn, ref(b.expr))
    else:
        g.add(b.expr, pal.states, ref(node))
    fact = b.fact_node(f, node, f.number, f.quoted)
    g.add(fact, pal.recommendation, ref(node))
    g.add(fact, pal.number, literal(f.number))  # as this document numbers it
    if f.meeting:
        meeting = b.minter.meeting(f.meeting.body, f.meeting.ordinal, f.meeting.start)
        kind = "quoted" if f.quoted else "adopted"
        b.recommendations.append([str(node), str(meeting), kind, b.doc.language, f.text])


def linked(b: DocumentGraph, f: RecommendationFact) -> None:
    """What the blocks a recommendation spans cite or name, said of the recommendation: known
    once every fact of the document is written."""
    node = _node(b, f)
    for key in f.blocks:
        for predicate, target in b.linked.get(key, []):
            b.g.add(node, predicate, ref(target))


KIND = FactKind(RecommendationFact, "RecommendationStatement", triples, check, linked)
