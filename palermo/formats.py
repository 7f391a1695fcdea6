"""Documents as users have them: PDF, Word (.docx) and web pages turned into the text the reader
segments, by maintained libraries (pypdfium2, lxml, the standard library's html.parser); plain
text is read as it is. A Word file is read in a child process held to a budget (palermo/sandbox.py).

The kind is decided by the content (a PDF's `%PDF-`, a Word file's zip holding
`word/document.xml`, markup that opens with `<!doctype html>` or `<html>`), the extension only
breaking ties. A PDF's text is taken page by page in reading order; the offset where each page
starts is kept, so that evidence can name its page. Page furniture is dropped with what the
format gives: the lines that open or close most pages (running heads and footers, the same text
up to its numbers) and page numbers standing alone there. A web page keeps its main text
(`<main>`, `<article>`, else `<body>`), without scripts, navigation, headers, footers and asides.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from palermo import lang as langs
from palermo.text import is_cjk

_DIGITS = re.compile(r"\d+")
_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_EDGE = 2  # lines at the top and at the bottom of a page that may be furniture
_WORD_GAP = 0.5  # a gap between glyphs wider than this share of the line's height is a space
_AUTOSPACE = 0.23  # a gap narrower than this share of the font size between CJK and Latin
# characters is the two scripts' spacing (LibreOffice's is 0.20 of it; a Latin space 0.25 or more)
_CELL_GAP = 2.5  # and one wider than this parts the line into cells (a page header's columns)
_SMALLER = 0.9  # a line's type smaller than this share of the text's is not the text's
_NEAR_MARGIN = 0.08  # a line ending this share of the page's width short of its margin is short
_PDFIUM_BREAKS = {0x0D, 0x0A, 0x00}  # PDFium's own line breaks (lines are rebuilt) and NULs
_PDFIUM_MARKS = {0xFFFE: "-", 0x0002: "-"}  # PDFium's marks for a hyphen that ends a line
_INFERRED, _DRAWN = 1, 2  # a space PDFium inferred from a gap; one the page draws
_LIGATURES = (0xFB00, 0xFB06)  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: letters again by NFKC
_BLOCKS = (
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    "section", "article", "main", "dd", "dt", "br",
)  # fmt: skip
# what is not a web page's text: its head, scripts, navigation, headers, footers, asides, forms
_DROPPED = ("head", "title", "script", "style", "nav", "header", "footer", "aside", "noscript", "form", "template")


class FormatError(Exception):
    """A file of a known format that yields no text: the message says why, in one line."""


@dataclass(frozen=True)
class Converted:
    text: str
    pages: tuple[int, ...] = ()  # offset where each page starts (PDF); empty for other kinds


def kind_of(path: Path, data: bytes) -> str:
    """pdf, docx, html or text: by content first, then by extension."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        return "docx" if path.suffix.lower() == ".docx" else "binary"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or (
        path.suffix.lower() in (".html", ".htm") and head.startswith(b"<")
    ):
        return "html"
    return "text"


def convert(kind: str, data: bytes) -> Converted:
    """The text of a PDF, Word or HTML file; raises FormatError."""
    return {"pdf": _pdf, "docx": _docx, "html": _html}[kind](data)


def _pdf(data: bytes) -> Converted:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise FormatError("encrypted PDF: it needs a password") from None
        raise FormatError(f"damaged PDF ({str(e).splitlines()[0][:80]})") from None
    pages: list[list[_Line]] = []
    width = 0.0  # the widest page's
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            pages.append(_page_lines(page.get_textpage()))
            width = max(width, page.get_width())
    except pdfium.PdfiumError as e:  # a page that cannot be loaded: the file is damaged
        raise FormatError(f"damaged PDF (page {len(pages) + 1}: {str(e).splitlines()[0][:80]})") from None
    finally:
        pdf.close()
    if not any(line.text for page in pages for line in page):
        raise FormatError("no text layer (a scanned PDF?): Palermo does not read images of text (no OCR)")
    code = langs.detect("".join(line.text for page in pages for line in page))
    table = langs.load(code)
    pages = _without_furniture(pages, table.pattern("page-number"), table.pattern("page-furniture"))
    cjk = code == "zh"
    margin = _margin([line for page in pages for line in page], width, cjk)
    offsets: list[int] = []
    parts: list[str] = []
    at = 0
    going_on = False  # the last line of the page before ran to its right edge
    for kept in pages:
        lines = _paragraphs(kept, margin, cjk)
        text = "\n".join(t for t, _ in lines)
        if going_on and parts and text and cjk:  # a paragraph across the page break: one line
            parts[-1] = parts[-1][:-1] + _glue(parts[-1][:-1], text, cjk, kept[0].spaced)
            at = sum(len(p) for p in parts)
        offsets.append(at)
        parts.append(text + "\n")
        at += len(text) + 1
        going_on = bool(lines) and lines[-1][1]
    return Converted("".join(parts), tuple(offsets))


@dataclass
class _Line:
    """A line of a PDF page as rebuilt: its text, the cells of it that stand apart (a page
    header's date and title), its left and right edges and the bottom and top of its box, and
    whether PDFium's text has a space before it (where the line before it broke at a space)."""

    text: str
    cells: tuple[str, ...]
    left: float
    right: float
    bottom: float
    top: float
    spaced: bool
    size: float  # the font size of its first glyph (a running head is set smaller than the text)


@dataclass
class _Row:
    """The glyphs of one line of a page as PDFium gives them, in drawing order, with the band
    they share (a glyph overlapping it by half its height is on the line: a superscript too)."""

    bottom: float
    top: float
    glyphs: list[tuple[float, float, str, int]]  # left, right, character, the space before it
    size: float  # the font size of the glyph that opened it

    def holds(self, bottom: float, top: float) -> bool:
        return min(top, self.top) - max(bottom, self.bottom) > 0.5 * min(top - bottom, self.top - self.bottom)

    def line(self, drawn_spaces: bool) -> _Line | None:
        """The glyphs in order of position (a glyph drawn apart from its line, such as one from a
        fallback font, goes back in place) with the spaces of PDFium's text before the glyph
        they came before; a gap wider than a space where PDFium gave none is a space, a gap of
        columns parts cells. Where the page draws its spaces, a gap narrower than a space that
        PDFium took for one between CJK and Latin characters is the word processor's spacing of
        the two scripts (LibreOffice's and Word's autospace), not the text's."""
        height = self.top - self.bottom
        cells: list[str] = []
        text, last, spaced = "", "", False
        left = right = -1.0
        for x0, x1, ch, space in sorted(self.glyphs, key=lambda g: g[0]):
            if last:
                gap = x0 - right
                autospace = space == _INFERRED and drawn_spaces and is_cjk(last) != is_cjk(ch)
                if gap > _CELL_GAP * height:
                    cells.append(text)
                    text = ""
                elif (space and not (autospace and gap < _AUTOSPACE * self.size)) or (
                    gap > _WORD_GAP * height and not (is_cjk(last) or is_cjk(ch))
                ):
                    text += " "
            else:
                left, spaced = x0, space == _DRAWN
            text, last, right = text + ch, ch, max(right, x1)
        cells.append(text)
        if not last:
            return None
        return _Line(" ".join(cells), tuple(cells), left, right, self.bottom, self.top, spaced, self.size)


def _page_lines(textpage: object) -> list[_Line]:
    """A page's lines from top to bottom, rebuilt from the box of each character PDFium reads
    (its loose box: the font's ascent and descent, the glyph's advance). PDFium's own line
    breaks are not kept (it breaks where the drawing order jumps, and joins lines it thinks
    go on); its spaces are. The soft-hyphen marks it gives for a hyphen ending a line are a
    hyphen again; ligatures are their letters (NFKC)."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw  # type: ignore[attr-defined]
    box = pdfium_c.FS_RECTF()
    rows: list[_Row] = []
    current: _Row | None = None
    space = 0  # the space before the next glyph: none, one PDFium inferred, one drawn
    drawn_spaces = False  # whether the page draws its spaces (or leaves them to be inferred)
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in _PDFIUM_BREAKS:
            continue
        ch = _PDFIUM_MARKS.get(code) or chr(code)
        if ch.isspace():
            space = max(space, _INFERRED if pdfium_c.FPDFText_IsGenerated(raw, i) == 1 else _DRAWN)
            drawn_spaces = drawn_spaces or space == _DRAWN
            continue
        if _LIGATURES[0] <= code <= _LIGATURES[1]:
            ch = unicodedata.normalize("NFKC", ch)
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
        left, bottom, right, top = box.left, box.bottom, box.right, box.top
        if top <= bottom:  # a mark without a box: it stays with its line
            if current is None:
                continue
            bottom, top = current.bottom, current.top
        if current is None or not current.holds(bottom, top):
            current = next((r for r in reversed(rows) if r.holds(bottom, top)), None)
            if current is None:
                current = _Row(bottom, top, [], pdfium_c.FPDFText_GetFontSize(raw, i))
                rows.append(current)
        current.bottom, current.top = min(current.bottom, bottom), max(current.top, top)
        current.glyphs.append((left, right, ch, space))
        space = 0
    return [line for row in sorted(rows, key=lambda r: -r.top) if (line := row.line(drawn_spaces)) is not None]


def _margin(lines: list[_Line], width: float, cjk: bool) -> float:
    """The right edge of the text: where the longest lines end (in CJK text, where most of the
    long ones end: a closing mark may hang past the margin, and a line may end a character
    short of it, the next line being kept from opening with a closing mark), unless none comes
    near where the left edge puts it on a page of even margins (then no line was wrapped, and
    the longest one, ending a paragraph, is not taken for one that runs on)."""
    right = max((line.right for line in lines), default=0.0)
    even = width - min((line.left for line in lines), default=0.0)
    if right < even - _NEAR_MARGIN * width:
        return even
    if cjk:  # full lines end where most long ones do: punctuation may hang past the margin
        return statistics.median(line.right for line in lines if line.right >= right - _NEAR_MARGIN * width)
    return right


def _paragraphs(lines: list[_Line], margin: float, cjk: bool) -> list[tuple[str, bool]]:
    """A page's lines as a text file has them: a line the next one goes on from is joined with
    it (its first word would not have fitted at the end of the line: the word processor wrapped
    it), and a gap taller than a line ends a paragraph (a blank line). Each line comes with
    whether it was wrapped at its end, so that a paragraph can go on across a page break."""
    out: list[tuple[str, float, float]] = []  # text, right edge, bottom
    for line in lines:
        height = line.top - line.bottom
        if out:
            text, right, bottom = out[-1]
            width = (line.right - line.left) / max(1, len(line.text))
            if bottom - line.top > 0.8 * height:
                out.append(("", 0.0, bottom))
            elif text and _wrapped(right, margin, line.text, width):
                out[-1] = (f"{text}{_glue(text, line.text, cjk, line.spaced)}{line.text}", line.right, line.bottom)
                continue
        out.append((line.text, line.right, line.bottom))
    found = [(text, False) for text, _, _ in out]
    if lines and out[-1][0]:  # the page's last line: wrapped if it reaches the margin
        found[-1] = (out[-1][0], margin - out[-1][1] < 2 * (lines[-1].top - lines[-1].bottom))
    return found


def _wrapped(end: float, margin: float, following: str, char_width: float) -> bool:
    """Whether a line ending at `end` was wrapped: the first word of the line after it (up to a
    space or a CJK character, which a line may break before) would not have fitted before the
    margin."""
    first = next((i for i, ch in enumerate(following) if ch == " " or (i and is_cjk(ch))), len(following))
    return end + char_width * (max(1, first) + 1) > margin


def _glue(before: str, after: str, cjk_text: bool, spaced: bool) -> str:
    """What joins a line that ran to the right edge with the next: nothing in CJK text (a
    Chinese line breaks anywhere, inside a symbol such as CTOC/COP/WG.4/2021/2 too) unless
    PDFium's text has a space between two Latin words there, nothing after a hyphen ending a
    word (`Secretary-` / `General`: the line broke after the hyphen), a space between two Latin
    words otherwise."""
    if is_cjk(before[-1]) or is_cjk(after[0]):
        return ""
    if cjk_text:
        return " " if spaced else ""
    if before.endswith("-") and len(before) > 1 and before[-2].isalpha():
        return ""
    return " "


def _without_furniture(
    pages: list[list[_Line]], page_number: re.Pattern[str], furniture: re.Pattern[str]
) -> list[list[_Line]]:
    """Each page without its furniture, found by what the pages show: the lines that open or
    close most pages (the same up to numbers: running heads, footers, a title repeated), from
    the second page on (the first page's masthead prints the symbol that later pages repeat as
    their running head); page numbers standing alone at a page's top or bottom; and there too
    a line of cells set apart of which one is a print date and time, a file's address or "page
    x of y" (what browsers and office suites print in a page's margins, beside the title or the
    page number; a date and time alone is a document's own, as a web page's date line). A line
    opening a page after the first in a type smaller than the text's, set apart from the text
    below it as a paragraph is, is a running head too (one that only one page prints, in a
    document of two pages, cannot repeat)."""

    def key(line: _Line) -> str:
        return _DIGITS.sub("#", " ".join(line.text.split()))

    def edges(lines: list[_Line]) -> list[int]:
        return sorted(set(range(min(_EDGE, len(lines)))) | set(range(max(0, len(lines) - _EDGE), len(lines))))

    def printed(line: _Line) -> bool:
        return bool(page_number.match(line.text)) or (
            len(line.cells) > 1 and any(furniture.fullmatch(cell) for cell in line.cells)
        )

    def small_head(lines: list[_Line]) -> bool:
        head, below = lines[0], lines[1]
        return head.size < _SMALLER * text_size and head.bottom - below.top > 0.8 * (head.top - head.bottom)

    text_size = Counter(round(line.size) for lines in pages for line in lines).most_common(1)[0][0] if pages else 0
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({key(lines[i]) for i in edges(lines)})
    repeated = {k for k, n in seen.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    out = []
    for n, lines in enumerate(pages):  # the first page's masthead may print what later pages repeat
        drop = {i for i in edges(lines) if (n and key(lines[i]) in repeated) or printed(lines[i])}
        if n and len(lines) > 1 and small_head(lines):
            drop.add(0)
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out


def _docx(data: bytes) -> Converted:
    """A Word file's text, read by palermo/wordfile.py in a child process held to a budget: a
    hostile file's failure is its own one line, never the build's."""
    from palermo import sandbox

    try:
        return Converted(sandbox.run("palermo.wordfile:text", data))
    except sandbox.Failed as e:
        if e.raised in ("", "Refused"):
            raise FormatError(f"Word file refused: {e.reason}" if not e.raised else e.reason) from None
        raise FormatError(f"damaged Word file ({e.raised}: {e.reason})") from None


def _html(data: bytes) -> Converted:
    """A web page's main text, read as a stream of tags by the standard library's tokenizer: no
    tree is built, so a page 100,000 elements deep or one line of 50 MB reads like any other
    (libxml2's HTML parser stops at 256 levels, or 2,048 with its huge option, and drops the rest)."""
    found = _CHARSET.search(data[:4096])
    encoding = found.group(1).decode("ascii").lower() if found else "utf-8"  # the web's default
    try:
        markup = data.decode("utf-8-sig" if encoding in ("utf-8", "utf8") else encoding, "replace")
    except LookupError:
        raise FormatError(f"damaged web page (unknown charset {encoding!r})") from None
    page = _PageText()
    page.feed(markup)
    page.close()
    lines = [" ".join(ln.split()) for ln in page.text().split("\n")]
    out, blank = [], False
    for ln in lines:  # blocks apart by one blank line, as text documents have them
        if ln:
            out.append(ln)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return Converted("\n".join(out).strip() + "\n")


_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
_HEAD = frozenset(("title", "meta", "link", "style", "script", "base", "noscript", "template"))  # what a head holds
_CLOSES_P = frozenset((
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol",
    "p", "pre", "section", "table", "ul", "li", "dd", "dt",
))  # fmt: skip
# HTML's implied end tags: a start tag closes these when they are the innermost open element
_CLOSES = {
    **{tag: frozenset(("p",)) for tag in _CLOSES_P},
    "li": frozenset(("p", "li")),
    "dd": frozenset(("p", "dd", "dt")),
    "dt": frozenset(("p", "dd", "dt")),
    "tr": frozenset(("tr", "td", "th")),
    "td": frozenset(("td", "th")),
    "th": frozenset(("td", "th")),
    "option": frozenset(("option",)),
    "body": frozenset(("head",)),
}


class _PageText(HTMLParser):
    """The text of a page's first `<main>`, else its first `<article>`, else its body, a line
    break at each block's start and end, without what `_DROPPED` names: a stack of the open
    elements stands for the tree (an end tag closes what was opened after its element; a stray
    end tag is ignored)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.counts: Counter[str] = Counter()
        self.dropped = 0  # open elements whose text is not the page's
        self.parts: dict[str, list[str]] = {"main": [], "article": [], "body": []}
        self.depth: dict[str, int] = {}  # where the first <main> and <article> opened, while open
        self.seen: set[str] = set()

    def text(self) -> str:
        region = next((r for r in ("main", "article") if r in self.seen), "body")
        return "".join(self.parts[region])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        while self.open and (self.open[-1] in _CLOSES.get(tag, ()) or (self.open[-1] == "head" and tag not in _HEAD)):
            self._close()
        if tag in _VOID:
            if tag == "br":
                self._emit("\n")
            return
        self.open.append(tag)
        self.counts[tag] += 1
        self.dropped += tag in _DROPPED
        if tag in ("main", "article") and tag not in self.seen and not self.dropped:
            self.seen.add(tag)
            self.depth[tag] = len(self.open)
        if tag in _BLOCKS:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.counts[tag]:
            while self._close() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self._emit(data)

    def _close(self) -> str:
        tag = self.open[-1]
        if tag in _BLOCKS:
            self._emit("\n")
        self.open.pop()
        self.counts[tag] -= 1
        self.dropped -= tag in _DROPPED
        for region, depth in list(self.depth.items()):
            if depth > len(self.open):
                del self.depth[region]
        return tag

    def _emit(self, text: str) -> None:
        if self.dropped:
            return
        self.parts["body"].append(text)
        for region in self.depth:
            self.parts[region].append(text)
