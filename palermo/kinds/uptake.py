"""A paragraph acting on the recommendations of an earlier meeting as a set (welcoming, endorsing,
taking note of them, requesting their implementation): a citation of the set, typed by its verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import ref
from palermo.graph.terms import characterisation, cito, pal
from palermo.kinds.kind import FactKind
from palermo.models import RecommendationUptakeFact

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph


def check(c: Checker, f: RecommendationUptakeFact) -> RecommendationUptakeFact | None:
    meeting = c.meeting(f.meeting)
    return c.keep(f, meeting=meeting) if meeting else None


def triples(b: DocumentGraph, f: RecommendationUptakeFact) -> None:
    g = b.g
    made = b.recommendation_set(b.meeting(f.meeting))
    node = b.fact_node(f, made, f.meeting, f.verb)
    block = b.minter.block(b.expr, f.evidence.block)
    g.add(node, cito.hasCitingEntity, ref(block))
    g.add(node, cito.hasCitedEntity, ref(made))
    g.add(node, cito.hasCitationCharacterisation, characterisation(b.doc.language, f.verb))
    g.add(node, pal.operativeVerb, ref(b.minter.concept("operative-verb", f.verb)))


KIND = FactKind(RecommendationUptakeFact, "RecommendationUptake", triples, check)
