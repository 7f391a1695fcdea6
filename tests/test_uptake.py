"""Recommendation uptake: a sentence taking up the recommendations of an earlier meeting, on short
snippets of both languages (acts and reports; the forms that must not be read as uptake too)."""

from __future__ import annotations

import pytest

from palermo.extract import recommendations
from palermo.extract.context import Context
from palermo.graph.query import library, run, with_params
from palermo.graph.store import open_store
from palermo.models import RecommendationUptakeFact
from palermo.pipeline import BuildResult
from palermo.reader import parse

ZH_ACT = "## 第 5/2 号决议\n\n缔约方会议，\n\n"
EN_ACT = "Resolution 5/2\n\nThe Conference of the Parties,\n\n"
ZH_REPORT = "贩运人口问题工作组 2021 年 10 月 12 日和 13 日在维也纳举行的会议 报告\n\n一. 引言\n\n"
EN_REPORT = (
    "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 12 and 13 October 2021\n\n"
    "I. Introduction\n\n"
)

CASES = [
    (  # meetings named by their dates only, in a list, before the recommendations (zh)
        ZH_ACT + "1. 欢迎贩运人口问题工作组开展的工作，包括 2009 年 4 月 14 日和 15 日、2010 年 1 月 27 日和 29 日"
        "以及 2010 年 10 月 19 日举行的工作组会议提出的建议；\n",
        [("para/1", 1, "welcomes"), ("para/1", 2, "welcomes"), ("para/1", 3, "welcomes")],
    ),
    (  # … and after them (en)
        EN_ACT + "1. Welcomes the work of the Working Group on Trafficking in Persons, including the recommendations "
        "made at the meetings held in Vienna on 14 and 15 April 2009, 27 and 29 January 2010 and 19 October 2010;\n",
        [("para/1", 1, "welcomes"), ("para/1", 2, "welcomes"), ("para/1", 3, "welcomes")],
    ),
    (  # no uptake verb in the sentence: the act's paragraph verb (requests action on them)
        ZH_ACT + "1. 请缔约国执行贩运人口问题工作组第五次会议通过的建议；\n",
        [("para/1", 5, "requests")],
    ),
    (
        EN_ACT + "1. Requests States parties to implement the recommendations of the Working Group on Trafficking in "
        "Persons adopted at its fifth meeting;\n",
        [("para/1", 5, "requests")],
    ),
    (
        EN_ACT + "1. Takes note of the recommendations adopted by the Working Group on Trafficking in Persons at its "
        "sixth meeting, held in Vienna from 16 to 18 November 2015;\n",
        [("para/1", 6, "takes-note")],
    ),
    (
        ZH_ACT + "1. 赞同贩运人口问题工作组第六次会议通过的各项建议；\n",
        [("para/1", 6, "endorses")],
    ),
    (  # a report recalling an earlier meeting's recommendations; its own meeting's never count
        ZH_REPORT + "1. 工作组回顾了其第八次会议通过的建议。本次会议通过的建议载于第二章。\n",
        [("para/1", 8, "recalls")],
    ),
    (
        EN_REPORT + "1. The Working Group recalled the recommendations adopted at its eighth meeting.\n",
        [("para/1", 8, "recalls")],
    ),
    (  # the meeting named across a clause boundary made nothing the sentence takes up
        ZH_REPORT + "1. 工作组审议第十次会议产生的建议草案，同意将讨论推迟到工作组第十二次会议。\n",
        [("para/1", 10, "considers")],
    ),
    (  # a meeting adopting or recommending is not uptake: those are quoted (recommendations.extract)
        ZH_REPORT + "1. 2013 年，工作组第五次会议通过了以下与预防有关的建议：\n\n(a) 缔约国应当研究根源。\n\n"
        "2. 工作组第九次会议建议各缔约国加强合作。\n",
        [],
    ),
    (
        EN_REPORT + "1. At its ninth meeting, the Working Group recommended that States should:\n\n(a) Cooperate.\n",
        [],
    ),
    (  # a list of ordinals, each with its unit
        ZH_ACT + "回顾贩运人口问题工作组第一次和第二次会议提出的建议，\n\n1. 决定继续开展工作；\n",
        [("pp/1", 1, "recalls"), ("pp/1", 2, "recalls")],
    ),
    (  # the session that adopted resolutions made none of the recommendations named after them
        ZH_ACT + "1. 请缔约国执行缔约方会议第五届会议通过的决议以及贩运人口问题工作组第六次会议提出的建议；\n",
        [("para/1", 6, "requests")],
    ),
    (  # a meeting far from the recommendations did not make them (here: the survivors did)
        EN_ACT + "1. Decides to hold, at its twelfth session, a round table at which survivors of trafficking in "
        "persons, supported by specialized services and protected from any further harm, will share their "
        "experience and needs with States, so that States may take into account their recommendations;\n",
        [],
    ),
    (  # no verb before the recommendations, and not an act: nothing done with them
        ZH_REPORT + "1. 工作组第五次会议的建议载于 CTOC/COP/WG.4/2013/5 号文件。\n",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_uptake(text: str, expected: list[tuple[str, int, str]]) -> None:
    facts = recommendations.uptake(Context(parse(text, "t.txt")))
    assert all(isinstance(f, RecommendationUptakeFact) for f in facts)
    got = sorted(
        (f.evidence.block, f.meeting.ordinal, f.verb) for f in facts if isinstance(f, RecommendationUptakeFact)
    )
    assert got == expected
    for f in facts:
        assert f.evidence.quote.strip() == f.evidence.quote  # from the verb (or the paragraph's text) on
        assert f.meeting.body == "WG-TIP"


def test_evidence_runs_from_the_verb_to_the_meeting() -> None:
    text = EN_ACT + (
        "1. Welcomes the work of the Working Group on Trafficking in Persons, including the recommendations made "
        "at the meetings held in Vienna on 14 and 15 April 2009 and 19 October 2010;\n"
    )
    facts = sorted(recommendations.uptake(Context(parse(text, "t.txt"))), key=lambda f: f.evidence.span)
    assert [f.evidence.quote.split(" held in Vienna on ")[-1] for f in facts] == [
        "14 and 15 April 2009",
        "14 and 15 April 2009 and 19 October 2010",
    ]
    assert all(f.evidence.quote.startswith("Welcomes the work") for f in facts)
    assert all(text[f.evidence.span.start : f.evidence.span.end] == f.evidence.quote for f in facts)


def _lineage(built: BuildResult, meeting: str) -> list[dict[str, str]]:
    query = with_params(library()["recommendation-lineage"], {"meeting": meeting})
    result = run(open_store(built.out), query)
    return [dict(zip(result.columns, r)) for r in result.rows]


def test_lineage_of_the_first_meeting(built: BuildResult) -> None:
    """Resolution 5/2 paragraph 5 welcomes the recommendations of the meetings it names by their
    dates; the 2019 background paper quotes four of them."""
    rows = _lineage(built, "WG-TIP-1")
    (taken,) = [r for r in rows if r["step"] == "taken-up"]
    assert taken["verb"] == "welcomes"
    assert taken["document"].endswith("/act/cop/resolution/5-2")
    assert taken["paragraph"].endswith("/act/cop/resolution/5-2/zh/para/5")
    assert taken["recommendation"].endswith("/meeting/wg-tip/1/recommendations")
    assert "2009 年 4 月 14 日和 15 日" in taken["text"]
    quoted = [r for r in rows if r["step"] == "quoted"]
    assert [r["number"] for r in quoted] == ["(a)", "(b)", "(c)", "(d)"]
    assert {r["source"] for r in quoted} == {"004_6d5351d906e40ff2.txt"}
    assert rows.index(taken) < rows.index(quoted[0])  # in the order of the documents' dates


def test_lineage_of_the_fifth_meeting(built: BuildResult, golden) -> None:  # type: ignore[no-untyped-def]
    """Adopted in its report, quoted in the 2019 paper, each quotation linked to what it quotes."""
    rows = _lineage(built, "WG-TIP-5")
    adopted = {r["recommendation"] for r in rows if r["step"] == "adopted"}
    quoted = [r for r in rows if r["step"] == "quoted"]
    assert quoted and {r["source"] for r in quoted} == {"004_6d5351d906e40ff2.txt"}
    assert all(r["quotedFrom"] in adopted for r in quoted if r["quotedFrom"])
    assert sum(bool(r["quotedFrom"]) for r in quoted) >= len(quoted) // 2
    golden("recommendation-lineage-wg-tip-5", list(rows[0]), [list(r.values()) for r in rows])


def test_lineage_of_a_meeting_nobody_speaks_of(built: BuildResult) -> None:
    assert _lineage(built, "COP-3") == []


@pytest.mark.parametrize("meeting", ["WG-TIP-1", "WG-TIP-5"])
def test_lineage_dates_its_steps_as_document_dates_does(built: BuildResult, meeting: str) -> None:
    """The lineage carries document-dates' rule (SPARQL has no shared functions): the two agree."""
    dates = run(open_store(built.out), library()["document-dates"])
    dated = {r[0]: r[2] for r in dates.rows}
    steps = _lineage(built, meeting)
    assert steps and all(r["date"] == dated[r["source"]] for r in steps)
