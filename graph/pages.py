"""What a reader sees of each kind of thing: the data of its page, asked of the store with the
canned queries of `templates/queries/`, and the pictures drawn from it (SVG, made at publish
time, no script). The HTML is the Jinja2 templates' (`templates/`), shared by `publish` and
`serve`; nothing here writes markup.

Kinds with a page of their own: a document (its language versions' text paragraph by paragraph,
each fact highlighted where its evidence lies and linked to what it names, the other language
version's aligned paragraph beside it; each block and each fact an anchor, a fact's kind, what it
names and its quote listed under its paragraph, as a fact has no page of its own), a meeting
(dates, place, chair, attendance by capacity,
agenda, recommendations adopted in order, documents about it), a country or organization (the
meetings it took part in over time, as a picture and a table, the documents naming it), an act or
article (every citing paragraph with its quote and operative verb), a meeting's recommendations
and each of them (their lineage: adopted, taken up, quoted), and the home page (counts,
lists, the attendance matrix and the citation network). Every page keeps the raw properties and
what points at it, one click away (`index.ttl`, `index.jsonld`, `index.nt`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import jinja2
import pyoxigraph as ox

from palermo import reference
from palermo.graph.built import TYPE, BuildReader, Term
from palermo.graph.query import library, with_params
from palermo.iri import ELI, ORG, PAL, SCHEMA
from palermo.labels import class_label
from palermo.resources import templates_dir

_INTEGER = re.compile(r"(\d+)")


@cache
def environment() -> jinja2.Environment:
    """The templates, autoescaped: a value from a document can never become markup."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=jinja2.select_autoescape(["html", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["roles"] = reference.roles()  # the legend; each role's colour is in static/palermo.css
    return env


@cache
def canned(name: str) -> str:
    """A page query of templates/queries/ (the prefixes come from the view)."""
    return (templates_dir() / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def number_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: the numbers in a text sort as numbers ("meeting 2" before "meeting 10",
    "1(b)" after "1")."""
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in _INTEGER.split(text) if t)


def label_key(text: str) -> tuple[tuple[tuple[int, int | str], ...], ...]:
    """Labels in natural order, the part before the first comma first ("Item 1, WG-TIP meeting
    11" before "Item 1(a), WG-TIP meeting 11")."""
    return number_key(text.split(", ", 1)[0]), number_key(text)


@dataclass
class Link:
    """A value on a page: a link (href) or plain text, with its language, and for a thing the
    lines its label puts under it (labels.py: a title, its name in the other language)."""

    text: str
    href: str | None = None
    lang: str | None = None
    under: tuple[tuple[str, str | None], ...] = ()


@dataclass
class Segment:
    """A stretch of a paragraph: plain, or the evidence of facts (linked to what they name)."""

    text: str
    facts: list[Link] = field(default_factory=list)
    kind: str = ""

    @property
    def title(self) -> str:
        """What its facts name, as its link's title."""
        return ", ".join(f.text for f in self.facts)


@dataclass
class Note:
    """A fact as its paragraph lists it: its anchor (the IRI's path after the version's, `/` as
    `-`), its kind, what it names and the words it was read from."""

    anchor: str
    kind: str
    about: list[Link]
    quote: str


@dataclass
class Block:
    key: str  # the block's key in its version ("para-1"), its anchor on the page
    kind: str
    label: str
    segments: list[Segment]
    aligned: list[Link] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class Step:
    """A step in the life of a meeting's recommendations (queries/recommendation-lineage.rq)."""

    date: str
    step: str  # adopted | taken-up | quoted
    recommendation: Link
    number: str
    verb: str
    document: Link
    paragraph: Link
    text: Link
    quoted_from: Link | None


@dataclass
class Happened:
    """Steps of a lineage that one document took on one date in the same way (adopted, taken up
    with one verb, quoted): one row of the lineage table, whatever the number of recommendations."""

    date: str
    step: str
    document: Link
    verb: str
    items: list[Step]
    words: bool  # whether the row shows its paragraphs' words (a take-up's: what it did with them)


def happened(steps: Iterable[Step]) -> list[Happened]:
    """The lineage as rows of what each document did: a report adopting sixteen recommendations is
    one row listing them, not sixteen rows repeating each one's text (its page or the list of the
    meeting's recommendations holds that, and a quotation is that text); a take-up keeps its
    paragraph's words."""
    rows: dict[tuple[str, str, str, str], Happened] = {}
    for s in steps:
        key = (s.date, s.step, s.document.href or s.document.text, s.verb)
        row = rows.setdefault(key, Happened(s.date, s.step, s.document, s.verb, [], s.step == "taken-up"))
        row.items.append(s)
    for row in rows.values():
        row.items.sort(key=lambda s: (number_key(s.number), s.paragraph.text))
    return list(rows.values())


@dataclass
class Citing:
    """A paragraph citing a thing: where, which paragraph of it, with which verb, as printed."""

    document: Link
    block: Link
    paragraph: str
    verb: str
    quote: str
    text: Link


class Pages:
    """Page data for the things of a build; `link(here, node)` makes the links."""

    def __init__(self, view: BuildReader, link: Callable[[str, Term], Link]) -> None:
        self.view, self.link = view, link

    def _rows(self, name: str, **bind: Term) -> list[dict[str, Term]]:
        return self.view.select(canned(name), **bind)

    # -- a document: its language versions' text with the facts where their evidence lies
    def text(
        self, here: str, expression: ox.NamedNode
    ) -> tuple[list[Block], list[tuple[str, list[Link]]], list[Note]]:
        """The version's blocks (a paragraph's lettered items after it) with their facts
        highlighted and listed (each an anchor), and its facts by kind (one query of the facts
        serves all three). A fact whose block is not shown is listed in a block of its own at
        the end, so every fact has its anchor; what else the version states (a meeting as it
        states it) is listed after the text, each an anchor too."""
        rows = (*self._rows("blocks", e=expression), *self._rows("items", e=expression))
        blocks = sorted(rows, key=lambda r: int(r["start"].value))
        facts: dict[str, list[dict[str, Term]]] = defaultdict(list)
        kinds: dict[str, dict[str, Link]] = defaultdict(dict)
        for r in self._rows("facts", e=expression):
            facts[r["b"].value].append(r)
            if "about" in r:  # the side list headed by the class's name ("Participation", not the class IRI)
                kinds[class_label(r["kind"].value).capitalize()][r["about"].value] = self.link(here, r["about"])
        aligned: dict[str, list[Link]] = defaultdict(list)
        for r in self._rows("aligned", e=expression):
            other = self.link(here, r["other"])  # the aligned paragraph's text, linked to it
            aligned[r["b"].value].append(Link(str(r["text"].value), other.href, _lang(r["text"]).lang))
        out, seen = [], set()
        for r in blocks:
            key = r["b"].value
            if key in seen:  # a block of two types: once
                continue
            seen.add(key)
            segments = _highlight(
                str(r["text"].value), int(r["start"].value), facts.get(key, []), lambda n: self.link(here, n)
            )
            kind = r["kind"].value.rsplit("#", 1)[-1].lower()
            label = str(r["label"].value) if "label" in r else ""
            notes = _notes(expression.value, facts.pop(key, []), lambda n: self.link(here, n))
            out.append(Block(str(r["key"].value).replace("/", "-"), kind, label, segments, aligned[key], notes))
        rest = [r for rows in facts.values() for r in rows]
        if rest:
            out.append(Block("", "unplaced", "", [], [], _notes(expression.value, rest, lambda n: self.link(here, n))))
        by_kind = [(k, sorted(v.values(), key=lambda x: label_key(x.text))) for k, v in sorted(kinds.items())]
        return out, by_kind, self._stated(here, expression)

    def _stated(self, here: str, expression: ox.NamedNode) -> list[Note]:
        """What a version states besides the facts read from its text, each with its values."""
        found: dict[str, Note] = {}
        for r in sorted(self._rows("stated", e=expression), key=lambda r: (r["s"].value, r["kind"].value)):
            iri = r["s"].value
            note = found.get(iri)
            if note is None:
                about = self.view.about(ox.NamedNode(iri))
                shown = [o for p, o in about if p.value not in (TYPE.value, str(PAL.statedIn))]
                ordered = sorted(shown, key=lambda o: (not isinstance(o, ox.NamedNode), str(o.value)))  # dates in order
                values = [self.link(here, o) for o in ordered]
                note = found[iri] = Note(anchor(expression.value, iri), "", values, "")
            kind = class_label(r["kind"].value)
            note.kind = f"{note.kind}, {kind}" if note.kind else kind
        return list(found.values())

    # -- a meeting
    def meeting(self, here: str, node: ox.NamedNode) -> dict[str, object]:
        by_role: dict[str, dict[str, Link]] = defaultdict(dict)
        countries: dict[str, set[str]] = defaultdict(set)
        for r in self._rows("attendance", m=node):
            role = str(r["role"].value)
            by_role[role][r["who"].value] = self.link(here, r["who"])
            if r["country"].value == "true":
                countries[role].add(r["who"].value)
        attendance = [
            (role, len(by_role[role]), len(countries[role]), sorted(by_role[role].values(), key=lambda x: x.text))
            for role in sorted(by_role, key=_role_rank)
        ]
        texts: dict[str, dict[str, Term]] = defaultdict(dict)
        numbers: dict[str, str] = {}
        for r in self._rows("adopted", m=node):
            numbers[r["r"].value] = str(r["number"].value)
            texts[r["r"].value][getattr(r["text"], "language", None) or ""] = r["text"]
        recommendations = [
            (numbers[iri], self.link(here, ox.NamedNode(iri)), [_lang(t) for _, t in sorted(texts[iri].items())])
            for iri in sorted(numbers, key=lambda i: number_key(numbers[i]))
        ]
        agenda: dict[str, tuple[list[Link], dict[str, Link]]] = {}
        speakers: dict[str, dict[str, Link]] = {}
        for r in self._rows("agenda", m=node):
            titles, docs = agenda.setdefault(str(r["number"].value), ([], {}))
            if "title" in r and all(t.text != r["title"].value for t in titles):
                titles.append(_lang(r["title"]))
            if "d" in r:
                docs[r["d"].value] = self.link(here, r["d"])
        for r in self._rows("speakers", m=node):
            agenda.setdefault(str(r["number"].value), ([], {}))
            speakers.setdefault(str(r["number"].value), {})[r["who"].value] = self.link(here, r["who"])
        documents = sorted(
            {
                (str(r["how"].value), r["d"].value): self.link(here, r["d"])
                for r in self._rows("meeting-documents", m=node)
            }.items()
        )
        return {
            "attendance": attendance,
            "chair": [link for role, _, _, links in attendance if role == "chair" for link in links],
            "recommendations": recommendations,
            "agenda": [
                (n, *agenda[n], sorted(speakers.get(n, {}).values(), key=lambda x: x.text))
                for n in sorted(agenda, key=number_key)
            ],
            "documents": [(how, link) for (how, _), link in documents],
        }

    # -- a country or an organization
    def actor(self, here: str, node: ox.NamedNode) -> dict[str, object]:
        rows = self._rows("roles", who=node)
        meetings: dict[str, tuple[str, set[str]]] = {}
        for r in rows:
            date = str(r["date"].value) if "date" in r else ""
            meetings.setdefault(r["meeting"].value, (date, set()))[1].add(str(r["role"].value))
        order = sorted(meetings, key=lambda m: (meetings[m][0] or "9999", m))
        table = [
            (meetings[m][0], self.link(here, ox.NamedNode(m)), sorted(meetings[m][1], key=_role_rank)) for m in order
        ]
        naming = sorted(
            ((self.link(here, r["e"]), int(r["facts"].value)) for r in self._rows("naming", x=node)),
            key=lambda t: t[0].text,
        )
        return {"meetings": table, "timeline": timeline(table), "naming": naming}

    # -- a meeting, its recommendations, one of them: their lineage
    def lineage(self, here: str, node: ox.NamedNode, one: bool = False) -> list[Step]:
        """The library's `recommendation-lineage` for the meeting the page is about, or that made
        the recommendations it is about; `one` recommendation: the steps concerning it (its
        adoption, its quotations, what took up its meeting's recommendations)."""
        codes = self._rows("lineage-of", x=node)
        if not codes:
            return []
        query = with_params(library()["recommendation-lineage"], {"meeting": str(codes[0]["code"].value)})
        steps = [
            Step(
                str(r["date"].value),
                str(r["step"].value),
                self.link(here, r["recommendation"]),
                str(r["number"].value) if "number" in r else "",
                str(r["verb"].value) if "verb" in r else "",
                document := self.link(here, r["document"]),
                within(self.link(here, r["paragraph"]), document),
                _lang(r["text"]),
                self.link(here, r["quotedFrom"]) if "quotedFrom" in r else None,
            )
            for r in self.view.select(query.text)
            if not one or r["step"].value == "taken-up" or node in (r["recommendation"], r.get("quotedFrom"))
        ]
        return steps

    # -- an act, an article, a document: what cites it
    def citing(self, here: str, node: ox.NamedNode) -> list[Citing]:
        out = [
            Citing(
                document := self.link(here, r["e"]),
                within(self.link(here, r["b"]), document),
                str(r["paragraph"].value) if "paragraph" in r else "",
                str(r["verb"].value) if "verb" in r else "",
                " ".join(str(r["quote"].value).split()),
                _lang(r["text"]),
            )
            for name in ("citing", "citing-paragraphs")  # one query each: both at once defeat the planner
            for r in self._rows(name, target=node)
        ]
        return sorted(out, key=lambda c: (c.document.text, number_key(c.block.text), number_key(c.paragraph)))


def within(part: Link, whole: Link) -> Link:
    """A part's link where its whole is shown beside it: its label without the whole's (nor the
    language version's) — "paragraph 9", not "Report of … (Chinese), paragraph 9"."""
    found = re.match(re.escape(whole.text) + r"(?:\s*[（(][^)）]*[)）])?(?:, |，)", part.text)
    return Link(part.text[found.end() :], part.href, part.lang, part.under) if found else part


def _lang(t: Term) -> Link:
    return Link(str(t.value), None, getattr(t, "language", None) or None)


def _role_rank(role: str) -> int:
    order = reference.roles()
    return order.index(role) if role in order else len(order)


def anchor(version: str, iri: str) -> str:
    """The id of a fact or a block on its language version's page: its IRI's path after the
    version's, `/` as `-` (`fact/actors/02d6f635a7a1` → `fact-actors-02d6f635a7a1`): as stable
    as the IRI, and what the redirect map (publish.Shape) writes."""
    return iri[len(version) :].strip("/").replace("/", "-")


def _notes(version: str, rows: list[dict[str, Term]], link: Callable[[Term], Link]) -> list[Note]:
    """The facts of a block's rows (a row per class and thing named), each once, in text order."""
    found: dict[str, Note] = {}
    starts: dict[str, int] = {}
    for r in rows:
        iri = r["f"].value
        note = found.get(iri)
        if note is None:
            note = found[iri] = Note(anchor(version, iri), "", [], " ".join(str(r["quote"].value).split()))
            starts[iri] = int(r["start"].value)
        kind = class_label(r["kind"].value)
        if kind not in note.kind.split(", "):
            note.kind = f"{note.kind}, {kind}" if note.kind else kind
        about = link(r["about"]) if "about" in r else None
        if about is not None and all(a.href != about.href for a in note.about):
            note.about.append(about)
    return [found[i] for i in sorted(found, key=lambda i: (starts[i], i))]


def _highlight(text: str, start: int, facts: list[dict[str, Term]], link: Callable[[Term], Link]) -> list[Segment]:
    """Split a block's text into plain stretches and the evidence of its facts. A fact's quote is
    looked for nearest its offset (the block's text is the file's, lines joined, so offsets can
    drift by the line breaks); overlapping evidence is merged into one highlighted stretch."""
    spans: list[tuple[int, int, Link | None, str]] = []
    for f in facts:
        quote = str(f["quote"].value)
        if not quote:
            continue
        at, end = _nearest(text, quote, int(f["start"].value) - start)
        if at < 0:
            continue
        target = link(f["about"]) if "about" in f else None
        spans.append((at, end, target, f["kind"].value.rsplit("#", 1)[-1]))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[Segment] = []
    pos = 0
    for s, e, target, kind in spans:
        if out and s < pos:  # overlaps the highlighted stretch before: join it
            last = out[-1]
            if e > pos:
                last.text += text[pos:e]
                pos = e
            if target is not None and all(t.href != target.href for t in last.facts):
                last.facts.append(target)
            continue
        if s > pos:
            out.append(Segment(text[pos:s]))
        out.append(Segment(text[s:e], [target] if target is not None else [], kind))
        pos = e
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _nearest(text: str, quote: str, offset: int) -> tuple[int, int]:
    """Where `quote` stands in `text`, the occurrence nearest `offset`: (start, end); (-1, -1)
    if nowhere. A quote whose white space the text folded (lines joined) is looked for folded."""
    for wanted in (quote, " ".join(quote.split())):
        best, at = -1, text.find(wanted)
        while at >= 0:
            if best < 0 or abs(at - offset) < abs(best - offset):
                best = at
            at = text.find(wanted, at + 1)
        if best >= 0:
            return best, best + len(wanted)
    return -1, -1


# -- pictures: each drawn for what it shows, every label whole (the room a text takes is measured
# by its characters' widths), its legend only of the kinds drawn; colours in static/palermo.css
FONT = 12  # px: the size a label is readable at on the page, the pictures drawn at their own size


@dataclass
class Mark:
    x: float
    y: float
    css: str  # its class: a role, or document / act / article (colours in static/palermo.css)
    title: str
    href: str | None = None
    size: float = 8
    shape: str = "circle"


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    size: int = FONT
    rotate: int = 0
    href: str | None = None
    lang: str | None = None
    weight: str = ""
    more: list[str] = field(default_factory=list)  # the lines a long label goes on with, under it


LONGEST = 320.0  # px: a label wider goes on over more lines (a document's whole title)


def wrap(text: str, width: float, size: int = FONT, lines: int = 3) -> list[str]:
    """A label in lines no wider than `width`, broken at spaces (anywhere between wide CJK
    characters); past `lines` lines the last ends with "…" (the whole label is the mark's title)."""
    out: list[str] = []
    for token in re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\s+", text):
        pieces = [token] if text_width(token.rstrip(), size) <= width else list(token)  # wider than a line: cut
        for piece in pieces:
            if out and text_width(out[-1] + piece.rstrip(), size) <= width:
                out[-1] += piece
            else:
                out.append(piece.lstrip())
    out = [line.rstrip() for line in out if line.strip()] or [text]
    if len(out) > lines:
        last = out[lines - 1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        out = [*out[: lines - 1], last.rstrip() + "…"]
    return out


def text_width(text: str, size: int = FONT) -> float:
    """The room a text takes at a font size: wide (CJK) characters a square, others about half."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.62 for c in text)


def _legend(kinds: Iterable[str], names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The legend of the kinds drawn, in the order of the capacities' scheme."""
    drawn = sorted(set(kinds), key=lambda k: (_role_rank(k), k))
    return [(k, (names or {}).get(k, k)) for k in drawn]


def timeline(rows: Iterable[tuple[str, Link, list[str]]]) -> dict[str, object]:
    """An actor's meetings on a time axis: a lane per capacity it held, a mark per meeting in it at
    the meeting's date; each meeting's name under the axis at its date, on the first line where it
    does not run into another (names never overlap, however close the dates)."""
    dated = [(d, m, roles) for d, m, roles in rows if d]
    lanes = sorted({r for _, _, roles in dated for r in roles}, key=_role_rank)
    if not dated:
        return {"width": 0, "height": 0, "marks": [], "texts": [], "lines": [], "legend": []}
    years = [int(d[:4]) for d, _, _ in dated]
    first, last = min(years), max(years) + 1
    left = 12 + max(text_width(r) for r in lanes)
    width = max(640.0, min(1100.0, left + 90 * (last - first)))

    def x(date: str) -> float:
        year = int(date[:4]) + (int(date[5:7]) - 1 if len(date) >= 7 else 6) / 12
        return left + 10 + (width - left - 30) * (year - first) / (last - first)

    lane_y = {r: 24 + 22 * i for i, r in enumerate(lanes)}
    axis = 24 + 22 * len(lanes)
    marks, texts, lines = [], [], []
    for r, y in lane_y.items():
        texts.append(Text(left, y + 4, r, "end"))
        lines.append((left + 4, y, width - 10, y))
    for year in range(first, last + 1):
        texts.append(Text(x(f"{year}-01"), axis + 16, str(year), "middle", 11))
        lines.append((x(f"{year}-01"), axis - 4, x(f"{year}-01"), axis + 4))
    lines.append((left + 4, axis, width - 10, axis))
    ends: list[float] = []  # where each line of names is taken up to
    for date, meeting, roles in sorted(dated, key=lambda t: t[0]):
        at = x(date)
        for role in roles:
            marks.append(Mark(at, lane_y[role], role, f"{meeting.text} ({date}): {role}", meeting.href, 12))
        w = text_width(meeting.text)
        start = min(max(at - w / 2, 2), width - w - 2)
        line = next((i for i, end in enumerate(ends) if end + 8 <= start), len(ends))
        if line == len(ends):
            ends.append(0)
        ends[line] = start + w
        y = axis + 36 + 18 * line
        texts.append(Text(start, y, meeting.text, "start", FONT, href=meeting.href))
        lines.append((at, axis + 20, at, y - 12))
    return {
        "width": round(width),
        "height": axis + 44 + 18 * len(ends),
        "marks": marks,
        "texts": texts,
        "lines": lines,
        "legend": _legend(lanes),
    }


def attendance_matrix(view: BuildReader, link: Callable[[str, Term], Link]) -> dict[str, object]:
    """Countries × meetings (in date order), each cell coloured by the first capacity held. With
    few meetings the countries are set in several side-by-side blocks, so the picture stays about
    as wide as it is tall; meeting names stand rotated above each block with room for them whole."""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    dates: dict[str, str] = {}
    for r in view.select(canned("matrix")):
        cells[(r["who"].value, r["meeting"].value)].add(str(r["role"].value))
        dates[r["meeting"].value] = str(r["date"].value) if "date" in r else dates.get(r["meeting"].value, "")
    meetings = sorted(dates, key=lambda m: (dates[m] or "9999", m))
    names = {c: link("", ox.NamedNode(c)) for c, _ in cells}
    countries = sorted(names, key=lambda c: names[c].text)
    if not countries:
        return {"width": 0, "height": 0, "marks": [], "texts": [], "legend": []}
    heads = {m: link("", ox.NamedNode(m)) for m in meetings}
    cell = 18  # rotated 60°, names 12 px high stand 18 × sin 60° ≈ 15.6 px apart: they never touch
    label = 8 + max(text_width(names[c].text) for c in countries)
    block = label + cell * len(meetings) + 24
    blocks = max(1, min(int(1100 // block), -(-len(countries) // 30)))
    per = -(-len(countries) // blocks)
    top = 12 + max(text_width(h.text) for h in heads.values()) * 0.87  # the names rotated 60°
    marks, texts, kinds = [], [], []
    for b in range(blocks):
        x0 = b * block
        for i, m in enumerate(meetings):
            cx = x0 + label + i * cell + cell / 2
            texts.append(Text(cx + 3, top - 4, heads[m].text, "start", FONT, -60, heads[m].href))
        for row, c in enumerate(countries[b * per : (b + 1) * per]):
            y = top + row * cell
            texts.append(Text(x0 + label - 6, y + cell - 4, names[c].text, "end", FONT, 0, names[c].href))
            for i, m in enumerate(meetings):
                roles = sorted(cells.get((c, m), ()), key=_role_rank)
                if roles:
                    kinds.append(roles[0])
                    title = f"{names[c].text} · {heads[m].text}: {', '.join(roles)}"
                    marks.append(Mark(x0 + label + i * cell + 1, y + 1, roles[0], title, None, cell - 2, "rect"))
    right = max(t.x + text_width(t.text) * 0.5 for t in texts if t.rotate)
    return {
        "width": round(max(blocks * block, right + 4)),
        "height": round(top + per * cell + 8),
        "marks": marks,
        "texts": texts,
        "legend": _legend(kinds),
    }


# The kinds of thing the citation network draws, in the order of its middle column and legend; each
# kind's colour is in static/palermo.css.
CITED_KINDS = ("document", "recommendations", "act", "article")


def citation_network(view: BuildReader, link: Callable[[str, Term], Link], limit: int = 60) -> dict[str, object]:
    """Documents (left), what they cite (middle: documents, acts, a meeting's recommendations, by
    kind) and the articles (right), a line per citing pair; the `limit` most cited things, each
    column in natural label order. The columns are set apart by the room their labels take, so no
    label is cut at an edge."""
    edges: set[tuple[str, str]] = set()
    articles: set[str] = set()
    for r in view.select(canned("network")):
        if r["work"] != r["target"]:
            edges.add((r["work"].value, r["target"].value))
        if r["article"].value == "true":
            articles.add(r["target"].value)
    if not edges:
        return {"width": 0, "height": 0, "marks": [], "texts": [], "lines": [], "legend": []}
    cited = Counter(t for _, t in edges)
    keep = set(sorted(cited, key=lambda t: (-cited[t], t))[:limit])  # ties by IRI: the same site every run
    edges = {(w, t) for w, t in edges if t in keep}
    labels = {n: link("", ox.NamedNode(n)) for pair in edges for n in pair}
    kind = {n: "article" if n in articles else _cited_kind(view, n) for n in keep}
    order = {k: i for i, k in enumerate(CITED_KINDS)}
    columns = [
        sorted({w for w, _ in edges}, key=lambda n: number_key(labels[n].text)),
        sorted({t for t in keep if t not in articles}, key=lambda n: (order[kind[n]], number_key(labels[n].text))),
        sorted({t for t in keep if t in articles}, key=lambda n: number_key(labels[n].text)),
    ]
    wrapped = {n: wrap(labels[n].text, LONGEST) for n in labels}
    widths = [max((text_width(line) for n in col for line in wrapped[n]), default=0) for col in columns]
    step = 18  # a line of a label; a label of several lines takes as many
    xs = [widths[0] + 14, widths[0] + 14 + 120]
    xs.append(xs[1] + widths[1] + 110)
    tall = [sum(step * len(wrapped[n]) for n in col) for col in columns]
    height = max(tall) + 16
    at: dict[str, tuple[float, float]] = {}
    marks, texts = [], []
    for c, nodes in enumerate(columns):
        y = (height - tall[c]) / 2  # each column centred on the others
        for n in nodes:
            x, mid = xs[c], y + step / 2
            at[n] = (x, mid)
            css = "document" if c == 0 else kind[n]
            count = f", cited {cited[n]}×" if c else ""
            marks.append(Mark(x, mid, css, f"{labels[n].text} ({css}{count})", labels[n].href, 9))
            side = (x - 9, "end") if c == 0 else (x + 9, "start")
            first, *more = wrapped[n]
            texts.append(Text(side[0], mid + 4, first, side[1], FONT, 0, labels[n].href, more=more))
            y += step * len(wrapped[n])
    lines = [(*at[w], *at[t]) for w, t in sorted(edges)]
    drawn = {m.css for m in marks}
    names = {"recommendations": "recommendations of a meeting"}
    return {
        "width": round(xs[2] + widths[2] + 16),
        "height": round(height),
        "marks": marks,
        "texts": texts,
        "lines": lines,
        "legend": [(k, names.get(k, k)) for k in order if k in drawn],
    }


def _cited_kind(view: BuildReader, node: str) -> str:
    """What a cited thing is, for its colour: an act, a meeting's recommendations, or a document."""
    types = {o.value for o in view.objects(ox.NamedNode(node), TYPE)}
    if str(PAL.Act) in types:
        return "act"
    return "recommendations" if str(PAL.RecommendationSet) in types else "document"


TYPES = {
    "document": {str(ELI.LegalResource), str(ELI.LegalExpression)},
    "meeting": {str(PAL.Meeting)},
    "actor": {str(SCHEMA.Country), str(ORG.Organization), str(SCHEMA.Person), str(PAL.Tool)},
    "cited": {str(PAL.Act), str(PAL.Article), str(PAL.ArticleParagraph), str(PAL.Instrument)},
    "recommendation": {str(PAL.Recommendation)},
    "recommendations": {str(PAL.RecommendationSet)},
}


def kinds_of(types: Iterable[str]) -> set[str]:
    """The page kinds a thing of these rdf:types gets."""
    given = set(types)
    return {kind for kind, members in TYPES.items() if given & members}
