"""The HTTP side of `palermo serve`: the published site with content negotiation, and a read-only
SPARQL 1.1 endpoint, as a WSGI application on Werkzeug (its routing, request and response
objects, conditional and ranged file responses), served by cheroot (server.py).

  GET /<path>   a file of the site folder (`palermo publish`), with ETag, Last-Modified,
                Cache-Control, conditional requests and byte ranges. A folder holding index.html,
                index.ttl, index.jsonld and index.nt is a resource: the file is chosen by the
                Accept header (HTML by default); `<path>.ttl` etc. name one file directly.
                A fact's or a block's IRI (no page of its own: an anchor of its language
                version's page) is answered from the store: 303 to that anchor for a browser,
                its own triples (a fact's with its Web Annotation) for an RDF client.
  /sparql       SPARQL 1.1 Protocol, queries only: GET ?query=…, POST form or
                application/sparql-query. Without a query, GET returns an HTML query page.
  OPTIONS       CORS preflight: any origin may query (the endpoint is read-only).

What an outsider can send is bounded: request bodies at 1 MB, a client at `request_timeout`
seconds to send its request (408 after), `max_workers` queries at once (503 beyond, after
waiting up to the query time), and every query by `Limits` (guard.py, runner.py). Paths never
leave the site folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import re
import threading
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import ClientDisconnected, MethodNotAllowed, NotFound, RequestedRangeNotSatisfiable
from werkzeug.routing import Map, Rule
from werkzeug.security import safe_join
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from palermo.graph import asof
from palermo.graph.annotations import ANNO_CONTEXT, CONTEXT, annotation
from palermo.graph.built import DEFAULT, NAMESPACES, jsonld_node
from palermo.graph.pages import environment
from palermo.graph.publish import folder, page_link, part_in
from palermo.graph.query import Query, ValuesBlock, library, values_blocks
from palermo.graph.serve.follow import Following, served_site
from palermo.graph.serve.guard import READ_ONLY
from palermo.graph.serve.negotiation import (
    ALIASES,
    DIRECT,
    FORMAT_PARAM,
    GRAPH_TYPES,
    HTML,
    REPRESENTATIONS,
    RESULT_TYPES,
    file_type,
    negotiate,
)
from palermo.graph.serve.runner import (
    WANTS_GRAPHS,
    Job,
    Limits,
    Reply,
    check_memory,
    context,
    hold_in_memory,
    network_sandbox_supported,
    run_in_child,
    text_reply,
)
from palermo.graph.serve.server import ANSWER_BY, WSGIServer, printable, threads_for
from palermo.graph.store import STORE_DIR, BuildError, Damaged, holds_named_graphs, named_store, named_store_made
from palermo.iri import PAL, name_key
from palermo.labels import Labels, class_label
from palermo.resources import ontology_path

logger = logging.getLogger(__name__)

MAX_BODY = 1 << 20
MAX_LABELS = 2000  # the things of a page of query results
_VOCABULARY = str(PAL)
CACHE_CONTROL = "public, max-age=300"
_CORS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "Content-Type, Content-Length, ETag, Last-Modified"),
)

EXAMPLE_QUERY = """SELECT ?class (COUNT(?s) AS ?things)
WHERE { ?s a ?class }
GROUP BY ?class
ORDER BY DESC(?things)
"""


class PalermoServer(WSGIServer):
    """The WSGI server (server.py: cheroot, its threads sized by `max_workers`) serving `Exchange`,
    with what the query side needs: the limits, the slots, the process context."""

    def __init__(
        self,
        address: tuple[str, int],
        data_dir: Path,
        site_dir: Path,
        *,
        limits: Limits,
        max_workers: int,
        request_timeout: float,
        start_method: str | None,
        in_memory: bool,
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.data_dir = data_dir
        self.in_memory = in_memory
        self.limits = limits
        self.request_timeout = request_timeout
        self.slots = threading.BoundedSemaphore(max_workers)
        self.mp: Any = context(start_method)
        super().__init__(address, self.wsgi, threads=threads_for(max_workers), request_timeout=request_timeout)
        try:  # the build answered from: a snapshot of its store, taken anew when a rebuild swaps one in
            self.build = Following(data_dir, served_site(data_dir, site_dir), limits.timeout_s + 5, self._taken_up)
        except BaseException:
            super().server_close()
            raise

    @property
    def store_path(self) -> str:
        return str(self.build.store_path)

    @property
    def base_iri(self) -> str | None:
        base = self.build.manifest.get("base")
        return base if isinstance(base, str) and base else None

    @property
    def base_path(self) -> str | None:
        path = urllib.parse.urlsplit(self.base_iri or "").path
        return path if path.startswith("/") and path.endswith("/") and path != "/" else None

    def _taken_up(self) -> None:
        """A new build was swapped in: the merged graph held in memory is its."""
        if self.in_memory:
            hold_in_memory(self.data_dir)

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "build"):
            self.build.close()

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        """The WSGI application: one `Exchange` per request, CORS and nosniff on every answer,
        each logged; a build swapped into the build folder is taken up first."""
        self.build.refresh()
        request = Request(environ)
        response = Exchange(self, request).respond()
        for name, value in (*_CORS, ("X-Content-Type-Options", "nosniff")):
            response.headers[name] = value
        line = f"{request.method} {environ.get('REQUEST_URI', request.full_path)} {environ.get('SERVER_PROTOCOL')}"
        size = response.headers.get("Content-Length", "-")
        logger.info('%s "%s" %s %s', request.remote_addr, printable(line), response.status_code, size)
        return response(environ, start_response)

    def sandbox_note(self) -> str | None:
        """What an operator must be told at start about the query processes' network fence."""
        if not self.limits.sandbox:
            return (
                "WARNING: --no-sandbox: query processes can open network connections; "
                "only the parser's SERVICE check stands"
            )
        if not network_sandbox_supported():
            return "WARNING: the network sandbox is not available on this machine: every query will be refused (503)"
        return None

    def graphs_path(self, make: bool = False) -> str | None:
        """The store a query naming graphs runs on: the snapshot answered from when the build's
        store holds the named graphs, else the build's named store (store.named_store), made when
        `make` (once, outside any query's limits: a request coming meanwhile waits for it), else
        None while it is not made. Raises BuildError or Damaged (it cannot be made)."""
        manifest = self.build.manifest
        if holds_named_graphs(manifest):
            return self.store_path
        path = named_store(self.data_dir, manifest) if make else named_store_made(self.data_dir, manifest)
        return None if path is None else str(path)

    # the time limit covers the answer's transfer too
    def run_query(self, job: Job) -> tuple[Reply, float]:
        """The reply and the deadline (time.monotonic()) by which it must have been sent; a
        query naming graphs the store lacks is asked again once the named store is made."""
        reply, deadline = self._run_query(job)
        if reply[0] != WANTS_GRAPHS:
            return reply, deadline
        try:
            path = self.graphs_path(make=True)
        except (BuildError, Damaged) as e:
            return text_reply(503, str(e)), deadline
        return self._run_query(Job(**{**job.__dict__, "graphs_path": path, "graphs_missing": False}))

    def _run_query(self, job: Job) -> tuple[Reply, float]:
        deadline = time.monotonic() + self.limits.timeout_s
        if not self.slots.acquire(timeout=self.limits.timeout_s):
            return text_reply(503, "server busy: too many queries running, try again later"), deadline
        try:
            with self.build.using(job.store_path):  # kept until the query ends, a new build or not
                return run_in_child(self.mp, job, self.limits, deadline), deadline
        finally:
            self.slots.release()


@functools.lru_cache(maxsize=8)
def routes(base_path: str | None) -> Map:
    """The endpoints, at the root and under the base IRI's path (a build names it); every other
    path is the site's."""
    roots = ["/", *([base_path] if base_path else [])]
    rules = [Rule(f"{root}sparql", endpoint="sparql", methods=["GET", "POST"]) for root in roots]
    rules += [Rule(f"{root}labels", endpoint="labels", methods=["POST"]) for root in roots]
    rules += [Rule("/", endpoint="site", methods=["GET"]), Rule("/<path:path>", endpoint="site", methods=["GET"])]
    return Map(rules, merge_slashes=False)


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _reply(reply: Reply, headers: Sequence[tuple[str, str]] = ()) -> Response:
    status, content_type, body = reply
    response = Response(body, status=status, content_type=content_type)
    for name, value in headers:
        response.headers[name] = value
    return response


class Exchange:
    """One request and its answer."""

    def __init__(self, server: PalermoServer, request: Request) -> None:
        self.server, self.request = server, request

    def respond(self) -> Response:
        try:
            method = self.request.method
            if method == "OPTIONS":
                return self._options()
            if method not in ("GET", "HEAD", "POST"):
                raise BadRequest(501, f"method {method} not supported")
            adapter = routes(self.server.base_path).bind_to_environ(self.request.environ)
            try:
                endpoint, _ = adapter.match(self._path(), method)
            except MethodNotAllowed:
                raise BadRequest(405, "method not allowed: POST is for /sparql") from None
            except NotFound:
                raise BadRequest(404, "not found") from None
            if endpoint == "labels":
                return self._labels(self._read_body())
            if endpoint == "site":
                return self._site(self._path())
            if method == "POST":
                return self._post()
            params = self.request.args
            if "query" not in params and "update" not in params:
                return _reply((200, HTML, self._query_page(params).encode("utf-8")))
            return self._sparql(params)
        except BadRequest as e:
            return _reply(text_reply(e.status, str(e)))
        except Exception:
            logger.exception("error answering %s %s", self.request.method, printable(self._raw()))
            return _reply(text_reply(500, "internal server error"))

    def _options(self) -> Response:
        """CORS preflight and the methods a path takes."""
        headers = [
            ("Allow", "GET, HEAD, POST, OPTIONS"),
            ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization"),
            ("Access-Control-Max-Age", "86400"),
        ]
        return _reply((204, "text/plain; charset=utf-8", b""), headers)

    def _raw(self) -> str:
        """The request target as the client sent it (the server's REQUEST_URI), its leading
        slashes as one: `//a/b` is a path (RFC 9112's origin form), not a host `a` (urlsplit's
        reading, which would make it `/b`)."""
        raw = str(self.request.environ.get("REQUEST_URI") or self.request.full_path)
        if raw.startswith("//"):
            raw = "/" + raw.lstrip("/")
        return raw.encode("latin-1").decode("utf-8", "replace")

    def _path(self) -> str:
        """The path as sent, decoded (an escape that is not UTF-8 is refused, not replaced)."""
        try:
            return urllib.parse.unquote(urllib.parse.urlsplit(self._raw()).path, errors="strict")
        except UnicodeDecodeError:
            raise BadRequest(400, "bad path: not UTF-8") from None

    def _read_body(self) -> bytes:
        """The body, within its size limit and the request's time (a client sending less than its
        Content-Length is answered 408 when the time is up)."""
        length = self.request.content_length
        if self.request.headers.get("Content-Length") is None:
            raise BadRequest(411, "Content-Length required")
        if length is None or length < 0:
            raise BadRequest(400, "bad Content-Length")
        if length > MAX_BODY:
            raise BadRequest(413, f"request body too large: more than {MAX_BODY} bytes (1 MB)")
        try:
            return self.request.get_data()
        except (ClientDisconnected, OSError):  # a TimeoutError too
            waited = self.server.request_timeout
            raise BadRequest(408, f"request body incomplete: less than {length} bytes in {waited:g} s") from None

    def _post(self) -> Response:
        """A query sent by POST: a form (its fields beside the URL's parameters) or the query itself."""
        body = self._read_body()
        content_type = self.request.mimetype
        if content_type not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            if content_type == "application/sparql-update":
                raise BadRequest(403, READ_ONLY)
            raise BadRequest(
                415,
                f"unsupported content type {content_type or '(none)'}: "
                "send application/x-www-form-urlencoded or application/sparql-query",
            )
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest(400, f"bad {'query' if content_type.endswith('query') else 'form'}: not UTF-8") from None
        if content_type == "application/sparql-query":
            params = MultiDict(self.request.args)
            params.add("query", text)
            return self._sparql(params)
        return self._sparql(self.request.values)  # the URL's parameters and the form's, parsed from the body read

    # -- SPARQL

    def _sparql(self, params: MultiDict[str, str]) -> Response:
        if "update" in params:
            raise BadRequest(403, READ_ONLY)
        queries = params.getlist("query")
        if len(queries) != 1 or not queries[0].strip():
            raise BadRequest(400, "give exactly one non-empty query parameter")
        accept = self.request.headers.get("Accept")
        fmt = params.get("format", "").strip().lower()
        if fmt:
            if fmt not in FORMAT_PARAM:
                raise BadRequest(400, f"unknown format {fmt!r}: use one of {', '.join(FORMAT_PARAM)}")
            accept = FORMAT_PARAM[fmt]
        result_type = negotiate(accept, (*RESULT_TYPES, *ALIASES))
        result_type = ALIASES.get(result_type or "", result_type)
        graph_type = negotiate(accept, GRAPH_TYPES)
        if result_type is None and graph_type is None:
            raise BadRequest(
                406, f"not acceptable: results are available as {', '.join((*RESULT_TYPES, *GRAPH_TYPES))}"
            )
        default_graphs = _graph_list(params.getlist("default-graph-uri"))
        named_graphs = _graph_list(params.getlist("named-graph-uri"))
        as_of = _as_of(params.getlist("as-of"))
        if as_of is not None and (default_graphs is not None or named_graphs is not None):
            raise BadRequest(400, "as-of: not with default-graph-uri or named-graph-uri (it makes the dataset)")
        limits = self.server.limits
        graphs_path = self.server.graphs_path()
        job = Job(
            store_path=self.server.store_path,
            query=queries[0],
            base_iri=self.server.base_iri,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            result_type=result_type,
            graph_type=graph_type,
            max_rows=limits.max_rows,
            max_bytes=limits.max_bytes,
            in_memory=self.server.in_memory,
            as_of=as_of,
            data_dir=str(self.server.data_dir),
            graphs_path=graphs_path,
            graphs_missing=graphs_path is None,
        )
        reply, deadline = self.server.run_query(job)
        headers = [("Vary", "Accept")] if reply[0] == 200 else []
        send_by = deadline + 1.0  # a second's grace for the headers
        if send_by <= time.monotonic():
            reply = text_reply(503, f"query timed out after {limits.timeout_s:g} s")
            send_by = time.monotonic() + 5.0
        answer_by = self.request.environ.get(ANSWER_BY)
        if answer_by is not None:  # a client too slow to take the answer is cut off at the limit
            answer_by(send_by)
        return _reply(reply, headers)

    def _labels(self, body: bytes) -> Response:
        """The labels (labels.py) and pages of the things a query's results name, for the query
        page to show results as a person reads them, each linked to its page on this site."""
        try:
            iris = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise BadRequest(400, "bad labels request: send a JSON list of IRIs") from None
        if not isinstance(iris, list) or len(iris) > MAX_LABELS or not all(isinstance(i, str) for i in iris):
            raise BadRequest(400, f"bad labels request: send a JSON list of at most {MAX_LABELS} IRIs")
        base = self.server.base_iri or ""
        found: dict[str, dict[str, object]] = {}
        wanted = [i for i in dict.fromkeys(iris) if base and i.startswith(base)]
        if wanted:
            try:
                store = ox.Store.read_only(self.server.store_path)
            except OSError as e:
                raise BadRequest(503, f"cannot open the store: {e}") from None
            labels = Labels.of_store(store, base)
            for iri in wanted:
                if iri.startswith(_VOCABULARY):  # a class or property: the ontology names it
                    found[iri] = {"text": class_label(iri), "under": [], "page": None}
                    continue
                named = labels(iri)
                under = [text for text, _ in named.under]
                found[iri] = {"text": named.text, "under": under, "page": page_link(base, iri)}
        return _reply((200, "application/json", json.dumps(found, ensure_ascii=False).encode("utf-8")))

    def _query_page(self, params: MultiDict[str, str]) -> str:
        queries = library()
        example: str = params.get("example", "")
        as_of = _as_of(params.getlist("as-of"))  # carried to the endpoint with every query of the page
        path = self._path()
        return (
            environment()
            .get_template("query.html")
            .render(
                title="SPARQL",
                root=path[: path.rindex("/") + 1] if "/" in path else "/",
                action=path,
                text=queries[example].text if example in queries else EXAMPLE_QUERY,
                formats=list(FORMAT_PARAM),
                limits=self.server.limits,
                library=sorted(queries.items()),
                queries={name: q.text for name, q in queries.items()},
                parameters={name: _defaults(q) for name, q in queries.items()},
                prefixes=NAMESPACES,
                example=example if example in queries else "",
                base=self.server.base_iri or "",
                as_of=as_of,
            )
        )

    # -- the site

    def _inside(self, *parts: str) -> Path | None:
        """The site folder's file or folder `parts` name (Werkzeug's safe_join: no `..`, no
        absolute part), its symlinks resolved, if it stays inside the site folder."""
        joined = safe_join(str(self.server.site_dir), *parts)
        if joined is None:
            return None
        try:
            resolved = Path(joined).resolve()
        except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL …
            return None
        return resolved if resolved.is_relative_to(self.server.site_dir) else None

    def _file(self, path: Path, content_type: str, negotiated: bool) -> Response:
        """A file of the site, with Werkzeug's conditional answers (ETag, Last-Modified, 304) and
        byte ranges (206, 416)."""
        st = path.stat()
        etag = hashlib.sha1(f"{st.st_size}-{st.st_mtime_ns}".encode()).hexdigest()[:20]
        try:
            response = send_file(
                path, self.request.environ, mimetype=content_type, conditional=True, etag=etag, max_age=300
            )
        except RequestedRangeNotSatisfiable:
            return _reply(text_reply(416, "range not satisfiable"), [("Content-Range", f"bytes */{st.st_size}")])
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.headers["Content-Type"] = content_type  # as given: send_file would add a charset
        if negotiated:
            response.headers["Vary"] = "Accept"
        return response

    def _site(self, path: str) -> Response:
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if "\x00" in path or "\\" in path or safe_join(str(self.server.site_dir), *parts) is None:
            raise BadRequest(400, "bad path")
        if any(p.startswith(".") and p != ".well-known" for p in parts):
            raise BadRequest(404, "not found")
        found = self._locate(parts)
        base = self.server.base_path
        prefix = [p for p in base.split("/") if p] if base else []
        if found is None and prefix and parts[: len(prefix)] == prefix:
            found = self._locate(parts[len(prefix) :])
        if found is None:
            within = bool(prefix) and parts[: len(prefix)] == prefix
            answer = self._part(parts[len(prefix) :] if within else parts, prefix if within else [])
            if answer is not None:
                return answer
            raise BadRequest(404, "not found")
        if isinstance(found, Path):
            return self._file(found, file_type(found), False)
        choice = negotiate(self.request.headers.get("Accept"), list(found))
        if choice is None:
            raise BadRequest(406, f"not acceptable: this resource is available as {', '.join(found)}")
        if choice == "text/html" and parts and not path.endswith("/"):
            # The pages link relative to their folder: the HTML lives at the IRI plus "/".
            location = "/" + "/".join(urllib.parse.quote(p) for p in parts) + "/"
            return _reply(text_reply(303, f"see {location}"), [("Location", location), ("Vary", "Accept")])
        file, content_type = found[choice]
        return self._file(file, content_type, True)

    def _part(self, parts: list[str], prefix: list[str]) -> Response | None:
        """The answer for a fact's or a block's IRI (`parts`: its path under the base, decoded):
        303 to its anchor on its version's page (the page `publish` wrote, under `prefix` as
        asked), or for an RDF client its description; None when the store has no such thing."""
        base = self.server.base_iri
        if not base or not parts:
            return None
        try:
            store = ox.Store.read_only(self.server.store_path)
        except OSError as e:
            raise BadRequest(503, f"cannot open the store: {e}") from None
        found = next(((iri, p) for iri in _iris(base, parts, self._raw(), prefix) if (p := part_in(store, iri))), None)
        if found is None:
            return None
        iri, (version, anchor) = found
        offers = [media for media, _, _ in REPRESENTATIONS]
        choice = negotiate(self.request.headers.get("Accept"), offers)
        if choice is None:
            raise BadRequest(406, f"not acceptable: this resource is available as {', '.join(offers)}")
        if choice == "text/html":
            page = [*prefix, *folder(base, version).split("/")]
            location = "/" + "/".join(urllib.parse.quote(p) for p in page) + "/#" + urllib.parse.quote(anchor)
            return _reply(text_reply(303, f"see {location}"), [("Location", location), ("Vary", "Accept")])
        body = describe(store, iri, choice)
        content_type = dict((media, kind) for media, _, kind in REPRESENTATIONS)[choice]
        return _reply((200, content_type, body), [("Vary", "Accept"), ("Cache-Control", CACHE_CONTROL)])

    def _locate(self, parts: list[str]) -> Path | dict[str, tuple[Path, str]] | None:
        """The file `parts` names, or the representations of the resource folder it names."""
        try:
            target = self._inside(*parts)
            if target is not None and target.is_file():
                return target
            if target is not None and target.is_dir():
                available = {}
                for media, name, content_type in REPRESENTATIONS:
                    f = self._inside(*parts, name)
                    if f is not None and f.is_file():
                        available[media] = (f, content_type)
                return available or None
            if parts and Path(parts[-1]).suffix in DIRECT:  # country/afg.ttl → country/afg/index.ttl
                last = Path(parts[-1])
                alt = self._inside(*parts[:-1], last.stem, "index" + last.suffix)
                if alt is not None and alt.is_file():
                    return alt
        except OSError:  # a name too long …
            return None
        return None


def _iris(base: str, parts: list[str], raw: str, prefix: list[str]) -> list[str]:
    """The IRIs a request path may name: as sent, its escapes of letters decoded (an IRI holds
    them as they are: what a client turning an IRI into a URL escaped), and its segments as
    the minter escapes file names (iri.name_key), for a client that sent them unescaped."""
    path = urllib.parse.urlsplit(raw).path.lstrip("/").split("/")[len(prefix) :]
    sent = "/".join(_letters(p) for p in path)
    found = dict.fromkeys((base + sent, base + "/".join(parts), base + "/".join(map(name_key, parts))))
    return [iri for iri in found if _is_iri(iri)]


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:  # a space, a stray `%` …: no IRI of the graph
        return False
    return True


def _letters(segment: str) -> str:
    """A path segment with the escapes of letters (not ASCII) decoded, others kept (RFC 3987, 3.2)."""
    return re.sub(
        r"(?:%[0-9A-Fa-f]{2})+",
        lambda m: "".join(
            c if not c.isascii() else urllib.parse.quote(c, safe="")
            for c in urllib.parse.unquote(m.group(), errors="strict")
        )
        if _utf8(m.group())
        else m.group(),
        segment,
    )


def _utf8(escaped: str) -> bool:
    try:
        urllib.parse.unquote_to_bytes(escaped).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def describe(store: ox.Store, iri: str, media: str) -> bytes:
    """A fact's or a block's own description in an RDF media type: its triples in the merged
    graph, and for a fact its Web Annotation (graph/annotations.py), made from them."""
    node = ox.NamedNode(iri)
    quads = sorted(store.quads_for_pattern(node, None, None, DEFAULT), key=str)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    made = annotation(store, iri)
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt == ox.RdfFormat.JSON_LD:
        pairs = [(t.predicate, o) for t in triples if not isinstance(o := t.object, ox.Triple)]
        nodes: list[object] = [jsonld_node(node, pairs, compact=False)]
        if made is not None:
            nodes.append(made)  # under the Web Annotation context, embedded
        return json.dumps({"@context": NAMESPACES, "@graph": nodes}, ensure_ascii=False, indent=1).encode("utf-8")
    if made is not None:
        offline = {**made, "@context": [_anno_context() if c == ANNO_CONTEXT else c for c in CONTEXT]}
        triples += ox.parse(json.dumps(offline).encode("utf-8"), format=ox.RdfFormat.JSON_LD)
    if fmt == ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=NAMESPACES) or b""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


@functools.cache
def _anno_context() -> object:
    """The Web Annotation context from its copy in ontology/ (a server reads no context off the network)."""
    return json.loads(ontology_path("anno.jsonld").read_text(encoding="utf-8"))["@context"]


def _defaults(query: Query) -> list[tuple[str, str, str]]:
    """A library query's parameters: name, default value as a person types it (several separated
    by commas) and what it means (its `# $name (kind): meaning` line); the query page offers them
    as fields."""
    meanings = {p.name: p.meaning for p in query.declared}
    first: dict[str, ValuesBlock] = {}
    for block in values_blocks(query.text):
        first.setdefault(block.name, block)
    return [(name, ", ".join(b.defaults), meanings.get(name, "")) for name, b in first.items()]


def _as_of(values: list[str]) -> str | None:
    """The `as-of` parameter, checked (a meeting the data does not know is found by the query's process)."""
    if not values:
        return None
    if len(values) != 1:
        raise BadRequest(400, "give at most one as-of parameter")
    try:
        asof.parse(values[0])
    except asof.AsOfError as e:
        raise BadRequest(400, str(e)) from None
    return values[0]


def _graph_list(values: list[str]) -> tuple[str, ...] | None:
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
    max_rows: int = 10_000,
    max_bytes: int = 16 << 20,
    max_memory: int = 1 << 30,
    max_workers: int = 4,
    request_timeout: float = 30.0,
    sandbox: bool = True,
    start_method: str | None = None,
    in_memory: bool = False,
) -> PalermoServer:
    """A server bound to host:port (0: a free port, see `server.server_address`), not yet serving.

    `start_method` is the multiprocessing start method of the query processes (default: fork
    where available, else spawn). `in_memory`: the build is loaded into memory first and the
    query processes, forked, share it (see runner.hold_in_memory)."""
    if not (data_dir / STORE_DIR).is_dir():
        raise FileNotFoundError(f"{data_dir}: no build here (run `palermo build` first)")
    if not site_dir.is_dir():
        raise FileNotFoundError(f"{site_dir}: no site here (run `palermo publish` first)")
    if in_memory:
        if (start_method or "fork") != "fork" or "fork" not in multiprocessing.get_all_start_methods():
            raise ValueError("--in-memory needs query processes started by fork, which this machine lacks")
        try:
            hold_in_memory(data_dir)
        except (OSError, SyntaxError) as e:
            first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
            raise ValueError(f"{data_dir}: cannot load the build into memory ({first}); build again") from None
    limits = Limits(timeout_s, max_rows, max_bytes, max_memory, sandbox)
    server = PalermoServer(
        (host, port),
        data_dir,
        site_dir,
        limits=limits,
        max_workers=max_workers,
        request_timeout=request_timeout,
        start_method=start_method,
        in_memory=in_memory,
    )
    try:
        # a limit no query fits in is said now, before the server's threads start: the malloc
        # arenas they reserve, inherited by a query process, would hide what its own threads need
        check_memory(server.mp, server.store_path, limits)
        server.prepare()  # bound and listening: its port known, a port in use said here
    except BaseException:
        server.server_close()
        raise
    return server


def serve(server: PalermoServer) -> None:
    """Serve a server from `make_server` until interrupted (Ctrl-C shuts down cleanly)."""
    host_, port_ = server.server_address[:2]
    shown = host_.decode() if isinstance(host_, bytes) else str(host_)
    if ":" in shown:
        shown = f"[{shown}]"
    note = server.sandbox_note()
    if note:
        print(note, flush=True)
    print(f"serving {server.site_dir} on http://{shown}:{port_}/ (SPARQL: /sparql); Ctrl-C to stop", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
