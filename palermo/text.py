"""Normalised text with an offset map back to the original.

Extractors match on a clean form of the text (full-width folded by NFKC, superscript footnote
markers and link/markdown markup removed, broken lines joined) but every match must point at
the exact characters of the source file. `Clean` keeps, for each clean character, the offset
of the original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

# Markup that carries no words: superscript footnote markers, markdown links around symbols
# ("[CTOC/COP/WG.4/2021/1](#)"), markdown heading hashes.
_SUP_TAG = re.compile(r"<sup>\s*[0-9*]+\s*</sup>")
_MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\([^)\n]{0,300}\)")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹")


def is_cjk(ch: str) -> bool:
    """CJK ideographs and CJK punctuation: characters joined without spaces."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or ch in "《》“”‘’（）：；，。、"
    )


@dataclass(frozen=True)
class Line:
    """One line of clean text with the original offset of each character."""

    text: str
    offsets: Sequence[int]  # a range while the line maps one to one onto the original
    end: int  # original offset just past the line (before its newline)

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else self.end


def _drop_ranges(text: str) -> list[bool] | None:
    """Mark characters that belong to markup and are not part of the words (None: none do)."""
    if "<" not in text and "[" not in text and "#" not in text:
        return None
    drop = [False] * len(text)
    for m in _SUP_TAG.finditer(text):
        for i in range(m.start(), m.end()):
            drop[i] = True
    for m in _MD_LINK.finditer(text):
        for i in range(m.start(), m.start(1)):
            drop[i] = True
        for i in range(m.end(1), m.end()):
            drop[i] = True
    for m in _MD_HEADING.finditer(text):
        for i in range(m.start(), m.end()):
            drop[i] = True
    return drop


_SPECIAL = re.compile("[\r\ufeff\uf020-\uf07e" + "".join(sorted(_SUPERSCRIPTS)) + "]")


@lru_cache(maxsize=4096)
class _OneForOne(dict[int, str]):
    """str.translate table of each character to its normal form when that is one character,
    else to _UNEVEN; filled as characters are met."""

    def __missing__(self, code: int) -> str:
        n = _normal(chr(code))
        self[code] = n if len(n) == 1 and n != _UNEVEN else _UNEVEN
        return self[code]


_UNEVEN = "\uffff"  # a noncharacter: a line holding one takes the slow path, which is exact
_ONE_FOR_ONE = _OneForOne()


# Marks that carry no letter: direction marks and embeddings round Latin symbols in Arabic text, the
# Arabic vowel marks and tatweel ("مُؤتمَر", "الجريمةـ") that the words of the tables are written without.
_UNWRITTEN = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0640") | frozenset(
    chr(c) for c in range(0x064B, 0x0653)
) | {"\u0670"}


@cache
def _normal(ch: str) -> str:
    """NFKC of one character, every white space but the tab a plain space."""
    if "\uf020" <= ch <= "\uf07e":
        ch = chr(ord(ch) - 0xF000)  # Symbol-font private-use code points from PDF conversion
    if ch in _UNWRITTEN:
        return ""
    if "\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9":
        return str(unicodedata.digit(ch))  # Arabic-Indic digits: the patterns count in ASCII ones
    return "".join(" " if n.isspace() and n != "\t" else n for n in unicodedata.normalize("NFKC", ch))


def clean_lines(text: str) -> list[Line]:
    """Split into lines of normalised text, each character mapped to its original offset."""
    drop = _drop_ranges(text)
    lines: list[Line] = []
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw)
        if (drop is None or not any(drop[start:end])) and not _SPECIAL.search(raw):
            norm = raw.translate(_ONE_FOR_ONE)
            if _UNEVEN not in norm:  # the usual case: one clean character per original one
                lines.append(_line(norm, range(start, end), end))
                start = end + 1
                continue
        chars: list[str] = []
        offs: list[int] = []
        for i in range(start, end):
            ch = text[i]
            if (drop is not None and drop[i]) or ch in _SUPERSCRIPTS or ch == "\r" or ch == "\ufeff":
                continue
            for n in _normal(ch):
                chars.append(n)
                offs.append(i)
        lines.append(_line("".join(chars), offs, end))
        start = end + 1
    return lines


_IDEOGRAPHS = "\u4e00-\u9fff\u3400-\u4dbf"
_IDEOGRAPH_SPACE = re.compile(f"(?<=[{_IDEOGRAPHS}]) (?=[{_IDEOGRAPHS}])")


def _line(text: str, offs: Sequence[int], end: int) -> Line:
    # a space between two ideographs is conversion damage ("议定 书"): Chinese has none
    if " " in text:
        damaged = [m.start() for m in _IDEOGRAPH_SPACE.finditer(text)]
        if damaged:
            drop = set(damaged)
            text = "".join(c for i, c in enumerate(text) if i not in drop)
            offs = [o for i, o in enumerate(offs) if i not in drop]
    # strip surrounding blanks but keep the mapping aligned
    lo, hi = len(text) - len(text.lstrip(" ")), len(text.rstrip(" "))
    if lo >= hi:
        return Line("", (), end)
    return Line(text[lo:hi], offs[lo:hi], end)


_PUNCT = set(",.;:!?()[]'\"")


def _glued(prev: str, nxt: str) -> bool:
    """Chinese text has no spaces: CJK next to CJK or punctuation joins directly."""
    return (is_cjk(prev) and (is_cjk(nxt) or nxt in _PUNCT)) or (prev in _PUNCT and is_cjk(nxt))


def join_lines(lines: list[Line]) -> tuple[str, tuple[int, ...]]:
    """Join the lines of one block into running text.

    Lines broken mid-sentence are glued: no space between CJK characters, the hyphen of a
    word broken at the end of an English line dropped, one space elsewhere. Runs of spaces
    collapse to one.
    """
    pieces: list[str] = []
    offs: list[int] = []
    tail = ""  # the last two characters written
    for line in lines:
        text, at = line.text, line.offsets
        if not text:
            continue
        if pieces:
            prev, nxt = tail[-1], text[0]
            if (
                prev == "-"
                and len(tail) > 1
                and tail[-2].isalpha()
                and tail[-2].islower()
                and nxt.isalpha()
                and nxt.islower()
            ):
                pieces[-1] = pieces[-1][:-1]
                offs.pop()
                tail = tail[:-1]
            elif prev != " " and not _glued(prev, nxt):
                pieces.append(" ")
                offs.append(at[0])
                tail = tail[-1:] + " "
        if "  " in text or (text[0] == " " and tail.endswith(" ")):
            text, at = _squeeze(text, at, tail.endswith(" "))
        if text:
            pieces.append(text)
            offs.extend(at)
            tail = text[-2:] if len(text) > 1 else tail[-1:] + text
    return "".join(pieces), tuple(offs)


def _squeeze(text: str, offsets: Sequence[int], after_space: bool) -> tuple[str, Sequence[int]]:
    """Runs of spaces as one space (none first when the text so far ends with one)."""
    chars: list[str] = []
    kept: list[int] = []
    last = " " if after_space else ""
    for ch, o in zip(text, offsets):
        if ch == " " and last == " ":
            continue
        chars.append(ch)
        kept.append(o)
        last = ch
    return "".join(chars), tuple(kept)
