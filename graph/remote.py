"""Remote SPARQL 1.1 stores: push a build with the Graph Store Protocol, query with SPARQLWrapper.

`push` sends each named graph of a build (one per source document, plus the reference and
alignment graphs) in its own HTTP PUT to the store's Graph Store Protocol endpoint
(`…/store?graph=<iri>`): the store replaces that graph in one transaction, so a push that fails
half-way (the connection or the server dies) leaves the previous version of the document's
graph, never a part of the new one. Stores that only speak SPARQL Update get one request per
graph, `DROP SILENT GRAPH <g>; INSERT DATA { GRAPH <g> { … } }`, atomic in the same way.
"""

from __future__ import annotations

import base64
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from palermo.graph.query import Query, QueryError, Result

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


def named_graphs(nq: Path) -> Iterator[tuple[str, list[str]]]:
    """(graph IRI, N-Triples lines) for each named graph of a build's graph.nq (grouped by graph)."""
    current: str | None = None
    lines: list[str] = []
    with nq.open(encoding="utf-8") as f:
        for line in f:
            head, _, graph = line.rstrip().rstrip(" .").rpartition(" <")
            name = graph.rstrip(">")
            if name != current:
                if current is not None:
                    yield current, lines
                current, lines = name, []
            lines.append(head + " .\n")
    if current is not None:
        yield current, lines


def _body(lines: list[str], rate: int | None) -> Iterator[bytes]:
    """The graph's N-Triples in chunks, at most `rate` bytes per second when given."""
    data = "".join(lines).encode("utf-8")
    for i in range(0, len(data), _CHUNK):
        yield data[i : i + _CHUNK]
        if rate:
            time.sleep(_CHUNK / rate)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are never followed: a POST would turn into a body-less GET, and the credentials
    would go to another origin. The caller gets the 3xx as an error naming where it points."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


OPENER = urllib.request.build_opener(_NoRedirect())


def check_url(url: str, what: str) -> None:
    """An http(s) URL with a host, or a one-line error naming it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{url!r}: the {what} must be an http:// or https:// URL")


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
    graphs: int = 0
    triples: int = 0


def push(
    data_dir: Path,
    store: str,
    *,
    protocol: str = "gsp",
    auth: Auth | None = None,
    timeout: float = 120.0,
    rate: int | None = None,
) -> PushResult:
    """Replace, graph by graph, the named graphs of the build in `data_dir` on a remote store.

    protocol "gsp": `store` is the Graph Store Protocol endpoint (Oxigraph: http://host:7878/store);
    protocol "update": `store` is the SPARQL Update endpoint (http://host:7878/update).
    `rate` caps the upload in bytes per second (to spare a busy store)."""
    check_url(store, "store")
    nq = data_dir / "graph.nq"
    if not nq.is_file():
        raise RemoteError(f"{data_dir}: no build here (run `palermo build` first)")
    auth = auth or Auth()
    result = PushResult()
    for name, lines in named_graphs(nq):
        if protocol == "gsp":
            sep = "&" if "?" in store else "?"
            url = f"{store}{sep}graph={urllib.parse.quote(name, safe='')}"
            _request(url, "PUT", _body(lines, rate), "application/n-triples", auth, timeout)
        else:
            update = f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{''.join(lines)}}} }}"
            _request(store, "POST", update.encode("utf-8"), "application/sparql-update", auth, timeout)
        result.graphs += 1
        result.triples += len(lines)
    return result


def run_remote(endpoint: str, query: Query, auth: Auth | None = None, timeout: float = 60.0) -> Result:
    """Run a library query on a remote SPARQL 1.1 endpoint through SPARQLWrapper."""
    from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    try:
        check_url(endpoint, "endpoint")
    except RemoteError as e:
        raise QueryError(str(e)) from None
    auth = auth or Auth()
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    for key, value in auth.headers().items():
        client.addCustomHttpHeader(key, value)
    client.setQuery(query.text)
    client.queryType = SELECT  # its own guess reads "?addressee" as the ADD update and refuses the query
    wrapper = sys.modules[SPARQLWrapper.__module__]
    opener = wrapper.urlopener
    wrapper.urlopener = OPENER.open  # type: ignore[attr-defined]  # no redirect followed, this query only
    try:
        data = client.queryAndConvert()
    except SPARQLWrapperException as e:
        raise QueryError(f"{endpoint}: {query.name}: {str(e).splitlines()[0]}") from None
    except urllib.error.HTTPError as e:
        moved = _redirected(e, endpoint, "endpoint")
        raise QueryError(moved or f"{endpoint}: the endpoint answered {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError) as e:
        raise QueryError(f"{endpoint}: cannot reach the endpoint ({getattr(e, 'reason', e)})") from None
    except ValueError as e:  # not JSON
        raise QueryError(f"{endpoint}: {query.name}: the answer is not SPARQL JSON results ({e})") from None
    finally:
        wrapper.urlopener = opener  # type: ignore[attr-defined]
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
