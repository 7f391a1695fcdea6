"""The HTTP pieces of `palermo serve` that Werkzeug and the standard library provide, as the
server configures them: its routes, a site file's media type, Accept matching."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.exceptions import MethodNotAllowed

from palermo.graph.serve.app import routes
from palermo.graph.serve.negotiation import file_type, negotiate


@pytest.mark.parametrize(
    ("base_path", "path", "method", "endpoint"),
    [
        (None, "/sparql", "GET", "sparql"),
        (None, "/sparql", "HEAD", "sparql"),
        (None, "/sparql", "POST", "sparql"),
        (None, "/labels", "POST", "labels"),
        (None, "/labels", "GET", "site"),  # a file of the site may be called so
        (None, "/sparql/", "GET", "site"),
        (None, "/", "GET", "site"),
        (None, "//etc/passwd", "GET", "site"),  # slashes not merged by a redirect: the site refuses it
        (None, "/country/afg/", "GET", "site"),
        (None, "/palermo/sparql", "GET", "site"),  # no base path: an ordinary path
        ("/palermo/", "/palermo/sparql", "POST", "sparql"),
        ("/palermo/", "/palermo/labels", "POST", "labels"),
        ("/palermo/", "/sparql", "GET", "sparql"),
        ("/palermo/", "/palermo/country/afg", "GET", "site"),
        ("/palermo/", "//country//afg", "GET", "site"),  # never a 308 to a merged form
        ("/palermo/", "/palermo//sparql", "GET", "site"),
        (None, "/country/afg", "POST", MethodNotAllowed),
        (None, "/sparql", "PUT", MethodNotAllowed),
    ],
)
def test_routes(base_path: str | None, path: str, method: str, endpoint: str | type[Exception]) -> None:
    adapter = routes(base_path).bind("localhost")
    if isinstance(endpoint, str):
        assert adapter.match(path, method)[0] == endpoint
    else:
        with pytest.raises(endpoint):
            adapter.match(path, method)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("index.ttl", "text/turtle; charset=utf-8"),
        ("index.jsonld", "application/ld+json"),
        ("index.nt", "application/n-triples"),
        ("graph.nq", "application/n-quads"),
        ("graph.trig", "application/trig"),
        ("graph.rdf", "application/rdf+xml"),
        ("cited-acts.rq", "application/sparql-query"),
        ("style.css", "text/css; charset=utf-8"),
        ("search-index.js", "text/javascript; charset=utf-8"),
        ("void.json", "application/json"),
        ("table.CSV", "text/csv; charset=utf-8"),
        ("graph.nt.gz", "application/gzip"),  # gzip data, not N-Triples
        ("NOTICE", "application/octet-stream"),
        ("x.unknown-suffix", "application/octet-stream"),
    ],
)
def test_file_type(name: str, content_type: str) -> None:
    assert file_type(Path("site") / name) == content_type


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("TEXT/Turtle", "text/turtle"),
        ("application/*", "application/ld+json"),
        ("*/*;q=0.5, text/turtle;q=0.5", "text/turtle"),  # same q: the more specific range
        ("text/html;q=0.5, application/n-triples", "application/n-triples"),
        ("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", "text/html"),  # an older Java client
        ("image/png", None),
        ("text/html;q=0, */*;q=0", None),
    ],
)
def test_negotiate_by_werkzeug(accept: str, chosen: str | None) -> None:
    offers = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
    assert negotiate(accept, offers) == chosen
