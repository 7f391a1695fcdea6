"""`palermo query` as an analyst meets it: tables that line up in a terminal, parameters written as
users write them, unknown values named with the known ones."""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from clikit import running

from palermo.cli import main
from palermo.graph.query import (
    Parameter,
    Query,
    Result,
    UnknownValue,
    cell,
    display_width,
    kinds,
    library,
    normalise,
    parameters,
    render,
    shown,
    table,
    value_key,
    widths,
)
from palermo.graph.serve import make_server
from palermo.pipeline import BuildResult

BASE = "https://example.org/palermo/"


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- tables ----------------------------------------------------------------------------------------


def _starts(line: str, values: list[str]) -> list[int]:
    """The display column where each value starts on a line."""
    starts, at = [], 0
    for v in values:
        at = line.index(v, at) if v else at
        starts.append(display_width(line[:at]))
        at += len(v)
    return starts


def test_a_table_lines_up_by_display_width() -> None:
    rows = [["贩运人口问题工作组", "2011", "report"], ["Working Group", "2021", "background-paper"], ["a", "7", "x"]]
    text = table(Result(["title", "year", "type"], rows), 120)
    lines = text.splitlines()
    assert lines[-1] == "(3 rows)" and len(lines) == 3 + 3  # header, rule, one line per row, count
    header = _starts(lines[0], ["title", "year", "type"])
    for line, row in zip(lines[2:], rows):
        starts = _starts(line, row)
        assert starts[0] == header[0] and starts[2] == header[2]  # CJK cells are two wide
        end = display_width(line[: line.index(row[1]) + len(row[1])])
        assert end == header[1] + len("year")  # numbers right-aligned


@pytest.mark.parametrize(
    ("value", "shown_as"),
    [
        ("two\nlines", "two↵lines"),
        ("windows\r\nline", "windows↵line"),
        ("a\ttab", "a tab"),
        ("https://example.org/palermo/meeting/wg-tip/11", "meeting/wg-tip/11"),
        ("https://example.org/palermo/ns#Act", "pal:Act"),
        ("http://data.europa.eu/eli/ontology#LegalResource", "eli:LegalResource"),
        ("https://elsewhere.example/x", "https://elsewhere.example/x"),
    ],
)
def test_cells_hold_one_line_and_short_iris(value: str, shown_as: str) -> None:
    assert cell(value, shown(BASE)) == shown_as


@pytest.mark.parametrize(
    ("natural", "floor", "room", "expected"),
    [
        ([10, 20, 5], [6, 6, 5], 100, [10, 20, 5]),  # everything fits: whole
        ([10, 80, 60], [6, 6, 6], 60, [10, 25, 25]),  # the widest cut to one cap
        ([30, 30], [10, 10], 10, [10, 10]),  # never below a floor (the header)
    ],
)
def test_widths(natural: list[int], floor: list[int], room: int, expected: list[int]) -> None:
    assert widths(natural, floor, room) == expected


def test_a_long_cell_is_cut_to_the_width() -> None:
    long = "鼓励缔约国" * 100
    text = table(Result(["n", "text"], [["1", long], ["2", "short"]]), 80)
    assert all(display_width(line) <= 80 for line in text.splitlines())
    assert "…" in text.splitlines()[2] and len(text.splitlines()) == 5


def test_query_tables_on_the_corpus(built: BuildResult, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = _cli(capsys, "query", "recommendations", "--data", str(built.out), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert code == 0 and any("\n" in r[3] for r in rows)  # texts that hold a line break
    code, out, _ = _cli(capsys, "query", "recommendations", "--data", str(built.out))
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(rows) + 3 and lines[-1] == f"({len(rows)} rows)"  # one line a row
    assert all(display_width(line) <= 120 for line in lines)
    assert "meeting/wg-tip/11/recommendation/" in out and BASE not in out  # IRIs in their page form
    monkeypatch.setenv("COLUMNS", "160")
    code, out, _ = _cli(capsys, "query", "documents", "--data", str(built.out))
    assert code == 0 and "Report of WG-TIP meeting 11" in out  # a document by its label, not a hash
    header = out.splitlines()[0]
    at = [display_width(header[: header.index(c)]) for c in ("title", "date")]
    for line in out.splitlines()[2:-1]:
        date = re.search(r"\d{4}-\d{2}-\d{2}", line)
        if date:  # after Chinese titles the dates still start under their header
            assert display_width(line[: date.start()]) == at[1]


# --- parameters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("WG-TIP 11", "wg-tip-11"),
        ("WGTIP11", "WG-TIP-11"),
        ("afg", "AFG"),
        ("ＡＦＧ", "AFG"),
        ("ctoc/cop/wg.4/2011/8", "CTOC/COP/WG.4/2011/8"),
    ],
)
def test_value_keys_match_spellings(a: str, b: str) -> None:
    assert value_key(a) == value_key(b)


@pytest.mark.parametrize(("a", "b"), [("WG-TIP-1", "WG-TIP-11"), ("COP-1", "WG-TIP-1"), ("A/RES/1", "A/RES/11")])
def test_value_keys_keep_values_apart(a: str, b: str) -> None:
    assert value_key(a) != value_key(b)


def _query(**declared: str) -> Query:
    return Query("q", Path("q.rq"), "", (), "", tuple(Parameter(n, k, "") for n, k in declared.items()))


@pytest.mark.parametrize(
    ("kind", "known", "given", "expected"),
    [
        ("meeting", {"WG-TIP-11": [], "WG-TIP-1": [], "COP-8": []}, "wg-tip-11", "WG-TIP-11"),
        ("meeting", {"WG-TIP-11": [], "WG-TIP-1": []}, "WG-TIP 1", "WG-TIP-1"),
        ("country", {"AFG": ["Afghanistan", "阿富汗"], "FRA": ["France"]}, "afg", "AFG"),
        ("country", {"AFG": ["Afghanistan", "阿富汗"], "FRA": ["France"]}, "阿富汗", "AFG"),
        ("country", {"AFG": ["Afghanistan", "阿富汗"], "FRA": ["France"]}, "france", "FRA"),
        ("capacity", {"party": [], "observer": []}, "Observer", "observer"),
        ("number", {}, "９", "9"),
    ],
)
def test_values_as_users_write_them(kind: str, known: dict[str, list[str]], given: str, expected: str) -> None:
    def ask(q: Query) -> Result:
        return Result(["value", "label"], [[v, label] for v, labels in known.items() for label in labels or [""]])

    assert normalise(_query(p=kind), {"p": given}, ask) == {"p": expected}


def test_an_unknown_value_is_named_with_the_known_ones() -> None:
    def ask(q: Query) -> Result:
        return Result(["value", "label"], [["party", ""], ["observer", ""], ["signatory", ""]])

    with pytest.raises(UnknownValue) as e:
        normalise(_query(capacity="capacity"), {"capacity": "foo"}, ask)
    assert str(e.value) == "q: no capacity 'foo' in the data (known: observer, party, signatory)"


def test_every_library_parameter_has_a_kind() -> None:
    for name, q in library().items():
        assert [p.name for p in q.declared] == parameters(q), name
        assert all(p.kind in kinds() and p.meaning for p in q.declared), name


def test_the_kinds_table_is_well_formed(built: BuildResult) -> None:
    from palermo.graph.query import known_values, run
    from palermo.graph.store import open_store

    store = open_store(built.out)
    for kind in kinds().values():
        assert kind.meaning and kind.example, kind.name
        if kind.pattern:  # its pattern runs, and the corpus holds its example
            known = known_values(kind, lambda q: run(store, q))
            assert kind.example in known, kind.name


@pytest.mark.parametrize(
    ("query", "spellings"),
    [
        ("recommendation-lineage", ["meeting=WG-TIP-11", "meeting=wg-tip-11", "meeting=WG-TIP 11"]),
        ("country", ["iso3=AFG", "iso3=afg", "iso3=Afghanistan", "iso3=阿富汗"]),
        ("cited-by", ["symbol=CTOC/COP/WG.4/2011/8", "symbol=ctoc/cop/wg.4/2011/8"]),
        ("attendance-matrix", ["capacity=observer", "capacity=Observer"]),
    ],
)
def test_cli_spellings_give_the_same_rows(
    built: BuildResult, capsys: pytest.CaptureFixture[str], query: str, spellings: list[str]
) -> None:
    found = []
    for spelling in spellings:
        code, out, err = _cli(capsys, "query", query, "--data", str(built.out), "--param", spelling, "--format", "csv")
        assert code == 0 and err == "", spelling
        found.append(out)
    assert len(found[0].splitlines()) > 1 and all(f == found[0] for f in found)


@pytest.mark.parametrize(
    ("query", "param", "says"),
    [
        ("attendance-matrix", "capacity=foo", "no capacity 'foo' in the data (known: author, chair,"),
        ("recommendation-lineage", "meeting=WG-TIP-99", "no meeting 'WG-TIP-99' in the data (known: COP-1, COP-2,"),
        ("country", "iso3=XYZ", "no country 'XYZ' in the data (known: AFG, AGO,"),
    ],
)
def test_cli_unknown_value(
    built: BuildResult, capsys: pytest.CaptureFixture[str], query: str, param: str, says: str
) -> None:
    code, out, err = _cli(capsys, "query", query, "--data", str(built.out), "--param", param)
    assert code == 2 and out == "" and err.count("\n") == 1 and says in err


def test_render_follows_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    result = Result(["text"], [["x" * 300]])
    monkeypatch.setenv("COLUMNS", "50")
    assert max(display_width(line) for line in render(result, "table").splitlines()) == 50
    assert render(result, "csv") == "text\n" + "x" * 300 + "\n"  # csv and json keep every value whole


@pytest.fixture(scope="module")
def endpoint(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`palermo serve`'s SPARQL endpoint on the corpus build (no site needed for its queries)."""
    with running(make_server(built.out, tmp_path_factory.mktemp("no-site"), "127.0.0.1", 0)) as base:
        yield f"{base}sparql"


def test_remote_parameters_as_users_write_them(
    built: BuildResult, endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    local = _cli(capsys, "query", "country", "--data", str(built.out), "--param", "iso3=AFG", "--format", "csv")
    remote = _cli(capsys, "query", "country", "--endpoint", endpoint, "--param", "iso3=afghanistan", "--format", "csv")
    assert local[0] == remote[0] == 0 and sorted(local[1].splitlines()) == sorted(remote[1].splitlines())
    code, out, err = _cli(capsys, "query", "country", "--endpoint", endpoint, "--param", "iso3=XYZ")
    assert code == 2 and out == "" and "no country 'XYZ' in the data (known: AFG," in err
    code, out, _ = _cli(capsys, "query", "meetings", "--endpoint", endpoint)
    assert code == 0 and "meeting/wg-tip/11" in out and "https://" not in out  # IRIs short without the build


def test_the_readmes_first_screen_is_real_output(
    built: BuildResult, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The three questions at the top of the README give, on the corpus, what the README shows."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    top = readme.split("## Using it")[0]
    shown_blocks = re.findall(r"```\n\$ (palermo query [^\n]*)\n(.*?)```", top, re.S)
    assert len(shown_blocks) == 3
    monkeypatch.setenv("COLUMNS", "100")
    for command, expected in shown_blocks:
        argv, _, head = command.partition(" | head -")
        code, out, err = _cli(capsys, *shlex.split(argv)[1:], "--data", str(built.out))
        printed = err + out  # --as-of says which documents first, on stderr
        lines = printed.splitlines()[: int(head)] if head else printed.splitlines()
        assert code == 0 and lines == expected.splitlines(), command
