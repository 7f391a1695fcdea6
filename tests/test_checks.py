"""Values checked against the shapes before they leave extraction: what does not fit is left out
with a warning, so no input can make a build fail its own shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo import extract
from palermo.extract import checks
from palermo.extract.context import Context
from palermo.models import (
    ActRef,
    AgendaItemFact,
    CitationFact,
    DocumentFact,
    DocumentMeetingFact,
    Evidence,
    Fact,
    MeetingFact,
    MeetingRef,
    RecommendationFact,
    RecommendationUptakeFact,
    Span,
)
from palermo.pipeline import build

EV = Evidence("t.txt", "para/1", Span(0, 5), "quote")


@pytest.mark.parametrize(
    ("fact", "kept"),
    [
        # a meeting with a body but neither ordinal nor date: left out (it was minted meeting/wg-tip/None)
        (MeetingFact(EV, "meetings", MeetingRef("WG-TIP", None)), None),
        (MeetingFact(EV, "meetings", MeetingRef("WG-TIP", 120)), None),  # an ordinal beyond the shapes' range
        (MeetingFact(EV, "meetings", MeetingRef("XX", 3)), None),  # a body the reference data does not know
        (
            MeetingFact(EV, "meetings", MeetingRef("COP", 5, "2010-02-30", "2010-10-22")),  # no such day
            MeetingFact(EV, "meetings", MeetingRef("COP", 5, None, None)),
        ),
        (RecommendationFact(EV, "recommendations", None, "12a", "text", None, ("para/1",), None, ()), None),
        (AgendaItemFact(EV, "agenda", MeetingRef("COP", 5), "1234", "title"), None),
        (
            DocumentMeetingFact(EV, "document-meeting", MeetingRef("COP", 5), "1234", "serves"),
            DocumentMeetingFact(EV, "document-meeting", MeetingRef("COP", 5), None, "serves"),
        ),
        (
            DocumentFact(EV, "masthead", "ctoc cop 2008", "T", "2008-13-01", "other", "en", None),
            DocumentFact(EV, "masthead", None, "T", None, "other", "en", None),
        ),
        (CitationFact(EV, "citations", "document", symbol="not a symbol"), None),
        (CitationFact(EV, "citations", "act", act=ActRef("COP", "ruling", "4/4")), None),
        (
            CitationFact(EV, "citations", "article", instrument="TIP", article=9, paragraph="ninth"),
            CitationFact(EV, "citations", "article", instrument="TIP", article=9, paragraph=None),
        ),
        # the recommendations of a meeting the shapes reject: nothing to take up
        (RecommendationUptakeFact(EV, "recommendation-uptake", MeetingRef("WG-TIP", 120), "welcomes"), None),
        (
            RecommendationUptakeFact(EV, "recommendation-uptake", MeetingRef("WG-TIP", 1, "2009-04-31"), "welcomes"),
            RecommendationUptakeFact(EV, "recommendation-uptake", MeetingRef("WG-TIP", 1, None), "welcomes"),
        ),
        # values that fit pass unchanged
        (
            MeetingFact(EV, "meetings", MeetingRef("WG-TIP", 1, "2009")),
            MeetingFact(EV, "meetings", MeetingRef("WG-TIP", 1, "2009")),
        ),
        (
            CitationFact(EV, "citations", "article", instrument="TIP", article=3, paragraph="(a)"),
            CitationFact(EV, "citations", "article", instrument="TIP", article=3, paragraph="(a)"),
        ),
    ],
)
def test_check(fact: Fact, kept: Fact | None) -> None:
    got, problems = checks.check(fact)
    assert got == kept
    assert bool(problems) == (got != fact)
    assert all("left out" in p and "quote" in p for p in problems)


def test_a_value_that_does_not_fit_is_left_out_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(ctx: Context) -> list[Fact]:
        block = ctx.doc.blocks[-1]
        ev = Evidence(ctx.doc.source, block.key, block.span, ctx.doc.text[block.span.start : block.span.end])
        return [MeetingFact(ev, "meetings", MeetingRef("WG-TIP", None))]

    registry = (*extract.REGISTRY, extract.Extractor("broken", "1", broken))
    monkeypatch.setattr(extract, "REGISTRY", registry)
    src = tmp_path / "one.txt"
    src.write_text("I. Introduction\n\n1. The Working Group met.\n", encoding="utf-8")
    result = build([src], tmp_path / "out", jobs=1)
    assert result.report is not None and result.report.conforms
    assert any("neither ordinal nor date" in w and "one.txt" in w for w in result.warnings)

    from palermo.cli import main

    monkeypatch.setattr("sys.argv", ["palermo", "build", str(src), "--out", str(tmp_path / "out2"), "--jobs", "1"])
    assert main() == 0
    err = capsys.readouterr().err
    assert "warning: one.txt: MeetingFact meeting (neither ordinal nor date)" in err
