"""A real SPARQL server on localhost (Oxigraph server, from PyPI): push, remote queries, atomicity."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from palermo.cli import main
from palermo.graph.query import library, run
from palermo.graph.remote import RemoteError, push, run_remote
from palermo.graph.store import open_store
from palermo.pipeline import BuildResult, build
from palermo.resources import corpus_dir

OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server is not installed")


class Server:
    """An Oxigraph server process on a free localhost port, restartable on the same data."""

    def __init__(self, location: Path) -> None:
        self.location = location
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert OXIGRAPH is not None
        self.proc = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph server did not start")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


def _sorted(rows: list[list[str]]) -> list[list[str]]:
    return sorted(rows)


@pytest.mark.parametrize("merged", ["default", "named"])
def test_push_then_every_query_gives_the_local_rows(built: BuildResult, oxigraph: Server, merged: str) -> None:
    result = push(built.out, f"{oxigraph.url}/store", merged=merged)
    assert result.graphs == 8  # five documents, the reference data, the links between documents, merged
    triples = len((built.out / "graph.nt").read_text(encoding="utf-8").splitlines())
    if merged == "default":
        assert _count(oxigraph) == triples == built.triples
        graph = None
    else:
        graph = "https://example.org/palermo/graph/merged"
        assert result.merged == graph and _count(oxigraph, graph) == triples and _count(oxigraph) == 0
    local = open_store(built.out)
    for name, q in library().items():
        remote = run_remote(f"{oxigraph.url}/query", q, default_graph=graph)
        mine = run(local, q)
        assert remote.columns == mine.columns, name
        assert mine.rows, name  # a comparison of rows, not of nothing
        assert _sorted(remote.rows) == _sorted(mine.rows), name


def test_push_with_sparql_update(built: BuildResult, oxigraph: Server) -> None:
    push(built.out, f"{oxigraph.url}/update", protocol="update")
    assert _count(oxigraph) == built.triples
    for name in ("documents", "countries"):
        q = library()[name]
        assert _sorted(run_remote(f"{oxigraph.url}/query", q).rows) == _sorted(run(open_store(built.out), q).rows)


def _count(server: Server, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    data = (
        urllib.request.urlopen(
            urllib.request.Request(
                f"{server.url}/query",
                data=query.encode(),
                headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
            ),
            timeout=10,
        )
        .read()
        .decode()
    )
    return int(data.splitlines()[1])


def test_a_push_killed_midway_leaves_the_previous_graph(built: BuildResult, oxigraph: Server, tmp_path: Path) -> None:
    push(built.out, f"{oxigraph.url}/store")
    graph = "https://example.org/palermo/graph/002_ba0d7b8b3a0c7994.txt"
    before = _count(oxigraph, graph)
    assert before > 1000
    # a new version of the 2021 report, pushed slowly enough to kill the server while it loads
    changed = tmp_path / "v2"
    changed.mkdir()
    source = corpus_dir() / "002_ba0d7b8b3a0c7994.txt"
    text = source.read_text(encoding="utf-8")
    (changed / source.name).write_text(text + "\n50. 工作组于 2021 年 10 月 13 日通过了本报告。\n", encoding="utf-8")
    v2 = build([changed], tmp_path / "data-v2")
    errors: list[Exception] = []

    def slow_push() -> None:
        try:
            push(v2.out, f"{oxigraph.url}/store", rate=100_000, timeout=30)
        except RemoteError as e:
            errors.append(e)

    pusher = threading.Thread(target=slow_push)
    pusher.start()
    time.sleep(2.0)  # a few chunks of the first graph (the report's) are on the wire
    oxigraph.kill()
    pusher.join(timeout=60)
    assert errors, "the push should have failed when the server died"
    assert "cannot reach the store" in str(errors[0]) or "store answered" in str(errors[0])
    oxigraph.start()
    assert _count(oxigraph, graph) == before  # the previous version, whole


def test_unreachable_store_and_endpoint(built: BuildResult, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["push", "--data", str(built.out), "--store", f"http://127.0.0.1:{port}/store"]) == 1
    assert main(["query", "documents", "--endpoint", f"http://127.0.0.1:{port}/query"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(f"127.0.0.1:{port}" in line for line in err)
