"""The Python API as a notebook meets it: `palermo.open(folder).query(...)` as DataFrames, the same
rows, parameters and as-of rule as the command line, and the example notebook run end to end."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

import palermo
from palermo.api import Build, _plain
from palermo.graph import asof
from palermo.graph.query import QueryError, UnknownValue, library, run, with_params
from palermo.graph.store import open_store
from palermo.pipeline import BuildResult

pd = pytest.importorskip("pandas")
BASE = "https://example.org/palermo/"
NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "analyst.ipynb"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def build(built: BuildResult) -> Build:
    return palermo.open(built.out)


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (ox.Literal("848", datatype=ox.NamedNode(XSD + "integer")), 848),
        (ox.Literal("2.5", datatype=ox.NamedNode(XSD + "decimal")), 2.5),
        (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), True),
        (ox.Literal("2011-08-02", datatype=ox.NamedNode(XSD + "date")), datetime.date(2011, 8, 2)),
        (ox.Literal("2011-08-02"), datetime.date(2011, 8, 2)),  # a full date a query computed as text
        (ox.Literal("2011-08"), "2011-08"),  # a month stays as it is
        (ox.Literal("2011-02-30"), "2011-02-30"),  # no such day
        (ox.Literal("阿富汗", language="zh"), "阿富汗"),
        (None, None),
    ],
)
def test_plain_values(term: object, value: object) -> None:
    assert _plain(term) == value


def test_a_library_query_as_a_dataframe(build: Build, built: BuildResult) -> None:
    frame = build.query("documents")
    expected = run(open_store(built.out), library()["documents"])
    assert len(frame) == len(expected.rows) == 5
    assert list(frame["source"]) == [r[0] for r in expected.rows]
    assert str(frame["date"].dtype).startswith("datetime64")  # dates as dates
    assert frame["date"].isna().sum() == sum(1 for r in expected.rows if not r[4])
    # IRIs short, the full IRI beside
    assert list(frame["document_iri"]) == [r[1] for r in expected.rows]
    assert all(not d.startswith("http") and f"{BASE}{d}" == i for d, i in zip(frame["document"], frame["document_iri"]))
    meetings = build.query("meetings")
    assert str(meetings["ordinal"].dtype) == "Int64" and meetings["ordinal"].max() == 12  # numbers as numbers: 12 > 9


@pytest.mark.parametrize(
    ("name", "params", "cli"),
    [
        ("recommendation-lineage", {"meeting": "WG-TIP 11"}, {"meeting": "WG-TIP-11"}),
        ("country", {"iso3": "afg"}, {"iso3": "AFG"}),
        ("cites-article", {"instrument": "tip", "article": 9}, {"instrument": "TIP", "article": "9"}),
    ],
)
def test_parameters_as_users_write_them(
    build: Build, built: BuildResult, name: str, params: dict[str, Any], cli: dict[str, str]
) -> None:
    frame = build.query(name, **params)
    expected = run(open_store(built.out), with_params(library()[name], cli))
    assert len(frame) == len(expected.rows) > 0


def test_unknown_values_and_names_raise(build: Build) -> None:
    with pytest.raises(UnknownValue, match=r"no capacity 'foo' in the data \(known: author"):
        build.query("attendance-matrix", capacity="foo")
    with pytest.raises(QueryError, match="no parameter 'nope'"):
        build.query("country", nope="x")
    with pytest.raises(asof.AsOfError):
        build.query("documents", as_of="COP-99")
    with pytest.raises(QueryError, match="documnets: no such query"):
        build.query("documnets")
    with pytest.raises(QueryError, match="malformed SPARQL"):
        build.query("SELECT ?s WHERE { ?s ")


def test_as_of_follows_the_command_lines_rule(build: Build, built: BuildResult) -> None:
    frame = build.query("documents", as_of="COP-8")
    dataset, selection = asof.local(open_store(built.out), asof.parse("COP-8"), built.out)
    expected = run(dataset, library()["documents"])
    assert sorted(frame["source"]) == sorted(r[0] for r in expected.rows) and len(frame) == 3
    assert frame.attrs["as_of"] == selection.line()


def test_sparql_text_and_graph_access(build: Build, built: BuildResult) -> None:
    frame = build.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert frame["n"].tolist() == [built.triples]
    assert isinstance(build.graph, ox.Store)
    assert len(build.rdflib()) == built.triples
    assert build.label("act/cop/resolution/5-2") == "Resolution 5/2 (COP)"
    assert {"name", "parameters"} <= set(build.queries().columns)


def test_the_notebook_answers_the_analysts_questions(built: BuildResult, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("PALERMO_DATA", str(built.out))  # palermo.open() opens "the last build"
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        cell.pop("outputs", None) if cell.cell_type != "code" else cell.update(outputs=[], execution_count=None)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()  # raises on any error
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the chart
    assert "WG-TIP meeting 11" in text and "party" in text  # attendance by capacity
    assert "quoted" in text and "adopted" in text  # the lineage of WG-TIP 5's recommendations
    assert "as at 2016-10-17 (COP-8): 3 of 5 documents" in text
    assert f"{built.triples} triples in the merged graph" in text
