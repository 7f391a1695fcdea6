"""The extractor registry: every extractor, its name and version, in the order they run.

An extractor is a pure function `Context -> list[Fact]`: the context (extract/context.py) holds
the document and what extractors share about it (masthead, sentences, meetings), so what one
extractor takes from another is spelled out there. Its name and version are written into the
provenance of every fact it makes, and the version is part of the build cache key: bump it when
the extractor's output changes. Every fact is checked against the shapes before it leaves
(extract/checks.py): a value the shapes would reject is left out, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from palermo.extract import actors, checks, citations, masthead, meetings, recommendations, tools_and_resources
from palermo.extract.context import Context
from palermo.models import Document, Fact


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    run: Callable[[Context], list[Fact]]


REGISTRY: tuple[Extractor, ...] = (
    Extractor("masthead", "8", masthead.extract),
    Extractor("meetings", "6", meetings.extract),
    Extractor("document-meeting", "4", meetings.document_meeting),
    Extractor("citations", "4", citations.extract),
    Extractor("article-subject", "1", citations.subject_articles),
    Extractor("operative", "2", citations.operative),
    Extractor("actors", "3", actors.extract),
    Extractor("recommendations", "2", recommendations.extract),
    Extractor("recommendation-uptake", "1", recommendations.uptake),
    Extractor("agenda", "2", recommendations.agenda),
    Extractor("documents-before", "2", recommendations.documents_before),
    Extractor("tools", "2", tools_and_resources.extract),
)


def by_name(name: str) -> Extractor:
    for e in REGISTRY:
        if e.name == name:
            return e
    raise KeyError(name)


@dataclass
class Extraction:
    """The facts of one document, and what was left out because it did not fit the shapes."""

    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract_all(doc: Document) -> Extraction:
    """Run every registered extractor on a document; check every value against the shapes."""
    ctx = Context(doc)
    out = Extraction()
    for e in REGISTRY:
        for fact in e.run(ctx):
            kept, problems = checks.check(fact)
            out.warnings.extend(f"{doc.source}: {p}" for p in problems)
            if kept is not None:
                out.facts.append(kept)
    return out


def version_key() -> str:
    """One string that changes whenever any extractor's version does (for caches)."""
    return ",".join(f"{e.name}={e.version}" for e in REGISTRY)
