"""Recommendations, the agenda a meeting adopted, and the documents before it.

Recommendations come in three forms:
- numbered ("建议 1", "Recommendation 1") under the lettered headings of a recommendations chapter;
- numbered paragraphs of a recommendations chapter ("二. 建议", sections A–E), less the paragraph
  introducing them ("工作组通过了下文所列建议");
- quoted in a background paper from an earlier meeting ("2013 年，工作组第五次会议通过了以下……建议：
  (a)…"): linked to that meeting and marked as quoted, not counted as the document's own.
Each carries its theme (heading), strength (should / encouraged / may), addressees (the
subjects before the modal: 缔约国, 毒品和犯罪问题办公室 …) and the blocks its text spans, which
the graph uses to link it to what those blocks cite.

`uptake` reads the later life of a meeting's recommendations as a set: a sentence naming an
earlier meeting and its recommendations ("欢迎……2009 年 4 月 14 日和 15 日……举行的工作组会议提出的
建议", "Takes note of the recommendations adopted by the Working Group at its sixth meeting") with
what it does with them: the uptake verb nearest before them, else (in an act) the verb its
paragraph opens with ("Requests States to implement the recommendations of …").
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from palermo import lang as langs
from palermo.models import (
    PARAGRAPH_KINDS,
    AgendaItemFact,
    Block,
    Evidence,
    Fact,
    ListedDocumentFact,
    MeetingRef,
    RecommendationFact,
    RecommendationUptakeFact,
    Span,
    evidence,
)

if TYPE_CHECKING:
    from palermo.extract.context import Context

NAME = "recommendations"
_TRAILING = " :：;；。.,，؛،"  # Arabic semicolon and comma too
_LEAD = re.compile(r"\s*(?:\d{1,3}\s*\.\s*)?")  # a paragraph's number and the spaces before its text
_UPTAKE_REACH = 160  # characters at most between the recommendations and the meeting that made them


def _title_of(lang: langs.Lang, block: Block) -> str:
    """Heading or item text without its number or letter."""
    for name in ("heading-roman", "heading-letter"):
        m = lang.pattern(name).match(block.text)
        if m and block.kind == "heading":
            return m.group("title").strip()
    for name in ("item", "para-number"):  # "(a) …", "a) …", "(أ) …", "1. …", "1- …" as the language numbers them
        m = lang.pattern(name).match(block.text.lstrip())
        if m:
            return m.group("rest").strip(_TRAILING)
    return block.text.strip(_TRAILING)


def _strength(lang: langs.Lang, text: str) -> tuple[str | None, int]:
    best: tuple[int, str] | None = None
    for key, rx in lang.forms("strength"):
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), key)
    return (best[1], best[0]) if best else (None, len(text))


@cache
def _addressee_pattern(code: str) -> re.Pattern[str]:
    return re.compile(langs.load(code).alternation("addressee"))


def _addressees(lang: langs.Lang, text: str) -> tuple[str, ...]:
    prefix = lang.pattern("recommender-prefix").match(text)
    text = text[prefix.end() :] if prefix else text
    at = _strength(lang, text)[1]
    found = [(m.start(), lang.keys("addressee", m.group()) or "") for m in _addressee_pattern(lang.code).finditer(text)]
    before = [k for s, k in found if s < at]
    after = [k for s, k in found if s >= at][:1]
    return tuple(dict.fromkeys(before or after))


class _Recommendations:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.lang = ctx.lang
        self.meeting: MeetingRef | None = ctx.reported_meeting
        self.facts: list[Fact] = []

    def level1(self, b: Block) -> bool:
        return b.kind == "heading" and bool(self.lang.pattern("heading-roman").match(b.text))

    def run(self) -> list[Fact]:
        blocks = self.doc.blocks
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if self.level1(b) and self.lang.pattern("recommendations-heading").search(_title_of(self.lang, b)):
                j = i + 1
                while j < len(blocks) and not self.level1(blocks[j]):
                    j += 1
                self.chapter(blocks[i + 1 : j])
                i = j
            else:
                i += 1
        self.quoted()
        return self.facts

    def emit(
        self, number: str, group: list[Block], theme: str | None, meeting: MeetingRef | None, lead: str = ""
    ) -> None:
        """One recommendation; `lead` is the sentence introducing a quoted list ("建议各缔约国应：")."""
        first = group[0]
        body = _title_of(self.lang, first) if lead else re.sub(r"^\s*\d{1,3}\s*\.\s*", "", first.text)
        text = "\n".join([body, *(b.text for b in group[1:])])
        own = _strength(self.lang, body)[0]
        source = body if own or not lead else lead  # an item without its own modal continues the lead
        strength, addressees = _strength(self.lang, source)[0], _addressees(self.lang, source)
        self.facts.append(
            RecommendationFact(
                evidence(self.doc, first, 0, len(first.text)),
                NAME,
                meeting,
                number,
                text,
                theme,
                tuple(b.key for b in group),
                strength,
                addressees,
                quoted=bool(lead),
            )
        )

    def chapter(self, blocks: list[Block]) -> None:
        heading_rx = self.lang.pattern("recommendation-heading")
        numbered = any(b.kind == "heading" and heading_rx.match(b.text) for b in blocks)
        theme: str | None = None
        current: tuple[str, list[Block]] | None = None

        def flush() -> None:
            if current and current[1]:
                self.emit(current[0], current[1], theme, self.meeting)

        for b in blocks:
            if b.kind == "heading":
                m = heading_rx.match(b.text)
                if m:
                    flush()
                    current = (m.group("number"), [])
                    continue
                flush()
                current = None
                theme = re.sub(r"^[-–•\s]*", "", _title_of(self.lang, b)) or theme
                continue
            if b.kind == "footnote":
                continue
            if numbered:
                if current is not None:
                    current[1].append(b)
            elif b.kind == "paragraph" and b.label.isdigit():
                flush()
                intro = self.lang.pattern("recommendations-intro").search(b.text)
                current = None if intro else (b.label, [b])
            elif b.kind == "item" and current is not None:
                current[1].append(b)
        flush()

    def quoted(self) -> None:
        """Items of a paragraph that quotes the recommendations of an earlier meeting."""
        by_block: dict[str, list[MeetingRef]] = {}
        for m in self.ctx.meetings.mentions:
            by_block.setdefault(m.evidence.block, []).append(m.ref)
        rx = self.lang.pattern("quoted-recommendations")
        for b in self.doc.of_kind("paragraph"):
            refs = by_block.get(b.key)
            if not refs or not rx.search(b.text) or (self.meeting and refs[0] == self.meeting):
                continue
            lead = re.split(r"[,，;；]", b.text)[-1]
            for item in self.doc.blocks:
                if item.kind == "item" and item.parent == b.key:
                    self.emit(f"({item.label})", [item], None, refs[0], lead=lead)


def extract(ctx: Context) -> list[Fact]:
    return _Recommendations(ctx).run()


def uptake(ctx: Context) -> list[Fact]:
    """What a sentence does with the recommendations of the earlier meetings it names: one fact
    per meeting, with the verb, the evidence from the verb to the recommendations or the meeting.

    A meeting goes with the recommendations on the side the language puts their maker
    (`uptake-side`: 会议提出的建议, the recommendations adopted at the meeting), nothing of
    `uptake-break` between them (a clause boundary): "审议第十次会议产生的建议草案……推迟到……第十二次
    会议" takes up the tenth meeting's, not the twelfth's."""
    lang, doc = ctx.lang, ctx.doc
    noun, stop = lang.pattern("recommendations-noun"), lang.pattern("uptake-break")
    after = dict(lang.words.get("uptake-side", [])).get("meeting") == "after"
    by_block: dict[str, list[tuple[int, int, MeetingRef]]] = {}
    for m in ctx.meetings.mentions:
        by_block.setdefault(m.evidence.block, []).append((m.evidence.span.start, m.evidence.span.end, m.ref))
    out: list[Fact] = []
    for block in doc.of_kind(*PARAGRAPH_KINDS):
        mentions = by_block.get(block.key, [])
        opening = ctx.opening_verbs.get(block.key) if ctx.own_act else None
        for s, e in ctx.sentences(block) if mentions else ():
            text, inside = block.text[s:e], block.span_of(s, e)
            lead = block.span_of(s + len(text) - len(_LEAD.sub("", text, count=1)), e).start
            nouns = [block.span_of(s + m.start(), s + m.end()) for m in noun.finditer(text)]
            verbs = sorted(
                (block.span_of(s + m.start(), s + m.end()), key)
                for key, rx in lang.forms("uptake-verb")
                for m in rx.finditer(text)
            )
            taken: dict[MeetingRef, tuple[str, Evidence]] = {}
            for m_start, m_end, ref in mentions:
                if ref == ctx.reported_meeting or not (inside.start <= m_start and m_end <= inside.end):
                    continue
                preceding = [n for n in nouns if n.end <= m_start][-1:] if after else []
                made = preceding or [n for n in nouns if n.start >= m_end][:1]
                if not made or max(made[0].start - m_end, m_start - made[0].end) > _UPTAKE_REACH:
                    continue
                n = made[0]
                lo, hi = (n.end, m_start) if n.end <= m_start else (m_end, n.start)
                if stop.search(doc.text[lo:hi]):
                    continue
                first = min(n.start, m_start)
                verb = next((v for v in reversed(verbs) if v[0].end <= first), None)
                key = verb[1] if verb else opening
                if key is None or ref in taken:
                    continue
                span = Span(verb[0].start if verb else lead, max(n.end, m_end))
                taken[ref] = (key, Evidence(doc.source, block.key, span, doc.text[span.start : span.end]))
            out.extend(
                RecommendationUptakeFact(ev, "recommendation-uptake", ref, key) for ref, (key, ev) in taken.items()
            )
    return out


def agenda(ctx: Context) -> list[Fact]:
    """The agenda the meeting adopted: numbered items and lettered sub-items with titles."""
    meeting = ctx.reported_meeting
    if meeting is None:
        return []
    doc, lang = ctx.doc, ctx.lang
    out: list[Fact] = []
    for b in doc.of_kind("paragraph"):
        if not lang.pattern("agenda-adopted").search(b.text):
            continue
        number = None
        for item in (x for x in doc.blocks if x.kind == "item" and x.parent == b.key):
            if item.label.isdigit():
                number = item.label
                label = number
            elif number:
                label = f"{number}({item.label})"
            else:
                continue
            out.append(
                AgendaItemFact(evidence(doc, item, 0, len(item.text)), "agenda", meeting, label, _title_of(lang, item))
            )
    return out


def documents_before(ctx: Context) -> list[Fact]:
    """Documents listed as before the meeting: "工作组收到了下列文件：(a)…（symbol）" or an annex table."""
    meeting = ctx.reported_meeting
    if meeting is None:
        return []
    doc, lang = ctx.doc, ctx.lang
    titles = {f.title: f.number for f in agenda(ctx) if isinstance(f, AgendaItemFact)}
    symbol_rx = lang.pattern("symbol")
    out: list[Fact] = []
    listing = False
    for b in doc.blocks:
        if lang.pattern("documents-before").search(b.text):
            listing = b.kind == "heading"  # an annex table follows the heading
            for item in (x for x in doc.blocks if x.kind == "item" and x.parent == b.key):
                m = symbol_rx.search(item.text)
                if not m:
                    continue
                tm = lang.pattern("listed-title").search(item.text)
                before = re.sub(r"^\s*\(\s*[a-z]{1,2}\s*\)\s*", "", item.text[: m.start()])
                title = tm.group("title") if tm else before.strip(_TRAILING + "(（")
                symbol = re.sub(r"\s+", "", m.group("symbol"))
                out.append(
                    ListedDocumentFact(
                        evidence(doc, item, 0, len(item.text)),
                        "documents-before",
                        meeting,
                        symbol,
                        title or None,
                        titles.get(title),
                    )
                )
            continue
        if listing and b.kind in ("paragraph", "heading"):
            matches = list(symbol_rx.finditer(b.text))
            for k, m in enumerate(matches):
                end = matches[k + 1].start() if k + 1 < len(matches) else len(b.text)
                row = b.text[m.end() : end]
                rm = re.match(r"\s*(?P<item>\d{1,2}(?:\s*\([a-z]\))?)(?=\s)", row)
                item_no = re.sub(r"\s+", "", rm.group("item")) if rm else None
                title = row[rm.end() if rm else 0 :].strip(_TRAILING) or None
                out.append(
                    ListedDocumentFact(
                        evidence(doc, b, m.start(), end),
                        "documents-before",
                        meeting,
                        re.sub(r"\s+", "", m.group("symbol")),
                        title,
                        item_no,
                    )
                )
    return out
