"""`palermo serve`: the published site with content negotiation and a read-only SPARQL endpoint.

Standard library only (http.server). Two kinds of request:

  GET /<path>   a file of the site folder (`palermo publish`). A folder holding index.html,
                index.ttl, index.jsonld and index.nt is a resource: the file is chosen by the
                Accept header (HTML by default); `<path>.ttl` etc. name one file directly.
  /sparql       SPARQL 1.1 Protocol, queries only: GET ?query=…, POST form or
                application/sparql-query. Without a query, GET returns an HTML query page.

Safe to expose: paths never leave the site folder; updates and SERVICE are refused; each query
runs in its own process on the store opened read-only, killed when it outlives `timeout_s`,
with outbound IPv4/IPv6 sockets forbidden where the platform allows (seccomp on Linux x86-64
and aarch64: a second fence behind the SERVICE check); results are capped at `max_rows`;
request bodies at 1 MB; at most `max_workers` queries run at once.
"""

from __future__ import annotations

import ctypes
import errno
import html
import json
import logging
import multiprocessing
import os
import platform
import re
import shutil
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from palermo.graph.query import library
from palermo.graph.store import STORE_DIR

logger = logging.getLogger(__name__)

MAX_BODY = 1 << 20
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"

# Representations of a resource folder, in order of preference on a tie (HTML first).
REPRESENTATIONS: tuple[tuple[str, str, str], ...] = (
    ("text/html", "index.html", HTML),
    ("text/turtle", "index.ttl", "text/turtle; charset=utf-8"),
    ("application/ld+json", "index.jsonld", "application/ld+json"),
    ("application/n-triples", "index.nt", "application/n-triples"),
)
_DIRECT = {".html", ".ttl", ".jsonld", ".nt"}

FILE_TYPES = {
    ".html": HTML,
    ".htm": HTML,
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".rq": "application/sparql-query",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".txt": TEXT,
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}

# Result formats: SELECT and ASK; CONSTRUCT and DESCRIBE. The first is the default.
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json")
_ALIASES = {"application/json": "application/sparql-results+json"}
_FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
_CONTENT_TYPES = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/csv": "text/csv; charset=utf-8",
    "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
    "text/turtle": "text/turtle; charset=utf-8",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
}

EXAMPLE_QUERY = """SELECT ?g (COUNT(*) AS ?triples)
WHERE { GRAPH ?g { ?s ?p ?o } }
GROUP BY ?g
ORDER BY ?g
"""

Reply = tuple[int, str, bytes]


def _text(status: int, message: str) -> Reply:
    return status, TEXT, (message + "\n").encode("utf-8")


# --- content negotiation ---------------------------------------------------------------------


def _media_ranges(accept: str) -> list[tuple[str, str, float]]:
    """(type, subtype, q) of each media range of an Accept header; malformed ranges are skipped."""
    ranges = []
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if not 0.0 <= q <= 1.0:
            continue
        kind, sub = media.split("/")
        ranges.append((kind, sub, q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the Accept header prefers (q-values, most specific range first; ties go to the
    earlier offer); the first offer when there is no Accept header; None when none is acceptable."""
    if not offers:
        return None
    if accept is None or not accept.strip():
        return offers[0]
    ranges = _media_ranges(accept)
    best, best_q = None, 0.0
    for offer in offers:
        kind, sub = offer.split("/")
        q, specificity = 0.0, -1
        for rk, rs, rq in ranges:
            if (rk, rs) == (kind, sub):
                s = 2
            elif (rk, rs) == (kind, "*"):
                s = 1
            elif (rk, rs) == ("*", "*"):
                s = 0
            else:
                continue
            if s > specificity:
                q, specificity = rq, s
        if q > best_q:
            best, best_q = offer, q
    return best


# --- what the parser may read as code ----------------------------------------------------------

_SPECIAL = re.compile(r"""[#"'<]""")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRINGS = (
    re.compile(r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""', re.S),
    re.compile(r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''", re.S),
    re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
    re.compile(r"'(?:[^'\\\n\r]|\\.)*'"),
)
# A keyword is a word not glued to a name, variable, prefix, language tag or operator before it
# that would make it part of something else; what follows must not continue a name either.
_NAME = r"A-Za-z0-9_\-:\u00B7\u00C0-\U0010FFFF"
_BEFORE = r"A-Za-z_\-:?$@/=&|!^%\\+*(,;<\u00B7\u00C0-\U0010FFFF"
_SERVICE = re.compile(rf"(?<![{_BEFORE}])SERVICE(?![{_NAME}])", re.I)
_UPDATE = re.compile(rf"(?<![{_BEFORE}0-9.])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![{_NAME}])", re.I)


def code_views(query: str, *, both_readings: bool = True) -> list[str]:
    """The stretches of `query` the SPARQL parser may read as code: comments and string literals
    left out.

    `<` opens an IRI or is the less-than operator; the two readings lex what follows differently
    (`'` and `#` are allowed inside an IRI), so with `both_readings` both are followed and every
    stretch either one sees as code is returned. Each position is lexed as code once.
    """
    n = len(query)
    seen = bytearray(n + 1)
    todo: list[tuple[int, int]] = [(0, 0)]  # (start of the stretch, where lexing resumes)
    views: list[str] = []
    while todo:
        start, i = todo.pop()
        if i >= n or seen[i]:
            continue
        m = _SPECIAL.search(query, i)
        j = m.start() if m else n
        k = seen.find(1, i, j + 1)
        if k != -1:  # joins a stretch already lexed: keep a little of it for words across the seam
            views.append(query[start : k + 8])
            continue
        seen[i : j + 1] = b"\x01" * (j + 1 - i)
        views.append(query[start:j])
        if j >= n:
            continue
        c = query[j]
        if c == "#":
            nl = query.find("\n", j)
            if nl != -1:
                todo.append((nl + 1, nl + 1))
        elif c in "\"'":
            for pattern in _STRINGS:
                if sm := pattern.match(query, j):
                    todo.append((sm.end(), sm.end()))
                    break
            # an unterminated string: nothing after it parses
        else:
            if im := _IRIREF.match(query, j):
                todo.append((im.end(), im.end()))
                if not both_readings:
                    continue
            todo.append((j, j + 1))
    return views


def is_update(query: str) -> bool:
    return any(_UPDATE.search(v) for v in code_views(query, both_readings=False))


def uses_service(query: str) -> bool:
    return any(_SERVICE.search(v) for v in code_views(query))


# --- running a query in a child process --------------------------------------------------------


@dataclass(frozen=True)
class Job:
    store_path: str
    query: str
    base_iri: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    result_type: str | None  # for SELECT and ASK; None: not acceptable
    graph_type: str | None  # for CONSTRUCT and DESCRIBE
    max_rows: int


_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}  # AUDIT_ARCH_*, socket(2)


def network_sandbox_supported() -> bool:
    return sys.platform == "linux" and platform.machine() in _ARCHES


def deny_network() -> bool:
    """Forbid this process to open IPv4 and IPv6 sockets (seccomp filter, Linux x86-64 and
    aarch64; irreversible). False where it is not available."""
    if not network_sandbox_supported():
        return False
    audit_arch, nr_socket = _ARCHES[platform.machine()]

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EACCES
    program = [
        (ld, 0, 0, 4),  # 0: arch
        (jeq, 1, 0, audit_arch),  # 1
        (ret, 0, 0, deny),  # 2: a foreign syscall ABI
        (ld, 0, 0, 0),  # 3: syscall number
        (jge, 5, 0, 0x40000000),  # 4: x32 ABI → deny
        (jeq, 0, 3, nr_socket),  # 5: not socket() → allow
        (ld, 0, 0, 16),  # 6: socket(domain, …)
        (jeq, 2, 0, 2),  # 7: AF_INET → deny
        (jeq, 1, 0, 10),  # 8: AF_INET6 → deny
        (ret, 0, 0, allow),  # 9
        (ret, 0, 0, deny),  # 10
    ]
    filters = (SockFilter * len(program))(*[SockFilter(*f) for f in program])
    prog = SockFprog(len(program), filters)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return False
        return bool(libc.prctl(22, 2, ctypes.byref(prog), 0, 0) == 0)  # PR_SET_SECCOMP, FILTER
    except (OSError, AttributeError):
        return False


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: _term_json(v) for k, v in parts.items()}}
    raise TypeError(f"unexpected term {term!r}")


_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def execute(job: Job) -> Reply:
    """Run one query on the store opened read-only; the reply to send."""
    try:
        store = ox.Store.read_only(job.store_path)
    except OSError as e:
        return _text(500, f"cannot open the store: {e}")
    options: dict[str, Any] = {"base_iri": job.base_iri, "use_default_graph_as_union": False}
    if job.default_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **options)
        if isinstance(result, ox.QueryTriples):
            if job.graph_type is None:
                return _text(406, f"not acceptable: a graph result is available as {', '.join(GRAPH_TYPES)}")
            triples: list[ox.Triple] = []
            for t in result:
                if len(triples) >= job.max_rows:
                    return _text(413, f"result too large: more than {job.max_rows} triples")
                triples.append(t)
            body = ox.serialize(triples, format=_GRAPH_FORMATS[job.graph_type]) or b""
            return 200, _CONTENT_TYPES[job.graph_type], body
        if job.result_type is None:
            return _text(406, f"not acceptable: query results are available as {', '.join(RESULT_TYPES)}")
        fmt = _RESULT_FORMATS[job.result_type]
        if isinstance(result, ox.QueryBoolean):
            return 200, _CONTENT_TYPES[job.result_type], result.serialize(format=fmt) or b""
        columns = [v.value for v in result.variables]
        bindings: list[dict[str, Any]] = []
        for solution in result:
            if len(bindings) >= job.max_rows:
                return _text(413, f"result too large: more than {job.max_rows} rows")
            row = {}
            for c in columns:
                term = solution[c]
                if term is not None:
                    row[c] = _term_json(term)
            bindings.append(row)
    except SyntaxError as e:
        first = str(e).splitlines()[0] if str(e) else "syntax error"
        return _text(400, f"malformed SPARQL: {first[:300]}")
    except (OSError, ValueError, RuntimeError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return _text(500, f"query failed: {first[:300]}")
    data = json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}, ensure_ascii=False)
    body = data.encode("utf-8")
    if fmt != ox.QueryResultsFormat.JSON:
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=fmt) or b""
    return 200, _CONTENT_TYPES[job.result_type], body


def _worker(job: Job, conn: Connection) -> None:
    """Child process: no network, run the query, send the reply."""
    try:
        deny_network()
        reply = execute(job)
    except BaseException as e:  # the child must answer, whatever happened
        reply = _text(500, f"query failed: {type(e).__name__}: {e}")
    try:
        conn.send(reply)
    finally:
        conn.close()


# --- the server --------------------------------------------------------------------------------


class PalermoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        data_dir: Path,
        site_dir: Path,
        *,
        timeout_s: float,
        max_rows: int,
        max_workers: int,
        start_method: str | None,
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.store_path = str((data_dir / STORE_DIR).resolve())
        self.base_iri: str | None = None
        manifest = data_dir / "manifest.json"
        if manifest.is_file():
            base = json.loads(manifest.read_text(encoding="utf-8")).get("base")
            self.base_iri = base if isinstance(base, str) and base else None
        path = urllib.parse.urlsplit(self.base_iri or "").path
        self.base_path = path if path.startswith("/") and path.endswith("/") and path != "/" else None
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self.slots = threading.BoundedSemaphore(max_workers)
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("fork" if "fork" in methods else "spawn")
        self.mp: Any = multiprocessing.get_context(method)  # typeshed: BaseContext lacks Process
        if not network_sandbox_supported():
            logger.warning("query processes cannot be kept off the network here: only the SERVICE check applies")
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def run_query(self, job: Job) -> Reply:
        if not self.slots.acquire(timeout=self.timeout_s):
            return _text(503, "server busy: too many queries running, try again later")
        try:
            return self._run_in_child(job)
        finally:
            self.slots.release()

    def _run_in_child(self, job: Job) -> Reply:
        deadline = time.monotonic() + self.timeout_s
        receiver, sender = self.mp.Pipe(duplex=False)
        process = self.mp.Process(target=_worker, args=(job, sender), daemon=True)
        started = False
        try:
            process.start()
            started = True
            sender.close()
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                return _text(503, f"query timed out after {self.timeout_s:g} s")
            try:
                reply: Reply = receiver.recv()
            except EOFError:
                process.join(1.0)
                return _text(500, f"query failed: the query process died (exit code {process.exitcode})")
            return reply
        finally:
            if started:
                if process.is_alive():
                    process.kill()
                process.join(5.0)
            receiver.close()
            sender.close()


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    server: PalermoServer
    server_version = "palermo"
    sys_version = ""
    timeout = 30.0  # seconds a client may take to send its request

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)

    # -- responses

    def _send(self, reply: Reply, headers: Sequence[tuple[str, str]] = (), head: bool = False) -> None:
        status, content_type, body = reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _send_file(self, path: Path, content_type: str, negotiated: bool, head: bool) -> None:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(size))
            self.send_header("X-Content-Type-Options", "nosniff")
            if negotiated:
                self.send_header("Vary", "Accept")
            self.end_headers()
            if not head:
                shutil.copyfileobj(f, self.wfile)

    def _guard(self, head: bool, action: Callable[[], None]) -> None:
        try:
            action()
        except BadRequest as e:
            self._send(_text(e.status, str(e)), head=head)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:
            logger.exception("error answering %s %s", self.command, self.path)
            self._send(_text(500, "internal server error"), head=head)

    # -- methods

    def do_GET(self) -> None:
        self._guard(False, lambda: self._get(head=False))

    def do_HEAD(self) -> None:
        self._guard(True, lambda: self._get(head=True))

    def do_POST(self) -> None:
        self._guard(False, self._post)

    def _route(self) -> tuple[str, str]:
        """(decoded path, raw query string)."""
        split = urllib.parse.urlsplit(self.path)
        try:
            path = urllib.parse.unquote(split.path, errors="strict")
        except UnicodeDecodeError:
            raise BadRequest(400, "bad path: not UTF-8") from None
        return path, split.query

    def _is_sparql(self, path: str) -> bool:
        base = self.server.base_path
        return path == "/sparql" or (base is not None and path == base + "sparql")

    def _get(self, head: bool) -> None:
        path, query_string = self._route()
        if self._is_sparql(path):
            params = _parse_params(query_string)
            if "query" not in params and "update" not in params:
                self._send((200, HTML, self._query_page(params).encode("utf-8")), head=head)
                return
            self._sparql(params, head)
            return
        self._site(path, head)

    def _post(self) -> None:
        path, query_string = self._route()
        if not self._is_sparql(path):
            raise BadRequest(405, "method not allowed: POST is for /sparql")
        params = _parse_params(query_string)
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise BadRequest(411, "Content-Length required")
        try:
            length = int(length_header)
        except ValueError:
            raise BadRequest(400, "bad Content-Length") from None
        if length < 0:
            raise BadRequest(400, "bad Content-Length")
        if length > MAX_BODY:
            raise BadRequest(413, f"request body too large: more than {MAX_BODY} bytes (1 MB)")
        body = self.rfile.read(length)
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            try:
                form = _parse_params(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise BadRequest(400, "bad form: not UTF-8") from None
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
        elif content_type == "application/sparql-query":
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise BadRequest(400, "bad query: not UTF-8") from None
        elif content_type == "application/sparql-update":
            raise BadRequest(403, "read-only endpoint: updates are not allowed")
        else:
            raise BadRequest(
                415,
                f"unsupported content type {content_type or '(none)'}: "
                "send application/x-www-form-urlencoded or application/sparql-query",
            )
        self._sparql(params, head=False)

    # -- SPARQL

    def _sparql(self, params: dict[str, list[str]], head: bool) -> None:
        if "update" in params:
            raise BadRequest(403, "read-only endpoint: updates are not allowed")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise BadRequest(400, "give exactly one non-empty query parameter")
        query = queries[0]
        if is_update(query):
            raise BadRequest(403, "read-only endpoint: updates are not allowed")
        if uses_service(query):
            raise BadRequest(400, "SERVICE (federated queries) is not allowed")
        accept = self.headers.get("Accept")
        fmt = (params.get("format") or [""])[0].strip().lower()
        if fmt:
            if fmt not in _FORMAT_PARAM:
                raise BadRequest(400, f"unknown format {fmt!r}: use one of {', '.join(_FORMAT_PARAM)}")
            accept = _FORMAT_PARAM[fmt]
        result_type = negotiate(accept, (*RESULT_TYPES, *_ALIASES))
        result_type = _ALIASES.get(result_type or "", result_type)
        graph_type = negotiate(accept, GRAPH_TYPES)
        if result_type is None and graph_type is None:
            raise BadRequest(
                406, f"not acceptable: results are available as {', '.join((*RESULT_TYPES, *GRAPH_TYPES))}"
            )
        job = Job(
            store_path=self.server.store_path,
            query=query,
            base_iri=self.server.base_iri,
            default_graphs=_graph_list(params.get("default-graph-uri")),
            named_graphs=_graph_list(params.get("named-graph-uri")),
            result_type=result_type,
            graph_type=graph_type,
            max_rows=self.server.max_rows,
        )
        reply = self.server.run_query(job)
        headers = [("Vary", "Accept")] if reply[0] == 200 else []
        self._send(reply, headers, head=head)

    def _query_page(self, params: dict[str, list[str]]) -> str:
        queries = library()
        example = (params.get("example") or [""])[0]
        text = queries[example].text if example in queries else EXAMPLE_QUERY
        action = html.escape(urllib.parse.urlsplit(self.path).path, quote=True)
        items = "\n".join(
            f'<li><a href="?example={urllib.parse.quote(name)}">{html.escape(name)}</a> — {html.escape(q.summary)}</li>'
            for name, q in queries.items()
        )
        options = "".join(f'<option value="{k}">{k}</option>' for k in _FORMAT_PARAM)
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Palermo SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}}
textarea{{width:100%;font-family:monospace}}</style></head>
<body><h1>Palermo SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 queries (GET <code>?query=</code> or POST). The data sits in named graphs,
one per source document: use <code>GRAPH ?g {{ … }}</code>. Limits: {self.server.timeout_s:g} s,
{self.server.max_rows} rows; no SERVICE.</p>
<form method="get" action="{action}">
<textarea name="query" rows="18">{html.escape(text)}</textarea>
<p><label>Format <select name="format"><option value="">by Accept header</option>{options}</select></label>
<button type="submit">Run query</button></p>
</form>
<h2>Query library</h2>
<ul>
{items}
</ul>
</body></html>
"""

    # -- the site

    def _inside(self, path: Path) -> Path | None:
        """`path` with symlinks resolved, if it stays inside the site folder."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return None
        return resolved if resolved.is_relative_to(self.server.site_dir) else None

    def _site(self, path: str, head: bool) -> None:
        if "\x00" in path or "\\" in path:
            raise BadRequest(400, "bad path")
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if any(p == ".." for p in parts):
            raise BadRequest(400, "bad path")
        if any(p.startswith(".") and p != ".well-known" for p in parts):
            raise BadRequest(404, "not found")
        found = self._locate(parts)
        base = self.server.base_path
        prefix = [p for p in base.split("/") if p] if base else []
        if found is None and prefix and parts[: len(prefix)] == prefix:
            found = self._locate(parts[len(prefix) :])
        if found is None:
            raise BadRequest(404, "not found")
        if isinstance(found, Path):
            self._send_file(found, _file_type(found), False, head)
            return
        choice = negotiate(self.headers.get("Accept"), list(found))
        if choice is None:
            raise BadRequest(406, f"not acceptable: this resource is available as {', '.join(found)}")
        if choice == "text/html" and parts and not path.endswith("/"):
            # The pages link relative to their folder: the HTML lives at the IRI plus "/".
            location = "/" + "/".join(urllib.parse.quote(p) for p in parts) + "/"
            self._send(_text(303, f"see {location}"), [("Location", location), ("Vary", "Accept")], head=head)
            return
        file, content_type = found[choice]
        self._send_file(file, content_type, True, head)

    def _locate(self, parts: list[str]) -> Path | dict[str, tuple[Path, str]] | None:
        """The file `parts` names, or the representations of the resource folder it names."""
        root = self.server.site_dir
        try:
            target = self._inside(root.joinpath(*parts))
            if target is not None and target.is_file():
                return target
            if target is not None and target.is_dir():
                available = {}
                for media, name, content_type in REPRESENTATIONS:
                    f = self._inside(target / name)
                    if f is not None and f.is_file():
                        available[media] = (f, content_type)
                return available or None
            if parts and Path(parts[-1]).suffix in _DIRECT:  # country/afg.ttl → country/afg/index.ttl
                last = Path(parts[-1])
                alt = self._inside(root.joinpath(*parts[:-1], last.stem, "index" + last.suffix))
                if alt is not None and alt.is_file():
                    return alt
        except OSError:  # a name too long …
            return None
        return None


def _file_type(path: Path) -> str:
    return FILE_TYPES.get(path.suffix.lower(), "application/octet-stream")


def _parse_params(query_string: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(query_string, keep_blank_values=True, errors="strict", max_num_fields=100)
    except ValueError as e:  # bad UTF-8 in an escape, too many fields
        raise BadRequest(400, f"bad parameters: {e}") from None


def _graph_list(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    for v in values:
        try:
            ox.NamedNode(v)
        except ValueError:
            raise BadRequest(400, f"bad graph IRI {v!r}") from None
    return tuple(values)


def make_server(
    data_dir: Path,
    site_dir: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    timeout_s: float = 10.0,
    max_rows: int = 10000,
    max_workers: int = 4,
    start_method: str | None = None,
) -> PalermoServer:
    """A server bound to host:port (0: a free port, see `server.server_address`), not yet serving.

    `start_method` is the multiprocessing start method of the query processes (default: fork
    where available, else spawn)."""
    if not (data_dir / STORE_DIR).is_dir():
        raise FileNotFoundError(f"{data_dir}: no build here (run `palermo build` first)")
    if not site_dir.is_dir():
        raise FileNotFoundError(f"{site_dir}: no site here (run `palermo publish` first)")
    return PalermoServer(
        (host, port),
        data_dir,
        site_dir,
        timeout_s=timeout_s,
        max_rows=max_rows,
        max_workers=max_workers,
        start_method=start_method,
    )


def serve(server: PalermoServer) -> None:
    """Serve a server from `make_server` until interrupted (Ctrl-C shuts down cleanly)."""
    host_, port_ = server.server_address[:2]
    shown = host_.decode() if isinstance(host_, bytes) else str(host_)
    if ":" in shown:
        shown = f"[{shown}]"
    print(f"serving {server.site_dir} on http://{shown}:{port_}/ (SPARQL: /sparql); Ctrl-C to stop", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
