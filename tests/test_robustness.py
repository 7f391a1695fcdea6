"""Layout noise must not change what is read: each bundled document and English sample, perturbed the
way real copies of the same text differ (line endings, trailing blanks, extra blank lines,
full-width digits, pdf-to-text wrapping), gives the same facts as the original. Evidence offsets
move with the text, so facts are compared by kind and values only."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import shared_files

from palermo.extract import extract_all
from palermo.models import DocumentFact
from palermo.reader import decode, parse
from palermo.resources import corpus_dir

FILES = sorted(corpus_dir().glob("*.txt")) + shared_files("samples-en")
CJK = re.compile(r"[\u4e00-\u9fff]")
AFTER_CJK_DIGITS = re.compile(r"(?<=[\u4e00-\u9fff])( ?)(\d+)")
FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}


def facts(text: str, source: str) -> set[tuple[str, str]]:
    out = set()
    for f in extract_all(parse(text, source)).facts:
        values = {k: v for k, v in dataclasses.asdict(f).items() if k not in ("evidence", "extractor")}
        out.add((type(f).__name__, repr(sorted(values.items()))))
    return out


def _wrap_line(line: str) -> list[str]:
    """Break one line as pdf-to-text does: Chinese at 38 characters (never inside a run of Latin
    letters or digits), English at spaces near 72."""
    if CJK.search(line):
        if len(line) <= 60:
            return [line]
        tokens, width = re.findall(r"[A-Za-z0-9À-ɏ./()-]+|.", line), 38
        joiner = ""
    else:
        if len(line) <= 90:
            return [line]
        tokens, width = line.split(" "), 72
        joiner = " "
    out, cur = [], ""
    for tok in tokens:
        if cur and len(cur) + len(tok) > width:
            out.append(cur)
            cur = ""
        cur = f"{cur}{joiner}{tok}" if cur and joiner else cur + tok
    return [*out, cur]


def rewrap(text: str) -> str:
    # "#" lines are the samples' provenance notes, not document text
    return "\n".join(w for line in text.split("\n") for w in ([line] if line.startswith("#") else _wrap_line(line)))


NOISE: dict[str, Callable[[str], str]] = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "trailing-blanks": lambda t: t.replace("\n", "  \n"),
    "extra-blank-lines": lambda t: t.replace("\n\n", "\n\n\n"),
    "full-width-digits": lambda t: AFTER_CJK_DIGITS.sub(lambda m: m[1] + m[2].translate(FULL_WIDTH), t),
}

# Documents whose paragraphs are single long lines, wrapped here as a pdf copy would be. Left out:
# documents already wrapped (wrapping again splits their footnotes twice), web pages whose search
# snippets then pass for text, and the annex of one paper whose "publisher, title (year)" entries
# are read with the publisher when wrapped (a known limit of the tool-list reader).
WRAPPABLE = [
    "001_f82c1c91461c6f3d.txt",
    "002_ba0d7b8b3a0c7994.txt",
    "01-wg4-2010-2-key-concepts-bp.txt",
    "02-wg4-2010-4-non-punishment-bp.txt",
    "03-wg4-2010-crp1-compensation-crp.txt",
    "04-unodc-wg-tip-jan-2010-side-event.txt",
    "05-unodc-cop5-compensation-side-event.txt",
    "06-a-conf222-11-congress-workshop-bp.txt",
    "08-hrc-resolution-2009-page2-interim-wg.txt",
]


@pytest.mark.parametrize("noise", sorted(NOISE))
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_layout_noise_changes_no_fact(path: Path, noise: str) -> None:
    text = decode(path)
    assert facts(NOISE[noise](text), path.name) == facts(text, path.name)


@pytest.mark.parametrize("name", [n for n in WRAPPABLE if any(p.name == n for p in FILES)])
def test_wrapped_copy_gives_the_same_facts(name: str) -> None:
    path = next(p for p in FILES if p.name == name)
    text = decode(path)
    wrapped = rewrap(text)
    assert wrapped != text
    before, after = facts(text, name), facts(wrapped, name)
    assert after == before, {"lost": sorted(before - after)[:3], "gained": sorted(after - before)[:3]}


def test_wrapping_is_a_real_perturbation() -> None:
    """The wrapper must break long lines where pdf-to-text would, or the test above proves nothing."""
    zh = (
        "缔约国应根据本国国内法的基本原则，确保国家法律框架规定对借助技术实施的贩运人口活动"
        "进行有效调查和起诉，包括 CTOC/COP/WG.4/2021/4 号文件。"
    )
    lines = _wrap_line(zh)
    assert len(lines) >= 2 and "".join(lines) == zh
    assert any("CTOC/COP/WG.4/2021/4" in ln for ln in lines)
    en = (
        "The panel of experts was chaired by Ms. Doris Buddenburg, Senior Manager, and was comprised"
        " of Ms. Riikka Puttonen and Ms. Silke Albert."
    )
    assert " ".join(_wrap_line(en)) == en and len(_wrap_line(en)) == 2


def paginate(text: str, symbol: str) -> str | None:
    """Page breaks as pdf-to-text leaves them in the body: a job number with the page number, then
    the running head (the document's symbol), four times; None when there is no numbered body."""
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if re.match(r"\s*1\s?\.\s", ln)), None)
    if start is None:
        return None
    every = max(3, sum(1 for ln in lines[start + 1 :] if ln.strip()) // 4)
    out, page, seen = lines[: start + 1], 2, 0
    for line in lines[start + 1 :]:
        out.append(line)
        seen += bool(line.strip())
        if line.strip() and seen % every == 0:
            out += ["", f"V.11-85318\t{page}" if page % 2 else f"{page}\tV.11-85318", "", symbol, ""]
            page += 1
    return "\n".join(out)


PAGINABLE = [p for p in FILES if paginate(decode(p), "") is not None]  # documents with a numbered body


def test_most_documents_have_pages_to_break() -> None:
    assert len(PAGINABLE) >= (8 if shared_files("samples-en") else 3)


@pytest.mark.parametrize("path", PAGINABLE, ids=lambda p: p.name)
def test_page_breaks_change_no_fact(path: Path) -> None:
    text = decode(path)
    own = next((f.symbol for f in extract_all(parse(text, path.name)).facts if isinstance(f, DocumentFact)), None)
    paged = paginate(text, own or "CTOC/COP/WG.4/2099/9")
    assert paged is not None
    before, after = facts(text, path.name), facts(paged, path.name)
    assert after == before, {"lost": sorted(before - after)[:3], "gained": sorted(after - before)[:3]}
