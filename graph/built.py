"""A build read through its embedded store and its sorted dumps: what `export` and `publish`
need, a thing at a time, without loading the graph into memory.

Point lookups (a resource's properties, what points at it) go to the store's default graph, the
merged graph; whole-graph passes read `graph.nt`, which is sorted, so each subject's triples
come together; JSON-LD and Turtle are written from those passes as they go.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from palermo.graph.store import MANIFEST, QUADS, TRIPLES, Damaged, open_build
from palermo.iri import PREFIXES
from palermo.resources import ontology_path

Term = ox.NamedNode | ox.BlankNode | ox.Literal
DEFAULT = ox.DefaultGraph()
TYPE = ox.NamedNode(str(RDF.type))
_STRING = str(XSD.string)

# prefixes for Turtle and for prefixed names in pages and JSON-LD
NAMESPACES: dict[str, str] = {
    **{prefix: str(ns) for prefix, ns in PREFIXES.items()},
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
    "prov": str(PROV),
}
# the same as a SPARQL prologue, for the queries the code writes (the library's .rq declare their own)
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NAMESPACES.items())


__all__ = ["BuildReader", "Damaged"]  # Damaged: a build that is not whole, or a dump that cannot be read


class BuildReader:
    """One build, known whole (store.check; the files named in `whole`, those it will read whole
    to send or publish, checked line by line and by their sha256): its base IRI, its store
    (read-only) and its dumps."""

    def __init__(self, data_dir: Path, whole: tuple[str, ...] = ()) -> None:
        self.data = data_dir
        manifest, self.store = open_build(data_dir, whole)
        try:
            self.base: str = manifest["base"]
            self.documents: int = len(manifest["documents"])
            self.triples: int = int(manifest["triples"])
        except (KeyError, TypeError, ValueError):
            raise Damaged(f"{data_dir / MANIFEST}: not a build manifest; build again") from None

    # -- lookups on the merged graph
    def about(self, s: ox.NamedNode) -> list[tuple[ox.NamedNode, Term]]:
        """(predicate, object) of a subject, sorted."""
        found = [(q.predicate, _term(q.object)) for q in self.store.quads_for_pattern(s, None, None, DEFAULT)]
        return sorted(found, key=lambda t: (t[0].value, _key(t[1])))

    def objects(self, s: ox.NamedNode, p: ox.NamedNode) -> list[Term]:
        return sorted((_term(q.object) for q in self.store.quads_for_pattern(s, p, None, DEFAULT)), key=_key)

    def value(self, s: ox.NamedNode | None, p: ox.NamedNode) -> Term | None:
        if s is None:
            return None
        found = self.objects(s, p)
        return found[0] if found else None

    def pointing(self, o: ox.NamedNode) -> list[tuple[Term, ox.NamedNode]]:
        """(subject, predicate) of the triples pointing at `o`, sorted."""
        found = [(_term(q.subject), q.predicate) for q in self.store.quads_for_pattern(None, None, o, DEFAULT)]
        return sorted(found, key=lambda t: (_key(t[0]), t[1].value))

    def select(self, query: str, **bindings: Term) -> list[dict[str, Term]]:
        """Rows of a SELECT on the merged graph, with `?name` bound to each given term (Oxigraph
        binds only variables the query selects)."""
        solutions = self.store.query(
            SPARQL_PREFIXES + query, substitutions={ox.Variable(k): v for k, v in bindings.items()}
        )
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{n: _term(row[n]) for n in names if row[n] is not None} for row in solutions]

    # -- whole-graph passes
    def subjects(self) -> Iterator[tuple[ox.NamedNode, list[tuple[ox.NamedNode, Term]]]]:
        """Every subject of the merged graph with its (predicate, object) pairs, in graph.nt's order."""
        current: ox.NamedNode | None = None
        pairs: list[tuple[ox.NamedNode, Term]] = []
        path = self.data / TRIPLES
        try:
            for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES, lenient=True):
                if t.subject != current:
                    if current is not None:
                        yield current, pairs
                    current, pairs = t.subject, []  # no blank nodes in a Palermo graph
                pairs.append((t.predicate, _term(t.object)))
        except SyntaxError as e:
            raise Damaged(f"{path}: damaged ({str(e).splitlines()[0][:200]}); build again") from None
        if current is not None:
            yield current, pairs

    def turtle(self, out: IO[bytes]) -> None:
        self.store.dump(out, ox.RdfFormat.TURTLE, from_graph=DEFAULT, prefixes=NAMESPACES)

    def trig(self, out: IO[bytes]) -> None:
        """The build's dataset: the merged graph (the store's default graph) as the default graph,
        and each document's graph from graph.nq (the store holds those only when asked)."""
        path = self.data / QUADS
        merged = self.store.quads_for_pattern(None, None, None, DEFAULT)
        try:
            quads = itertools.chain(merged, ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
            ox.serialize(quads, out, ox.RdfFormat.TRIG, prefixes=NAMESPACES)
        except (OSError, SyntaxError) as e:
            first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
            raise Damaged(f"{path}: cannot be read ({first}); build again") from None

    def jsonld(self, out: IO[bytes]) -> None:
        """The merged graph as JSON-LD with the published context, one node object per subject."""
        out.write(b'{"@context": ' + json.dumps(context(), ensure_ascii=False).encode() + b',\n "@graph": [\n')
        for i, (s, pairs) in enumerate(self.subjects()):
            node = json.dumps(jsonld_node(s, pairs, compact=True), ensure_ascii=False)
            out.write((",\n" if i else "").encode() + node.encode())
        out.write(b"\n]}\n")


def _key(t: Term) -> str:
    return str(t)


def _term(t: object) -> Term:
    """A term of a Palermo graph (which holds no quoted triples)."""
    assert isinstance(t, ox.NamedNode | ox.BlankNode | ox.Literal), t
    return t


def context() -> dict[str, object]:
    """The published JSON-LD @context (ontology/context.jsonld)."""
    data = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))
    ctx = data["@context"]
    assert isinstance(ctx, dict)
    return ctx


def _terms() -> dict[str, tuple[str, bool]]:
    """Property IRI → (the context's term for it, whether its values are IRIs), for the terms
    that are plain aliases (no container), so a value object can always follow them."""
    out: dict[str, tuple[str, bool]] = {}
    ctx = context()
    for term, definition in ctx.items():
        if term.startswith("@") or term in NAMESPACES:
            continue
        iri = definition if isinstance(definition, str) else dict(definition).get("@id")  # type: ignore[call-overload]
        if not isinstance(iri, str) or (isinstance(definition, dict) and "@container" in definition):
            continue
        prefix, _, local = iri.partition(":")
        full = NAMESPACES[prefix] + local if prefix in NAMESPACES else iri
        out[full] = (term, isinstance(definition, dict) and definition.get("@type") == "@id")
    return out


_TERMS = _terms()


def qname(iri: str, prefixes: dict[str, str] = NAMESPACES) -> str:
    for prefix, ns in prefixes.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


_CONTEXT_PREFIXES = {k: v for k, v in context().items() if isinstance(v, str) and v.endswith(("#", "/"))}


def jsonld_node(s: Term, pairs: list[tuple[ox.NamedNode, Term]], compact: bool) -> dict[str, object]:
    """A node object, values explicit: keys as the published context's terms (`compact`, for that
    context) or as prefixed names (for a context of NAMESPACES)."""
    prefixes = _CONTEXT_PREFIXES if compact else NAMESPACES
    node: dict[str, object] = {"@id": s.value}
    for p, o in pairs:
        if p == TYPE:
            node.setdefault("@type", []).append(qname(o.value, prefixes))  # type: ignore[attr-defined]
            continue
        named = qname(p.value, prefixes)
        term, coerced = _TERMS.get(p.value, (named, False)) if compact else (named, False)
        value: object
        if isinstance(o, ox.NamedNode):
            value = o.value if coerced else {"@id": o.value}
        elif isinstance(o, ox.Literal) and o.language:
            value = {"@value": o.value, "@language": o.language}
        elif isinstance(o, ox.Literal) and o.datatype.value != _STRING:
            value = {"@value": o.value, "@type": o.datatype.value}
        else:
            value = {"@value": o.value}
        node.setdefault(term, []).append(value)  # type: ignore[attr-defined]
    return node
