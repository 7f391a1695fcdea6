"""Pages of Arabic versions and names read right to left: every element holding a text or a name
in a language carries `dir="auto"`, so the browser takes its direction from its first strong letter
(an Arabic paragraph numbered "1-" is still right to left), and a thing's page names it in the six."""

from __future__ import annotations

import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from palermo.graph.publish import publish
from palermo.pipeline import build

# A short resolution written for this test (not from a sample): masthead, preamble, operative paragraphs.
ARABIC = """الأمم المتحدة
A/HRC/RES/99/1
الجمعية العامة
Distr.: General
3 July 2030
Arabic
مجلس حقوق الإنسان
الدورة التاسعة والتسعون
إن مجلس حقوق الإنسان،
إذ يشير إلى بروتوكول منع الاتجار بالأشخاص، وبخاصة النساء والأطفال،
1- يطلب إلى الدول أن تتعاون مع الفريق العامل المعني بالاتجار بالأشخاص؛
2- يقرر أن يواصل النظر في هذه المسألة في دورته المقبلة.
"""


class _Texts(HTMLParser):
    """(tag, attributes, text) of every element with text, the text its own and its children's."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.found: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("br", "meta", "link", "input", "img"):
            self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, parts = self.open.pop()
            text = "".join(parts)
            self.found.append((name, attrs, text))
            if self.open:
                self.open[-1][2].append(text)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)


def _elements(page: Path) -> list[tuple[str, dict[str, str | None], str]]:
    parser = _Texts()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def _first_strong(text: str) -> str | None:
    """What a browser resolves `dir="auto"` by: the bidi class of the first strong letter."""
    return next((c for ch in text if (c := unicodedata.bidirectional(ch)) in ("L", "R", "AL")), None)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rtl")
    (folder / "in").mkdir()
    (folder / "in" / "resolution.txt").write_text(ARABIC, encoding="utf-8")
    build([folder / "in"], folder / "data", jobs=1, progress=False)
    publish(folder / "data", "https://example.org/palermo/", folder / "site", progress=False, jobs=1)
    return folder / "site"


def test_arabic_paragraphs_take_their_direction_from_their_text(site: Path) -> None:
    pages = sorted(site.glob("act/hrc/resolution/*/ar/index.html"))  # the work is the act its symbol names
    assert pages, sorted(p.relative_to(site).as_posix() for p in site.glob("**/ar/index.html"))
    said = [(attrs, text) for tag, attrs, text in _elements(pages[0]) if tag == "p" and "يطلب إلى الدول" in text]
    assert said, "the operative paragraph is not on the page"
    for attrs, text in said:
        assert attrs.get("dir") == "auto", attrs
        assert _first_strong(text) == "AL", text  # right to left, though it starts with its number


def test_a_body_page_names_it_in_the_six_languages_each_marked(site: Path) -> None:
    page = site / "body" / "wg-tip" / "index.html"
    named = {attrs.get("lang"): attrs for tag, attrs, _ in _elements(page) if tag == "span" and attrs.get("lang")}
    assert {"ar", "es", "fr", "ru"} <= set(named), sorted(named)
    assert all(attrs.get("dir") == "auto" for attrs in named.values())


@pytest.mark.parametrize(
    ("name", "href"),
    [
        ("Groupe de travail sur la traite des personnes", "body/wg-tip/"),
        ("Рабочая группа по торговле людьми", "body/wg-tip/"),
        ("Protocolo contra la trata de personas", "instrument/tip/"),
        ("بروتوكول الاتجار بالأشخاص", "instrument/tip/"),
    ],
)
def test_the_home_page_search_finds_bodies_and_instruments_by_their_names_in_other_languages(
    site: Path, name: str, href: str
) -> None:
    script = (site / "static" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    assert [e[2] for e in entries if name.lower() in e[3]] == [href + "index.html"], name
