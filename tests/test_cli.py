"""The command line's own work (palermo/cli.py): the table of commands the parser is made from, the
--param options read as a mapping, and the checks `query` makes before it opens the data, each a
one-line error with its exit code."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from clikit import cli

from palermo.cli import COMMANDS, EXIT_DATA, EXIT_USAGE, Refused, _params, main, parser


def _subcommands(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_parser_is_the_table_of_commands() -> None:
    p = parser()
    assert list(_subcommands(p)) == [c.name for c in COMMANDS]
    for command in COMMANDS:
        assert p.parse_args([command.name, *_required(command.name)]).func is command.run
    listed = p.format_help()
    assert all(c.help in " ".join(listed.split()) for c in COMMANDS)


def _required(name: str) -> list[str]:
    """The least arguments each command parses with."""
    return {
        "query": ["documents"],
        "export": ["--format", "nt"],
        "publish": ["--base-uri", "http://x/", "--out", "site"],
        "push": ["--store", "http://x/store"],
    }.get(name, [])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], {}),
        (["iso3=afg"], {"iso3": "afg"}),
        (["iso3=afg", "symbol=A/RES/1"], {"iso3": "afg", "symbol": "A/RES/1"}),
        (["symbol=A=B"], {"symbol": "A=B"}),  # the first = parts name from value
        (["meeting=WG-TIP 11"], {"meeting": "WG-TIP 11"}),
        (["meeting="], {"meeting": ""}),
    ],
)
def test_params_as_a_mapping(given: list[str], expected: dict[str, str]) -> None:
    assert _params(given) == expected


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (["iso3"], "--param takes NAME=VALUE, got 'iso3'"),
        (["iso3=afg", "article"], "--param takes NAME=VALUE, got 'article'"),
        (["iso3=afg", "iso3=bra"], "--param iso3: given twice (iso3=afg, iso3=bra)"),
        (["iso3=\udcff"], "--param iso3=\\udcff: not UTF-8"),
    ],
)
def test_bad_params_are_refused(given: list[str], says: str) -> None:
    with pytest.raises(Refused) as refused:
        _params(given)
    assert says in str(refused.value) and refused.value.code == EXIT_USAGE


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["country", "--param", "iso3=afg", "--param", "iso3=bra"], EXIT_USAGE, "given twice"),
        (["country", "--param", "iso3"], EXIT_USAGE, "takes NAME=VALUE"),
        (["country", "--param", "nation=afg"], EXIT_USAGE, "no parameter 'nation'"),
        (["no-such-query"], EXIT_USAGE, "no such query"),
        (["no-such-file.rq"], EXIT_DATA, "no such query file"),
        (["documents", "--default-graph", "http://x/g"], EXIT_USAGE, "only with --endpoint"),
        (["documents", "--endpoint", "ftp://x/sparql"], EXIT_USAGE, "--endpoint 'ftp://x/sparql'"),
        (["documents", "--as-of", "2016-13"], EXIT_USAGE, "no such date"),
        (["documents"], EXIT_DATA, "no build here"),
    ],
)
def test_query_checks_before_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, says: str
) -> None:
    """No build in --data: every error but the last is found before the data is looked for."""
    got, out, err = cli(capsys, "query", *argv, "--data", str(tmp_path / "none"))
    assert (got, out) == (code, "") and err.count("\n") == 1 and says in err


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--base-uri", "not a url", "--out", "{tmp}/b"],
        ["publish", "--base-uri", "urn:x", "--out", "{tmp}/site", "--data", "{tmp}"],
        ["push", "--store", "not a url", "--data", "{tmp}"],
    ],
)
def test_a_refused_url_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    got, out, err = cli(capsys, *(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert (got, out) == (EXIT_USAGE, "") and err.count("\n") == 1 and "URL" in err
    assert not (tmp_path / "b").exists() and not (tmp_path / "site").exists()


def test_main_says_a_refusal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage's Refused is one line on stderr (its newline escaped) and the exit code it carries."""

    def refuse(a: argparse.Namespace) -> int:
        raise Refused("x: refused\nsecond line", EXIT_DATA)

    refusing = argparse.ArgumentParser()
    refusing.set_defaults(func=refuse)
    monkeypatch.setattr("palermo.cli.parser", lambda: refusing)
    assert main([]) == EXIT_DATA
    assert capsys.readouterr().err == "palermo: x: refused\\nsecond line\n"
