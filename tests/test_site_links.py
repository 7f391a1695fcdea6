"""Every page a published site links to opens: on `palermo serve`, on a static host (Python's
http.server over the site folder) and from the disk (file://), for documents whose file names need
escaping in a URL (a space, a `%`, quotes, braces, `#` and `?`, Chinese).

Each test crawls the site from its home page, following every link of every page it reaches."""

from __future__ import annotations

import functools
import http.client
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from clikit import running
from redirects import apache, netlify

from palermo.graph.publish import publish
from palermo.graph.serve import make_server
from palermo.iri import name_key
from palermo.pipeline import build

BASE = "https://example.org/palermo/"
NAMES = ["a b.txt", "a%20b.txt", "{{7*7}}.txt", 'it\'s "quoted".txt', "报告 #1?.txt", "100% & <b>.txt"]
TEXT = """Report on the meeting

1. The following States were represented at the meeting: Afghanistan, Argentina and Chile.

2. The meeting recalled General Assembly resolution 64/293.
"""


ENDPOINT = re.compile(r"(^|/)sparql(\?.*)?$")  # a link to the endpoint: a static copy's script sends it to sparql.html


class Links(HTMLParser):
    """The links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src"):
            if found.get(name) and tag in ("a", "link", "script"):
                self.found.append(str(found[name]))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A build and a site of documents with hostile file names."""
    root = tmp_path_factory.mktemp("links")
    docs = root / "docs"
    docs.mkdir()
    for name in NAMES:
        (docs / name).write_text(TEXT.replace("the meeting\n", f"the meeting ({name})\n", 1), encoding="utf-8")
    result = build([docs], root / "data")
    assert len(result.documents) == len(NAMES)
    publish(result.out, BASE, root / "site")
    return result.out, root / "site"


def crawl(start: str, fetch: object, static: bool) -> tuple[int, list[str]]:
    """Visit every page reachable from `start`; returns (pages seen, links that did not open)."""
    get = fetch  # (url) -> (ok, html text or None)
    seen: set[str] = set()
    todo, broken, pages = [start], [], 0
    while todo:
        url = todo.pop()
        ok, text = get(url)  # type: ignore[operator]
        if not ok:
            broken.append(url)
            continue
        if text is None:
            continue
        pages += 1
        parser = Links()
        parser.feed(text)
        for href in parser.found:
            if static and ENDPOINT.search(href):  # the page saying there is no endpoint, as static/site.js does
                href = ENDPOINT.sub(lambda m: m.group(1) + "sparql.html", href)
            target = urllib.parse.urljoin(url, href).split("#", 1)[0]
            if not target.startswith(start.rsplit("/", 1)[0]) or target in seen:
                continue
            seen.add(target)
            todo.append(target)
    return pages, broken


def _http(url: str) -> tuple[bool, str | None]:
    sent = "".join(urllib.parse.quote(c) if not c.isascii() else c for c in url)  # as a browser sends it
    try:
        with urllib.request.urlopen(sent, timeout=10) as r:
            body = r.read()
            html = r.headers.get_content_type() == "text/html"
            return True, body.decode("utf-8") if html else None
    except urllib.error.HTTPError:
        return False, None


def _file(url: str) -> tuple[bool, str | None]:
    path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
    if not path.is_file():  # a folder would show as a listing, not a page
        return False, None
    return True, path.read_text(encoding="utf-8") if path.suffix == ".html" else None


class Quiet(SimpleHTTPRequestHandler):
    """Python's static file server, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_host(site: tuple[Path, Path]) -> Iterator[str]:
    with running(ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site[1])))) as base:
        yield base


@pytest.fixture
def served(site: tuple[Path, Path]) -> Iterator[str]:
    with running(make_server(site[0], site[1], "127.0.0.1", 0)) as base:
        yield base


def _source_pages(site: Path) -> set[str]:
    return {p.name for p in (site / "doc" / "source").iterdir()}


def test_pages_of_hostile_names_are_folders_named_as_the_files(site: tuple[Path, Path]) -> None:
    assert _source_pages(site[1]) == set(NAMES)  # the IRI's escapes decoded: what a server looks for


@pytest.mark.parametrize("where", ["serve", "static host", "file"])
def test_every_link_of_every_page_opens(site: tuple[Path, Path], where: str, request: pytest.FixtureRequest) -> None:
    if where == "file":
        start, fetch = (site[1] / "index.html").as_uri(), _file
    else:
        start, fetch = request.getfixturevalue("served" if where == "serve" else "static_host") + "index.html", _http
    pages, broken = crawl(start, fetch, static=where != "serve")
    assert not broken, broken[:10]
    assert pages > 50
    opened = {urllib.parse.unquote(u) for u in _visited_sources(start, fetch)}
    assert {n for n in NAMES if any(f"/doc/source/{n}/index.html" in u for u in opened)} == set(NAMES)


def _visited_sources(start: str, fetch: object) -> list[str]:
    """The document pages the home page's list links to, resolved."""
    ok, text = fetch(start)  # type: ignore[operator]
    assert ok and text
    parser = Links()
    parser.feed(text)
    return [urllib.parse.urljoin(start, h) for h in parser.found if "doc/source/" in h]


def _iri_path(name: str) -> str:
    """The path of the first paragraph of the document of file `name` under the base (its IRI's)."""
    return f"doc/source/{name_key(name)}/en/para/1"


@pytest.mark.parametrize("name", NAMES)
def test_a_paragraph_iri_of_a_hostile_name_leads_to_its_anchor(
    site: tuple[Path, Path], served: str, name: str
) -> None:
    """Asked of `serve` as a client sends the IRI (letters not in ASCII escaped), as the static
    hosts' redirect map sends it (_redirects: as sent; .htaccess: decoded), a paragraph's IRI leads
    to its document's page, which has the paragraph's anchor."""
    sent = "".join(urllib.parse.quote(c) if not c.isascii() else c for c in _iri_path(name))
    split = urllib.parse.urlsplit(served)
    connection = http.client.HTTPConnection(split.hostname or "", split.port, timeout=10)
    try:
        connection.request("GET", "/" + sent)
        answer = connection.getresponse()
        answer.read()
    finally:
        connection.close()
    assert answer.status == 303
    ok, page = _http(urllib.parse.urljoin(served, answer.getheader("Location") or ""))
    assert ok and page is not None and 'id="para-1"' in page
    expected = f"/palermo/doc/source/{name}/en/#para-1"
    for found in (netlify(site[1], "/palermo/" + sent), apache(site[1], urllib.parse.unquote(_iri_path(name)))):
        assert found is not None and found[0] == 303
        assert urllib.parse.unquote(found[1]) == expected
    assert (site[1] / "doc" / "source" / name / "en" / "index.html").is_file()
