"""The 36 real texts of ../shared/samples-dev (GA, ECOSOC, CCPCJ, HRC and COP documents, web pages,
English and Chinese, with mirror-site and pdf-to-text damage): built as a user would build them,
they conform, agree with the hand-made index, and give the golden rows of every library query
(documents, meetings, citations and countries checked by hand against each text; the others pin
the rows a change must keep). Skipped where ../shared is not on the machine (the texts are not
copied here)."""

from __future__ import annotations

import csv

import pytest
from conftest import shared

from palermo.graph.query import library, run
from palermo.graph.store import open_store
from palermo.pipeline import BuildResult, build

QUERIES = sorted(library())  # every query of the library: its rows pinned before and after a change
# Columns of index.tsv compared with the `documents` query, and how values are normalised.
INDEX_COLUMNS = {"symbol": "symbol", "type": "type", "language": "language", "date_of_distribution": "date"}


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([shared("samples-dev")], tmp_path_factory.mktemp("dev") / "data")


def test_every_text_builds_and_conforms(dev: BuildResult) -> None:
    assert dev.errors == []
    assert len(dev.documents) == 36
    assert dev.report is not None and dev.report.conforms, dev.report.text()


def test_documents_agree_with_the_index(dev: BuildResult) -> None:
    rows = {
        r[0]: dict(zip(run(open_store(dev.out), library()["documents"]).columns, r, strict=True))
        for r in run(open_store(dev.out), library()["documents"]).rows
    }
    index = shared("samples-dev") / "index.tsv"
    disagreements = []
    with index.open(encoding="utf-8") as f:
        for entry in csv.DictReader(f, delimiter="\t"):
            got = rows.get(entry["file"], {})
            for column, field in INDEX_COLUMNS.items():
                if entry[column] and entry[column] != (got.get(field) or ""):
                    disagreements.append(f"{entry['file']} {column}: index {entry[column]!r}, built {got.get(field)!r}")
    assert disagreements == []


@pytest.mark.parametrize("name", QUERIES)
def test_golden_rows(dev: BuildResult, golden, name: str) -> None:  # type: ignore[no-untyped-def]
    result = run(open_store(dev.out), library()[name])
    golden(f"dev-{name}", result.columns, result.rows)
