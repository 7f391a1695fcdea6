"""Checks on the organization reference table ontology/organizations.csv."""

import re

import pytest
from reftables import ONTOLOGY, clashes, dicts, read, repeated_within
from reftables import fold as _fold
from reftables import labels as _labels

ORGANIZATIONS_CSV = ONTOLOGY / "organizations.csv"

HEADER = ["key", "kind", "acronym_en", "name_en", "name_zh", "short_zh", "alt_en", "alt_zh"]
KINDS = {
    "un-entity",
    "specialized-agency",
    "igo",
    "regional-economic-integration",
    "regional-group",
    "institute",
    "ngo",
    "mechanism",
    "entity-with-observer-office",
    "special-procedure",
}
LABEL_COLUMNS = {
    "en": ("name_en", "alt_en"),
    "zh": ("name_zh", "short_zh", "alt_zh"),
}
MIN_ROWS, MAX_ROWS = 60, 90

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9.\-]*[A-Za-z0-9]$")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
# countries must not be listed as organizations
COUNTRY_LABELS = {"china", "中国", "colombia", "哥伦比亚", "germany", "德国", "holy see", "教廷", "state of palestine"}


@pytest.fixture(scope="module")
def table():
    return read(ORGANIZATIONS_CSV)


@pytest.fixture(scope="module")
def rows(table):
    return dicts(table)


@pytest.fixture(scope="module")
def by_key(rows):
    return {r["key"]: r for r in rows}


def test_header(table):
    assert table[0] == HEADER


def test_every_row_has_all_fields(table):
    bad = [(i, r) for i, r in enumerate(table[1], start=2) if len(r) != len(HEADER)]
    assert not bad, f"rows with wrong field count: {bad[:5]}"


def test_utf8_lf_no_bom():
    data = ORGANIZATIONS_CSV.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.endswith(b"\n")
    data.decode("utf-8")


def test_row_count(rows):
    assert MIN_ROWS <= len(rows) <= MAX_ROWS


def test_keys_slug_shaped(rows):
    bad = [r["key"] for r in rows if not SLUG.match(r["key"])]
    assert not bad, bad


def test_keys_unique(rows):
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_sorted_by_key(rows):
    keys = [r["key"] for r in rows]
    assert keys == sorted(keys)


def test_kind_values(rows):
    bad = [(r["key"], r["kind"]) for r in rows if r["kind"] not in KINDS]
    assert not bad, bad


@pytest.mark.parametrize("column", ["name_en", "name_zh"])
def test_names_not_empty(rows, column):
    bad = [r["key"] for r in rows if not r[column].strip()]
    assert not bad, f"empty {column}: {bad}"


def test_no_surrounding_whitespace_or_empty_alternatives(rows):
    bad = []
    for r in rows:
        for column in HEADER:
            if r[column] != r[column].strip():
                bad.append((r["key"], column))
        for column in ("alt_en", "alt_zh"):
            for label in _labels(r, column):
                if not label or label != label.strip():
                    bad.append((r["key"], column, label))
    assert not bad, bad


def test_acronyms_well_formed(rows):
    bad = [(r["key"], r["acronym_en"]) for r in rows if r["acronym_en"] and not ACRONYM.match(r["acronym_en"])]
    assert not bad, bad


def test_acronyms_unique(rows):
    acronyms = [r["acronym_en"].casefold() for r in rows if r["acronym_en"]]
    assert len(acronyms) == len(set(acronyms)), sorted({a for a in acronyms if acronyms.count(a) > 1})


def test_acronym_is_not_another_rows_label(rows):
    owners = {lab.casefold(): r["key"] for r in rows for column in LABEL_COLUMNS["en"] for lab in _labels(r, column)}
    bad = [
        (r["key"], r["acronym_en"], owners[r["acronym_en"].casefold()])
        for r in rows
        if r["acronym_en"] and owners.get(r["acronym_en"].casefold(), r["key"]) != r["key"]
    ]
    assert not bad, bad


def test_short_zh_differs_from_name(rows):
    bad = [r["key"] for r in rows if r["short_zh"] and r["short_zh"] == r["name_zh"]]
    assert not bad, bad


def test_labels_not_repeated_within_a_row(rows):
    bad = repeated_within(rows, "key", LABEL_COLUMNS)
    assert not bad, bad


@pytest.mark.parametrize("lang", sorted(LABEL_COLUMNS))
def test_labels_unambiguous(rows, lang):
    shared = clashes(rows, "key", LABEL_COLUMNS[lang], lang)
    assert not shared, f"labels shared by several rows: {shared}"


@pytest.mark.parametrize("column", LABEL_COLUMNS["zh"])
def test_zh_labels_are_chinese(rows, column):
    bad = [(r["key"], lab) for r in rows for lab in _labels(r, column) if not CJK.search(lab) or LATIN.search(lab)]
    assert not bad, bad


@pytest.mark.parametrize("column", ("acronym_en", *LABEL_COLUMNS["en"]))
def test_en_labels_have_no_cjk(rows, column):
    bad = [(r["key"], lab) for r in rows for lab in _labels(r, column) if CJK.search(lab)]
    assert not bad, bad


def test_acronym_in_parentheses_not_used_as_label(rows):
    bad = [
        (r["key"], lab)
        for r in rows
        for lang in LABEL_COLUMNS
        for column in LABEL_COLUMNS[lang]
        for lab in _labels(r, column)
        if re.search(r"[(（].*[)）]$", lab)
    ]
    assert not bad, bad


def test_no_country_rows(rows):
    bad = [
        (r["key"], lab)
        for r in rows
        for lang in LABEL_COLUMNS
        for column in LABEL_COLUMNS[lang]
        for lab in _labels(r, column)
        if _fold(lab, lang) in COUNTRY_LABELS
    ]
    assert not bad, bad


@pytest.mark.parametrize(
    "key",
    [
        "unodc",
        "ilo",
        "ohchr",
        "iom",
        "interpol",
        "europol",
        "osce",
        "oas",
        "coe",
        "icat",
        "eu",
        "smom",
        "unhcr",
        "unicef",
        "undp",
        "unu",
        "who",
        "heuni",
        "eurojust",
        "icmpd",
        "gcc",
        "cis",
        "aalco",
        "acp",
        "bali-process",
        "caricc",
        "pam",
        "selec",
        "idlo",
        "srsg-vac",
        "sr-tip",
        "asean",
        "saarc",
        "un-gift",
        "la-strada",
        "anti-slavery",
        "grulac",
        "weog",
        "african-group",
        "asia-pacific-group",
        "eeg",
    ],
)
def test_expected_keys_present(by_key, key):
    assert key in by_key


@pytest.mark.parametrize(
    ("key", "column", "expected"),
    [
        ("unodc", "name_zh", "联合国毒品和犯罪问题办公室"),
        ("unodc", "short_zh", "毒品和犯罪问题办公室"),
        ("unodc", "name_en", "United Nations Office on Drugs and Crime"),
        ("unodc", "acronym_en", "UNODC"),
        ("interpol", "acronym_en", "INTERPOL"),
        ("interpol", "name_en", "International Criminal Police Organization"),
        ("interpol", "name_zh", "国际刑事警察组织"),
        ("interpol", "short_zh", "国际刑警组织"),
        ("eu", "kind", "regional-economic-integration"),
        ("eu", "name_zh", "欧洲联盟"),
        ("eu", "short_zh", "欧盟"),
        ("grulac", "name_zh", "拉丁美洲和加勒比国家组"),
        ("grulac", "kind", "regional-group"),
        ("weog", "name_zh", "西欧和其他国家组"),
        ("african-group", "name_zh", "非洲国家组"),
        ("asia-pacific-group", "name_zh", "亚洲及太平洋国家组"),
        ("eeg", "name_zh", "东欧国家组"),
        ("smom", "name_zh", "马耳他主权军事教团"),
        ("smom", "name_en", "Sovereign Military Order of Malta"),
        ("smom", "kind", "entity-with-observer-office"),
        ("icat", "name_zh", "打击贩运人口机构间协调小组"),
        ("icat", "name_en", "Inter-Agency Coordination Group against Trafficking in Persons"),
        ("icat", "acronym_en", "ICAT"),
        ("heuni", "name_en", "European Institute for Crime Prevention and Control, affiliated with the United Nations"),
        ("heuni", "name_zh", "联合国附属欧洲预防和控制犯罪研究所"),
        ("heuni", "kind", "institute"),
        ("ohchr", "short_zh", "人权高专办"),
        ("ilo", "short_zh", "劳工组织"),
        ("iom", "name_zh", "国际移民组织"),
        ("osce", "short_zh", "欧安组织"),
        ("oas", "name_zh", "美洲国家组织"),
        ("coe", "name_zh", "欧洲委员会"),
        ("coe", "name_en", "Council of Europe"),
        ("europol", "name_zh", "欧洲警察署"),
        ("eurojust", "name_zh", "欧洲联盟刑事司法合作署"),
        ("unhcr", "name_zh", "联合国难民事务高级专员公署"),
        ("unhcr", "short_zh", "难民署"),
        ("asean", "short_zh", "东盟"),
        ("saarc", "short_zh", "南盟"),
        ("sr-tip", "kind", "special-procedure"),
        ("sr-tip", "name_zh", "贩运人口特别是妇女和儿童问题特别报告员"),
        ("bali-process", "name_zh", "关于偷运人口、贩运人口和有关跨国犯罪的巴厘进程"),
        ("la-strada", "kind", "ngo"),
    ],
)
def test_spot_checks(by_key, key, column, expected):
    assert by_key[key][column] == expected


@pytest.mark.parametrize(
    ("key", "column", "label"),
    [
        ("smom", "alt_zh", "马耳他主权教团"),
        ("coe", "alt_zh", "欧洲理事会"),
        ("interpol", "alt_zh", "刑警组织"),
        ("icat", "alt_zh", "打击人口贩运机构间协调小组"),
        ("icat", "alt_zh", "机构间打击人口贩运协调小组"),
        ("icmpd", "alt_zh", "国际移徙政策发展中心"),
        ("eurojust", "alt_zh", "欧洲司法组织"),
        ("sr-tip", "alt_zh", "贩卖人口问题、特别是贩卖妇女和儿童问题特别报告员"),
        ("grulac", "alt_en", "Latin American and Caribbean States"),
        ("weog", "alt_en", "Western European and other States"),
    ],
)
def test_alt_spot_checks(by_key, key, column, label):
    assert label in _labels(by_key[key], column)


@pytest.mark.parametrize(
    ("lang", "label", "key"),
    [
        ("zh", "欧洲理事会", "coe"),
        ("zh", "欧洲委员会", "coe"),
        ("zh", "国际刑警组织", "interpol"),
        ("zh", "机构间协调小组", "icat"),
        ("en", "council of europe", "coe"),
        ("en", "European Union", "eu"),
    ],
)
def test_label_owned_once(rows, lang, label, key):
    owners = {
        r["key"]
        for r in rows
        for column in LABEL_COLUMNS[lang]
        for lab in _labels(r, column)
        if _fold(lab, lang) == _fold(label, lang)
    }
    assert owners == {key}
