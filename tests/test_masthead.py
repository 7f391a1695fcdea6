"""Masthead extractor: each field read by evidence from mastheads as real first pages print them
(flattened, glued, damaged, missing), in English and Chinese. Snippets are written for the tests
in the forms of the document families; no real text is copied here."""

from __future__ import annotations

import pytest

from palermo.extract import citations, extract_all
from palermo.extract.checks import admits
from palermo.extract.context import Context
from palermo.models import DocumentMeetingFact
from palermo.reader import parse

GA_RESOLUTION_GLUED = """\
A/RES/78/228 Improving the coordination of efforts against trafficking in persons
United Nations
General Assembly
Distr.: General
2 January 2024
Seventy-eighth session
Agenda item 109
Resolution adopted by the General Assembly on 22 December 2023
[on the report of the Third Committee (A/78/461)]
78/228. Improving the coordination of efforts against trafficking in persons
The General Assembly,
Reaffirming its resolutions 64/293 of 30 July 2010 and 76/7 of 22 November 2021,
1. Urges Member States to implement the Protocol;
"""

HRC_REPORT_FLAT = (
    "A/HRC/26/37. General Assembly Distr.: General 2 April 2014 Original: English Human Rights Council "
    "Twenty-sixth session Agenda item 3 Promotion and protection of all human rights Report of the Special "
    "Rapporteur on trafficking in persons, especially women and children Summary The present report is "
    "submitted pursuant to Human Rights Council resolution 17/1 (see A/HRC/23/48). GE.14-12345\n"
)

WG_SOM_REPORT = """\
CTOC/COP/WG.7/2013/4

Conference of the Parties to the United Nations Convention against Transnational Organized Crime

Distr.: General
25 November 2013
Original: English

Report on the meeting of the Working Group on the Smuggling of Migrants held in Vienna from 11 to 13 November 2013

I. Introduction

1. The Working Group held its first meeting in Vienna from 30 May to 1 June 2012.
"""

CCPCJ_DRAFT = """\
E/CN.15/2014/L.5

Economic and Social Council

Distr.: Limited
14 May 2014
Original: English

Commission on Crime Prevention and Criminal Justice
Twenty-third session
Vienna, 12-16 May 2014
Agenda item 6
Use and application of United Nations standards and norms

Argentina, Austria and Thailand: draft resolution

Preventing and combating trafficking in human organs

The Commission on Crime Prevention and Criminal Justice,

Recalling Economic and Social Council resolution 2004/22 of 21 July 2004, in which the Council
requested the Secretary-General to study the extent of trafficking in human organs and the ways
of addressing it, and its resolution 2008/33 of 25 July 2008 on the same subject, in which it
encouraged Member States to adopt legislation and take measures against the illicit removal of
and trafficking in organs, taking into account the relevant international instruments,
"""

WG_NOTE = """\
CTOC/COP/WG.4/2015/2
Distr.: General
31 August 2015
Original: English
Working Group on Trafficking in Persons
Vienna, 16-18 November 2015
Item 2 of the provisional agenda*
The concept of “exploitation” in the Trafficking in Persons Protocol
Note by the Secretariat
I. Introduction
1. In its resolution 7/1, the Conference requested the Working Group to meet.
"""

COP_DECISION_PAGE = """\
Decisions in Arabic - Chinese - English - French - Russian - Spanish
Decision 4/4
Trafficking in human beings
The Conference of the Parties to the United Nations Convention against Transnational Organized Crime,
Recalling General Assembly resolution 55/25 of 15 November 2000,
1. Acknowledges that the Protocol is the principal legally binding global instrument;
"""

SPLIT_SYMBOL_AGENDA = """\
• 검색 결과가 없습니다.
Share "Economic and Social Council E"
United Nations E
/CN.15/2011/1
Economic and Social Council
Distr.: General 20 January 2011 Original: English
Commission on Crime Prevention and Criminal Justice
Twentieth session Vienna, 11-15 April 2011 Item 2 of the provisional agenda
Adoption of the agenda and other organizational matters
Provisional agenda and annotations
1. Election of officers.
"""

PRESS_RELEASE = """\
For information only - not an official document
UNIS/CP/685REV
11 October 2012
Threat of transnational organized crime to be the focus of Member States at Vienna Conference
VIENNA, 11 October (UN Information Service) - The sixth session of the Conference of the Parties opens.
"""

WEB_STORY = (
    "Vienna, 13 October 2023. According to the Global Report on Trafficking in Persons, organized criminal "
    "groups are responsible for most detected victims. The 13th meeting of the Working Group on Trafficking in "
    "Persons discussed child trafficking.\n"
)

ZH_SG_REPORT_GLUED = (
    "UnitedNationsA/77/292 General装配Distr.:General15 August2022 原件:英文 第七十七届会议 临时议程*项目26 "
    "提高妇女地位 贩运妇女和女童 秘书长的报告** 根据大会第75/158号决议提交的本报告载有信息。 *A/77/150。\n"
)

ZH_COP_REPORT = """\
您的当前位置：首页 > 文件
CTOC/COP/2010/17
联合国打击跨国有组织犯罪公约缔约方会议
Distr.: General
2 December 2010
Chinese
Original: English
联合国打击跨国有组织犯罪公约缔约方会议第五届会议 2010 年 10 月 18 日至 22 日在维也纳举行的报告
一. 缔约方会议通过的决议和决定
1. 缔约方会议在其第五届会议上通过了下列决议和决定。
"""

ZH_PRESS = """\
Skip to main content
新闻稿 特别程序
以切除器官为目的的人口贩运
2014年6月13日
日内瓦(2014年6月13日)——即将卸任的联合国贩运人口问题特别报告员介绍其最新报告。
"""

ZH_GA_RESOLUTION = """\
联 合 国 A/RES/64/293

大 会 Distr.: General
12 August 2010

第六十四届会议
议程项目 104

2010 年 7 月 30 日大会决议

[未经发交主要委员会 (A/64/L.64)]

64/293. 联合国打击贩运人口全球行动计划

大会，

回顾其 2008 年 12 月 18 日第 63/194 号决议，
"""

ZH_HRC_RESOLUTION = """\
联 合 国 A/HRC/RES/26/8

大 会 Distr.: General
14 July 2014
Chinese
原文：英文

人权理事会
第二十六届会议
议程项目 3

人权理事会通过的决议

26/8. 贩运人口问题，特别是妇女和儿童问题

人权理事会，

回顾大会第 64/293 号决议，
"""

CASES = [
    (
        "a GA resolution symbol glued to its title",
        GA_RESOLUTION_GLUED,
        {
            "symbol": "A/RES/78/228",
            "date": "2024-01-02",
            "doc_type": "resolution",
            "body": "GA",
            "session": "78",
            "agenda_item": "109",
            "title": "Improving the coordination of efforts against trafficking in persons",
        },
    ),
    (
        "a flattened HRC report with its symbol glued to the body",
        HRC_REPORT_FLAT,
        {"symbol": "A/HRC/26/37", "date": "2014-04-02", "doc_type": "report", "body": "HRC", "session": "26"},
    ),
    (
        "a report of another working group of the Conference",
        WG_SOM_REPORT,
        {"symbol": "CTOC/COP/WG.7/2013/4", "doc_type": "report", "body": "WG-SOM", "date": "2013-11-25"},
    ),
    (
        "a draft resolution of the Commission",
        CCPCJ_DRAFT,
        {
            "symbol": "E/CN.15/2014/L.5",
            "doc_type": "resolution",
            "body": "CCPCJ",
            "session": "23",
            "date": "2014-05-14",
            "title": "Preventing and combating trafficking in human organs",
        },
    ),
    (
        "a note by the Secretariat",
        WG_NOTE,
        {
            "doc_type": "note",
            "body": "WG-TIP",
            "agenda_item": "2",
            "title": "The concept of “exploitation” in the Trafficking in Persons Protocol",
        },
    ),
    (
        "a COP decision page with a language bar",
        COP_DECISION_PAGE,
        {"symbol": None, "doc_type": "decision", "body": "COP", "title": "Trafficking in human beings"},
    ),
    (
        "a symbol split over two lines under mirror junk",
        SPLIT_SYMBOL_AGENDA,
        {
            "symbol": "E/CN.15/2011/1",
            "doc_type": "agenda",
            "body": "CCPCJ",
            "date": "2011-01-20",
            "session": "20",
            "title": "Provisional agenda and annotations",
        },
    ),
    (
        "a press release",
        PRESS_RELEASE,
        {
            "symbol": "UNIS/CP/685REV",
            "date": "2012-10-11",
            "doc_type": "other",
            "title": "Threat of transnational organized crime to be the focus of Member States at Vienna Conference",
        },
    ),
    ("a web story with a dateline", WEB_STORY, {"symbol": None, "date": "2023-10-13", "doc_type": "other"}),
    (
        "a machine-translated Chinese report with a glued English masthead",
        ZH_SG_REPORT_GLUED,
        {"symbol": "A/77/292", "date": "2022-08-15", "doc_type": "report", "session": "77"},
    ),
    (
        "a Chinese COP report behind a mirror's breadcrumb",
        ZH_COP_REPORT,
        {
            "symbol": "CTOC/COP/2010/17",
            "doc_type": "report",
            "body": "COP",
            "session": "5",
            "title": "联合国打击跨国有组织犯罪公约缔约方会议第五届会议 2010 年 10 月 18 日至 22 日在维也纳举行的报告",
        },
    ),
    (
        "a Chinese GA resolution",
        ZH_GA_RESOLUTION,
        {
            "symbol": "A/RES/64/293",
            "date": "2010-08-12",
            "doc_type": "resolution",
            "body": "GA",
            "session": "64",
            "agenda_item": "104",
            "title": "联合国打击贩运人口全球行动计划",
        },
    ),
    (
        "a Chinese HRC resolution, original language in Chinese",
        ZH_HRC_RESOLUTION,
        {
            "symbol": "A/HRC/RES/26/8",
            "doc_type": "resolution",
            "body": "HRC",
            "session": "26",
            "agenda_item": "3",
            "original_language": "英文",
        },
    ),
    (
        "a Chinese press release under its category line",
        ZH_PRESS,
        {"date": "2014-06-13", "doc_type": "other", "title": "以切除器官为目的的人口贩运"},
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_masthead(case: str, text: str, expected: dict[str, str | None]) -> None:
    head = Context(parse(text, "t.txt")).masthead
    got = {k: head.value(k) for k in expected}
    assert got == expected


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_field_has_its_evidence(case: str, text: str, expected: dict[str, str | None]) -> None:
    head = Context(parse(text, "t.txt")).masthead
    for name in expected:
        found = getattr(head, name)
        if found is not None:
            assert found.evidence.quote, name
            assert text[found.evidence.span.start : found.evidence.span.end] == found.evidence.quote


def test_the_own_symbol_is_not_a_citation() -> None:
    facts = extract_all(parse(ZH_SG_REPORT_GLUED, "t.txt")).facts
    cited = {getattr(f, "symbol", None) for f in facts if type(f).__name__ == "CitationFact"}
    assert "A/77/292" not in cited and "A/77/150" in cited


def test_the_own_act_symbol_is_not_a_citation() -> None:
    facts = extract_all(parse(GA_RESOLUTION_GLUED, "t.txt")).facts
    acts = {f.act.number for f in facts if type(f).__name__ == "CitationFact" and f.act}  # type: ignore[attr-defined]
    assert acts == {"64/293", "76/7"}


@pytest.mark.parametrize(
    ("text", "symbols"),
    [
        (
            "E/2000/30 E/CN.15/2000/7\nCommission on Crime Prevention and Criminal Justice\n",
            {"E/2000/30", "E/CN.15/2000/7"},
        ),
        (
            "CTOC/COP/WG.4/2010/CRP.\n\n22 September 2010\n\nEnglish only\n\nCTOC/COP/WG.4/2010/CRP.1\n",
            {"CTOC/COP/WG.4/2010/CRP.1"},
        ),
        ("Report\n\n1. As noted in document CTOC/COP/2008/7, the Conference met.\n", set()),
        ("Working paper\n\n* CTOC/COP/2008/1.\n", set()),
    ],
    ids=["two symbols alone on a line", "a cut symbol completed", "a symbol in running text", "a footnote"],
)
def test_own_symbols(text: str, symbols: set[str]) -> None:
    assert set(Context(parse(text, "t.txt")).masthead.symbols) == symbols


def test_a_session_line_without_body_names_the_only_body_with_that_many_sessions() -> None:
    doc = parse(
        "date 2022-10-05 Seventy-seventh session\n\nItem 26 of the provisional agenda*\n\nSummary\n\n"
        "The present report is submitted.\n",
        "t.txt",
    )
    facts = [f for f in extract_all(doc).facts if isinstance(f, DocumentMeetingFact)]
    assert [(f.meeting.body, f.meeting.ordinal, f.agenda_item) for f in facts] == [("GA", 77, "26")]


def test_shapes_read_for_checks() -> None:
    assert admits("agenda-item", "103") and not admits("agenda-item", "1034")
    assert admits("ordinal", 11) and not admits("ordinal", 0) and not admits("ordinal", 120)
    assert (
        admits("article-paragraph", "(a)")
        and admits("article-paragraph", "3(d)")
        and not admits("article-paragraph", "x")
    )
    assert admits("symbol", "CTOC/COP/WG.4/2021/4") and not admits("symbol", "ctoc cop")


# Round three (issue 25): Security Council resolutions, dataset record ids, datelines of news pages,
# an act heading run into its preamble.
SC_RESOLUTION = """\
S/RES/2388 (2017)
Security Council Distr.: General 21 November 2017
Resolution 2388 (2017)
Adopted by the Security Council at its 8111th meeting, on 21 November 2017
The Security Council, Recalling its resolution 2331 (2016), Reaffirming its commitment,
"""

ZH_SC_RESOLUTION = """\
联合国 S/RES/2331 (2016)

安全理事会 Distr.: General
20 December 2016

第2331(2016)号决议

安全理事会2016年12月20日第7847次会议通过

安全理事会,

回顾其第2195(2014)号决议,
"""

DATASET_ROWS = """\
id | content | record
---|---|---
3
|
5. 本报告是根据大会决议提交的。
|
A_78_96
|
4
|
6. 委员会第三十二届会议审议了本报告。
|
A_78_96
|
"""

CHR_RESOLUTION_FLAT = (
    "OFFICE OF THE HIGH COMMISSIONER Trafficking in women Commission on Human Rights resolution 2002/51 "
    "The Commission on Human Rights, Recalling its resolution 2001/48 and all previous resolutions, "
    "Reaffirming the Beijing Declaration, Welcoming the entry into force of the Protocol,\n"
)

CASES_3: list[tuple[str, str, dict[str, str | None]]] = [
    (
        "a Security Council resolution: its symbol with the year, its number without",
        SC_RESOLUTION,
        {"symbol": "S/RES/2388 (2017)", "doc_type": "resolution", "body": "SC", "date": "2017-11-21"},
    ),
    (
        "a Chinese Security Council resolution",
        ZH_SC_RESOLUTION,
        {"symbol": "S/RES/2331 (2016)", "doc_type": "resolution", "date": "2016-12-20"},
    ),
    ("a dataset's record id as the symbol", DATASET_ROWS, {"symbol": "A/78/96"}),
    (
        "a dateline without its comma",
        "Migrant smuggling meeting closes\n\nGeneva (Switzerland) 9 March 2022 – Delegates from 90 States met.\n",
        {"date": "2022-03-09", "doc_type": "other"},
    ),
    (
        "a news page's publication line",
        "Assembly adopts text on trafficking\n\nJane Roe Published June 3, 2021 | 10:15 AM\n\nThe text was adopted.\n",
        {"date": "2021-06-03"},
    ),
    (
        "a date opening a summary, with a colon",
        "8 March 2016: The Commission opened its session in Vienna with a debate on smuggling.\n",
        {"date": "2016-03-08"},
    ),
    (
        "a Chinese page's posting time before its source",
        "首页 | 新闻 | 国际\n\n工作组会议闭幕\n\n发布时间:2019-07-05 18:20   来源:新华社\n\n  会议5日在维也纳闭幕。\n",
        {"date": "2019-07-05"},
    ),
    (
        "a Chinese news time glued to the date",
        "大会审议贩运人口问题\n\n2013年05月14日09:12 | 来源:新闻网\n\n大会13日举行会议。\n",
        {"date": "2013-05-14"},
    ),
    (
        "a Chinese story that opens on its date",
        "2021年10月12日,缔约方会议第十一届会议在维也纳开幕。代表团团长在会上发言。\n",
        {"date": "2021-10-12"},
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES_3, ids=[c[0] for c in CASES_3])
def test_masthead_round_three(case: str, text: str, expected: dict[str, str | None]) -> None:
    head = Context(parse(text, "t.txt")).masthead
    assert {k: head.value(k) for k in expected} == expected
    for name in expected:
        found = getattr(head, name)
        if found is not None:
            assert text[found.evidence.span.start : found.evidence.span.end] == found.evidence.quote


@pytest.mark.parametrize(
    ("text", "act"),
    [
        (SC_RESOLUTION, ("SC", "resolution", "2388")),
        (ZH_SC_RESOLUTION, ("SC", "resolution", "2331")),
        (CHR_RESOLUTION_FLAT, ("CHR", "resolution", "2002/51")),  # the body its heading names
    ],
)
def test_the_own_act(text: str, act: tuple[str, str, str]) -> None:
    head = Context(parse(text, "t.txt")).masthead
    assert head.act is not None and (head.act.body, head.act.kind, head.act.number) == act
    assert head.value("doc_type") == "resolution"


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        # every cue together: a preamble's opening, preambular and operative paragraphs make an act …
        (
            "The Conference of the Parties,\n\nRecalling its decision 4/4,\n\n1. Adopts the programme of work;\n\n"
            "2. Decides to convene the working group.\n",
            "resolution",
        ),
        (
            "人口贩运问题\n\n大会，\n\n回顾其第61/144号决议，\n\n1. 敦促会员国采取行动；\n\n2. 请秘书长提交报告。\n",
            "resolution",
        ),
        # … "the present report" a report …
        (
            "Trafficking in persons\n\nSummary\n\nThe present report is submitted pursuant to resolution 64/178.\n\n"
            "I. Introduction\n\n1. In its resolution, the Assembly requested a report.\n",
            "report",
        ),
        (
            "贩运人口问题\n\n摘要\n\n本报告根据大会第64/178号决议提交。\n\n一. 导言\n\n1. 大会请秘书长提交报告。\n",
            "report",
        ),
        # … numbered paragraphs that do not act are no act; nothing pointing elsewhere: other
        (
            "The Working Group,\n\n1. The Working Group met in Vienna.\n\n2. The Chair opened the meeting.\n",
            "other",
        ),
        ("Traffic news\n\nVienna, 3 May 2019 - Delegates met today to discuss trafficking.\n", "other"),
    ],
)
def test_type_from_every_cue(text: str, doc_type: str) -> None:
    assert Context(parse(text, "t.txt")).masthead.value("doc_type") == doc_type


def test_an_earlier_draft_symbol_as_running_head_is_not_a_citation() -> None:
    """A report printed with its draft's symbol at every page top: that symbol is its own."""
    text = (
        "CTOC/COP/WG.4/2016/L.1\n\nReport of the Working Group on Trafficking in Persons\n\nI. Introduction\n\n"
        "1. The Working Group met in Vienna.\n\nCTOC/COP/WG.4/2016/L.1\n\n2. It adopted the report "
        "(see CTOC/COP/WG.4/2016/2).\n\nCTOC/COP/WG.4/2016/L.1\n\n3. It closed.\n"
    )
    ctx = Context(parse(text, "t.txt"))
    symbols = [f.symbol for f in citations.extract(ctx)]
    assert symbols == ["CTOC/COP/WG.4/2016/2"]


def test_a_news_timestamp_dates_the_page() -> None:
    text = "Assembly committee adopts text\n\n 4 October 2022 18:30 (UTC+04:00)\n\nOn 3 October, the committee met.\n"
    assert Context(parse(text, "t.txt")).masthead.value("date") == "2022-10-04"
