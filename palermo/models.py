"""Shared types of the flow: text → Document → Facts (with Evidence) → graph.

Every stage talks through these types only, so a stage can be rewritten without touching
another's internals. Offsets are Python string indices (Unicode code points) into the
original text of the source file, as decoded.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal, get_args


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range [start, end) in the original text."""

    start: int
    end: int


# The kinds of block the reader makes. A Literal, not an enum: a block's kind stays a plain str
# (hashed, pickled to the workers and compared as cheaply as before) while mypy checks every use.
BlockKind = Literal["header", "heading", "paragraph", "preamble", "item", "footnote", "toc"]
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)
# The blocks extractors read names, citations and meetings in: every kind but the table of contents.
TEXT_KINDS: tuple[BlockKind, ...] = ("header", "paragraph", "item", "preamble", "heading", "footnote")
# The numbered paragraphs of the body: where uptake of recommendations is read and coverage measured.
PARAGRAPH_KINDS: tuple[BlockKind, ...] = ("paragraph", "preamble", "item")
# A block's key is `<prefix>/<label>` for the kinds keyed by the label they print ("para/12",
# "pp/3", "fn/2", an unnumbered paragraph "para/p1"), `<prefix>/<count>` for the others
# ("heading/4"), an item under its paragraph's key ("para/12/a"); the shapes' pal:key pattern names
# the same prefixes.
KEY_PREFIX: dict[BlockKind, str] = {
    "header": "header",
    "heading": "heading",
    "paragraph": "para",
    "preamble": "pp",
    "item": "item",
    "footnote": "fn",
    "toc": "toc",
}
LABEL_KEYED: tuple[BlockKind, ...] = ("paragraph", "preamble", "footnote")
UNNUMBERED = "p"  # an unnumbered paragraph's label: p1, p2 … in the order they come


@dataclass(frozen=True)
class Block:
    """A unit of the document's structure: header line, heading, paragraph, sub-item, footnote.

    `text` is the normalised text used for matching (lines joined, full-width folded, markup
    dropped); `offsets[i]` is the original offset of `text[i]`, so any match maps back exactly.
    """

    kind: BlockKind
    key: str  # stable local key: "para/12", "para/12/a", "pp/3", "fn/2", "heading/4", "header/1"
    label: str  # number or marker as printed ("12", "a", "2", "一", "A")
    span: Span
    text: str
    offsets: tuple[int, ...]
    parent: str | None = None  # key of the enclosing paragraph or heading

    def span_of(self, start: int, end: int) -> Span:
        """Original span of text[start:end]."""
        if end <= start:
            return Span(self.offsets[start], self.offsets[start])
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


@dataclass(eq=False)
class Document:
    """A source file read into its structure; built by the reader, read by extractors.

    The reader only segments: what the masthead lines mean (symbol, date, type …) is decided by
    the masthead extractor. Compared and hashed by identity."""

    source: str  # input file name: the provenance key
    text: str  # original decoded text
    language: str  # ISO 639-1 of this version
    blocks: list[Block]
    pages: tuple[int, ...] = ()  # offset in `text` where each page starts (a PDF's), else empty

    def block(self, key: str) -> Block:
        for b in self.blocks:
            if b.key == key:
                return b
        raise KeyError(key)

    def of_kind(self, *kinds: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    def page(self, offset: int) -> int | None:
        """The page (from 1) an offset of the text lies on, for a paginated source."""
        return bisect.bisect_right(self.pages, offset) if self.pages else None


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the block and the exact original span and quote."""

    source: str
    block: str
    span: Span
    quote: str


def evidence(doc: Document, block: Block, start: int, end: int) -> Evidence:
    """Evidence for text[start:end] of a block, quoted from the original text."""
    span = block.span_of(start, end)
    return Evidence(doc.source, block.key, span, doc.text[span.start : span.end])


@dataclass(frozen=True)
class MeetingRef:
    """A normalised reference to a meeting: body code and ordinal (or start date when unknown)."""

    body: str  # WG-TIP | COP
    ordinal: int | None
    start: str | None = None  # YYYY-MM-DD or YYYY-MM
    end: str | None = None
    place: str | None = None  # key into the places table


# ---- facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """Base of every extracted statement; `extractor` names the registry entry that made it."""

    evidence: Evidence
    extractor: str


@dataclass(frozen=True)
class DocumentFact(Fact):
    """Bibliographic description of the source document."""

    symbol: str | None
    title: str | None
    date: str | None
    doc_type: str
    language: str
    original_language: str | None
    act: ActRef | None = None  # set when the document is itself a decision/resolution


@dataclass(frozen=True)
class MeetingFact(Fact):
    """A meeting the text speaks of, with what the text says about it."""

    meeting: MeetingRef
    chair: str | None = None
    chair_country: str | None = None  # ISO alpha-3


@dataclass(frozen=True)
class DocumentMeetingFact(Fact):
    """The meeting a document was issued for / reports on, and its agenda item."""

    meeting: MeetingRef
    agenda_item: str | None
    relation: str  # serves | reports | adopted-at


@dataclass(frozen=True)
class ActRef:
    """A decision or resolution: body code, kind, number as printed ("4/4", "64/293")."""

    body: str
    kind: str  # decision | resolution | directive | framework-decision
    number: str


@dataclass(frozen=True)
class CitationFact(Fact):
    """A citation made in a paragraph: of a document symbol, an act or an article."""

    target_kind: str  # document | act | article
    verb: str | None = None  # operative verb key when the sentence has one
    symbol: str | None = None
    paragraphs: str | None = None  # cited paragraph range of a document ("46-51")
    act: ActRef | None = None
    act_date: str | None = None
    act_title: str | None = None
    instrument: str | None = None
    article: int | None = None
    paragraph: str | None = None  # cited paragraph of an article ("3", "4", "3(d)")


@dataclass(frozen=True)
class ParticipationFact(Fact):
    """A country, organization or person in a role (party, speaker, chair …), at a meeting
    when the role is one at the document's meeting; role `mentioned` otherwise."""

    meeting: MeetingRef | None
    role: str
    country: str | None = None  # ISO alpha-3
    organization: str | None = None  # key of ontology/organizations.csv
    person: str | None = None  # canonical name (see PersonFact)
    agenda_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonFact(Fact):
    """A person named in a document, with the variants of the name it uses."""

    name: str
    variants: tuple[str, ...]
    country: str | None  # ISO alpha-3
    affiliation: str | None
    group: str | None  # regional group (organization key) the person represented


@dataclass(frozen=True)
class OperativeFact(Fact):
    """A preambular or operative paragraph of a resolution or decision with its verb."""

    act: ActRef
    verb: str
    operative: bool


@dataclass(frozen=True)
class RecommendationFact(Fact):
    """A recommendation: adopted by the document's meeting, or quoted from an earlier one."""

    meeting: MeetingRef | None
    number: str  # as printed: "3", "12", "(a)"
    text: str
    theme: str | None  # the heading it sits under
    blocks: tuple[str, ...]  # keys of the blocks holding its text
    strength: str | None  # should | encouraged | may
    addressees: tuple[str, ...]  # addressee keys: states-parties, org:unodc, body:COP …
    quoted: bool = False  # quoted in this document from an earlier meeting


@dataclass(frozen=True)
class RecommendationUptakeFact(Fact):
    """A paragraph acting on the recommendations of an earlier meeting as a set: an act welcoming,
    endorsing or taking note of them, requesting their implementation, a report recalling them."""

    meeting: MeetingRef  # the meeting that made the recommendations
    verb: str  # operative verb key (welcomes, endorses, takes-note, recalls, requests …)


@dataclass(frozen=True)
class AgendaItemFact(Fact):
    """An item of the agenda a meeting adopted."""

    meeting: MeetingRef
    number: str  # "2", "1(b)"
    title: str


@dataclass(frozen=True)
class ListedDocumentFact(Fact):
    """A document listed as before a meeting, with its title and agenda item when given."""

    meeting: MeetingRef
    symbol: str
    title: str | None
    agenda_item: str | None


@dataclass(frozen=True)
class ToolFact(Fact):
    """A tool or resource named: a key of ontology/tools.csv, or discovered (not in the list)."""

    key: str | None
    title: str  # as printed
