"""A fact's W3C Web Annotation, generated from the compact evidence the graph keeps.

The graph states a fact's evidence on the fact itself (`pal:block`, `pal:start`, `pal:end`,
`pal:page` for a PDF, `pal:quote`): a node and three selectors per fact made the graph many times
larger than its text. The Web Annotation form is made from these on demand, in JSON-LD under the
Web Annotation context (http://www.w3.org/ns/anno.jsonld; a copy in ontology/anno.jsonld):

- the annotation `<fact>#annotation`, motivated by `identifying`, whose body is what the fact is
  about (`pal:about`) and whose target is
- `<fact>#evidence`, a `SpecificResource` whose `source` is the language version the fact was
  read from (`pal:statedIn`), with `pal:block` the block it lies in and two selectors:
- `<fact>#position`, a `TextPositionSelector` (`start`, `end`: code points of the text file in
  the build's text/; `pal:page`, for a PDF, the page it begins on) and
- `<fact>#quote`, a `TextQuoteSelector` (`exact`: the quote).

The target and selectors keep the IRIs, types and values the graph held before the evidence was
made compact, except that the context types the offsets `xsd:nonNegativeInteger`. The annotation
has an IRI of its own rather than the fact's, so that reading annotations back into the graph
leaves each fact's class and properties as they are.

`palermo export --format annotations` writes one `AnnotationCollection` for the build whose first
(and only) `AnnotationPage` holds every fact's annotation, one per line, the versions in the order
of their files and each version's facts in the order of their text; it is written as it is read,
one language version at a time, so memory stays that of one version's facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import IO

import pyoxigraph as ox

from palermo.iri import PAL, Minter

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# the Web Annotation context, with the Palermo terms the target and the position selector carry
CONTEXT: list[object] = [ANNO_CONTEXT, {"pal": str(PAL)}]

# A fact's evidence, bound either to one fact (?f) or to one language version (?e).
_EVIDENCE = f"""
PREFIX pal: <{PAL}>
SELECT ?f ?e ?about ?b ?start ?end ?quote ?page
WHERE {{
  ?f pal:statedIn ?e ; pal:block ?b ; pal:start ?start ; pal:end ?end ; pal:quote ?quote ; pal:about ?about .
  OPTIONAL {{ ?f pal:page ?page }}
}}
ORDER BY ?start ?end ?f ?about
"""
_VERSIONS = f"""
PREFIX pal: <{PAL}>
SELECT ?e ?source WHERE {{ ?e pal:sourceFile ?source }}
ORDER BY ?source ?e
"""


def _annotations(store: ox.Store, **bound: ox.NamedNode) -> Iterator[dict[str, object]]:
    """The annotations (without @context) of the facts the bound variables select, in text order."""
    solutions = store.query(_EVIDENCE, substitutions={ox.Variable(k): v for k, v in bound.items()})
    assert isinstance(solutions, ox.QuerySolutions)
    current: dict[str, object] | None = None
    for row in solutions:
        fact = row["f"].value
        if current is not None and current["id"] == Minter.annotation(fact):
            body = current["body"]
            current["body"] = [*(body if isinstance(body, list) else [body]), row["about"].value]
            continue
        if current is not None:
            yield current
        current = _annotation(fact, row)
    if current is not None:
        yield current


def _annotation(fact: str, row: ox.QuerySolution) -> dict[str, object]:
    position: dict[str, object] = {
        "id": Minter.annotation(fact, "position"),
        "type": "TextPositionSelector",
        "start": int(row["start"].value),
        "end": int(row["end"].value),
    }
    if row["page"] is not None:
        position["pal:page"] = int(row["page"].value)
    return {
        "id": Minter.annotation(fact),
        "type": "Annotation",
        "motivation": "identifying",
        "body": row["about"].value,
        "target": {
            "id": Minter.annotation(fact, "evidence"),
            "type": "SpecificResource",
            "source": row["e"].value,
            "pal:block": {"id": row["b"].value},
            "selector": [
                position,
                {"id": Minter.annotation(fact, "quote"), "type": "TextQuoteSelector", "exact": row["quote"].value},
            ],
        },
    }


def annotation(store: ox.Store, fact: str) -> dict[str, object] | None:
    """The Web Annotation (JSON-LD, with its @context) of one fact of the store's merged graph;
    None when the store holds no fact of that IRI."""
    found = next(_annotations(store, f=ox.NamedNode(fact)), None)
    return {"@context": CONTEXT, **found} if found is not None else None


def write(store: ox.Store, base: str, out: IO[bytes]) -> int:
    """Write every fact's annotation as one AnnotationCollection (see the module docstring) and
    return how many."""
    minter = Minter(base)
    head = {"@context": CONTEXT, "id": minter.annotations(), "type": "AnnotationCollection"}
    page = {"id": minter.annotation_page(1), "type": "AnnotationPage", "partOf": minter.annotations(), "startIndex": 0}
    out.write(f'{_open(head)},\n "first": {_open(page)},\n  "items": ['.encode())
    count = 0
    versions = store.query(_VERSIONS)
    assert isinstance(versions, ox.QuerySolutions)
    for version in list(versions):  # a few thousand IRIs: read before the store is asked again
        for item in _annotations(store, e=version["e"]):
            out.write(("\n   " if count == 0 else ",\n   ").encode() + _json(item).encode())
            count += 1
    out.write(f'\n  ]\n }},\n "total": {count}\n}}\n'.encode())
    return count


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _open(obj: Mapping[str, object]) -> str:
    """An object's JSON without its closing brace, so that more members can follow it."""
    return _json(obj)[:-1]
