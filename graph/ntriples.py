"""N-Triples written straight from terms: a document's graph is a set of lines, never an rdflib
Graph (which indexes every triple three ways, only for the lines to be serialised again).

IRIs are minted by palermo/iri.py and need no escaping but the N-Triples IRI escapes; literals are
escaped as N-Triples wants them (one line each), with their language tag or datatype (none for
xsd:string), so the lines are canonical: the same graph, the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_SPECIAL = re.compile(r'[\\"\n\r]')
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING = str(XSD.string)


def _iri(value: str) -> str:
    if _IRI_BAD.search(value):
        value = _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return f"<{value}>"


def term(node: Node) -> str:
    """A term in N-Triples syntax."""
    if isinstance(node, Literal):
        text = _SPECIAL.sub(lambda m: _ESCAPES[m.group()], str(node))
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None and str(node.datatype) != _STRING:
            return f'"{text}"^^<{node.datatype}>'
        return f'"{text}"'
    if isinstance(node, URIRef):
        return _iri(str(node))
    raise TypeError(f"no blank nodes in a Palermo graph: {node!r}")


class Triples:
    """A graph as a set of N-Triples lines, with the subjects of each class (what a build counts)."""

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self.typed: dict[str, set[str]] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        self.lines.add(f"{term(s)} {term(p)} {term(o)} .")
        if str(p) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            self.typed.setdefault(str(o), set()).add(str(s))

    def update(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        for t in triples:
            self.add(t)

    def sorted(self) -> list[str]:
        return sorted(self.lines)

    def subjects(self, cls: Node) -> set[str]:
        return self.typed.get(str(cls), set())

    def __len__(self) -> int:
        return len(self.lines)
