"""The store holds the merged graph; the documents' named graphs stay in graph.nq and are loaded
when asked: `build --named-graphs`, or the first query naming graphs (store.named_store), in
`palermo query`, the Python API and `serve`. As-of reads graph.nq by graph (store.Quads)."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from clikit import cli, manifest, running
from test_serve import csv_rows, fetch

import palermo
from palermo.graph import asof, store
from palermo.graph.query import Query, library, names_graphs, run
from palermo.graph.serve import make_server
from palermo.graph.store import NAMED_STORE_DIR, Damaged, check, named_store, named_store_made, open_build
from palermo.pipeline import BuildResult, build
from palermo.resources import corpus_dir

# Queries naming graphs, each answered from the named graphs: the rows must be those of a build
# whose store was loaded with them.
GRAPH_QUERIES = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT ?g ?source WHERE { GRAPH ?g { ?e <https://example.org/palermo/ns#sourceFile> ?source } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",  # the default graph: the merged one in both
    "SELECT ?s WHERE { GRAPH <https://example.org/palermo/graph/reference> { ?s a ?t } } LIMIT 50",
)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus built twice: (without named graphs in its store, with them)."""
    folder = tmp_path_factory.mktemp("named")
    plain, loaded = folder / "plain", folder / "loaded"
    build([corpus_dir()], plain)
    build([corpus_dir()], loaded, named_graphs=True)
    return plain, loaded


def _quads(path: Path, graph: object = None) -> int:
    """Quads in a store's named graphs (or in `graph`)."""
    found = ox.Store.read_only(str(path)).quads_for_pattern(None, None, None, graph)  # type: ignore[arg-type]
    return sum(1 for q in found if graph is not None or q.graph_name != ox.DefaultGraph())


def test_a_build_stores_the_merged_graph_only(both: tuple[Path, Path]) -> None:
    plain, loaded = both
    assert manifest(plain)[store.NAMED_GRAPHS] is False and manifest(loaded)[store.NAMED_GRAPHS] is True
    assert _quads(plain / store.STORE_DIR) == 0
    quads = sum(1 for _ in (plain / "graph.nq").open(encoding="utf-8"))
    assert _quads(loaded / store.STORE_DIR) == quads > 0
    merged = sum(1 for _ in (plain / "graph.nt").open(encoding="utf-8"))
    for folder in both:  # the default graph is the merged graph in both
        assert _quads(folder / store.STORE_DIR, ox.DefaultGraph()) == merged
    assert (plain / "graph.nq").read_bytes() == (loaded / "graph.nq").read_bytes()  # push sends the same


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * where { graph <http://x/g> { ?s ?p ?o } }", True),
        ("SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <http://x/g> WHERE { ?s ?p ?o }", True),
        ("SELECT ?graph WHERE { ?graph ?p 'GRAPH FROM' } # a graph", False),  # the words, not the clauses
        ("SELECT * WHERE { ?s <http://x/graph> ?o }", False),
        ("PREFIX from: <http://x/> SELECT * WHERE { ?s from:graph ?o }", False),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p", False),  # malformed: the store says so where it runs
        ("ASK { OPTIONAL { GRAPH ?g { } } }", True),
    ],
)
def test_names_graphs(text: str, names: bool) -> None:
    assert names_graphs(text) is names


@pytest.mark.parametrize("text", GRAPH_QUERIES)
def test_a_query_naming_graphs_answers_as_with_them_loaded(
    both: tuple[Path, Path], text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, loaded = both
    shutil.rmtree(plain / NAMED_STORE_DIR, ignore_errors=True)  # made by this query or not at all
    path = tmp_path / "q.rq"
    path.write_text(f"#+ summary: a query naming graphs\n{text}\n", encoding="utf-8")
    answers = []
    for folder in both:
        code, out, err = cli(capsys, "query", str(path), "--data", str(folder), "--format", "csv")
        assert code == 0, err
        answers.append(sorted(out.splitlines()[1:]))
    assert answers[0] == answers[1] and answers[0]
    assert (plain / NAMED_STORE_DIR).is_dir() == names_graphs(text)
    assert not (loaded / NAMED_STORE_DIR).exists()  # its own store holds them


def test_the_python_api_names_graphs_too(both: tuple[Path, Path]) -> None:
    frames = [palermo.open(folder).query(GRAPH_QUERIES[0]) for folder in both]
    assert sorted(map(tuple, frames[0].values.tolist())) == sorted(map(tuple, frames[1].values.tolist()))


def test_the_named_store_is_made_once_and_kept(
    built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site", NAMED_STORE_DIR))
    sealed = check(data)
    assert named_store_made(data, sealed) is None
    made: list[int] = []
    real = store._make_named

    def slow(*args: object) -> None:  # a load long enough for the other callers to come meanwhile
        made.append(1)
        time.sleep(0.5)
        real(*args)

    monkeypatch.setattr(store, "_make_named", slow)
    found: list[Path] = []
    callers = [threading.Thread(target=lambda: found.append(named_store(data, sealed))) for _ in range(4)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(60)
    assert made == [1] and len(found) == 4 and set(found) == {data / NAMED_STORE_DIR / store.STORE_DIR}
    assert named_store(data, sealed) == found[0] and made == [1]  # kept: the next caller takes it
    assert not [p for p in data.iterdir() if p.name.startswith(f".{NAMED_STORE_DIR}.")]  # no temporary left
    assert check(data) == sealed  # not listed: the build is as whole as before
    quads = sum(1 for _ in (data / "graph.nq").open(encoding="utf-8"))
    assert _quads(found[0]) == quads


def test_a_named_store_of_another_build_or_graph_nq_is_not_taken(built: BuildResult, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site", NAMED_STORE_DIR))
    sealed = check(data)
    named_store(data, sealed)
    other = {**sealed, "build": "0" * 64}
    assert named_store_made(data, sealed) is not None and named_store_made(data, other) is None
    # graph.nq changed, its size kept: checked by its sha256 before a named graph is loaded
    (data / NAMED_STORE_DIR / "stamp.json").unlink()
    nq = data / "graph.nq"
    text = nq.read_bytes()
    nq.write_bytes(text.replace(b"<https://example.org/palermo/graph/", b"<https://example.org/palermo/graph-", 1))
    with pytest.raises(Damaged, match="sha256"):
        named_store(data, sealed)
    assert named_store_made(data, sealed) is None


def test_a_named_store_that_cannot_be_made_is_one_line(
    built: BuildResult, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site", NAMED_STORE_DIR))

    def refused(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store, "_make_named", refused)
    path = tmp_path / "q.rq"
    path.write_text(f"#+ summary: graphs\n{GRAPH_QUERIES[0]}\n", encoding="utf-8")
    code, out, err = cli(capsys, "query", str(path), "--data", str(data))
    lines = err.strip().splitlines()
    assert code == 1 and out == "" and len(lines) == 1
    assert NAMED_STORE_DIR in lines[0] and "Permission denied" in lines[0] and "--named-graphs" in lines[0]


# --- as-of reads the documents' graphs in graph.nq --------------------------------------------------

_NQ = (
    b'<http://x/a> <http://x/p> "a <b> c" <http://x/g1> .\n'
    b"<http://x/b> <http://x/p> <http://x/o> <http://x/g1> .\n"
    b'<http://x/c> <http://x/p> "line\\n <http://x/g2> ." <http://x/g2> .\n'
    b"<http://x/d> <http://x/p> <http://x/o> <http://x/g3> .\n"
    b"<http://x/e> <http://x/p> <http://x/o> <http://x/g3> .\n"
    b"<http://x/f> <http://x/p> <http://x/o> <http://x/g3> .\n"
)


@pytest.mark.parametrize("cut", [0, 1, 2, 3, 4, 5, 6])
def test_quads_finds_each_graph(cut: int) -> None:
    """Each graph's lines, found by bisection, whatever the number of graphs and lines."""
    lines = _NQ.splitlines(keepends=True)[:cut]
    data = b"".join(lines)
    quads = store.Quads(data)
    graphs = sorted({ln.rsplit(b" ", 2)[1][1:-1].decode() for ln in lines})
    assert sorted(quads.spans) == graphs
    for graph in graphs:
        tail = f" <{graph}> .\n".encode()
        mine = [ln.replace(tail, b" .\n") for ln in lines if ln.endswith(tail)]
        assert quads.triples(graph) == b"".join(mine)
        assert len(list(ox.parse(quads.triples(graph), format=ox.RdfFormat.N_TRIPLES))) == len(mine)
    assert quads.triples("http://x/none") == b""


def test_quads_refuses_a_graph_in_two_places() -> None:
    lines = _NQ.splitlines(keepends=True)
    for mixed in (
        lines[0] + lines[3] + lines[1],
        lines[0] + lines[3] + lines[4] + lines[1],
        lines[3] + lines[0] + lines[4],
    ):
        with pytest.raises(Damaged, match="not together"):
            quads = store.Quads(mixed)
            for graph in quads.spans:
                quads.triples(graph)


def test_as_of_rows_are_the_same_with_or_without_named_graphs(both: tuple[Path, Path]) -> None:
    plain = [name for name, q in library().items() if not q.declared]  # the queries without parameters
    for cut in ("2011-08", "COP-8", "2030"):
        found = []
        for folder in both:
            dataset, selection = asof.local(open_build(folder)[1], asof.parse(cut), folder)
            found.append((selection, {name: sorted(run(dataset, library()[name]).rows) for name in plain}))
        assert found[0] == found[1], cut
        assert any(found[0][1].values())


def test_as_of_refuses_a_graph_nq_of_another_size(built: BuildResult, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site", NAMED_STORE_DIR))
    with (data / "graph.nq").open("ab") as f:
        f.write(b"\n")
    with pytest.raises(Damaged, match=r"graph\.nq"):
        asof.local(open_build(data)[1], asof.parse("2030"), data)


# --- serve ------------------------------------------------------------------------------------------


def test_serve_loads_the_named_graphs_once_for_concurrent_queries(
    built: BuildResult, both: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site", NAMED_STORE_DIR))
    site = tmp_path / "site"
    site.mkdir()
    made: list[int] = []
    real = store._make_named

    def counted(*args: object) -> None:  # long enough for the other requests to come meanwhile
        made.append(1)
        time.sleep(0.5)
        real(*args)

    monkeypatch.setattr(store, "_make_named", counted)
    texts = [GRAPH_QUERIES[0]] * 3 + ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]
    loaded = ox.Store.read_only(str(both[1] / store.STORE_DIR))
    expected = [sorted(run(loaded, Query("q", Path("q"), "", (), text)).rows) for text in texts]
    with running(make_server(data, site, "127.0.0.1", 0)) as url:

        def ask(text: str) -> tuple[int, list[list[str]]]:
            query = urllib.parse.urlencode({"query": text})
            status, _, body = fetch(f"{url}sparql?{query}", headers={"Accept": "text/csv"})
            return status, sorted(csv_rows(body)[1]) if status == 200 else [[body.decode()]]

        answers: dict[int, tuple[int, list[list[str]]]] = {}
        askers = [threading.Thread(target=lambda i=i: answers.update({i: ask(texts[i])})) for i in range(len(texts))]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join(60)
        assert [answers[i] for i in range(len(texts))] == [(200, rows) for rows in expected]
        assert made == [1]
        assert ask(texts[0]) == (200, expected[0]) and made == [1]


def test_the_void_description_counts_each_named_graph_from_graph_nq(built: BuildResult) -> None:
    """The site's VoID subsets (one per named graph, its triples) read graph.nq: the store lacks them."""
    from rdflib.namespace import VOID

    from palermo.graph.built import BuildReader
    from palermo.graph.publish import void_dcat

    site = "http://site.example/"
    described = void_dcat(site, BuildReader(built.out))
    found = {str(s): int(o) for s, o in described.subject_objects(VOID.triples) if str(s) != f"{site}dataset"}
    expected: dict[str, int] = {}
    for line in (built.out / "graph.nq").open(encoding="utf-8"):
        graph = line.rsplit(" ", 2)[1][1:-1].replace(str(manifest(built.out)["base"]), site, 1)
        expected[f"{graph}#dataset"] = expected.get(f"{graph}#dataset", 0) + 1
    assert found == expected and len(found) > 2
