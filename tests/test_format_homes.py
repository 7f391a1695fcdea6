"""Formats and prefixes each declared once and read where they are used: `query --format` by
graph.query.FORMATS, the endpoint's formats and their `?format=` names by serve's negotiation
(media types pyoxigraph's), a resource's RDF files by publish.PAGE_RDF (the site, serve and the
.htaccess), the site's dumps by publish.DUMPS (written and listed in the VoID), the prefixes of
names shown to people by built.NAMESPACES."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, VOID
from wcwidth import wcswidth

from palermo.cli import main
from palermo.graph.built import NAMESPACES
from palermo.graph.merged import Disagreement, Source, display
from palermo.graph.ntriples import TYPE
from palermo.graph.publish import DUMPS, PAGE, PAGE_RDF
from palermo.graph.query import FORMATS, TABLE, Result, render
from palermo.graph.serve import Job, execute
from palermo.graph.serve.negotiation import (
    CONTENT_TYPES,
    FORMAT_PARAM,
    GRAPH_FORMATS,
    GRAPH_TYPES,
    REPRESENTATIONS,
    RESULT_FORMATS,
    RESULT_TYPES,
    file_type,
)
from palermo.graph.store import STORE_DIR
from palermo.graph.terms import rdf
from palermo.pipeline import BuildResult

RESULT = Result(["name", "n"], [["Viena, 维也纳", "2"], ['a "quoted" one', "10"]])


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", 'name,n\n"Viena, 维也纳",2\n"a ""quoted"" one",10\n'),
        ("json", [{"name": "Viena, 维也纳", "n": "2"}, {"name": 'a "quoted" one', "n": "10"}]),
    ],
)
def test_whole_value_formats(fmt: str, expected: object) -> None:
    text = render(RESULT, fmt)
    assert (json.loads(text) if fmt == "json" else text) == expected


def test_table_is_the_default_and_aligned() -> None:
    lines = render(RESULT, TABLE, width=60).splitlines()
    assert lines[0].split() == ["name", "n"] and lines[-1] == "(2 rows)"
    assert len({wcswidth(line) for line in lines[:-1]}) == 1  # by display width: 维 takes two cells
    assert next(iter(FORMATS)) == TABLE


def test_cli_offers_the_formats_render_knows(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["query", "documents", "--format", "xml"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    offered = re.search(r"choose from (.*)\)", err)
    assert offered is not None and [c.strip(" '") for c in offered.group(1).split(",")] == list(FORMATS)


def test_each_format_name_is_a_format_the_endpoint_writes() -> None:
    assert set(FORMAT_PARAM.values()) == set(RESULT_TYPES) | set(GRAPH_TYPES)
    for media in RESULT_TYPES:
        assert ox.QueryResultsFormat.from_media_type(media) == RESULT_FORMATS[media]
    for media in GRAPH_TYPES:
        assert ox.RdfFormat.from_media_type(media) == GRAPH_FORMATS[media]
    # the extensions pyoxigraph knows name the same format
    for name, media in FORMAT_PARAM.items():
        known = ox.RdfFormat.from_extension(name) or ox.QueryResultsFormat.from_extension(name)
        if known is not None and media in GRAPH_TYPES:
            assert known == GRAPH_FORMATS[media], name


@pytest.mark.parametrize("name", sorted(FORMAT_PARAM))
def test_endpoint_answers_in_each_named_format(built: BuildResult, name: str) -> None:
    media = FORMAT_PARAM[name]
    graph = media in GRAPH_TYPES
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3" if graph else "SELECT ?s ?t WHERE { ?s a ?t } LIMIT 3"
    job = Job(str(built.out / STORE_DIR), query, None, None, None, None if graph else media, media, 10)
    status, content_type, body = execute(job)
    assert (status, content_type) == (200, CONTENT_TYPES[media])
    if graph:
        assert len(list(ox.parse(body, GRAPH_FORMATS[media]))) == 3
    elif RESULT_FORMATS[media] == ox.QueryResultsFormat.CSV:  # lossy: pyoxigraph does not read it back
        assert next(csv.reader(io.StringIO(body.decode("utf-8")))) == ["s", "t"]
        assert len(body.decode("utf-8").splitlines()) == 4
    else:
        assert len(list(ox.parse_query_results(body, RESULT_FORMATS[media]))) == 3  # type: ignore[arg-type]


def test_a_resource_folder_holds_the_representations_serve_offers(site: Path) -> None:
    """Every folder with a page holds exactly the files serve negotiates between, each served with
    the type of its format."""
    offered = {name for _, name, _ in REPRESENTATIONS}
    assert offered == {PAGE, *(f"index.{fmt.file_extension}" for fmt in PAGE_RDF)}
    folders = [p.parent for p in (site / "doc").rglob(PAGE)]
    assert folders
    for folder in folders[:50]:
        assert {p.name for p in folder.glob("index.*")} == offered, folder
    for media, name, content_type in REPRESENTATIONS:
        assert file_type(Path(name)) == content_type and content_type.startswith(media)


def test_htaccess_gives_each_rdf_file_to_its_accept(site: Path) -> None:
    text = (site / ".htaccess").read_text(encoding="utf-8")
    rules = re.findall(r"RewriteCond %\{HTTP_ACCEPT\} (\S+)\nRewriteRule \^ - \[E=PALERMO_RDF:(\S+)\]", text)
    assert len(rules) == len(PAGE_RDF)
    for (pattern, name), fmt in zip(rules, PAGE_RDF, strict=True):
        assert name == f"index.{fmt.file_extension}"
        assert re.fullmatch(pattern, fmt.media_type), pattern


def test_void_lists_the_dumps_written(site: Path) -> None:
    void = Graph().parse(site / "void.ttl", format="turtle")
    listed = {str(d).rsplit("/", 1)[-1]: str(void.value(d, DCAT.mediaType)) for d in void.objects(None, VOID.dataDump)}
    assert listed == {f"graph.{fmt.file_extension}": fmt.media_type for fmt in DUMPS}
    assert sorted(listed) == sorted(p.name for p in (site / "dumps").iterdir())
    for name, media in listed.items():
        assert file_type(Path(name)).startswith(media)
        assert ox.RdfFormat.from_media_type(media) is not None
        assert list(ox.parse(path=str(site / "dumps" / name), format=ox.RdfFormat.from_media_type(media)))[:1]


def test_rdf_type_has_one_spelling() -> None:
    assert TYPE == rdf.type == f"<{NAMESPACES['rdf']}type>"


@pytest.mark.parametrize(
    ("term", "shown"),
    [
        (f'"2008-10-17"^^<{NAMESPACES["xsd"]}date>', '"2008-10-17"^^xsd:date'),
        (f'"x"^^<{NAMESPACES["rdf"]}HTML>', '"x"^^rdf:HTML'),
        ('"x"@en', '"x"@en'),
        ("<https://example.org/palermo/strength/should>", "<https://example.org/palermo/strength/should>"),
    ],
)
def test_values_shown_by_the_graphs_prefixes(term: str, shown: str) -> None:
    assert display(term) == shown


def test_disagreement_names_its_property_by_the_graphs_prefix() -> None:
    by = (Source("a.txt", "https://example.org/palermo/doc/a/en"),)
    prop = f"{NAMESPACES['eli']}date_document"
    found = Disagreement(
        "https://example.org/palermo/meeting/cop/5", prop, (('"2008"', by), ('"2009"', by)), "most documents"
    )
    assert " eli:date_document: " in found.line()
