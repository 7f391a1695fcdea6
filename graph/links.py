"""Links between documents, made once every document is built: what no single document can say.

- the same paragraph in two language versions of one work (`pal:alignedWith`), found by what
  both versions state in it (see `align_versions`);
- a recommendation quoted in a later document and the recommendation its meeting adopted
  (`prov:wasQuotedFrom`), found by comparing their texts.

Workers send plain rows (IRIs and texts), so the links come out the same from cached documents.
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib.namespace import PROV

from palermo import lang as langs
from palermo.graph.ntriples import TYPE
from palermo.iri import PAL
from palermo.models import KEY_PREFIX, UNNUMBERED

if TYPE_CHECKING:
    from palermo.graph.build import DocumentGraph

# Quoting documents shorten or re-edit a little ("缔约各国" → "缔约国"): texts this alike are one text.
QUOTE_SIMILARITY = 0.75

# -- aligning language versions
# Blocks aligned: the body and, apart, the footnotes. Contents entries repeat headings and are
# left out. Masthead lines are in the body, as a reader may take a paragraph for one, but two
# masthead lines are never in one pair: versions split, order and word their mastheads apart, and
# name the same work, meeting and date on several lines.
_STREAMS = {
    "header": "body",
    "heading": "body",
    "paragraph": "body",
    "preamble": "body",
    "item": "body",
    "footnote": "fn",
}
# What a fact node states that says nothing about its paragraph's content in any language: its
# provenance, and its evidence (offsets and page are typed literals, which would pass for anchors).
_BOOKKEEPING = {
    TYPE,
    *(f"<{t}>" for t in (PROV.wasGeneratedBy, PAL.statedIn, PAL.block, PAL.start, PAL.end, PAL.page, PAL.quote)),
}
ANCHOR_WEIGHT = 2.0  # per unit of shared anchors (a thing both paragraphs alone name counts 1)
ANCHOR_CAP = 1.5  # shared anchors counted up to this: more is no surer, and merges must not win by it
ANCHORED = 0.5  # evidence (shared anchors, a matching count) from which a pair stands on its own
CONCEPT_FACTOR = 0.4  # an operative verb, a role, a document type: a value many paragraphs share
PRINTED_MATCH, PRINTED_CLASH = 1.5, -2.0  # the same printed paragraph number / two different ones
CONCEPT_CLASH = -1.0  # both state values of one scheme (operative verbs), none the same
COUNTED_MATCH = 0.3  # the same count of preambular paragraphs or headings: the reader's count, weak
# (so a verb and a count agreeing anchor a pair, neither alone does)
MERGE_COST = 0.4  # one paragraph against two: only when the lengths or the anchors ask for it
LENGTH_TOLERANCE = 0.4  # log length ratio at which a pair's length stops speaking for it
LENGTH_SMOOTHING = 20  # characters added to each side: short lines say little by their length
LENGTH_FLOOR = -2.0
CHAIN_FIT = 0.5  # the length fit a pair with no anchor (nor count) needs to be kept beside an anchored one
RATIO_PRIOR = 5  # pairs the language tables' ratio counts as, against a work's measured ones
# A pair measured further than this factor from the tables' ratio (1: lengths are in English letters)
# is not one paragraph against one: a mirror that flattened a preamble into one line, a reader that
# joined paragraphs. It says nothing of the two languages and is left out of the measurement.
RATIO_PLAUSIBLE = 3.0
RATIO_CHANGE = 0.05  # a log ratio measured again that differs less changes nothing worth a second pass
BAND = 50  # blocks beyond the two versions' difference in count a path may stray from the diagonal


def alignment_rows(built: DocumentGraph, lines: Iterable[str]) -> list[list[str]]:
    """[work, version, block IRI, key, kind, length, anchor…] for each aligned block of one language
    version, in reading order. The anchors are what the version's facts evidenced in the block
    state, as N-Triples terms (`<…act/ga/resolution/61-144>`, `"2004-04-19"^^<…#date>`):
    minted from normalised keys, they are the same in every language. The version's own nodes
    (its blocks, facts and evidence) and plain or language-tagged literals (quotes, titles) are
    not anchors. The length counts letters (ideographs in Chinese): numbers, symbols and dates are
    as long in every language and would blur the languages' ratio; it is given in English letters
    (the language table's `length-unit`), so two versions' lengths compare as they are."""
    own = built.expr + "/"
    block_of = {f"<{node}>": about[1] for node, about in built.facts.items()}
    anchors: dict[str, set[str]] = {}
    for line in lines:
        subject, predicate, obj = line[:-2].split(" ", 2)
        key = block_of.get(subject)
        if key is None or predicate in _BOOKKEEPING:
            continue
        thing = obj.startswith("<") and not obj.startswith(f"<{own}") and obj != f"<{built.expr}>"
        if thing or (obj.startswith('"') and '"^^<' in obj):  # a typed literal: a date, a number
            anchors.setdefault(key, set()).add(obj)
    unit = float(dict(langs.load(built.doc.language).words.get("length-unit", ())).get("letters", 1))
    rows = []
    for block in built.doc.blocks:
        if block.kind in _STREAMS:
            length = round(sum(map(str.isalpha, block.text)) / unit)  # digits read alike in both
            iri = built.minter.block(built.expr, block.key)
            row = [str(built.work), str(built.expr), iri, block.key, block.kind, str(length)]
            rows.append(row + sorted(anchors.get(block.key, ())))
    return rows


@dataclass(frozen=True)
class _Block:
    index: int  # place in its version's stream
    iri: str
    key: str
    kind: str
    length: int
    anchors: frozenset[str]

    @property
    def printed(self) -> str | None:
        """The number the text prints for it (`para/12`, `para/12/a`, `fn/3`), else None: a
        preambular paragraph's, a heading's or an unnumbered paragraph's number is the reader's count."""
        numbered = f"{KEY_PREFIX['paragraph']}/"
        if self.kind in ("paragraph", "item") and self.key.startswith(numbered):
            return None if self.key.startswith(numbered + UNNUMBERED) else self.key
        return self.key if self.kind == "footnote" else None

    @property
    def counted(self) -> str | None:
        return self.key if self.kind in ("preamble", "heading") else None


@dataclass(frozen=True)
class _Pair:
    a: tuple[_Block, ...]
    b: tuple[_Block, ...]
    score: float
    anchored: bool
    fit: float  # how well the lengths agree (1 at best, 0 where they stop speaking for the pair)
    counted: bool  # the same count of preambular paragraphs or headings, lengths not against it


def align_versions(rows: Iterable[list[str]]) -> list[str]:
    """N-Triples linking the paragraphs of each two language versions of one work that say the
    same thing (`pal:alignedWith`, both ways; a paragraph aligned with two gives two links).

    Versions are excerpts, number their preambles differently or not at all, and merge or split
    paragraphs, so paragraph N is not paragraph N. As Gale–Church and Bleualign do, the two
    versions' blocks are aligned by a monotone dynamic programme over one-to-one, one-to-two,
    two-to-one pairs (and a paragraph with its items against one block) and gaps: a pair scores
    by its anchors (what both blocks' facts state: acts, documents, articles, meetings,
    countries, dates, verbs; rarer is stronger), by the paragraph number where the text prints
    one, weakly by the reader's count of preambular paragraphs, and by how well its lengths fit
    the ratio of the two languages (measured on the work's anchored pairs that are one paragraph
    against one). A gap costs nothing, so a pair is made only on evidence. Of the
    pairs made, those kept stand on an anchor, or follow one without a gap with lengths that
    fit, or belong to two versions that match block for block: a paragraph is left unaligned
    rather than paired by its place alone."""
    versions: dict[str, dict[str, list[_Block]]] = {}
    for work, expression, iri, key, kind, length, *anchors in rows:
        stream = versions.setdefault(f"{work} {_STREAMS[kind]}", {}).setdefault(expression, [])
        stream.append(_Block(len(stream), iri, key, kind, int(length), frozenset(anchors)))
    out = set()
    for by_expression in versions.values():
        names = sorted(by_expression)
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                for pair in align(by_expression[first], by_expression[second]):
                    for a in pair.a:
                        for b in pair.b:
                            out.add(f"<{a.iri}> <{PAL.alignedWith}> <{b.iri}> .")
                            out.add(f"<{b.iri}> <{PAL.alignedWith}> <{a.iri}> .")
    return sorted(out)


def align(a: Sequence[_Block], b: Sequence[_Block]) -> list[_Pair]:
    """The pairs kept of the best monotone alignment of two versions' blocks (see align_versions)."""
    if not a or not b:
        return []
    scorer = _Scorer(a, b)
    scorer.measure(_ratio(scorer.anchored_ratios()))
    path = _best_path(scorer)
    anchored = [_len(p.b) / _len(p.a) for p in path if p.anchored and _len(p.a) and _len(p.b)]
    if anchored and abs(math.log(_ratio(anchored) / scorer.ratio)) > RATIO_CHANGE:
        scorer.measure(_ratio(anchored))  # measured again on the pairs of the whole alignment
        path = _best_path(scorer)
    return _kept(path, len(a), len(b))


def _ratio(measured: list[float]) -> float:
    """b's length for a's: the median of the ratios measured, drawn toward 1 (the lengths are
    in English letters already, by the language tables) as if RATIO_PRIOR pairs had measured 1:
    a work's few pairs, one of them a table's quirk, do not outweigh what the tables say."""
    measured = [r for r in measured if 1 / RATIO_PLAUSIBLE <= r <= RATIO_PLAUSIBLE]
    if not measured:
        return 1.0
    return math.exp(math.log(statistics.median(measured)) * len(measured) / (len(measured) + RATIO_PRIOR))


def _len(blocks: Iterable[_Block]) -> int:
    return sum(x.length for x in blocks)


@dataclass(frozen=True, slots=True)
class _Span:
    """One block, two running blocks or a paragraph with its items, as the programme weighs them."""

    anchors: frozenset[str]  # those the other version states too
    mass: float  # their weight
    length: int
    header: bool  # holds a masthead line
    printed: frozenset[str]
    counted: str | None
    concepts: dict[str, frozenset[str]]  # scheme → the values of it the span states


def _concepts(anchors: Iterable[str]) -> dict[str, frozenset[str]]:
    """Anchors that are values of a concept scheme (`<…/concept/operative-verb/recalls>`, as
    Minter.concept makes them), by scheme: a paragraph opens with one verb, so two paragraphs
    stating only different verbs are two paragraphs."""
    out: dict[str, set[str]] = {}
    for t in anchors:
        if "/concept/" in t:
            scheme, _, value = t[1:-1].rsplit("/concept/", 1)[1].partition("/")
            out.setdefault(scheme, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


def _groups(blocks: Sequence[_Block]) -> dict[int, int]:
    """{start: size} of each numbered paragraph followed by two or more of its own items
    (`para/3`, `para/3/a`, `para/3/b`): one version's reader splits the items off where the
    other's keeps them in the paragraph (Arabic "(أ)", Russian and French "a)"), so the whole
    run may stand against one block."""
    out = {}
    for k, x in enumerate(blocks):
        end = k + 1
        if x.kind == "paragraph":
            while end < len(blocks) and blocks[end].kind == "item" and blocks[end].key.startswith(x.key + "/"):
                end += 1
        if end - k > 2:
            out[k] = end - k
    return out


class _Scorer:
    """Scores a candidate pair a[i0:i1] against b[j0:j1]. An anchor's weight is 1 / the most
    blocks either version states it in: a thing one paragraph alone names pins it, a verb every
    paragraph opens with barely. Every span of one or two blocks (or a paragraph with its items)
    is described once, and what two spans share is found through the anchors (sparse): the
    programme scores every cell of its band."""

    def __init__(self, a: Sequence[_Block], b: Sequence[_Block]) -> None:
        self.a, self.b, self.ratio = a, b, 1.0
        in_a, in_b = Counter(t for x in a for t in x.anchors), Counter(t for x in b for t in x.anchors)
        self.weight = {
            t: (CONCEPT_FACTOR if "/concept/" in t else 1.0) / max(n, in_b[t]) for t, n in in_a.items() if t in in_b
        }
        groups_a, groups_b = _groups(a), _groups(b)
        self.spans_a, self.spans_b = self._spans(a, groups_a), self._spans(b, groups_b)
        # end of each group → its size: a move the programme may make to that end besides _MOVES
        self.ends_a = {k + n: n for k, n in groups_a.items()}
        self.ends_b = {k + n: n for k, n in groups_b.items()}
        self.log_a: dict[int, dict[int, float]] = {}
        self.log_b: dict[int, dict[int, float]] = {}
        where_b: dict[str, list[tuple[int, int]]] = {}
        for size, spans in self.spans_b.items():
            for j, span in spans.items():
                for t in span.anchors:
                    where_b.setdefault(t, []).append((j, size))
        self.shared: dict[tuple[int, int, int, int], float] = {}
        for size_a, spans in self.spans_a.items():
            for i, span in spans.items():
                for t in span.anchors:
                    for j, size_b in where_b[t]:
                        if min(size_a, size_b) == 1:
                            cell = (i, size_a, j, size_b)
                            self.shared[cell] = self.shared.get(cell, 0.0) + self.weight[t]

    def _spans(self, blocks: Sequence[_Block], groups: dict[int, int]) -> dict[int, dict[int, _Span]]:
        """{size: {start: span}}: every block, every two running blocks, and the groups."""
        out: dict[int, dict[int, _Span]] = {}
        runs = [(k, 1) for k in range(len(blocks))] + [(k, 2) for k in range(len(blocks) - 1)]
        for k, size in runs + sorted(groups.items()):
            run = blocks[k : k + size]
            anchors = frozenset(t for x in run for t in x.anchors if t in self.weight)
            concepts = _concepts(t for x in run for t in x.anchors)
            printed = frozenset(x.printed for x in run if x.printed)
            counted = run[0].counted if size == 1 else None
            header = any(x.kind == "header" for x in run)
            mass = sum(self.weight[t] for t in anchors)
            out.setdefault(size, {})[k] = _Span(anchors, mass, _len(run), header, printed, counted, concepts)
        return out

    def anchored_ratios(self) -> list[float]:
        """The length ratios of the one-to-one pairs sharing anchors enough to stand on their
        own, before any alignment: wrong candidates (two paragraphs citing one act) fall on
        either side of the right ones, and the median takes the middle."""
        return [
            self.b[j].length / self.a[i].length
            for (i, size_a, j, size_b), shared in self.shared.items()
            if size_a == size_b == 1 and shared >= ANCHORED and self.a[i].length and self.b[j].length
            if not (self.a[i].kind == self.b[j].kind == "header")
        ]

    def measure(self, ratio: float) -> None:
        """Weigh lengths by this ratio of b's length to a's, smoothed on both sides alike."""
        self.ratio = ratio
        for size, spans in self.spans_a.items():
            self.log_a[size] = {k: math.log(ratio * (x.length + LENGTH_SMOOTHING)) for k, x in spans.items()}
        for size, spans in self.spans_b.items():
            self.log_b[size] = {k: math.log(y.length + ratio * LENGTH_SMOOTHING) for k, y in spans.items()}

    def score(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float, bool, bool, float]:
        """(score, shared anchors, printed number matched, counted number matched, length fit);
        a score of 0 when both sides hold a masthead line."""
        size_a, size_b = i1 - i0, j1 - j0
        x, y = self.spans_a[size_a][i0], self.spans_b[size_b][j0]
        if x.header and y.header:
            return 0.0, 0.0, False, False, LENGTH_FLOOR
        # shared < 0: both state anchors of the other version and share none: other paragraphs
        shared = self.shared.get((i0, size_a, j0, size_b), 0.0) or -min(x.mass, y.mass, 1.0)
        r = self.log_b[size_b][j0] - self.log_a[size_a][i0]
        fit = max(LENGTH_FLOOR, 1 - (r / LENGTH_TOLERANCE) ** 2)
        score = ANCHOR_WEIGHT * min(shared, ANCHOR_CAP) + fit
        printed = bool(x.printed & y.printed)
        if x.printed and y.printed:
            score += PRINTED_MATCH if printed else PRINTED_CLASH
        counted = x.counted is not None and x.counted == y.counted
        if x.concepts and y.concepts and any(not (v & y.concepts.get(k, v)) for k, v in x.concepts.items()):
            score += CONCEPT_CLASH
        if counted:
            score += COUNTED_MATCH
        if size_a + size_b > 2:
            score -= MERGE_COST
        return score, shared, printed, counted, fit

    def pair(self, i0: int, i1: int, j0: int, j1: int) -> _Pair:
        score, shared, printed, counted, fit = self.score(i0, i1, j0, j1)
        counted = counted and fit >= 0
        anchored = printed or shared + (COUNTED_MATCH if counted else 0.0) >= ANCHORED
        return _Pair(tuple(self.a[i0:i1]), tuple(self.b[j0:j1]), score, anchored, fit, counted)


_MOVES = ((1, 1), (1, 2), (2, 1))


def _best_path(scorer: _Scorer) -> list[_Pair]:
    """The highest-scoring monotone sequence of pairs (a gap scores 0, so only pairs scoring
    above 0 are made), within a band around the diagonal wide enough for the versions'
    difference in length."""
    n, m = len(scorer.a), len(scorer.b)
    band = abs(n - m) + BAND
    total = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, bool]]] = [[(0, 0, False)] * (m + 1) for _ in range(n + 1)]
    total[0][0] = 0.0
    column_moves = [((1, scorer.ends_b[j]),) if j in scorer.ends_b else () for j in range(m + 1)]
    for i in range(n + 1):
        row, above = total[i], total[i - 1] if i else None
        row_moves = (*_MOVES, (scorer.ends_a[i], 1)) if i in scorer.ends_a else _MOVES
        for j in range(max(0, i - band), min(m, i + band) + 1):
            best, step = row[j], back[i][j]
            if j and row[j - 1] > best:
                best, step = row[j - 1], (i, j - 1, False)
            if above is not None and above[j] > best:
                best, step = above[j], (i - 1, j, False)
            for di, dj in row_moves + column_moves[j] if column_moves[j] else row_moves:
                i0, j0 = i - di, j - dj
                if i0 < 0 or j0 < 0 or total[i0][j0] == -math.inf:
                    continue
                gain = scorer.score(i0, i, j0, j)[0]
                if gain > 0 and total[i0][j0] + gain > best:
                    best, step = total[i0][j0] + gain, (i0, j0, True)
            row[j], back[i][j] = best, step
    path = []
    i, j = n, m
    while (i, j) != (0, 0):
        i0, j0, paired = back[i][j]
        if paired:
            path.append(scorer.pair(i0, i, j0, j))
        i, j = i0, j0
    return path[::-1]


def _kept(path: list[_Pair], n: int, m: int) -> list[_Pair]:
    """The pairs of the path that are sure: anchored ones, the pairs that follow or precede a
    kept one with no block left out between and with lengths that fit closely (or the same
    count), and every pair when the path pairs every block of both versions with lengths that fit."""
    covered = sum(len(p.a) for p in path) == n and sum(len(p.b) for p in path) == m
    if covered and all(p.fit >= 0 for p in path):
        return path
    keep = [p.anchored for p in path]
    for k in [*range(1, len(path)), *range(len(path) - 2, -1, -1)]:  # forward, then backward
        for neighbour in (k - 1, k + 1):
            beside = 0 <= neighbour < len(path) and keep[neighbour] and _next(path, min(k, neighbour))
            if beside and (path[k].fit >= CHAIN_FIT or path[k].counted):
                keep[k] = True
    return [p for p, kept in zip(path, keep) if kept]


def _next(path: list[_Pair], k: int) -> bool:
    """Pair k + 1 starts right after pair k on both sides."""
    first, second = path[k], path[k + 1]
    return first.a[-1].index + 1 == second.a[0].index and first.b[-1].index + 1 == second.b[0].index


def _bigrams(text: str) -> set[str]:
    """Character pairs of the words only: width, spacing and punctuation differ between copies."""
    folded = "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def link_quotations(rows: Iterable[list[str]]) -> list[str]:
    """N-Triples `<quoted> prov:wasQuotedFrom <adopted>`: a quoted recommendation and the one of
    the same meeting, in the same language, whose text is most alike (and alike enough)."""
    adopted: dict[tuple[str, str], list[tuple[str, set[str]]]] = {}
    quoted = []
    for node, meeting, kind, language, text in rows:
        if kind == "adopted":
            adopted.setdefault((meeting, language), []).append((node, _bigrams(text)))
        else:
            quoted.append((node, meeting, language, _bigrams(text)))
    out = set()
    for node, meeting, language, grams in quoted:
        scored = sorted(((_dice(grams, g), n) for n, g in adopted.get((meeting, language), [])), reverse=True)
        if scored and scored[0][0] >= QUOTE_SIMILARITY and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            out.add(f"<{node}> <{PROV.wasQuotedFrom}> <{scored[0][1]}> .")
    return sorted(out)
