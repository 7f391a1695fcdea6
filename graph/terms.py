"""The vocabularies' terms in N-Triples syntax (`pal.Citation` is `<https://…/ns#Citation>`), one
home for the graph builder and the kinds of fact (palermo/kinds/) that write triples through it."""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, XSD
from rdflib.namespace import DCTERMS, PROV

from palermo import lang as langs
from palermo.graph.ntriples import Vocab, ref
from palermo.iri import CITO, ELI, ORG, PAL, SCHEMA

pal, eli, cito, org, schema = (Vocab(str(ns)) for ns in (PAL, ELI, CITO, ORG, SCHEMA))
rdf, rdfs, skos, dct, prov, xsd = (Vocab(str(ns)) for ns in (RDF, RDFS, SKOS, DCTERMS, PROV, XSD))


def characterisation(language: str, verb: str | None) -> str:
    """The CiTO property an operative verb characterises a citation with (cito:cites otherwise),
    from the language's `cito` rows."""
    if verb:
        for key, prop in langs.load(language).words.get("cito", []):
            if key == verb:
                return ref(f"{CITO}{prop}")
    return cito.cites
