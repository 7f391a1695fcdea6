"""What a reader sees of each kind of thing: the data of its page, asked of the store with the
canned queries of `templates/queries/`, and the pictures drawn from it (SVG, made at publish
time, no script). The HTML is the Jinja2 templates' (`templates/`), shared by `publish` and
`serve`; nothing here writes markup.

Kinds with a page of their own: a document (its language versions' text paragraph by paragraph,
each fact highlighted where its evidence lies and linked to what it names, the other language
version's aligned paragraph beside it), a meeting (dates, place, chair, attendance by capacity,
agenda, recommendations adopted in order, documents about it), a country or organization (the
meetings it took part in over time, as a picture and a table, the documents naming it), an act or
article (every citing paragraph with its quote and operative verb), a meeting's recommendations
and each of them (their lineage: adopted, taken up, quoted), and the home page (counts,
lists, the attendance matrix and the citation network). Every page keeps the raw properties and
what points at it, one click away (`index.ttl`, `index.jsonld`, `index.nt`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import jinja2
import pyoxigraph as ox
from palermo.graph.build import ROLES
from palermo.graph.query import library, with_params
from palermo.graph.view import Term, View

from palermo.iri import ELI, ORG, PAL, SCHEMA
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
    env.globals["roles"] = ROLES  # the legend; each role's colour is in static/palermo.css
    return env


@cache
def canned(name: str) -> str:
    """A page query of templates/queries/ (the prefixes come from the view)."""
    return (templates_dir() / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def number_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: the numbers in a text sort as numbers ("meeting 2" before "meeting 10",
    "1(b)" after "1")."""
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in _INTEGER.split(text) if t)


@dataclass
class Link:
    """A value on a page: a link (href) or plain text, with its language."""

    text: str
    href: str | None = None
    lang: str | None = None


@dataclass
class Segment:
    """A stretch of a paragraph: plain, or the evidence of facts (linked to what they name)."""

    text: str
    facts: list[Link] = field(default_factory=list)
    kind: str = ""


@dataclass
class Block:
    key: str  # the block's key in its version ("para-1"), its anchor on the page
    kind: str
    label: str
    segments: list[Segment]
    aligned: list[Link] = field(default_factory=list)


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

    def __init__(self, view: View, link: Callable[[str, Term], Link], label: Callable[[ox.NamedNode], str]) -> None:
        self.view, self.link, self.label = view, link, label

    def _rows(self, name: str, **bind: Term) -> list[dict[str, Term]]:
        return self.view.select(canned(name), **bind)

    # -- a document: its language versions' text with the facts where their evidence lies
    def text(self, here: str, expression: ox.NamedNode) -> tuple[list[Block], list[tuple[str, list[Link]]]]:
        """The version's blocks with their facts highlighted, and its facts by kind (one query
        of the facts serves both)."""
        blocks = sorted(self._rows("blocks", e=expression), key=lambda r: int(r["start"].value))
        facts: dict[str, list[dict[str, Term]]] = defaultdict(list)
        kinds: dict[str, dict[str, Link]] = defaultdict(dict)
        for r in self._rows("facts", e=expression):
            facts[r["b"].value].append(r)
            if "about" in r:
                kinds[r["kind"].value.rsplit("#", 1)[-1]][r["about"].value] = self.link(here, r["about"])
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
            out.append(Block(str(r["key"].value).replace("/", "-"), kind, label, segments, aligned[key]))
        return out, [(k, sorted(v.values(), key=lambda x: x.text)) for k, v in sorted(kinds.items())]

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
                self.link(here, r["document"]),
                self.link(here, r["paragraph"]),
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
                self.link(here, r["e"]),
                self.link(here, r["b"]),
                str(r["paragraph"].value) if "paragraph" in r else "",
                str(r["verb"].value) if "verb" in r else "",
                " ".join(str(r["quote"].value).split()),
                _lang(r["text"]),
            )
            for name in ("citing", "citing-paragraphs")  # one query each: both at once defeat the planner
            for r in self._rows(name, target=node)
        ]
        return sorted(out, key=lambda c: (c.document.text, number_key(c.block.text), number_key(c.paragraph)))


def _lang(t: Term) -> Link:
    return Link(str(t.value), None, getattr(t, "language", None) or None)


def _role_rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


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


# -- pictures
@dataclass
class Mark:
    x: float
    y: float
    css: str  # its class: a role, or document / act / article (colours in static/palermo.css)
    title: str
    href: str | None = None
    size: float = 8


def timeline(rows: Iterable[tuple[str, Link, list[str]]]) -> dict[str, object]:
    """One row, a mark per meeting in date order, coloured by the first capacity, named below."""
    marks, names = [], []
    for i, (date, meeting, roles) in enumerate(rows):
        role = roles[0] if roles else "mentioned"
        x = 50 + i * 100
        marks.append(
            Mark(
                x,
                20,
                role,
                f"{meeting.text} ({date or 'no date'}): {', '.join(roles)}",
                meeting.href,
                16,
            )
        )
        names.append((x, 46, meeting.text, "middle"))
        names.append((x, 58, date[:7], "middle"))
    return {"width": 100 * len(marks), "height": 66, "marks": marks, "names": names}


def attendance_matrix(view: View, link: Callable[[str, Term], Link]) -> dict[str, object]:
    """Countries (rows) × meetings (columns, by date), each cell coloured by capacity."""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    dates: dict[str, str] = {}
    for r in view.select(canned("matrix")):
        cells[(r["who"].value, r["meeting"].value)].add(str(r["role"].value))
        dates[r["meeting"].value] = str(r["date"].value) if "date" in r else dates.get(r["meeting"].value, "")
    meetings = sorted(dates, key=lambda m: (dates[m] or "9999", m))
    countries = sorted({c for c, _ in cells}, key=lambda c: link("", ox.NamedNode(c)).text)
    size = 12
    marks = []
    for y, c in enumerate(countries):
        for x, m in enumerate(meetings):
            roles = sorted(cells.get((c, m), ()), key=_role_rank)
            if roles:
                title = f"{link('', ox.NamedNode(c)).text} · {link('', ox.NamedNode(m)).text}: {', '.join(roles)}"
                marks.append(Mark(160 + x * size, 90 + y * size, roles[0], title, None, size - 2))
    return {
        "width": 170 + size * len(meetings),
        "height": 100 + size * len(countries),
        "marks": marks,
        "rows": [(90 + y * size + size - 3, link("", ox.NamedNode(c)).text) for y, c in enumerate(countries)],
        "columns": [(160 + x * size + size / 2, link("", ox.NamedNode(m)).text) for x, m in enumerate(meetings)],
    }


def citation_network(view: View, link: Callable[[str, Term], Link], limit: int = 60) -> dict[str, object]:
    """Documents (left), the acts (middle) and articles (right) they cite, a line per citing
    pair; the `limit` most cited acts and articles, each column in label order."""
    edges: set[tuple[str, str]] = set()
    articles: set[str] = set()
    for r in view.select(canned("network")):
        if r["work"] != r["target"]:
            edges.add((r["work"].value, r["target"].value))
        if r["article"].value == "true":
            articles.add(r["target"].value)
    cited = Counter(t for _, t in edges)
    keep = {t for t, _ in cited.most_common(limit)}
    edges = {(w, t) for w, t in edges if t in keep}
    labels = {n: link("", ox.NamedNode(n)) for pair in edges for n in pair}
    columns = [
        sorted({w for w, _ in edges}, key=lambda n: labels[n].text),
        sorted({t for t in keep if t not in articles}, key=lambda n: labels[n].text),
        sorted({t for t in keep if t in articles}, key=lambda n: labels[n].text),
    ]
    step, width = 14, 960
    at: dict[str, tuple[float, float]] = {}
    marks = []
    for c, (nodes, kind) in enumerate(zip(columns, ("document", "act", "article"))):
        x = 200 + c * 280
        for i, n in enumerate(nodes):
            at[n] = (x, 20 + i * step)
            marks.append(
                Mark(x, 20 + i * step, kind, f"{labels[n].text} ({kind}, cited {cited.get(n, 0)}×)", labels[n].href, 8)
            )
    lines = [(*at[w], *at[t]) for w, t in sorted(edges)]
    names = [
        (x - 8 if x == 200 else x + 8, y + 3, labels[n].text, "end" if x == 200 else "start")
        for n, (x, y) in sorted(at.items())
    ]
    height = 40 + step * max((len(col) for col in columns), default=0)
    return {"width": width, "height": height if edges else 0, "marks": marks, "lines": lines, "names": names}


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
