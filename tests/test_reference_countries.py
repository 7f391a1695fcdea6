"""Checks on the country reference table ontology/countries.csv."""

import re

import pycountry
import pytest
from reftables import ONTOLOGY, clashes, dicts, read
from reftables import labels as _labels

COUNTRIES_CSV = ONTOLOGY / "countries.csv"

HEADER = [
    "iso3",
    "iso2",
    "m49",
    "kind",
    "name_en",
    "short_en",
    "name_zh",
    "short_zh",
    "alt_en",
    "alt_zh",
]
LABEL_COLUMNS = {
    "en": ("name_en", "short_en", "alt_en"),
    "zh": ("name_zh", "short_zh", "alt_zh"),
}
MEMBER_COUNT = 193
OBSERVERS = {"VAT", "PSE"}

ISO3 = re.compile(r"^[A-Z]{3}$")
ISO2 = re.compile(r"^[A-Z]{2}$")
M49 = re.compile(r"^\d{3}$")
CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff·]+$")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def table():
    return read(COUNTRIES_CSV)


@pytest.fixture(scope="module")
def rows(table):
    return dicts(table)


@pytest.fixture(scope="module")
def by_iso3(rows):
    return {r["iso3"]: r for r in rows}


def test_header(table):
    assert table[0] == HEADER


def test_every_row_has_ten_fields(table):
    bad = [(i, r) for i, r in enumerate(table[1], start=2) if len(r) != len(HEADER)]
    assert not bad, f"rows with wrong field count: {bad[:5]}"


@pytest.mark.parametrize(("column", "pattern"), [("iso3", ISO3), ("iso2", ISO2), ("m49", M49)])
def test_codes_well_formed(rows, column, pattern):
    bad = [r[column] for r in rows if not pattern.match(r[column])]
    assert not bad, f"malformed {column}: {bad}"


@pytest.mark.parametrize("column", ["iso3", "iso2", "m49"])
def test_codes_unique(rows, column):
    values = [r[column] for r in rows]
    dupes = sorted({v for v in values if values.count(v) > 1})
    assert not dupes, f"duplicate {column}: {dupes}"


def test_codes_agree_with_pycountry(rows):
    problems = []
    for r in rows:
        entry = pycountry.countries.get(alpha_3=r["iso3"])
        if entry is None:
            problems.append(f"{r['iso3']}: unknown to pycountry")
            continue
        if entry.alpha_2 != r["iso2"]:
            problems.append(f"{r['iso3']}: iso2 {r['iso2']} != {entry.alpha_2}")
        if entry.numeric != r["m49"]:
            problems.append(f"{r['iso3']}: m49 {r['m49']} != {entry.numeric}")
    assert not problems, problems


def test_kind_values(rows):
    bad = [(r["iso3"], r["kind"]) for r in rows if r["kind"] not in ("member", "observer")]
    assert not bad, bad


def test_member_count(rows):
    assert sum(r["kind"] == "member" for r in rows) == MEMBER_COUNT


def test_observers_exact(rows):
    assert {r["iso3"] for r in rows if r["kind"] == "observer"} == OBSERVERS


def test_total_rows(rows):
    assert len(rows) == MEMBER_COUNT + len(OBSERVERS)


@pytest.mark.parametrize("code", ["EUR", "EUE", "XKX", "XKS", "TWN", "HKG", "MAC"])
def test_non_states_absent(rows, code):
    assert code not in {r["iso3"] for r in rows}


def test_no_european_union_label(rows):
    for r in rows:
        labels = [lab.casefold() for col in LABEL_COLUMNS["en"] for lab in _labels(r, col)]
        assert "european union" not in labels, r["iso3"]
        assert "欧洲联盟" not in _labels(r, "name_zh") + _labels(r, "alt_zh"), r["iso3"]


def test_sorted_by_iso3(rows):
    codes = [r["iso3"] for r in rows]
    assert codes == sorted(codes)


@pytest.mark.parametrize("column", ["name_en", "name_zh"])
def test_names_not_empty(rows, column):
    bad = [r["iso3"] for r in rows if not r[column].strip()]
    assert not bad, f"empty {column}: {bad}"


def test_no_surrounding_whitespace(rows):
    bad = []
    for r in rows:
        for column in HEADER:
            if r[column] != r[column].strip():
                bad.append((r["iso3"], column))
            for label in _labels(r, column) if column.startswith("alt_") else []:
                if not label or label != label.strip():
                    bad.append((r["iso3"], column, label))
    assert not bad, bad


def test_short_differs_from_name(rows):
    for r in rows:
        assert r["short_en"] != r["name_en"], r["iso3"]
        assert r["short_zh"] != r["name_zh"], r["iso3"]


@pytest.mark.parametrize("lang", sorted(LABEL_COLUMNS))
def test_labels_unambiguous(rows, lang):
    shared = clashes(rows, "iso3", LABEL_COLUMNS[lang], lang)
    assert not shared, f"labels shared by several rows: {shared}"


@pytest.mark.parametrize("column", LABEL_COLUMNS["zh"])
def test_zh_labels_cjk_only(rows, column):
    bad = [(r["iso3"], lab) for r in rows for lab in _labels(r, column) if not CJK_ONLY.match(lab)]
    assert not bad, bad


@pytest.mark.parametrize("column", LABEL_COLUMNS["en"])
def test_en_labels_have_no_cjk(rows, column):
    bad = [(r["iso3"], lab) for r in rows for lab in _labels(r, column) if CJK.search(lab)]
    assert not bad, bad


@pytest.mark.parametrize(
    ("iso3", "column", "expected"),
    [
        ("USA", "name_zh", "美利坚合众国"),
        ("GBR", "name_zh", "大不列颠及北爱尔兰联合王国"),
        ("BOL", "name_zh", "多民族玻利维亚国"),
        ("VEN", "name_zh", "委内瑞拉玻利瓦尔共和国"),
        ("MDA", "name_zh", "摩尔多瓦共和国"),
        ("CZE", "name_zh", "捷克"),
        ("VAT", "name_zh", "教廷"),
        ("PSE", "name_zh", "巴勒斯坦国"),
        ("IRN", "name_zh", "伊朗伊斯兰共和国"),
        ("TUR", "name_zh", "土耳其"),
        ("COG", "name_zh", "刚果"),
        ("COD", "name_zh", "刚果民主共和国"),
        ("USA", "short_zh", "美国"),
        ("GBR", "short_zh", "联合王国"),
        ("BOL", "name_en", "Bolivia (Plurinational State of)"),
        ("CIV", "name_en", "Côte d'Ivoire"),
        ("TUR", "name_en", "Türkiye"),
        ("CZE", "name_en", "Czechia"),
        ("GBR", "name_en", "United Kingdom of Great Britain and Northern Ireland"),
        ("NLD", "name_en", "Netherlands (Kingdom of the)"),
        ("VAT", "kind", "observer"),
        ("PSE", "kind", "observer"),
        ("CHN", "kind", "member"),
    ],
)
def test_spot_checks(by_iso3, iso3, column, expected):
    assert by_iso3[iso3][column] == expected


@pytest.mark.parametrize(
    ("iso3", "column", "label"),
    [
        ("TUR", "alt_en", "Turkey"),
        ("CZE", "alt_en", "Czech Republic"),
        ("CZE", "alt_zh", "捷克共和国"),
        ("SWZ", "alt_en", "Swaziland"),
        ("CPV", "alt_en", "Cape Verde"),
        ("MKD", "alt_en", "The former Yugoslav Republic of Macedonia"),
        ("MKD", "alt_zh", "前南斯拉夫的马其顿共和国"),
    ],
)
def test_alt_spot_checks(by_iso3, iso3, column, label):
    assert label in _labels(by_iso3[iso3], column)


@pytest.mark.parametrize(
    ("lang", "label", "iso3"),
    [
        ("en", "Congo", "COG"),
        ("en", "Guinea", "GIN"),
        ("zh", "刚果", "COG"),
        ("zh", "几内亚", "GIN"),
        ("zh", "朝鲜", "PRK"),
        ("zh", "韩国", "KOR"),
    ],
)
def test_ambiguous_short_labels_owned_once(rows, lang, label, iso3):
    key = label.casefold() if lang == "en" else label
    owners = {
        r["iso3"]
        for r in rows
        for column in LABEL_COLUMNS[lang]
        for lab in _labels(r, column)
        if (lab.casefold() if lang == "en" else lab) == key
    }
    assert owners == {iso3}


# ---- names in the six official languages (country-names.csv, generated from CLDR) -------------

SIX = ("ar", "en", "es", "fr", "ru", "zh")


def test_every_country_named_in_six_languages():
    from palermo import reference

    missing = [(c.iso3, code) for c in reference.countries().values() for code in SIX if not c.labels.get(code)]
    assert not missing, missing[:10]


@pytest.mark.parametrize(
    ("code", "name", "iso3"),
    [
        ("fr", "France", "FRA"),
        ("es", "Francia", "FRA"),
        ("ru", "Франция", "FRA"),
        ("ar", "فرنسا", "FRA"),
        ("fr", "Pays-Bas", "NLD"),
        ("fr", "Pays Bas", "NLD"),  # a newspaper's lost hyphen
        ("ru", "Беларусью", "BLR"),  # Russian names in every case
        ("ru", "Россию", "RUS"),
        ("ru", "Соединенных Штатов", "USA"),  # ё written е
        ("ar", "العراق", "IRQ"),
        ("es", "España", "ESP"),
        ("zh", "法国", "FRA"),
        ("en", "France", "FRA"),
    ],
)
def test_country_names_by_language(code, name, iso3):
    from palermo import reference

    assert reference.country_names(code).get(name.casefold()) == iso3


def test_generated_names_unambiguous():
    """A form two countries would share is left out by the generator: none is claimed twice."""
    from palermo import reference

    for code in SIX:
        owners: dict[str, set[str]] = {}
        for c in reference.countries().values():
            for n in set(c.labels.get(code, ())):
                owners.setdefault(n.casefold(), set()).add(c.iso3)
        assert not {n: o for n, o in owners.items() if len(o) > 1}, code


def test_country_names_file_is_current():
    """country-names.csv is what CLDR and pymorphy3 give now (regenerate, never hand-edit)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ONTOLOGY / "generate_country_names.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(
    ("code", "text", "found"),
    [
        ("fr", "le Royaume du Maroc et le Royaume des Pays Bas", ["MAR", "NLD"]),
        ("fr", "la Somalie", ["SOM"]),  # not Mali inside it
        ("ru", "вместе с Беларусью, Россия, Австралия и Японию", ["BLR", "RUS", "AUS", "JPN"]),
        ("ar", "في فرنسا والعراق", ["FRA", "IRQ"]),  # the conjunction glued to the name
        ("ar", "جمهورية العراق", ["IRQ"]),
        ("es", "España preside", ["ESP"]),
    ],
)
def test_countries_found_in_text(code, text, found):
    from extract.gazetteer import countries_in
    from palermo import lang as langs

    assert [iso3 for _, _, iso3 in countries_in(langs.load(code), text)][: len(found)] == found
