"""Checks on the UNTOC / Protocols reference tables in ontology/."""

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
INSTRUMENTS_CSV = ONTOLOGY / "instruments.csv"
ARTICLES_CSV = ONTOLOGY / "articles.csv"

INSTRUMENTS_HEADER = [
    "code",
    "title_en",
    "title_zh",
    "short_en",
    "short_zh",
    "adopted",
    "in_force",
    "unts",
]
ARTICLES_HEADER = ["instrument", "number", "title_en", "title_zh"]

EXPECTED_CODES = {"UNTOC", "TIP", "SOM", "FIREARMS", "COP-ROP"}
ARTICLE_COUNTS = {"UNTOC": 41, "TIP": 20, "SOM": 25, "FIREARMS": 21}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
UNTS = re.compile(r"^\d+ UNTS \d+$")


def _read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, strict=True)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


@pytest.fixture(scope="module")
def instruments():
    return _read(INSTRUMENTS_CSV)[1]


@pytest.fixture(scope="module")
def articles():
    return _read(ARTICLES_CSV)[1]


@pytest.mark.parametrize(
    ("path", "header"),
    [(INSTRUMENTS_CSV, INSTRUMENTS_HEADER), (ARTICLES_CSV, ARTICLES_HEADER)],
)
def test_header(path, header):
    assert _read(path)[0] == header


def test_instrument_codes_exact(instruments):
    codes = [r["code"] for r in instruments]
    assert len(codes) == len(set(codes)), "duplicate instrument code"
    assert set(codes) == EXPECTED_CODES


def test_instrument_titles_present(instruments):
    for r in instruments:
        for col in ("title_en", "title_zh", "short_en", "short_zh"):
            assert r[col].strip(), f"{r['code']}: empty {col}"
        assert CJK.search(r["title_zh"]), r["code"]
        assert CJK.search(r["short_zh"]), r["code"]


@pytest.mark.parametrize("col", ["adopted", "in_force"])
def test_instrument_dates_iso(instruments, col):
    for r in instruments:
        value = r[col]
        if value:
            assert ISO_DATE.match(value), f"{r['code']}.{col}={value!r}"
            dt.date.fromisoformat(value)


def test_in_force_not_before_adoption(instruments):
    for r in instruments:
        if r["adopted"] and r["in_force"]:
            assert r["adopted"] <= r["in_force"], r["code"]


def test_unts_format(instruments):
    for r in instruments:
        if r["unts"]:
            assert UNTS.match(r["unts"]), f"{r['code']}: {r['unts']!r}"


@pytest.mark.parametrize(
    ("code", "col", "expected"),
    [
        ("UNTOC", "adopted", "2000-11-15"),
        ("TIP", "adopted", "2000-11-15"),
        ("SOM", "adopted", "2000-11-15"),
        ("FIREARMS", "adopted", "2001-05-31"),
        ("UNTOC", "in_force", "2003-09-29"),
        ("TIP", "in_force", "2003-12-25"),
        ("SOM", "in_force", "2004-01-28"),
        ("FIREARMS", "in_force", "2005-07-03"),
        ("UNTOC", "unts", "2225 UNTS 209"),
        ("TIP", "unts", "2237 UNTS 319"),
        ("UNTOC", "short_en", "Organized Crime Convention"),
        ("TIP", "short_zh", "人口贩运议定书"),
    ],
)
def test_instrument_spot_checks(instruments, code, col, expected):
    by_code = {r["code"]: r for r in instruments}
    assert by_code[code][col] == expected


def test_article_instruments_exist(instruments, articles):
    codes = {r["code"] for r in instruments}
    unknown = {r["instrument"] for r in articles} - codes
    assert not unknown, f"unknown instruments: {sorted(unknown)}"


def test_article_numbers_are_integers(articles):
    for r in articles:
        assert re.fullmatch(r"[1-9]\d*", r["number"]), r


@pytest.mark.parametrize(("code", "count"), sorted(ARTICLE_COUNTS.items()))
def test_article_numbers_complete(articles, code, count):
    numbers = [int(r["number"]) for r in articles if r["instrument"] == code]
    dupes = [n for n, c in Counter(numbers).items() if c > 1]
    assert not dupes, f"{code}: duplicate articles {dupes}"
    assert sorted(numbers) == list(range(1, count + 1))


def test_no_duplicate_rows_overall(articles):
    keys = Counter((r["instrument"], int(r["number"])) for r in articles)
    assert not [k for k, c in keys.items() if c > 1]


def test_articles_sorted(articles):
    keys = [(r["instrument"], int(r["number"])) for r in articles]
    assert keys == sorted(keys)


@pytest.mark.parametrize("code", sorted(ARTICLE_COUNTS))
def test_article_titles_present(articles, code):
    for r in (r for r in articles if r["instrument"] == code):
        assert r["title_en"].strip(), f"{code} {r['number']}: empty title_en"
        assert r["title_zh"].strip(), f"{code} {r['number']}: empty title_zh"
        assert r["title_en"] == r["title_en"].strip()
        assert r["title_zh"] == r["title_zh"].strip()


def test_zh_titles_contain_cjk(articles):
    for r in articles:
        if r["title_zh"]:
            assert CJK.search(r["title_zh"]), r
            assert not re.search(r"[A-Za-z]", r["title_zh"]), r


def test_en_titles_are_latin(articles):
    for r in articles:
        assert not CJK.search(r["title_en"]), r


@pytest.mark.parametrize(
    ("code", "number", "col", "expected"),
    [
        ("UNTOC", 32, "title_en", "Conference of the Parties"),
        ("UNTOC", 15, "title_en", "Jurisdiction"),
        ("UNTOC", 37, "title_en", "Relation with protocols"),
        ("TIP", 9, "title_en", "Prevention of trafficking in persons"),
        ("TIP", 3, "title_en", "Use of terms"),
        ("TIP", 6, "title_en", "Assistance to and protection of victims"),
        ("UNTOC", 32, "title_zh", "公约缔约方会议"),
        ("UNTOC", 15, "title_zh", "管辖权"),
        ("TIP", 3, "title_zh", "术语的使用"),
    ],
)
def test_article_spot_checks(articles, code, number, col, expected):
    matches = [r for r in articles if r["instrument"] == code and int(r["number"]) == number]
    assert len(matches) == 1
    assert expected in matches[0][col]
