"""Facts and blocks have no page: each is an anchor of its language version's page, whose RDF holds
their triples; their IRIs still resolve, by `palermo serve` (303 to the anchor, or their own
description for an RDF client) and on a static host by the redirect map the site ships
(`_redirects`, `.htaccess`), applied here as each host applies it (tests/redirects.py)."""

from __future__ import annotations

import http.client
import json
import os
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from clikit import running
from redirects import apache, netlify

from palermo.graph import publish as publishing
from palermo.graph.pages import Block, Link, Note, Segment
from palermo.graph.publish import Shape, _rebased, _relative, folder, page_link, part_of, publish
from palermo.graph.serve import make_server
from palermo.graph.store import open_store
from palermo.iri import PAL
from palermo.pipeline import BuildResult

BASE = "https://example.org/palermo/"
PREFIX = "/palermo/"
PROV = "http://www.w3.org/ns/prov#"
STATED = f"SELECT ?f ?e WHERE {{ ?f <{PAL}statedIn> ?e }}"  # facts, and meetings as a version states them
BLOCKS = f"SELECT ?b ?k WHERE {{ ?b <{PAL}key> ?k }}"


@pytest.fixture(scope="module")
def parts(built: BuildResult) -> dict[str, tuple[str, str]]:
    """Every fact, block and other thing a version states of the corpus build: IRI → (its version, its anchor)."""
    store = open_store(built.out)
    found: dict[str, tuple[str, str]] = {}
    for r in store.query(STATED):
        if r["f"].value.startswith(r["e"].value + "/"):
            found[r["f"].value] = (r["e"].value, r["f"].value[len(r["e"].value) + 1 :].replace("/", "-"))
    for r in store.query(BLOCKS):
        iri, key = r["b"].value, r["k"].value
        found[iri] = (iri[: -len(key) - 1], key.replace("/", "-"))
    return found


def _ids(site: Path, version: str) -> set[str]:
    page = (site / folder(BASE, version) / "index.html").read_text(encoding="utf-8")
    return set(re.findall(r' id="([^"]+)"', page))


def _own(store: ox.Store, iri: str) -> set[ox.Triple]:
    """A thing's triples in the merged graph."""
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())
    }


def _sent(iri: str) -> str:
    """The path a client sends for an IRI: what a URL cannot hold as it is (letters not in
    ASCII) percent-encoded, the IRI's own escapes kept."""
    return urllib.parse.quote(urllib.parse.urlsplit(iri).path, safe="/%:@!$&'()*+,;=-._~")


@pytest.mark.parametrize(
    ("iri", "pairs", "expected"),
    [
        ("https://x/doc/a/zh/para/3", [(PAL.key, ox.Literal("para/3"))], ("https://x/doc/a/zh", "para-3")),
        ("https://x/doc/a/zh/para/3/b", [(PAL.key, ox.Literal("para/3/b"))], ("https://x/doc/a/zh", "para-3-b")),
        ("https://x/doc/a/zh/fn/*-2", [(PAL.key, ox.Literal("fn/*-2"))], ("https://x/doc/a/zh", "fn-*-2")),
        (
            "https://x/doc/a/zh/fact/actors/02d6f635a7a1",
            [
                (PAL.statedIn, ox.NamedNode("https://x/doc/a/zh")),
                (f"{PROV}wasGeneratedBy", ox.NamedNode("https://x/e")),
            ],
            ("https://x/doc/a/zh", "fact-actors-02d6f635a7a1"),
        ),
        # a meeting as a version states it: stated in it, minted under it
        (
            "https://x/doc/a/zh/stated/meeting/cop/5",
            [(PAL.statedIn, ox.NamedNode("https://x/doc/a/zh"))],
            ("https://x/doc/a/zh", "stated-meeting-cop-5"),
        ),
        # a fact stated in a version it is not minted under: not an anchor of its page
        (
            "https://x/doc/b/fact/x/1",
            [
                (PAL.statedIn, ox.NamedNode("https://x/doc/a/zh")),
                (f"{PROV}wasGeneratedBy", ox.NamedNode("https://x/e")),
            ],
            None,
        ),
        ("https://x/doc/a/zh/para/3", [(PAL.key, ox.Literal("para/4"))], None),  # a key its IRI does not end with
        ("https://x/country/afg", [(PAL.about, ox.NamedNode("https://x/c"))], None),
    ],
)
def test_part_of(iri: str, pairs: list[tuple[object, ox.Literal | ox.NamedNode]], expected: object) -> None:
    assert part_of(iri, [(ox.NamedNode(str(p)), o) for p, o in pairs]) == expected


@pytest.mark.parametrize(
    ("version", "iri", "redirect", "rewrite"),
    [
        (
            "https://x/p/doc/a/zh",
            "https://x/p/doc/a/zh/para/3/b",
            "/p/doc/:v1/:v2/para/:p1/:p2  /p/doc/:v1/:v2/#para-:p1-:p2  303",
            "RewriteRule ^doc/([^/]+)/([^/]+)/para/([^/]+)/([^/]+)/?$ doc/$1/$2/%{ENV:PALERMO_RDF}#para-$3-$4 "
            "[R=303,B,BNP,NE,L]",
        ),
        (
            "https://x/p/act/cop/resolution/5-2/zh",
            "https://x/p/act/cop/resolution/5-2/zh/fact/actors/0a",
            "/p/act/:v1/:v2/:v3/:v4/fact/:p1/:p2  /p/act/:v1/:v2/:v3/:v4/#fact-:p1-:p2  303",
            "RewriteRule ^act/([^/]+)/([^/]+)/([^/]+)/([^/]+)/fact/([^/]+)/([^/]+)/?$ "
            "act/$1/$2/$3/$4/%{ENV:PALERMO_RDF}#fact-$5-$6 [R=303,B,BNP,NE,L]",
        ),
    ],
)
def test_a_rule_per_shape_of_path(version: str, iri: str, redirect: str, rewrite: str) -> None:
    shape = Shape.of("https://x/p/", version, iri)
    assert shape.redirect("/p/") == redirect
    assert shape.rewrite() == rewrite


@pytest.mark.parametrize(
    ("target", "here"),
    [
        ("", ""),
        ("a/b", ""),
        ("", "a/b"),
        ("a/b/c", "a/b"),
        ("a/b", "a/b/c"),
        ("a/x/y", "a/b/c"),
        ("a", "a"),
        ("doc/source/a b.txt/zh", "country/afg"),
        ("doc/x/zh", "doc/x"),
    ],
)
def test_relative_paths_as_relpath_gives_them(target: str, here: str) -> None:
    assert _relative(target, here) == os.path.relpath(target or ".", here or ".")


def test_a_version_text_moved_to_its_work_page() -> None:
    """A version's text is made once, for its page; its work's page (the folder above) shows it
    with every link made relative to the work's folder."""
    about = Link("Afghanistan", "../../../country/afg/index.html")
    block = Block(
        "para-1",
        "paragraph",
        "1",
        [Segment("阿富汗", [about], "Participation")],
        [Link("x", "../en/index.html#para-1")],
        [Note("fact-actors-1", "participation", [about, Link("no page")], "阿富汗")],
    )
    blocks, kinds, stated = _rebased(
        ([block], [("Participation", [about])], [Note("stated-1", "m", [Link("self", "#para-1")], "")]), "zh"
    )
    assert blocks[0].segments[0].facts[0].href == "../../country/afg/index.html"
    assert blocks[0].aligned[0].href == "en/index.html#para-1"
    assert [a.href for a in blocks[0].notes[0].about] == ["../../country/afg/index.html", None]
    assert kinds[0][1][0].href == "../../country/afg/index.html" and stated[0].about[0].href == "#para-1"
    assert about.href == "../../../country/afg/index.html"  # the version page's own copy is left as it was


def test_no_page_for_a_fact_nor_a_block(site: Path, parts: dict[str, tuple[str, str]]) -> None:
    assert len(parts) > 1000
    assert not [i for i in parts if (site / folder(BASE, i)).exists()][:5]
    pages = sum(1 for _ in site.rglob("index.html"))
    assert 100 < pages < len(parts)


def test_every_fact_and_block_is_an_anchor_of_its_version_page(site: Path, parts: dict[str, tuple[str, str]]) -> None:
    by_version: dict[str, set[str]] = {}
    for version, anchor in parts.values():
        by_version.setdefault(version, set()).add(anchor)
    for version, anchors in by_version.items():
        assert anchors <= _ids(site, version), (version, sorted(anchors - _ids(site, version))[:5])


def test_a_fact_shows_its_kind_what_it_names_and_its_quote(site: Path, built: BuildResult) -> None:
    store = open_store(built.out)
    row = next(
        iter(
            store.query(
                f"SELECT * WHERE {{ ?f a <{PAL}Participation> ; <{PAL}statedIn> ?e ; "
                f"<{PAL}quote> ?q ; <{PAL}about> <{BASE}country/afg> }} LIMIT 1"
            )
        )
    )
    version, fact = row["e"].value, row["f"].value
    page = (site / folder(BASE, version) / "index.html").read_text(encoding="utf-8")
    item = re.search(rf'<li id="{re.escape(fact[len(version) + 1 :].replace("/", "-"))}">(.*?)</li>', page, re.S)
    assert item is not None
    assert "participation" in item.group(1) and "country/afg/index.html" in item.group(1)
    assert f'<q class="quote" dir="auto">{" ".join(row["q"].value.split())}</q>' in item.group(1)


def test_the_version_page_rdf_holds_its_facts_and_blocks(site: Path, built: BuildResult, parts: dict) -> None:  # type: ignore[type-arg]
    store = open_store(built.out)
    version = max({v for v, _ in parts.values()}, key=lambda v: sum(1 for w, _ in parts.values() if w == v))
    mine = [i for i, (v, _) in parts.items() if v == version]
    nt = {str(t) for t in ox.parse(path=str(site / folder(BASE, version) / "index.nt"), format=ox.RdfFormat.N_TRIPLES)}
    for iri in mine:
        wanted = {str(t) for t in _own(store, iri)}
        assert wanted and wanted <= nt, iri


def test_pages_link_facts_and_blocks_to_their_anchors(site: Path) -> None:
    """The lineage of a meeting's recommendations and the citing paragraphs of an act link their
    paragraphs to the anchors; a country page counts the facts naming it instead of listing them."""
    found = 0
    for where in ("meeting/wg-tip/1", "act/ga/resolution/64-293", "instrument/tip/art/9"):
        page = site / where / "index.html"
        for href, fragment in re.findall(r'href="(\.\./[^"#]+)#([^"]+)"', page.read_text(encoding="utf-8")):
            target = (page.parent / urllib.parse.unquote(href)).resolve()
            version = BASE + target.parent.relative_to(site.resolve()).as_posix()
            assert target.is_file() and fragment in _ids(site, version), (where, href, fragment)
            found += 1
    assert found > 10
    country = (site / "country/afg/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="pointing-facts">and \d+ of the documents', country) and "#fact-" not in country


@pytest.fixture(scope="module")
def served(built: BuildResult, site: Path) -> Iterator[str]:
    with running(make_server(built.out, site, "127.0.0.1", 0)) as url:
        yield url


def _get(url: str, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    split = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(split.hostname or "", split.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept": accept} if accept else {})
        r = connection.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        connection.close()


def test_serve_sends_a_browser_to_the_anchor_the_site_writes(
    served: str, site: Path, parts: dict[str, tuple[str, str]]
) -> None:
    """The Location of every fact and block of one version and of a sample of all, with and
    without the base's path, is the link to its anchor the site's pages write."""
    for iri in sorted(parts)[::23]:
        version, anchor = parts[iri]
        page = "/" + page_link(BASE, version).removesuffix("index.html")
        for prefix in ("/", PREFIX):
            status, headers, _ = _get(served, prefix + _sent(iri)[len(PREFIX) :], "text/html,*/*;q=0.8")
            assert status == 303, iri
            location = headers["Location"]
            assert location == prefix.rstrip("/") + page + "#" + urllib.parse.quote(anchor), (iri, location)
            assert anchor in _ids(site, version)


def test_serve_gives_an_rdf_client_the_facts_own_description(
    served: str, built: BuildResult, parts: dict[str, tuple[str, str]]
) -> None:
    store = open_store(built.out)
    fact = next(i for i in sorted(parts) if "/fact/actors/" in i)
    wanted = _own(store, fact)
    for media, fmt in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ):
        status, headers, body = _get(served, _sent(fact)[len(PREFIX) - 1 :], media)
        assert status == 200 and headers["Content-Type"].startswith(media) and headers["Vary"] == "Accept"
        if media == "application/ld+json":  # the annotation, under the W3C's context (not read offline), beside it
            doc = json.loads(body)
            assert [n["type"] for n in doc["@graph"] if "@context" in n] == ["Annotation"]
            doc["@graph"] = [n for n in doc["@graph"] if "@context" not in n]
            body = json.dumps(doc).encode("utf-8")
        got = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)}
        assert wanted <= got, media
        if media != "application/ld+json":  # the Web Annotation made from the fact
            target = ox.NamedNode("http://www.w3.org/ns/oa#hasTarget")
            assert ox.Triple(ox.NamedNode(fact + "#annotation"), target, ox.NamedNode(fact + "#evidence")) in got


def test_serve_answers_404_for_what_is_no_fact(served: str) -> None:
    assert _get(served, "/doc/nothing/zh/para/1")[0] == 404
    assert _get(served, "/country/afg/fact/x/y")[0] == 404


@pytest.mark.parametrize("host", ["_redirects", ".htaccess"])
def test_the_redirect_map_sends_every_fact_and_block_to_its_anchor(
    host: str, site: Path, parts: dict[str, tuple[str, str]]
) -> None:
    for iri, (version, anchor) in parts.items():
        if host == "_redirects":
            found = netlify(site, _sent(iri))
        else:
            found = apache(site, urllib.parse.unquote(iri[len(BASE) :]))
        assert found is not None, iri
        status, location = found
        path, _, fragment = location.partition("#")
        assert status == 303
        assert urllib.parse.unquote(path) == PREFIX + folder(BASE, version) + "/", (iri, location)
        assert urllib.parse.unquote(fragment) == anchor and anchor in _ids(site, version)


def test_the_redirect_map_leaves_pages_alone(site: Path, built: BuildResult) -> None:
    for path in ("country/afg", "meeting/wg-tip/11", "act/cop/resolution/5-2/zh", "act/cop/resolution/5-2"):
        assert (site / path / "index.html").is_file()
        assert netlify(site, PREFIX + path) is None and apache(site, path) is None


def test_htaccess_sends_an_rdf_client_to_the_page_rdf(site: Path, parts: dict[str, tuple[str, str]]) -> None:
    fact = next(i for i in sorted(parts) if "/fact/" in i)
    version = parts[fact][0]
    for accept, name in (
        ("text/turtle", "index.ttl"),
        ("application/ld+json", "index.jsonld"),
        ("application/n-triples", "index.nt"),
        ("text/html, text/turtle;q=0.5", ""),
    ):
        found = apache(site, urllib.parse.unquote(fact[len(BASE) :]), accept)
        assert found is not None
        path = urllib.parse.unquote(found[1].partition("#")[0])
        assert path == PREFIX + folder(BASE, version) + "/" + name
        if name:
            fmt = ox.RdfFormat.from_extension(name.rsplit(".", 1)[1])
            assert fmt is not None
            triples = ox.parse(path=str(site / folder(BASE, version) / name), format=fmt)
            assert sum(1 for t in triples if t.subject == ox.NamedNode(fact)) > 3


def test_pages_by_two_processes_make_the_same_site(
    built: BuildResult, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages written by two worker processes, each its share, the dumps meanwhile: the same
    files, byte for byte, as one process writes."""
    monkeypatch.setattr(publishing, "PER_WORKER", 1)  # a worker even for the corpus's few triples
    two = tmp_path / "two"
    assert publish(built.out, BASE, two, jobs=2) == publish(built.out, BASE, tmp_path / "one", jobs=1)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    assert all((site / f).read_bytes() == (two / f).read_bytes() for f in files)
