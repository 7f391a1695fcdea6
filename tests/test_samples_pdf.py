"""PDFs from the producers users have (Chromium with and without its header and footer,
LibreOffice from Word and from text, fpdf2; ../shared/samples-pdf) build to the rows of the text
they were printed from; a PDF without a text layer is named in one line.

Each producer's PDFs are built in one folder and the header-less sources in another, once per
module: the reference of a sample is its text without the `# source:`/`# symbol:` lines and the
blank line after them, as the kit printed it."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from conftest import SHARED

from palermo.graph.query import library, run
from palermo.graph.store import open_store
from palermo.pipeline import build
from palermo.reader import ReadError, text_of

KIT = SHARED / "samples-pdf"
QUERIES = ("documents", "meetings", "cited-documents", "cited-acts", "cited-articles", "countries")
NO_TEXT = "paps-ps2pdf"  # the kit's README: paps draws every glyph as an outline
SPACED = re.compile(r"(?:\b\w ){5,}")  # five one-character words in a row: letter-spaced text
PRINTED = re.compile(r"\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M")  # Chromium's print date, en-US


def _manifest() -> list[dict[str, str]]:
    if not (KIT / "manifest.tsv").is_file():
        return []
    with (KIT / "manifest.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


MANIFEST = _manifest()
Rows = dict[str, dict[str, list[list[str]]]]  # source stem -> query -> sorted rows
WITH_TEXT = [e for e in MANIFEST if e["producer"] != NO_TEXT]


def _ids(entry: dict[str, str]) -> str:
    return entry["pdf"].removesuffix(".pdf")


def header_less(text: str) -> str:
    """The text the kit printed: without the leading `# ` lines and the blank line after them."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("# "):
        i += 1
    if i and i < len(lines) and not lines[i].strip():
        i += 1
    return "\n".join(lines[i:])


def _rows(out: Path) -> Rows:
    """Each source file's rows of the six queries, the file named by its stem (a PDF and its
    source share it); IRIs minted from a file name (documents without a symbol) brought back to
    `.txt`."""
    store = open_store(out)
    found: Rows = defaultdict(lambda: {q: [] for q in QUERIES})
    for name in QUERIES:
        for row in run(store, library()[name]).rows:
            stem = Path(row[0]).stem
            found[stem][name].append([cell.replace(".pdf", ".txt") for cell in row[1:]])
    for queries in found.values():
        for name in QUERIES:
            queries[name].sort()
    return found


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Rows:
    """The rows of every source the kit printed, built from their header-less copies."""
    folder = tmp_path_factory.mktemp("sources")
    for source in sorted({e["source"] for e in MANIFEST}):
        path = SHARED / source
        (folder / path.name).write_text(header_less(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = build([folder], tmp_path_factory.mktemp("sources-build") / "data", jobs=2)
    assert not result.errors, result.errors
    return _rows(result.out)


@pytest.fixture(scope="module")
def producers(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Rows, list[str]]]:
    """Each producer's PDFs built in one folder, on first use: their rows and the errors."""

    @cache
    def built(producer: str) -> tuple[Rows, list[str]]:
        result = build(sorted((KIT / producer).glob("*.pdf")), tmp_path_factory.mktemp(producer) / "data", jobs=2)
        return _rows(result.out), list(result.errors)

    return built


@pytest.mark.parametrize("entry", WITH_TEXT, ids=_ids)
def test_pdf_builds_to_the_rows_of_its_source(
    entry: dict[str, str], reference: Rows, producers: Callable[[str], tuple[Rows, list[str]]]
) -> None:
    rows, errors = producers(entry["producer"])
    stem = Path(entry["pdf"]).stem
    assert not [e for e in errors if stem in e]
    expected = reference[stem]
    assert expected["documents"], stem  # the source itself built
    got = rows.get(stem, {})
    for name in QUERIES:
        assert got.get(name) == expected[name], name


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["producer"] == NO_TEXT], ids=_ids)
def test_pdf_without_text_layer_named_in_one_line(entry: dict[str, str]) -> None:
    path = KIT / entry["pdf"]
    with pytest.raises(ReadError) as e:
        text_of(path)
    assert "no text layer" in str(e.value) and str(path) in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("entry", WITH_TEXT, ids=_ids)
def test_pdf_text_neither_letter_spaced_nor_furnished(entry: dict[str, str]) -> None:
    """No run of letters set apart by spaces that the source lacks, no page address and no
    print date (what browsers print in the margins), the source's lines kept (but for one: a
    glyph that the producer's font lacks is not printed)."""
    source = header_less((SHARED / entry["source"]).read_text(encoding="utf-8"))
    text = text_of(KIT / entry["pdf"]).text
    assert len(SPACED.findall(text)) <= len(SPACED.findall(source))
    assert text.count("://") <= source.count("://") and not PRINTED.search(text)
    squeezed = "".join(text.split())
    kept = [ln for ln in ("".join(ln.split()) for ln in source.splitlines()) if len(ln) > 3]
    lost = [ln for ln in kept if ln.replace("\uf02a", "*") not in squeezed]
    assert len(lost) <= 1 + len(kept) // 50, lost[:3]


def test_kit_is_here() -> None:
    """The kit's manifest names PDFs that exist (the tests above are empty without it)."""
    if not MANIFEST:
        pytest.skip(f"{KIT} is not on this machine")
    assert len(WITH_TEXT) >= 60 and all((KIT / e["pdf"]).is_file() for e in MANIFEST)
