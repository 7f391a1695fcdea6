"""The masthead: what a document says about itself (symbol, date, type, body, session, agenda
item, title, original language, the act it is), read by evidence rather than by line position.

Real first pages come flattened into one line, cut by mirror-site junk, glued
("UnitedNationsA/77/292 General…Distr.:General15 August2022"), or with no masthead at all (web
pages, resolutions copied from a site). So every field is a contest: each candidate value found on
the first page (the blocks before the body, at most `FRONT_CHARS` characters) collects the weights
of the cues that point at it, and the best one wins when it clears the field's threshold.

- Cues are data: `cue` rows of ontology/lang/*.tsv (`<field>[=<value>]/<weight>` → a regular
  expression), e.g. `symbol/3` "United Nations" before a symbol, `date/6` the `Distr.` line,
  `type=report/6` "Report of the Secretary-General". A cue adds its weight to the candidate its
  match points at (the symbol or date it contains; the value named in its key).
- Layout cues are computed here, weighted by `cue-weight` rows: a symbol alone on its line, at the
  start of a masthead line, early on the page, repeated as a running head, inside a footnote.
- The symbol's own pattern votes for the type (`symbol-type`: `/RES/` a resolution, `/CRP.` a
  conference room paper) and the body (`symbol-body`: `A/HRC/` the Human Rights Council).
Each field keeps the evidence of its winning candidate.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from palermo import lang as langs
from palermo import reference
from palermo.dates import range_of
from palermo.models import ActRef, Block, BlockKind, Document, DocumentFact, Evidence, Fact, evidence
from palermo.symbols import normal_symbol, symbol_act, valid_symbol

if TYPE_CHECKING:
    from palermo.extract.context import Context

NAME = "masthead"
FRONT_CHARS = 2500  # the first page: no masthead field is printed further down
EARLY_CHARS = 300  # "very start" of the page
_FLAT_TITLE = 400  # the longest title read from the end of a flattened masthead line
_BODY_START: tuple[BlockKind, ...] = ("paragraph", "preamble")
_OPERATIVE_SEEN = 10  # numbered paragraphs read for an act's operative part


@dataclass(frozen=True)
class Found:
    """A masthead value with its evidence and the score that made it win."""

    value: str
    evidence: Evidence
    score: float = 0.0


@dataclass(frozen=True)
class Masthead:
    symbol: Found | None = None
    symbols: frozenset[str] = frozenset()  # every symbol the document prints as its own
    date: Found | None = None
    doc_type: Found | None = None
    body: Found | None = None
    session: Found | None = None  # the ordinal of the session the document serves, in figures
    meeting_line: Found | None = None  # "Vienna, 27-29 January 2010": place and dates
    agenda_item: Found | None = None  # "2", "2(a)"; of sub-items listed ("2 (a), (c) и (f)"), their item
    agenda_items: tuple[str, ...] = ()  # each item the line names: "2(a)", "2(c)", "2(f)"
    title: Found | None = None
    original_language: Found | None = None
    act: ActRef | None = None  # the decision or resolution the document is
    act_evidence: Evidence | None = None

    def value(self, name: str) -> str | None:
        found = getattr(self, name)
        return found.value if isinstance(found, Found) else None


# ---- the first page -----------------------------------------------------------------------------


class Front:
    """The blocks of the first page joined by newlines (a block per masthead line), with the way
    back from a position in that text to a block and a position in it."""

    def __init__(self, doc: Document, limit: int = FRONT_CHARS, body_blocks: int = 0, start_after: str = "") -> None:
        self.doc = doc
        self.blocks: list[Block] = []
        self.starts: list[int] = []
        parts: list[str] = []
        pos, in_body = 0, 0
        skip = bool(start_after)
        for b in doc.blocks:
            if skip:
                skip = b.key != start_after
                continue
            if pos >= limit:
                break
            if b.kind == "toc":
                continue  # a table of contents lists the body, not the masthead
            if b.kind in _BODY_START or (b.kind == "heading" and b.label):
                in_body += 1
                if in_body > body_blocks:
                    break
            self.blocks.append(b)
            self.starts.append(pos)
            parts.append(b.text)
            pos += len(b.text) + 1
        self.text = "\n".join(parts)

    def locate(self, start: int) -> tuple[Block, int]:
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        at = start - self.starts[i]
        if at >= len(self.blocks[i].text) and i + 1 < len(self.blocks):
            return self.blocks[i + 1], 0  # the newline between two blocks
        return self.blocks[i], min(at, max(len(self.blocks[i].text) - 1, 0))

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for front.text[start:end], clipped to the block it starts in."""
        block, a = self.locate(start)
        b = min(a + (end - start), len(block.text))
        return evidence(self.doc, block, a, max(a, b))

    def line_of(self, start: int) -> tuple[int, int]:
        """Span of the line (block) holding a position."""
        a = self.text.rfind("\n", 0, start) + 1
        b = self.text.find("\n", start)
        return a, len(self.text) if b < 0 else b


# ---- cues ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    field: str
    value: str | None
    weight: float
    rx: re.Pattern[str]


@cache
def cues(code: str) -> dict[str, list[Cue]]:
    """The `cue` rows of a language, by field."""
    lang = langs.load(code)
    out: dict[str, list[Cue]] = defaultdict(list)
    for key, rx in lang.forms("cue"):
        head, weight = key.rsplit("/", 1)
        field, _, value = head.partition("=")
        out[field].append(Cue(field, value or None, float(weight), rx))
    return dict(out)


@cache
def layout_weights(code: str) -> dict[str, float]:
    return {k: float(v) for k, v in langs.load(code).words.get("cue-weight", [])}


def _matches(code: str, field: str, text: str) -> Iterator[tuple[Cue, re.Match[str]]]:
    for cue in cues(code).get(field, []):
        for m in cue.rx.finditer(text):
            yield cue, m


# ---- symbol ---------------------------------------------------------------------------------


@dataclass
class _Occurrence:
    value: str
    start: int
    end: int
    score: float = 0.0
    alone: bool = False


def _running_heads(doc: Document, lang: langs.Lang) -> Counter[str]:
    """Symbols standing alone on lines of the original text, counted (a page's running head)."""
    rx, under = lang.pattern("running-head"), lang.pattern("symbol-underscored")
    seen: Counter[str] = Counter()
    for line in doc.text.splitlines():
        m = rx.search(line.strip())
        if m:
            seen[normal_symbol(m.group("symbol"))] += 1
        elif (u := under.fullmatch(line.strip())) is not None:
            seen[normal_symbol(u.group("symbol").replace("_", "/"))] += 1
    return seen


def _symbols(doc: Document, lang: langs.Lang, front: Front) -> tuple[_Occurrence | None, frozenset[str]]:
    weights = layout_weights(lang.code)
    rx = lang.pattern("symbol")
    under = lang.pattern("symbol-underscored")  # a dataset's record id: `A_77_128` is A/77/128
    occ: dict[int, _Occurrence] = {}
    for m in rx.finditer(front.text):
        value = normal_symbol(m.group("symbol"))
        if valid_symbol(value):
            occ[m.start("symbol")] = _Occurrence(value, m.start("symbol"), m.end("symbol"))
    for m in under.finditer(front.text):
        value = normal_symbol(m.group("symbol").replace("_", "/"))
        if valid_symbol(value):
            occ[m.start("symbol")] = _Occurrence(value, m.start("symbol"), m.end("symbol"))
    for cue, m in _matches(lang.code, "symbol", front.text):
        o = occ.get(m.start("symbol"))
        if o is not None:
            o.score += cue.weight
    heads = _running_heads(doc, lang)
    filler = lang.pattern("masthead-filler")
    for o in occ.values():
        a, b = front.line_of(o.start)
        rest = under.sub("", rx.sub("", front.text[a:b]))
        # "E/CN.15/1996/1." alone on its line: a note's text whose marker was lost (the page's foot), no masthead line
        note = not front.text[a : o.start].strip() and front.text[o.end : b].strip() == "."
        o.alone = not note and not re.search(r"[^\W\d_]", filler.sub("", rest))
        block, at = front.locate(o.start)
        o.score += weights.get("alone", 0) if o.alone and block.kind == "header" else 0
        o.score += weights.get("start", 0) if at == 0 or not filler.sub("", block.text[:at]).strip() else 0
        o.score += weights.get("early", 0) if o.start < EARLY_CHARS else 0
        o.score += weights.get("first", 0) if block is front.blocks[0] and at == 0 else 0
        o.score += weights.get("footnote", 0) if block.kind == "footnote" or note else 0
        o.score += weights.get("running-head", 0) if heads[o.value] >= 2 else 0
    threshold = weights.get("threshold", 5)
    ranked = sorted((o for o in occ.values() if o.score >= threshold), key=lambda o: (-o.score, o.start))
    best = ranked[0] if ranked else None
    own = {h for h, n in heads.items() if n >= 2 and valid_symbol(h)}
    if best is not None:
        line = front.line_of(best.start)
        for o in ranked:
            if o.alone or front.line_of(o.start) == line:
                own.add(o.value)
        longer = [o for o in ranked if o.value != best.value and o.value.startswith(best.value)]
        if best.value not in heads and longer:  # a truncated masthead symbol completed by the head
            best = longer[0]
        own.add(best.value)
    return best, frozenset(own)


# ---- votes ----------------------------------------------------------------------------------


class _Votes:
    """Candidate values of one field with their summed weights and first evidence."""

    def __init__(self) -> None:
        self.score: dict[str, float] = defaultdict(float)
        self.where: dict[str, Evidence] = {}
        self.first: dict[str, int] = {}

    def add(self, value: str, weight: float, where: Evidence | None, at: int = 0) -> None:
        self.score[value] += weight
        if where is not None and (value not in self.where or at < self.first[value]):
            self.where[value], self.first[value] = where, at

    def best(self, threshold: float, order: tuple[str, ...] = ()) -> Found | None:
        def rank(v: str) -> tuple[float, int, int]:
            return (-self.score[v], order.index(v) if v in order else len(order), self.first.get(v, 0))

        for value in sorted(self.score, key=rank):
            if self.score[value] >= threshold and value in self.where:
                return Found(value, self.where[value], self.score[value])
        return None


def _date(lang: langs.Lang, front: Front, meeting_line: Found | None) -> Found | None:
    """The distribution date (official documents) or the dateline (web pages and speeches); the
    date of the meeting line counts only when `meeting_line` is None (not an official masthead)."""
    votes = _Votes()
    weights = layout_weights(lang.code)
    skip = meeting_line.evidence.block if meeting_line else None
    for cue, m in _matches(lang.code, "date", front.text):
        g = m.groupdict()
        value = g.get("iso") or (range_of(lang, m)[0] if g.get("y1") else None)
        if not value or len(value) != 10:
            continue
        groups = [k for k in ("iso", "d1", "m1", "y1") if g.get(k)]
        start, end = min(m.start(k) for k in groups), max(m.end(k) for k in groups)
        where = front.evidence(start, end)
        if where.block == skip and cue.weight < weights.get("threshold", 5):
            continue  # "Vienna, 19 October 2010" under a body line is the meeting, not the date
        votes.add(value, cue.weight + (weights.get("early", 0) if start < EARLY_CHARS else 0), where, start)
    return votes.best(weights.get("date-threshold", 3))


def _first(lang: langs.Lang, front: Front, name: str, group: str | int) -> tuple[re.Match[str], Evidence] | None:
    """The first match of a line pattern on a masthead line (patterns are anchored on lines)."""
    if not lang.has(name):
        return None
    rx = lang.pattern(name)
    for block in front.blocks:
        m = rx.search(block.text)
        if m is not None and m.group(group) is not None:
            return m, evidence(front.doc, block, m.start(group), m.end(group))
    return None


def _body(lang: langs.Lang, front: Front, symbol: Found | None, act_body: Found | None) -> Found | None:
    votes = _Votes()
    for cue, m in _matches(lang.code, "body", front.text):
        code = lang.keys("body", m.group("body"))
        if code:
            votes.add(code, cue.weight, front.evidence(m.start("body"), m.end("body")), m.start("body"))
    if act_body is not None:
        votes.add(act_body.value, act_body.score, act_body.evidence)
    if symbol:
        for code, rx in lang.forms("symbol-body"):
            if rx.search(symbol.value):
                votes.add(code, layout_weights(lang.code).get("symbol-body", 3), symbol.evidence, len(front.text))
                break
    for code in list(votes.score):  # a subsidiary body named with its parent is the more specific
        parent = reference.bodies()[code].parent if code in reference.bodies() else ""
        if parent and parent in votes.score:
            votes.score[code] += votes.score[parent]
    return votes.best(layout_weights(lang.code).get("body-threshold", 4))


def _session(lang: langs.Lang, front: Front) -> Found | None:
    votes = _Votes()
    for cue, m in _matches(lang.code, "session", front.text):
        n = lang.number(m.group("ord"))
        if n:
            votes.add(str(n), cue.weight, front.evidence(m.start("ord"), m.end("ord")), m.start())
    return votes.best(layout_weights(lang.code).get("session-threshold", 4))


def _body_of_session(session: Found) -> Found | None:
    """A session line with no body ("Seventy-seventh session"): the body, when only one body's
    sessions have reached that number."""
    n = int(session.value)
    able = [b.code for b in reference.bodies().values() if "session" in b.units and b.max_ordinal >= n]
    return Found(able[0], session.evidence, 0) if len(able) == 1 else None


def _act(lang: langs.Lang, front: Front, types: _Votes) -> tuple[str, str, Found | None, Evidence, str | None] | None:
    """The act heading ("51/66. Traffic in women and girls", "第 5/2 号决议"), when the text is an act:
    the heading names its kind, or the document votes for a resolution or decision; the body the
    heading names, if any ("Commission on Human Rights resolution 2000/44")."""
    for cue, m in _matches(lang.code, "act", front.text):
        kind = lang.keys("act-kind", m.group("kind")) if m.groupdict().get("kind") else None
        voted = max(("resolution", "decision"), key=lambda k: types.score.get(k, 0))
        if kind is None and types.score.get(voted, 0) < cue.weight:
            continue
        title = None
        if m.groupdict().get("title") and m.group("title").strip():
            title = Found(m.group("title").strip(), front.evidence(m.start("title"), m.end("title")))
        number = re.sub(r"\s+", "", m.group("number"))
        year = lang.pattern("act-number-year").match(number)  # "2331 (2016)": resolution 2331 of 2016
        named = lang.keys("body", m.group("body")) if m.groupdict().get("body") else None
        return (
            (kind or voted),
            year.group("number") if year else number,
            title,
            front.evidence(m.start(), m.end()),
            named,
        )
    return None


# ---- title ------------------------------------------------------------------------------------


def _title(lang: langs.Lang, front: Front, claimed: set[str], type_block: str | None) -> Found | None:
    """The title: the unclaimed masthead lines just before the type line ("Background paper
    prepared by the Secretariat"), else the first heading-like line of the page (with the lines
    that continue it) before its running text begins; site furniture and masthead fields are not
    titles."""
    groups: list[list[Block]] = [[]]
    label_at = -1
    for b in front.blocks:
        if b.key == type_block:
            label_at = len(groups)
        if not _candidate(lang, b, claimed):
            groups.append([])
            continue
        groups[-1].append(b)
    if label_at > 0 and groups[label_at - 1] and any(groups[:label_at]):
        chosen = _split_title(lang, next(g for g in reversed(groups[:label_at]) if g))
    else:
        chosen = _first_heading(lang, [b for g in groups for b in g])
    if not chosen:
        return None
    sep = "" if lang.code == "zh" else " "
    text = sep.join(b.text for b in chosen).strip()
    half = len(text) // 2
    if len(text) % 2 == 0 and half and text[:half] == text[half:]:
        text = text[:half]  # printed twice (agenda item title, then document title)
    elif len(chosen) == 2 and chosen[0].text == chosen[1].text:
        text = chosen[0].text
    if _starts_with_symbol(lang, text):  # "E/2000/30 E/CN.15/2000/7 Commission on …": the symbols go
        text = lang.pattern("symbol").sub("", text)
    text = text.rstrip("*").strip()
    if lang.code == "zh":
        text = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)
    if not text:
        return None
    return Found(text, evidence(front.doc, chosen[0], 0, len(chosen[0].text)))


def _candidate(lang: langs.Lang, b: Block, claimed: set[str]) -> bool:
    """A line that may be (part of) the title."""
    if b.kind not in ("header", "heading") or (b.kind == "heading" and b.label) or b.key in claimed:
        return False
    first = b.text.split()[0] if b.text.split() else ""
    return not (
        lang.pattern("boilerplate").search(b.text)
        or _no_words(lang, b.text)
        or first in lang.words_set("toc-word")
        or lang.pattern("place-line").fullmatch(b.text)
    )


def _starts_with_symbol(lang: langs.Lang, text: str) -> bool:
    m = lang.pattern("symbol").match(text)
    return m is not None and bool(text[m.end() :].strip())


def _first_heading(lang: langs.Lang, blocks: list[Block]) -> list[Block]:
    """The first heading-like line, before running text begins, with the lines that continue it."""
    continues = lang.words_set("title-continues")
    for i, b in enumerate(blocks):
        if _running(b.text):
            return []
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.text.rstrip().endswith((":", "：")) and len(b.text) < 120 and nxt and _heading_like([nxt]):
            return [b, nxt]  # "Side Event to the Working Group on Trafficking in Persons:" / "UNODC … Briefing"
        if not _heading_like([b]):
            continue
        out = [b]
        ends = tuple(lang.words_set("title-end"))
        for more in blocks[i + 1 : i + 3]:
            last = out[-1].text.rstrip().split()[-1].lower() if out[-1].text.split() else ""
            goes_on = last in continues or more.text[:1].islower() or (ends and more.text.rstrip().endswith(ends))
            if _running(more.text) or not goes_on:
                break
            out.append(more)
        return out
    return []


def _no_words(lang: langs.Lang, text: str) -> bool:
    """A line with no words besides symbols and numbers ("E/2000/30 E/CN.15/2000/7", "(1)")."""
    return not re.search(r"[^\W\d_]{2,}", lang.pattern("symbol").sub("", text))


def _heading_like(group: list[Block]) -> bool:
    text = " ".join(b.text for b in group)
    return len(group) <= 4 and len(text) <= 250 and not text.rstrip().endswith((",", "，", ";", "；", ":", "："))


def _running(text: str) -> bool:
    """Running text, not a heading: a long sentence."""
    end = text.rstrip().rstrip("”’\"')")
    return len(text) > 250 or (len(text) > 60 and end.endswith((".", "。", "!", "！")))


def _split_title(lang: langs.Lang, group: list[Block]) -> list[Block]:
    """Of adjacent title lines, the last title: a Latin line that does not end in a function word
    or punctuation, followed by a capitalised line, starts another title (not in a title set in
    capitals, whose every line starts with one)."""
    continues = lang.words_set("title-continues")
    out: list[list[Block]] = [[group[0]]]
    for prev, cur in itertools.pairwise(group):
        last = prev.text.rstrip().split()[-1] if prev.text.strip() else ""
        ascii_lines = prev.text[-1:].isascii() and cur.text[:1].isascii()
        ends_open = last.lower() in continues or prev.text.rstrip().endswith((",", ":", ";", "-", "–"))
        capitals = prev.text.isupper() and cur.text.isupper()
        if ascii_lines and not ends_open and not capitals and cur.text[:1].isupper():
            out.append([cur])
        else:
            out[-1].append(cur)
    if len(out) > 1 and len(out[-1]) == 1 and out[-2][-1].text == out[-1][0].text:
        return out[-2]
    return out[-1] if lang.code != "zh" else [b for g in out for b in g]


# ---- the whole masthead -----------------------------------------------------------------------


def read(doc: Document) -> Masthead:
    """Every masthead field of a document, each with its evidence."""
    if not doc.blocks:
        return Masthead()
    lang = langs.load(doc.language)
    front = Front(doc)
    lead = Front(doc, body_blocks=3)
    weights = layout_weights(lang.code)
    best, own = _symbols(doc, lang, front)
    symbol = Found(best.value, front.evidence(best.start, best.end), best.score) if best else None

    types = _Votes()
    claimed: set[str] = set()
    for cue, m in _matches(lang.code, "type", lead.text):
        types.add(cue.value or "other", cue.weight, lead.evidence(m.start(), m.end()), m.start())
    label = lang.pattern("type-label")
    labels = [b.key for b in front.blocks if b.kind == "header" and label.fullmatch(b.text)]
    after = lang.pattern("type-label-after") if lang.has("type-label-after") else None
    openers = [b.key for b in front.blocks if b.kind == "header" and after is not None and after.fullmatch(b.text)]
    claimed.update(labels + openers)
    if symbol:
        for key, rx in lang.forms("symbol-type"):
            if rx.search(symbol.value):
                value, weight = key.rsplit("/", 1)
                types.add(value, float(weight), symbol.evidence)
    preambles = [b for b in doc.blocks if b.kind == "preamble"]
    if len(preambles) >= 2:
        ev = evidence(doc, preambles[0], 0, len(preambles[0].text))
        types.add("resolution", weights.get("preambles", 3), ev, len(front.text))

    acting = _field_found(lang, front, "preamble-opening", "body", lambda v: lang.keys("body", v))
    operative = _operative(lang, doc)
    if operative is not None and (acting is not None or preambles):
        types.add("resolution", weights.get("operative", 3), operative, len(front.text))

    act = _act(lang, front, types)
    act_kind = act[0] if act else None
    if act:
        types.add(act_kind or "resolution", weights.get("act-heading", 5), act[3])
        claimed.add(act[3].block)
    body = _body(lang, front, symbol, acting)
    meeting_line = _meeting_line(lang, front)
    doc_type = types.best(weights.get("type-threshold", 2), reference.document_types())
    if doc_type is None:
        first = front.blocks[0] if front.blocks else doc.blocks[0]
        doc_type = Found("other", evidence(doc, first, 0, len(first.text)), 0)
    official = body is not None and doc_type.value != "other"
    date = _date(lang, front, meeting_line if official else None)
    act_ref, act_evidence = _own_act(lang, act, body, symbol)  # symbol: the printed one (as yet)
    session = _session(lang, front)
    if body is None and session is not None:
        body = _body_of_session(session)
    if symbol is None and session and body and doc_type.value in ("report", "note"):
        symbol = _symbol_from_number(lang, front, body.value, session.value)
        if symbol:
            own = own | {symbol.value}
    alone = symbol if symbol is not None and (best is None or best.alone) else None
    claimed.update(_claimed(lang, front, (date, meeting_line, acting, alone)))
    title = _title_of(doc, lang, front, act[2] if act else None, doc_type, claimed, (labels, openers))
    agenda_item, agenda_items = _agenda_item(lang, front)
    return Masthead(
        symbol=symbol,
        symbols=own,
        date=date,
        doc_type=doc_type,
        body=body,
        session=session,
        meeting_line=meeting_line,
        agenda_item=agenda_item,
        agenda_items=agenda_items,
        title=title,
        original_language=_original(lang, front),
        act=act_ref,
        act_evidence=act_evidence,
    )


def _own_act(
    lang: langs.Lang,
    act: tuple[str, str, Found | None, Evidence, str | None] | None,
    body: Found | None,
    symbol: Found | None,
) -> tuple[ActRef | None, Evidence | None]:
    """The act the document is, with its evidence: its heading's number with the body the heading,
    the masthead or the numbering names; else what its own printed symbol names (A/HRC/RES/26/8),
    when the heading's number is unreadable, so every language version of one act is one work."""
    if act:
        act_body = act[4] or (body.value if body else _numbering_body(lang, act[1]))
        if act_body:
            return ActRef(act_body, act[0], act[1]), act[3]
    named = symbol_act(lang, symbol.value) if symbol is not None else None
    return named, symbol.evidence if named and symbol else None


def _claimed(lang: langs.Lang, front: Front, fields: tuple[Found | None, ...]) -> set[str]:
    """The header blocks other fields were read from (the date, meeting line, acting body, a
    symbol alone on its line: "A/RES/78/228 Improving …" keeps its title), a body alone on its
    line and the agenda item, original, distribution and language lines: none is the title."""
    claimed = {f.evidence.block for f in fields if f is not None and f.evidence.block.startswith("header")}
    alone = lang.pattern("body-line") if lang.has("body-line") else None
    claimed.update(b.key for b in front.blocks if alone is not None and alone.fullmatch(b.text))
    for name, group in (("agenda-item", 0), ("original", 0), ("distr", 0), ("version-language", 0)):
        hit = _first(lang, front, name, group)
        if hit:
            claimed.add(hit[1].block)
    return claimed


def _title_of(
    doc: Document,
    lang: langs.Lang,
    front: Front,
    act_title: Found | None,
    doc_type: Found,
    claimed: set[str],
    headers: tuple[list[str], list[str]],
) -> Found | None:
    """The title: an act's heading, an agenda's header line, the line after an opener ("…: draft
    resolution"), else the first unclaimed header line. `headers`: the type labels and openers."""
    labels, openers = headers
    if act_title:
        return act_title
    if doc_type.value == "agenda" and doc_type.evidence.block.startswith("header"):
        block = doc.block(doc_type.evidence.block)  # "Provisional agenda and annotations" is its title
        return Found(block.text, evidence(doc, block, 0, len(block.text)))
    if doc_type.value == "report" and doc_type.evidence.block.startswith("header"):
        found = _report_title(doc, lang, doc_type.evidence)
        if found:
            return found
    if openers and not labels:  # "Argentina, Austria and Thailand: draft resolution" / the title
        return _title(lang, Front(doc, start_after=openers[0]), claimed, None)
    return _title(lang, front, claimed, labels[0] if labels else None)


def _report_title(doc: Document, lang: langs.Lang, said: Evidence) -> Found | None:
    """A report's title where its type line is the title: a header line that is the report's title
    ("Report on the meeting of the Working Group … held in …"), or, in a masthead a mirror flattened onto
    one line ("… Distr. générale … Original : anglais V.18-07400 (F) … Rapport de la Conférence … sur les
    travaux de sa neuvième session, tenue à Vienne …"), the line from the type's words past the Distr. field
    to its end."""
    block = doc.block(said.block)
    at = block.offsets.index(said.span.start) if said.span.start in block.offsets else -1
    if at == 0 and lang.has("report-title") and lang.pattern("report-title").match(block.text):
        return Found(block.text, evidence(doc, block, 0, len(block.text)))
    if at > 0 and lang.pattern("distr").search(block.text[:at]) and len(block.text) - at <= _FLAT_TITLE:
        return Found(block.text[at:].strip(), evidence(doc, block, at, len(block.text)))
    return None


def _operative(lang: langs.Lang, doc: Document) -> Evidence | None:
    """The first of two numbered paragraphs or more that open with an operative verb ("1. Urges",
    "2. 请秘书长"), when they are most of the first numbered paragraphs: an act's operative part."""
    numbered = [b for b in doc.blocks if b.kind == "paragraph" and b.label.isdigit()][:_OPERATIVE_SEEN]
    verbs = [s for kind in ("operative-verb", "act-verb") for _, s in lang.words.get(kind, [])]
    unnumbered = lang.pattern("number-prefix")
    acting = [b for b in numbered if unnumbered.sub("", b.text, count=1).startswith(tuple(verbs))]
    if len(acting) < 2 or len(acting) * 2 < len(numbered):
        return None
    return evidence(doc, acting[0], 0, len(acting[0].text))


def _field_found(lang: langs.Lang, front: Front, name: str, group: str, key: object) -> Found | None:
    hit = _first(lang, front, name, group)
    if hit is None:
        return None
    code = key(hit[0].group(group))  # type: ignore[operator]
    return Found(code, hit[1], layout_weights(lang.code).get("preamble-body", 5)) if code else None


def _meeting_line(lang: langs.Lang, front: Front) -> Found | None:
    for name in ("meeting-line", "meeting-line-2"):
        hit = _first(lang, front, name, 0)
        if hit:
            return Found(" ".join(hit[0].group(0).split()), hit[1])
    return None


def _agenda_item(lang: langs.Lang, front: Front) -> tuple[Found | None, tuple[str, ...]]:
    """The masthead's agenda item and each item it names, keyed "2" or "2(a)" whatever the language
    prints ("2 a)", "2 (أ)"); sub-items listed with the language's separators ("2 (a), (c) и (f)")
    are each named, and the field is the item they are of ("2")."""
    hit = _first(lang, front, "agenda-item", 0)
    if hit is None:
        return None, ()
    m = hit[0]
    group = "item2" if m.groupdict().get("item2") else "item"
    block = next(b for b in front.blocks if b.key == hit[1].block)
    printed = m.group(group)
    number = re.match(r"\d+", printed)
    if number is None:  # a table's pattern whose item opens otherwise: as printed
        return Found(printed, evidence(front.doc, block, m.start(group), m.end(group))), (printed,)
    letters = lang.pattern("item-letter-mark").findall(printed)
    keys = tuple(f"{number.group()}({lang.keys('item-letter', x) or x})" for x in letters)
    value = keys[0] if len(keys) == 1 else number.group()
    return Found(value, evidence(front.doc, block, m.start(group), m.end(group))), keys or (value,)


def _original(lang: langs.Lang, front: Front) -> Found | None:
    """The language the document was drafted in: "Original: English", or "English only"."""
    for name in ("original", "original-zh"):
        hit = _first(lang, front, name, "orig")
        if hit:
            return Found(hit[0].group("orig"), hit[1])
    for block in front.blocks:
        m = lang.pattern("version-language").search(block.text)
        if m and m.group("only"):
            return Found(m.group("lang"), evidence(front.doc, block, m.start("lang"), m.end("lang")))
    return None


def _numbering_body(lang: langs.Lang, number: str) -> str | None:
    for body, rx in lang.forms("act-number-body"):
        if rx.match(number):
            return body
    return None


def _symbol_from_number(lang: langs.Lang, front: Front, body: str, session: str) -> Found | None:
    """A report printed under its number only ("32/41 Report of the Special Rapporteur…" of the
    thirty-second session of the Human Rights Council): the body's symbol series completes it."""
    for key, template in lang.words.get("report-symbol", []):
        if key != body:
            continue
        m = re.search(rf"(?m)^(?P<n>{session}/\d{{1,4}})\b", front.text)
        if m:
            return Found(template.replace("{n}", m.group("n")), front.evidence(m.start("n"), m.end("n")), 0)
    return None


# ---- the extractor ------------------------------------------------------------------------------


def language_code(name: str | None) -> str | None:
    """ISO 639-1 code of a language name as mastheads print it ("English", "中文")."""
    if not name:
        return None
    for code in langs.available():
        key = langs.load(code).keys("language", name)
        if key:
            return key
    return None


def describe(doc: Document, head: Masthead) -> DocumentFact:
    """The document's description from its masthead."""
    anchor = head.title or head.symbol or head.doc_type
    if anchor is not None:
        where = anchor.evidence
    else:
        first = doc.blocks[0]
        where = evidence(doc, first, 0, len(first.text))
    return DocumentFact(
        evidence=where,
        extractor=NAME,
        symbol=head.value("symbol"),
        title=head.value("title"),
        date=head.value("date"),
        doc_type=head.value("doc_type") or "other",
        language=doc.language,
        original_language=language_code(head.value("original_language")),
        act=head.act,
    )


def extract(ctx: Context) -> list[Fact]:
    return [describe(ctx.doc, ctx.masthead)] if ctx.doc.blocks else []
