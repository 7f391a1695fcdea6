"""The production WSGI server under `palermo serve`: cheroot, CherryPy's server (a fixed pool of
threads, idle keep-alive connections watched by one selector, the request body read lazily by the
application through `wsgi.input`), with the limits a client meets before the application does.

Why cheroot: the application answers a body shorter than its Content-Length with 408 itself,
which needs the body read by the application (waitress reads it whole first and only times out
idle channels), and the tests and `palermo serve` run the server in a thread of the process that
holds the query slots and the build's snapshot (gunicorn forks workers under a master that owns
the signals). docs/site-and-serve.md maps each limit to where it is kept.

What is added to cheroot here:
- a new connection waits for its first byte in the selector, as a kept-alive one does, not in a
  thread: connections that send nothing hold no thread, and are closed after `request_timeout`;
- one clock per request, from its first byte: each receive waits at most what is left of
  `request_timeout`, so a client trickling a header line every few seconds is cut off at the
  limit (cheroot's own timeout is per receive); past it, cheroot answers 408;
- the answer's clock: the application may give a deadline for the transfer (`ANSWER_BY` in the
  environ), after which each send fails and the connection is dropped;
- a body left unread when the request's time is up is not waited for: the connection closes;
- socketserver's face (`serve_forever`, `shutdown`, `server_close`, `server_address`) and
  cheroot's messages through `logging`, control characters escaped.
"""

from __future__ import annotations

import logging
import math
import re
import socket
import time
from collections.abc import Callable
from typing import Any

from cheroot.makefile import MakeFile
from cheroot.server import HTTPConnection, HTTPRequest
from cheroot.wsgi import Gateway_10, Server

logger = logging.getLogger(__name__)

BACKLOG = 128  # connections the kernel holds before the server accepts them
MAX_HEAD = 64 << 10  # bytes of request line and headers (http.server's line limit)
SITE_THREADS = 8  # threads beside those a query holds (running, or waiting for its slot)
PIECE = 64 << 10  # bytes of an answer handed to the socket's writer at a time
ANSWER_BY = "palermo.answer_by"  # environ: a callable taking the time.monotonic() the answer must be sent by
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with its control characters escaped (\\x1b), for a log a terminal shows."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def threads_for(max_workers: int) -> int:
    """The pool's threads: one per query running, one per query waiting for a slot (it waits up
    to the query time, then 503), and a few more so that the site's files are served meanwhile."""
    return 2 * max_workers + SITE_THREADS


class _Socket(socket.socket):
    """A connection's socket whose receives keep to its request's deadline and whose sends keep
    to its answer's, when one is set (else the socket's own timeout, per call)."""

    connection: _Connection

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        return self._within(self.connection.request_by, super().recv_into, buffer, nbytes, flags)

    def send(self, data: Any, flags: int = 0) -> int:
        return self._within(self.connection.answer_by, super().send, data, flags)

    def _within(self, deadline: float, call: Callable[..., int], *args: Any) -> int:
        if deadline == math.inf:
            return call(*args)
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")  # cheroot's word for it: 408 if nothing was sent yet
        before = self.gettimeout()
        self.settimeout(left)
        try:
            return call(*args)
        finally:
            self.settimeout(before)


class _Request(HTTPRequest):
    """cheroot's request, timed from its first byte (cheroot makes one when a thread takes up a
    connection, which is when it is readable: `WSGIServer.process_conn`), closing its
    connection when a body is left unread past its time (it would wait for the rest of a body
    that never comes), and saying what it refused in the log. Not in cheroot's
    strict mode, which reads the target `//country/afg` as an authority and refuses it (400): the
    application reads the target as sent (REQUEST_URI) and takes `//a/b` for the path `/a/b`."""

    def __init__(
        self, server: WSGIServer, conn: _Connection, proxy_mode: bool = False, strict_mode: bool = False
    ) -> None:
        super().__init__(server, conn, proxy_mode, strict_mode)
        conn.request_by = time.monotonic() + server.timeout
        conn.answer_by = math.inf

    def send_headers(self) -> None:
        unread = getattr(self.rfile, "remaining", 0) > 0 or (self.chunked_read and not self.rfile.closed)
        if unread and time.monotonic() >= self.conn.request_by:
            self.close_connection = True
        super().send_headers()

    def simple_response(self, status: Any, msg: Any = "") -> None:
        line = b" ".join(getattr(self, name, b"-") for name in ("method", "uri", "request_protocol"))
        logger.info('%s "%s" %s', self.conn.remote_addr, printable(line.decode("latin-1")), status)
        super().simple_response(status, msg)


class _Connection(HTTPConnection):
    """A connection with the clocks of its current request and answer."""

    RequestHandlerClass = _Request
    request_by = math.inf
    answer_by = math.inf

    def __init__(self, server: WSGIServer, sock: socket.socket, makefile: Any = MakeFile) -> None:
        timed = _Socket(sock.family, sock.type, sock.proto, fileno=sock.detach())
        timed.settimeout(server.timeout)
        timed.connection = self
        super().__init__(server, timed, makefile)


class _Gateway(Gateway_10):
    """WSGI 1.0 with the answer's deadline offered to the application, and what it answers
    written in pieces: cheroot's writer copies what is left of a piece at every send, which for
    an answer of 16 MiB to a client taking a few kilobytes at a time is gigabytes copied."""

    def __init__(self, req: _Request) -> None:
        super().__init__(req)
        connection = req.conn

        def answer_by(deadline: float) -> None:
            connection.answer_by = deadline

        self.env[ANSWER_BY] = answer_by

    def write(self, chunk: bytes) -> None:
        for start in range(0, len(chunk), PIECE):
            super().write(chunk[start : start + PIECE])


class WSGIServer(Server):
    """cheroot's WSGI server with socketserver's face, so that it runs in a thread as
    `serve_forever` does; cheroot's `prepare()` binds it and starts its threads."""

    ConnectionClass = _Connection

    def __init__(
        self, address: tuple[str, int], app: Callable[..., Any], *, threads: int, request_timeout: float
    ) -> None:
        super().__init__(
            address,
            app,
            numthreads=threads,
            server_name="palermo",
            request_queue_size=BACKLOG,
            accepted_queue_size=BACKLOG,  # connections waiting for a thread; 503 beyond
            accepted_queue_timeout=0,
        )
        self.gateway = _Gateway
        self.timeout = request_timeout  # what a request may take, and an idle keep-alive connection
        self.max_request_header_size = MAX_HEAD

    @property
    def server_address(self) -> tuple[str, int]:
        host, port = self.bind_addr[:2]
        return str(host), int(port)

    def process_conn(self, conn: _Connection) -> None:
        """A connection just accepted goes to the selector until it is readable (cheroot hands it
        to a thread at once, which then waits for a client that may send nothing)."""
        if conn.last_used is None:
            self.put_conn(conn)  # sets last_used: readable, it comes back here
        else:
            super().process_conn(conn)

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until `shutdown`; `poll_interval`: how often idle connections are checked."""
        self.expiration_interval = poll_interval
        self.serve()

    def shutdown(self) -> None:
        """Stop accepting, close idle connections and let the requests being answered end."""
        self.stop()

    def server_close(self) -> None:
        self.stop()

    def error_log(self, msg: str = "", level: int = logging.INFO, traceback: bool = False) -> None:
        """cheroot's messages in the log, not on stderr."""
        logger.log(level, "%s", printable(msg), exc_info=traceback)
