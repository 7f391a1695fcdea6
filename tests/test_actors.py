"""Actors extractor: exact country mentions, roles from attendance and speakers' lists, persons."""

from __future__ import annotations

import pytest

from palermo import lang as langs
from palermo.extract import actors, gazetteer
from palermo.extract.context import Context
from palermo.models import ParticipationFact, PersonFact
from palermo.reader import parse

REPORT_ZH = "贩运人口问题工作组 2021 年 10 月 12 日和 13 日在维也纳举行的会议 报告\n\n一. 引言\n\n1. {}\n"
REPORT_EN = (
    "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 12 and 13 October 2021"
    "\n\nI. Introduction\n\n1. {}\n"
)


def roles(template: str, sentence: str) -> set[tuple[str, str]]:
    facts = actors.extract(Context(parse(template.format(sentence), "t.txt")))
    out = set()
    for f in facts:
        if isinstance(f, ParticipationFact):
            who = f.country or (f"org:{f.organization}" if f.organization else f"person:{f.person}")
            out.add((who, f.role))
    return out


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("这是在蓝心运动框架内发起的一项西班牙语倡议。", []),  # a language, not Spain
        ("印度尼西亚和印度的代表。", ["IDN", "IND"]),  # 印度 is not inside 印度尼西亚
        ("支持发展中国家的努力。", []),  # 中国 inside 发展中国家
        ("马耳他主权军事教团派观察员出席。", []),  # Malta inside the Order's name
        ("几内亚比绍、赤道几内亚和几内亚。", ["GIN", "GNB", "GNQ"]),
        ("美国、美利坚合众国、联合王国和大不列颠及北爱尔兰联合王国。", ["GBR", "USA"]),
        ("摩尔多瓦和摩尔多瓦共和国、捷克和捷克共和国。", ["CZE", "MDA"]),
    ],
)
def test_exact_country_mentions(text: str, iso3: list[str]) -> None:
    lang = langs.load("zh")
    assert sorted({c for _, _, c in gazetteer.countries_in(lang, text)}) == iso3


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Bolivia (Plurinational State of), Iran (Islamic Republic of) and Côte d'Ivoire", ["BOL", "CIV", "IRN"]),
        (
            "Bosnia & Herzegovina, Czech Republic, Macedonia, Moldova and United Kingdom",
            ["BIH", "CZE", "GBR", "MDA", "MKD"],
        ),
        ("Nigeria and Niger; Papua New Guinea; Indian Ocean; the Dominican Republic", ["DOM", "NER", "NGA", "PNG"]),
        ("Türkiye, formerly Turkey", ["TUR"]),
    ],
)
def test_exact_country_mentions_en(text: str, iso3: list[str]) -> None:
    lang = langs.load("en")
    assert sorted({c for _, _, c in gazetteer.countries_in(lang, text)}) == iso3


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "《禁止贩运人口议定书》的下列缔约方派代表出席了会议：阿富汗、欧洲联盟和美国。",
            {("AFG", "party"), ("USA", "party"), ("org:eu", "party")},
        ),
        (
            "《禁止贩运人口议定书》的下列非缔约国和非签署国派观察员出席了会议：不丹和也门。",
            {("BTN", "observer"), ("YEM", "observer")},
        ),
        (
            "《贩运人口议定书》下列签署国派观察员出席了会议：捷克共和国、日本。",
            {("CZE", "signatory"), ("JPN", "signatory")},
        ),
        ("设有常驻观察员代表团的非会员国教廷派观察员出席了会议。", {("VAT", "observer")}),
        (
            "在议程项目 2 和 3 下，下列缔约方的代表作了发言：阿根廷、亚美尼亚。",
            {("ARG", "speaker"), ("ARM", "speaker")},
        ),
        ("工作组还听取了国际刑事警察组织（国际刑警组织）观察员的发言。", {("org:interpol", "speaker")}),
        (
            "会议由工作组主席 Manizha Bakhtari（阿富汗）宣布开幕。",
            {("AFG", "chair"), ("person:Manizha Bakhtari", "chair")},
        ),
        (
            "由下列专题讨论小组主讲人主导：Helga Gayer（德国）、Porter Glock（美国）。",
            {
                ("DEU", "panelist"),
                ("USA", "panelist"),
                ("person:Helga Gayer", "panelist"),
                ("person:Porter Glock", "panelist"),
            },
        ),
        # a place of publication is a mention
        ("载于《预防犯罪和暴力》（瑞士巴塞尔，斯普林格出版社，2017 年）。", {("CHE", "mentioned")}),
    ],
)
def test_roles_zh(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert roles(REPORT_ZH, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The following States parties to the Protocol were represented: Argentina, "
            "Bolivia (Plurinational State of) and the European Union.",
            {("ARG", "party"), ("BOL", "party"), ("org:eu", "party")},
        ),
        ("Statements were made by the representatives of Canada and Mexico.", {("CAN", "speaker"), ("MEX", "speaker")}),
    ],
)
def test_roles_en(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert roles(REPORT_EN, sentence) == expected


def persons(text: str) -> list[tuple[str, tuple[str, ...], str | None, str | None]]:
    facts = actors.extract(Context(parse(text, "t.txt")))
    return [(f.name, f.variants, f.country, f.group) for f in facts if isinstance(f, PersonFact)]


def test_person_variants_resolve_to_one_node() -> None:
    text = REPORT_ZH.format(
        "由下列专题讨论小组主讲人主导：巴拉圭检察院副检察官 Carina Sánchez Fernández，代表拉丁美洲和加勒比国家组；"
        "法国打击非法劳工中央办公室总司令 Dominique Lambert，代表西欧和其他国家组。\n\n"
        "2. Sánchez Fernández 女士着重介绍了最佳做法。Lambert 先生详细阐述了法律。\n\n"
        "3. 主讲人：Carina Sanchez Fernandez（巴拉圭）、Dominic Lambert（法国）。"
    )
    assert persons(text) == [
        (
            "Carina Sánchez Fernández",
            ("Carina Sánchez Fernández", "Sánchez Fernández", "Carina Sanchez Fernandez"),
            "PRY",
            "grulac",
        ),
        ("Dominique Lambert", ("Dominique Lambert", "Lambert", "Dominic Lambert"), "FRA", "weog"),
    ]


def test_authors_and_editors_in_a_footnote() -> None:
    text = (
        "一. 导言\n\n1. 正文。\n\n__________________\n\n 2 Auzeen Shariati 和 Rob T. Guerette，“情境式犯罪预防”，"
        "载于由 Brent Teasdale 和 Mindy S. Bradley 联合主编的《预防犯罪和暴力》。\n"
    )
    got = roles("{}", text)
    assert got == {
        ("person:Auzeen Shariati", "author"),
        ("person:Rob T. Guerette", "author"),
        ("person:Brent Teasdale", "editor"),
        ("person:Mindy S. Bradley", "editor"),
    }


@pytest.mark.parametrize(
    ("code", "text", "iso3"),
    [
        # a table of States flattened by pdf-to-text: the names run together, longest first
        (
            "en",
            "Members: KenyaKuwaitLatviaNigerNigeriaPapua New GuineaGuinea-Bissau",
            ["GNB", "KEN", "KWT", "LVA", "NER", "NGA", "PNG"],
        ),
        ("en", "Bolivia (Plurinational State of)Brazil Chile", ["BOL", "BRA", "CHL"]),
        ("zh", "肯尼亚科威特拉脱维亚尼日尔尼日利亚几内亚比绍", ["GNB", "KEN", "KWT", "LVA", "NER", "NGA"]),
        # group names and publishers that hold a State's name are not the State
        ("en", "on behalf of the Group of 77 and China; the Islamic State in Iraq and the Levant (ISIL)", []),
        ("en", "the Omani delegation", []),  # an adjective glued to nothing is not a run of names
        ("zh", "77国集团和中国发言。伊拉克和黎凡特伊斯兰国。", []),
        ("zh", "2012年03月05日 | 中国新闻门户网 www.example.cn\n文章来源: 中国某某网(中国)官方网站", []),
        ("zh", "中国在互联网上公布了报告。", ["CHN"]),
    ],
)
def test_country_runs_and_names_that_are_not_states(code: str, text: str, iso3: list[str]) -> None:
    assert sorted({c for _, _, c in gazetteer.countries_in(langs.load(code), text)}) == iso3
