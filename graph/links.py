"""Links between documents, made once every document is built: what no single document can say.

- the same numbered paragraph in two language versions of one work (`pal:alignedWith`);
- a recommendation quoted in a later document and the recommendation its meeting adopted
  (`prov:wasQuotedFrom`), found by comparing their texts.

Workers send plain rows (IRIs and texts), so the links come out the same from cached documents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rdflib import RDF, Graph
from rdflib.namespace import PROV
from rdflib.term import Node

from palermo.iri import PAL

# Quoting documents shorten or re-edit a little ("缔约各国" → "缔约国"): texts this alike are one text.
QUOTE_SIMILARITY = 0.75


def alignable(key: str) -> bool:
    """Numbered paragraphs, their sub-items and preambular paragraphs: the same key in every version."""
    return key.startswith(("para/", "pp/")) and not key.startswith("para/p")


def align_versions(blocks: Iterable[list[str]]) -> list[str]:
    """N-Triples linking paragraph N of one language version to paragraph N of another version
    of the same work (`pal:alignedWith`, both ways)."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for work, key, block in blocks:
        if alignable(key):
            by_key.setdefault((work, key), []).append(block)
    out = set()
    for nodes in by_key.values():
        for a in nodes:
            for b in nodes:
                if a != b:
                    out.add(f"<{a}> <{PAL.alignedWith}> <{b}> .")
    return sorted(out)


def recommendation_rows(g: Graph) -> list[list[str]]:
    """[recommendation, meeting, "quoted" | "adopted", language, text] of one document graph."""
    rows = []
    for node in g.subjects(RDF.type, PAL.Recommendation):
        meeting, text = g.value(node, PAL.adoptedAt), g.value(node, PAL.text)
        if meeting is None or text is None:
            continue
        quoted = (node, PAL.quotedIn, None) in g
        rows.append([str(node), str(meeting), "quoted" if quoted else "adopted", _language(text), str(text)])
    return sorted(rows)


def _language(text: Node) -> str:
    return str(getattr(text, "language", "") or "")


def _bigrams(text: str) -> set[str]:
    """Character pairs of the words only: width, spacing and punctuation differ between copies."""
    folded = "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def link_quotations(rows: Iterable[list[str]]) -> list[str]:
    """N-Triples `<quoted> prov:wasQuotedFrom <adopted>`: a quoted recommendation and the one of
    the same meeting, in the same language, whose text is most alike (and alike enough)."""
    adopted: dict[tuple[str, str], list[tuple[str, set[str]]]] = {}
    quoted = []
    for node, meeting, kind, language, text in rows:
        if kind == "adopted":
            adopted.setdefault((meeting, language), []).append((node, _bigrams(text)))
        else:
            quoted.append((node, meeting, language, _bigrams(text)))
    out = set()
    for node, meeting, language, grams in quoted:
        scored = sorted(((_dice(grams, g), n) for n, g in adopted.get((meeting, language), [])), reverse=True)
        if scored and scored[0][0] >= QUOTE_SIMILARITY and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            out.add(f"<{node}> <{PROV.wasQuotedFrom}> <{scored[0][1]}> .")
    return sorted(out)
