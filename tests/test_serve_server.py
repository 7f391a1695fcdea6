"""The WSGI server under `palermo serve` (graph/serve/server.py, cheroot): a clock per request on
a kept-alive connection, pipelined requests, the answer's deadline on a reader that keeps taking
a little, the site answered while every query slot is taken, refusals in the log escaped, and a
shutdown that a connected client cannot hold up."""

from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_serve_limits import BIG  # 16 rows of 1 MiB

from palermo.graph.serve import make_server
from palermo.graph.serve.app import PalermoServer
from palermo.pipeline import BuildResult

TIMEOUT = 30
Start = Callable[..., PalermoServer]
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } "
    "GRAPH ?g3 { ?g ?h ?i } GRAPH ?g4 { ?j ?k ?l } }"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("server") / "site"
    root.mkdir()
    (root / "index.html").write_text("<html><body>home</body></html>", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def start(built: BuildResult, site: Path) -> Iterator[Start]:
    """start(**options) → a server answering in a background thread; all shut down at the end."""
    running: list[tuple[PalermoServer, threading.Thread]] = []

    def _start(**options: object) -> PalermoServer:
        server = make_server(built.out, site, "127.0.0.1", 0, **options)  # type: ignore[arg-type]
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        running.append((server, thread))
        return server

    yield _start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


def _post(query: str, accept: str = "text/csv") -> bytes:
    body = query.encode()
    return (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nAccept: "
        + accept.encode()
        + b"\r\nContent-Length: %d\r\n\r\n" % len(body)
        + body
    )


def _page_at_once(port: int) -> None:
    """The site's home page is answered within 2 s."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        t0 = time.monotonic()
        conn.request("GET", "/index.html")
        r = conn.getresponse()
        assert r.status == 200 and b"home" in r.read()
        assert time.monotonic() - t0 < 2.0
    finally:
        conn.close()


def test_each_request_on_a_kept_alive_connection_has_its_own_time(start: Start) -> None:
    """Three requests on one connection over more than the request time: each is timed from its
    own first byte, not from the connection's."""
    port = start(request_timeout=2.0).server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        t0 = time.monotonic()
        for i in range(3):
            if i:
                time.sleep(1.5)
            conn.request("GET", "/index.html")
            r = conn.getresponse()
            assert r.status == 200 and b"home" in r.read()
        assert time.monotonic() - t0 > 2.0
    finally:
        conn.close()


def test_connections_sending_nothing_hold_no_thread(start: Start) -> None:
    """More connections than the server has threads, open and silent: a request is still answered
    at once (each waits in the selector, not in a thread), and they are closed after the request
    time."""
    port = start(max_workers=1, request_timeout=3.0).server_address[1]  # 10 threads
    silent = [socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) for _ in range(16)]
    try:
        time.sleep(0.5)
        _page_at_once(port)
        assert all(s.recv(1) == b"" for s in silent)  # closed by the server, after the request time
    finally:
        for s in silent:
            s.close()


def test_pipelined_requests_are_each_answered(start: Start) -> None:
    """Two queries sent at once on one connection: the second, already read into the buffer
    with the first, is answered too."""
    port = start().server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.sendall(_post("ASK { }") + _post("SELECT (1 AS ?one) WHERE { }"))
        received = b""
        while received.count(b"HTTP/1.1 200") < 2 or not received.endswith(b"1\r\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            received += chunk
    assert received.count(b"HTTP/1.1 200") == 2, received[:400]
    assert b"true" in received and received.endswith(b"one\r\n1\r\n")


def test_a_reader_taking_a_little_at_a_time_is_cut_off_at_the_query_time(start: Start) -> None:
    """A client reading an answer of 16 MiB steadily but slowly (each send makes progress, so a
    time limit per send never fires) is cut off at the query's time limit: reading fast after
    twice that time, it gets no more than was sent before the cut."""
    port = start(timeout_s=3.0, max_bytes=64 << 20).server_address[1]
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(TIMEOUT)
        s.connect(("127.0.0.1", port))
        t0 = time.monotonic()
        s.sendall(_post(BIG))
        received = b""
        try:
            while chunk := s.recv(16384):
                received += chunk
                if time.monotonic() - t0 < 9:  # slowly (16 MiB would take a minute), then all there is
                    time.sleep(0.05)
        except ConnectionResetError:
            pass
    head, _, rest = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:80]
    length = int(next(ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")).split(b":")[1])
    assert len(rest) < length, (len(rest), length)


def test_the_site_is_served_while_every_query_slot_is_taken(start: Start) -> None:
    """With one query slot, one query running and two waiting for it, a page is still answered at
    once: the server has threads beyond the queries'."""
    port = start(max_workers=1, timeout_s=4.0).server_address[1]
    body = urllib.parse.urlencode({"query": RUNAWAY})

    def ask() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            conn.request("GET", f"/sparql?{body}", headers={"Accept": "text/csv"})
            conn.getresponse().read()
        finally:
            conn.close()

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for asker in askers:
        asker.start()
    try:
        time.sleep(1.0)  # the three are in: one running, two waiting for the slot
        _page_at_once(port)
        assert any(asker.is_alive() for asker in askers)  # the page did not wait for the queries
    finally:
        for asker in askers:
            asker.join(TIMEOUT)


def test_what_the_server_refuses_is_logged_escaped(
    start: Start, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """A request the server refuses before the application sees it (a fragment in the target) is
    answered 400 and logged with its control characters escaped; nothing reaches stderr."""
    port = start().server_address[1]
    with caplog.at_level(logging.INFO, logger="palermo.graph.serve.server"):
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
            s.sendall(b"GET /\x1b[31mred#x HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = s.recv(4096)
        time.sleep(0.2)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:80]
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "palermo.graph.serve.server")
    assert "\\x1b[31mred#x" in text and "\x1b" not in text
    assert capsys.readouterr().err == ""


def test_shutdown_is_not_held_up_by_a_connected_client(built: BuildResult, site: Path) -> None:
    """A client trickling its headers holds a thread of the server; a shutdown still ends within
    the server's grace for the requests being answered (5 s), not after the request's time."""
    server = make_server(built.out, site, "127.0.0.1", 0, request_timeout=60.0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=TIMEOUT) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.5)
        t0 = time.monotonic()
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
        took = time.monotonic() - t0
    assert not thread.is_alive() and took < 8, took
