"""Documents as users have them: PDF, Word (.docx) and web pages turned into the text the reader
segments, by maintained libraries (pypdfium2, python-docx, lxml); plain text is read as it is.

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
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from palermo import lang as langs
from palermo.text import is_cjk

KINDS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text"}
_DIGITS = re.compile(r"\d+")
_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_EDGE = 2  # lines at the top and at the bottom of a page that may be furniture
_BLOCKS = (
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    "section", "article", "main", "dd", "dt", "br",
)  # fmt: skip
_DROPPED = ("script", "style", "nav", "header", "footer", "aside", "noscript", "form", "template")


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
    try:
        pages = [_page_lines(pdf[i].get_textpage()) for i in range(len(pdf))]
    finally:
        pdf.close()
    if not any(text.strip() for page in pages for text, _ in page):
        raise FormatError("no text layer (a scanned PDF?): Palermo does not read images of text (no OCR)")
    code = langs.detect("".join(text for page in pages for text, _ in page))
    cjk = code == "zh"
    offsets: list[int] = []
    parts: list[str] = []
    at = 0
    going_on = False  # the last line of the page before ran to its right edge
    for lines in _without_furniture(pages, langs.load(code).pattern("page-number")):
        text = "\n".join(t for t, _ in lines)
        if going_on and parts and text and cjk:  # a paragraph across the page break: one line
            parts[-1] = parts[-1][:-1] + _glue(parts[-1][:-1], text, cjk)
            at = sum(len(p) for p in parts)
        offsets.append(at)
        parts.append(text + "\n")
        at += len(text) + 1
        going_on = bool(lines) and lines[-1][1]
    return Converted("".join(parts), tuple(offsets))


def _page_lines(textpage: object) -> list[tuple[str, bool]]:
    """A page's lines in reading order, rebuilt from their positions. A line the next one goes on
    from is joined with it: its first word would not have fitted at the end of the line (the
    word processor wrapped it), and no gap lies between them; a gap taller than a line ends a
    paragraph (a blank line, as text files have). Each line comes with whether it was wrapped at
    its end, so that a paragraph can go on across a page break."""
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]  # type: ignore[attr-defined]
    if not rects:
        return []
    margin = max(r[2] for r in rects)
    cjk_page = langs.detect(textpage.get_text_range()) == "zh"  # type: ignore[attr-defined]
    out: list[_Line] = []
    for left, bottom, right, top in rects:
        raw = textpage.get_text_bounded(left, bottom, right, top)  # type: ignore[attr-defined]
        text = raw.replace("\r", "").replace("\n", " ").replace("\x00", "").strip()
        if not text:
            continue
        height = top - bottom
        if out:
            last = out[-1]
            if abs(bottom - last.bottom) < height / 2:  # the same line, in two pieces
                last.text, last.right = f"{last.text} {text}", right
                continue
            if last.bottom - top > 0.8 * height:
                out.append(_Line("", 0.0, bottom, height))
            elif last.text and _wrapped(last.right, margin, text, (right - left) / max(1, len(text))):
                last.text = f"{last.text}{_glue(last.text, text, cjk_page)}{text}"
                last.right, last.bottom, last.height = right, bottom, height
                continue
        out.append(_Line(text, right, bottom, height))
    lines = [(line.text, False) for line in out]
    if out and out[-1].text:  # the page's last line: wrapped if it reaches the margin
        lines[-1] = (out[-1].text, margin - out[-1].right < 2 * out[-1].height)
    return lines


@dataclass
class _Line:
    """A line of a PDF page as rebuilt: its text, right edge, baseline box bottom and height."""

    text: str
    right: float
    bottom: float
    height: float


def _wrapped(end: float, margin: float, following: str, char_width: float) -> bool:
    """Whether a line ending at `end` was wrapped: the first word of the line after it (one
    character of CJK text) would not have fitted before the margin."""
    first = following[0] if is_cjk(following[0]) else following.split(" ", 1)[0]
    return end + char_width * (len(first) + 1) > margin


def _glue(before: str, after: str, cjk_text: bool) -> str:
    """What joins a line of CJK text that ran to the right edge with the next: nothing (a
    Chinese line breaks anywhere, inside a symbol such as CTOC/COP/WG.4/2021/2 too), but a space
    between two Latin words of a text that is not CJK."""
    if is_cjk(before[-1]) or is_cjk(after[0]) or cjk_text:
        return ""
    return " "


def _without_furniture(
    pages: list[list[tuple[str, bool]]], page_number: re.Pattern[str]
) -> list[list[tuple[str, bool]]]:
    """Each page without the lines that open or close most pages (the same up to numbers), from
    the second page on (the first page's masthead prints the symbol that later pages repeat as
    their running head), and without page numbers standing alone at its top or bottom."""

    def key(line: str) -> str:
        return _DIGITS.sub("#", " ".join(line.split()))

    def edges(lines: list[tuple[str, bool]]) -> list[int]:
        filled = [i for i, (ln, _) in enumerate(lines) if ln.strip()]
        return filled[:_EDGE] + filled[-_EDGE:]

    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({key(lines[i][0]) for i in edges(lines)})
    repeated = {k for k, n in seen.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    out = []
    for n, lines in enumerate(pages):  # the first page's masthead may print what later pages repeat
        drop = {i for i in edges(lines) if (n and key(lines[i][0]) in repeated) or page_number.match(lines[i][0])}
        kept = [line for i, line in enumerate(lines) if i not in drop]
        while kept and not kept[0][0].strip():  # a paragraph goes on across the page break
            kept.pop(0)
        while kept and not kept[-1][0].strip():
            kept.pop()
        out.append(kept)
    return out


def _docx(data: bytes) -> Converted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise FormatError(f"damaged Word file ({type(e).__name__})") from None
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":  # a table's cells, row by row, one line per row
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")) for cell in row]
                    lines.append("  ".join(c for c in cells if c))
    return Converted("\n".join(lines) + "\n")


def _html(data: bytes) -> Converted:
    import lxml.html
    from lxml import etree

    found = _CHARSET.search(data[:4096])
    encoding = found.group(1).decode("ascii").lower() if found else "utf-8"  # the web's default
    try:
        root = lxml.html.fromstring(data, parser=lxml.html.HTMLParser(encoding=encoding))
    except (etree.ParserError, ValueError, LookupError) as e:
        raise FormatError(f"damaged web page ({str(e)[:80]})") from None
    for bad in root.xpath("|".join(f"//{t}" for t in _DROPPED)):
        bad.drop_tree()
    main = next(iter(root.xpath("//main") or root.xpath("//article") or root.xpath("//body")), root)
    for el in main.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag in ("br",):
            continue
        el.text = "\n" + (el.text or "")
    text = main.text_content()
    lines = [" ".join(ln.split()) for ln in text.split("\n")]
    out, blank = [], False
    for ln in lines:  # blocks apart by one blank line, as text documents have them
        if ln:
            out.append(ln)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return Converted("\n".join(out).strip() + "\n")
