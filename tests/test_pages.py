"""The page helpers: natural order, evidence highlighted inside a paragraph, the pictures' marks."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from palermo.graph import pages
from palermo.graph.pages import Link, Segment


@pytest.mark.parametrize(
    ("texts", "ordered"),
    [
        (["10", "2", "1"], ["1", "2", "10"]),
        (["1(b)", "1", "1(a)", "2"], ["1", "1(a)", "1(b)", "2"]),
        (
            ["WG-TIP meeting 11", "WG-TIP meeting 2", "COP meeting 10"],
            ["COP meeting 10", "WG-TIP meeting 2", "WG-TIP meeting 11"],
        ),
        (["para/10", "para/9", "fn/1"], ["fn/1", "para/9", "para/10"]),
        (["b", "a", "3"], ["3", "a", "b"]),
    ],
)
def test_numbers_sort_as_numbers(texts: list[str], ordered: list[str]) -> None:
    assert sorted(texts, key=pages.number_key) == ordered


def _fact(start: int, quote: str, about: str | None = "https://x/country/afg", kind: str = "Participation") -> dict:  # type: ignore[type-arg]
    row = {
        "start": ox.Literal(str(start), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        "quote": ox.Literal(quote),
        "kind": ox.NamedNode(f"https://example.org/palermo/ns#{kind}"),
    }
    if about:
        row["about"] = ox.NamedNode(about)
    return row


def _link(node: object) -> Link:
    return Link(str(node).strip("<>").rsplit("/", 1)[-1], str(node).strip("<>"))


def _shown(segments: list[Segment]) -> list[tuple[str, list[str]]]:
    return [(s.text, [f.text for f in s.facts]) for s in segments]


@pytest.mark.parametrize(
    ("text", "start", "facts", "shown"),
    [
        ("阿富汗和阿根廷出席。", 100, [_fact(100, "阿富汗")], [("阿富汗", ["afg"]), ("和阿根廷出席。", [])]),
        (  # the quote nearest its offset: the second "Chile"
            "Chile said. Chile chaired.",
            10,
            [_fact(22, "Chile", "https://x/country/chl")],
            [("Chile said. ", []), ("Chile", ["chl"]), (" chaired.", [])],
        ),
        (  # two facts on the same words: one stretch, both links
            "Afghanistan chaired.",
            0,
            [_fact(0, "Afghanistan"), _fact(0, "Afghanistan", "https://x/meeting/11", "MeetingMention")],
            [("Afghanistan", ["afg", "11"]), (" chaired.", [])],
        ),
        (  # overlapping evidence: merged
            "the Working Group on Trafficking",
            0,
            [_fact(4, "Working Group", "https://x/a"), _fact(12, "Group on Trafficking", "https://x/b")],
            [("the ", []), ("Working Group on Trafficking", ["a", "b"])],
        ),
        (  # a quote split over two lines of the file, read with the lines joined
            "adopted by the Conference of the Parties",
            0,
            [_fact(15, "Conference of\n   the Parties", "https://x/cop")],
            [("adopted by the ", []), ("Conference of the Parties", ["cop"])],
        ),
        ("nothing here", 0, [_fact(0, "absent")], [("nothing here", [])]),
        ("a fact naming nothing", 0, [_fact(2, "fact", None)], [("a ", []), ("fact", []), (" naming nothing", [])]),
    ],
    ids=["simple", "nearest", "same words", "overlap", "line break", "not found", "no target"],
)
def test_evidence_highlighted_in_its_paragraph(text: str, start: int, facts: list, shown: list) -> None:  # type: ignore[type-arg]
    segments = pages._highlight(text, start, facts, _link)
    assert _shown(segments) == shown
    assert "".join(s.text for s in segments) == text  # nothing lost or repeated


def test_timeline_marks_each_meeting_in_its_capacities_lanes() -> None:
    rows = [
        ("2013-11-06", Link("WG-TIP meeting 5", "m5/"), ["observer"]),
        ("2021-10-12", Link("WG-TIP meeting 11", "m11/"), ["chair", "party"]),
    ]
    picture = pages.timeline(rows)
    marks = picture["marks"]
    assert isinstance(marks, list)
    assert [(m.href, m.css) for m in marks] == [("m5/", "observer"), ("m11/", "chair"), ("m11/", "party")]
    lanes = {m.css: m.y for m in marks}
    assert len(set(lanes.values())) == 3  # a lane per capacity
    assert marks[0].x < marks[1].x == marks[2].x
    assert picture["legend"] == [("party", "party"), ("observer", "observer"), ("chair", "chair")]


def _boxes(picture: dict, size: int = pages.FONT) -> list[tuple[float, float, float, float]]:  # type: ignore[type-arg]
    """The box each unrotated text takes: (left, right, top, bottom)."""
    out = []
    for t in picture["texts"]:
        if t.rotate:
            continue
        w = pages.text_width(t.text, t.size)
        left = t.x - w if t.anchor == "end" else t.x - w / 2 if t.anchor == "middle" else t.x
        out.append((left, left + w, t.y - t.size, t.y))
    return out


def _overlapping(boxes: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes)
        if i < j and a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
    ]


@pytest.mark.parametrize(
    "dates",
    [
        ["2021-10-12", "2021-11-01", "2021-12-01", "2022-01-15"],  # close together: names on more lines
        ["2009-04-14", "2010-01-27", "2010-10-19", "2011-04-19", "2013-11-06", "2015-11-16", "2021-10-12"],
        ["2021-10-12"],
    ],
    ids=["close", "spread", "one"],
)
def test_timeline_names_whole_and_apart(dates: list[str]) -> None:
    rows = [(d, Link(f"Working Group meeting {i}", f"m{i}/"), ["party"]) for i, d in enumerate(dates)]
    picture = pages.timeline(rows)
    boxes = _boxes(picture)
    assert not _overlapping(boxes)
    assert all(left >= 0 and right <= picture["width"] for left, right, _, _ in boxes)  # nothing cut at an edge
    assert all(bottom <= picture["height"] for _, _, _, bottom in boxes)


@pytest.mark.parametrize(
    ("text", "at_least", "at_most"),
    [("Afghanistan", 70, 90), ("阿富汗", 36, 36), ("WG-TIP第11次会议", 90, 130)],
)
def test_text_width_counts_wide_characters_as_squares(text: str, at_least: float, at_most: float) -> None:
    assert at_least <= pages.text_width(text, 12) <= at_most


def _step(date: str, step: str, doc: str, number: str, verb: str = "") -> pages.Step:
    return pages.Step(
        date, step, Link(f"R{number}", f"r{number}/"), number, verb, Link(doc, f"{doc}/"), Link(f"p{number}"),
        Link("text"), None,
    )


def test_lineage_rows_group_what_one_document_did() -> None:
    steps = [
        _step("2021-10-28", "adopted", "report", "2"),
        _step("2021-10-28", "adopted", "report", "10"),
        _step("2021-10-28", "adopted", "report", "1"),
        _step("2022-06-01", "taken-up", "resolution", "", "welcomes"),
        _step("2022-06-01", "taken-up", "resolution", "", "requests"),
        _step("2023-01-01", "quoted", "paper", "3"),
    ]
    rows = pages.happened(steps)
    assert [(r.step, r.verb, [s.number for s in r.items], r.words) for r in rows] == [
        ("adopted", "", ["1", "2", "10"], False),
        ("taken-up", "welcomes", [""], True),
        ("taken-up", "requests", [""], True),
        ("quoted", "", ["3"], False),
    ]


def test_templates_escape_what_documents_say() -> None:
    page = pages.environment().get_template("_macros.html").module.value(Link('<script>alert("x")</script>', 'a"b'))
    assert "<script>" not in page and "&lt;script&gt;" in page and 'href="a&#34;b"' in page


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        ("Resolution 5/2 (COP) (Chinese), operative paragraph 5", "Resolution 5/2 (COP)", "operative paragraph 5"),
        ("Report of WG-TIP meeting 11 (Chinese), paragraph 9", "Report of WG-TIP meeting 11 (Chinese)", "paragraph 9"),
        ("WG-TIP第11次会议报告（中文），段p3", "WG-TIP第11次会议报告", "段p3"),
        ("Article 9, TIP Protocol", "Resolution 5/2 (COP)", "Article 9, TIP Protocol"),  # not its part: whole
    ],
)
def test_a_part_beside_its_whole_drops_the_whole_s_name(part: str, whole: str, shown: str) -> None:
    found = pages.within(Link(part, "p/index.html"), Link(whole))
    assert (found.text, found.href) == (shown, "p/index.html")


@pytest.mark.parametrize(
    "text",
    [
        "Questionnaire on implementation of the Protocol to Prevent, Suppress and Punish Trafficking",
        "在关于通过联合国特别报告员机制执行国际人权法的会议上发表的讲话",
        "Resolution 5/2 (COP)",
        "Averyveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspace",
    ],
)
def test_long_labels_go_on_over_lines_no_wider_than_asked(text: str) -> None:
    lines = pages.wrap(text, 300)
    assert all(pages.text_width(line) <= 300 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost within three lines
    assert len(lines) == 1 or pages.text_width(text) > 300


def test_a_label_too_long_for_three_lines_ends_with_an_ellipsis() -> None:
    lines = pages.wrap("word " * 60, 200)
    assert len(lines) == 3 and lines[-1].endswith("…") and all(pages.text_width(x) <= 200 for x in lines)


class _Cited:
    """A build whose citation network is `cites`: (citing work, cited thing) IRIs, none an article."""

    def __init__(self, cites: list[tuple[str, str]]) -> None:
        self.rows = [
            {"work": ox.NamedNode(w), "target": ox.NamedNode(t), "article": ox.Literal("false")} for w, t in cites
        ]

    def select(self, query: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
        return self.rows

    def objects(self, node: ox.NamedNode, predicate: ox.NamedNode) -> list[ox.NamedNode]:
        return []


def test_citation_network_keeps_ties_by_iri() -> None:
    """Things cited as often as each other are kept by IRI up to the limit, not in the order a set
    of strings iterates in (which changes from run to run): the site is the same every time."""
    cites = [(f"https://x/doc/w{i}", f"https://x/doc/t{i:02}") for i in range(12)] + [("https://x/doc/w0", "https://x/doc/t11")]
    picture = pages.citation_network(_Cited(cites), lambda _, node: _link(node), limit=4)  # type: ignore[arg-type]
    middle = {m.title.split(" (")[0] for m in picture["marks"] if m.title.endswith("×)")}  # type: ignore[attr-defined]
    assert middle == {"t11", "t00", "t01", "t02"}
