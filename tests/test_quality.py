"""The data-quality report (graph/quality.py): per-document measures, the corpus report checked
against the store, the DQV validated by its shapes, the change between two builds into one
folder, and the report on the published site. (tests/test_lint.py is the code's lint check.)"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef

from palermo.extract import checks
from palermo.graph import quality
from palermo.graph.build import document_graph
from palermo.graph.publish import publish
from palermo.graph.store import named_store, read_manifest
from palermo.iri import PAL, PQ, Minter
from palermo.models import (
    PARAGRAPH_KINDS,
    ActRef,
    CitationFact,
    Document,
    DocumentFact,
    DocumentMeetingFact,
    Fact,
    MeetingFact,
    MeetingRef,
    ToolFact,
    evidence,
)
from palermo.pipeline import BuildResult, build
from palermo.reader import parse
from palermo.reference import tools
from palermo.resources import corpus_dir, ontology_path

SNIPPET = (
    "Report of the meeting\n\nI. Introduction\n\n1. The Working Group met in Vienna.\n\n"
    "2. It cited resolution 55/25.\n\n(a) An item.\n\n3. Nothing here.\n"
)
NONE_FOUND = dict.fromkeys(quality.FIELDS)


def _at(doc: Document, key: str, word: str) -> tuple[object, ...]:
    block = doc.block(key)
    start = block.text.index(word)
    return (evidence(doc, block, start, start + len(word)),)


def _description(doc: Document, **values: object) -> Fact:
    fields = {"symbol": None, "title": None, "date": None, "doc_type": "other", **values}
    return DocumentFact(*_at(doc, "header/1", "Report"), "masthead", language="en", original_language=None, **fields)  # type: ignore[arg-type]


def _citation(doc: Document) -> Fact:
    act = ActRef("GA", "resolution", "55/25")
    return CitationFact(*_at(doc, "para/2", "resolution 55/25"), "citations", target_kind="act", act=act)  # type: ignore[arg-type]


def _tool(doc: Document, key: str | None, title: str) -> Fact:
    return ToolFact(*_at(doc, "para/1", "Working Group"), "tools", key, title)  # type: ignore[arg-type]


def _meeting(doc: Document, ref: MeetingRef) -> Fact:
    return MeetingFact(*_at(doc, "para/1", "met"), "meetings", ref)  # type: ignore[arg-type]


KNOWN_TOOL = sorted(tools())[0]

# (case, the facts an extractor would emit, what the report should say: a subset of its keys)
CASES: list[tuple[str, Callable[[Document], list[Fact]], dict[str, object]]] = [
    (
        "masthead all found",
        lambda d: [
            _description(d, symbol="CTOC/COP/WG.4/2021/2", title="Report", date="2021-10-28", doc_type="report"),
            DocumentMeetingFact(
                *_at(d, "header/1", "meeting"), "document-meeting", MeetingRef("WG-TIP", 11), None, "reports"
            ),  # type: ignore[arg-type]
        ],
        {
            "masthead": {
                "symbol": "CTOC/COP/WG.4/2021/2",
                "date": "2021-10-28",
                "type": "report",
                "meeting": ["WG-TIP 11"],
                "title": "Report",
            },
            "facts": {"DocumentDescription": 1, "DocumentMeeting": 1},
            "paragraphs_with_facts": 0,
        },
    ),
    (
        "masthead none found ('other' is no type)",
        lambda d: [_description(d)],
        {"masthead": NONE_FOUND, "facts": {"DocumentDescription": 1}},
    ),
    ("nothing read", lambda d: [], {"masthead": NONE_FOUND, "facts": {}, "paragraphs": 4, "paragraphs_with_facts": 0}),
    (
        "coverage: a citation in one of four paragraph-like blocks",
        lambda d: [_description(d, title="Report"), _citation(d)],
        {"facts": {"Citation": 1, "DocumentDescription": 1}, "paragraphs": 4, "paragraphs_with_facts": 1},
    ),
    (
        "a discovered tool, once however often named; a listed one is no news",
        lambda d: [_tool(d, None, "The Toolkit"), _tool(d, None, "the  toolkit"), _tool(d, KNOWN_TOOL, "Listed")],
        {"discovered_tools": ["The Toolkit"], "facts": {"ToolMention": 3}, "paragraphs_with_facts": 1},
    ),
    (
        "a meeting known by its date only; one with neither ordinal nor date is left out, with its text",
        lambda d: [_meeting(d, MeetingRef("WG-TIP", None, "2030-03-04")), _meeting(d, MeetingRef("WG-TIP", None))],
        {"meetings_without_ordinal": ["WG-TIP 2030-03-04"], "facts": {"MeetingMention": 1}},
    ),
]


def _measured(make: Callable[[Document], list[Fact]]) -> quality.Entry:
    """The measures of the snippet with these facts, checked against the shapes as extraction does."""
    doc = parse(SNIPPET, "snippet.txt", "en")
    facts: list[Fact] = []
    left_out: list[str] = []
    for f in make(doc):
        kept, problems = checks.check(f)
        left_out.extend(f"{doc.source}: {p}" for p in problems)
        if kept is not None:
            facts.append(kept)
    return quality.measure(doc, facts, document_graph(doc, facts, Minter()), left_out)


@pytest.mark.parametrize(("case", "make", "expected"), CASES, ids=[c[0] for c in CASES])
def test_document_measures(case: str, make: Callable[[Document], list[Fact]], expected: dict[str, object]) -> None:
    got = _measured(make)
    assert {k: got[k] for k in expected} == expected
    assert sum(got["facts"].values()) == len(got["fact_ids"])
    assert got["text_sha256"] == quality.sha256(SNIPPET)


def test_a_value_left_out_is_listed_with_its_text() -> None:
    got = _measured(lambda d: [_meeting(d, MeetingRef("WG-TIP", None))])
    (line,) = got["left_out"]
    assert line.startswith("snippet.txt: ") and "neither ordinal nor date" in line and "'met'" in line
    assert got["facts"] == {} and got["meetings_without_ordinal"] == []


def test_fact_identity_ignores_offsets() -> None:
    """The same fact read a paragraph further down keeps its identity (its IRI does not)."""
    shifted = SNIPPET.replace("I. Introduction\n\n", "I. Introduction\n\nA line more.\n\n")
    ids = []
    for text in (SNIPPET, shifted):
        doc = parse(text, "snippet.txt", "en")
        facts = [_citation(doc)]
        ids.append(quality.fact_ids(document_graph(doc, facts, Minter())))
    assert ids[0] == ids[1] == [["Citation", "para/2", "resolution 55/25", f"{Minter().base}act/ga/resolution/55-25"]]


# ---- the bundled corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(built: BuildResult) -> quality.Entry:
    data = quality.read(built.out)
    assert data is not None
    return data


def test_report_after_every_build(built: BuildResult, report: quality.Entry) -> None:
    for name in ("quality.json", "quality.ttl", "quality.html"):
        assert (built.out / name).is_file()
    assert sorted(report["documents"]) == sorted(built.documents) and len(built.documents) == 5
    assert report["corpus"]["documents"] == 5 and report["corpus"]["shacl"] == {"conforms": True, "violations": 0}


def test_each_document_what_was_and_was_not_found(built: BuildResult, report: quality.Entry, rows) -> None:  # type: ignore[no-untyped-def]
    """The masthead fields found are those the `documents` and `document-meetings` queries give."""
    _, docs = rows("documents")  # source document symbol title date type …
    _, meetings = rows("document-meetings")
    page = (built.out / "quality.html").read_text(encoding="utf-8")
    for source, d in report["documents"].items():
        (row,) = [r for r in docs if r[0] == source]
        said = {
            "symbol": row[2],
            "title": row[3],
            "date": row[4],
            "type": row[5] if row[5] != "other" else "",
            "meeting": [r[2] for r in meetings if r[0] == source],
        }
        for field in quality.FIELDS:
            assert (d["masthead"][field] is not None) == bool(said[field]), (source, field)
        assert source in page
    found = [d["masthead"][f] is not None for d in report["documents"].values() for f in quality.FIELDS]
    assert page.count('class="missing"') == found.count(False) > 0  # the bundled texts print no symbol


def _named(out: Path) -> ox.Store:
    """The build's store with the documents' named graphs (made on first use, store.named_store)."""
    return ox.Store.read_only(str(named_store(out, read_manifest(out))))


def test_facts_by_class_agree_with_each_documents_named_graph(built: BuildResult, report: quality.Entry) -> None:
    store = _named(built.out)
    for source, d in report["documents"].items():
        graph = f"{Minter().base}graph/{source}"
        counted = store.query(
            f"SELECT ?cls (COUNT(DISTINCT ?f) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?f a ?cls ; <{PAL.quote}> ?q }} }} "
            "GROUP BY ?cls"
        )
        assert isinstance(counted, ox.QuerySolutions)
        expected = {quality.kind_of(r["cls"].value): int(r["n"].value) for r in counted}
        assert d["facts"] == expected and expected, source


def test_paragraph_coverage_agrees_with_the_store(built: BuildResult, report: quality.Entry) -> None:
    store = _named(built.out)
    for source, d in report["documents"].items():
        doc = parse((built.out / "text" / f"{source}.txt").read_text(encoding="utf-8"), source)
        keys = {b.key for b in doc.of_kind(*PARAGRAPH_KINDS)}
        found = store.query(
            f"SELECT DISTINCT ?k WHERE {{ GRAPH <{Minter().base}graph/{source}> "
            f"{{ ?f <{PAL.block}> ?b ; <{PAL.quote}> ?q . ?b <{PAL.key}> ?k }} }}"
        )
        assert isinstance(found, ox.QuerySolutions)
        assert d["paragraphs"] == len(keys)
        assert d["paragraphs_with_facts"] == len(keys & {r["k"].value for r in found}) > 0


# ---- DQV -------------------------------------------------------------------------------------

DQV_PREFIXES = "PREFIX dqv: <http://www.w3.org/ns/dqv#>\nPREFIX pq: <https://example.org/palermo/ns/quality#>\n"


def _dqv(path: Path) -> Graph:
    g = Graph().parse(path, format="turtle")
    return g.parse(ontology_path("quality.ttl"), format="turtle")


def _conforms(g: Graph) -> tuple[bool, str]:
    conforms, _, text = validate(g, shacl_graph=Graph().parse(ontology_path("quality-shapes.ttl"), format="turtle"))
    return bool(conforms), str(text)


def test_dqv_validates_against_its_shapes(built: BuildResult) -> None:
    g = _dqv(built.out / "quality.ttl")
    conforms, text = _conforms(g)
    assert conforms, text


def test_dqv_shapes_find_what_is_wrong(built: BuildResult) -> None:
    g = _dqv(built.out / "quality.ttl")
    dqv = "http://www.w3.org/ns/dqv#"
    m = URIRef(f"{Minter().base}quality.ttl#dataset/facts")
    for broken in (
        lambda x: x.set(
            (m, URIRef(dqv + "value"), Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
        ),  # not the metric's datatype
        lambda x: x.add((m, URIRef(PQ.factClass), URIRef(PAL.Citation))),  # a class on a metric not per class
        lambda x: [x.add((URIRef(f"{m}-again"), p, o)) for p, o in x.predicate_objects(m)],  # measured twice
        lambda x: x.remove((m, URIRef(dqv + "computedOn"), None)),  # on nothing
    ):
        copy = Graph()
        for t in g:
            copy.add(t)
        broken(copy)
        assert not _conforms(copy)[0]


def test_one_measurement_per_metric_per_document(built: BuildResult, report: quality.Entry) -> None:
    g = _dqv(built.out / "quality.ttl")
    counted = g.query(
        DQV_PREFIXES + "SELECT ?on ?metric (COUNT(?m) AS ?n) (COUNT(DISTINCT ?cls) AS ?classes) WHERE { "
        "?m a dqv:QualityMeasurement ; dqv:computedOn ?on ; dqv:isMeasurementOf ?metric . "
        "OPTIONAL { ?m pq:factClass ?cls } } GROUP BY ?on ?metric"
    )
    found = {(str(r.on), str(r.metric).removeprefix(str(PQ))): (int(r.n), int(r.classes)) for r in counted}  # type: ignore[union-attr]
    metrics = g.query(DQV_PREFIXES + "SELECT ?metric ?scope WHERE { ?metric a dqv:Metric ; pq:scope ?scope }")
    scoped = {
        (str(r.metric).removeprefix(str(PQ)), str(r.scope).removeprefix(str(PQ))) for r in metrics
    }  # type: ignore[union-attr]
    classes = len(report["corpus"]["facts"])
    targets = {d["expression"]: "document" for d in report["documents"].values()} | {
        f"{Minter().base}dataset": "corpus"
    }
    assert len(targets) == 6
    expected = {}
    for on, scope in targets.items():
        for metric, s in scoped:
            if s == scope:
                per_class = metric == "factsOfClass"
                expected[(on, metric)] = (classes, classes) if per_class else (1, 0)
    assert found == expected


# ---- two builds into one folder ----------------------------------------------------------------

CHANGED = "004_6d5351d906e40ff2.txt"
FACT_IDS = f"""
SELECT ?cls ?key ?quote ?about WHERE {{ GRAPH <G> {{
  ?f a ?cls ; <{PAL.about}> ?about ; <{PAL.block}> ?b ; <{PAL.quote}> ?quote .
  ?b <{PAL.key}> ?key }} }}"""


def _facts(out: Path, source: str) -> Counter[tuple[str, str, str, str]]:
    """A document's facts as (class, block key, quote, about), read from its named graph."""
    store = _named(out)
    found = store.query(FACT_IDS.replace("<G>", f"<{Minter().base}graph/{source}>"))
    assert isinstance(found, ox.QuerySolutions)
    out_ = Counter((quality.kind_of(r["cls"].value), r["key"].value, r["quote"].value, r["about"].value) for r in found)
    del store
    return out_


def _by_class(facts: Counter[tuple[str, str, str, str]]) -> dict[str, list[list[str]]]:
    by: dict[str, list[list[str]]] = {}
    for kind, *rest in sorted(facts.elements()):
        by.setdefault(kind, []).append(rest)
    return by


def test_two_builds_report_exactly_the_change(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "data"
    shutil.copytree(corpus_dir(), src, ignore=shutil.ignore_patterns("__*"))
    first = build([src], out, jobs=1)
    assert json.loads((out / "quality.json").read_text(encoding="utf-8"))["change"] is None
    before = _facts(out, CHANGED)
    doc = src / CHANGED
    text = doc.read_text(encoding="utf-8")
    start, end = text.index("\n13. "), text.index("\n14. ")  # paragraph 13: a citation, a participation
    doc.write_text(text[:start] + text[end:], encoding="utf-8")
    second = build([src], out, jobs=1)
    assert second.extracted == 1 and second.documents == first.documents
    after = _facts(out, CHANGED)
    change = json.loads((out / "quality.json").read_text(encoding="utf-8"))["change"]
    removed, added = _by_class(before - after), _by_class(after - before)
    assert removed  # the paragraph held facts
    assert change["added"] == [] and change["removed"] == [] and change["previous_documents"] == 5
    assert change["changed"] == [
        {"source": CHANGED, "text_changed": True, "facts_added": added, "facts_removed": removed}
    ]
    assert change["facts_removed"] == {k: len(v) for k, v in removed.items()}
    assert change["facts_added"] == {k: len(v) for k, v in added.items()}
    page = (out / "quality.html").read_text(encoding="utf-8")
    assert "1 changed" in page and "0 added" in page

    (src / "one.txt").write_text(
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 12 and 13 "
        "October 2021\n\nI. Introduction\n\n1. Recalling General Assembly resolution 55/25, the Working Group met.\n",
        encoding="utf-8",
    )
    third = build([src], out, jobs=1)
    change = json.loads((out / "quality.json").read_text(encoding="utf-8"))["change"]
    assert change["added"] == ["one.txt"] and change["removed"] == [] and change["changed"] == []
    assert change["facts_added"] == dict(sorted(Counter(k for k, *_ in _facts(out, "one.txt").elements()).items()))
    assert third.documents == sorted([*first.documents, "one.txt"])

    gone = src / "000_3f756bb20ebb5459.txt"
    had = json.loads((out / "quality.json").read_text(encoding="utf-8"))["documents"][gone.name]["facts"]
    gone.unlink()
    build([src], out, jobs=1)
    change = json.loads((out / "quality.json").read_text(encoding="utf-8"))["change"]
    assert change["removed"] == [gone.name] and change["added"] == [] and change["changed"] == []
    assert change["facts_removed"] == had and change["facts_added"] == {}


# ---- the published site ------------------------------------------------------------------------


def test_published_site_has_the_report_linked_from_void(built: BuildResult, tmp_path: Path) -> None:
    base = "https://data.example.net/tip/"
    site = tmp_path / "site"
    publish(built.out, base, site)
    for name in ("quality.html", "quality.ttl", "ontology/quality.ttl", "ontology/quality-shapes.ttl"):
        assert (site / name).is_file(), name
    g = _dqv(site / "quality.ttl")
    assert _conforms(g)[0]
    assert all(
        str(s).startswith(base)
        for s in g.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("http://www.w3.org/ns/dqv#QualityMeasurement"),
        )
    )
    void = Graph().parse(site / "void.ttl", format="turtle")
    dqv, dcat = "http://www.w3.org/ns/dqv#", "http://www.w3.org/ns/dcat#"
    ds = URIRef(base + "dataset")
    (meta,) = void.objects(ds, URIRef(dqv + "hasQualityMetadata"))
    assert set(void.objects(meta, URIRef(dcat + "distribution"))) == {
        URIRef(base + "quality.ttl"),
        URIRef(base + "quality.html"),
    }
    linked = set(void.objects(ds, URIRef(dqv + "hasQualityMeasurement")))
    on_dataset = set(g.subjects(URIRef(dqv + "computedOn"), ds))
    assert linked == on_dataset and linked
    page = (site / "quality.html").read_text(encoding="utf-8")
    for d in json.loads((built.out / "quality.json").read_text(encoding="utf-8"))["documents"].values():
        href = d["expression"].removeprefix(Minter().base) + "/index.html"  # a file link: static hosts, file://
        assert f'href="{href}"' in page and (site / href).is_file()
    assert 'href="quality.html"' in (site / "index.html").read_text(encoding="utf-8")  # from the navigation
