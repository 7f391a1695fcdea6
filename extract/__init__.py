"""The extractor registry: every extractor, its name and version, in the order they run.

An extractor is a pure function `Document -> list[Fact]`. Its name and version are written
into the provenance of every fact it makes, and the version is part of the build cache key:
bump it when the extractor's output changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from palermo.extract import actors, citations, meetings, metadata, recommendations, tools

from palermo.models import Document, Fact


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    run: Callable[[Document], list[Fact]]


REGISTRY: tuple[Extractor, ...] = (
    Extractor("metadata", "1", metadata.extract),
    Extractor("meetings", "1", meetings.extract),
    Extractor("document-meeting", "1", meetings.document_meeting),
    Extractor("citations", "1", citations.extract),
    Extractor("operative", "1", citations.operative),
    Extractor("actors", "1", actors.extract),
    Extractor("recommendations", "1", recommendations.extract),
    Extractor("agenda", "1", recommendations.agenda),
    Extractor("documents-before", "1", recommendations.documents_before),
    Extractor("tools", "1", tools.extract),
)


def by_name(name: str) -> Extractor:
    for e in REGISTRY:
        if e.name == name:
            return e
    raise KeyError(name)


def extract_all(doc: Document) -> list[Fact]:
    """Run every registered extractor on a document."""
    facts: list[Fact] = []
    for e in REGISTRY:
        facts.extend(e.run(doc))
    return facts


def version_key() -> str:
    """One string that changes whenever any extractor's version does (for caches)."""
    return ",".join(f"{e.name}={e.version}" for e in REGISTRY)
