"""Remote SPARQL 1.1 stores: push a build with the Graph Store Protocol, query with SPARQLWrapper.

`push` sends each named graph of a build (one per source document, plus the reference and
alignment graphs) in its own HTTP PUT to the store's Graph Store Protocol endpoint
(`…/store?graph=<iri>`), then the merged graph (what the library queries read) to the store's
default graph (`…/store?default`) or, with `merged="named"`, to the named graph
`<base>graph/merged` (queries then name it as their default graph: `query --default-graph`).
The store replaces each graph in one transaction, so a push that fails half-way (the connection
or the server dies) leaves the previous version of that graph, never a part of the new one.
Stores that only speak SPARQL Update get one request per graph, `DROP SILENT GRAPH <g>; INSERT
DATA { GRAPH <g> { … } }` (`CLEAR SILENT DEFAULT; INSERT DATA { … }`), atomic in the same way.
Before the first graph: the build is checked whole (graph.nq and graph.nt by their lines and
sha256, then sent from the files as checked) and the endpoint probed (`_probe`), so a damaged
build or a web page answering 200 never replaces a store's content.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from palermo.graph.query import Query, QueryError, Result
from palermo.graph.store import QUADS, TRIPLES, Damaged, checked
from palermo.iri import IRIError, Minter, check_endpoint

TOKEN_ENV = "PALERMO_STORE_TOKEN"
_CHUNK = 64 * 1024


class RemoteError(Exception):
    """A store that cannot be reached or refuses a request; the message names it."""


@dataclass(frozen=True)
class Auth:
    user: str | None = None
    password: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, user: str | None, password: str | None) -> Auth:
        return cls(user, password, os.environ.get(TOKEN_ENV))

    def headers(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}


def named_graphs(nq: IO[bytes]) -> Iterator[tuple[str, list[str]]]:
    """(graph IRI, N-Triples lines) for each named graph of a build's graph.nq (grouped by graph)."""
    current: str | None = None
    lines: list[str] = []
    for raw in nq:
        head, _, graph = raw.decode("utf-8").rstrip().rstrip(" .").rpartition(" <")
        name = graph.rstrip(">")
        if name != current:
            if current is not None:
                yield current, lines
            current, lines = name, []
        lines.append(head + " .\n")
    if current is not None:
        yield current, lines


def _decoded(f: IO[bytes]) -> Iterator[str]:
    for raw in f:
        yield raw.decode("utf-8")


def _body(pieces: Iterable[str], rate: int | None) -> Iterator[bytes]:
    """Text in chunks of about _CHUNK bytes (a whole graph file is streamed, never held), at
    most `rate` bytes per second when given."""
    buffer: list[bytes] = []
    size = 0
    for piece in pieces:
        buffer.append(piece.encode("utf-8"))
        size += len(buffer[-1])
        if size >= _CHUNK:
            yield b"".join(buffer)
            if rate:
                time.sleep(size / rate)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are never followed: a POST would turn into a body-less GET, and the credentials
    would go to another origin. The caller gets the 3xx as an error naming where it points."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


OPENER = urllib.request.build_opener(_NoRedirect())


def check_url(url: str, what: str) -> None:
    """An http(s) URL with a host, as palermo/iri.py checks every endpoint, or a one-line error."""
    try:
        check_endpoint(url, f"the {what}")
    except IRIError as e:
        raise RemoteError(str(e)) from None


def _redirected(e: urllib.error.HTTPError, url: str, what: str) -> str | None:
    if 300 <= e.code < 400:
        return (
            f"{url.split('?')[0]}: the {what} answered {e.code} with a redirect to {e.headers.get('Location', '?')}; "
            "not followed (credentials never go elsewhere): give that address instead"
        )
    return None


def _request(
    url: str, method: str, body: Iterator[bytes] | bytes, content_type: str, auth: Auth, timeout: float
) -> None:
    """One request the store must acknowledge with a 2xx; anything else is a RemoteError."""
    headers = {"Content-Type": content_type, **auth.headers()}  # an iterator body goes chunked
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with OPENER.open(req, timeout=timeout) as resp:
            resp.read()
            if not 200 <= resp.status < 300:
                raise RemoteError(f"{url.split('?')[0]}: the store answered {resp.status}, not a success")
    except urllib.error.HTTPError as e:
        moved = _redirected(e, url, "store")
        if moved:
            raise RemoteError(moved) from None
        detail = e.read().decode("utf-8", "replace").strip().splitlines()[:1]
        raise RemoteError(
            f"{url}: the store answered {e.code} {e.reason}{': ' + detail[0] if detail else ''}"
        ) from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise RemoteError(f"{url.split('?')[0]}: cannot reach the store ({reason})") from None


@dataclass
class PushResult:
    graphs: int = 0  # named graphs and the merged graph
    triples: int = 0  # in the named graphs
    merged: str = ""  # where the merged graph went: DEFAULT_GRAPH or a graph IRI


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a push; the message says how far it went."""


SENT = (QUADS, TRIPLES)  # what a push sends, checked by its sha256 before a byte is sent
GSP, UPDATE = "gsp", "update"  # how a push sends: the Graph Store Protocol (the default), SPARQL Update
PROTOCOLS = (GSP, UPDATE)
DEFAULT_GRAPH, NAMED = "default", "named"  # where the merged graph goes: the store's default graph, or a named one
MERGED_INTO = (DEFAULT_GRAPH, NAMED)


def push(
    data_dir: Path,
    store: str,
    *,
    protocol: str = GSP,
    auth: Auth | None = None,
    timeout: float = 120.0,
    rate: int | None = None,
    merged: str = DEFAULT_GRAPH,
) -> PushResult:
    """Replace, graph by graph, the named graphs of the build in `data_dir` on a remote store,
    then the merged graph: in the store's default graph, or (`merged="named"`) in
    `<base>graph/merged`.

    Nothing is sent before the build is known whole (graph.nq and graph.nt read and checked
    against the manifest's lines and sha256; what is sent is read from the files as checked)
    and the store has answered as a store of its protocol does (`_probe`).

    protocol "gsp": `store` is the Graph Store Protocol endpoint (Oxigraph: http://host:7878/store);
    protocol "update": `store` is the SPARQL Update endpoint (http://host:7878/update).
    `rate` caps the upload in bytes per second (to spare a busy store)."""
    check_url(store, "store")
    auth = auth or Auth()
    send = _gsp if protocol == GSP else _update
    try:
        with checked(data_dir, SENT) as (manifest, files):
            mint = Minter(manifest["base"])
            _probe(store, protocol, mint.merged_graph(), auth, timeout)
            target = mint.merged_graph() if merged == NAMED else None
            result = PushResult(merged=target or DEFAULT_GRAPH)
            try:
                for name, lines in named_graphs(files[QUADS]):
                    send(store, name, lines, auth, timeout, rate)
                    result.graphs += 1
                    result.triples += len(lines)
                send(store, target, _decoded(files[TRIPLES]), auth, timeout, rate)
            except KeyboardInterrupt:
                raise Interrupted(
                    f"push interrupted: {result.graphs} graph(s) replaced on {store.split('?')[0]}, each whole; "
                    "the one being sent keeps its previous content there, the others were not sent"
                ) from None
            result.graphs += 1
            return result
    except Damaged as e:
        raise RemoteError(f"{e} (nothing sent)") from None


_NT = ox.RdfFormat.N_TRIPLES.media_type  # what a push sends and asks for
_UPDATE = "application/sparql-update"
# The answer a store of each protocol gives to the probe; anything else is not such a store (a
# web page answering 200 to everything, a proxy's login page, the wrong path).
_PROBE_UPDATE = "# palermo push: a SPARQL Update endpoint refuses this line with 400\nNOT AN UPDATE"
# what a store may answer a graph's HEAD with: an RDF syntax (pyoxigraph's types), or plain text
_RDF_FORMATS = (
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.N_QUADS,
    ox.RdfFormat.TRIG,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.JSON_LD,
)
_RDF_TYPES = (*(f.media_type for f in _RDF_FORMATS), "text/plain")


def _answer(url: str, method: str, body: bytes | None, headers: dict[str, str], timeout: float) -> tuple[int, str]:
    """The status and media type a request is answered with (its body left unread); a redirect
    or an unreachable server is a RemoteError."""
    try:
        with OPENER.open(urllib.request.Request(url, data=body, method=method, headers=headers), timeout=timeout) as r:
            return r.status, (r.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    except urllib.error.HTTPError as e:
        moved = _redirected(e, url, "store")
        if moved:
            raise RemoteError(moved) from None
        return e.code, ""
    except (urllib.error.URLError, OSError) as e:
        raise RemoteError(f"{url.split('?')[0]}: cannot reach the store ({getattr(e, 'reason', e)})") from None


def _probe(store: str, protocol: str, graph: str, auth: Auth, timeout: float) -> None:
    """Before anything is sent: a Graph Store Protocol endpoint answers a HEAD of a graph with
    404 or a 2xx that is no web page; a SPARQL Update endpoint answers a malformed update with
    400 (SPARQL 1.1 Protocol). A server answering 200 with an HTML page is neither."""
    if protocol == GSP:
        sep = "&" if "?" in store else "?"
        url, method, body, kind = f"{store}{sep}graph={urllib.parse.quote(graph, safe='')}", "HEAD", None, None
    else:
        url, method, body, kind = store, "POST", _PROBE_UPDATE.encode(), _UPDATE
    headers = {**auth.headers(), "Accept": _NT}
    if kind:
        headers["Content-Type"] = kind
    where = store.split("?")[0]
    status, media = _answer(url, method, body, headers, timeout)
    if method == "HEAD" and status in (405, 501):  # a server without HEAD: the GET's head, its body unread
        status, media = _answer(url, "GET", None, headers, timeout)
    if status in (401, 403):
        raise RemoteError(f"{where}: the store answered {status}: not allowed (check --user/--password or the token)")
    if protocol == GSP and (status == 404 or (200 <= status < 300 and (not media or media in _RDF_TYPES))):
        return
    if protocol == UPDATE and status == 400:
        return
    what = "a Graph Store Protocol endpoint" if protocol == GSP else "a SPARQL Update endpoint"
    asked = "a HEAD of a graph" if protocol == GSP else "a malformed update"
    said = f"{status}" + (f" with {media}" if media else "")
    raise RemoteError(f"{where}: answered {said} to {asked}: not {what}; nothing sent")


def _gsp(store: str, graph: str | None, lines: Iterable[str], auth: Auth, timeout: float, rate: int | None) -> None:
    sep = "&" if "?" in store else "?"
    target = f"graph={urllib.parse.quote(graph, safe='')}" if graph else "default"
    _request(f"{store}{sep}{target}", "PUT", _body(lines, rate), _NT, auth, timeout)


def _update(store: str, graph: str | None, lines: Iterable[str], auth: Auth, timeout: float, rate: int | None) -> None:
    if graph:
        head, tail = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n", "} }"
    else:
        head, tail = "CLEAR SILENT DEFAULT ;\nINSERT DATA {\n", "}"
    body = itertools.chain([head], lines, [tail])
    _request(store, "POST", _body(body, rate), _UPDATE, auth, timeout)


def _sparql(
    endpoint: str, text: str, name: str, auth: Auth | None, timeout: float, default_graph: str | None, construct: bool
) -> bytes:
    """One query to a remote SPARQL 1.1 endpoint through SPARQLWrapper (POST, redirects never
    followed): the answer's bytes, SPARQL JSON results for a SELECT, Turtle for a CONSTRUCT. Every
    failure is one QueryError line naming the endpoint; SELECT and CONSTRUCT share it."""
    from SPARQLWrapper import CONSTRUCT, JSON, POST, SELECT, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    try:
        check_url(endpoint, "endpoint")
    except RemoteError as e:
        raise QueryError(str(e)) from None
    auth = auth or Auth()
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(TURTLE if construct else JSON)
    client.setTimeout(int(timeout))
    for key, value in auth.headers().items():
        client.addCustomHttpHeader(key, value)
    client.setQuery(text)
    if default_graph:
        client.addDefaultGraph(default_graph)
    client.queryType = CONSTRUCT if construct else SELECT  # its own guess reads "?addressee" as the ADD update
    wrapper = sys.modules[SPARQLWrapper.__module__]
    opener = wrapper.urlopener
    wrapper.urlopener = OPENER.open  # type: ignore[attr-defined]  # no redirect followed, this query only
    try:
        body = client.query().response.read()
    except SPARQLWrapperException as e:
        raise QueryError(f"{endpoint}: {name}: {str(e).splitlines()[0]}") from None
    except urllib.error.HTTPError as e:
        moved = _redirected(e, endpoint, "endpoint")
        raise QueryError(moved or f"{endpoint}: the endpoint answered {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError) as e:
        raise QueryError(f"{endpoint}: cannot reach the endpoint ({getattr(e, 'reason', e)})") from None
    finally:
        wrapper.urlopener = opener  # type: ignore[attr-defined]
    return bytes(body)


def run_remote(
    endpoint: str, query: Query, auth: Auth | None = None, timeout: float = 60.0, default_graph: str | None = None
) -> Result:
    """Run a library query on a remote SPARQL 1.1 endpoint; `default_graph` (the protocol's
    default-graph-uri) when the merged graph was pushed to a named graph."""
    body = _sparql(endpoint, query.text, query.name, auth, timeout, default_graph, construct=False)
    try:
        data = json.loads(body)
    except ValueError as e:  # not JSON, not UTF-8
        raise QueryError(f"{endpoint}: {query.name}: the answer is not SPARQL JSON results ({e})") from None
    if not isinstance(data, dict):
        raise QueryError(f"{endpoint}: {query.name}: the answer is not SPARQL JSON results")
    try:
        columns = [str(v) for v in data["head"].get("vars", [])]
        bindings = data["results"]["bindings"]
        rows = [[str(b.get(c, {}).get("value", "")) for c in columns] for b in bindings]
    except (KeyError, TypeError, AttributeError):
        raise QueryError(
            f"{endpoint}: {query.name}: the answer is not SPARQL JSON results (no head or results)"
        ) from None
    return Result(columns, rows)


def construct_remote(endpoint: str, text: str, name: str, auth: Auth | None = None, timeout: float = 60.0) -> bytes:
    """The Turtle a CONSTRUCT query answers on a remote SPARQL 1.1 endpoint (`query --as-of` fetches
    the selected documents' graphs with it)."""
    return _sparql(endpoint, text, name, auth, timeout, None, construct=True)
