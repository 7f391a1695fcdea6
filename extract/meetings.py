"""Meetings the text speaks of, and the meeting a document belongs to.

Forms handled (each language's words and shapes are in ontology/lang):
- an ordinal with its body: "工作组第四届会议", "the fifth session of the Conference of the Parties",
  "the Commission on Human Rights, at its sixtieth session", "第五次缔约方会议", "COP11";
- a body named by its kind alone ("the Working Group", "工作组", "the Council") is the body of that
  kind the document named last, or the document's own: a working group on technical assistance is
  never taken for the Working Group on Trafficking in Persons;
- ordinals and dates paired in one sentence: "分别于 A、B 和 C 在维也纳举行了第一、第二和第三届会议";
  a year alone ("自 2009 年举行第一次会议以来") dates the meeting to that year;
- dates alone in a sentence about meetings being held: resolved to an ordinal through the
  reference calendar (ontology/meetings.csv) or through another mention in the same document;
- the masthead: the session line ("Fifty-first session"), the meeting line ("2011年10月10日至12日，
  维也纳"), a report's title, and the session a decision or resolution was adopted at ("5/2");
- the chair: "由 Blanka Jamnišek（斯洛文尼亚）担任主席".
An ordinal must fit its body (bodies.csv: what the body's meetings are called, the highest ordinal
it can have reached): sittings ("第 1 次会议", "45th meeting", "75th plenary meeting"), page and
paragraph numbers are not meetings. Figures need their body next to them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from palermo import reference
from palermo.dates import range_of, ranges
from palermo.models import TEXT_KINDS, Block, DocumentMeetingFact, Evidence, Fact, MeetingFact, MeetingRef, evidence
from palermo.reference import kind_of

if TYPE_CHECKING:
    from palermo.extract.context import Context, Hit

NAME = "meetings"
_PAIR_WINDOW = 30  # characters between a date and the ordinal it belongs to, the date before it
_PAIR_AFTER = 50  # … the date after the ordinal and its body ("…Organized Crime (UNTOC), held in Vienna from")
_ADJACENT = 12  # characters between a body and an ordinal printed in figures ("委员会第27届会议")
_PAGE_CHARS = 3000  # how far a dated page is read for the bodies it names
_SITTING_DATE = 20  # a numbered "meeting" this close to a full date is a sitting of a session


@dataclass(frozen=True)
class Mention:
    ref: MeetingRef
    evidence: Evidence


@dataclass(frozen=True)
class OwnMeeting:
    """The meeting a document serves (masthead), reports on (title) or was adopted at (act)."""

    ref: MeetingRef
    evidence: Evidence
    relation: str  # serves | reports | adopted-at


@dataclass(frozen=True)
class Meetings:
    mentions: tuple[Mention, ...]
    own: OwnMeeting | None


def _nearest(hits: list[Hit], start: int, end: int) -> tuple[str, int] | None:
    """The body named nearest to a span, and how far it is."""
    best: tuple[int, str] | None = None
    for s, e, code in hits:
        d = start - e if e <= start else s - end if s >= end else 0
        if best is None or d < best[0]:
            best = (d, code)
    return (best[1], best[0]) if best else None


def _one_day(start: str | None, end: str | None) -> str | None:
    """A meeting held on one full date ends that day."""
    return end if end or start is None or len(start) < 10 else start


def _continues(prev: Block | None, block: Block) -> bool:
    """Whether a block goes on from the block before it (which ended mid-sentence)."""
    return bool(prev and prev.kind == block.kind and not prev.text.rstrip().endswith(("。", ".", ";", "；", ":", "：")))


def plausible(body: str, ordinal: int | None, unit: str | None = None) -> bool:
    """Whether a body can have held a meeting of that ordinal, called that way."""
    b = reference.bodies().get(body)
    if b is None or ordinal is None or not 1 <= ordinal <= b.max_ordinal:
        return False
    return unit is None or unit in b.units


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
    ords: list[tuple[int, int, int, str]], dates: list[tuple[str, str | None, int, int]], dates_after: bool
) -> dict[int, tuple[str, str | None, int, int]]:
    """Single ordinals take the dates printed within a few characters, on either side: a range
    before a single day ("the fifth session, held from 18 to 22 October", not the side event's
    "19 October" before it), then the side the language prints a meeting's dates on (`dates_after`:
    "the 8th session, held on 2 and 3 July 2018 At its 7th session, held from 4 to 6 September"),
    then the nearest pair first; each date and ordinal used once."""
    pairs = []
    for i, (_, a, b, _) in enumerate(ords):
        if sum(1 for o in ords if o[1] == a) > 1:
            continue  # one of a list of ordinals: dated only by a list of dates (above)
        for j, d in enumerate(dates):
            before = a >= d[3]
            gap, window = (a - d[3], _PAIR_WINDOW) if before else (d[2] - b, _PAIR_AFTER)
            if 0 <= gap <= window:
                pairs.append((d[1] is None, before == dates_after, gap, i, j))
    paired: dict[int, tuple[str, str | None, int, int]] = {}
    used: set[int] = set()
    for _, _, _, i, j in sorted(pairs):
        if i not in paired and j not in used:
            paired[i] = dates[j]
            used.add(j)
    return paired


class _Reader:
    """Meetings of a document's sentences, in reading order."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.lang = ctx.lang
        self.bodies = ctx.body_finder()
        # between ordinals: a table's `ordinal-sep` where its "and" is a word that ordinals hold
        # ("тринадцатой и четырнадцатой", "vingt et unième"), else any separator ("第一和第二")
        sep = self.lang.expand("ordinal-sep") if self.lang.has("ordinal-sep") else self.lang.alternation("list-sep")
        self.sep = re.compile(sep)
        self.units = sorted(self.lang.words_set("meeting-unit"), key=len, reverse=True)  # "第一次和第二次会议"

    def ordinals(
        self, sent: str, hits: list[Hit], full_dates: list[tuple[int, int]]
    ) -> list[tuple[int, int, int, str]]:
        """(ordinal, start, end, body) of each ordinal the sentence gives a meeting."""
        lang = self.lang
        out: list[tuple[int, int, int, str]] = []
        for m in lang.pattern("meeting-ordinals").finditer(sent):
            unit = lang.keys("meeting-unit", m.group("unit"))
            after = next(((c, e) for s, e, c in hits if s == m.end()), None) if m.groupdict().get("of") else None
            near = _nearest(hits, m.start(), m.end())
            body, dist = (after[0], 0) if after else near if near else (None, 0)
            stop = after[1] if after else m.end()  # "the fifth session of the Conference" ends after the body
            if body is None:
                continue
            for token in self.sep.split(m.group("ords")):
                token = token.replace("第", "").strip()
                token = next((token[: -len(u)].strip() for u in self.units if token.endswith(u)), token)  # 第一次和…
                figures = token[:1].isdigit()
                v = lang.number(token)
                if not plausible(body, v, unit) or v is None:
                    continue
                if figures and not (dist <= _ADJACENT or unit in lang.words_set("figure-unit")):
                    continue
                if figures and lang.code == "en" and unit == "meeting" and not after:
                    continue  # "at its 2nd meeting, the Working Group": a sitting; "the 13th meeting of the …" is not
                if (
                    figures
                    and unit == "meeting"
                    and any(
                        abs(a - m.end()) <= _SITTING_DATE or abs(m.start() - b) <= _SITTING_DATE for a, b in full_dates
                    )
                ):
                    continue  # "2013 年 11 月 6 日第 1 次会议", "its 1st meeting, on 6 November 2013": a sitting
                out.append((v, m.start(), stop, body))
        if lang.has("meeting-ordinal-body"):
            for m in lang.pattern("meeting-ordinal-body").finditer(sent):
                code = lang.keys("body", m.group("body"))
                v = lang.number(m.group("ords"))
                if code and plausible(code, v) and v is not None:
                    out.append((v, m.start(), m.end(), code))
        for code, rx in lang.forms("meeting-acronym"):
            for m in rx.finditer(sent):
                v = lang.number(m.group("ord"))
                if plausible(code, v) and v is not None:
                    out.append((v, m.start(), m.end(), code))
        return sorted(out, key=lambda o: o[1])

    def sentence(self, block: Block, s0: int, s1: int, previous: str | None) -> tuple[list[Mention], str | None]:
        """Meetings of one sentence; `previous` is the body the block spoke of last ("its meeting")."""
        lang = self.lang
        sent = block.text[s0:s1]
        hits = self.bodies.find(sent)
        if not hits and previous:
            hits = [(-1, -1, previous)]
        elif not hits and self.ctx.body and lang.has("own-session") and lang.pattern("own-session").search(sent):
            hits = [(-1, -1, self.ctx.body)]  # "(a) To hold a panel discussion at its fourteenth session"
        if not hits:
            return [], None
        dates = ranges(lang, sent)
        full = [(a, b) for start, _, a, b in dates if len(start) == 10]
        verb = bool(lang.pattern("meeting-verb").search(sent))
        place_m = lang.pattern("place-in").search(sent)
        place = lang.keys("place", place_m.group("place")) if place_m else None
        ords = self.ordinals(sent, hits, full)
        out: list[tuple[MeetingRef, int, int]] = []
        if ords and verb and len(dates) == len(ords):
            for (v, a, b, body), (start, end, da, db) in zip(ords, dates):
                out.append((MeetingRef(body, v, start, _one_day(start, end), place), min(a, da), max(b, db)))
        elif ords:
            after = self.lang.words.get("meeting-dates-side", [("", "before")])[0][1] == "after"
            paired = _pair_nearby(ords, dates if verb else self._clause_years(sent, dates, ords, hits), after)
            for i, (v, a, b, body) in enumerate(ords):
                if i in paired:
                    start, end, da, db = paired[i]
                    out.append((MeetingRef(body, v, start, _one_day(start, end), place), min(a, da), max(b, db)))
                else:
                    out.append((MeetingRef(body, v), a, b))
            # "its first meeting on 14 and 15 April 2009, its second from 27 to 29 January 2010": the dates
            # no ordinal took are meetings the calendar knows
            rest = [d for d in dates if d not in paired.values()] if verb else []
            out.extend(self.dated(rest, hits, place, held=False))
        elif dates and verb:
            out.extend(self.dated(dates, hits, place, held=bool(lang.pattern("meeting-held").search(sent))))
        last = max(hits)[2]
        doc = self.ctx.doc
        return [Mention(ref, evidence(doc, block, s0 + max(a, 0), s0 + b)) for ref, a, b in out], last

    def _clause_years(
        self,
        sent: str,
        dates: list[tuple[str, str | None, int, int]],
        ords: list[tuple[int, int, int, str]],
        hits: list[Hit],
    ) -> list[tuple[str, str | None, int, int]]:
        """Years that open the clause of an ordinal, with no verb of holding: "2013 年，工作组第五次会议
        通过了…", "In 2015, the sixth meeting of the Working Group discussed…" (nothing but a comma and
        the body between them)."""
        out = []
        for d in dates:
            if len(d[0]) != 4:
                continue
            for _, a, _, _ in ords:
                gap = list(sent[d[3] : a])
                for s, e, _ in hits:
                    for i in range(max(s, d[3]), min(e, a)):
                        gap[i - d[3]] = " "
                if d[3] <= a and self.lang.pattern("clause-gap").fullmatch("".join(gap)):
                    out.append(d)
                    break
        return out

    @staticmethod
    def dated(
        dates: list[tuple[str, str | None, int, int]], hits: list[Hit], place: str | None, held: bool
    ) -> list[tuple[MeetingRef, int, int]]:
        """Meetings named by their dates only: the calendar decides between the bodies the sentence
        names (else the nearest one); unknown to the calendar, a meeting "held" by a working group
        or the Conference keeps its dates."""
        out = []
        for start, end, da, db in dates:
            if len(start) < 7:
                continue  # a year alone dates an ordinal, never a meeting by itself
            end = _one_day(start, end)
            candidates = sorted({k for _, _, k in hits}, key=lambda k: _distance(hits, k, da, db))
            entry = next((e for k in candidates if (e := reference.meeting_by_dates(k, start, end))), None)
            near = _nearest(hits, da, db)
            body = entry.body if entry else (near[0] if near else "")
            if entry or (held and kind_of(body) in ("working-group", "conference")):
                out.append((MeetingRef(body, entry.ordinal if entry else None, start, end, place), da, db))
        return out

    def run(self) -> list[Mention]:
        found: list[Mention] = []
        body: str | None = None
        prev: Block | None = None
        for block in self.ctx.doc.of_kind(*TEXT_KINDS):
            # a block that goes on from an unfinished one ("…Working Group on Trafficking in Persons of the"
            # / "Conference…, held in Vienna on 14 and 15 April 2009") keeps the body it spoke of
            if not _continues(prev, block):
                body = None
            prev = block
            for s0, s1 in self.ctx.sentences(block):
                more, body = self.sentence(block, s0, s1, body)
                found.extend(more)
        return found


def _distance(hits: list[Hit], key: str, start: int, end: int) -> int:
    return min(start - e if e <= start else s - end if s >= end else 0 for s, e, k in hits if k == key)


def _own(ctx: Context) -> OwnMeeting | None:
    """The meeting a document serves (masthead), reports on (title) or was adopted at (act)."""
    lang, head = ctx.lang, ctx.masthead
    body = head.value("body")
    act = head.act
    said = [head.title.value] if head.title else []
    if head.session is not None:
        said.append(ctx.doc.block(head.session.evidence.block).text)
    reports = head.value("doc_type") == "report" and any(lang.pattern("reports-on").search(t) for t in said)
    start = end = place = None
    line = head.meeting_line
    if line is not None:
        m = lang.pattern("meeting-line").search(line.value) or lang.pattern("meeting-line-2").search(line.value)
        if m:
            start, end = range_of(lang, m)
            end = _one_day(start, end)
            place = lang.keys("place", m.group("place"))
    if head.session is not None and body and plausible(body, int(head.session.value), "session"):
        relation = "adopted-at" if act else "reports" if reports else "serves"
        ref = MeetingRef(body, int(head.session.value), start, end, place)
        return OwnMeeting(ref, head.session.evidence, relation)
    if line is not None and body and start:
        return OwnMeeting(MeetingRef(body, None, start, end, place), line.evidence, "serves")
    title = head.title
    if title is not None and lang.has("report-title"):
        m = lang.pattern("report-title").search(title.value)
        if m:
            code = lang.keys("body", m.group("body")) or ""
            ordinal = lang.number(m.group("ord")) if m.group("ord") else None
            start, end = range_of(lang, m)
            where = lang.keys("place", m.group("place")) if m.group("place") else None
            ref = MeetingRef(code, ordinal if plausible(code, ordinal) else None, start, _one_day(start, end), where)
            if ref.ordinal is not None or ref.start:
                return OwnMeeting(ref, title.evidence, "reports")
    if act and head.act_evidence and reference.bodies().get(act.body, None):
        numbering = reference.bodies()[act.body].numbering
        session = int(act.number.split("/")[0]) if numbering == "session" else None
        if plausible(act.body, session):
            return OwnMeeting(MeetingRef(act.body, session), head.act_evidence, "adopted-at")
    return _dated_page(ctx)


def _dated_page(ctx: Context) -> OwnMeeting | None:
    """A web page or a statement dated during a meeting of a body it names, or the day after it (a
    press release on its close), reports on that meeting ("19 October 2010, Vienna" … "in the
    margins of the fifth session of the Conference")."""
    head = ctx.masthead
    if head.date is None or head.value("doc_type") != "other":
        return None
    days = [head.date.value]
    if len(head.date.value) == 10:
        days.append((dt.date.fromisoformat(head.date.value) - dt.timedelta(days=1)).isoformat())
    finder, seen = ctx.body_finder(), 0
    for block in ctx.doc.blocks:
        for _, _, code in finder.find(block.text):
            entry = next((e for day in days if (e := reference.meeting_during(code, day))), None)
            if entry:
                return OwnMeeting(MeetingRef(code, entry.ordinal), head.date.evidence, "reports")
        seen += len(block.text)
        if seen > _PAGE_CHARS:
            break
    return None


def analyse(ctx: Context) -> Meetings:
    """Every meeting the text speaks of (ordinals resolved where possible), and its own."""
    found = _Reader(ctx).run()
    own = _own(ctx)
    if own:
        found.append(Mention(own.ref, own.evidence))
    known = [m.ref for m in found]
    mentions = tuple(Mention(_resolve(m.ref, known), m.evidence) for m in found)
    if own:
        own = OwnMeeting(_resolve(own.ref, known), own.evidence, own.relation)
    return Meetings(mentions, own)


def _chairs(ctx: Context, meeting: MeetingRef) -> list[Fact]:
    lang = ctx.lang
    names = reference.country_names(ctx.doc.language)
    out: list[Fact] = []
    for block in ctx.doc.of_kind("paragraph", "item"):
        for m in lang.pattern("chair").finditer(block.text):
            g = m.groupdict()
            name = g.get("name") or g.get("name2")
            country = (g.get("country") or g.get("country2") or "").strip()
            if not name:
                continue
            out.append(
                MeetingFact(
                    evidence(ctx.doc, block, m.start(), m.end()),
                    NAME,
                    meeting,
                    chair=name.strip(),
                    chair_country=names.get(country.casefold()),
                )
            )
    return out


def extract(ctx: Context) -> list[Fact]:
    facts: list[Fact] = [MeetingFact(m.evidence, NAME, m.ref) for m in ctx.meetings.mentions]
    own = ctx.meetings.own
    if own and own.relation == "reports":
        facts.extend(_chairs(ctx, own.ref))
    return facts


def document_meeting(ctx: Context) -> list[Fact]:
    own = ctx.meetings.own
    if own is None:
        return []
    items = ctx.masthead.agenda_items if own.relation == "serves" else ()
    return [  # one per item the masthead names ("2 (a), (c) и (f)": 2(a), 2(c), 2(f)), else one with none
        DocumentMeetingFact(own.evidence, "document-meeting", own.ref, agenda, own.relation)
        for agenda in (items or (None,))
    ]
