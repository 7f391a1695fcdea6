"""The kinds of fact: one module each (its check, its triples, its measures, declared in a
`FactKind`, palermo/kinds/kind.py), and the registry that extraction's checks
(extract/checks.py), the graph builder (graph/build.py) and the quality report
(graph/quality.py) read. Adding a kind is its module and one line here (docs/extending.md).
"""

from __future__ import annotations

from typing import Any

from palermo.kinds import (
    agenda_item,
    citation,
    document,
    document_meeting,
    listed_document,
    meeting,
    operative,
    participation,
    person,
    recommendation,
    tool,
    uptake,
)
from palermo.kinds.kind import FactKind, Measure
from palermo.models import Fact

KINDS: tuple[FactKind[Any], ...] = (
    document.KIND,
    meeting.KIND,
    document_meeting.KIND,
    citation.KIND,
    operative.KIND,
    participation.KIND,
    person.KIND,
    recommendation.KIND,
    uptake.KIND,
    agenda_item.KIND,
    listed_document.KIND,
    tool.KIND,
)

__all__ = ["KINDS", "FactKind", "Measure", "of"]

_index: tuple[tuple[FactKind[Any], ...], dict[type, FactKind[Any]]] = ((), {})


def of(fact: Fact) -> FactKind[Any]:
    """The kind a fact is of, by its model: looked up once per registry (a test may register a
    kind of its own by replacing `KINDS`)."""
    global _index
    if _index[0] is not KINDS:
        _index = (KINDS, {k.model: k for k in KINDS})
    try:
        return _index[1][type(fact)]
    except KeyError:
        raise KeyError(f"{type(fact).__name__} is of no kind in palermo.kinds.KINDS") from None
