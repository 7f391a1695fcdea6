"""Damaged builds never go out (issue 24, items 4, 8 and 9): a build folder carries in its
manifest, written last, the size, lines and sha256 of every file; every command that reads a
build checks it first and refuses a damaged one in one line; `push` sends nothing to a store
before the build is known whole and the store has answered as a store; publish, export and
push stop on SIGTERM and Ctrl-C, remove what they half-wrote and say so."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from clikit import cli
from test_remote import Server

from palermo.graph.store import MANIFEST, NAMED_STORE_DIR, Damaged, check
from palermo.pipeline import BuildResult

# --- what a build carries -------------------------------------------------------------------------


def test_the_manifest_lists_every_file_and_is_written_last(built: BuildResult) -> None:
    manifest = json.loads((built.out / MANIFEST).read_text(encoding="utf-8"))
    files = manifest["files"]
    on_disk = {
        p.relative_to(built.out).as_posix()
        for p in built.out.rglob("*")
        if p.is_file() and p.relative_to(built.out).parts[0] not in ("cache", "site", NAMED_STORE_DIR, MANIFEST)
    }
    assert set(files) == on_disk
    for name in ("graph.nt", "graph.nq", "validation.txt", "quality.json", "quality.ttl", "quality.html"):
        data = (built.out / name).read_bytes()
        assert files[name]["bytes"] == len(data) and files[name]["lines"] == data.count(b"\n")
        assert len(files[name]["sha256"]) == 64
    texts = [n for n in files if n.startswith("text/")]
    assert len(texts) == len(manifest["documents"]) and all("sha256" in files[n] for n in texts)
    assert all(set(files[n]) == {"bytes"} for n in files if n.startswith("store/"))
    assert manifest["files"]["graph.nt"]["lines"] == manifest["triples"]
    newest = max((built.out / n).stat().st_mtime_ns for n in files)
    assert (built.out / MANIFEST).stat().st_mtime_ns >= newest
    assert check(built.out)["build"] == manifest["build"]


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] = ord("x") if data[middle] != ord("x") else ord("y")  # same size, same lines
    path.write_bytes(bytes(data))


DAMAGES: dict[str, Callable[[Path], None]] = {"emptied": _emptied, "cut": _cut, "one byte changed": _one_byte}


@pytest.fixture
def damaged(built: BuildResult, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(built.out, copy, ignore=shutil.ignore_patterns("cache", "site"))
    DAMAGES[request.param](copy / "graph.nt")
    return copy


@pytest.mark.parametrize("damaged", list(DAMAGES), indirect=True)
@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["export", "--format", "nt", "--out", "{tmp}/out.nt"],
        ["export", "--format", "jsonld", "--out", "{tmp}/out.jsonld"],
        ["publish", "--base-uri", "https://x.example/", "--out", "{tmp}/site"],
    ],
    ids=["validate", "export nt", "export jsonld", "publish"],
)
def test_a_damaged_build_is_refused(
    damaged: Path, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in command] + ["--data", str(damaged)]
    code, out, err = cli(capsys, *argv)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "graph.nt" in lines[0] and "build again" in lines[0], err
    assert "conforms" not in out and "published" not in out
    assert not (tmp_path / "site").exists() and not (tmp_path / ".site.tmp").exists()
    assert not any(tmp_path.glob("out.*")) and not any(tmp_path.glob(".out.*"))


def _without_sizes(path: Path) -> None:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"]["graph.nt"] = {"lines": 1}
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda d: (d / "text" / sorted(os.listdir(d / "text"))[0]).write_text("", encoding="utf-8"), "text/"),
        (lambda d: (d / "quality.json").unlink(), "quality.json: missing"),
        (lambda d: next(f for f in sorted((d / "store").glob("*.sst"))).write_bytes(b"x"), "store/"),
        (lambda d: (d / MANIFEST).write_text("{}", encoding="utf-8"), "manifest"),
        (lambda d: _without_sizes(d / MANIFEST), "manifest"),
        (lambda d: (d / MANIFEST).unlink(), "no build here"),
    ],
    ids=[
        "a text copy emptied",
        "a quality file gone",
        "a store file cut",
        "a manifest without files",
        "a manifest without sizes",
        "no manifest",
    ],
)
def test_every_reading_command_checks_sizes_first(
    built: BuildResult,
    tmp_path: Path,
    damage: Callable[[Path], object],
    said: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Commands that only read the store (query, as-of, serve) check every file by its size."""
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site"))
    damage(data)
    for argv in (
        ["query", "documents", "--data", str(data)],
        ["query", "cited-by", "--as-of", "2030-01-01", "--param", "symbol=CTOC/COP/WG.4/2011/8", "--data", str(data)],
        ["serve", "--data", str(data), "--port", "0"],
        ["export", "--format", "ttl", "--data", str(data), "--out", str(tmp_path / "g.ttl")],
    ):
        code, _, err = cli(capsys, *argv)
        lines = err.strip().splitlines()
        assert code == 1 and len(lines) == 1 and said in lines[0], (argv, err)
    with pytest.raises(Damaged):
        check(data)


# --- push: nothing sent before the build is known whole and the store answers as one ---------------


def _count(server: Server) -> tuple[int, int]:
    """(triples in the default graph, quads in named graphs) of the store."""
    out = []
    for query in ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"):
        url = f"{server.url}/query?query={urllib.parse.quote(query)}"
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            out.append(int(json.load(r)["results"]["bindings"][0]["n"]["value"]))
    return out[0], out[1]


@pytest.mark.parametrize("damaged", list(DAMAGES), indirect=True)
@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_of_a_damaged_build_sends_nothing(
    built: BuildResult, damaged: Path, oxigraph: Server, protocol: str, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint = f"{oxigraph.url}/store" if protocol == "gsp" else f"{oxigraph.url}/update"
    code, _, err = cli(capsys, "push", "--data", str(built.out), "--store", endpoint, "--protocol", protocol)
    assert code == 0, err
    before = _count(oxigraph)
    assert before[0] == built.triples and before[1] > before[0]
    code, out, err = cli(capsys, "push", "--data", str(damaged), "--store", endpoint, "--protocol", protocol)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "graph.nt" in lines[0] and "nothing sent" in lines[0], err
    assert "pushed" not in out
    assert _count(oxigraph) == before  # the store keeps its content


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_push_of_a_build_with_graph_nq_damaged_replaces_no_graph(
    built: BuildResult, tmp_path: Path, oxigraph: Server, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """graph.nq cut in the middle had let a push replace 7 of 8 graphs before the store refused
    the 8th: now nothing is sent."""
    endpoint = f"{oxigraph.url}/store"
    assert cli(capsys, "push", "--data", str(built.out), "--store", endpoint)[0] == 0
    before = _count(oxigraph)
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site"))
    DAMAGES[damage](data / "graph.nq")
    code, _, err = cli(capsys, "push", "--data", str(data), "--store", endpoint, "--merged", "named")
    assert code == 1 and "graph.nq" in err and "nothing sent" in err, err
    assert _count(oxigraph) == before


class _WebPage(http.server.BaseHTTPRequestHandler):
    """A web server answering 200 with an HTML page to everything; it records what it got."""

    got: ClassVar[list[tuple[str, bytes]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.headers.get("Transfer-Encoding") == "chunked":
            while (size := int(self.rfile.readline().strip() or b"0", 16)) > 0:
                body += self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
        type(self).got.append((self.command, body))
        page = b"<!DOCTYPE html><html><body>Welcome</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    do_GET = do_HEAD = do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_to_a_web_page_is_refused(built: BuildResult, protocol: str, capsys: pytest.CaptureFixture[str]) -> None:
    _WebPage.got = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WebPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/update"
        code, out, err = cli(capsys, "push", "--data", str(built.out), "--store", url, "--protocol", protocol)
    finally:
        server.shutdown()
        server.server_close()
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "200" in lines[0] and "nothing sent" in lines[0], err
    assert "pushed" not in out
    assert len(_WebPage.got) == 1 and b"INSERT" not in _WebPage.got[0][1]  # the probe alone


# --- stopping: SIGTERM and Ctrl-C ---------------------------------------------------------------------

STOP_WAIT = 60  # seconds a stopped command may take to end, at most (it takes one or two)


def _run_until(argv: list[str], started: Callable[[], bool], sig: int) -> tuple[int, str, float]:
    """Start `palermo argv`, wait (bounded) until `started()`, send `sig`; (exit code, stderr,
    seconds from the signal to the end)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "palermo.cli", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + STOP_WAIT
        while not started():
            assert proc.poll() is None, "ended before it was stopped"
            assert time.monotonic() < deadline, "never began writing"
            time.sleep(0.05)
        proc.send_signal(sig)
        t0 = time.monotonic()
        _, err = proc.communicate(timeout=STOP_WAIT)
        return proc.returncode, err.decode("utf-8", "replace"), time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _files_in(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder)) if folder.is_dir() else 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_publish_stops_and_removes_its_half_written_site(built: BuildResult, tmp_path: Path, sig: int) -> None:
    site, tmp = tmp_path / "site", tmp_path / ".site.tmp"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    argv = ["publish", "--data", str(built.out), "--base-uri", "https://x.example/", "--out", str(site)]
    code, err, took = _run_until(argv, lambda: _files_in(tmp) > 200, sig)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "publish interrupted" in lines[0] and "removed" in lines[0], err
    assert took < 15
    assert not tmp.exists()
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def _many(built: BuildResult, tmp_path: Path) -> Path:
    """The build with its graph.nt many times over (the manifest sealed anew): an export that
    takes a while to write."""
    data = tmp_path / "data"
    shutil.copytree(built.out, data, ignore=shutil.ignore_patterns("cache", "site"))
    one = (built.out / "graph.nt").read_bytes()
    with (data / "graph.nt").open("wb") as f:
        for _ in range(40):
            f.write(one)
    manifest = json.loads((data / MANIFEST).read_text(encoding="utf-8"))
    import hashlib

    whole = one * 40
    manifest["files"]["graph.nt"] = {
        "bytes": len(whole),
        "lines": whole.count(b"\n"),
        "sha256": hashlib.sha256(whole).hexdigest(),
    }
    (data / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return data


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_export_stops_and_removes_its_half_written_file(built: BuildResult, tmp_path: Path, sig: int) -> None:
    data = _many(built, tmp_path)
    out = tmp_path / "out" / "g.jsonld"
    out.parent.mkdir()
    partial = out.with_name(".g.jsonld.part")
    argv = ["export", "--format", "jsonld", "--data", str(data), "--out", str(out)]
    code, err, took = _run_until(argv, lambda: partial.exists() and partial.stat().st_size > 1 << 20, sig)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "export interrupted" in lines[0], err
    assert took < 15
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_push_stops_and_says_how_far_it_went(
    built: BuildResult, oxigraph: Server, sig: int
) -> None:
    seen = {"graphs": 0}

    def sending() -> bool:  # a graph of the push has reached the store
        seen["graphs"] = _count(oxigraph)[1]
        return seen["graphs"] > 0

    argv = ["push", "--data", str(built.out), "--store", f"{oxigraph.url}/store", "--rate", "200000"]
    code, err, took = _run_until(argv, sending, sig)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "push interrupted" in lines[0] and "replaced" in lines[0], err
    assert took < 15


# --- serve follows a rebuild of the folder it reads (item 8) ------------------------------------------


def test_serve_takes_up_a_rebuild_without_an_error(tmp_path: Path) -> None:
    """A rebuild swapped into the folder a running server reads: every query answered (none
    from a store half old, half new), then from the new build; the site published again for it
    and swapped in whole; the old build's snapshot removed once no query uses it."""
    from palermo.graph.serve import make_server
    from palermo.graph.serve.follow import SITE_BUILD, publish_site
    from palermo.pipeline import build
    from palermo.resources import corpus_dir

    corpus = sorted(corpus_dir().glob("*.txt"))
    data = tmp_path / "data"
    first = build(corpus[:1], data, jobs=1)
    publish_site(data, data / "site", check(data))
    killed = tmp_path / ".data-serve-3999999-x"  # the snapshot of a server that was killed
    killed.mkdir()
    server = make_server(data, data / "site", "127.0.0.1", 0, timeout_s=5.0)
    assert not killed.exists()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    statuses: list[int] = []
    counts: list[int] = []
    stop = threading.Event()

    def ask() -> None:
        query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        while not stop.is_set():
            req = urllib.request.Request(f"{url}/sparql?query={query}", headers={"Accept": "text/csv"})
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    statuses.append(r.status)
                    counts.append(int(r.read().decode().splitlines()[1]))
            except urllib.error.HTTPError as e:
                statuses.append(e.code)

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    try:
        time.sleep(1.0)
        second = build(corpus[:2], data, jobs=1)
        assert second.triples != first.triples
        deadline = time.monotonic() + 30
        while not counts or counts[-1] != second.triples:
            assert time.monotonic() < deadline, "the new build was not taken up"
            time.sleep(0.2)
        new = check(data)["build"]
        deadline = time.monotonic() + 300  # a publish of two documents: under a minute here
        marker = data / "site" / SITE_BUILD  # written just after the new site is swapped in
        while not marker.is_file() or marker.read_text(encoding="utf-8").strip() != new:
            assert time.monotonic() < deadline, "the site was not published again"
            time.sleep(0.5)
        with urllib.request.urlopen(f"{url}/dumps/graph.nt", timeout=30) as r:
            assert r.read() == (data / "graph.nt").read_bytes()
    finally:
        stop.set()
        asking.join(60)
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert counts[0] == first.triples and counts[-1] == second.triples
    # the old snapshot goes with the first query ending after the time a query may still start on
    # it (the server's grace after the switch), and not before that query
    deadline = time.monotonic() + server.build.grace + 30
    while True:
        urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=30).read()
        snapshots = list(tmp_path.glob(".data-serve-*"))
        if len(snapshots) == 1 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(snapshots) == 1 and server.store_path == str(snapshots[0])
    server.shutdown()
    server.server_close()
    assert not list(tmp_path.glob(".data-serve-*"))
