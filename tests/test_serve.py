"""`palermo serve`: content negotiation on a site folder, the read-only SPARQL endpoint and its
limits (updates, SERVICE, timeouts, result size, path traversal)."""

from __future__ import annotations

import csv
import html
import http.client
import http.server
import io
import json
import multiprocessing
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from palermo.graph.query import library, run
from palermo.graph.serve import Job, deny_network, execute, make_server, negotiate
from palermo.graph.store import STORE_DIR, open_store
from palermo.pipeline import BuildResult

TIMEOUT = 30  # seconds, for every request a test makes

Response = tuple[int, dict[str, str], bytes]
Start = Callable[..., str]

FILES = {
    "index.html": "<html><body>home</body></html>",
    "style.css": "body { color: black }",
    "void.ttl": "<https://example.org/palermo/> a <http://rdfs.org/ns/void#Dataset> .",
    "dumps/graph.nq": "<a:s> <a:p> <a:o> <a:g> .",
    "country/afg/index.html": "<html><body>Afghanistan</body></html>",
    "country/afg/index.ttl": "<https://example.org/palermo/country/afg> a <a:Country> .",
    "country/afg/index.jsonld": '{"@id": "https://example.org/palermo/country/afg"}',
    "country/afg/index.nt": "<https://example.org/palermo/country/afg> <a:p> <a:Country> .",
    "country/ttl-only/index.ttl": "<a:x> <a:p> <a:y> .",
}
SECRET = "TOP-SECRET-do-not-serve"


@pytest.fixture(scope="module")
def data(built: BuildResult) -> Path:
    """The bundled corpus build (conftest builds it once per session)."""
    return built.out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fake published site, with a secret file and a symlink to it just outside."""
    root = tmp_path_factory.mktemp("serve")
    (root / "secret").write_text(SECRET, encoding="utf-8")
    (root / "secret.ttl").write_text(SECRET, encoding="utf-8")
    site = root / "site"
    for name, text in FILES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    (site / "leak").symlink_to(root / "secret")
    (site / "country" / "leak").symlink_to(root)
    return site


@pytest.fixture(scope="module")
def start(data: Path, site: Path) -> Iterator[Start]:
    """start(**options) → base URL of a server running in a background thread; all are shut
    down when the module's tests are done."""
    running: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def _start(**options: object) -> str:
        server = make_server(data, site, "127.0.0.1", 0, **options)  # type: ignore[arg-type]
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        running.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host!s}:{port}"

    yield _start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture(scope="module")
def url(start: Start) -> str:
    return start()


def fetch(
    target: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> Response:
    req = urllib.request.Request(target, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, dict(e.headers.items()), e.read()


def raw_get(url: str, path: str, headers: dict[str, str] | None = None) -> Response:
    """A GET with the path sent exactly as given (no client-side normalisation)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def sparql(url: str, query: str, accept: str | None = None, **params: str) -> Response:
    qs = urllib.parse.urlencode({"query": query, **params})
    return fetch(f"{url}/sparql?{qs}", headers={"Accept": accept} if accept else None)


def csv_rows(body: bytes) -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    return header, rows


def json_rows(body: bytes) -> tuple[list[str], list[list[str]]]:
    doc = json.loads(body)
    columns = doc["head"]["vars"]
    return columns, [[b[c]["value"] if c in b else "" for c in columns] for b in doc["results"]["bindings"]]


# --- the endpoint gives what `palermo query` gives ----------------------------------------------


@pytest.fixture(scope="module")
def store(data: Path) -> ox.Store:
    return open_store(data)


@pytest.mark.parametrize("name", sorted(library()))
def test_library_query_through_endpoint(url: str, store: ox.Store, name: str) -> None:
    query = library()[name]
    expected = run(store, query)
    assert expected.rows, f"{name}: no rows on the corpus, the comparison would prove nothing"

    status, headers, body = sparql(url, query.text, "text/csv")
    assert status == 200, body
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert headers["Vary"] == "Accept"
    columns, rows = csv_rows(body)
    assert columns == expected.columns
    assert sorted(rows) == sorted(expected.rows)

    status, headers, body = sparql(url, query.text, "application/sparql-results+json")
    assert status == 200, body
    assert headers["Content-Type"] == "application/sparql-results+json"
    columns, rows = json_rows(body)
    assert columns == expected.columns
    assert sorted(rows) == sorted(expected.rows)


def test_default_graph_is_the_merged_graph_for_sparqlwrapper(url: str, data: Path) -> None:
    """The first queries anyone sends a new endpoint, from the client analysts use."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{url}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = client.queryAndConvert()["results"]["bindings"][0]["n"]["value"]  # type: ignore[index, call-overload]
    merged = sum(1 for _ in (data / "graph.nt").open(encoding="utf-8"))
    assert int(count) == merged > 15_000  # the corpus: 19,211 triples since facts carry their evidence compactly
    client.setQuery("SELECT ?s ?c WHERE { ?s a ?c } LIMIT 5")
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index, call-overload]
    assert len(rows) == 5 and all(r["s"]["value"].startswith("https://example.org/palermo/") for r in rows)


@pytest.mark.parametrize("method", ["GET", "POST", "POST_DIRECTLY"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_methods_and_formats(url: str, store: ox.Store, method: str, fmt: str) -> None:
    """What a SPARQLWrapper client relies on: GET, POST of a form, POST of application/sparql-query
    (the protocol's three ways), each answer format by Accept, parsed by the client."""
    import SPARQLWrapper as sw

    client = sw.SPARQLWrapper(f"{url}/sparql")
    client.setMethod(sw.POST if method.startswith("POST") else sw.GET)
    if method == "POST_DIRECTLY":
        client.setRequestMethod(sw.POSTDIRECTLY)
    client.setReturnFormat({"json": sw.JSON, "xml": sw.XML, "csv": sw.CSV, "tsv": sw.TSV}[fmt])
    query = library()["meeting-calendar"]
    client.setQuery(query.text)
    result = client.query()
    expected = run(store, query)
    body = result.convert()
    if fmt == "json":
        rows = [[b.get(c, {}).get("value", "") for c in expected.columns] for b in body["results"]["bindings"]]  # type: ignore[index, call-overload]
    elif fmt == "xml":  # a DOM: each result's bindings by name
        rows = []
        for r in body.getElementsByTagName("result"):  # type: ignore[union-attr]
            found = {b.getAttribute("name"): b.firstChild.firstChild.data for b in r.getElementsByTagName("binding")}
            rows.append([found.get(c, "") for c in expected.columns])
    else:
        lines = body.decode("utf-8").splitlines()  # type: ignore[union-attr]
        rows = (
            [ln.split("\t" if fmt == "tsv" else ",") for ln in lines[1:]]
            if fmt == "tsv"
            else list(csv.reader(lines))[1:]
        )
        if fmt == "tsv":  # TSV holds terms: strip the brackets of IRIs, the quotes and datatypes of literals
            rows = [[c.split("^^")[0].strip('"').strip("<>") for c in r] for r in rows]
    assert len(rows) == len(expected.rows) > 0
    assert sorted(expected.rows)[0][0] in {r[0] for r in rows}


def test_sparqlwrapper_gets_the_error_message(url: str) -> None:
    """A malformed query: 400 with the parser's message, which SPARQLWrapper shows."""
    import SPARQLWrapper as sw
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = sw.SPARQLWrapper(f"{url}/sparql")
    client.setReturnFormat(sw.JSON)
    client.setQuery("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed) as e:
        client.query()
    assert "malformed SPARQL" in str(e.value)


def test_in_memory_server_answers_as_the_store(start: Start, data: Path, store: ox.Store) -> None:
    url = start(in_memory=True)
    for name in ("countries", "meeting-agenda", "tools-ranked"):
        expected = run(store, library()[name])
        status, _, body = sparql(url, library()[name].text, "text/csv")
        assert status == 200, body
        columns, rows = csv_rows(body)
        assert columns == expected.columns and sorted(rows) == sorted(expected.rows) and rows, name
    status, _, body = sparql(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")
    quads = sum(1 for _ in (data / "graph.nq").open(encoding="utf-8"))
    assert status == 200 and int(csv_rows(body)[1][0][0]) == quads  # named graphs: from the store on disk
    first = (data / "graph.nq").open(encoding="utf-8").readline().rsplit(" ", 2)[1]
    one = sum(1 for ln in (data / "graph.nq").open(encoding="utf-8") if ln.endswith(f" {first} .\n"))
    query = f"SELECT (COUNT(*) AS ?n) FROM NAMED {first} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    status, _, body = sparql(url, query, "text/csv")
    assert status == 200 and int(csv_rows(body)[1][0][0]) == one > 0, body


def test_post_form_and_sparql_query(url: str, store: ox.Store) -> None:
    query = library()["countries"]
    expected = sorted(run(store, query).rows)
    form = urllib.parse.urlencode({"query": query.text}).encode()
    status, _, body = fetch(f"{url}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    assert sorted(json_rows(body)[1]) == expected  # JSON is the default
    status, _, body = fetch(
        f"{url}/sparql", query.text.encode(), {"Content-Type": "application/sparql-query", "Accept": "text/csv"}
    )
    assert status == 200, body
    assert sorted(csv_rows(body)[1]) == expected


def test_result_formats(url: str) -> None:
    query = "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g LIMIT 2"
    status, headers, body = sparql(url, query, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+xml"
    assert b"<sparql" in body
    status, headers, body = sparql(url, query, "text/tab-separated-values")
    assert status == 200 and headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    assert body.decode().splitlines()[0] == "?g"
    status, headers, _ = sparql(url, query, "text/csv;q=0.2, application/sparql-results+xml;q=0.9")
    assert headers["Content-Type"] == "application/sparql-results+xml"
    status, headers, _ = sparql(url, query, None, format="csv")
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    status, _, body = sparql(url, query, "image/png")
    assert status == 406 and b"not acceptable" in body


def test_ask_and_construct(url: str) -> None:
    status, _, body = sparql(url, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3"
    status, headers, body = sparql(url, construct, "text/turtle")
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert len(list(ox.parse(body, ox.RdfFormat.TURTLE))) == 3
    status, headers, body = sparql(url, construct, "application/n-triples")
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    assert len(body.decode().strip().splitlines()) == 3
    status, headers, body = sparql(url, construct)  # no Accept: Turtle
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")


# --- what the endpoint refuses ------------------------------------------------------------------

READ_ONLY = b"read-only endpoint: updates are not allowed"
NO_SERVICE = b"SERVICE (federated queries) is not allowed"


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "LOAD <http://example.org/data.ttl>",
        "PREFIX a: <a:> DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <a:g>",
    ],
)
def test_updates_are_refused(url: str, update: str) -> None:
    status, headers, body = sparql(url, update)
    assert status == 403 and body.strip() == READ_ONLY
    assert headers["Content-Type"] == "text/plain; charset=utf-8"


def test_update_requests_are_refused(url: str, store: ox.Store) -> None:
    before = len(store)
    form = urllib.parse.urlencode({"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}).encode()
    status, _, body = fetch(f"{url}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and body.strip() == READ_ONLY
    status, _, body = fetch(
        f"{url}/sparql", b"INSERT DATA { <a:b> <a:c> <a:d> }", {"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and body.strip() == READ_ONLY
    status, _, body = fetch(f"{url}/sparql?update=CLEAR%20ALL")
    assert status == 403 and body.strip() == READ_ONLY
    assert len(store) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o .SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        # `'` is allowed inside an IRI: `<'>` reads as an IRI or as `<` then a string
        "SELECT * WHERE { FILTER(?a<'>') SERVICE <http://127.0.0.1:9/> { } #'\n}",
        # `#` likewise: `#>` is part of an IRI or the start of a comment
        "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?x) FILTER(?a<?b)SERVICE?x#>\n{ } }",
    ],
)
def test_service_is_refused(url: str, query: str) -> None:
    status, _, body = sparql(url, query)
    assert status == 400 and body.strip() == NO_SERVICE


def test_the_word_service_in_literals_comments_and_iris_is_fine(url: str) -> None:
    query = (
        'SELECT ?x ?y WHERE { BIND("SERVICE <http://example.org/> {}" AS ?x) '
        "BIND(<http://example.org/service> AS ?y) } # SERVICE <http://example.org/> {}"
    )
    status, _, body = sparql(url, query, "text/csv")
    assert status == 200, body
    assert csv_rows(body)[1] == [["SERVICE <http://example.org/> {}", "http://example.org/service"]]


def _fenced(job: Job, conn: object) -> None:
    """A child with the network fence and no guard: what the fence alone stops."""
    assert deny_network()
    conn.send(execute(job))  # type: ignore[attr-defined]


@pytest.mark.skipif(not (sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()), reason="Linux")
def test_query_process_cannot_open_network_sockets(data: Path) -> None:
    """Behind the SERVICE check, the query process itself cannot reach the network."""
    hits: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST

        def log_message(self, format: str, *args: object) -> None:
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=listener.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.server_address[1]}/sparql> {{ ?s ?p ?o }} }}"
        job = Job(str(data / STORE_DIR), query, None, None, None, "application/sparql-results+json", None, 10)
        assert execute(job)[0] == 500 and hits == ["/sparql"]  # in this process: the request goes out

        ctx = multiprocessing.get_context("fork")
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_fenced, args=(job, sender), daemon=True)
        child.start()
        sender.close()
        assert receiver.poll(TIMEOUT)
        status, _, body = receiver.recv()
        child.join(TIMEOUT)
        assert status == 500 and b"query failed" in body
        assert hits == ["/sparql"]  # nothing more reached the listener
    finally:
        listener.shutdown()
        listener.server_close()


def test_malformed_query(url: str) -> None:
    status, headers, body = sparql(url, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and headers["Content-Type"] == "text/plain; charset=utf-8"
    text = body.decode()
    assert text.startswith("malformed SPARQL: ") and len(text.strip().splitlines()) == 1
    status, _, body = fetch(f"{url}/sparql?query=")
    assert status == 400


def test_runaway_query_times_out(start: Start) -> None:
    url = start(timeout_s=1.0)
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } "
        "GRAPH ?g3 { ?g ?h ?i } GRAPH ?g4 { ?j ?k ?l } }"
    )
    t0 = time.monotonic()
    status, _, body = sparql(url, query)
    elapsed = time.monotonic() - t0
    assert status == 503 and body.strip() == b"query timed out after 1 s"
    assert elapsed < 4.0, elapsed
    assert multiprocessing.active_children() == []  # the query process was killed
    status, _, _ = sparql(url, "ASK { }")  # and the server goes on
    assert status == 200


def test_max_rows(start: Start) -> None:
    url = start(max_rows=5)
    status, _, body = sparql(url, "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 413 and body.strip() == b"result too large: more than 5 rows"
    status, _, body = sparql(url, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 413 and body.strip() == b"result too large: more than 5 triples"
    status, _, body = sparql(url, "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5", "text/csv")
    assert status == 200 and len(csv_rows(body)[1]) == 5


def test_request_body_over_1_mb(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        conn.putrequest("POST", "/sparql")
        conn.putheader("Content-Type", "application/sparql-query")
        conn.putheader("Content-Length", str(2 * 1024 * 1024))
        conn.endheaders()
        r = conn.getresponse()
        assert r.status == 413 and b"request body too large" in r.read()
    finally:
        conn.close()
    status, _, _ = fetch(f"{url}/sparql", b"x" * 100, {"Content-Type": "image/png"})
    assert status == 415


def test_spawned_query_processes(start: Start) -> None:
    """The start method used where fork is not available."""
    url = start(start_method="spawn")
    status, _, body = sparql(url, "SELECT (1 AS ?one) WHERE { }", "text/csv")
    assert status == 200 and csv_rows(body) == (["one"], [["1"]])


# --- the HTML query page ------------------------------------------------------------------------


def test_query_page_lists_the_library(url: str) -> None:
    status, headers, body = fetch(f"{url}/sparql")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert "<textarea" in page and 'type="submit"' in page
    for name in library():
        assert f'href="?example={name}"' in page
    status, _, body = fetch(f"{url}/sparql?example=cited-acts")
    assert html.escape(library()["cited-acts"].text) in body.decode()


# --- the site -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "name", "content_type"),
    [
        (None, "index.html", "text/html; charset=utf-8"),
        ("*/*", "index.html", "text/html; charset=utf-8"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "index.html", "text/html; charset=utf-8"),
        ("text/html", "index.html", "text/html; charset=utf-8"),
        ("text/turtle", "index.ttl", "text/turtle; charset=utf-8"),
        ("application/ld+json", "index.jsonld", "application/ld+json"),
        ("application/n-triples", "index.nt", "application/n-triples"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9, */*;q=0.1", "index.jsonld", "application/ld+json"),
        ("text/*;q=0.9, text/html;q=0.1", "index.ttl", "text/turtle; charset=utf-8"),
        ("image/png, application/n-triples;q=0.3", "index.nt", "application/n-triples"),
    ],
)
def test_content_negotiation(url: str, accept: str | None, name: str, content_type: str) -> None:
    for path in ("/country/afg", "/country/afg/", "/palermo/country/afg"):  # also under the base IRI's path
        status, headers, body = fetch(url + path, headers={"Accept": accept} if accept else None)
        assert status == 200, (path, body)
        assert headers["Content-Type"] == content_type
        assert headers["Vary"] == "Accept"
        assert body.decode() == FILES[f"country/afg/{name}"]


def test_html_lives_at_the_folder(url: str) -> None:
    """The published pages link relative to their folder: a browser asking for the IRI is sent on
    to IRI + "/"; RDF is served at the IRI itself."""
    status, headers, _ = raw_get(url, "/country/afg", {"Accept": "text/html"})
    assert status == 303 and headers["Location"] == "/country/afg/" and headers["Vary"] == "Accept"
    status, headers, _ = raw_get(url, "//country/afg")  # never a scheme-relative //host redirect
    assert status == 303 and headers["Location"] == "/country/afg/"
    status, headers, _ = raw_get(url, "/palermo/country/afg")
    assert status == 303 and headers["Location"] == "/palermo/country/afg/"
    status, headers, _ = raw_get(url, "/country/afg", {"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")


def test_not_acceptable(url: str) -> None:
    status, _, body = fetch(f"{url}/country/afg", headers={"Accept": "image/png"})
    assert status == 406 and b"text/html" in body and b"text/turtle" in body
    status, _, _ = fetch(f"{url}/country/afg", headers={"Accept": "text/html;q=0, text/turtle;q=0"})
    assert status == 406
    status, headers, _ = fetch(f"{url}/country/ttl-only")  # only Turtle there: the browser gets it
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")


@pytest.mark.parametrize(
    ("path", "content_type", "file"),
    [
        ("/country/afg/index.ttl", "text/turtle; charset=utf-8", "country/afg/index.ttl"),
        ("/country/afg.ttl", "text/turtle; charset=utf-8", "country/afg/index.ttl"),
        ("/country/afg.jsonld", "application/ld+json", "country/afg/index.jsonld"),
        ("/country/afg/index.html", "text/html; charset=utf-8", "country/afg/index.html"),
        ("/style.css", "text/css; charset=utf-8", "style.css"),
        ("/void.ttl", "text/turtle; charset=utf-8", "void.ttl"),
        ("/dumps/graph.nq", "application/n-quads", "dumps/graph.nq"),
    ],
)
def test_plain_files(url: str, path: str, content_type: str, file: str) -> None:
    status, headers, body = fetch(url + path, headers={"Accept": "application/n-triples"})  # not negotiated
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert body.decode() == FILES[file]


def test_head_and_missing(url: str) -> None:
    status, headers, body = fetch(f"{url}/country/afg/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) == len(FILES["country/afg/index.html"])
    assert fetch(f"{url}/")[2].decode() == FILES["index.html"]
    assert fetch(f"{url}/country/zzz")[0] == 404
    assert fetch(f"{url}/country")[0] == 404  # a folder without index files: no listing
    assert fetch(f"{url}/country/afg", b"x", {"Content-Type": "text/plain"})[0] == 405


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/../secret",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/secret",
        "/%2E%2E/secret.ttl",
        "/country/..%2f..%2fsecret",
        "/country/%2e%2e%2f%2e%2e%2fsecret",
        "/country/..%5c..%5csecret",
        "/..;/secret",
        "//etc/passwd",
        "/leak",
        "/country/leak/secret",
        "/country/leak/secret.ttl",
        "/secret%00.ttl",
        "/%ff%fe",
        "/.%2e/secret",
        "/" + "a" * 5000,
    ],
)
def test_paths_stay_inside_the_site(url: str, path: str) -> None:
    status, _, body = raw_get(url, path)
    assert status in (400, 403, 404), (path, status)
    assert SECRET.encode() not in body
    if path.startswith("//etc"):
        assert b"root:" not in body


def test_negotiate() -> None:
    offers = ["text/html", "text/turtle"]
    assert negotiate(None, offers) == "text/html"
    assert negotiate("", offers) == "text/html"
    assert negotiate("text/turtle, text/html;q=0.9", offers) == "text/turtle"
    assert negotiate("text/*, text/html;q=0", offers) == "text/turtle"
    assert negotiate("application/json", offers) is None
    assert negotiate("text/turtle;q=bad, text/html;q=0.2", offers) == "text/html"
    assert negotiate("*", offers) == "text/html"
