"""English originals: mastheads as pdf-to-text leaves them, English forms of every fact kind,
language versions of one symbol, and the sample excerpts built end to end (golden rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared

from palermo.extract import actors, citations, meetings, recommendations
from palermo.extract.context import Context
from palermo.graph.query import library
from palermo.models import CitationFact, MeetingFact, ParticipationFact, RecommendationFact
from palermo.pipeline import BuildResult, build
from palermo.reader import parse, read
from palermo.resources import corpus_dir

DATA = Path(__file__).parent / "data"
QUERIES = sorted(library())  # every query of the library: its rows pinned before and after a change


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        (
            "01-wg4-2010-2-key-concepts-bp.txt",
            {
                "symbol": "CTOC/COP/WG.4/2010/2",
                "date": "2009-12-09",
                "agenda_item": "3",
                "body": "WG-TIP",
                "doc_type": "background-paper",
                "title": "Analysis of key concepts of the Trafficking in Persons Protocol",
            },
        ),
        (
            "03-wg4-2010-crp1-compensation-crp.txt",
            {
                "symbol": "CTOC/COP/WG.4/2010/CRP.1",
                "date": "2010-09-22",
                "original_language": "English",
                "meeting_line": "Vienna, 19 October 2010",
                "title": "National Approaches to Compensation of Victims of Trafficking in Persons",
            },
        ),
        (
            "04-unodc-wg-tip-jan-2010-side-event.txt",
            {
                "date": "2010-01-28",
                "body": "WG-TIP",
                "title": "Side Event to the Working Group on Trafficking in Persons: "
                "UNODC Technical Assistance Briefing",
            },
        ),
        (
            "06-a-conf222-11-congress-workshop-bp.txt",
            {"symbol": "A/CONF.222/11", "date": "2015-01-30", "agenda_item": "4", "doc_type": "background-paper"},
        ),
        (
            "07-a-59-185-sg-report-women-girls.txt",
            {
                "symbol": "A/59/185",
                "date": "2004-07-28",
                "agenda_item": "100",
                "doc_type": "report",
                "title": "Trafficking in women and girls",
            },
        ),
        (
            "09-ga-resolution-2002-women-girls.txt",
            {
                "date": "2003-01-30",
                "act": "GA resolution 57/176",
                "doc_type": "resolution",
                "title": "Trafficking in women and girls",
                "agenda_item": "102",
            },
        ),
    ],
)
def test_masthead(name: str, fields: dict[str, str]) -> None:
    doc = read(shared("samples-en") / name)
    assert doc.language == "en"
    head = Context(doc).masthead
    got = {k: head.value(k) for k in fields if k != "act"}
    if "act" in fields:
        got["act"] = f"{head.act.body} {head.act.kind} {head.act.number}" if head.act else ""
    assert got == fields


def test_mirror_junk_and_front_matter_are_not_text() -> None:
    doc = read(shared("samples-en") / "07-a-59-185-sg-report-women-girls.txt")
    text = " ".join(b.text for b in doc.blocks)
    for junk in ("Embed Size", "Citation preview", "PDF file", "source:", "pdfslide"):
        assert junk not in text
    assert not [f for f in actors.extract(Context(doc)) if isinstance(f, ParticipationFact) and f.country]


def test_flattened_paragraphs_split() -> None:
    doc = read(shared("samples-en") / "01-wg4-2010-2-key-concepts-bp.txt")
    keys = [b.key for b in doc.blocks if b.kind in ("heading", "paragraph")]
    assert keys == ["heading/1", "para/1", "para/2", "para/3"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A first meeting of this Working Group was held in Vienna, Austria from 14 to 15 April 2009.",
            [("WG-TIP", 1, "2009-04-14", "2009-04-15")],
        ),
        (
            "The eleventh meeting of the Working Group was held in Vienna on 12 and 13 October 2021.",
            [("WG-TIP", 11, "2021-10-12", "2021-10-13")],
        ),
        (
            "in the margins of the fifth session of the Conference of the Parties, conducted in Vienna from "
            "18-22 October 2010.",
            [("COP", 5, "2010-10-18", "2010-10-22")],
        ),
        ("The meeting was held at its 1st meeting, on 6 November 2013.", []),  # a sitting
    ],
)
def test_meetings_en(text: str, expected: list[tuple[object, ...]]) -> None:
    doc = parse(f"I. Introduction\n\n1. {text}\n", "e.txt")
    got = [
        (f.meeting.body, f.meeting.ordinal, f.meeting.start, f.meeting.end)
        for f in meetings.extract(Context(doc))
        if isinstance(f, MeetingFact)
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recalling its decisions 4/4 and 5/2,", [("COP", "4/4"), ("COP", "5/2")]),
        ("See Security Council resolution 2388 (2017).", [("SC", "2388")]),  # the year is its date
        ("Resolution 70/1.", [("GA", "70/1")]),
        ("Resolution 217 A (III), annex.", [("GA", "217 A (III)")]),
        ("Commission on Crime Prevention and Criminal Justice resolution 20/3", [("CCPCJ", "20/3")]),
    ],
)
def test_acts_en(text: str, expected: list[tuple[str, str]]) -> None:
    doc = parse(f"I. Introduction\n\n1. {text}\n", "e.txt")
    got = [(f.act.body, f.act.number) for f in citations.extract(Context(doc)) if isinstance(f, CitationFact) and f.act]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "in accordance with article 6, paragraphs 3 (d), 4 and 5, of the Protocol.",
            [("TIP", 6, "3(d)"), ("TIP", 6, "4"), ("TIP", 6, "5")],
        ),
        ("articles 9 and 10 of the Trafficking in Persons Protocol", [("TIP", 9, None), ("TIP", 10, None)]),
        (
            "article 5 of the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
            "Children, supplementing theUnited Nations Convention against Transnational Organized Crime",
            [("TIP", 5, None)],
        ),
        ("article 27 of the Convention on the Rights of the Child", []),  # another convention
    ],
)
def test_articles_en(text: str, expected: list[tuple[object, ...]]) -> None:
    doc = parse(f"I. Introduction\n\n1. {text}\n", "e.txt")
    got = [
        (f.instrument, f.article, f.paragraph)
        for f in citations.extract(Context(doc))
        if isinstance(f, CitationFact) and f.instrument
    ]
    assert got == expected


def test_recommendations_en() -> None:
    text = (
        "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 12 and 13 October 2021"
        "\n\nI. Introduction\n\n1. Text.\n\nII. Recommendations\n\n2. The Working Group adopted the following "
        "recommendations.\n\nA. Technology\n\nRecommendation 1\n\nStates parties should ensure effective "
        "investigation.\n\nRecommendation 2\n\nStates parties are encouraged to strengthen responses.\n\n"
        "III. Summary\n\n3. Summary.\n"
    )
    got = [
        (f.number, f.theme, f.strength, f.addressees)
        for f in recommendations.extract(Context(parse(text, "e.txt")))
        if isinstance(f, RecommendationFact)
    ]
    assert got == [
        ("1", "Technology", "should", ("states-parties",)),
        ("2", "Technology", "encouraged", ("states-parties",)),
    ]


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([shared("samples-en")], tmp_path_factory.mktemp("en") / "data")


def test_samples_build_and_conform(samples: BuildResult) -> None:
    assert samples.errors == []
    assert len(samples.documents) == 9
    assert samples.report is not None and samples.report.conforms, samples.report.text()


@pytest.mark.parametrize("name", QUERIES)
def test_samples_golden(samples: BuildResult, golden, name: str) -> None:  # type: ignore[no-untyped-def]
    from palermo.graph.query import library, run
    from palermo.graph.store import open_store

    result = run(open_store(samples.out), library()[name])
    golden(f"en-{name}", result.columns, result.rows)


def test_language_versions_are_one_work_with_aligned_paragraphs(tmp_path: Path) -> None:
    result = build([DATA / "versions"], tmp_path / "data")
    assert result.report is not None and result.report.conforms
    lines = (result.out / "graph.nt").read_text(encoding="utf-8").splitlines()
    work = "<https://example.org/palermo/doc/ctoc-cop-wg.4-2021-4>"
    realized = [ln for ln in lines if ln.startswith(work + " <http://data.europa.eu/eli/ontology#is_realized_by>")]
    assert len(realized) == 2
    aligned = [ln for ln in lines if "#alignedWith>" in ln]
    assert (
        "<https://example.org/palermo/doc/ctoc-cop-wg.4-2021-4/zh/para/1> "
        "<https://example.org/palermo/ns#alignedWith> "
        "<https://example.org/palermo/doc/ctoc-cop-wg.4-2021-4/en/para/1> ." in aligned
    )
    assert len(aligned) == 6  # the heading and paragraphs 1 and 2, both ways

    from palermo.graph.publish import publish

    site = tmp_path / "site"
    publish(result.out, "https://example.org/palermo/", site)
    page = (site / "doc/ctoc-cop-wg.4-2021-4/index.html").read_text(encoding="utf-8")
    assert page.count("<h2>Text:") == 2  # the work's page: both language versions, read
    zh = (site / "doc/ctoc-cop-wg.4-2021-4/zh/index.html").read_text(encoding="utf-8")
    block = zh.split('id="para-1"', 1)[1].split('<div class="block', 1)[0]
    # the English paragraph beside, linked to its anchor on the English version's page
    assert '<p class="aligned" lang="en" dir="auto"><a href="../en/index.html#para-1">' in block


def test_mixed_chinese_and_english_build_conforms(tmp_path: Path) -> None:
    result = build([corpus_dir(), shared("samples-en"), DATA / "versions"], tmp_path / "data")
    assert result.errors == []
    assert len(result.documents) == 16
    assert result.report is not None and result.report.conforms, result.report.text()
