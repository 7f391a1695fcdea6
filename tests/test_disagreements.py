"""Sources that disagree (graph/merged.py): documents giving a thing several values of a property
the shapes allow once. The merged graph keeps one by a stated rule and conforms; each
disagreement is reported on stderr, in quality.json/html/ttl; each document keeps its own value
on its own nodes. The rule's order on short N-Triples snippets; the build on short texts."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import shared_files
from pyshacl import validate
from rdflib import Graph, URIRef

from palermo.cli import main
from palermo.graph.merged import Disagreement, Shared, Source, allowed_once, single_valued
from palermo.graph.publish import publish
from palermo.graph.query import library, run
from palermo.graph.store import open_store
from palermo.pipeline import build
from palermo.reader import decode
from palermo.resources import corpus_dir, ontology_path

BASE = "https://example.org/palermo/"
ACT = f"<{BASE}act/cop/decision/4-4>"
DATE = "<http://data.europa.eu/eli/ontology#date_document>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PAL = "https://example.org/palermo/ns#"
NAME = "<https://schema.org/name>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"


def _date(day: str) -> str:
    return f'"{day}"^^<http://www.w3.org/2001/XMLSchema#date>'


def _act(day: str) -> list[str]:
    return [f"{ACT} {TYPE} <{PAL}Act> .", f"{ACT} {DATE} {_date(day)} ."]


def _doc(name: str, date: str | None) -> Source:
    return Source(name, f"{BASE}doc/{name}/en", date, Path(f"/parts/{name}.nt"))


# ---- the rule ----------------------------------------------------------------------------------

Stated = Sequence[tuple[str, str | None, list[str]]]  # (file name, distribution date, shared lines)


# (what each document says, with its distribution date; the value kept; the step that chose it)
RULE: list[tuple[str, Stated, str, str]] = [
    (
        "own document beats the majority",
        [
            # the decision's own text: the document that is the act (its work realised by it)
            (
                "own.txt",
                "2008-10-20",
                [
                    *_act("2008-10-17"),
                    f"{ACT} <http://data.europa.eu/eli/ontology#is_realized_by> <{BASE}act/cop/decision/4-4/en> .",
                ],
            ),
            ("a.txt", "2012-01-01", _act("2008-10-18")),
            ("b.txt", "2013-01-01", _act("2008-10-18")),
        ],
        _date("2008-10-17"),
        "own document",
    ),
    (
        "the majority beats the latest date",
        [
            ("a.txt", "2009-01-01", _act("2008-10-18")),
            ("b.txt", "2009-02-01", _act("2008-10-18")),
            ("c.txt", "2020-01-01", _act("2008-10-17")),
        ],
        _date("2008-10-18"),
        "most documents",
    ),
    (
        "the latest date beats code point order",
        [("a.txt", "2009-01-01", _act("2008-10-17")), ("b.txt", "2010-05-01", _act("2008-10-18"))],
        _date("2008-10-18"),
        "latest document",
    ),
    (
        "a dated document beats an undated one",
        [("a.txt", None, _act("2008-10-17")), ("b.txt", "2010-05", _act("2008-10-18"))],
        _date("2008-10-18"),
        "latest document",
    ),
    (
        "then code point order",
        [("a.txt", "2010-05-01", _act("2008-10-18")), ("b.txt", "2010-05-01", _act("2008-10-17"))],
        _date("2008-10-17"),
        "code point order",
    ),
]


def _settle(
    stated: Stated, reference: Sequence[str] = ()
) -> tuple[Shared, dict[Path, set[str]], list[str], list[Disagreement]]:
    shared = Shared()
    shared.add(list(reference), Source("reference data", f"{BASE}graph/reference"))
    for name, date, lines in stated:
        shared.add(lines, _doc(name, date))
    dropped, added, found = shared.settle()
    return shared, dropped, added, found


@pytest.mark.parametrize("case", RULE, ids=[c[0] for c in RULE])
def test_the_rule_keeps_one_value(case: tuple[str, Stated, str, str]) -> None:
    _, stated, kept, reason = case
    shared, dropped, added, (found,) = _settle(stated)
    assert (found.kept, found.reason) == (kept, reason)
    assert found.thing == ACT[1:-1] and found.prop == DATE[1:-1]
    assert added == []
    # every value with every document stating it, the kept one first
    assert sorted(s.name for _, by in found.values for s in by) == sorted(n for n, _, _ in stated)
    set_aside = {f"{ACT} {DATE} {v} ." for v, _ in found.values[1:]}
    assert set().union(*dropped.values()) == set_aside
    for name, _, lines in stated:  # each file loses exactly the lines it states that were set aside
        assert dropped.get(Path(f"/parts/{name}.nt"), set()) == set(lines) & set_aside
    assert [ln for ln in shared.lines[ACT] if f" {DATE} " in ln] == [f"{ACT} {DATE} {kept} ."]
    assert [v for v in shared.check() if v.component == "MaxCount"] == []  # the snippets are not whole things


def test_the_reference_data_beats_every_document() -> None:
    reference = [f"{ACT} {TYPE} <{PAL}Act> .", f"{ACT} {DATE} {_date('2008-10-19')} ."]
    stated = [("own.txt", "2020-01-01", _act("2008-10-17")), ("a.txt", "2020-01-01", _act("2008-10-17"))]
    _, dropped, _, (found,) = _settle(stated, reference)
    assert (found.kept, found.reason) == (_date("2008-10-19"), "reference data")
    assert all(part is not None for part in dropped)  # the reference graph's lines are never dropped


def test_a_meeting_report_owns_what_the_meeting_adopted() -> None:
    meeting, rec = f"<{BASE}meeting/wg-tip/9>", f"<{BASE}meeting/wg-tip/9/recommendation/4>"
    strength = f"<{PAL}strength>"

    def says(level: str) -> list[str]:
        return [
            f"{rec} {TYPE} <{PAL}Recommendation> .",
            f"{rec} <{PAL}adoptedAt> {meeting} .",
            f"{rec} {strength} <{BASE}concept/strength/{level}> .",
        ]

    report = [
        f"<{BASE}doc/r> <{PAL}reportsOn> {meeting} .",
        f"<{BASE}doc/r> {TYPE} <http://data.europa.eu/eli/ontology#LegalResource> .",
    ]
    stated = [
        ("report.txt", "2010-01-01", says("should") + report),
        ("a.txt", "2015-01-01", says("may")),
        ("b.txt", "2016-01-01", says("may")),
    ]
    _, _, _, (found,) = _settle(stated)
    assert found.kept == f"<{BASE}concept/strength/should>" and found.reason == "own document"


def test_a_name_keeps_its_best_spelling_and_the_others_as_alt_labels() -> None:
    person = f"<{BASE}person/jana-novak>"
    typed = f"{person} {TYPE} <https://schema.org/Person> ."
    stated = [
        ("a.txt", "2020-01-01", [typed, f'{person} {NAME} "Jana Novak" .']),
        ("b.txt", "2021-01-01", [typed, f'{person} {NAME} "Jana Novak" .']),
        ("c.txt", "2009-01-01", [typed, f'{person} {NAME} "Jana Novák" .']),
    ]
    _, dropped, added, (found,) = _settle(stated)
    assert (found.kept, found.reason) == ('"Jana Novák"', "spelling")
    assert added == [f'{person} {ALT} "Jana Novak" .']
    assert set(dropped) == {Path("/parts/a.txt.nt"), Path("/parts/b.txt.nt")}


def test_the_properties_allowed_once_come_from_the_shapes() -> None:
    g = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    max_one = {
        f"<{g.value(p, URIRef(sh + 'path'))}>"
        for p in g.subjects(URIRef(sh + "maxCount"), None)
        if str(g.value(p, URIRef(sh + "maxCount"))) == "1"
    }
    assert single_valued() == max_one
    act = allowed_once([f"<{PAL}Act>"], [])
    assert {DATE, f"<{PAL}actNumber>", "<http://purl.org/dc/terms/type>"} <= act  # dcterms:type: eli:LegalResource's
    assert "<https://schema.org/startDate>" not in allowed_once([f"<{PAL}Meeting>"], [])  # a meeting may have several


def test_one_value_each_is_no_disagreement() -> None:
    stated = [("a.txt", None, _act("2008-10-17")), ("b.txt", None, _act("2008-10-17"))]
    _, dropped, added, found = _settle(stated)
    assert (dropped, added, found) == ({}, [], [])


# ---- the build -----------------------------------------------------------------------------------

HEAD = (
    "United Nations\t{symbol}\n\n"
    "Conference of the Parties to the United Nations Convention against Transnational Organized Crime\n\n"
    "Distr.: General\n{distributed}\n\n{title}\n\nI. Introduction\n\n"
)
ONE = HEAD.format(
    symbol="CTOC/COP/WG.4/2011/8",
    distributed="15 June 2011",
    title="Report on the meeting of the Working Group on Trafficking in Persons held in Vienna "
    "from 10 to 12 October 2011",
) + (
    "1. In its decision 4/4 of 17 October 2008, the Conference of the Parties to the United Nations "
    "Convention against Transnational Organized Crime decided to establish an open-ended interim working "
    "group on trafficking in persons.\n"
)
TWO = HEAD.format(
    symbol="CTOC/COP/WG.4/2012/3", distributed="2 March 2012", title="Background paper prepared by the Secretariat"
) + (
    "1. Recalling its decision 4/4 of 18 October 2008, the Conference of the Parties to the United Nations "
    "Convention against Transnational Organized Crime requested the working group to meet again.\n"
)


@pytest.fixture(scope="module")
def dated_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Two documents dating decision 4/4 differently, built with the command line."""
    src = tmp_path_factory.mktemp("in")
    (src / "one.txt").write_text(ONE, encoding="utf-8")
    (src / "two.txt").write_text(TWO, encoding="utf-8")
    out = tmp_path_factory.mktemp("data") / "data"
    buffer = io.StringIO()  # a module fixture cannot take capsys
    with contextlib.redirect_stderr(buffer):
        code = main(["build", str(src), "--out", str(out), "--jobs", "1", "--no-progress"])
    assert code == 0, buffer.getvalue()
    return out, buffer.getvalue()


def test_two_dates_build_with_exit_0_and_one_warning(dated_twice: tuple[Path, str]) -> None:
    out, err = dated_twice
    (line,) = [ln for ln in err.splitlines() if "disagree" in ln]
    assert line.startswith("palermo: warning: sources disagree: <https://example.org/palermo/act/cop/decision/4-4>")
    assert "eli:date_document" in line
    assert '"2008-10-17"^^xsd:date (one.txt)' in line and '"2008-10-18"^^xsd:date (two.txt)' in line
    # one document each, neither the act's own: the later document's value
    assert line.endswith('kept "2008-10-18"^^xsd:date (latest document)')
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["disagreements"] == 1


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_the_merged_graph_conforms(
    dated_twice: tuple[Path, str], engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = dated_twice
    assert main(["validate", "--data", str(out), "--engine", engine]) == 0
    assert capsys.readouterr().out == "SHACL: conforms\n"


def test_one_date_on_the_act_each_document_its_own_in_cited_acts(dated_twice: tuple[Path, str]) -> None:
    out, _ = dated_twice
    g = Graph().parse(out / "graph.nt", format="nt")
    act = URIRef(ACT[1:-1])
    assert [str(d) for d in g.objects(act, URIRef(DATE[1:-1]))] == ["2008-10-18"]
    rows = run(open_store(out), library()["cited-acts"])
    col = {c: i for i, c in enumerate(rows.columns)}
    assert sorted((r[col["source"]], r[col["date"]]) for r in rows.rows) == [
        ("one.txt", "2008-10-17"),
        ("two.txt", "2008-10-18"),
    ]
    # each document's own graph keeps the date it gives the act
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    assert f"{ACT} {DATE} {_date('2008-10-17')} <{BASE}graph/one.txt> ." in nq


def test_both_dates_in_the_quality_report(dated_twice: tuple[Path, str]) -> None:
    out, _ = dated_twice
    report = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    (d,) = report["disagreements"]
    assert d["thing"] == ACT[1:-1] and d["property"] == DATE[1:-1]
    assert [(v["value"], v["documents"]) for v in d["values"]] == [
        (_date("2008-10-18"), ["two.txt"]),
        (_date("2008-10-17"), ["one.txt"]),
    ]
    assert d["kept"] == _date("2008-10-18") and d["reason"] == "latest document"
    assert report["corpus"]["disagreements"] == 1
    assert {s: e["disagreements"] for s, e in report["documents"].items()} == {"one.txt": 1, "two.txt": 1}
    page = (out / "quality.html").read_text(encoding="utf-8")
    assert "Sources that disagree" in page and "eli:date_document" in page
    assert page.count("2008-10-17") == 1 and "kept (latest document)" in page


def test_the_disagreement_in_dqv_conforms_to_its_shapes(dated_twice: tuple[Path, str]) -> None:
    out, _ = dated_twice
    g = Graph().parse(out / "quality.ttl", format="turtle").parse(ontology_path("quality.ttl"), format="turtle")
    shapes = Graph().parse(ontology_path("quality-shapes.ttl"), format="turtle")
    conforms, _, text = validate(g, shacl_graph=shapes)
    assert conforms, text
    pq = "https://example.org/palermo/ns/quality#"
    rows = g.query(
        f"""SELECT ?value ?version WHERE {{ ?d a <{pq}Disagreement> ; <{pq}thing> <{ACT[1:-1]}> ;
            <{pq}statement> ?s . ?s <{pq}value> ?value ; <{pq}statedIn> ?version }}"""
    )
    assert sorted((str(r[0]), str(r[1]).rsplit("/", 2)[-2]) for r in rows) == [  # type: ignore[index]
        ("2008-10-17", "ctoc-cop-wg.4-2011-8"),
        ("2008-10-18", "ctoc-cop-wg.4-2012-3"),
    ]
    # a kept value that is none of the values given is caught
    (d,) = g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(pq + "Disagreement"))
    g.set((d, URIRef(pq + "kept"), URIRef(BASE + "nothing")))
    assert not validate(g, shacl_graph=shapes)[0]


def test_a_rebuild_from_the_cache_settles_the_same(dated_twice: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = dated_twice
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text(ONE, encoding="utf-8")
    (src / "two.txt").write_text(TWO, encoding="utf-8")
    first = build([src], tmp_path / "b", jobs=1)
    again = build([src], tmp_path / "b", jobs=1)
    assert again.cached == 2 and [d.as_json() for d in again.disagreements] == [
        d.as_json() for d in first.disagreements
    ]
    assert (tmp_path / "b" / "graph.nt").read_bytes() == (out / "graph.nt").read_bytes()


def test_more_documents_beat_a_later_one(tmp_path: Path) -> None:
    """Two documents date the decision one way, a later one the other: the two are kept."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text(ONE, encoding="utf-8")
    (src / "two.txt").write_text(TWO, encoding="utf-8")
    third = ONE.replace("CTOC/COP/WG.4/2011/8", "CTOC/COP/WG.4/2013/2").replace("15 June 2011", "1 July 2013")
    (src / "three.txt").write_text(third, encoding="utf-8")
    result = build([src], tmp_path / "out", jobs=1)
    assert result.report is not None and result.report.conforms, result.report.text()
    (d,) = result.disagreements
    assert (d.kept, d.reason) == (_date("2008-10-17"), "most documents")
    assert [[s.name for s in by] for _, by in d.values] == [["one.txt", "three.txt"], ["two.txt"]]
    g = Graph().parse(result.out / "graph.nt", format="nt")
    assert [str(x) for x in g.objects(URIRef(ACT[1:-1]), URIRef(DATE[1:-1]))] == ["2008-10-17"]


def test_published_under_another_base_the_disagreement_moves_with_the_things(
    dated_twice: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = dated_twice
    base = "https://data.example.net/tip/"
    publish(out, base, tmp_path / "site")
    g = Graph().parse(tmp_path / "site" / "quality.ttl", format="turtle")
    g.parse(ontology_path("quality.ttl"), format="turtle")
    conforms, _, text = validate(g, shacl_graph=Graph().parse(ontology_path("quality-shapes.ttl"), format="turtle"))
    assert conforms, text
    pq = "https://example.org/palermo/ns/quality#"
    assert set(g.objects(None, URIRef(pq + "thing"))) == {URIRef(base + "act/cop/decision/4-4")}
    versions = {str(v) for v in g.objects(None, URIRef(pq + "statedIn"))}
    assert versions and all(v.startswith(base + "doc/") for v in versions)
    page = (tmp_path / "site" / "quality.html").read_text(encoding="utf-8")
    assert "Sources that disagree" in page and "kept (latest document)" in page


# the day of a date, in English ("17 October 2008") and in Chinese ("2008年10月17日")
DAY = re.compile(
    r"(?<!\d)([1-9]|1\d|2[0-7])(?=\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b)|(?<=月)([1-9]|1\d|2[0-7])(?=日)"
)


def _day_later(m: re.Match[str]) -> str:
    return str(int(m.group()) + 1)


def test_real_texts_and_their_loose_reissues(tmp_path: Path) -> None:
    """The dev texts and the corpus, each beside a re-issue giving every date a day later (a loose
    copy, as mirrors and re-issues are; one of two versions sharing a symbol is left out): acts
    get two dates. One is kept, the merged graph conforms, and each document's cited-acts rows
    keep the date it gives."""
    sources = shared_files("samples-dev")
    if not sources:
        pytest.skip("../shared/samples-dev is absent")
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(corpus_dir().glob("*.txt")) + sources:
        text = decode(p)
        (src / p.name).write_text(text, encoding="utf-8")
        (src / f"{p.stem}-reissue.txt").write_text(DAY.sub(_day_later, text), encoding="utf-8")
    result = build([src], tmp_path / "out", jobs=2)
    # a re-issue is the same language version when its symbol says so: named and left out
    assert all("the same language version" in e for e in result.errors), result.errors
    assert result.report is not None and result.report.conforms, result.report.text()
    dated = [d for d in result.disagreements if d.prop == DATE[1:-1]]
    assert dated
    rows = run(open_store(result.out), library()["cited-acts"])
    col = {c: i for i, c in enumerate(rows.columns)}
    given = {(r[col["source"]], r[col["act"]], r[col["date"]]) for r in rows.rows}
    g = Graph().parse(result.out / "graph.nt", format="nt")
    for d in dated:
        assert len(d.values) >= 2 and all(by for _, by in d.values)
        kept = [f'"{x}"^^<{x.datatype}>' for x in g.objects(URIRef(d.thing), URIRef(d.prop))]  # type: ignore[attr-defined]
        assert kept == [d.kept]
        for value, by in d.values:
            day = value.split('"')[1]
            assert all((s.name, d.thing, day) in given for s in by), (d.thing, day)
