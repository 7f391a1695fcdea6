"""Reader: a text file → `Document` (masthead lines, headings, numbered paragraphs, items, footnotes).

The reader segments and decides nothing about meaning: which masthead line is the symbol or the
date is the masthead extractor's business (extract/masthead.py).

Real UN texts come through pdf-to-text: lines broken mid-sentence, a blank line after every
line, footnotes dropped in the middle of a paragraph at page breaks, headings without numbers,
markers as superscripts, `<sup>`, `*` or bare digits. The reader walks the lines once with a
small state machine and keeps, for every block, the clean text and the offset of each of its
characters in the original, so that nothing downstream needs to know about the damage.
"""

from __future__ import annotations

import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import opencc

from palermo import formats
from palermo import lang as langs
from palermo.formats import Converted
from palermo.models import KEY_PREFIX, LABEL_KEYED, PARAGRAPH_KINDS, UNNUMBERED, Block, BlockKind, Document, Span
from palermo.text import Line, clean_lines, is_cjk, join_lines

MAX_BYTES = 10_000_000
_TRADITIONAL_MIN = 5  # characters conversion must change for a text to be read as Traditional Chinese
_TRADITIONAL_SHARE = 0.01  # … and that share of its characters
_TERMINAL = tuple("。.;；!?！？")
_OPEN_END = tuple("，,、：:")


class ReadError(Exception):
    """A source file that cannot be read as a text document; the message names the file."""


def _load(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, refusing oversized input and what is not a regular file (a FIFO would hang
    the read)."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"{path}: not a regular file")
        size = st.st_size
        if size > max_bytes:
            raise ReadError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit for one document")
        return path.read_bytes()
    except OSError as e:
        raise ReadError(f"{path}: cannot read: {e.strerror or e}") from None


def decode(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as UTF-8 (or UTF-16 with its byte order mark) text, refusing empty, binary,
    mis-encoded, oversized input and what is not a regular file."""
    return _decoded(path, _load(path, max_bytes))


def _decoded(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte order mark
        try:
            return _checked(path, data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ReadError(f"{path}: UTF-16 with a damaged character") from None
    if b"\x00" in data:
        if _utf16(data):
            raise ReadError(f"{path}: UTF-16 without a byte order mark; save it as UTF-8")
        raise ReadError(f"{path}: binary file (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        what = "cut in the middle of a character" if e.end >= len(data) - 3 else "not UTF-8"
        raise ReadError(f"{path}: {what} (byte {data[e.start]:#04x} at offset {e.start})") from None
    return _checked(path, text)


def text_of(path: Path, max_bytes: int = MAX_BYTES) -> Converted:
    """The text of a source file of any kind Palermo reads (PDF, Word, web page, plain text),
    with its page offsets (PDF); one-line ReadErrors for what cannot be read."""
    data = _load(path, max_bytes)
    kind = formats.kind_of(path, data)
    if kind == "text":
        return Converted(_decoded(path, data))
    if kind == "binary":
        raise ReadError(f"{path}: a zip archive that is not a Word (.docx) document")
    try:
        converted = formats.convert(kind, data)
    except formats.FormatError as e:
        raise ReadError(f"{path}: {e}") from None
    return Converted(_checked(path, converted.text), converted.pages)


def _utf16(data: bytes) -> bool:
    """UTF-16 text without its byte order mark: NUL bytes on one side of the pairs only, and
    the whole decodes."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for side, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if len(data) % 2 == 0 and side > 10 * max(other, 1):
            try:
                data.decode(codec)
                return True
            except UnicodeDecodeError:
                return False
    return False


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # below space, but tab, line breaks and form feed


def _checked(path: Path, text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise ReadError(f"{path}: binary content ({controls} control characters), not a text document")
    if not text.strip():
        raise ReadError(f"{path}: empty document")
    return text


def read(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one source file; the file name is the document's provenance key."""
    converted = text_of(path, max_bytes)
    doc = parse(converted.text, path.name)
    doc.pages = converted.pages
    if not doc.blocks:
        raise ReadError(f"{path}: no document text (only page furniture, site junk or front matter)")
    return doc


def parse(text: str, source: str, language: str | None = None) -> Document:
    """Parse decoded text into a Document."""
    code = language or langs.detect(text)
    lang = langs.load(code)
    return Document(source=source, text=text, language=code, blocks=_Segmenter(lang, text).run())


# ---- segmentation ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Open:
    """A block being accumulated; blocks are materialised once the whole text is read."""

    kind: BlockKind
    label: str
    lines: list[Line] = field(default_factory=list)
    parent: _Open | None = None
    key: str = ""

    def text(self) -> str:
        return join_lines(self.lines)[0]


class _Segmenter:
    """One pass over the clean lines; `cur` is the block lines go to, `para` the last
    paragraph (which text after a footnote block at a page break continues)."""

    def __init__(self, lang: langs.Lang, text: str) -> None:
        self.lang = lang
        self._rx: dict[str, re.Pattern[str] | None] = {}  # the patterns `m` asks for, looked up once
        self.lines = [_unglue(lang, ln) for ln in _simplified(lang, clean_lines(text))]
        self.raw = text.split("\n")
        self.double_spaced = self._double_spaced()
        lengths = sorted(len(ln.text) for ln in self.lines if ln.text)
        self.typical_line = lengths[len(lengths) // 2] if lengths else 0
        self.width = self._wrap_width(lengths)
        self.running_heads = self._running_heads()
        self.heads_seen: set[str] = set()
        self.opened: list[_Open] = []
        self.cur: _Open | None = None
        self.para: _Open | None = None
        self.note: _Open | None = None
        self.in_notes = False  # after a separator line: bare-number footnotes are possible
        self.interrupted = False  # a footnote block came between `para` and this line
        self.in_body = False
        self.in_toc = False
        self.act_doc = False
        self.last_para = 0
        self.preambles = 0
        self.unnumbered = 0

    def _double_spaced(self) -> bool:
        """pdf-to-text "double spacing": lines broken mid-sentence with a blank line after
        each, so blank lines are not paragraph breaks."""
        followed = broken = 0
        nonblank = sum(1 for ln in self.lines if ln.text)
        for a, b in zip(self.lines, self.lines[1:]):
            if a.text and not b.text:
                followed += 1
                if len(a.text) >= 20 and not a.text.endswith(_TERMINAL + _OPEN_END + tuple(")）》”")):
                    broken += 1
        return followed >= 0.5 * nonblank and broken > 0.3 * followed

    def _running_heads(self) -> set[str]:
        """Symbols standing alone on two or more lines: the head pdf-to-text repeats on every page
        (a symbol cited in the text shares its line with words)."""
        seen = Counter(key for ln in self.lines if (key := self._head_symbol(ln.text)))
        return {k for k, n in seen.items() if n >= 2}

    def _head_symbol(self, s: str) -> str | None:
        """The symbol of a line that is a symbol alone (maybe with a page number), spaces dropped."""
        hm = self.match("running-head", s)
        return re.sub(r"\s+", "", hm.group("symbol")) if hm else None

    def _running_head(self, s: str) -> bool:
        """A running head, past the masthead's own symbol line (its first occurrence)."""
        key = self._head_symbol(s)
        if key is None or key not in self.running_heads:
            return False
        first = key not in self.heads_seen
        self.heads_seen.add(key)
        return self.in_body or not first

    @staticmethod
    def _wrap_width(lengths: list[int]) -> int:
        """The width pdf-to-text wrapped running text at, or 0: in wrapped text a good share
        of the lines end within a few characters of the longest ones."""
        if len(lengths) < 10:
            return 0
        width = lengths[int(len(lengths) * 0.9)]
        near = sum(1 for n in lengths if 0.85 * width <= n <= width + 2)
        return width if near >= 0.3 * len(lengths) else 0

    def _ends_sentence(self, t: str) -> bool:
        """Whether text ends a sentence; a stop after an abbreviation ("Ms.", "No.") does not."""
        return t.endswith(_TERMINAL) and not (t.endswith(".") and self.lang.abbreviated(t[:-1]))

    def _wrapped(self, s: str) -> bool:
        """A line that runs to the wrapping width without ending a sentence: text goes on below."""
        return bool(self.width) and len(s) >= 0.85 * self.width and not self._ends_sentence(s)

    def _full(self, s: str) -> bool:
        """A full line: of the typical length in double-spaced text, else wrapped at the width."""
        return len(s) >= 0.8 * self.typical_line if self.double_spaced else self._wrapped(s)

    def match(self, name: str, s: str) -> re.Match[str] | None:
        """The language's pattern `name` searched in `s` (None where the language has none): asked
        for every pattern of every line, so looked up once per document."""
        try:
            rx = self._rx[name]
        except KeyError:
            rx = self._rx[name] = self.lang.pattern(name) if self.lang.has(name) else None
        return rx.search(s) if rx is not None else None

    def open(self, kind: BlockKind, label: str, line: Line, parent: _Open | None = None) -> _Open:
        blk = _Open(kind, label, [line], parent)
        self.opened.append(blk)
        if kind == "footnote":
            return blk
        self.cur = blk
        self.para = blk if kind in PARAGRAPH_KINDS else None
        self.interrupted = False
        return blk

    # -- main loop
    def run(self) -> list[Block]:
        for i, line in enumerate(self.lines):
            self.step(line, self.raw[i] if i < len(self.raw) else "")
        return self.materialise()

    def materialise(self) -> list[Block]:
        used: set[str] = set()
        blocks: list[Block] = []
        counters: dict[str, int] = {}
        for blk in self.opened:
            text, offsets = join_lines(blk.lines)
            if not text:
                continue
            if blk.kind in LABEL_KEYED:
                base = f"{KEY_PREFIX[blk.kind]}/{blk.label}"
            elif blk.kind == "item" and blk.parent is not None and blk.parent.key:
                base = f"{blk.parent.key}/{blk.label}"
            else:
                counters[blk.kind] = counters.get(blk.kind, 0) + 1
                base = f"{KEY_PREFIX[blk.kind]}/{counters[blk.kind]}"
            key, n = base, 2
            while key in used:
                key, n = f"{base}-{n}", n + 1
            used.add(key)
            blk.key = key
            span = Span(min(offsets), max(offsets) + 1)
            parent = blk.parent.key if blk.parent is not None else None
            blocks.append(Block(blk.kind, key, blk.label, span, text, offsets, parent))
        blocks.sort(key=lambda b: (b.span.start, b.key))
        return blocks

    def step(self, line: Line, raw: str) -> None:
        s = line.text
        if not s:
            self.blank()
            return
        if self.match("junk-line", s) or (not self.opened and self.match("front-matter", raw)):
            return
        inline = self.match("footnote-separator-inline", s)
        if inline:  # "______* CTOC/COP/WG.4/2010/1.": a rule and the first footnote on one line
            self.note = None
            self.in_notes = True
            line = _tail(line, inline.start("rest"))
            raw = line.text
            s = line.text
        if self.match("footnote-separator", s):
            self.note = None
            self.in_notes = True
            return
        if self.match("page-junk", s) or self.match("job-number", s) or self._running_head(s):
            return
        last = self.note or self.cur
        if last is not None and self.match("symbol-cut-end", last.lines[-1].text) and self.match("symbol-goes-on", s):
            last.lines.append(line)  # "…报告(A/AC." / "260/2和Corr." / "1).": one symbol over three lines
            return
        label = self.footnote_label(raw)
        if label is not None and not self.in_notes and self.match("marker-alone", s):
            return  # "Tema 7 del programa provisional" / "*": the line above's marker, put on a line of its own
        if label is not None:
            self.note = self.open("footnote", label, line)
            self.interrupted = self.para is not None
            if self.cur is not None and self.cur.kind == "header":
                self.cur = None
            return
        if self.in_notes and self.note is None and not self.match("para-number", s):
            # the first line below a rule is a footnote even when its marker was lost
            self.note = self.open("footnote", "*", line)
            self.interrupted = self.para is not None
            return
        if self.note is not None:
            if not self.note.text().endswith((*_TERMINAL, "）", ")")):
                self.note.lines.append(line)
                return
            self.note = None
            self.in_notes = False
        if not self.in_body:
            self.header_line(line)
            return
        self.body_line(line, raw)

    def blank(self) -> None:
        if self.double_spaced or self.cur is None:
            return
        if self.cur.kind not in ("paragraph", "item") or self.cur.label.startswith(UNNUMBERED):
            self.cur = None  # blank lines separate blocks in singly spaced text

    def footnote_label(self, raw: str) -> str | None:
        fm = self.match("footnote-label", raw)
        if not fm:
            return None
        if fm.group("num") and not self.in_notes:
            return None  # a bare number at the start of a line is a footnote only below a rule
        found = fm.groupdict()  # a table's own marker groups ("(1)": par) beside the common ones
        for g in ("sup", "br", "par", "uni", "star", "num"):
            v = found.get(g)
            if v:
                return v.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
        return None

    # -- masthead
    def header_line(self, line: Line) -> None:
        s = line.text
        first = s.split()[0]
        if self._flattened_contents(line):
            return
        if self.in_toc or first in self.lang.words_set("contents"):
            # a flattened contents list may run into the first heading: "…resources...... 9 I. Introduction"
            leaders = list(self.lang.pattern("toc-heading-split").finditer(s))
            for m in leaders[-1:]:
                if self.match("heading-roman", s[m.end() :]):
                    self.in_toc = False
                    self.in_body = True
                    self.body_line(_tail(line, m.end()), "")
                    return
        if first in self.lang.words_set("contents"):
            self.in_toc = True
            return
        if self.in_toc and first in self.lang.words_set("toc-word"):
            return
        if self.in_toc and self.match("toc-entry", s):
            self.toc_entry(line)
            return
        if self.is_body_start(s):
            self.in_body = True
            self.in_toc = False
            self.body_line(line, "")
            return
        if self._opens_preamble(s):
            # a resolution's preamble with no masthead before it ("Recognizing the need…,")
            self.act_doc = self.in_body = True
            self.body_line(line, "")
            return
        cur = self.cur
        if (
            cur is not None
            and cur.kind == "header"
            and (s[:1].islower() or self._wrapped(cur.lines[-1].text))
            and not self._ends_sentence(cur.text())
            and not self.match("preamble-opening", s)
        ):
            cur.lines.append(line)  # a wrapped line of running text before any structure
            return
        if self.match("act-heading", s):
            self.act_doc = True
        self.open("header", "", line)
        if self.act_doc and self.match("preamble-opening", s):
            self.cur = None
            self.in_body = True

    def _flattened_contents(self, line: Line) -> bool:
        """A contents list a mirror flattened onto one line, maybe after the masthead ("… Original :
        anglais … Table des matières Page I. Résolutions ..... 3 A. Résolutions ..... 3 9/1. Mise en
        place … 3 9/2. …"): the text before the contents word is a masthead line, each entry (cut
        after its leaders and page numbers) a toc block, as a list laid out line by line gives (a
        session's report lists its acts there); a heading after the last entry starts the body."""
        cm = self.match("contents-inline", line.text)
        if cm is None:
            return False
        leaders = list(self.lang.pattern("toc-heading-split").finditer(line.text, cm.end()))
        if len(leaders) < 2:
            return False  # a word "contents" in running text, or a list of one entry
        if cm.start() > 0:
            self.header_line(_head(line, cm.start()))
        self.in_toc = True
        start = cm.end()
        for m in leaders:
            self.toc_entry(_tail(_head(line, m.end()), start))
            start = m.end()
        rest = _tail(line, start)
        if self.match("heading-roman", rest.text):
            self.in_toc = False
            self.in_body = True
            self.body_line(rest, "")
        elif rest.text.strip():
            self.toc_entry(rest)  # the last entry, cut short by the page's end
        return True

    def toc_entry(self, line: Line) -> None:
        """A line of the table of contents: a block of its own, which nothing continues."""
        self.open("toc", "", line)
        self.cur = None

    def _opens_preamble(self, s: str) -> bool:
        verbs = self.lang.words_set("preamble-verb")
        return any(s.startswith(v + " ") or (s.startswith(v) and not s[len(v) : len(v) + 1].isalpha()) for v in verbs)

    def is_body_start(self, s: str) -> bool:
        if self.match("toc-entry", s):
            return False
        pm = self.match("para-number", s)
        return bool((pm and int(pm.group("label")) == 1) or self.match("heading-roman", s))

    # -- body
    def body_line(self, line: Line, raw: str) -> None:
        s = line.text
        if self.in_toc:
            if self.match("toc-entry", s):
                self.toc_entry(line)
                return
            self.in_toc = False
        pm = self.match("para-number", s)
        if pm and self.last_para < int(pm.group("label")) <= self.last_para + 3:
            self.last_para = int(pm.group("label"))
            head, rest = self._split_inline(line)
            self.open("paragraph", pm.group("label"), head)
            if rest is not None:
                self.body_line(rest, "")
            return
        im = self.match("item", s) or (pm if self.para is not None else None)
        if im and self.para is not None:
            parent = self.para.parent if self.para.kind == "item" else self.para
            label = im.group("label")  # "(ب)" is item b, as the other versions letter it
            self.open("item", self.lang.keys("item-letter", label) or label, line, parent)
            return
        for name in ("heading-roman", "heading-letter", "heading-annex"):
            hm = self.match(name, s)
            if hm and len(s) < 200:
                self.open("heading", hm.group("label"), line)
                return
        if self.match("bullet", s) and self.para is not None:
            self.cur = self.para
            self.para.lines.append(line)
            return
        self.unlabelled(line, raw)

    def _split_inline(self, line: Line) -> tuple[Line, Line | None]:
        """Split a line where the next paragraph starts inside it ("…2010. 3. The provisional…")."""
        for m in self.lang.pattern("inline-paragraph").finditer(line.text, 3):
            if int(m.group("n")) == self.last_para + 1:
                return _head(line, m.start("n")), _tail(line, m.start("n"))
        return line, None

    def unlabelled(self, line: Line, raw: str) -> None:
        s = line.text
        indented = len(raw) - len(raw.lstrip(" \u3000")) >= 2
        cur = self.cur
        if cur is not None and cur.kind == "heading":
            if not indented and self._heading_open(cur):
                cur.lines.append(line)
                return
        elif cur is not None and cur.kind == "preamble" and self.lang.words_set("preamble-verb"):
            if not self._opens_preamble(s):  # a new preambular paragraph opens with its verb
                cur.lines.append(line)
                return
        elif cur is not None and cur.kind != "header":
            if not self._finished(cur) or (
                self.double_spaced
                and (not self._heading_like(s) or (len(s) >= 0.8 * self.typical_line and not indented))
            ):
                cur.lines.append(line)
                return
        elif cur is None and self.para is not None and self.interrupted and not self._finished(self.para):
            self.cur = self.para
            self.para.lines.append(line)
            return
        full = self._full(s)
        preamble_zone = self.act_doc and self.last_para == 0
        if self._heading_like(s) and (indented or not full) and not preamble_zone:
            self.open("heading", "", line)
        elif self.act_doc and self.last_para == 0:
            self.preambles += 1
            self.open("preamble", str(self.preambles), line)
        else:
            self.unnumbered += 1
            self.open("paragraph", f"{UNNUMBERED}{self.unnumbered}", line)

    def _finished(self, blk: _Open) -> bool:
        """Whether a paragraph's text is complete: preambular paragraphs end with a comma
        (a footnote number after it, "…against Women, 6", does not count)."""
        if blk.kind == "preamble":
            return re.sub(r"\s*\d{1,2}$", "", blk.text()).endswith(_TERMINAL + _OPEN_END[:2])
        return self._ends_sentence(blk.text())

    def _heading_open(self, blk: _Open) -> bool:
        """A heading goes on to the next line when a bracket is open or its line was full."""
        t = blk.text()
        opens = sum(t.count(c) for c in "《“(<") - sum(t.count(c) for c in "》”)>")
        return opens > 0 or (self._full(blk.lines[-1].text) and not t.endswith(_TERMINAL))

    def _heading_like(self, s: str) -> bool:
        if len(s) > 120 or s.endswith(_TERMINAL + _OPEN_END):
            return False
        cjk = any(is_cjk(c) for c in s)
        return cjk or (s[:1].isupper() and len(s.split()) <= 14)


@cache
@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplified(lang: langs.Lang, lines: list[Line]) -> list[Line]:
    """Traditional Chinese read as Simplified (OpenCC), character for character so that every
    offset holds: the tables hold Simplified words (条, 议定书, 中国); evidence quotes keep the
    original characters. A Simplified text, which conversion leaves (almost) alone, is untouched."""
    if lang.code != "zh":
        return lines
    convert = _to_simplified().convert
    joined = "\n".join(ln.text for ln in lines)
    folded = convert(joined)
    changed = sum(1 for a, b in zip(joined, folded, strict=False) if a != b)
    if len(folded) != len(joined) or changed < max(_TRADITIONAL_MIN, _TRADITIONAL_SHARE * len(joined)):
        return lines  # Simplified text, or a conversion that is not character for character
    out = []
    for ln, text in zip(lines, folded.split("\n"), strict=True):
        out.append(Line(text, ln.offsets, ln.end) if len(text) == len(ln.text) else ln)
    return out


def _glued_words(lang: langs.Lang) -> re.Pattern[str] | None:
    words = lang.words_set("glued-word")
    if not words:
        return None
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + r")(?=[A-Z][a-z])")


def _unglue(lang: langs.Lang, line: Line) -> Line:
    """Put back the space pdf-to-text lost after a short word: "theUnited Nations" → "the United Nations"."""
    rx = _glued_words(lang)
    if rx is None:
        return line
    cuts = [m.end() for m in rx.finditer(line.text)]
    if not cuts:
        return line
    text, offs = list(line.text), list(line.offsets)
    for c in reversed(cuts):
        text.insert(c, " ")
        offs.insert(c, offs[c])
    return Line("".join(text), tuple(offs), line.end)


def _tail(line: Line, start: int) -> Line:
    return Line(line.text[start:], line.offsets[start:], line.end)


def _head(line: Line, end: int) -> Line:
    text = line.text[:end].rstrip()
    return Line(text, line.offsets[: len(text)], line.offsets[len(text)] if len(text) < len(line.offsets) else line.end)
