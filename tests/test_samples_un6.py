"""The 24 real texts of ../shared/samples-un6 in French, Spanish, Russian and Arabic (COP, working
group and CCPCJ reports, HRC, GA and Security Council resolutions, UNODC and news pages; mirror
damage, scrambled Arabic PDF text, lost accents): built as a user would build them, they conform,
agree with the hand-made index wherever the index is right, and give golden rows for meetings,
citations and countries (checked by hand against each text). Skipped where ../shared is not on the
machine (the texts are not copied here)."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import shared
from palermo.graph.query import library, run
from palermo.graph.store import open_store

from palermo.pipeline import BuildResult, build

GOLDEN = ["documents", "meetings", "cited-documents", "cited-acts", "cited-articles", "countries"]

# Where the build and the index differ, and why; anything else that differs fails the test, so a
# change that fixes one of these (or breaks something) is seen and this list updated by hand.
KNOWN: set[str] = set()


@pytest.fixture(scope="module")
def un6(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([shared("samples-un6")], tmp_path_factory.mktemp("un6") / "data")


def _rows(result: BuildResult, name: str) -> list[dict[str, str]]:
    table = run(open_store(result.out), library()[name])
    return [dict(zip(table.columns, r, strict=True)) for r in table.rows]


def _symbol(s: str) -> str:
    return re.sub(r"\s+", "", s).upper().rstrip(".")


def _disagreements(result: BuildResult) -> set[str]:
    """Index cells and built rows compared per file and kind, the way ../shared/tools/index-score does."""
    by: dict[str, dict[str, list[dict[str, str]]]] = {}
    for name in ("documents", "cited-documents", "cited-acts", "cited-articles", "countries"):
        by[name] = {}
        for r in _rows(result, name):
            by[name].setdefault(r["source"], []).append(r)
    out: set[str] = set()

    def compare(f: str, kind: str, got: set[str], want: set[str]) -> None:
        out.update(f"{f} {kind} extra {x}" for x in got - want)
        out.update(f"{f} {kind} missing {x}" for x in want - got)

    def cells(value: str) -> set[str]:
        return {x.strip() for x in value.split(";") if x.strip()}

    with (shared("samples-un6") / "index.tsv").open(encoding="utf-8") as f:
        for e in csv.DictReader(f, delimiter="\t"):
            name, docs = e["file"], by["documents"].get(e["file"], [])
            for column in ("symbol", "type", "language"):
                if e[column]:
                    got = {_symbol(d[column]) if column == "symbol" else d[column] for d in docs if d[column]}
                    compare(name, column, got, {_symbol(e[column]) if column == "symbol" else e[column]})
            if e["date_of_distribution"]:
                compare(name, "date", {d["date"][:10] for d in docs if d["date"]}, {e["date_of_distribution"]})
            own = {_symbol(e["symbol"])} if e["symbol"] else set()
            cited = {_symbol(r["citedSymbol"]) for r in by["cited-documents"].get(name, [])} - own
            compare(name, "documents", cited, {_symbol(x) for x in cells(e["cited_documents"])})
            acts = {f"{r['body']} {r['kind']} {r['number']}" for r in by["cited-acts"].get(name, [])}
            compare(name, "acts", acts, cells(e["cited_acts"]))
            articles = {
                f"{r['instrument']} {r['article']}" + (f"({r['paragraph']})" if r["paragraph"] else "")
                for r in by["cited-articles"].get(name, [])
            }
            compare(name, "articles", articles, cells(e["cited_articles"]))
            compare(name, "countries", {r["iso3"] for r in by["countries"].get(name, [])}, cells(e["countries"]))
    return out


def test_every_text_builds_and_conforms(un6: BuildResult) -> None:
    assert un6.errors == []
    assert len(un6.documents) == 24
    assert un6.report is not None
    assert un6.report.conforms, un6.report.text()


def test_every_text_is_read_in_its_language(un6: BuildResult) -> None:
    languages = {r["source"]: r["language"] for r in _rows(un6, "documents")}
    assert languages == {name: name[:2] for name in languages}
    assert len(languages) == 24


def test_the_index_agrees_but_where_it_is_known_not_to(un6: BuildResult) -> None:
    assert sorted(_disagreements(un6)) == sorted(KNOWN)


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_rows(un6: BuildResult, golden, name: str) -> None:  # type: ignore[no-untyped-def]
    result = run(open_store(un6.out), library()[name])
    golden(f"un6-{name}", result.columns, result.rows)
