"""Meetings extractor on short snippets: ordinals, bodies, dates, places, sittings that are not meetings."""

from __future__ import annotations

import pytest

from palermo.extract import meetings
from palermo.extract.context import Context
from palermo.models import DocumentMeetingFact, MeetingFact, MeetingRef
from palermo.reader import parse

ZH_HEAD = "一. 导言\n\n"
EN_HEAD = "I. Introduction\n\n"


def refs(text: str) -> list[tuple[str, int | None, str | None, str | None, str | None]]:
    doc = parse(text, "t.txt")
    return sorted(
        {
            (f.meeting.body, f.meeting.ordinal, f.meeting.start, f.meeting.end, f.meeting.place)
            for f in meetings.extract(Context(doc))
            if isinstance(f, MeetingFact) and not f.chair
        },
        key=str,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ordinals paired with dates in order, the place shared
        (
            ZH_HEAD + "1. 本工作组分别于 2009 年 4 月 14 日至 15 日、2010 年 1 月 27 日至 29 日和 2010 年 10 月 19 日"
            "在维也纳举行了第一、第二和第三届会议。",
            [
                ("WG-TIP", 1, "2009-04-14", "2009-04-15", "vienna"),
                ("WG-TIP", 2, "2010-01-27", "2010-01-29", "vienna"),
                ("WG-TIP", 3, "2010-10-19", "2010-10-19", "vienna"),
            ],
        ),
        # body before the ordinal, COP sessions
        (
            ZH_HEAD + "1. 缔约方会议第 5/2 号决议决定工作组应在缔约方会议第六届会议之前举行会议。",
            [("COP", 6, None, None, None)],
        ),
        # a date just before the ordinal it belongs to; other ordinals of the sentence without dates
        (
            ZH_HEAD + "1. 工作组审议了第十次会议的建议草案，推迟到定于 2022 年 6 月举行的工作组第十二次会议，"
            "供缔约方会议第十一届会议通过。",
            [("COP", 11, None, None, None), ("WG-TIP", 10, None, None, None), ("WG-TIP", 12, "2022-06", None, None)],
        ),
        # a list of ordinals, each with its unit
        (
            ZH_HEAD + "1. 工作组回顾了其第一次、第二次和第三次会议的建议以及缔约方会议第五届和第六届会议的决议。",
            [
                ("COP", 5, None, None, None),
                ("COP", 6, None, None, None),
                ("WG-TIP", 1, None, None, None),
                ("WG-TIP", 2, None, None, None),
                ("WG-TIP", 3, None, None, None),
            ],
        ),
        (ZH_HEAD + "1. 工作组在 2013 年 11 月 6 日第 1 次和第 2 次会议上审议了议程项目 2。", []),
        # dates alone, resolved through the calendar
        (
            ZH_HEAD + "1. 工作组的此前会议分别于下列日期举行：2009 年 4 月 14 日至 15 日"
            "以及 2011 年 10 月 10 日至 12 日。",
            [("WG-TIP", 1, "2009-04-14", "2009-04-15", None), ("WG-TIP", 4, "2011-10-10", "2011-10-12", None)],
        ),
        # sittings are not meetings
        (ZH_HEAD + "1. 工作组 2013 年 11 月 6 日第 1 次会议以协商一致的方式通过了议程。", []),
        (ZH_HEAD + "1. 工作组在 2021 年 10 月 13 日第三和第四场会议上审议了议程项目 4。", []),
        # a congress is not a meeting of the two bodies
        (ZH_HEAD + "1. 第十三届联合国预防犯罪和刑事司法大会在 2015 年通过了宣言。", []),
        # a meeting held on dates the calendar does not know keeps its dates
        (
            ZH_HEAD + "1. 贩运人口问题工作组于 2030 年 3 月 4 日至 6 日在维也纳举行了会议。",
            [("WG-TIP", None, "2030-03-04", "2030-03-06", "vienna")],
        ),
        # English
        (
            EN_HEAD + "1. The first meeting of the Working Group was held in Vienna from 14 to 15 April 2009. "
            "It decided to hold its second meeting in Vienna from 27 to 29 January 2010.",
            [("WG-TIP", 1, "2009-04-14", "2009-04-15", "vienna"), ("WG-TIP", 2, "2010-01-27", "2010-01-29", "vienna")],
        ),
        (
            EN_HEAD + "1. The Conference of the Parties at its fifth session adopted resolution 5/2.",
            [("COP", 5, None, None, None)],
        ),
        # a bare "Working Group" is the working group the text named last, not always WG-TIP
        (
            EN_HEAD + "1. The Open-ended Interim Working Group of Government Experts on Technical Assistance met. "
            "The Working Group held its second meeting in 2007.",
            [("WG-TA", 2, "2007", None, None)],
        ),
        (
            EN_HEAD + "1. The Working Group on the Smuggling of Migrants held its first meeting in Vienna from "
            "30 May to 1 June 2012.",
            [("WG-SOM", 1, "2012-05-30", "2012-06-01", "vienna")],
        ),
        # after a working group the tables do not know, "the Working Group" names no body of ours
        (
            EN_HEAD + "1. The Open-ended Intergovernmental Working Group on Asset Recovery held its fourth meeting. "
            "The Working Group held its fifth meeting in 2010.",
            [],
        ),
        # the session of the Conference the sentence names after the ordinal
        (
            EN_HEAD + "1. The Working Group met during the third session of the Conference of the Parties, "
            "held from 9 to 18 October 2006.",
            [("COP", 3, "2006-10-09", "2006-10-18", None)],
        ),
        # a range after the ordinal and its body, not the side event's day before it
        (
            EN_HEAD + "1. A side event was held on 19 October 2010, in the margins of the fifth session of the "
            "Conference of the Parties to the United Nations Convention against Transnational Organized Crime "
            "(UNTOC), conducted in Vienna from 18-22 October 2010.",
            [("COP", 5, "2010-10-18", "2010-10-22", "vienna")],
        ),
        # other bodies' sessions, in words or figures, and acronyms
        (
            EN_HEAD + "1. At its sixtieth session, the Commission on Human Rights adopted decision 2004/110. "
            "The Conference of the Parties (COP) opened its 11th session (COP11). The Chair of the CCPCJ at its "
            "thirty-second session spoke.",
            [("CCPCJ", 32, None, None, None), ("CHR", 60, None, None, None), ("COP", 11, None, None, None)],
        ),
        (ZH_HEAD + "1. 联合国预防犯罪和刑事司法委员会第27届会议期间签署了计划。", [("CCPCJ", 27, None, None, None)]),
        (ZH_HEAD + "1. 《联合国打击跨国有组织犯罪公约》第五次缔约方会议在维也纳举行。", [("COP", 5, None, None, None)]),
        # an elliptic list: the dates no ordinal takes are meetings the calendar knows
        (
            EN_HEAD + "1. The Working Group held its first meeting in Vienna on 14 and 15 April 2009, its second "
            "from 27 to 29 January 2010 and its third on 19 October 2010.",
            [
                ("WG-TIP", 1, "2009-04-14", "2009-04-15", "vienna"),
                ("WG-TIP", 2, "2010-01-27", "2010-01-29", "vienna"),
                ("WG-TIP", 3, "2010-10-19", "2010-10-19", "vienna"),
            ],
        ),
        # sittings, page and paragraph numbers are not meetings
        (EN_HEAD + "1. At its 2nd meeting, the Working Group adopted its agenda.", []),
        (EN_HEAD + "1. Adopted at the 45th meeting of the Human Rights Council on 26 March 2010.", []),
        (EN_HEAD + "1. The 75th plenary meeting of the General Assembly.", []),
        (ZH_HEAD + "1. 人权理事会 2010 年 3 月 26 日第 45 次会议通过。", []),
        (ZH_HEAD + "1. 工作组第四十二次会议。", []),  # beyond any meeting the Working Group can have held
        (ZH_HEAD + "1. 第九届联合国预防犯罪和罪犯待遇大会。", []),  # a congress, not the General Assembly
        # a year alone dates the meeting it is paired with
        (
            ZH_HEAD + "1. 自 2009 年举行第一次会议以来，贩运人口问题工作组一直在讨论。",
            [("WG-TIP", 1, "2009", None, None)],
        ),
    ],
)
def test_mentions(text: str, expected: list[tuple[object, ...]]) -> None:
    assert refs(text) == sorted(expected, key=str)


@pytest.mark.parametrize(
    ("number", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十三", 23), ("十二", 12), ("eleventh", 11), ("7", 7), ("abc", None)],
)
def test_number(number: str, value: int | None) -> None:
    lang = "en" if number.isascii() and number.isalpha() else "zh"
    from palermo import lang as langs

    assert langs.load(lang).number(number) == value


def own(text: str) -> tuple[MeetingRef, str | None, str] | None:
    facts = [f for f in meetings.document_meeting(Context(parse(text, "t.txt"))) if isinstance(f, DocumentMeetingFact)]
    return (facts[0].meeting, facts[0].agenda_item, facts[0].relation) if facts else None


def test_document_serves_meeting_from_masthead() -> None:
    text = (
        "贩运人口问题工作组\n\n2019 年 9 月 9 日至 11 日，维也纳\n\n临时议程项目 2\n\n预防\n\n"
        "秘书处编写的背景文件\n\n一. 导言\n\n1. 正文。\n"
    )
    assert own(text) == (MeetingRef("WG-TIP", 9, "2019-09-09", "2019-09-11", "vienna"), "2", "serves")


def test_report_is_of_the_meeting_in_its_title() -> None:
    text = (
        "贩运人口问题工作组 2021 年 10 月 12 日和 13 日在维也纳举行的会议 报告\n\n一. 引言\n\n"
        "1. 贩运人口问题工作组 2021 年 10 月 12 日和 13 日在维也纳举行的第十一次会议通过了下列建议。\n"
    )
    assert own(text) == (MeetingRef("WG-TIP", 11, "2021-10-12", "2021-10-13", "vienna"), None, "reports")


def test_report_ordinal_from_the_text_when_the_calendar_does_not_know() -> None:
    text = (
        "贩运人口问题工作组 2031 年 5 月 5 日和 6 日在维也纳举行的会议 报告\n\n一. 引言\n\n"
        "1. 贩运人口问题工作组 2031 年 5 月 5 日和 6 日在维也纳举行的第二十次会议通过了下列建议。\n"
    )
    assert own(text) == (MeetingRef("WG-TIP", 20, "2031-05-05", "2031-05-06", "vienna"), None, "reports")


def test_resolution_adopted_at_its_session() -> None:
    text = (
        "## 第 5/2 号决议\n\n执行情况\n\n《联合国打击跨国有组织犯罪公约》缔约方会议，\n\n"
        "回顾第 32 条，\n\n1. 敦促各国；\n"
    )
    assert own(text) == (MeetingRef("COP", 5), None, "adopted-at")


@pytest.mark.parametrize(
    ("sentence", "name", "iso3"),
    [
        ("31. 会议由工作组主席 Manizha Bakhtari（阿富汗）宣布开幕。", "Manizha Bakhtari", "AFG"),
        ("31. 工作组会议由 Blanka Jamnišek（斯洛文尼亚）担任主席。", "Blanka Jamnišek", "SVN"),
    ],
)
def test_chair(sentence: str, name: str, iso3: str) -> None:
    head = "贩运人口问题工作组 2013 年 11 月 6 日至 8 日在维也纳举行会议的报告\n\n一. 导言\n\n"
    text = head + sentence.replace("31.", "1.") + "\n"
    chairs = [f for f in meetings.extract(Context(parse(text, "t.txt"))) if isinstance(f, MeetingFact) and f.chair]
    assert [(f.chair, f.chair_country, f.meeting.ordinal) for f in chairs] == [(name, iso3, 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year opening the clause of a meeting dates it, with no verb of holding
        (ZH_HEAD + "7. 2016 年，工作组第七次会议建议缔约国加强合作。", [("WG-TIP", 7, "2016", None, None)]),
        (ZH_HEAD + "3. 人权委员会于2005年第六十一届会议审议了该报告。", [("CHR", 61, "2005", None, None)]),
        (
            EN_HEAD + "1. In 2017, the seventh session of the Working Group on Trafficking in Persons discussed it.",
            [("WG-TIP", 7, "2017", None, None)],
        ),
        # a year that opens another clause dates nothing
        (ZH_HEAD + "4. 2012 年通过的决定中，工作组第四次会议审议了。", [("WG-TIP", 4, None, None, None)]),
    ],
)
def test_a_year_one_clause_before_its_meeting(text: str, expected: list[tuple[object, ...]]) -> None:
    assert refs(text) == expected


def test_dates_on_the_side_the_language_prints_them() -> None:
    """An ordinal between two dated meetings takes the dates printed after it in English."""
    text = (
        EN_HEAD + "1. At the request of the Chair of the 9th session of the Working Group on Trafficking in Persons, "
        "held on 5 and 6 May 2019 At its 8th session, held from 1 to 3 March 2018, the Working Group had a draft."
    )
    assert refs(text) == [
        ("WG-TIP", 8, "2018-03-01", "2018-03-03", None),
        ("WG-TIP", 9, "2019-05-05", "2019-05-06", None),
    ]


@pytest.mark.parametrize(
    ("text", "session"),
    [
        # a session the running text speaks of is not the document's own session line
        ("Non-paper\n\nAt its 6th session, held from 2 to 4 May 2016, the Working Group discussed it.\n", None),
        ("说明\n\n该报告已于2019年5月由预防犯罪和刑事司法委员会第二十八届会议核准。\n", None),
        ("原件:英文第七十四届会议 临时议程*项目28\n", "74"),  # a flattened masthead keeps its session
        ("大会\n第七十四届会议\n", "74"),
    ],
)
def test_the_session_line_is_not_any_session(text: str, session: str | None) -> None:
    assert Context(parse(text, "t.txt")).masthead.value("session") == session


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a session of the Conference and a meeting of its working group in one sentence, not confused
        (
            EN_HEAD + "1. At its fifth session, the Conference of the Parties established the Working Group on "
            "Trafficking in Persons, which held its first meeting in 2009.",
            [("COP", 5, None, None, None), ("WG-TIP", 1, "2009", None, None)],
        ),
        (
            ZH_HEAD + "1. 缔约方会议第五届会议设立了贩运人口问题工作组，该工作组于2009年举行了第一次会议。",
            [("COP", 5, None, None, None), ("WG-TIP", 1, "2009", None, None)],
        ),
        (
            EN_HEAD + "1. The Working Group on the Smuggling of Migrants held its second meeting in Vienna from 30 May "
            "to 1 June 2012, during the sixth session of the Conference.",
            [("COP", 6, None, None, None), ("WG-SOM", 2, "2012-05-30", "2012-06-01", "vienna")],
        ),
        # the Conference by an ordinal before its name, in both languages
        (EN_HEAD + "1. The fifth Conference of States Parties closed today.", [("COP", 5, None, None, None)]),
        (ZH_HEAD + "1. 第九届缔约方大会开幕式在维也纳举行。", [("COP", 9, None, None, None)]),
    ],
)
def test_sessions_and_working_group_meetings_apart(text: str, expected: list[tuple[object, ...]]) -> None:
    assert refs(text) == expected


def test_a_press_release_the_day_after_a_session_reports_on_it() -> None:
    """A page dated the day after a session of a body it names (its close) reports on that session."""
    text = (
        "UNIS/CP/999\n9 July 2004\n\nConference of the Parties closes its session\n\nVIENNA, 9 July "
        "(UN Information Service) -- The Conference of the Parties to the United Nations Convention against "
        "Transnational Organized Crime ended today.\n"
    )
    own = Context(parse(text, "t.txt")).meetings.own
    assert own is not None and (own.ref.body, own.ref.ordinal, own.relation) == ("COP", 1, "reports")
