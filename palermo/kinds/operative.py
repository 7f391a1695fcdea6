"""A preambular or operative paragraph of a resolution or decision, with its verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.graph.ntriples import ref
from palermo.graph.terms import pal, rdf
from palermo.kinds.kind import FactKind
from palermo.models import OperativeFact

if TYPE_CHECKING:
    from palermo.graph.build import DocumentGraph


def triples(b: DocumentGraph, f: OperativeFact) -> None:
    block = b.minter.block(b.expr, f.evidence.block)
    verb = b.minter.concept("operative-verb", f.verb)
    b.g.add(block, pal.operativeVerb, ref(verb))
    b.g.add(block, rdf.type, pal.OperativeParagraph if f.operative else pal.PreambularParagraph)
    node = b.fact_node(f, block, f.verb)
    b.g.add(node, pal.operativeVerb, ref(verb))


KIND = FactKind(OperativeFact, "OperativeStatement", triples)  # its verb is a key of the tables: nothing to check
