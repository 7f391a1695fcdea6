"""Normalised text with an offset map back to the original.

Extractors match on a clean form of the text (full-width folded by NFKC, superscript footnote
markers and link/markdown markup removed, broken lines joined) but every match must point at
the exact characters of the source file. `Clean` keeps, for each clean character, the offset
of the original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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
    offsets: tuple[int, ...]
    end: int  # original offset just past the line (before its newline)

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else self.end


def _drop_ranges(text: str) -> list[bool]:
    """Mark characters that belong to markup and are not part of the words."""
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
def _normal(ch: str) -> str:
    """NFKC of one character, every white space but the tab a plain space."""
    if "\uf020" <= ch <= "\uf07e":
        ch = chr(ord(ch) - 0xF000)  # Symbol-font private-use code points from PDF conversion
    return "".join(" " if n.isspace() and n != "\t" else n for n in unicodedata.normalize("NFKC", ch))


def clean_lines(text: str) -> list[Line]:
    """Split into lines of normalised text, each character mapped to its original offset."""
    drop = _drop_ranges(text)
    lines: list[Line] = []
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw)
        if not any(drop[start:end]) and not _SPECIAL.search(raw):
            norm = "".join(_normal(ch) for ch in raw)
            if len(norm) == len(raw):  # the usual case: one clean character per original one
                lines.append(_line(list(norm), list(range(start, end)), end))
                start = end + 1
                continue
        chars: list[str] = []
        offs: list[int] = []
        for i in range(start, end):
            ch = text[i]
            if drop[i] or ch in _SUPERSCRIPTS or ch == "\r" or ch == "\ufeff":
                continue
            for n in _normal(ch):
                chars.append(n)
                offs.append(i)
        lines.append(_line(chars, offs, end))
        start = end + 1
    return lines


def _ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _line(chars: list[str], offs: list[int], end: int) -> Line:
    # a space between two ideographs is conversion damage ("议定 书"): Chinese has none
    keep = [
        not (c == " " and 0 < i < len(chars) - 1 and _ideograph(chars[i - 1]) and _ideograph(chars[i + 1]))
        for i, c in enumerate(chars)
    ]
    chars = [c for c, k in zip(chars, keep) if k]
    offs = [o for o, k in zip(offs, keep) if k]
    # strip surrounding blanks but keep the mapping aligned
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo] == " ":
        lo += 1
    while hi > lo and chars[hi - 1] == " ":
        hi -= 1
    return Line("".join(chars[lo:hi]), tuple(offs[lo:hi]), end)


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
    out: list[str] = []
    offs: list[int] = []
    for line in lines:
        if not line.text:
            continue
        if out:
            prev, nxt = out[-1], line.text[0]
            if (
                prev == "-"
                and len(out) > 1
                and out[-2].isalpha()
                and out[-2].islower()
                and nxt.isalpha()
                and nxt.islower()
            ):
                out.pop()
                offs.pop()
            elif prev != " " and not _glued(prev, nxt):
                out.append(" ")
                offs.append(line.offsets[0])
        for ch, o in zip(line.text, line.offsets):
            if ch == " " and out and out[-1] == " ":
                continue
            out.append(ch)
            offs.append(o)
    return "".join(out), tuple(offs)
