"""End to end on the bundled corpus: golden rows, SHACL, determinism, bad input, the query library."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from palermo.cli import main
from palermo.graph.query import library, run
from palermo.graph.store import open_store
from palermo.graph.validate import validate
from palermo.iri import PAL
from palermo.pipeline import BuildResult, build
from palermo.resources import corpus_dir

CONTRACT = {
    "documents": "source document symbol title date type language originalLanguage",
    "document-meetings": "source document meeting agendaItem",
    "meetings": "source meeting body ordinal startDate endDate place",
    "cited-documents": "source citedSymbol",
    "cited-acts": "source act body kind number date",
    "cited-articles": "source instrument article paragraph",
    "countries": "source country iso3 role",
    "persons": "source person name iso3 role",
    "organizations": "source organization label acronym",
    "recommendations": "source recommendation number text",
    "tools": "source tool labelZh labelEn",
}
GOLDEN_QUERIES = sorted(library())  # every query of the library: its rows pinned before and after a change


def test_corpus_builds_and_conforms(built: BuildResult) -> None:
    assert built.errors == []
    assert len(built.documents) == 5
    assert built.report is not None and built.report.conforms, built.report.text()
    assert (built.out / "validation.txt").read_text(encoding="utf-8") == "SHACL: conforms\n"


@pytest.mark.parametrize("name", GOLDEN_QUERIES)
def test_golden(built: BuildResult, rows, golden, name: str) -> None:  # type: ignore[no-untyped-def]
    columns, rows = rows(name)
    golden(name, columns, rows)


def test_the_2021_report(built: BuildResult, rows) -> None:
    _, docs = rows("documents")
    report = next(r for r in docs if r[0].startswith("002_"))
    assert report[4:8] == ["2021-10-28", "report", "zh", "en"]
    _, links = rows("document-meetings")
    assert [r[2].rsplit("/", 2)[-2:] for r in links if r[0].startswith("002_")] == [["wg-tip", "11"]]
    _, meetings = rows("meetings")
    assert [r[3:] for r in meetings if r[0].startswith("002_") and r[1].endswith("/wg-tip/11")] == [
        ["11", "2021-10-12", "2021-10-13", "Vienna"]
    ]


def test_same_meeting_same_iri_across_documents(built: BuildResult, rows) -> None:
    _, meetings = rows("meetings")
    first = {r[0] for r in meetings if r[1].endswith("/meeting/wg-tip/1")}
    assert len(first) == 5  # every document of the corpus mentions the first meeting


def test_decision_4_4_is_one_node_cited_by_four_documents(built: BuildResult, rows) -> None:
    _, acts = rows("cited-acts")
    citing = {r[0] for r in acts if r[1].endswith("/act/cop/decision/4-4")}
    assert len(citing) == 4
    assert {r[1] for r in acts if r[4] == "4/4"} == {r[1] for r in acts if r[1].endswith("/act/cop/decision/4-4")}


def test_the_2021_report_attendance(built: BuildResult, rows) -> None:
    _, countries = rows("countries")
    report = [r for r in countries if r[0].startswith("002_")]
    by_role: dict[str, set[str]] = {}
    for r in report:
        by_role.setdefault(r[3], set()).add(r[2])
    assert len(by_role["party"]) == 95
    assert by_role["observer"] == {"BTN", "IRN", "MDA", "PAK", "YEM", "VAT"}
    assert by_role["chair"] == {"AFG"}
    _, orgs = rows("organizations")
    assert any(r[0].startswith("002_") and r[1].endswith("/org/eu") for r in orgs)


def test_recommendations_of_the_reports(built: BuildResult, rows) -> None:
    _, recs = rows("recommendations")
    by_source: dict[str, list[str]] = {}
    for r in recs:
        by_source.setdefault(r[0][:3], []).append(r[2])
    assert sorted(by_source["002"], key=int) == [str(n) for n in range(1, 17)]  # sixteen numbered
    assert sorted(by_source["003"], key=int) == [str(n) for n in range(5, 49)]  # paragraphs 5-48
    assert set(by_source) == {"002", "003"}  # quoted ones are not the background paper's own
    _, quoted = rows("quoted-recommendations")
    assert {r[1].rsplit("/", 1)[-1] for r in quoted if r[0].startswith("004_")} == {"1", "5", "6", "8"}
    # the 2019 paper quotes (a)-(h) of the fifth meeting; the 2013 report adopted them as these paragraphs
    from_fifth = {r[2]: r[5] for r in quoted if r[1].endswith("/wg-tip/5")}
    assert from_fifth == dict(zip([f"({c})" for c in "abcdefgh"], ["16", "17", "18", "21", "22", "23", "29", "34"]))
    assert all(r[5] == "" for r in quoted if not r[1].endswith("/wg-tip/5"))  # their reports are not bundled


def test_tools_of_both_background_papers(built: BuildResult, rows) -> None:
    _, tools = rows("tools")
    paper_2011 = {r[1].rsplit("/", 1)[-1] for r in tools if r[0].startswith("000_")}
    paper_2019 = {r[1].rsplit("/", 1)[-1] for r in tools if r[0].startswith("004_")}
    assert len(paper_2011) >= 11 and len(paper_2019) >= 15
    assert "model-law-against-trafficking-in-persons" in paper_2011 & paper_2019  # two renderings, one node
    assert not [r for r in tools if "/tool/discovered-" in r[1]]


def test_the_2019_paper_does_not_name_spain(built: BuildResult, rows) -> None:
    _, countries = rows("countries")
    assert not [r for r in countries if r[0].startswith("004_") and r[2] == "ESP"]


def test_the_2011_background_paper_articles(built: BuildResult, rows) -> None:
    _, arts = rows("cited-articles")
    paper = sorted(tuple(r[1:]) for r in arts if r[0].startswith("000_"))
    assert paper == [("COP-ROP", "2", "2"), ("TIP", "9", "4"), ("TIP", "9", "5"), ("UNTOC", "32", "3")]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns(built: BuildResult, rows, name: str) -> None:
    columns, _ = rows(name)
    assert columns == CONTRACT[name].split()


@pytest.mark.parametrize("name", sorted(library()))
def test_every_library_query(built: BuildResult, rows, name: str) -> None:
    q = library()[name]
    assert q.text.startswith("#+ summary:"), f"{name}.rq must start with #+ summary:"
    assert q.summary
    columns, rows = rows(name)
    assert columns == [c for c, _ in q.columns], f"{name}.rq: column comments do not match the SELECT"
    assert all(len(r) == len(columns) for r in rows)


def test_every_fact_reaches_its_text(built: BuildResult, rows) -> None:
    columns, rows = rows("evidence")
    assert rows
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus_dir().glob("*.txt")}
    col = {c: i for i, c in enumerate(columns)}
    for r in rows:
        source, start, end = r[col["source"]], int(r[col["start"]]), int(r[col["end"]])
        assert texts[source][start:end] == r[col["quote"]]
        assert r[col["paragraph"]]


def test_build_is_deterministic(built: BuildResult, tmp_path: Path) -> None:
    again = build([corpus_dir()], tmp_path / "elsewhere")
    assert (again.out / "graph.nt").read_bytes() == (built.out / "graph.nt").read_bytes()
    assert (again.out / "graph.nq").read_bytes() == (built.out / "graph.nq").read_bytes()


def test_broken_graph_is_reported(built: BuildResult) -> None:
    g = Graph().parse(built.out / "graph.nt", format="nt")
    meeting = next(s for s in g.subjects(PAL.ordinal, None) if str(s).endswith("/meeting/wg-tip/11"))
    g.add((meeting, PAL.ordinal, Literal("eleven")))  # a second, non-integer ordinal
    fact = next(g.subjects(PAL.quote, None))
    g.remove((fact, PAL.quote, None))  # a fact without its quote
    report = validate(g)
    assert not report.conforms
    focus = {(URIRef(v.focus), v.path) for v in report.violations}
    assert (meeting, str(PAL.ordinal)) in focus
    assert (fact, str(PAL.quote)) in focus


def _second_block(g: Graph, fact: URIRef) -> None:
    block = g.value(fact, PAL.block)
    g.add((fact, PAL.block, next(b for b in g.subjects(PAL.key, None) if b != block)))


@pytest.mark.parametrize(
    ("path", "spoil"),
    [
        (PAL.block, lambda g, f: g.remove((f, PAL.block, None))),  # no block
        (PAL.block, _second_block),  # two blocks
        (PAL.block, lambda g, f: g.set((f, PAL.block, g.value(f, PAL.statedIn)))),  # not a text block
        (PAL.start, lambda g, f: g.set((f, PAL.start, Literal(int(g.value(f, PAL.end)) + 1)))),  # after its end
        (PAL.start, lambda g, f: g.set((f, PAL.start, Literal(-1)))),  # before the text
        (PAL.end, lambda g, f: g.set((f, PAL.end, Literal("12")))),  # not an integer
        (PAL.quote, lambda g, f: g.add((f, PAL.quote, Literal("a second quote")))),
        (PAL.page, lambda g, f: g.set((f, PAL.page, Literal(0)))),  # pages count from 1
    ],
    ids=[
        "no-block",
        "two-blocks",
        "not-a-block",
        "start-after-end",
        "negative-start",
        "string-end",
        "two-quotes",
        "page-0",
    ],
)
def test_broken_evidence_is_reported(built: BuildResult, path: URIRef, spoil: Callable[[Graph, URIRef], None]) -> None:
    """A fact's compact evidence: one text block, 0 ≤ start ≤ end (integers), one quote, a page from 1."""
    g = Graph().parse(built.out / "graph.nt", format="nt")
    fact = min(s for s in g.subjects(PAL.quote, None) if isinstance(s, URIRef))
    spoil(g, fact)
    report = validate(g)
    assert (fact, str(path)) in {(URIRef(v.focus), v.path) for v in report.violations}


def test_bad_files_among_good_ones(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    good = sorted(corpus_dir().glob("*.txt"))[:2]
    for p in good:
        shutil.copy(p, src / p.name)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "gbk.txt").write_bytes("贩运人口问题工作组的报告".encode("gbk"))
    (src / "cut.txt").write_bytes("贩运人口问题工作组".encode()[:-2])
    (src / "huge.txt").write_bytes(("联合国" * 100 + "\n").encode() * 23_000)  # about 20 MB
    result = build([src], tmp_path / "out", max_bytes=10_000_000)
    assert sorted(result.documents) == sorted(p.name for p in good)
    assert len(result.errors) == 5
    for name in ("empty", "binary", "gbk", "cut", "huge"):
        (line,) = [e for e in result.errors if f"{name}.txt" in e]
        assert "\n" not in line
    assert result.report is not None and result.report.conforms


def test_failed_build_keeps_the_previous_one(built: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "data"
    shutil.copytree(built.out, out)
    before = (out / "graph.nt").read_bytes()
    with pytest.raises(TypeError):
        build([corpus_dir()], out, base=None)  # type: ignore[arg-type]
    assert (out / "graph.nt").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".data")]


def test_cli(built: BuildResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(built.out)
    assert main(["validate", "--data", data]) == 0
    assert capsys.readouterr().out == "SHACL: conforms\n"
    assert main(["query", "documents", "--data", data, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == CONTRACT["documents"].replace(" ", ",")
    assert main(["query", "no-such-query", "--data", data]) == 2
    assert "no-such-query" in capsys.readouterr().err
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: broken\nSELECT ?x WHERE { ?x ", encoding="utf-8")
    assert main(["query", str(bad), "--data", data]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and len(err.strip().splitlines()) == 1
    assert main(["query", "documents", "--data", str(tmp_path / "nothing")]) == 1
    assert main(["list-queries"]) == 0
    assert "documents:" in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        main(["build", "--no-such-option"])
    assert e.value.code == 2


def test_cli_build_reports_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    good = sorted(corpus_dir().glob("*.txt"))[0]
    shutil.copy(good, tmp_path / good.name)
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert re.search(r"empty\.txt: empty document", captured.err)
    assert "1 document in the graph from 2 files (1 left out: named above)" in captured.out
    assert (tmp_path / "out" / "graph.nt").is_file()


def test_rebuild_re_extracts_only_the_changed_document(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(corpus_dir(), src, ignore=shutil.ignore_patterns("__*"))
    out = tmp_path / "data"
    first = build([src], out, jobs=2)
    assert first.extracted == 5
    again = build([src], out, jobs=2)
    assert again.extracted == 0 and again.documents == first.documents
    assert (out / "graph.nt").read_bytes() == (first.out / "graph.nt").read_bytes()
    changed = src / "004_6d5351d906e40ff2.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n57. 缔约方会议第六届会议。\n", encoding="utf-8")
    third = build([src], out, jobs=2)
    assert third.extracted == 1
    assert third.triples > first.triples
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    assert any("/meeting/cop/6>" in ln and "graph/004" in ln for ln in nq.splitlines())


def test_parallel_and_serial_builds_are_identical(built: BuildResult, tmp_path: Path) -> None:
    serial = build([corpus_dir()], tmp_path / "serial", jobs=1)
    assert (serial.out / "graph.nt").read_bytes() == (built.out / "graph.nt").read_bytes()
    assert (serial.out / "graph.nq").read_bytes() == (built.out / "graph.nq").read_bytes()


# --- the merged graph: what documents share -------------------------------------------------

REPORT_EN = (
    "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on {dates}"
    "\n\nI. Introduction\n\n1. The discussion was led by the following panellist: {name} (Paraguay). "
    "Recalling General Assembly resolution 55/25 of {adopted} 2000, the Working Group met.\n"
)


def _two_reports(folder: Path, second: dict[str, str]) -> Path:
    folder.mkdir()
    first = {"dates": "12 and 13 October 2021", "name": "Carina Sánchez Fernández", "adopted": "15 November"}
    (folder / "one.txt").write_text(REPORT_EN.format(**first), encoding="utf-8")
    (folder / "two.txt").write_text(REPORT_EN.format(**{**first, "dates": "9 and 10 October 2022", **second}))
    return folder


def test_one_person_spelled_two_ways_has_one_name(tmp_path: Path) -> None:
    result = build([_two_reports(tmp_path / "in", {"name": "Carina Sanchez Fernandez"})], tmp_path / "out")
    assert result.report is not None and result.report.conforms, result.report.text()
    g = Graph().parse(result.out / "graph.nt", format="nt")
    person = URIRef("https://example.org/palermo/person/carina-sanchez-fernandez")
    assert [str(n) for n in g.objects(person, URIRef("https://schema.org/name"))] == ["Carina Sánchez Fernández"]
    alt = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    assert [str(n) for n in g.objects(person, alt)] == ["Carina Sanchez Fernandez"]
    # each document's own graph keeps the name as it spells it
    nq = (result.out / "graph.nq").read_text(encoding="utf-8")
    assert '"Carina Sanchez Fernandez" <https://example.org/palermo/graph/two.txt> .' in nq
    persons = run(open_store(result.out), library()["persons"]).rows
    assert {(r[0], r[2]) for r in persons} == {
        ("one.txt", "Carina Sánchez Fernández"),
        ("two.txt", "Carina Sánchez Fernández"),
    }


def test_documents_that_disagree_are_reported(tmp_path: Path) -> None:
    """Each document alone conforms; merged, the act would have two adoption dates (sh:maxCount
    1): one is kept by the rule (tests/test_disagreements.py), the disagreement reported."""
    result = build([_two_reports(tmp_path / "in", {"adopted": "16 November"})], tmp_path / "out")
    assert result.report is not None and result.report.conforms, result.report.text()
    (d,) = result.disagreements
    assert d.thing == "https://example.org/palermo/act/ga/resolution/55-25"
    assert d.prop == "http://data.europa.eu/eli/ontology#date_document"
    assert [s.name for _, by in d.values for s in by] == ["one.txt", "two.txt"]  # one each: code point order
    assert result.ok


def test_one_language_version_read_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = "United Nations\tCTOC/COP/WG.4/2021/2\n\n" + REPORT_EN.format(
        dates="12 and 13 October 2021", name="Carina Sánchez Fernández", adopted="15 November"
    )
    (src / "a.txt").write_text(text, encoding="utf-8")
    (src / "b.txt").write_text(text.replace("met.", "met again."), encoding="utf-8")
    result = build([src], tmp_path / "out")
    assert result.documents == ["a.txt"]
    (error,) = result.errors
    assert error.startswith("b.txt: the same language version as a.txt") and "left out" in error
    assert "graph/b.txt" not in (result.out / "graph.nq").read_text(encoding="utf-8")
