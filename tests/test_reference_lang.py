"""Per-language tables: well-formed rows, every pattern compiles, every pattern code asks for exists."""

from __future__ import annotations

import re

import pytest

from palermo import lang as langs
from palermo.resources import ontology_path

LANGS = langs.available()
# patterns the reader and extractors ask every language for
REQUIRED = [
    "symbol",
    "distr",
    "version-language",
    "original",
    "job-number",
    "page-junk",
    "para-number",
    "item",
    "footnote-separator",
    "footnote-label",
    "toc-entry",
    "bullet",
    "date",
    "daterange",
    "meeting-line",
    "agenda-item",
    "meeting-ordinals",
    "meeting-verb",
    "meeting-held",
    "place-in",
    "report-title",
    "heading-roman",
    "heading-letter",
    "heading-annex",
    "act-heading",
    "preamble-opening",
    "instrument-cue",
    "recommendations-noun",
    "uptake-break",
    "chair",
    "type-label",
    "body-line",
    "body-anaphor-context",
]
REQUIRED_WORDS = ["body", "body-anaphor", "meeting-unit", "place", "act-kind", "list-sep", "sentence-end", "cue"]


def test_languages() -> None:
    assert LANGS == ["ar", "en", "es", "fr", "ru", "zh"]


@pytest.mark.parametrize("name", ["common", *LANGS])
def test_rows_have_three_fields(name: str) -> None:
    for n, line in enumerate(ontology_path("lang", f"{name}.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            assert len(line.split("\t")) == 3, f"{name}.tsv:{n}"
            assert all(p == p.strip() and p for p in line.split("\t")), f"{name}.tsv:{n}: blank or padded field"


@pytest.mark.parametrize("code", LANGS)
def test_every_pattern_compiles(code: str) -> None:
    table = langs.load(code)
    for name in table.raw_patterns:
        assert isinstance(table.pattern(name), re.Pattern), name


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("name", REQUIRED)
def test_required_patterns(code: str, name: str) -> None:
    assert langs.load(code).has(name)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("kind", REQUIRED_WORDS)
def test_required_words(code: str, kind: str) -> None:
    assert langs.load(code).words.get(kind)


@pytest.mark.parametrize("code", LANGS)
def test_places_and_bodies_agree_across_languages(code: str) -> None:
    """Every place and body key of one language exists in the other (one node, two labels)."""
    keys = {c: {k for k, _ in langs.load(c).words["place"]} for c in LANGS}
    assert keys[code] == keys["en"]
    bodies = {c: {k for k, _ in langs.load(c).words["body"]} for c in LANGS}
    assert bodies[code] == bodies["en"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("detect 贩运人口问题工作组的会议报告", "zh"),
        ("Report of the Working Group on Trafficking in Persons", "en"),
        ("CTOC/COP/WG.4/2021/4 贩运人口问题工作组", "zh"),
    ],
)
def test_detect(text: str, expected: str) -> None:
    assert langs.detect(text) == expected


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("见 CTOC/COP/WG.4/2013/INF/1/Rev.1 号文件", "CTOC/COP/WG.4/2013/INF/1/Rev.1"),
        ("(A/RES/64/293)的授权", "A/RES/64/293"),
        ("E/CN.15/2006/10。", "E/CN.15/2006/10"),
        ("报告(A/HRC/41/46)中", "A/HRC/41/46"),
        ("(CTOC/COP/WG.4/ 2013/L.1)", "CTOC/COP/WG.4/ 2013/L.1"),
        ("A/CONF.222/11", "A/CONF.222/11"),
        ("http://www.undocs.org/a/res/68/192", None),
    ],
)
def test_symbol_pattern(text: str, symbol: str | None) -> None:
    m = langs.load("zh").pattern("symbol").search(text)
    assert (m.group("symbol") if m else None) == symbol


@pytest.mark.parametrize("code", LANGS)
def test_every_instrument_form_holds_a_cue(code: str) -> None:
    """Citations skip a text with no `instrument-cue`: every form must name an instrument with
    one of its words, or texts naming it would be skipped."""
    lang = langs.load(code)
    cues = lang.raw_patterns["instrument-cue"].split("|")
    for key, value in lang.words["instrument-form"]:
        assert any(c.replace(" ", "") in re.sub(r"\\s\?|\\s\+|\s", "", value) for c in cues), (key, value)
