"""Exports (RDF and networks) and the static linked-data site."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from palermo.cli import main
from palermo.graph.built import BuildReader
from palermo.graph.export import LISTS_ATTENDANCE, export, network, relation_label, short_title
from palermo.graph.publish import publish
from palermo.iri import PAL
from palermo.pipeline import BuildResult

BASE = "https://example.org/palermo/"


@pytest.fixture(scope="module")
def graphs(built: BuildResult) -> BuildReader:
    return BuildReader(built.out)


def exported(view: BuildReader, fmt: str, **options: object) -> str:
    buf = io.BytesIO()
    export(view, fmt, buf, **options)  # type: ignore[arg-type]
    return buf.getvalue().decode("utf-8")


def _counts(net: nx.MultiDiGraph) -> tuple[Counter[str], Counter[str]]:
    nodes = Counter(str(d["type"]) for _, d in net.nodes(data=True))
    edges = Counter(str(d["relation"]) for _, _, d in net.edges(data=True))
    return nodes, edges


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_load_back(graphs, fmt: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    net = network(graphs)
    path = tmp_path / f"corpus.{fmt}"
    path.write_text(exported(graphs, fmt), encoding="utf-8")
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == net.number_of_nodes()
    assert back.number_of_edges() == net.number_of_edges()
    assert _counts(back) == _counts(net)
    nodes, edges = _counts(net)
    # resolution 5/2 is read from its own text: a document (of kind resolution), no longer an act only
    assert nodes["meeting"] == 15 and nodes["act"] == 18 and nodes["person"] == 22 and nodes["document"] == 28
    assert edges["party"] == 167 and edges["chair"] == 6
    meeting = back.nodes[f"{BASE}meeting/wg-tip/11"]
    assert (meeting["label"], meeting["start"], meeting["end"]) == ("WG-TIP meeting 11", "2021-10-12", "2021-10-13")
    assert back.nodes[f"{BASE}country/afg"]["label_zh"] == "阿富汗"


def test_network_counts_match_the_graph(graphs, built: BuildResult, rows) -> None:  # type: ignore[no-untyped-def]
    _, meetings = rows("meetings")
    net = network(graphs)
    assert {n for n, d in net.nodes(data=True) if d["type"] == "meeting"} == {r[1] for r in meetings}


def test_views(graphs) -> None:  # type: ignore[no-untyped-def]
    attendance = network(graphs, "attendance")
    assert set(_counts(attendance)[0]) == {"document", "meeting", "country", "organization", "person"}
    citations = network(graphs, "citations")
    assert set(_counts(citations)[1]) <= {"cites", "is_part_of"} | CITO_RELATIONS
    assert "mentions" not in _counts(attendance)[1]
    with_provenance = network(graphs, keep_provenance=True)
    assert {"fact", "block"} <= set(_counts(with_provenance)[0])


@pytest.mark.parametrize("fmt", ["jsonld", "ttl", "nt"])
def test_rdf_exports_round_trip(graphs, built: BuildResult, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"graph.{fmt}"
    path.write_text(exported(graphs, fmt), encoding="utf-8")
    if fmt == "jsonld":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["@context"]["symbol"] == "eli:id_local"
        assert any("symbol" in node for node in data["@graph"])  # short, readable keys
    back = Graph().parse(path, format={"jsonld": "json-ld", "ttl": "turtle", "nt": "nt"}[fmt])
    assert isomorphic(back, Graph().parse(built.out / "graph.nt", format="nt"))  # the merged graph


CITO_RELATIONS = {"citesForInformation", "confirms", "citesAsAuthority", "agreesWith", "supports", "discusses"}
IRI_LIKE = re.compile(r"^https?:|[0-9a-f]{12}|^[a-z0-9.-]+(/[a-z0-9.-]+)+$")  # an IRI, a hash, a lower-case path


def read_back(view: BuildReader, fmt: str, kind: str, tmp_path: Path) -> nx.Graph:
    """The exported file read by networkx as Gephi or Cytoscape users would load it."""
    path = tmp_path / f"{kind}.{fmt}"
    path.write_text(exported(view, fmt, kind=kind), encoding="utf-8")
    if fmt == "gexf":
        return nx.read_gexf(path)
    if fmt == "graphml":
        return nx.read_graphml(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for node in data["elements"]["nodes"]:  # what Cytoscape shows: a node's name, an edge's interaction
        assert node["data"]["name"] == node["data"]["label"]
    for link in data["elements"]["edges"]:
        assert link["data"]["interaction"] == link["data"]["label"]
    return nx.cytoscape_graph(data)


def _edge_label(data: dict[str, object]) -> str:
    return str(data["label"])


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cytoscape"])
@pytest.mark.parametrize("kind", ["citations", "attendance", "all"])
def test_views_hold_their_documents(graphs, fmt: str, kind: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    back = read_back(graphs, fmt, kind, tmp_path)
    nodes = list(back.nodes(data=True))
    documents = [(n, d) for n, d in nodes if d["type"] == "document"]
    assert documents and nodes[0][1]["type"] == "document"  # documents first
    for _, d in nodes:  # every node readable: no IRI, path or hash for a label
        assert d["label"] and not IRI_LIKE.search(str(d["label"])), d
    read = {n: d for n, d in documents if "source" in d}
    assert len(read) == (5 if kind != "attendance" else 2)  # in attendance: the two reports stating it
    for d in read.values():
        assert d["language"] == "zh" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d["date"]))
        assert d["kind"] in {"report", "background-paper", "resolution"}
    for _, _, data in back.edges(data=True):  # typed edges, their label in words
        assert _edge_label(data) and "_" not in _edge_label(data) and _edge_label(data) == _edge_label(data).lower()
    out = {n for n in read if back.out_degree(n)}
    assert out == set(read) if kind != "all" else out
    if kind == "citations":
        resolution = read[f"{BASE}act/cop/resolution/5-2"]
        assert resolution["kind"] == "resolution" and str(resolution["label"]).startswith("Resolution 5/2 (COP) 《")
        labels = {_edge_label(d) for u, _, d in back.out_edges(f"{BASE}act/cop/resolution/5-2", data=True)}
        assert {"cites", "cites for information", "agrees with"} <= labels
        cited = {str(back.nodes[v]["label"]) for u, v in back.out_edges(read) if back.nodes[v]["type"] == "document"}
        assert "CTOC/COP/WG.4/2010/6 贩运人口问题工作组 2010 年 1 月 27 日至 29 日在…" in cited  # symbol, short title
        cited_kinds = {back.nodes[v]["type"] for _, v in back.out_edges(read)}
        assert cited_kinds == {"document", "act", "article", "article-paragraph"}
    if kind == "attendance":
        labels = {_edge_label(d) for u, _, d in back.out_edges(read, data=True)}
        assert labels == {"lists attendance at"}
        report = read[f"{BASE}doc/source/002_ba0d7b8b3a0c7994.txt"]
        assert report["kind"] == "report" and report["date"] == "2021-10-28"
        assert (f"{BASE}doc/source/002_ba0d7b8b3a0c7994.txt", f"{BASE}meeting/wg-tip/11") in back.edges()


def test_cli_exports_the_citation_network_for_gephi(built: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "citations.gexf"
    argv = ["export", "--data", str(built.out), "--format", "gexf", "--view", "citations", "--out", str(out)]
    assert main(argv) == 0
    back = nx.read_gexf(out)
    documents = {n for n, d in back.nodes(data=True) if d["type"] == "document"}
    assert len(documents) == 28 and len({n for n in documents if back.out_degree(n)}) == 5  # 5 read, 23 cited
    assert all(back.in_degree(n) for n in documents if not back.out_degree(n))  # a cited one is cited
    assert "<node id=\"https://example.org/palermo/act/cop/resolution/5-2\" label=\"Resolution 5/2 (COP) 《" in (
        out.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    ("title", "cells", "short"),
    [
        ("Report on the meeting", 48, "Report on the meeting"),
        ("Report on the meeting\nheld in Vienna", 48, "Report on the meeting held in Vienna"),
        ("Report on the meeting held in Vienna", 12, "Report on…"),
        ("贩运人口问题工作组会议的报告", 10, "贩运人口…"),  # two cells a character
        ("贩运人口问题", 12, "贩运人口问题"),
    ],
)
def test_short_title(title: str, cells: int, short: str) -> None:
    assert short_title(title, cells) == short


@pytest.mark.parametrize(
    ("relation", "words"),
    [("citesForInformation", "cites for information"), ("is_part_of", "is part of"), ("party", "party"),
     (LISTS_ATTENDANCE, "lists attendance at")],
)
def test_relation_label(relation: str, words: str) -> None:
    assert relation_label(relation) == words


def test_cytoscape_and_csv(graphs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(exported(graphs, "cytoscape"))
    assert {"nodes", "edges"} <= set(data["elements"])
    lines = exported(graphs, "csv", kind="attendance").splitlines()
    assert lines[0].startswith("source,target,relation,weight")
    assert any(",chair,1,Afghanistan,WG-TIP meeting 11," in ln for ln in lines)


def test_cli_export(built: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "g.trig"
    assert main(["export", "--data", str(built.out), "--format", "trig", "--out", str(out)]) == 0
    back = ox.Dataset(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    named = {q.graph_name for q in back if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(named) == 7 and len([q for q in back if isinstance(q.graph_name, ox.DefaultGraph)]) == built.triples
    assert main(["export", "--data", str(tmp_path / "none"), "--format", "ttl"]) == 1
    assert not list(tmp_path.glob(".*.part"))


def test_every_resource_has_its_pages(site: Path, built: BuildResult) -> None:
    """Every thing but the facts, blocks and what else a version states (anchors of its page:
    test_site_anchors.py)."""
    g = Graph().parse(built.out / "graph.nt", format="nt")
    stated = {str(s) for s, e in g.subject_objects(PAL.statedIn) if str(s).startswith(f"{e}/")}
    parts = {str(s) for s in g.subjects(PAL.key)} | stated
    subjects = {str(s).split("#", 1)[0] for s in g.subjects() if str(s).startswith(BASE)} - parts
    assert len(subjects) > 300
    for iri in sorted(subjects)[::37]:
        folder = site / iri[len(BASE) :]
        for name in ("index.html", "index.ttl", "index.jsonld", "index.nt"):
            assert (folder / name).is_file(), folder / name
    afg = Graph().parse(site / "country/afg/index.ttl", format="turtle")
    assert len(afg) > 5
    for name in ("void.ttl", "dumps/graph.nt", "dumps/graph.nq", "ontology/palermo.ttl", "ontology/shapes.ttl"):
        assert (site / name).is_file()
    void = Graph().parse(site / "void.ttl", format="turtle")
    assert any("dataDump" in str(p) for p in void.predicates())


def test_country_page_lists_its_meetings(site: Path) -> None:
    page = (site / "country/afg/index.html").read_text(encoding="utf-8")
    assert 'class="meetings"' in page
    assert "../../meeting/wg-tip/11/index.html" in page and ">chair<" in page and ">party<" in page


def test_document_page_links_citations(site: Path) -> None:
    folder = site / "act/cop/resolution/5-2"
    page = (folder / "index.html").read_text(encoding="utf-8")
    table = page.split('class="citations"', 1)[1].split("</table>", 1)[0]
    hrefs = re.findall(r'<td class="citation"><a href="([^"]+)"', table)
    assert len(hrefs) == table.count("<tr>") >= 10  # every citation links its target
    for href in hrefs:  # a page links a page as its file: a static host or file:// shows it, not a listing
        assert href.endswith("/index.html") and (folder / href).resolve().is_file(), href
    targets = {(folder / h).resolve().parent.relative_to(site.resolve()).as_posix() for h in hrefs}
    assert {"act/ga/resolution/64-293", "instrument/untoc/art/32", "act/cop/decision/4-4"} <= targets


def test_meeting_and_recommendation_pages_show_the_lineage(site: Path) -> None:
    """The first meeting's page: resolution 5/2 paragraph 5 welcoming its recommendations, then the
    2019 paper quoting four of them (one row: what one document did on one day, each quoted
    recommendation and paragraph linked, their text not repeated); a recommendation of the fifth
    meeting: its adoption and the paper's quotation of it, and nothing of the other recommendations."""
    folder = site / "meeting/wg-tip/1"
    table = (folder / "index.html").read_text(encoding="utf-8").split('class="lineage"', 2)[2].split("</table>")[0]
    rows = re.findall(r'<tr data-step="([^"]+)">(.*?)</tr>', table, re.S)
    assert [step for step, _ in rows] == ["taken-up", "quoted"]
    quoted = [(folder / h).resolve().as_posix() for h in re.findall(r'href="([^"]+)"', rows[1][1].split('"steps"')[1])]
    assert len([h for h in quoted if "/recommendation/" in h]) == 4 and len([h for h in quoted if "#para-" in h]) == 4
    assert "<q" not in rows[1][1]  # the quoted words are the recommendations' own, listed above
    links = re.findall(r'href="([^"]+)"', rows[0][1])
    assert {(folder / h).resolve().parent.relative_to(site.resolve()).as_posix() for h in links} >= {
        "act/cop/resolution/5-2",
        "act/cop/resolution/5-2/zh",  # its paragraph 5: an anchor of the version's page
        "meeting/wg-tip/1/recommendations",
    }
    assert any(h.endswith("/act/cop/resolution/5-2/zh/index.html#para-5") for h in links)
    assert '<td class="verb">welcomes</td>' in rows[0][1]
    one = site / "meeting/wg-tip/5/recommendation/16/index.html"
    steps = re.findall(r'<tr data-step="([^"]+)">', one.read_text(encoding="utf-8"))
    assert steps == ["adopted", "quoted"]


def test_publish_under_another_base(built: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert (
        main(["publish", "--data", str(built.out), "--base-uri", "https://data.example.net/tip", "--out", str(out)])
        == 0
    )
    ttl = (out / "country/afg/index.ttl").read_text(encoding="utf-8")
    assert "https://data.example.net/tip/country/afg" in ttl and f"{BASE}country" not in ttl
    assert "<https://example.org/palermo/ns#" in ttl or "pal:" in ttl  # the vocabulary stays where it is
    assert "https://data.example.net/tip/ns#" not in ttl


@pytest.mark.parametrize(("total", "enabled", "shown"), [(100, True, True), (100, False, False), (5, True, False)])
def test_progress_bar_only_when_asked_and_worth_it(total: int, enabled: bool, shown: bool) -> None:
    from palermo.progress import progress_bar

    bar = progress_bar(total, "things", enabled)
    assert bar.disable is not shown
    bar.close()


def test_publish_shows_its_progress_in_triples(
    built: BuildResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(built.out, BASE, tmp_path / "site", progress=True)
    err = capsys.readouterr().err
    assert "triples" in err and "100%" in err
    publish(built.out, BASE, tmp_path / "quiet", progress=False)
    assert capsys.readouterr().err == ""
