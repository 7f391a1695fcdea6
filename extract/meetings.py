"""Meetings of the Conference and the Working Group, and the meeting a document belongs to.

Forms handled (each language's words and shapes are in ontology/lang):
- an ordinal with its body: "工作组第四届会议", "缔约方会议第六届会议", "fifth session of the Conference";
- ordinals and dates paired in one sentence: "分别于 A、B 和 C 在维也纳举行了第一、第二和第三届会议";
- a date just before "举行的…第十二次会议" ("to be held in June 2022");
- dates alone in a sentence about meetings being held: resolved to an ordinal through the
  reference calendar (ontology/meetings.csv) or through another mention in the same document;
- the masthead meeting line ("2011年10月10日至12日，维也纳"), a report's title, and the session a
  COP decision or resolution was adopted at (its number: "5/2" → fifth session);
- the chair: "由 Blanka Jamnišek（斯洛文尼亚）担任主席".
Sittings ("第 1 次会议", "第一和第二场会议", "1st meeting") are not meetings and are not matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from palermo.extract.metadata import act_of

from palermo import lang as langs
from palermo import reference
from palermo.dates import range_of, ranges
from palermo.models import (
    Block,
    Document,
    DocumentMeetingFact,
    Evidence,
    Fact,
    MeetingFact,
    MeetingRef,
    evidence,
    header_evidence,
)

NAME = "meetings"
_PAIR_WINDOW = 25  # characters between a date and the ordinal it belongs to
_TEXT_KINDS = ("header", "paragraph", "item", "preamble", "heading", "footnote")


@dataclass(frozen=True)
class Mention:
    ref: MeetingRef
    evidence: Evidence


def number(lang: langs.Lang, token: str) -> int | None:
    """An ordinal or numeral as printed: "11", "十一", "eleventh"."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    word = lang.keys("ordinal", token)
    if word:
        return int(word)
    digits = {s: int(k) for k, s in lang.words.get("cn-digit", [])}
    if not token or any(ch not in digits for ch in token):
        return None
    total = cur = 0
    for ch in token:
        v = digits[ch]
        if v >= 10:
            total += (cur or 1) * v
            cur = 0
        else:
            cur = cur * 10 + v if cur and v == 0 else v
    return total + cur


@cache
def _word_pattern(code: str, kind: str) -> re.Pattern[str]:
    return re.compile(langs.load(code).alternation(kind))


def sentences(lang: langs.Lang, text: str, ends: set[str] | None = None) -> list[tuple[int, int]]:
    """Sentence spans of a block's text; a stop after an abbreviation ("Ms.", "para.") goes on."""
    ends = ends if ends is not None else lang.words_set("sentence-end")
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch not in ends:
            continue
        if lang.code == "en" and i + 1 < len(text) and text[i + 1] != " ":
            continue
        if ch == "." and lang.abbreviated(text[start:i]):
            continue
        out.append((start, i + 1))
        start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def _nearest(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    best: tuple[int, str] | None = None
    for s, e, key in spans:
        d = start - e if e <= start else s - end if s >= end else 0
        if best is None or d < best[0]:
            best = (d, key)
    return best[1] if best else None


def _one_day(start: str | None, end: str | None) -> str | None:
    """A meeting held on one full date ends that day."""
    return end if end or start is None or len(start) < 10 else start


def _distance(spans: list[tuple[int, int, str]], key: str, start: int, end: int) -> int:
    return min(start - e if e <= start else s - end if s >= end else 0 for s, e, k in spans if k == key)


def _continues(prev: Block | None, block: Block) -> bool:
    """Whether a block goes on from the block before it (which ended mid-sentence)."""
    return bool(prev and prev.kind == block.kind and not prev.text.rstrip().endswith(("。", ".", ";", "；", ":", "：")))


def _resolve(ref: MeetingRef, known: list[MeetingRef]) -> MeetingRef:
    """Give a dated meeting without ordinal its ordinal: the calendar, then the document."""
    if ref.ordinal is not None or ref.start is None:
        return ref
    entry = reference.meeting_by_dates(ref.body, ref.start, ref.end)
    if entry:
        return replace(ref, ordinal=entry.ordinal)
    entry = reference.meeting_during(ref.body, ref.start)
    if entry:  # a day of the meeting (a side event, a sitting): the meeting, not its dates
        return replace(ref, ordinal=entry.ordinal, start=None, end=None)
    for k in known:
        if k.body == ref.body and k.ordinal is not None and k.start == ref.start:
            return replace(ref, ordinal=k.ordinal)
    return ref  # known by its dates only


def _pair_nearby(
    ords: list[tuple[int, int, int, str]], dates: list[tuple[str, str | None, int, int]]
) -> dict[int, tuple[str, str | None, int, int]]:
    """Each date goes to the nearest single ordinal within a few characters, on either side."""
    paired: dict[int, tuple[str, str | None, int, int]] = {}
    for d in dates:
        best = None
        for i, (_, a, b, _) in enumerate(ords):
            if i in paired or sum(1 for o in ords if o[1] == a) > 1:
                continue
            gap = a - d[3] if a >= d[3] else d[2] - b
            if 0 <= gap <= _PAIR_WINDOW and (best is None or gap < best[0]):
                best = (gap, i)
        if best is not None:
            paired[best[1]] = d
    return paired


def _sentence_mentions(
    doc: Document, lang: langs.Lang, block: Block, s0: int, s1: int, previous: str | None
) -> tuple[list[Mention], str | None]:
    """Meetings of one sentence; `previous` is the body the block spoke of last ("its meeting")."""
    sent = block.text[s0:s1]
    bodies = [
        (m.start(), m.end(), lang.keys("body", m.group()) or "")
        for m in _word_pattern(lang.code, "body").finditer(sent)
    ]
    if not bodies and previous:
        bodies = [(-1, -1, previous)]
    if not bodies:
        return [], None
    dates = ranges(lang, sent)
    verb = bool(lang.pattern("meeting-verb").search(sent))
    place_m = lang.pattern("place-in").search(sent)
    place = lang.keys("place", place_m.group("place")) if place_m else None
    ords: list[tuple[int, int, int, str]] = []  # ordinal, start, end, body
    sep = _word_pattern(lang.code, "list-sep")
    for m in lang.pattern("meeting-ordinals").finditer(sent):
        body = _nearest(bodies, m.start(), m.end())
        values = [number(lang, t.replace("第", "")) for t in sep.split(m.group("ords"))]
        for v in values:
            if v and body:
                ords.append((v, m.start(), m.end(), body))
    out: list[tuple[MeetingRef, int, int]] = []
    if ords and verb and len(dates) == len(ords):
        for (v, a, b, body), (start, end, da, db) in zip(ords, dates):
            out.append((MeetingRef(body, v, start, _one_day(start, end), place), min(a, da), max(b, db)))
    elif ords:
        paired = _pair_nearby(ords, dates) if verb else {}
        for i, (v, a, b, body) in enumerate(ords):
            if i in paired:
                start, end, da, db = paired[i]
                out.append((MeetingRef(body, v, start, _one_day(start, end), place), min(a, da), max(b, db)))
            else:
                out.append((MeetingRef(body, v), a, b))
    elif dates and verb:
        held = bool(lang.pattern("meeting-held").search(sent))
        for start, end, da, db in dates:
            end = _one_day(start, end)
            # the calendar decides between the bodies the sentence names; else the nearest one
            candidates = sorted({k for _, _, k in bodies}, key=lambda k: _distance(bodies, k, da, db))
            entry = next((e for k in candidates if (e := reference.meeting_by_dates(k, start, end))), None)
            body = entry.body if entry else (_nearest(bodies, da, db) or "")
            if entry or held:
                out.append((MeetingRef(body, entry.ordinal if entry else None, start, end, place), da, db))
    last = max(bodies)[2]
    return [Mention(ref, evidence(doc, block, s0 + max(a, 0), s0 + b)) for ref, a, b in out], last


@lru_cache(maxsize=4)
def mentions(doc: Document) -> list[Mention]:
    """Every meeting the text speaks of, with ordinals resolved where possible."""
    lang = langs.load(doc.language)
    found: list[Mention] = []
    body: str | None = None
    prev: Block | None = None
    for block in doc.of_kind(*_TEXT_KINDS):
        # a block that goes on from an unfinished one ("…Working Group on Trafficking in Persons of the"
        # / "Conference…, held in Vienna on 14 and 15 April 2009") keeps the body it spoke of
        if not _continues(prev, block):
            body = None
        prev = block
        for s0, s1 in sentences(lang, block.text):
            more, body = _sentence_mentions(doc, lang, block, s0, s1, body)
            found.extend(more)
    own = own_meeting(doc)
    if own:
        found.append(Mention(own[0], own[1]))
    known = [m.ref for m in found]
    return [Mention(_resolve(m.ref, known), m.evidence) for m in found]


def own_meeting(doc: Document) -> tuple[MeetingRef, Evidence, str] | None:
    """The meeting a document serves (masthead), reports on (title) or was adopted at (act)."""
    lang = langs.load(doc.language)
    line = doc.header.get("meetingLine")
    body = doc.value("body")
    if line and body:
        m = lang.pattern("meeting-line").search(line.value) or lang.pattern("meeting-line-2").search(line.value)
        if m:
            start, end = range_of(lang, m)
            place = lang.keys("place", m.group("place"))
            ev = header_evidence(doc, "meetingLine")
            assert ev is not None
            return MeetingRef(body, None, start, _one_day(start, end), place), ev, "serves"
    title = doc.header.get("title")
    if title:
        m = lang.pattern("report-title").search(title.value)
        if m:
            start, end = range_of(lang, m)
            ordinal = number(lang, m.group("ord")) if m.group("ord") else None
            ref = MeetingRef(
                lang.keys("body", m.group("body")) or "",
                ordinal,
                start,
                _one_day(start, end),
                lang.keys("place", m.group("place")) if m.group("place") else None,
            )
            ev = header_evidence(doc, "title")
            assert ev is not None
            return ref, ev, "reports"
    act = act_of(doc)
    if act and act.body in ("COP", "WG-TIP") and reference.bodies()[act.body].numbering == "session":
        ev = header_evidence(doc, "actNumber")
        assert ev is not None
        return MeetingRef(act.body, int(act.number.split("/")[0])), ev, "adopted-at"
    return None


@lru_cache(maxsize=4)
def _resolved_own(doc: Document) -> tuple[MeetingRef, Evidence, str] | None:
    own = own_meeting(doc)
    if own is None:
        return None
    return _resolve(own[0], [m.ref for m in mentions(doc)]), own[1], own[2]


def _chairs(doc: Document, meeting: MeetingRef) -> list[Fact]:
    lang = langs.load(doc.language)
    names = reference.country_names(doc.language)
    out: list[Fact] = []
    for block in doc.of_kind("paragraph", "item"):
        for m in lang.pattern("chair").finditer(block.text):
            g = m.groupdict()
            name = g.get("name") or g.get("name2")
            country = (g.get("country") or g.get("country2") or "").strip()
            if not name:
                continue
            out.append(
                MeetingFact(
                    evidence(doc, block, m.start(), m.end()),
                    NAME,
                    meeting,
                    chair=name.strip(),
                    chair_country=names.get(country.casefold()),
                )
            )
    return out


def extract(doc: Document) -> list[Fact]:
    facts: list[Fact] = [MeetingFact(m.evidence, NAME, m.ref) for m in mentions(doc)]
    own = _resolved_own(doc)
    if own and own[2] == "reports":
        facts.extend(_chairs(doc, own[0]))
    return facts


def document_meeting(doc: Document) -> list[Fact]:
    own = _resolved_own(doc)
    if own is None:
        return []
    ref, ev, relation = own
    agenda = doc.value("agendaItem") if relation == "serves" else None
    return [DocumentMeetingFact(ev, "document-meeting", ref, agenda, relation)]
