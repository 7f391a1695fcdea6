"""What a hostile or careless client can send to `palermo serve`, at the HTTP level: SERVICE
hidden from a hand-written lexer, answers that grow without bound, queries that eat memory or
parse slowly, slow and lying clients, control characters for the log; and what a browser-based
client needs (CORS, caching, ranges)."""

from __future__ import annotations

import http.client
import logging
import multiprocessing
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from palermo.graph.serve import make_server, runner
from palermo.graph.serve.guard import Refused, check
from palermo.pipeline import BuildResult

TIMEOUT = 30
Start = Callable[..., str]
LINUX_FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("limits") / "site"
    (root / "dumps").mkdir(parents=True)
    (root / "index.html").write_text("<html><body>home</body></html>", encoding="utf-8")
    (root / "dumps" / "graph.nt").write_bytes(b"".join(b"<a:s%d> <a:p> <a:o> .\n" % i for i in range(1000)))
    return root


@pytest.fixture(scope="module")
def start(built: BuildResult, site: Path) -> Iterator[Start]:
    running = []

    def _start(**options: object) -> str:
        server = make_server(built.out, site, "127.0.0.1", 0, **options)  # type: ignore[arg-type]
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        running.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield _start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


def request(url: str, path: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def sparql(url: str, query: str, accept: str = "text/csv"):  # type: ignore[no-untyped-def]
    return request(
        url, "/sparql", "POST", query.encode(), {"Content-Type": "application/sparql-query", "Accept": accept}
    )


# --- 1. SERVICE, updates and dataset clauses decided on the parsed query ----------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { GRAPH ?g { ?a ?b ?c ;SERVICE <http://127.0.0.1:8799/x> { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p ?o #x\rSERVICE <http://127.0.0.1:8799/x> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SER\\u0056ICE <http://127.0.0.1:8799/x> { ?s ?p ?o } }",
    ],
    ids=["after a semicolon", "after a comment ended by CR", "written with a codepoint escape"],
)
def test_hidden_service_is_refused(start: Start, query: str) -> None:
    status, _, body = sparql(start(), query)
    assert status == 400, body
    assert b"SERVICE" in body or b"codepoint escapes" in body


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 400),
        ("LOAD <http://127.0.0.1:8799/x>", 403),
        ("WITH <a:g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
        ("SELECT * WHERE " + "{ " * 200 + "?s ?p ?o" + " }" * 200, 400),
    ],
    ids=["a file dataset", "LOAD", "an update with WITH", "nested 200 deep"],
)
def test_guard_on_the_parse(query: str, status: int) -> None:
    with pytest.raises(Refused) as e:
        check(query)
    assert e.value.status == status


@pytest.mark.parametrize(
    ("query", "graphs"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { ?s <http://example.org/graph> ?o }", False),
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", False),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { GRAPH <http://example.org/g> { ?s ?q ?v } } }", True),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", True),
        ("ASK { FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }", True),
    ],
)
def test_guard_says_when_a_query_names_graphs(query: str, graphs: bool) -> None:
    """What decides whether the merged graph held in memory can answer (serve --in-memory)."""
    assert check(query).graphs is graphs


@pytest.mark.skipif(not LINUX_FORK, reason="the fence is seccomp on Linux")
def test_no_sandbox_no_queries(start: Start, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the network fence cannot be set, queries are refused (fail closed) unless the server
    was started without the sandbox, which it says at start."""
    monkeypatch.setattr(runner, "deny_network", lambda: False)
    status, _, body = sparql(start(), "ASK { }")
    assert status == 503 and b"network sandbox" in body
    url = start(sandbox=False)
    status, _, _ = sparql(url, "ASK { }")
    assert status == 200


def test_running_without_the_sandbox_is_said_at_start(built: BuildResult, site: Path) -> None:
    server = make_server(built.out, site, "127.0.0.1", 0, sandbox=False)
    try:
        assert "WARNING" in (server.sandbox_note() or "")
    finally:
        server.server_close()


# --- 2. answers capped in bytes, the transfer inside the time limit ----------------------------------

DOUBLING = (
    'SELECT (STRLEN(?x13) AS ?n) ?x13 WHERE { BIND("'
    + "x" * 1000
    + '" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(13))
    + " }"
)


BIG = (
    "SELECT ?i ?x10 WHERE { VALUES ?i { "
    + " ".join(str(i) for i in range(16))
    + ' } BIND("'
    + "x" * 1000
    + '" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(10))
    + " }"
)  # 16 rows of 1 MB


def test_answer_capped_in_bytes(start: Start) -> None:
    url = start(max_bytes=1 << 20)
    status, _, body = sparql(url, DOUBLING)
    assert status == 413 and b"more than 1048576 bytes" in body


@pytest.mark.skipif(not LINUX_FORK, reason="Linux")
def test_transfer_counts_against_the_time_limit(start: Start) -> None:
    """A client that does not read its answer is cut off at the query's time limit."""
    url = start(timeout_s=2.0, max_bytes=64 << 20)
    query = BIG
    parts = urllib.parse.urlsplit(url)
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(TIMEOUT)
        s.connect((parts.hostname, parts.port))
        body = query.encode()
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nContent-Type: application/sparql-query\r\n"
            + b"Content-Length: %d\r\n\r\n" % len(body)
            + body
        )
        time.sleep(6)  # well past the limit, reading nothing
        received = b""
        while chunk := s.recv(1 << 20):
            received += chunk
    head, _, rest = received.partition(b"\r\n\r\n")
    length = int(next(ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")).split(b":")[1])
    assert len(rest) < length  # cut off: the answer was not sent in full


# --- 3. a memory limit per query process -----------------------------------------------------------


@pytest.mark.skipif(not LINUX_FORK, reason="RLIMIT_AS on Linux")
def test_query_memory_is_capped(start: Start) -> None:
    url = start(timeout_s=20.0, max_memory=256 << 20)
    query = "SELECT * WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } } ORDER BY ?a ?d ?c ?f"
    t0 = time.monotonic()
    status, _, body = sparql(url, query)
    assert (status in (413, 500) and b"memory" in body) or b"killed" in body or b"died" in body, (status, body)
    assert time.monotonic() - t0 < 18  # stopped by memory, not by time
    status, _, _ = sparql(url, "ASK { }")
    assert status == 200


# --- 4. a hostile query's parse inside the limits ---------------------------------------------------


def test_large_hostile_query_is_bounded(start: Start) -> None:
    url = start(timeout_s=1.0)
    query = "SELECT * WHERE { " + " UNION ".join("{ ?s ?p ?o }" for _ in range(40_000)) + " }"  # under 1 MB
    t0 = time.monotonic()
    status, _, _ = sparql(url, query)
    assert status in (400, 413, 503)
    assert time.monotonic() - t0 < 15  # parsed in this process it takes half a minute
    status, _, _ = sparql(url, "ASK { }")
    assert status == 200


# --- 5. backlog, workers, CORS, caching, ranges, lying clients, the log -------------------------------


def test_backlog_and_workers(built: BuildResult, site: Path) -> None:
    server = make_server(built.out, site, "127.0.0.1", 0, max_workers=7)
    try:
        assert server.request_queue_size >= 128
        taken = [server.slots.acquire(blocking=False) for _ in range(8)]
        assert taken == [True] * 7 + [False]
    finally:
        server.server_close()


def test_cors(start: Start) -> None:
    url = start()
    status, headers, _ = request(
        url, "/sparql", "OPTIONS", headers={"Origin": "https://other.example", "Access-Control-Request-Method": "POST"}
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*" and "POST" in headers["Access-Control-Allow-Methods"]
    status, headers, _ = sparql(url, "ASK { }")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"


def test_static_files_cache_and_ranges(start: Start, site: Path) -> None:
    url = start()
    status, headers, body = request(url, "/dumps/graph.nt")
    assert status == 200 and headers["ETag"] and headers["Last-Modified"] and "max-age" in headers["Cache-Control"]
    full = (site / "dumps" / "graph.nt").read_bytes()
    assert body == full
    status, _, body = request(url, "/dumps/graph.nt", headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, _ = request(url, "/dumps/graph.nt", headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    status, ranged, body = request(url, "/dumps/graph.nt", headers={"Range": "bytes=10-19"})
    assert status == 206 and body == full[10:20] and ranged["Content-Range"] == f"bytes 10-19/{len(full)}"
    status, _, body = request(url, "/dumps/graph.nt", headers={"Range": "bytes=-5"})
    assert status == 206 and body == full[-5:]
    status, _, _ = request(url, "/dumps/graph.nt", headers={"Range": f"bytes={len(full) + 5}-"})
    assert status == 416


def test_body_shorter_than_its_content_length(start: Start) -> None:
    url = start(request_timeout=1.0)
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK {}"
        )
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.0 408") or answer.startswith(b"HTTP/1.1 408"), answer[:80]
    assert b"Traceback" not in answer


def test_control_characters_never_reach_the_log(start: Start, caplog: pytest.LogCaptureFixture) -> None:
    url = start()
    parts = urllib.parse.urlsplit(url)
    with caplog.at_level(logging.INFO, logger="palermo.graph.serve.app"):
        with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as s:
            s.sendall(b"GET /\x1b[31mred\x07 HTTP/1.0\r\n\r\n")
            s.recv(4096)
        time.sleep(0.2)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b" in text


# --- 6. limits that are limits (issue 24, item 6) ------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--timeout", "inf"],
        ["--timeout", "nan"],
        ["--timeout", "1e308"],
        ["--request-timeout", "nan"],
        ["--request-timeout=-inf"],
        ["--max-bytes", str(1 << 40)],
        ["--workers", "100000"],
    ],
)
def test_limits_out_of_range_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from palermo.cli import main

    with pytest.raises(SystemExit) as e:
        main(["serve", *argv])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and argv[0].split("=")[0] in err
    assert "finite" in err or "at most" in err or "at least" in err


def test_request_timeout_covers_the_whole_request(start: Start) -> None:
    """A client sending one header line every 2 s is cut off at the request's limit (5 s), not
    kept as long as it trickles."""
    url = start(request_timeout=5.0)
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as s:
        t0 = time.monotonic()
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        cut = None
        for i in range(15):  # 30 s of trickling, were it let through
            ready, _, _ = select.select([s], [], [], 2.0)
            if ready:
                answer = s.recv(4096)
                cut = time.monotonic() - t0
                assert answer == b"" or answer.startswith(b"HTTP/1."), answer[:80]
                break
            try:
                s.sendall(b"X-Slow-%d: x\r\n" % i)
            except OSError:
                cut = time.monotonic() - t0
                break
    assert cut is not None and 4.5 <= cut < 9, cut


@pytest.mark.skipif(not LINUX_FORK, reason="RLIMIT_AS on Linux")
def test_a_memory_limit_no_query_fits_in_is_said_at_start(built: BuildResult, site: Path) -> None:
    """Even `ASK {}` needs the threads the store starts: a limit below what it needs, measured in
    the server at start, is refused then, with what it needs (not a 413 on every query)."""
    with pytest.raises(runner.MemoryTooLow) as e:
        make_server(built.out, site, "127.0.0.1", 0, max_memory=8 << 20)
    needs = int(str(e.value).split("needs about ")[1].split(" MiB")[0])
    assert needs >= 64 and "--max-memory 8:" in str(e.value)
    server = make_server(built.out, site, "127.0.0.1", 0, max_memory=(needs + 64) << 20)  # enough is enough
    server.server_close()


@pytest.mark.skipif(not LINUX_FORK, reason="RLIMIT_AS on Linux")
def test_serve_with_too_little_memory_exits_at_start(built: BuildResult, site: Path) -> None:
    argv = ["serve", "--data", str(built.out), "--site", str(site), "--port", "0", "--max-memory", "64"]
    proc = subprocess.run(
        [sys.executable, "-m", "palermo.cli", *argv], capture_output=True, text=True, timeout=120, check=False
    )
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "--max-memory 64: too low to run a query" in lines[0]
