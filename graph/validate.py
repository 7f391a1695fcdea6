"""SHACL validation (no inference: the data must say it all), by one of two engines.

- `shacl` (PyPI `shacl`, a compiled engine): the default, about twenty times faster; measured
  against pyshacl on the corpus and on graphs broken for every constraint kind of the shapes
  (tests/test_validate.py: the same focus nodes, paths and constraint components);
- `pyshacl`: the reference engine (`palermo validate --engine pyshacl`).

Both read ontology/shapes.ttl and the vocabulary (palermo.ttl: the class hierarchy the targets
use). Results are reduced to the same `Violation` rows, with a readable message whichever engine
ran (the shape's sh:message, else one made from the constraint).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from palermo.iri import SH
from palermo.resources import ontology_path

DEFAULT_ENGINE = "shacl"

# What a constraint component says when the shape gives no sh:message.
_SAYS = {
    "MinCount": "fewer values than the shape requires",
    "MaxCount": "more values than the shape allows",
    "Datatype": "a value of another datatype",
    "Pattern": "a value that does not match the pattern",
    "Class": "a value that is not of the required class",
    "NodeKind": "a value of the wrong kind of node",
    "In": "a value not among those allowed",
    "MinInclusive": "a value below the lowest allowed",
    "MaxInclusive": "a value above the highest allowed",
    "LessThan": "a value not less than the other property's",
    "LessThanOrEquals": "a value greater than the other property's",
    "Or": "a value that fits none of the alternatives",
}


@cache
def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@cache
def vocabulary() -> Graph:
    return Graph().parse(ontology_path("palermo.ttl"), format="turtle")


@cache
def _vocabulary_nt() -> str:
    return vocabulary().serialize(format="nt")


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    component: str = ""  # the constraint component, short: MaxCount, Pattern …

    def line(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        if self.conforms:
            return "SHACL: conforms\n"
        head = f"SHACL: {len(self.violations)} violation(s)\n"
        return head + "".join(v.line() + "\n" for v in self.violations)


def _short(iri: str) -> str:
    name = iri.strip("<>").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return name.removesuffix("ConstraintComponent")


def _message(given: str | None, component: str) -> str:
    return given or _SAYS.get(component, f"fails {component}")


# --- the engines -------------------------------------------------------------------------------


@cache
def _compiled() -> object:
    import shacl  # the compiled engine: imported only when used

    return shacl.Shapes.from_file(str(ontology_path("shapes.ttl")))


def _with_shacl(data: str) -> Report:
    report = _compiled().validate_text(data + _vocabulary_nt(), format="ntriples")  # type: ignore[attr-defined]
    violations = []
    for r in report.results:
        component = _short(r.component_iri or r.component or "")
        violations.append(
            Violation(
                (r.focus_node or "").strip("<>"),
                (r.path or "").strip("<>"),
                _message(r.message, component),
                _short(r.severity_iri or r.severity or "Violation"),
                component,
            )
        )
    return Report(bool(report.conforms), tuple(sorted(violations)))


def _with_pyshacl(data: str) -> Report:
    from pyshacl import validate as shacl_validate

    g = Graph().parse(data=data, format="nt")
    conforms, report_graph, _ = shacl_validate(
        g, shacl_graph=shapes(), ont_graph=vocabulary(), inference="none", abort_on_first=False, inplace=True
    )

    def one(result: Node, p: URIRef) -> str:
        v = report_graph.value(result, p)
        return str(v) if v is not None else ""

    violations = []
    for r in report_graph.subjects(RDF.type, SH.ValidationResult):
        component = _short(one(r, SH.sourceConstraintComponent))
        source = report_graph.value(r, SH.sourceShape)
        given = shapes().value(source, SH.message) if source is not None else None
        violations.append(
            Violation(
                one(r, SH.focusNode),
                one(r, SH.resultPath),
                _message(str(given) if given is not None else None, component),
                one(r, SH.resultSeverity).rsplit("#", 1)[-1],
                component,
            )
        )
    return Report(bool(conforms), tuple(sorted(violations)))


ENGINES: dict[str, Callable[[str], Report]] = {"shacl": _with_shacl, "pyshacl": _with_pyshacl}


def validate_nt(data: str, engine: str = DEFAULT_ENGINE) -> Report:
    """Validate a graph given as N-Triples text against ontology/shapes.ttl."""
    return ENGINES[engine](data)


def validate(data: Graph, engine: str = DEFAULT_ENGINE) -> Report:
    """Validate an rdflib graph (serialised to N-Triples for the engine)."""
    return validate_nt(data.serialize(format="nt"), engine)
