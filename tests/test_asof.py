"""The graph as at a date (`palermo query --as-of`, the endpoint's `as-of`): the value, the
documents selected, the dataset locally, on a remote store after `push`, and on `serve`."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from clikit import running
from test_remote import Server
from test_serve import csv_rows, fetch

from palermo import reference
from palermo.cli import main
from palermo.graph import asof
from palermo.graph.publish import publish
from palermo.graph.query import Query, Result, library, run, with_params
from palermo.graph.remote import push
from palermo.graph.serve import make_server
from palermo.graph.store import open_store
from palermo.pipeline import BuildResult, build
from palermo.resources import corpus_dir

# The corpus dated by hand, from the texts: what each one prints, else the meeting it is about.
DATED = {
    "000_3f756bb20ebb5459.txt": ("2011-08-02", "printed"),  # the background paper's Distr. line
    "001_f82c1c91461c6f3d.txt": ("2010-10-22", "adopted-at"),  # resolution 5/2: COP 5 ended 22 October 2010
    "002_ba0d7b8b3a0c7994.txt": ("2021-10-28", "printed"),  # the 2021 report's Distr. line
    "003_07bfd93678efec5a.txt": ("2013-11-08", "reports"),  # the report on WG-TIP 5, ended 8 November 2013
    "004_6d5351d906e40ff2.txt": ("2019-09-09", "serves"),  # the paper for WG-TIP 9, opened 9 September 2019
}
QUERIES = ("documents", "meetings", "countries", "cited-acts", "quoted-recommendations")
CUTS = ("2011-08", "COP-8", "2020-01-01")


def _start(body: str, ordinal: int) -> str:
    return next(e.start for e in reference.calendar() if (e.body, e.ordinal) == (body, ordinal))


def _cut(value: str) -> str:
    """The last day as at `value`, computed here: a meeting from the calendar, a month's last day."""
    if value.upper() == "COP-8":
        return _start("COP", 8)
    return {"2011-08": "2011-08-31"}.get(value, value)


@pytest.mark.parametrize(
    ("value", "date", "meeting"),
    [
        ("2016-10-21", "2016-10-21", None),
        ("2016-10", "2016-10", None),
        ("2016", "2016", None),
        (" 2016-02-29 ", "2016-02-29", None),
        ("COP-8", None, ("COP", 8)),
        ("cop-8", None, ("COP", 8)),
        ("wg-tip-11", None, ("WG-TIP", 11)),
        ("WG-Firearms-2", None, ("WG-FIREARMS", 2)),
    ],
)
def test_parse(value: str, date: str | None, meeting: tuple[str, int] | None) -> None:
    parsed = asof.parse(value)
    assert (parsed.date, parsed.meeting) == (date, meeting)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2015-02-29", "no such date"),
        ("2016-13", "no such date"),
        ("0000", "no such date"),
        ("2016-1-1", "give a date"),
        ("yesterday", "give a date"),
        ("", "give a date"),
        ("COP8", "give a date"),
        ("WG-TIP-2016", "give a date"),
        ("XYZ-3", "no body XYZ"),
        ("cop-0", "numbered from 1"),
    ],
)
def test_parse_refuses(value: str, says: str) -> None:
    with pytest.raises(asof.AsOfError) as refused:
        asof.parse(value)
    message = str(refused.value)
    assert says in message and repr(value) in message and "\n" not in message


@pytest.mark.parametrize(
    ("date", "last"),
    [("2011-08-02", "2011-08-02"), ("2011-08", "2011-08-31"), ("2012-02", "2012-02-29"), ("2009", "2009-12-31")],
)
def test_a_date_stands_for_the_last_day_of_its_period(date: str, last: str) -> None:
    assert asof.last_day(date) == last


def test_document_dates_follow_the_rule(built: BuildResult, rows) -> None:  # type: ignore[no-untyped-def]
    columns, dated = rows("document-dates")
    assert columns == ["source", "document", "date", "datedBy"]
    assert {r[0]: (r[2], r[3]) for r in dated} == DATED


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ox.Store]]:
    """cut → the store of a build of only the corpus documents dated up to it (built once each)."""
    stores: dict[str, ox.Store] = {}
    root = tmp_path_factory.mktemp("asof")
    for cut in CUTS:
        names = sorted(n for n, (d, _) in DATED.items() if d <= _cut(cut))
        stores[cut] = open_store(build([corpus_dir() / n for n in names], root / cut).out)
    yield stores


def _rows(result: Result) -> list[list[str]]:
    return sorted(result.rows)


def test_the_cuts_select_proper_subsets(built: BuildResult) -> None:
    """Each cut leaves documents out and keeps some: the comparisons below compare something."""
    store = open_store(built.out)
    counts = [len(asof.local(store, asof.parse(cut), built.out)[1].graphs) for cut in CUTS]
    assert counts == sorted(counts) and counts[0] > 0 and counts[-1] < len(DATED)


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("cut", CUTS)
def test_as_of_gives_the_rows_of_the_documents_dated_up_to_then(
    built: BuildResult, subset: dict[str, ox.Store], cut: str, name: str
) -> None:
    query = library()[name]
    dataset, selection = asof.local(open_store(built.out), asof.parse(cut), built.out)
    expected = run(subset[cut], query)
    assert _rows(run(dataset, query)) == _rows(expected)
    assert selection.cut == _cut(cut)
    assert len(selection.graphs) == len({r[0] for r in run(subset[cut], library()["documents"]).rows})


def test_the_comparisons_are_not_empty(subset: dict[str, ox.Store], built: BuildResult) -> None:
    everything = open_store(built.out)
    for name in QUERIES:
        found = [len(run(subset[cut], library()[name]).rows) for cut in CUTS]
        assert any(found), name
        assert found[0] < len(run(everything, library()[name]).rows) or name == "quoted-recommendations", name


def test_a_date_before_every_document_gives_the_reference_data_only(built: BuildResult) -> None:
    store = open_store(built.out)
    dataset, selection = asof.local(store, asof.parse("2010-01-01"), built.out)
    assert selection.graphs == () and selection.documents == len(DATED)
    assert run(dataset, library()["documents"]).rows == []
    reference_graph = " <https://example.org/palermo/graph/reference> .\n"  # read from graph.nq: not in the store
    in_reference = sum(1 for ln in (built.out / "graph.nq").open(encoding="utf-8") if ln.endswith(reference_graph))
    count = Query("count", Path("count"), "", (), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(run(dataset, count).rows[0][0]) == len(dataset) == in_reference > 1000


def test_a_meeting_is_as_at_its_opening(built: BuildResult) -> None:
    store = open_store(built.out)
    meeting, by_meeting = asof.local(store, asof.parse("cop-8"), built.out)
    day, by_day = asof.local(store, asof.parse(_start("COP", 8)), built.out)
    assert by_meeting.cut == by_day.cut == "2016-10-17" and by_meeting.graphs == by_day.graphs
    assert "COP-8" in by_meeting.line()
    listed = sorted(r[0] for r in run(meeting, library()["document-dates"]).rows)  # the dataset dates itself
    assert listed == sorted(n for n, (d, _) in DATED.items() if d <= "2016-10-17")
    for name in QUERIES:
        assert _rows(run(meeting, library()[name])) == _rows(run(day, library()[name])), name
    before = asof.local(store, asof.parse("2016-10-16"), built.out)[1]
    assert before.graphs == by_day.graphs  # nothing dated in between: the cut is the opening, not the day before
    by_meeting, by_day = (asof.local(store, asof.parse(v), built.out)[1] for v in ("WG-TIP-9", "2019-09-09"))
    assert by_meeting.graphs == by_day.graphs


def test_one_name_per_person_as_in_the_merged_graph() -> None:
    store = ox.Store()
    person = ox.NamedNode("https://example.org/palermo/person/carina-sanchez-fernandez")
    name = ox.NamedNode("https://schema.org/name")
    for spelling in ("Carina Sanchez Fernandez", "Carina Sánchez Fernández"):
        store.add(ox.Quad(person, name, ox.Literal(spelling)))
    asof._one_name(store)
    assert [q.object.value for q in store.quads_for_pattern(person, name, None)] == ["Carina Sánchez Fernández"]
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    assert [q.object.value for q in store.quads_for_pattern(person, alt, None)] == ["Carina Sanchez Fernandez"]


# --- the command line --------------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_as_of(built: BuildResult, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "query", "documents", "--data", str(built.out), "--as-of", "COP-8", "--format", "csv")
    assert code == 0
    assert err == "as at 2016-10-17 (COP-8): 3 of 5 documents, with the reference data\n"
    assert sorted(line.split(",")[0] for line in out.splitlines()[1:]) == sorted(
        n for n, (d, _) in DATED.items() if d <= "2016-10-17"
    )
    code, out, _ = _cli(
        capsys,
        "query",
        "cited-by",
        "--data",
        str(built.out),
        "--as-of",
        "2014",
        "--param",
        "symbol=CTOC/COP/WG.4/2011/8",
        "--format",
        "csv",
    )
    everything = run(open_store(built.out), with_params(library()["cited-by"], {"symbol": "CTOC/COP/WG.4/2011/8"}))
    expected = sorted(",".join(r) for r in everything.rows if DATED[r[0]][0] <= "2014-12-31")
    assert code == 0 and expected and sorted(out.splitlines()[1:]) == expected


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--as-of", "2016-13"), "as-of '2016-13': no such date"),
        (("--as-of", "cop8"), "as-of 'cop8': give a date"),
        (("--as-of", "COP-99"), "as-of 'COP-99': no meeting COP 99"),
        (("--as-of", "2016", "--default-graph", "http://g/"), "only with --endpoint"),
    ],
)
def test_cli_as_of_errors(
    built: BuildResult, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], says: str
) -> None:
    code, out, err = _cli(capsys, "query", "documents", "--data", str(built.out), *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and says in err and "Traceback" not in err


# --- a remote store after push -------------------------------------------------------------------------


@pytest.mark.parametrize("merged", ["default", "named"])
def test_remote_as_of_gives_the_local_rows(
    built: BuildResult, oxigraph: Server, merged: str, capsys: pytest.CaptureFixture[str]
) -> None:
    push(built.out, f"{oxigraph.url}/store", merged=merged)
    graph = "https://example.org/palermo/graph/merged" if merged == "named" else None
    store = open_store(built.out)
    endpoint = f"{oxigraph.url}/query"
    for cut in ("2011-08", "COP-8", "2010-01-01"):
        here, mine = asof.local(store, asof.parse(cut), built.out)
        there, theirs = asof.remote(endpoint, asof.parse(cut), default_graph=graph)
        assert theirs == mine, cut
        assert len(there) == len(here), cut
        for name in QUERIES:
            assert _rows(run(there, library()[name])) == _rows(run(here, library()[name])), (cut, name)
    where = ("--default-graph", graph) if graph else ()
    code, out, err = _cli(
        capsys, "query", "countries", "--endpoint", endpoint, *where, "--as-of", "cop-8", "--format", "csv"
    )
    _, local, _ = _cli(capsys, "query", "countries", "--data", str(built.out), "--as-of", "cop-8", "--format", "csv")
    assert code == 0 and sorted(out.splitlines()) == sorted(local.splitlines()) and len(local.splitlines()) > 10
    assert err.startswith("as at 2016-10-17 (COP-8): 3 of 5 documents")


# --- serve ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def url(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`palermo serve` on the corpus build and its published site."""
    site = tmp_path_factory.mktemp("asof-site") / "site"
    publish(built.out, "https://example.org/palermo/", site, progress=False)
    with running(make_server(built.out, site, "127.0.0.1", 0)) as base:
        yield base.rstrip("/")


@pytest.mark.parametrize("name", ["documents", "countries", "cited-acts"])
def test_endpoint_as_of(built: BuildResult, url: str, name: str) -> None:
    query = library()[name]
    expected = run(asof.local(open_store(built.out), asof.parse("COP-8"), built.out)[0], query)
    assert expected.rows
    get = fetch(
        f"{url}/sparql?" + urllib.parse.urlencode({"query": query.text, "as-of": "COP-8"}),
        headers={"Accept": "text/csv"},
    )
    form = urllib.parse.urlencode({"query": query.text, "as-of": "cop-8"}).encode()
    post = fetch(
        f"{url}/sparql",
        data=form,
        headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"},
    )
    for status, _, body in (get, post):
        assert status == 200, body
        columns, rows = csv_rows(body)
        assert columns == expected.columns and sorted(rows) == sorted(expected.rows)


def test_endpoint_as_of_refusals(url: str) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for params, says in (
        ({"as-of": "2016-13"}, "as-of '2016-13': no such date"),
        ({"as-of": "COP-99"}, "as-of 'COP-99': no meeting COP 99"),
        (
            {"as-of": "2016", "default-graph-uri": "https://example.org/palermo/graph/reference"},
            "not with default-graph-uri",
        ),
    ):
        status, _, body = fetch(f"{url}/sparql?" + urllib.parse.urlencode({"query": query, **params}))
        assert status == 400 and says in body.decode(), body


def test_the_query_page_carries_as_of(url: str) -> None:
    status, _, body = fetch(f"{url}/sparql?as-of=wg-tip-11")
    page = body.decode()
    assert status == 200
    assert '<input type="hidden" name="as-of" value="wg-tip-11">' in page
    assert '"name": "as-of", "value": "wg-tip-11"' in page
    assert fetch(f"{url}/sparql?as-of=nonsense")[0] == 400


@pytest.mark.parametrize(("meeting", "value"), [("cop/8", "cop-8"), ("wg-tip/11", "wg-tip-11")])
def test_a_meeting_page_links_the_graph_as_at_the_meeting(url: str, meeting: str, value: str) -> None:
    page_url = f"{url}/meeting/{meeting}/"
    status, _, body = fetch(page_url, headers={"Accept": "text/html"})
    assert status == 200
    links = re.findall(r'<a href="([^"]*)">the graph as at this meeting</a>', body.decode())
    assert links == [f"../../../sparql?as-of={value}"]
    status, _, query_page = fetch(urllib.parse.urljoin(page_url, html.unescape(links[0])))
    assert status == 200 and f'<input type="hidden" name="as-of" value="{value}">' in query_page.decode()
