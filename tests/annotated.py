"""What the tests of the annotated samples share (samples-dev2, samples-un6): a library query's
rows as dictionaries, and the comparison of a build with a folder's hand-made index.tsv."""

from __future__ import annotations

import csv
import re

from conftest import shared

from palermo.graph.query import library, run
from palermo.graph.store import open_store
from palermo.pipeline import BuildResult


def rows(result: BuildResult, name: str) -> list[dict[str, str]]:
    table = run(open_store(result.out), library()[name])
    return [dict(zip(table.columns, r, strict=True)) for r in table.rows]


def symbol(s: str) -> str:
    return re.sub(r"\s+", "", s).upper().rstrip(".")


def act_key(act: str) -> str:
    """`BODY kind NUMBER` with the number as the index-score tool compares it ("415 (V)" is "415(V)")."""
    body, kind, number = act.split(maxsplit=2)
    return f"{body} {kind} {symbol(number)}"


def disagreements(result: BuildResult, folder: str) -> set[str]:
    """The cells of `folder`'s index.tsv and the built rows compared per file and kind, the way
    ../shared/tools/index-score does: one line per value extra or missing."""
    by: dict[str, dict[str, list[dict[str, str]]]] = {}
    for name in ("documents", "cited-documents", "cited-acts", "cited-articles", "countries"):
        by[name] = {}
        for r in rows(result, name):
            by[name].setdefault(r["source"], []).append(r)
    out: set[str] = set()

    def compare(f: str, kind: str, got: set[str], want: set[str]) -> None:
        out.update(f"{f} {kind} extra {x}" for x in got - want)
        out.update(f"{f} {kind} missing {x}" for x in want - got)

    def cells(value: str) -> set[str]:
        return {x.strip() for x in value.split(";") if x.strip()}

    with (shared(folder) / "index.tsv").open(encoding="utf-8") as f:
        for e in csv.DictReader(f, delimiter="\t"):
            name, docs = e["file"], by["documents"].get(e["file"], [])
            for column in ("symbol", "type", "language"):
                if e[column]:
                    got = {symbol(d[column]) if column == "symbol" else d[column] for d in docs if d[column]}
                    compare(name, column, got, {symbol(e[column]) if column == "symbol" else e[column]})
            if e["date_of_distribution"]:
                compare(name, "date", {d["date"][:10] for d in docs if d["date"]}, {e["date_of_distribution"]})
            own = {symbol(e["symbol"])} if e["symbol"] else set()
            cited = {symbol(r["citedSymbol"]) for r in by["cited-documents"].get(name, [])} - own
            compare(name, "documents", cited, {symbol(x) for x in cells(e["cited_documents"])})
            acts = {act_key(f"{r['body']} {r['kind']} {r['number']}") for r in by["cited-acts"].get(name, [])}
            compare(name, "acts", acts, {act_key(a) for a in cells(e["cited_acts"])})
            articles = {
                f"{r['instrument']} {r['article']}" + (f"({r['paragraph']})" if r["paragraph"] else "")
                for r in by["cited-articles"].get(name, [])
            }
            compare(name, "articles", articles, cells(e["cited_articles"]))
            compare(name, "countries", {r["iso3"] for r in by["countries"].get(name, [])}, cells(e["countries"]))
    return out
