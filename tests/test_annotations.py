"""A fact's W3C Web Annotation, made from the compact evidence (graph/annotations.py): its shape on
hand-made facts, and on the corpus build read back by a JSON-LD processor (rdflib, the Web
Annotation context from the local copy in ontology/) into the Web Annotation triples the graph used
to hold for every fact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.plugins.shared.jsonld import context as jsonld_context

from palermo.cli import main
from palermo.graph.annotations import ANNO_CONTEXT, annotation
from palermo.graph.built import BuildReader
from palermo.graph.export import network
from palermo.iri import OA, PAL
from palermo.pipeline import BuildResult
from palermo.resources import ontology_path

B = "https://example.org/palermo/"
EXPR = B + "doc/x/zh"
FACT = EXPR + "/fact/citations/1"
AS = "http://www.w3.org/ns/activitystreams#"


def _store(extra: list[tuple[str, object]]) -> ox.Store:
    """A store holding one fact's compact evidence, with `extra` (predicate, object) on the fact."""
    store = ox.Store()
    fact = ox.NamedNode(FACT)

    def add(p: str, o: object) -> None:
        obj = o if isinstance(o, ox.Literal) else ox.NamedNode(str(o))
        store.add(ox.Quad(fact, ox.NamedNode(p), obj, ox.DefaultGraph()))

    add(str(RDF.type), PAL.Citation)
    add(str(PAL.statedIn), EXPR)
    add(str(PAL.block), EXPR + "/para/12")
    add(str(PAL.start), ox.Literal("40", datatype=ox.NamedNode(str(XSD.integer))))
    add(str(PAL.end), ox.Literal("52", datatype=ox.NamedNode(str(XSD.integer))))
    add(str(PAL.quote), ox.Literal("第64/293号决议"))
    for p, o in extra:
        add(p, o)
    return store


@pytest.mark.parametrize(
    ("extra", "body", "page"),
    [
        ([(str(PAL.about), B + "act/ga/resolution/64-293")], B + "act/ga/resolution/64-293", None),
        (  # a PDF's fact: the page it begins on, on the position selector
            [
                (str(PAL.about), B + "country/afg"),
                (str(PAL.page), ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer)))),
            ],
            B + "country/afg",
            3,
        ),
        (  # about two things: both are bodies
            [(str(PAL.about), B + "country/afg"), (str(PAL.about), B + "country/alb")],
            [B + "country/afg", B + "country/alb"],
            None,
        ),
    ],
    ids=["one-body", "page", "two-bodies"],
)
def test_annotation_of_a_fact(extra: list[tuple[str, object]], body: object, page: int | None) -> None:
    found = annotation(_store(extra), FACT)
    assert found is not None
    assert found["@context"][0] == ANNO_CONTEXT
    assert (found["id"], found["type"], found["motivation"], found["body"]) == (
        FACT + "#annotation",
        "Annotation",
        "identifying",
        body,
    )
    target: dict[str, Any] = found["target"]
    assert (target["id"], target["type"], target["source"]) == (FACT + "#evidence", "SpecificResource", EXPR)
    assert target["pal:block"] == {"id": EXPR + "/para/12"}
    position, quote = target["selector"]
    expected = {"id": FACT + "#position", "type": "TextPositionSelector", "start": 40, "end": 52}
    assert position == (expected if page is None else {**expected, "pal:page": page})
    assert quote == {"id": FACT + "#quote", "type": "TextQuoteSelector", "exact": "第64/293号决议"}


@pytest.mark.parametrize("iri", [EXPR + "/para/12", FACT + "/elsewhere", EXPR])
def test_no_annotation_for_what_is_not_a_fact(iri: str) -> None:
    assert annotation(_store([(str(PAL.about), B + "country/afg")]), iri) is None


# ---- the corpus: read back by a JSON-LD processor ----------------------------------------------


@pytest.fixture
def offline_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib's JSON-LD parser given the Web Annotation context from ontology/, and no network."""
    local = json.loads(ontology_path("anno.jsonld").read_text(encoding="utf-8"))

    def fetch(source: object, *args: object, **kwargs: object) -> tuple[object, None]:
        assert str(source) == ANNO_CONTEXT, f"a context fetched from the network: {source}"
        return local, None

    monkeypatch.setattr(jsonld_context, "source_to_json", fetch)


@pytest.fixture(scope="module")
def exported(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("annotations") / "annotations.jsonld"
    assert main(["export", "--data", str(built.out), "--format", "annotations", "--out", str(out)]) == 0
    return out


def _offset(g: Graph, fact: URIRef, p: URIRef) -> int:
    value = g.value(fact, p)
    assert isinstance(value, Literal)
    return int(value)


def _old_form(g: Graph) -> set[tuple[URIRef, URIRef, object]]:
    """Every fact's annotation as the triples the graph held before its evidence was made compact
    (`<fact>#evidence` an oa:SpecificResource with its two selectors), and the annotation itself:
    the expected triples, written from the compact evidence the way the builder once wrote them.
    The offsets are typed as the Web Annotation context types oa:start and oa:end."""
    out: set[tuple[URIRef, URIRef, object]] = set()
    for fact in g.subjects(PAL.quote, None):
        assert isinstance(fact, URIRef)
        ann, target = URIRef(f"{fact}#annotation"), URIRef(f"{fact}#evidence")
        position, quote = URIRef(f"{fact}#position"), URIRef(f"{fact}#quote")
        out |= {
            (ann, RDF.type, OA.Annotation),
            (ann, OA.motivatedBy, OA.identifying),
            (ann, OA.hasTarget, target),
            *((ann, OA.hasBody, about) for about in g.objects(fact, PAL.about)),
            (target, RDF.type, OA.SpecificResource),
            (target, OA.hasSource, g.value(fact, PAL.statedIn)),
            (target, PAL.block, g.value(fact, PAL.block)),
            (target, OA.hasSelector, position),
            (target, OA.hasSelector, quote),
            (position, RDF.type, OA.TextPositionSelector),
            (position, OA.start, Literal(_offset(g, fact, PAL.start), datatype=XSD.nonNegativeInteger)),
            (position, OA.end, Literal(_offset(g, fact, PAL.end), datatype=XSD.nonNegativeInteger)),
            (quote, RDF.type, OA.TextQuoteSelector),
            (quote, OA.exact, Literal(str(g.value(fact, PAL.quote)))),
        }
        out |= {(position, PAL.page, page) for page in g.objects(fact, PAL.page)}
    return out


def test_every_fact_read_back_as_its_web_annotation(built: BuildResult, exported: Path, offline_context: None) -> None:
    graph = Graph().parse(built.out / "graph.nt", format="nt")
    back = Graph().parse(exported, format="json-ld")
    collection = URIRef(B + "annotations")
    (page,) = back.objects(collection, URIRef(AS + "first"))
    first = back.value(page, URIRef(AS + "items"))
    assert first is not None
    items = list(Collection(back, first))
    facts = set(graph.subjects(PAL.quote, None))
    assert len(items) == len(set(items)) == len(facts) > 100
    assert back.value(collection, URIRef(AS + "totalItems")).toPython() == len(facts)  # type: ignore[union-attr]
    of_facts = {str(f) for f in facts}
    annotations = {t for t in back if str(t[0]).split("#")[0] in of_facts}
    assert annotations == _old_form(graph)
    rest = {t[0] for t in back} - {t[0] for t in annotations}
    assert all(s in (collection, page) or isinstance(s, BNode) for s in rest)  # the list of items


def test_export_is_in_reading_order(exported: Path) -> None:
    items = json.loads(exported.read_text(encoding="utf-8"))["first"]["items"]
    order = [(i["target"]["source"], i["target"]["selector"][0]["start"]) for i in items]
    by_version: dict[str, list[int]] = {}
    for source, start in order:
        by_version.setdefault(source, []).append(start)
    assert len(by_version) > 1 and all(starts == sorted(starts) for starts in by_version.values())
    runs = [s for i, (s, _) in enumerate(order) if i == 0 or s != order[i - 1][0]]
    assert len(runs) == len(by_version)  # each version's facts together


def test_provenance_network_links_a_fact_to_its_block(built: BuildResult) -> None:
    net = network(BuildReader(built.out), keep_provenance=True)
    relations = {(net.nodes[u]["type"], net.nodes[v]["type"], d["relation"]) for u, v, d in net.edges(data=True)}
    assert ("fact", "block", "block") in relations
    assert "evidence" not in {d["type"] for _, d in net.nodes(data=True)}
