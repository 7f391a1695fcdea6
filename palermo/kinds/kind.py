"""What one kind of fact is, declared once: the places a kind used to be spread over (its check
in extraction, its triples in the graph builder, its measures in the quality report, its name on
pages) read it from here, through the registry (palermo/kinds/__init__.py).

The checker and the builder are given to a kind's functions as arguments and imported here only
for their types: extraction and the graph builder both read the kinds, so the kinds import
neither.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from palermo.iri import PAL
from palermo.labels import class_label
from palermo.models import Fact, MeetingRef

if TYPE_CHECKING:
    from palermo.extract.checks import Checker
    from palermo.graph.build import DocumentGraph

F = TypeVar("F", bound=Fact)


@dataclass(frozen=True)
class Measure(Generic[F]):
    """A figure the quality report gives a document for a kind, beyond its count of facts by
    class: its key in the document's entry (inside `section` when given, as the masthead's fields
    are) and how it is read from the document's facts of the kind, in the order they were read."""

    key: str
    read: Callable[[Sequence[F]], object]
    section: str | None = None


@dataclass(frozen=True)
class FactKind(Generic[F]):
    """One kind of fact. `model`: its dataclass (palermo/models.py); `cls`: the local name of its
    fact nodes' class in pal: (ontology/palermo.ttl and shapes.ttl, which name it for people and
    constrain it); `triples`: what it writes into a document's graph (its fact node made with
    `DocumentGraph.fact_node`); `check`: the fact with the values the shapes would reject left out
    (None to leave the fact out), none when nothing of it is constrained; `linked`: triples that
    need every fact's triples written first; `measures`: its figures in the quality report."""

    model: type[F]
    cls: str
    triples: Callable[[DocumentGraph, F], None]
    check: Callable[[Checker, F], F | None] | None = None
    linked: Callable[[DocumentGraph, F], None] | None = None
    measures: tuple[Measure[F], ...] = ()

    @property
    def iri(self) -> str:
        return f"{PAL}{self.cls}"

    def label(self, lang: str = "en") -> str:
        """Its name for people, the heading pages list its facts under: read from the labels
        tables and the ontology (palermo/labels.py), never spelled here."""
        return class_label(self.iri, lang)


def meeting_name(m: MeetingRef) -> str:
    """A meeting as the quality report names it: `WG-TIP 11`, or `WG-TIP 2030-03-04` with no
    ordinal."""
    return f"{m.body} {m.ordinal if m.ordinal is not None else m.start}"
