"""A tool or resource named: a key of ontology/tools.csv, or discovered (a title not in the list,
which the quality report lists for someone to add)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from palermo.graph.ntriples import literal
from palermo.graph.terms import pal, rdf, skos, xsd
from palermo.iri import fold_text
from palermo.kinds.kind import FactKind, Measure
from palermo.models import ToolFact

if TYPE_CHECKING:
    from palermo.graph.build import DocumentGraph


def triples(b: DocumentGraph, f: ToolFact) -> None:
    g = b.g
    if f.key:
        node = b.minter.tool(f.key)
    else:
        node = b.minter.discovered_tool(fold_text(f.title))
        g.add(node, rdf.type, pal.Tool)
        g.add(node, skos.prefLabel, literal(f.title, b.doc.language))
        g.add(node, pal.discovered, literal("true", datatype=xsd.boolean))
    b.fact_node(f, node, f.key, f.title)
    b.link(f.evidence.block, pal.mentions, node)


def discovered(found: Sequence[ToolFact]) -> list[str]:
    """The titles of tools not in the list, one per tool node (per folded title), each as
    printed where the text names it first."""
    titles: dict[str, str] = {}
    for f in sorted(found, key=lambda f: (f.evidence.span.start, f.evidence.span.end)):
        if f.key is None:
            titles.setdefault(fold_text(f.title), f.title)
    return sorted(titles.values())


# a key of the tools table or a title as printed: nothing the shapes constrain
KIND = FactKind(ToolFact, "ToolMention", triples, measures=(Measure("discovered_tools", discovered),))
