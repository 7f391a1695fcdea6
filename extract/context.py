"""What extractors share about one document, computed once and passed openly.

Extractors never import each other's helpers: what more than one of them needs about a document
is here, and the dependencies between them are the ones this class spells out (each computed on
first use); what they share that is not about one document stands in modules of its own
(extract/gazetteer.py: the names of countries and organizations in a text; palermo/symbols.py: a
document symbol's normal form):

    masthead   ← the Document (extract/masthead.py): symbol, date, type, body, session, act …
    sentences  ← the language's sentence ends and abbreviations
    bodies     ← masthead (the document's own body resolves "the Working Group", "the Council")
    meetings   ← masthead (the document's body, session, meeting line, act) and sentences
                 (extract/meetings.py): every meeting the text speaks of, and its own meeting
    opening_verbs ← the language's operative verbs: what each paragraph of an act does
"""

from __future__ import annotations

import re
from functools import cache, cached_property

from palermo import lang as langs
from palermo import reference
from palermo.extract import masthead as _masthead
from palermo.extract import meetings as _meetings
from palermo.models import ActRef, Block, Document, MeetingRef

Hit = tuple[int, int, str]  # start, end, body code


@cache
def _body_names(code: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z]){langs.load(code).alternation('body')}(?![A-Za-z])")


class BodyFinder:
    """Bodies named in a text read in order. A body named by its kind alone ("the Working Group",
    "the Council", "工作组") is the body of that kind named last, else the document's own (or its
    parent), else the only body of that kind, else the kind's default (`anaphor-default`); a
    working group on technical assistance named before is never taken for the Working Group on
    Trafficking in Persons, and after a body the tables do not know (`other-body`: "the Working
    Group on Asset Recovery") the kind alone names no body."""

    def __init__(self, lang: langs.Lang, own: str | None, seen: dict[str, list[Hit]] | None = None) -> None:
        self.lang = lang
        self.seen = seen if seen is not None else {}  # text → its names, before resolution (shared per document)
        self.last: dict[str, str] = {}
        self.anaphor = lang.pattern("body-anaphor-context") if lang.has("body-anaphor-context") else None
        code = own
        while code and code in reference.bodies():
            self.last.setdefault(reference.bodies()[code].kind, code)
            code = reference.bodies()[code].parent

    def find(self, text: str, unresolved: bool = False) -> list[Hit]:
        """Bodies named in `text` (a sentence), resolved, in order; remembers the named ones. With
        `unresolved`, a kind named alone that nothing resolves stays, as body "" (no body known)."""
        hits = self.seen.get(text)
        if hits is None:
            hits = self.seen[text] = self._names(text)
        out: list[Hit] = []
        for s, e, code in hits:
            if code.startswith("!"):
                self.last[code[1:]] = ""  # "the Working Group" now means that unknown one
                if unresolved:
                    out.append((s, e, ""))
                continue
            if code.startswith("@"):
                kind = code[1:]
                default = reference.only_of_kind(kind) or dict(self.lang.words.get("anaphor-default", [])).get(kind)
                resolved = self.last.get(kind, default)
                if resolved or unresolved:
                    out.append((s, e, resolved or ""))
                continue
            named = reference.kind_of(code)
            if named:
                self.last[named] = code
            out.append((s, e, code))
        return out

    def _names(self, text: str) -> list[Hit]:
        """What names a body in `text`, in order: tables' names, unknown bodies ("!kind"), kinds
        alone ("@kind"); the same for every extractor that reads the text."""
        hits: list[Hit] = []
        for m in _body_names(self.lang.code).finditer(text):
            code = self.lang.keys("body", m.group())
            if code:
                hits.append((m.start(), m.end(), code))
        for kind, rx in self.lang.forms("other-body"):
            for m in rx.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), "!" + kind))  # a body of that kind the tables do not know
        if self.anaphor is not None:
            for m in self.anaphor.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), "@" + (self.lang.keys("body-anaphor", m.group()) or "")))
        return sorted(hits)


@cache
def _stops(ends: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(ends) if len(c) == 1) + "]")


def split_sentences(lang: langs.Lang, text: str, ends: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Sentence spans of a text; a stop after an abbreviation ("Ms.", "para.") goes on, and in
    English a stop not followed by a space ("A/RES/58.137", "1.5") ends nothing."""
    ends = ends if ends is not None else lang.words_set("sentence-end")
    out, start = [], 0
    for stop in _stops(ends).finditer(text):
        i, ch = stop.start(), stop.group()
        if lang.code == "en" and i + 1 < len(text) and text[i + 1] != " ":
            continue
        if ch == "." and lang.abbreviated(text[start:i]):
            continue
        out.append((start, i + 1))
        start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def opening_verb(lang: langs.Lang, text: str) -> str | None:
    """The operative verb a paragraph opens with ("还请秘书处…" → requests), after its number ("1.",
    in Arabic "1 -")."""
    body = lang.pattern("number-prefix").sub("", text, count=1)
    best = None
    for key, surface in lang.words.get("operative-verb", []):
        if body.startswith(surface) and (best is None or len(surface) > len(best[1])):
            best = (key, surface)
    return best[0] if best else None


class Context:
    """One document and what its extractors share about it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lang = langs.load(doc.language)
        self._sentences: dict[tuple[str, bool], list[tuple[int, int]]] = {}
        self._bodies_named: dict[str, list[Hit]] = {}

    @cached_property
    def masthead(self) -> _masthead.Masthead:
        return _masthead.read(self.doc)

    @property
    def own_symbols(self) -> frozenset[str]:
        """Every symbol the document prints as its own (masthead, alternates, running heads)."""
        symbols: frozenset[str] = self.masthead.symbols
        return symbols

    @property
    def own_act(self) -> ActRef | None:
        act: ActRef | None = self.masthead.act
        return act

    @property
    def body(self) -> str | None:
        """The body whose document this is (COP, WG-TIP, GA, HRC …), when the masthead says."""
        body: str | None = self.masthead.value("body")
        return body

    def sentences(self, block: Block, full_stops_only: bool = False) -> list[tuple[int, int]]:
        """Sentence spans of a block's text (cached); `full_stops_only` leaves semicolons inside."""
        key = (block.key, full_stops_only)
        if key not in self._sentences:
            ends = (
                frozenset(s for k, s in self.lang.words.get("sentence-end", []) if k == ".")
                if full_stops_only
                else None
            )
            self._sentences[key] = split_sentences(self.lang, block.text, ends)
        return self._sentences[key]

    @cached_property
    def opening_verbs(self) -> dict[str, str]:
        """The operative verb of each paragraph that opens with one, and of the sub-items under
        it: in a decision or resolution, what the paragraph does with what it names."""
        verbs: dict[str, str] = {}
        for b in self.doc.blocks:
            v = opening_verb(self.lang, b.text) if b.kind in ("preamble", "paragraph") else None
            if v:
                verbs[b.key] = v
            elif b.parent and b.parent in verbs:
                verbs[b.key] = verbs[b.parent]
        return verbs

    def body_finder(self) -> BodyFinder:
        """A fresh reader of the bodies a text names, seeded with the document's own body; what a
        text names is found once for all of them."""
        return BodyFinder(self.lang, self.body, self._bodies_named)

    @cached_property
    def meetings(self) -> _meetings.Meetings:
        return _meetings.analyse(self)

    @property
    def reported_meeting(self) -> MeetingRef | None:
        """The meeting the document reports on (a report's own), whose attendance, agenda and
        recommendations it records; None for other documents."""
        own = self.meetings.own
        return own.ref if own and own.relation == "reports" else None
