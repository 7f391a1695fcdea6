"""The compiled SHACL engine against the reference (pyshacl): the same violations on the corpus and
on a document graph broken, once each, for every constraint kind the shapes use."""

from __future__ import annotations

import re

import pytest

from palermo.graph.validate import ENGINES, validate_nt
from palermo.pipeline import BuildResult

P = "https://example.org/palermo/"
NS = P + "ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def document(built: BuildResult) -> str:
    """The N-Triples of one document's graph of the corpus build."""
    graph = f"<{P}graph/004_6d5351d906e40ff2.txt>"
    lines = (built.out / "graph.nq").read_text(encoding="utf-8").splitlines()
    return "".join(ln[: -len(graph) - 3] + " .\n" for ln in lines if ln.endswith(f" {graph} ."))


def first(data: str, pattern: str) -> str:
    m = re.search(pattern, data, re.M)
    assert m, pattern
    return m.group(1)


def broken(data: str, kind: str) -> str:
    """The document's graph with one constraint of `kind` broken."""
    meeting = first(data, rf"^(<{P}meeting/[^>]+>) <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NS}Meeting>")
    expr = first(data, rf"^(<[^>]+>) <{NS}sourceFile> ")
    block = first(data, rf"^(<[^>]+/para/\d+>) <{NS}start> ")
    fact = first(data, rf'^(<[^>]+/fact/[^>]+>) <{NS}start> "[1-9]')  # a fact's quote, not at offset 0
    work = first(data, r"^(<[^>]+>) <http://data.europa.eu/eli/ontology#is_realized_by> ")
    citation = first(data, rf"^(<[^>]+>) <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NS}Citation>")
    changes = {
        "MinCount": ("remove", rf"^{re.escape(expr)} <{NS}sourceFile> .*\n"),
        "MaxCount": ("add", f'{meeting} <{NS}ordinal> "77"^^<{XSD}integer> .\n'),
        "Datatype": ("add", f'{block} <{NS}key> "para/x"^^<{XSD}integer> .\n'),
        "Pattern": ("add", f'{work} <http://data.europa.eu/eli/ontology#id_local> "not a symbol" .\n'),
        "Class": ("add", f"{meeting} <{NS}body> <{P}nowhere> .\n"),
        "NodeKind": ("add", f'{work} <http://purl.org/dc/terms/type> "report" .\n'),
        "In": (
            "add",
            f"<{P}act/cop/decision/9-9> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NS}Act> .\n"
            f"<{P}act/cop/decision/9-9> <{NS}issuedBy> <{P}body/cop> .\n"
            f'<{P}act/cop/decision/9-9> <{NS}actNumber> "9/9" .\n'
            f'<{P}act/cop/decision/9-9> <{NS}actKind> "ruling" .\n',
        ),
        "MinInclusive": ("add", f'{block} <{NS}start> "-5"^^<{XSD}integer> .\n'),
        "MaxInclusive": (
            "add",
            f"<{P}meeting/cop/150> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NS}Meeting> .\n"
            f"<{P}meeting/cop/150> <{NS}body> <{P}body/cop> .\n"
            f'<{P}meeting/cop/150> <{NS}ordinal> "150"^^<{XSD}integer> .\n',
        ),
        "LessThan": ("add", f'{block} <{NS}end> "0"^^<{XSD}integer> .\n'),
        "LessThanOrEquals": ("add", f'{fact} <{NS}end> "0"^^<{XSD}integer> .\n'),
        "Or": ("add", f'{meeting} <https://schema.org/startDate> "soon" .\n'),
        "targetObjectsOf": ("add", f"{citation} <http://purl.org/spar/cito/hasCitedEntity> <{P}doc/nothing> .\n"),
    }
    action, text = changes[kind]
    if action == "add":
        return data + text
    return re.sub(text, "", data, count=1, flags=re.M)


KINDS = [
    "MinCount", "MaxCount", "Datatype", "Pattern", "Class", "NodeKind", "In", "MinInclusive", "MaxInclusive",
    "LessThan", "LessThanOrEquals", "Or", "targetObjectsOf",
]  # fmt: skip


def rows(data: str, engine: str) -> set[tuple[str, str, str]]:
    return {(v.focus, v.path, v.component) for v in ENGINES[engine](data).violations}


def test_both_engines_pass_the_corpus(built: BuildResult) -> None:
    data = (built.out / "graph.nt").read_text(encoding="utf-8")
    for engine in ENGINES:
        report = validate_nt(data, engine)
        assert report.conforms, (engine, report.text()[:500])


@pytest.mark.parametrize("kind", KINDS)
def test_same_violations_as_the_reference(document: str, kind: str) -> None:
    data = broken(document, kind)
    fast, reference = rows(data, "shacl"), rows(data, "pyshacl")
    assert reference, f"the broken graph must break something ({kind})"
    assert fast == reference
    if kind[0].isupper():
        assert any(c == kind for _, _, c in reference), reference


def test_messages_are_readable_whichever_engine_ran(document: str) -> None:
    data = broken(document, "Pattern")
    for engine in ENGINES:
        (v,) = [v for v in ENGINES[engine](data).violations if v.component == "Pattern"]
        assert v.message == "A document symbol is a UN symbol such as CTOC/COP/WG.4/2021/4."
    data = broken(document, "MaxCount")
    for engine in ENGINES:
        messages = {v.message for v in ENGINES[engine](data).violations}
        assert "more values than the shape allows" in messages
