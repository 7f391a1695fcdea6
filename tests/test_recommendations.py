"""Recommendations, agenda, documents before a meeting, tools: on short snippets of both forms."""

from __future__ import annotations

import pytest

from palermo.extract import recommendations, tools_and_resources
from palermo.extract.context import Context
from palermo.models import AgendaItemFact, ListedDocumentFact, RecommendationFact, ToolFact
from palermo.reader import parse

HEAD = "贩运人口问题工作组 2021 年 10 月 12 日和 13 日在维也纳举行的会议 报告\n\n"


def recs(text: str) -> list[tuple[object, ...]]:
    out = []
    for f in recommendations.extract(Context(parse(text, "t.txt"))):
        assert isinstance(f, RecommendationFact)
        meeting = f"{f.meeting.body}/{f.meeting.ordinal}" if f.meeting else None
        out.append((f.number, meeting, f.theme, f.strength, f.addressees, f.quoted))
    return out


def test_numbered_recommendations_under_lettered_headings() -> None:
    text = HEAD + (
        "一. 引言\n\n1. 引言。\n\n二. 建议\n\n2. 工作组通过了下列建议。\n\n"
        " - A. 关于技术的建议\n\n建议 1\n\n缔约国应确保有效调查。\n\n建议 2\n\n鼓励缔约国加强对策，包括：\n\n"
        "(a) 加强执法；\n\n(b) 开展合作。\n\nB. 关于采购的建议\n\n建议 3\n\n毒品和犯罪问题办公室应当支持会员国。\n\n"
        "三. 审议情况概要\n\n3. 概要。\n"
    )
    assert recs(text) == [
        ("1", "WG-TIP/11", "关于技术的建议", "should", ("states-parties",), False),
        ("2", "WG-TIP/11", "关于技术的建议", "encouraged", ("states-parties",), False),
        ("3", "WG-TIP/11", "关于采购的建议", "should", ("org:unodc",), False),
    ]
    (second,) = [f for f in recommendations.extract(Context(parse(text, "t.txt"))) if f.number == "2"]  # type: ignore[attr-defined]
    assert "(b) 开展合作。" in second.text


def test_paragraph_recommendations_in_a_chapter() -> None:
    text = HEAD + (
        "一. 导言\n\n1. 导言。\n\n二. 建议\n\n2. 工作组通过了下文所列建议。\n\nA. 一般性建议\n\n"
        "3. 缔约各国可考虑利用行政工具。\n\n4. 缔约各国和毒品和犯罪问题办公室应当继续促进实施。\n\n"
        "5. 贩运人口问题工作组建议缔约方会议考虑这一议题。\n\n三. 会议安排\n\n6. 安排。\n"
    )
    assert recs(text) == [
        ("3", "WG-TIP/11", "一般性建议", "may", ("states-parties",), False),
        ("4", "WG-TIP/11", "一般性建议", "should", ("states-parties", "org:unodc"), False),
        ("5", "WG-TIP/11", "一般性建议", None, ("body:COP",), False),
    ]


def test_quoted_recommendations_belong_to_the_earlier_meeting() -> None:
    text = (
        "贩运人口问题工作组\n\n2019 年 9 月 9 日至 11 日，维也纳\n\n临时议程项目 2\n\n预防\n\n秘书处编写的背景文件\n\n"
        "一. 导言\n\n1. 2013 年，工作组第五次会议通过了以下与预防贩运人口犯罪有关的建议：\n\n"
        "(a) 缔约国应当研究根源；\n\n(b) 鼓励缔约国改进预防措施。\n\n2. 2018 年，工作组第八次会议建议各国应：\n\n"
        "(a) 进行自我评估。\n"
    )
    assert recs(text) == [
        ("(a)", "WG-TIP/5", None, "should", ("states-parties",), True),
        ("(b)", "WG-TIP/5", None, "encouraged", ("states-parties",), True),
        ("(a)", "WG-TIP/8", None, "should", ("states",), True),
    ]


def test_agenda_and_documents_before_the_meeting() -> None:
    text = HEAD + (
        "一. 会议安排\n\n1. 导言。\n\n2. 安排。\n\n"
        "3. 工作组在 2021 年 10 月 12 日第一场会议上以协商一致的方式通过了以下议程：\n\n"
        "1. 组织事项：\n\n(a) 会议开幕；\n\n(b) 通过议程和工作安排。\n\n2. 在国家层面加强采购政策的措施。\n\n"
        "3. 其他事项。\n\n4. 工作组收到了下列文件：\n\n(a) 临时议程说明（CTOC/COP/WG.4/2021/1）；\n\n"
        "(b) 秘书处编写的背景文件，题为“在国家层面加强采购政策的措施”（CTOC/COP/WG.4/2021/3）。\n"
    )
    doc = parse(text, "t.txt")
    agenda = [(f.number, f.title) for f in recommendations.agenda(Context(doc)) if isinstance(f, AgendaItemFact)]
    assert agenda == [
        ("1", "组织事项"),
        ("1(a)", "会议开幕"),
        ("1(b)", "通过议程和工作安排"),
        ("2", "在国家层面加强采购政策的措施"),
        ("3", "其他事项"),
    ]
    listed = [
        (f.symbol, f.title, f.agenda_item)
        for f in recommendations.documents_before(Context(doc))
        if isinstance(f, ListedDocumentFact)
    ]
    assert listed == [
        ("CTOC/COP/WG.4/2021/1", "临时议程说明", None),
        ("CTOC/COP/WG.4/2021/3", "在国家层面加强采购政策的措施", "2"),
    ]


def test_annex_table_of_documents() -> None:
    text = HEAD + (
        "一. 导言\n\n1. 导言。\n\n 附件 \n\n 工作组收到的文件一览表 \n\n"
        "CTOC/COP/WG.4/2013/1 1(b) 临时议程和说明 \n\nCTOC/COP/WG.4/2013/L.1  报告草稿 \n\n"
        "CTOC/COP/WG.4/2009/2  贩运人口问题工作组 2009 年 4 月 14 日和 15 日在维也纳举行的会议的报告 \n"
    )
    listed = [
        (f.symbol, f.title, f.agenda_item)
        for f in recommendations.documents_before(Context(parse(text, "t.txt")))
        if isinstance(f, ListedDocumentFact)
    ]
    assert listed == [
        ("CTOC/COP/WG.4/2013/1", "临时议程和说明", "1(b)"),
        ("CTOC/COP/WG.4/2013/L.1", "报告草稿", None),
        ("CTOC/COP/WG.4/2009/2", "贩运人口问题工作组 2009 年 4 月 14 日和 15 日在维也纳举行的会议的报告", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a tools section: headings are tools, publisher prefixes and years dropped, bold titles found
        (
            "一. 导言\n\n1. 正文。\n\n附件\n\n关键工具和推荐的参考资料**毒品和犯罪问题办公室打击人口贩运示范法**\n\n"
            "毒品和犯罪问题办公室，刑事事项互助示范法（2007 年）\n\n第二部分——国际业务\n\n说明文字很长的一段。\n",
            [
                ("model-law-against-trafficking-in-persons", "毒品和犯罪问题办公室打击人口贩运示范法"),
                (
                    "model-law-on-mutual-assistance-in-criminal-matters",
                    "毒品和犯罪问题办公室,刑事事项互助示范法(2007 年)",
                ),
            ],
        ),
        # variant renderings resolve to one tool; an unknown heading is discovered, not dropped
        (
            "一. 导言\n\n1. 正文。\n\n主要工具和推荐资源\n\n《打击贩运人口示范法》\n\n"
            "2. 《打击人口贩运示范法》旨在促进立法。\n\n"
            "《某国反贩运工作指南》\n\n3. 说明。\n",
            [
                ("model-law-against-trafficking-in-persons", "《打击贩运人口示范法》"),
                ("model-law-against-trafficking-in-persons", "打击人口贩运示范法"),
                (None, "《某国反贩运工作指南》"),
            ],
        ),
        # named apps, projects and campaigns in running text
        (
            "一. 导言\n\n1. 他介绍了一款名为 LibertApp 的应用程序和 THB Liberi 项目，以及蓝心运动。\n",
            [
                ("libertapp", "LibertApp"),
                ("thb-liberi-project", "THB Liberi 项目"),
                ("blue-heart-campaign", "蓝心运动"),
            ],
        ),
        ("一. 导言\n\n1. 他介绍了一款名为 SafeRoute 的应用程序。\n", [(None, "SafeRoute")]),
    ],
)
def test_tools(text: str, expected: list[tuple[str | None, str]]) -> None:
    facts = tools_and_resources.extract(Context(parse(text, "t.txt")))
    got = [(f.key, f.title) for f in facts if isinstance(f, ToolFact)]
    assert sorted(got, key=str) == sorted(expected, key=str)
