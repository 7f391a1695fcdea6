"""Documents as users have them: PDF, Word and web pages made from the bundled corpus read as the
plain-text build reads them, page numbers in the evidence, page furniture dropped, bad files
named in one line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import shared

from palermo import formats
from palermo.graph.query import library, run
from palermo.graph.store import open_store
from palermo.pipeline import build
from palermo.reader import ReadError, read, text_of
from palermo.resources import corpus_dir

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
QUERIES = ("documents", "meetings", "cited-documents", "cited-acts", "cited-articles", "countries", "recommendations")
CORPUS = sorted(corpus_dir().glob("*.txt"))


def make_pdf(text: str, running_head: str) -> bytes:
    """A PDF of `text` (a CJK font embedded), lines wrapped at the page width, with a running
    head and a page number on every page: what analysts download. Chinese text wraps as word
    processors wrap it, at any character; other text at spaces."""
    from fpdf import FPDF
    from fpdf.enums import WrapMode

    wrap = WrapMode.CHAR if sum("\u4e00" <= ch <= "\u9fff" for ch in text) > len(text) // 5 else WrapMode.WORD

    class Page(FPDF):
        def header(self) -> None:  # from the second page, as UN documents print it
            if self.page_no() > 1:
                self.set_font("cjk", size=8)
                self.cell(0, 5, running_head, new_x="LMARGIN", new_y="NEXT")
                self.ln(3)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Page(format="A4")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("cjk", size=10)
    # the embedded font has no glyph for the private-use asterisk of Symbol fonts (U+F02A):
    # Word prints it as "*", and so does this PDF
    for line in text.replace("\uf02a", "*").splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT", wrapmode=wrap)
    return bytes(pdf.output())


def make_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_html(text: str) -> bytes:
    import html

    body = "\n".join(f"<p>{html.escape(block)}</p>" for block in text.split("\n\n"))
    page = (
        "<!DOCTYPE html><html><head><title>UNODC</title><script>var x = 1;</script></head><body>"
        "<header><nav><a href='/'>Home</a> | <a href='/cop'>Conference of the Parties</a></nav></header>"
        f"<main>{body}</main><footer>© United Nations Office on Drugs and Crime</footer></body></html>"
    )
    return page.encode("utf-8")


def rows(out: Path) -> dict[str, list[list[str]]]:
    """The contract queries' rows, with source file names brought back to .txt."""
    store = open_store(out)
    found = {}
    for name in QUERIES:
        result = run(store, library()[name])
        found[name] = sorted(
            [c.replace(".pdf", ".txt").replace(".docx", ".txt").replace(".html", ".txt") for c in r]
            for r in result.rows
        )
    return found


def _made(tmp: Path, files: list[Path], suffix: str, make: object) -> Path:
    folder = tmp / suffix.strip(".")
    folder.mkdir()
    for src in files:
        text = src.read_text(encoding="utf-8")
        data = make(text, src.stem) if suffix == ".pdf" else make(text)  # type: ignore[operator]
        (folder / (src.stem + suffix)).write_bytes(data)
    return folder


def _sources(name: str) -> list[Path]:
    return CORPUS if name == "corpus" else sorted(shared(name).glob("*.txt"))


@pytest.mark.parametrize("corpus", ["corpus", "samples-en"])
@pytest.mark.parametrize(
    ("suffix", "make"), [(".pdf", make_pdf), (".docx", make_docx), (".html", make_html)], ids=["pdf", "word", "web"]
)
def test_documents_as_users_have_them_read_as_the_text(tmp_path: Path, corpus: str, suffix: str, make: object) -> None:
    """The contract rows of a PDF, Word or HTML build equal the plain-text build's."""
    if suffix == ".pdf" and not CJK_FONT.exists():
        pytest.skip("no CJK font to embed (fonts-wqy-zenhei)")
    files = _sources(corpus)
    expected = rows(build(files, tmp_path / "text").out)
    result = build([_made(tmp_path, files, suffix, make)], tmp_path / "data")
    assert not result.errors and result.report is not None and result.report.conforms
    got = rows(result.out)
    for name in QUERIES:
        assert got[name] == expected[name], name
    paged = [ln for ln in (result.out / "graph.nt").open(encoding="utf-8") if "/ns#page>" in ln]
    assert bool(paged) is (suffix == ".pdf")  # page numbers where the format has pages


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
def test_pdf_text_kept_without_running_heads_and_pages_in_evidence(tmp_path: Path) -> None:
    result = build([_made(tmp_path, CORPUS, ".pdf", make_pdf)], tmp_path / "data")
    assert len(text_of(tmp_path / "pdf" / (CORPUS[0].stem + ".pdf")).pages) >= 2  # a running head to drop
    kept = result.out / "text" / (CORPUS[0].stem + ".pdf.txt")
    assert kept.is_file() and CORPUS[0].stem not in kept.read_text(encoding="utf-8")  # the running head is gone
    pages = [ln for ln in (result.out / "graph.nt").open(encoding="utf-8") if "/ns#page>" in ln]
    assert len(pages) > 100 and any('"2"^^' in ln for ln in pages)  # evidence on pages beyond the first
    text = kept.read_text(encoding="utf-8")
    quote = next(
        ln
        for ln in (result.out / "graph.nt").open(encoding="utf-8")
        if "/fact/" in ln.split(" ", 1)[0] and " <https://example.org/palermo/ns#start> " in ln
    )
    start = int(quote.split('"')[1])
    assert 0 <= start < len(text)  # every evidence offset points into the kept text


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
def test_paragraph_across_a_page_break_with_running_head_and_footnote(tmp_path: Path) -> None:
    """The same paragraphs as the text version, though the page breaks inside one, under a
    footnote, and the next page opens with a running head."""
    from fpdf import FPDF

    symbol = "CTOC/COP/WG.4/2021/2"
    note = "1 CTOC/COP/WG.4/2021/1."

    class Page(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("cjk", size=8)
                self.cell(0, 5, symbol, new_x="LMARGIN", new_y="NEXT")
                self.ln(3)

        def footer(self) -> None:
            self.set_font("cjk", size=8)
            if self.page_no() == 1:
                self.set_y(-32)
                self.cell(0, 4, "__________________", new_x="LMARGIN", new_y="NEXT")
                self.cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
            self.set_y(-15)
            self.cell(0, 5, str(self.page_no()), align="C")

    paragraphs = [
        f"{n}. "
        + f"Paragraph {n} says what the Working Group on Trafficking in Persons did. " * 12
        + ("1" if n == 2 else "")
        for n in range(1, 9)
    ]
    lines = ["United Nations", symbol, "", "Distr.: General", "28 July 2021", "", *paragraphs]
    pdf = Page(format="A4")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_auto_page_break(True, margin=35)
    pdf.add_page()
    pdf.set_font("cjk", size=10)
    for line in "\n\n".join(lines).splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    (tmp_path / "long.pdf").write_bytes(bytes(pdf.output()))
    text = "\n\n".join([*lines, "__________________", note]) + "\n"
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    from_pdf, from_text = read(tmp_path / "long.pdf"), read(tmp_path / "long.txt")
    assert len(from_pdf.pages) >= 2 and from_pdf.page(from_pdf.block("para/6").span.start) == 2
    assert from_pdf.text.count(symbol) == 1  # in the masthead; the running head is gone

    def shown(doc: object, kind: str) -> list[tuple[str, str]]:
        return [(b.label, " ".join(b.text.split())) for b in doc.of_kind(kind)]  # type: ignore[attr-defined]

    assert shown(from_pdf, "paragraph") == shown(from_text, "paragraph") and len(shown(from_pdf, "paragraph")) == 8
    assert ("1", note) in shown(from_pdf, "footnote") and ("1", note) in shown(from_text, "footnote")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4\n%broken", "broken.pdf", "damaged PDF"),
        (b"PK\x03\x04garbage", "broken.docx", "damaged Word file"),
        (b"PK\x03\x04garbage", "archive.bin", "not a Word (.docx) document"),
    ],
    ids=["damaged pdf", "damaged docx", "other zip"],
)
def test_bad_files_named_in_one_line(tmp_path: Path, data: bytes, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as e:
        text_of(path)
    assert message in str(e.value) and str(path) in str(e.value) and "\n" not in str(e.value)


def test_scanned_and_encrypted_pdfs_are_said_so(tmp_path: Path) -> None:
    from fpdf import FPDF

    scanned = FPDF()
    scanned.add_page()
    scanned.rect(10, 10, 100, 100, style="F")  # a page with no text layer
    (tmp_path / "scan.pdf").write_bytes(bytes(scanned.output()))
    with pytest.raises(ReadError, match="no text layer"):
        text_of(tmp_path / "scan.pdf")
    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("helvetica", size=12)
    locked.cell(0, 10, "Secret")
    (tmp_path / "locked.pdf").write_bytes(bytes(locked.output()))
    with pytest.raises(ReadError, match="encrypted PDF"):
        text_of(tmp_path / "locked.pdf")


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"%PDF-1.7", "report.txt", "pdf"),  # the content decides
        (b"<!DOCTYPE html><html>", "page.txt", "html"),
        (b"  <html lang='en'>", "page", "html"),
        (b"<p>a fragment</p>", "frag.htm", "html"),
        (b"<p>a fragment</p>", "frag.txt", "text"),
        (b"United Nations", "report.pdf", "text"),
    ],
)
def test_kind_by_content_then_extension(head: bytes, name: str, kind: str) -> None:
    assert formats.kind_of(Path(name), head) == kind


def placed_pdf(
    pages: list[list[tuple[float, float, str]]], one_glyph_at_a_time: bool, late: str = "", font: Path = CJK_FONT
) -> bytes:
    """A PDF whose pages hold each text at (x, y) in mm, in `font` at 11 pt: drawn whole
    (as word processors draw a line) or one glyph at a time, spaces only stepped over (as
    Chromium draws); the characters of `late` are drawn after all else on their page (as a
    fallback font's glyphs are)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(font), collection_font_number=0)
    for items in pages:
        pdf.add_page()
        pdf.set_font("cjk", size=11)
        after = []
        for x, y, text in items:
            if not one_glyph_at_a_time and not late:
                pdf.text(x, y, text)
                continue
            for ch in text:
                if ch in late:
                    after.append((x, y, ch))
                elif not ch.isspace():
                    pdf.text(x, y, ch)
                x += pdf.get_string_width(ch)
        for x, y, ch in after:
            pdf.text(x, y, ch)
    return bytes(pdf.output())


_LINES = ("Working Group on Trafficking in Persons", "Vienna, 12 October 2021", "2021年10月12日 第四次会议")
_BODY = [(20.0, 40.0 + 6 * i, line) for i, line in enumerate(_LINES)]
_LONG = (  # a line running to the margin, ending with a hyphen
    "1. The Working Group took note with appreciation of the reports of the Executive Director and of the Secretary-"
)
_ZH = "工作组注意到秘书处关于打击贩运人口问题工作组第十一次会议的报告和各国提供的资料以及外交部移民司司长"
_MASTHEAD = "CTOC/COP/WG.4/2021/2 Distr.: General"  # its slashes drawn last
_LATE = "回顾“联合国打击跨国有组织犯罪公约”——及其议定书"  # the quotes and dashes drawn last
LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # it has ligature glyphs


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
@pytest.mark.parametrize(
    ("pages", "one_glyph_at_a_time", "late", "expected"),
    [
        ([_BODY], False, "", "\n".join(_LINES) + "\n"),
        ([_BODY], True, "", "\n".join(_LINES) + "\n"),
        ([[(20.0, 40.0, _LATE)]], True, "“”—", _LATE + "\n"),
        ([[(20.0, 40.0, _MASTHEAD)]], False, "/", _MASTHEAD + "\n"),
        (
            [[(20.0, 40.0, _LONG), (20.0, 46.0, "General was noted.")]],
            False,
            "",
            f"{_LONG}General was noted.\n",
        ),
        ([[(20.0, 40.0, _ZH + "Juan "), (20.0, 46.0, "Francisco 先生")]], False, "", _ZH + "Juan Francisco 先生\n"),
        ([[(20.0, 40.0, _ZH + "WG.4/20"), (20.0, 46.0, "21/2 号文件")]], False, "", _ZH + "WG.4/2021/2 号文件\n"),
        ([[(20.0, 40.0, "一. 导言"), (20.0, 46.0, "(第1节)" + _ZH)]], False, "", "一. 导言\n(第1节)" + _ZH + "\n"),
    ],
    ids=[
        "lines drawn whole",
        "one glyph at a time",
        "glyphs drawn apart",
        "slashes drawn late",
        "soft hyphen",
        "Chinese line wrapped at a space",
        "Chinese line wrapped inside a symbol",
        "short Chinese heading, long line opening with a bracket",
    ],
)
def test_pdf_lines_read_as_printed(
    pages: list[list[tuple[float, float, str]]], one_glyph_at_a_time: bool, late: str, expected: str
) -> None:
    """Whatever order and grouping the glyphs are drawn in: no letter-spacing, no glyph out of
    place, PDFium's hyphen mark a hyphen again (a line wrapped after it is joined without a
    space); a wrapped Chinese line joined without a space, but where the text has one between
    Latin words."""
    assert formats.convert("pdf", placed_pdf(pages, one_glyph_at_a_time, late)).text == expected


@pytest.mark.skipif(not LATIN_FONT.exists(), reason="no DejaVu Sans (fonts-dejavu-core)")
def test_pdf_ligatures_read_as_letters() -> None:
    page = [(20.0, 40.0, "Beneﬁts of the eﬀort")]
    assert formats.convert("pdf", placed_pdf([page], True, font=LATIN_FONT)).text == "Benefits of the effort\n"


def _printed(n: int, of: int, stamp: str, address: str, body: list[str]) -> list[tuple[float, float, str]]:
    """A page as a browser prints it: date and time beside the title on top, the address and
    `n/N` at the foot; the body between."""
    furniture = [(8.0, 8.0, stamp), (90.0, 8.0, "CTOC/COP/2008/16"), (8.0, 290.0, address), (190.0, 290.0, f"{n}/{of}")]
    return [*furniture, *((20.0, 30.0 + 6 * i, line) for i, line in enumerate(body))]


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
@pytest.mark.parametrize(
    ("stamp", "address", "one_glyph_at_a_time"),
    [
        ("12/7/26, 4:53 PM", "http://localhost:8123/report.html", True),
        ("2026/12/7 下午4:53", "file:///home/user/report.html", True),
        ("07.12.2026, 16:53", "https://www.unodc.org/documents/report.pdf", False),
    ],
    ids=["en-US", "zh-CN", "de-DE"],
)
def test_browser_page_furniture_dropped(stamp: str, address: str, one_glyph_at_a_time: bool) -> None:
    """The date and time, title, address and page x/y a browser prints on every page are
    dropped, the one page of a short document's too (there is no repetition to go by)."""
    first = ["United Nations CTOC/COP/2008/16", "Distr.: General", "22 August 2008"]
    second = ["1. The Conference of the Parties met in Vienna.", "2. It adopted decision 4/4."]
    one = [_printed(1, 1, stamp, address, first)]
    two = [_printed(n, 2, stamp, address, body) for n, body in ((1, first), (2, second))]
    for pages in (one, two):
        text = formats.convert("pdf", placed_pdf(pages, one_glyph_at_a_time)).text
        assert text.split("\n") == [*first, *(second if len(pages) == 2 else []), ""]


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
def test_a_documents_own_date_line_is_not_furniture() -> None:
    """A date and time standing alone at the top of a page is the document's (a web page's date
    line printed): furniture is a date beside the title, an address or a page number."""
    lines = ["2010-10-19 15:00", "中国代表团团长在第五次缔约方会议上的一般性发言", "主席女士,"]
    page = [(20.0, 20.0 + 6 * i, line) for i, line in enumerate(lines)]
    assert formats.convert("pdf", placed_pdf([page], True)).text.split("\n") == [*lines, ""]


@pytest.mark.parametrize(
    ("cell", "furniture"),
    [
        ("12/7/26, 4:53 PM", True),
        ("2026/12/7 下午4:53", True),
        ("07.12.2026, 16:53", True),
        ("file:///C:/Users/me/report.html", True),
        ("Page 2 of 5", True),
        ("第 2 页，共 5 页", True),
        ("2010-10-19", False),
        ("22 August 2008", False),
        ("decision 4/4", False),
        ("CTOC/COP/2008/16", False),
    ],
)
def test_page_furniture_pattern(cell: str, furniture: bool) -> None:
    from palermo import lang

    assert bool(lang.load("en").pattern("page-furniture").fullmatch(cell)) is furniture


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
@pytest.mark.parametrize("chinese", [True, False], ids=["zh", "en"])
def test_running_head_of_a_two_page_pdf_dropped(chinese: bool) -> None:
    """A running head that only the second page prints cannot repeat: it goes by its smaller
    type, set apart from the text; the text reads as it is, nothing added or lost."""
    import random

    pick = random.Random(23)  # no two lines alike, even up to their numbers: none repeats
    words = ("工作组注意到秘书处关于打击贩运人口问题的报告和各国提供的资料" if chinese else _LONG.split())
    sep, many = ("", 120) if chinese else (" ", 30)
    paragraphs = [f"{n}. " + sep.join(pick.choice(words) for _ in range(many)) for n in range(1, 24)]
    text = "\n\n".join(paragraphs) + "\n"
    converted = formats.convert("pdf", make_pdf(text, "report-2021"))
    assert len(converted.pages) == 2 and "report-2021" not in converted.text
    assert "".join(converted.text.split()) == "".join(text.split())


def _width(text: str) -> float:
    """The width in mm of `text` in the CJK font at 11 pt."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("cjk", size=11)
    return float(pdf.get_string_width(text))


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
@pytest.mark.parametrize(
    ("gap", "one_glyph_at_a_time", "expected"),
    [
        (0.2, False, "2024年致辞"),  # a page that draws its spaces: the scripts' spacing is no space
        (0.5, False, "2024 年致辞"),  # as wide as a space: one
        (0.3, True, "2024 年致辞"),  # a page that draws no space (Chromium's): every gap PDFium reads
    ],
    ids=["autospace", "space", "no drawn spaces"],
)
def test_spacing_between_chinese_and_latin(gap: float, one_glyph_at_a_time: bool, expected: str) -> None:
    """Word and LibreOffice set a fifth of an em between CJK and Latin characters, and PDFium
    reads it as a space: it is none where the page draws its spaces and the gap is narrower."""
    em = 11 * 25.4 / 72  # mm
    page = [(20.0, 40.0, "Distr.: General"), (20.0, 46.0, "2024"), (20.0 + _width("2024") + gap * em, 46.0, "年致辞")]
    assert formats.convert("pdf", placed_pdf([page], one_glyph_at_a_time)).text == f"Distr.: General\n{expected}\n"


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
def test_chinese_line_a_character_short_of_a_hanging_margin_goes_on() -> None:
    """A full Chinese line ends where most long lines end, though a closing mark hangs past it;
    a line one character short (the next kept from opening with a closing mark) goes on."""
    full = _ZH[:40]
    lines = ["一、导言", full, full + "”。", full[:-1], "书》的执行情况", "二、建议"]  # the third hangs its marks
    page = [(20.0, 40.0 + 6 * i, line) for i, line in enumerate(lines)]
    expected = f"一、导言\n{full}{full}”。{full[:-1]}书》的执行情况\n二、建议\n"
    assert formats.convert("pdf", placed_pdf([page], False)).text == expected


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK font to embed (fonts-wqy-zenhei)")
def test_pdf_with_a_page_that_cannot_load_named_in_one_line(tmp_path: Path) -> None:
    import re

    data = placed_pdf([[(20.0, 40.0, "page one")], [(20.0, 40.0, "page two")]], False)
    kids = re.search(rb"/Kids \[\d+ 0 R\s+(\d+) 0 R\]", data)
    assert kids is not None
    path = tmp_path / "pages.pdf"
    path.write_bytes(data[: kids.start(1)] + b"999" + data[kids.end(1) :])  # page 2 points nowhere
    with pytest.raises(ReadError) as e:
        text_of(path)
    assert "damaged PDF (page 2" in str(e.value) and str(path) in str(e.value) and "\n" not in str(e.value)

