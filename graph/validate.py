"""SHACL validation of a built graph with pyshacl (no inference: the data must say it all)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

from palermo.resources import ontology_path

SH = Namespace("http://www.w3.org/ns/shacl#")


@cache
def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@cache
def vocabulary() -> Graph:
    return Graph().parse(ontology_path("palermo.ttl"), format="turtle")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def line(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]
    graph: Graph

    def text(self) -> str:
        if self.conforms:
            return "SHACL: conforms\n"
        head = f"SHACL: {len(self.violations)} violation(s)\n"
        return head + "".join(v.line() + "\n" for v in self.violations)


def validate(data: Graph, inplace: bool = False) -> Report:
    """Validate `data` against ontology/shapes.ttl, with the vocabulary for class hierarchy.

    `inplace` mixes the vocabulary into `data` itself instead of a copy: faster, for a graph the
    caller has done with."""
    conforms, report_graph, _ = shacl_validate(
        data, shacl_graph=shapes(), ont_graph=vocabulary(), inference="none", abort_on_first=False, inplace=inplace
    )

    def one(result: Node, p: URIRef) -> str:
        v = report_graph.value(result, p)
        return str(v) if v is not None else ""

    violations = [
        Violation(
            one(r, SH.focusNode),
            one(r, SH.resultPath),
            one(r, SH.resultMessage),
            one(r, SH.resultSeverity).rsplit("#", 1)[-1],
        )
        for r in report_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(bool(conforms), tuple(violations), report_graph)
