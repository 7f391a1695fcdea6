"""Checks on the tool and resource reference table ontology/tools.csv."""

import re

import pytest
from reftables import ONTOLOGY, clashes, dicts, read, repeated_within
from reftables import fold as _fold
from reftables import labels as _labels

TOOLS_CSV = ONTOLOGY / "tools.csv"
ORGANIZATIONS_CSV = ONTOLOGY / "organizations.csv"

HEADER = ["key", "kind", "publisher", "year", "title_en", "title_zh", "alt_en", "alt_zh"]
KINDS = {
    "model-law",
    "manual",
    "toolkit",
    "database",
    "legislative-guide",
    "guidelines",
    "issue-paper",
    "case-digest",
    "campaign",
    "app",
    "project",
    "directory",
    "software-tool",
    "handbook",
    "report",
    "principles",
}
LABEL_COLUMNS = {
    "en": ("title_en", "alt_en"),
    "zh": ("title_zh", "alt_zh"),
}
ORG_LABEL_COLUMNS = {
    "en": ("name_en", "alt_en"),
    "zh": ("name_zh", "short_zh", "alt_zh"),
}
MIN_ROWS, MAX_ROWS = 30, 45

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YEAR = re.compile(r"^\d{4}$")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

MODEL_LAW = "model-law-against-trafficking-in-persons"
CASE_LAW_DATABASE = "human-trafficking-case-law-database"
BLUE_HEART = "blue-heart-campaign"
LIBERTAPP = "libertapp"
MANUAL = "anti-human-trafficking-manual-for-criminal-justice-practitioners"
PRINCIPLES = "recommended-principles-and-guidelines-on-human-rights-and-human-trafficking"


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture(scope="module")
def table():
    return read(TOOLS_CSV)


@pytest.fixture(scope="module")
def rows(table):
    return dicts(table)


@pytest.fixture(scope="module")
def by_key(rows):
    return {r["key"]: r for r in rows}


@pytest.fixture(scope="module")
def organizations():
    return dicts(read(ORGANIZATIONS_CSV))


def test_header(table):
    assert table[0] == HEADER


def test_every_row_has_all_fields(table):
    bad = [(i, r) for i, r in enumerate(table[1], start=2) if len(r) != len(HEADER)]
    assert not bad, f"rows with wrong field count: {bad[:5]}"


def test_utf8_lf_no_bom():
    data = TOOLS_CSV.read_bytes()
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


def test_key_is_slug_of_english_title(rows):
    bad = [(r["key"], _slug(r["title_en"])) for r in rows if r["key"] != _slug(r["title_en"])]
    assert not bad, bad


def test_sorted_by_key(rows):
    keys = [r["key"] for r in rows]
    assert keys == sorted(keys)


def test_kind_values(rows):
    bad = [(r["key"], r["kind"]) for r in rows if r["kind"] not in KINDS]
    assert not bad, bad


@pytest.mark.parametrize("column", ["title_en", "title_zh"])
def test_titles_not_empty(rows, column):
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


def test_publisher_is_an_organization_key(rows, organizations):
    keys = {o["key"] for o in organizations}
    bad = [(r["key"], r["publisher"]) for r in rows if r["publisher"] and r["publisher"] not in keys]
    assert not bad, bad


def test_year_empty_or_plausible(rows):
    bad = [
        (r["key"], r["year"])
        for r in rows
        if r["year"] and not (YEAR.match(r["year"]) and 1990 <= int(r["year"]) <= 2030)
    ]
    assert not bad, bad


def test_labels_not_repeated_within_a_row(rows):
    bad = repeated_within(rows, "key", LABEL_COLUMNS)
    assert not bad, bad


@pytest.mark.parametrize("lang", sorted(LABEL_COLUMNS))
def test_labels_unambiguous(rows, lang):
    shared = clashes(rows, "key", LABEL_COLUMNS[lang], lang)
    assert not shared, f"labels shared by several rows: {shared}"


@pytest.mark.parametrize("lang", sorted(LABEL_COLUMNS))
def test_no_label_shared_with_organizations(rows, organizations, lang):
    org_labels = {
        _fold(lab, lang) for o in organizations for column in ORG_LABEL_COLUMNS[lang] for lab in _labels(o, column)
    }
    bad = [
        (r["key"], lab)
        for r in rows
        for column in LABEL_COLUMNS[lang]
        for lab in _labels(r, column)
        if _fold(lab, lang) in org_labels
    ]
    assert not bad, bad


@pytest.mark.parametrize("column", LABEL_COLUMNS["zh"])
def test_zh_labels_are_chinese(rows, column):
    """Latin letters may appear (names such as THB Liberi); a label with no Chinese at all must be the
    untranslated name itself, i.e. one of the row's English labels (LibertApp)."""
    bad = []
    for r in rows:
        english = {lab for col in LABEL_COLUMNS["en"] for lab in _labels(r, col)}
        for lab in _labels(r, column):
            if not CJK.search(lab) and lab not in english:
                bad.append((r["key"], lab))
    assert not bad, bad


@pytest.mark.parametrize("column", LABEL_COLUMNS["en"])
def test_en_labels_have_no_cjk(rows, column):
    bad = [(r["key"], lab) for r in rows for lab in _labels(r, column) if CJK.search(lab)]
    assert not bad, bad


def test_global_plan_of_action_is_not_a_tool(rows):
    bad = [
        (r["key"], lab)
        for r in rows
        for lang in LABEL_COLUMNS
        for column in LABEL_COLUMNS[lang]
        for lab in _labels(r, column)
        if "global plan of action" in lab.casefold() or "全球行动计划" in lab
    ]
    assert not bad, bad


@pytest.mark.parametrize(
    "key",
    [
        MODEL_LAW,
        MANUAL,
        "toolkit-to-combat-trafficking-in-persons",
        CASE_LAW_DATABASE,
        PRINCIPLES,
        "mutual-legal-assistance-request-writer-tool",
        "model-law-on-mutual-assistance-in-criminal-matters",
        "online-directory-of-competent-national-authorities",
        "evidential-issues-in-trafficking-in-persons-cases-case-digest",
        "global-report-on-trafficking-in-persons",
        BLUE_HEART,
        LIBERTAPP,
    ],
)
def test_expected_keys_present(by_key, key):
    assert key in by_key


@pytest.mark.parametrize(
    ("key", "column", "expected"),
    [
        (MODEL_LAW, "kind", "model-law"),
        (MODEL_LAW, "publisher", "unodc"),
        (MODEL_LAW, "year", "2009"),
        (CASE_LAW_DATABASE, "kind", "database"),
        (CASE_LAW_DATABASE, "title_zh", "贩运人口判例法数据库"),
        (BLUE_HEART, "kind", "campaign"),
        (BLUE_HEART, "title_zh", "蓝心运动"),
        (LIBERTAPP, "kind", "app"),
        (LIBERTAPP, "publisher", ""),
        (MANUAL, "title_zh", "刑事司法从业人员打击人口贩运手册"),
        ("toolkit-to-combat-trafficking-in-persons", "title_zh", "打击贩运人口活动工具包"),
        ("toolkit-to-combat-trafficking-in-persons", "kind", "toolkit"),
        (PRINCIPLES, "publisher", "ohchr"),
        (PRINCIPLES, "kind", "principles"),
        ("mutual-legal-assistance-request-writer-tool", "title_zh", "法律互助请求书写工具"),
        ("model-law-on-mutual-assistance-in-criminal-matters", "year", "2007"),
        ("online-directory-of-competent-national-authorities", "title_zh", "国家主管当局网上名录"),
        ("interpol-model-bilateral-police-cooperation-agreement", "publisher", "interpol"),
        ("asean-handbook-on-international-legal-cooperation-in-trafficking-in-persons-cases", "publisher", "asean"),
        ("evidential-issues-in-trafficking-in-persons-cases-case-digest", "kind", "case-digest"),
        ("preventing-trafficking-in-persons-by-addressing-demand", "publisher", "icat"),
        ("global-report-on-trafficking-in-persons", "kind", "report"),
    ],
)
def test_spot_checks(by_key, key, column, expected):
    assert by_key[key][column] == expected


@pytest.mark.parametrize(
    ("key", "label"),
    [
        (MODEL_LAW, "打击贩运人口示范法"),
        (MODEL_LAW, "打击人口贩运示范法"),
        (MODEL_LAW, "毒品和犯罪问题办公室打击人口贩运示范法"),
        (PRINCIPLES, "关于人权与人口贩运问题的建议原则和准则"),
        (PRINCIPLES, "建议的人权与贩运人口问题原则和有关准则"),
        (PRINCIPLES, "建议的人权与贩运人口问题原则和准则"),
        ("global-report-on-trafficking-in-persons", "全球人口贩运问题报告"),
        ("global-report-on-trafficking-in-persons", "全球人口贩运情况报告"),
        ("the-role-of-public-procurement-in-preventing-trafficking-in-persons", "公共采购在防止贩运人口方面的作用"),
    ],
)
def test_zh_label_spot_checks(by_key, key, label):
    row = by_key[key]
    assert label in [lab for column in LABEL_COLUMNS["zh"] for lab in _labels(row, column)]


@pytest.mark.parametrize(
    ("lang", "label", "key"),
    [
        ("zh", "打击人口贩运示范法", MODEL_LAW),
        ("zh", "刑事司法从业人员打击人口贩运手册", MANUAL),
        ("en", "anti-human trafficking manual for criminal justice practitioners", MANUAL),
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
