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


def test_timeline_marks_each_meeting_in_order() -> None:
    rows = [
        ("2013-11-06", Link("WG-TIP meeting 5", "m5/"), ["observer"]),
        ("2021-10-12", Link("WG-TIP meeting 11", "m11/"), ["chair", "party"]),
    ]
    picture = pages.timeline(rows)
    marks = picture["marks"]
    assert [m.href for m in marks] == ["m5/", "m11/"]  # type: ignore[attr-defined]
    assert [m.css for m in marks] == ["observer", "chair"]  # type: ignore[attr-defined]
    assert marks[0].x < marks[1].x and "chair, party" in marks[1].title  # type: ignore[attr-defined, index]


def test_templates_escape_what_documents_say() -> None:
    page = pages.environment().get_template("_macros.html").module.value(Link('<script>alert("x")</script>', 'a"b'))  # type: ignore[attr-defined]
    assert "<script>" not in page and "&lt;script&gt;" in page and 'href="a&#34;b"' in page
