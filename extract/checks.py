"""Every value an extractor emits, checked against the constraints of ontology/shapes.ttl before
it leaves extraction: a value the shapes would reject is left out (or the fact, when the value is
what the fact is about) and named in a warning, so no input can make a build fail validation.

The constraints are read from the shapes themselves (sh:pattern, sh:in, sh:minInclusive,
sh:maxInclusive of a class's property), one schema for both: a changed pattern in shapes.ttl
changes what extraction lets through.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from rdflib import SKOS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Literal

from palermo import kinds, reference
from palermo.iri import ELI, ORG, PAL, SCHEMA, SH
from palermo.models import ActRef, Fact, MeetingRef
from palermo.resources import ontology_path

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

V = TypeVar("V")
T = TypeVar("T", bound="DataclassInstance")

# The (class, property) of the shapes each kind of value becomes in the graph.
SLOTS: dict[str, tuple[URIRef, URIRef]] = {
    "symbol": (ELI.LegalResource, ELI.id_local),
    "act-number": (PAL.Act, PAL.actNumber),
    "act-kind": (PAL.Act, PAL.actKind),
    "ordinal": (PAL.Meeting, PAL.ordinal),
    "agenda-item": (PAL.AgendaItem, PAL.number),
    "cited-paragraphs": (PAL.Citation, PAL.citedParagraphs),
    "article": (PAL.Article, PAL.number),
    "article-paragraph": (PAL.ArticleParagraph, PAL.number),
    "recommendation": (PAL.Recommendation, PAL.number),
    "country": (SCHEMA.Country, SKOS.notation),
    "body": (ORG.Organization, SKOS.notation),
}


@dataclass(frozen=True)
class Constraint:
    pattern: re.Pattern[str] | None = None
    allowed: frozenset[str] | None = None
    low: float | None = None
    high: float | None = None

    def admits(self, value: object) -> bool:
        text = str(value)
        if self.pattern is not None and not self.pattern.search(text):
            return False
        if self.allowed is not None and text not in self.allowed:
            return False
        if self.low is not None or self.high is not None:
            if not isinstance(value, int):
                return False
            if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
                return False
        return True


@cache
def constraints() -> dict[str, Constraint]:
    """The constraints of each slot, merged over every shape that targets its class."""
    g = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    out: dict[str, Constraint] = {}
    for name, (cls, path) in SLOTS.items():
        c = Constraint()
        for shape in g.subjects(SH.targetClass, cls):
            for prop in g.objects(shape, SH.property):
                if g.value(prop, SH.path) != path:
                    continue
                pattern = g.value(prop, SH.pattern)
                if pattern is not None:
                    c = replace(c, pattern=re.compile(str(pattern)))
                members = g.value(prop, getattr(SH, "in"))
                if members is not None:
                    c = replace(c, allowed=frozenset(str(x) for x in Collection(g, members)))
                low, high = g.value(prop, SH.minInclusive), g.value(prop, SH.maxInclusive)
                if isinstance(low, Literal):
                    c = replace(c, low=float(low.toPython()))
                if isinstance(high, Literal):
                    c = replace(c, high=float(high.toPython()))
        out[name] = c
    return out


def admits(slot: str, value: object) -> bool:
    return constraints()[slot].admits(value)


def valid_date(value: str | None) -> bool:
    """YYYY-MM-DD (a real day), YYYY-MM or YYYY."""
    if value is None:
        return True
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return True
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return 1 <= int(value[5:]) <= 12
        return re.fullmatch(r"\d{4}", value) is not None
    except ValueError:
        return False


class Checker:
    """Collects what a fact loses; `None` from a field check means the value is left out. A kind
    of fact's check (palermo/kinds/) is given one and asks it about each value."""

    def __init__(self, fact: Fact) -> None:
        self.fact = fact
        self.problems: list[str] = []

    def bad(self, what: str, value: object) -> None:
        quote = self.fact.evidence.quote.replace("\n", " ")[:80]
        self.problems.append(
            f"{type(self.fact).__name__} {what} {value!r} does not fit the shapes; left out ({quote!r})"
        )

    @staticmethod
    def admits(slot: str, value: object) -> bool:
        """Whether the value fits its slot, with no warning (for a value left out silently)."""
        return admits(slot, value)

    @staticmethod
    def is_date(value: str | None) -> bool:
        return valid_date(value)

    @staticmethod
    def keep(obj: T, **values: object) -> T:
        """`obj` with `values`, itself when it has them already: most facts pass unchanged, and a
        dataclass copy per fact and meeting was a tenth of extraction."""
        if all(getattr(obj, k) == v for k, v in values.items()):
            return obj
        return replace(obj, **values)

    def value(self, slot: str, value: V, what: str | None = None) -> V | None:
        if value is None or admits(slot, value):
            return value
        self.bad(what or slot, value)
        return None

    def date(self, what: str, value: str | None) -> str | None:
        if valid_date(value):
            return value
        self.bad(what, value)
        return None

    def meeting(self, ref: MeetingRef | None) -> MeetingRef | None:
        if ref is None:
            return None
        start = self.date("meeting start", ref.start)
        end = self.date("meeting end", ref.end) if start else None
        ordinal = ref.ordinal if ref.ordinal is None or admits("ordinal", ref.ordinal) else None
        if ordinal is None and ref.ordinal is not None:
            self.bad("meeting ordinal", ref.ordinal)
        if ref.body not in reference.bodies() or not admits("body", ref.body):
            self.bad("meeting body", ref.body)
            return None
        if ordinal is None and start is None:
            self.bad("meeting (neither ordinal nor date)", f"{ref.body}")
            return None
        return self.keep(ref, ordinal=ordinal, start=start, end=end)

    def act(self, act: ActRef | None) -> ActRef | None:
        if act is None:
            return None
        if (
            act.body not in reference.bodies()
            or not admits("act-number", act.number)
            or not admits("act-kind", act.kind)
        ):
            self.bad("act", f"{act.body} {act.kind} {act.number}")
            return None
        return act


def check(fact: Fact) -> tuple[Fact | None, list[str]]:
    """The fact with every value that fits the shapes (None when what it is about does not), by
    its kind's check (palermo/kinds/); a kind with none passes unchanged."""
    kind = kinds.of(fact)
    if kind.check is None:
        return fact, []
    c = Checker(fact)
    return kind.check(c, fact), c.problems
