"""A kind of fact is one declaration (palermo/kinds/): a toy kind registered through it alone is
checked, written, labelled and measured; and the registry and the ontology agree on every kind."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from palermo import kinds, labels, models
from palermo.extract import checks
from palermo.graph import quality
from palermo.graph.build import DocumentGraph, document_graph
from palermo.graph.built import BuildReader
from palermo.graph.ntriples import literal, ref
from palermo.graph.pages import Link, Pages
from palermo.graph.terms import pal
from palermo.iri import PAL, SH, Minter
from palermo.kinds import FactKind, Measure
from palermo.models import Document, Fact, evidence
from palermo.reader import parse
from palermo.resources import ontology_path

SNIPPET = "Report\n\n1. A red toy from Afghanistan.\n\n2. A blue toy from nowhere.\n\n3. A toy of no colour.\n"


@dataclass(frozen=True)
class ToyFact(Fact):
    """A toy seen in a paragraph: its colour, and the country it came from (ISO alpha-3)."""

    colour: str
    country: str | None


def _check(c: checks.Checker, f: ToyFact) -> ToyFact | None:
    """A toy is its colour: none, no fact; a country the shapes reject is left out, with a warning."""
    return c.keep(f, country=c.value("country", f.country)) if f.colour else None


def _triples(b: DocumentGraph, f: ToyFact) -> None:
    colour = b.minter.concept("toy-colour", f.colour)
    node = b.fact_node(f, colour, f.colour, f.country)
    b.g.add(node, pal.toyColour, literal(f.colour))
    if f.country:
        b.g.add(node, pal.country, ref(b.minter.country(f.country)))


def _colours(found: Sequence[ToyFact]) -> list[str]:
    return sorted({f.colour for f in found})


TOY = FactKind(ToyFact, "ToySighting", _triples, _check, measures=(Measure("toy_colours", _colours),))


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[FactKind[ToyFact]]:
    """The toy kind registered, and its class named in the ontology as a new kind's would be (an
    rdfs:label in palermo.ttl): the declaration itself holds no words."""
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, TOY))
    named = {**labels.class_labels(), (TOY.iri, "en"): "toy sighting"}
    monkeypatch.setattr(labels, "class_labels", lambda: named)
    yield TOY


def _toy(doc: Document, key: str, colour: str, country: str | None) -> ToyFact:
    block = doc.block(key)
    start = block.text.index("toy")
    # made by a registered extractor (its name and version are the fact's provenance)
    return ToyFact(evidence(doc, block, start, start + 3), "tools", colour, country)


class _View(BuildReader):
    """A store of one document's graph, read as a build is (the page queries run on it)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store


def _link(here: str, node: object) -> Link:
    iri = str(getattr(node, "value", node))
    return Link(iri.rsplit("/", 1)[-1], iri)


def test_a_toy_kind_is_checked_written_labelled_and_measured(toy: FactKind[ToyFact]) -> None:
    doc = parse(SNIPPET, "toys.txt", "en")
    read = [_toy(doc, "para/1", "red", "AFG"), _toy(doc, "para/2", "blue", "Nowhere"), _toy(doc, "para/3", "", None)]
    facts: list[Fact] = []
    left_out: list[str] = []
    for f in read:
        kept, problems = checks.check(f)
        left_out.extend(problems)
        if kept is not None:
            facts.append(kept)
    # checked: the bad country left out with a warning naming it, the toy of no colour dropped
    assert [(f.colour, f.country) for f in facts if isinstance(f, ToyFact)] == [("red", "AFG"), ("blue", None)]
    assert len(left_out) == 1 and "ToyFact country 'Nowhere' does not fit the shapes" in left_out[0]

    # written: a fact node of the kind's class with its provenance, and its own triples
    built = document_graph(doc, facts, Minter())
    nodes = {n for n, (cls, *_) in built.facts.items() if cls == TOY.iri}
    assert len(nodes) == 2
    for node in nodes:
        assert f"{ref(node)} {pal.statedIn} {ref(built.expr)} ." in built.g.lines
    assert sum(pal.toyColour in line for line in built.g.lines) == 2
    assert sum(pal.country in line for line in built.g.lines) == 1

    # measured: counted by its class, and its own measure in the document's entry
    measures = quality.measure(doc, facts, built, left_out)
    assert measures["facts"] == {"ToySighting": 2}
    assert measures["toy_colours"] == ["blue", "red"]
    assert measures["masthead"] == dict.fromkeys(quality.FIELDS)  # no kind gave a masthead field

    # labelled: named from the ontology, and listed under that name on the version's page
    assert toy.label() == "toy sighting"
    store = ox.Store()
    store.load("".join(f"{line}\n" for line in built.g.lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    _, by_kind, _ = Pages(_View(store), _link).text("", ox.NamedNode(built.expr))
    assert [(kind, sorted(x.text for x in listed)) for kind, listed in by_kind] == [
        ("Toy sighting", ["blue", "red"])
    ]


def test_an_unregistered_kind_is_named_in_the_error() -> None:
    doc = parse(SNIPPET, "toys.txt", "en")
    with pytest.raises(KeyError, match="ToyFact is of no kind"):
        checks.check(_toy(doc, "para/1", "red", "AFG"))


def _ontology(name: str) -> Graph:
    return Graph().parse(ontology_path(name), format="turtle")


def _fact_models() -> list[type[Fact]]:
    """Every fact dataclass of palermo/models.py."""
    found = [v for v in vars(models).values() if isinstance(v, type) and issubclass(v, Fact) and v is not Fact]
    return [m for m in found if dataclasses.is_dataclass(m)]


def test_every_fact_model_has_one_kind() -> None:
    models_of = [k.model for k in kinds.KINDS]
    assert sorted(m.__name__ for m in models_of) == sorted(m.__name__ for m in _fact_models())
    assert len(set(models_of)) == len(models_of)
    assert len({k.cls for k in kinds.KINDS}) == len(kinds.KINDS)


@pytest.mark.parametrize("kind", kinds.KINDS, ids=[k.cls for k in kinds.KINDS])
def test_every_kind_is_declared_named_and_shaped(kind: FactKind[Fact]) -> None:
    """Its class is a class of palermo.ttl under pal:Fact (so the shape of every fact, its
    evidence and provenance, applies to it), named there (rdfs:label) or in the English labels
    table."""
    vocabulary, shapes = _ontology("palermo.ttl"), _ontology("shapes.ttl")
    cls = URIRef(kind.iri)
    assert set(vocabulary.objects(cls, RDF.type)) & {OWL.Class, RDFS.Class}
    assert (kind.iri, "en") in labels.class_labels() or ("class", kind.cls) in labels.table("en")
    assert (cls, RDFS.subClassOf, PAL.Fact) in vocabulary
    assert any(shapes.subjects(SH.targetClass, PAL.Fact))


def test_the_masthead_fields_are_each_given_by_one_kind() -> None:
    given = [m.key for k in kinds.KINDS for m in k.measures if m.section == "masthead"]
    assert sorted(given) == sorted(quality.FIELDS)
