"""Clean text keeps an exact map back to the original characters."""

from __future__ import annotations

import pytest

from palermo.text import clean_lines, join_lines


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("第 4/4 号决定，承认", "第 4/4 号决定,承认"),  # full-width comma folded
        ("Ａ． 一般性建议", "A. 一般性建议"),  # full-width letter and stop
        ("公约》<sup>1</sup>第 32 条", "公约》第 32 条"),  # <sup> marker dropped
        ("需求。¹可从", "需求。可从"),  # superscript marker dropped
        ("载于 [CTOC/COP/WG.4/2021/1](#) 号", "载于 CTOC/COP/WG.4/2021/1 号"),  # link markup dropped
        ("#### 8. 鼓励各国考虑：", "8. 鼓励各国考虑:"),  # markdown heading hashes dropped
        ("临时议程\uf02a项目 2", "临时议程*项目 2"),  # Symbol-font private-use asterisk
        ("  indented   line  ", "indented   line"),
    ],
)
def test_clean_line(raw: str, clean: str) -> None:
    (line,) = clean_lines(raw)
    assert line.text == clean
    for ch, off in zip(line.text, line.offsets):
        if ch.isalnum() and ch.isascii() and raw[off].isascii():
            assert raw[off] == ch


def test_offsets_point_into_original() -> None:
    raw = "甲\n公约》<sup>1</sup>第 32 条"
    lines = clean_lines(raw)
    text = lines[1].text
    i = text.index("第")
    assert raw[lines[1].offsets[i]] == "第"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["《联合国有组", "织犯罪公约》"], "《联合国有组织犯罪公约》"),  # CJK: no space
        (["2010 年 10 月", "19 日"], "2010 年 10 月 19 日"),
        (["the Protocol", "to Prevent"], "the Protocol to Prevent"),
        (["trafficking in per-", "sons was"], "trafficking in persons was"),  # broken word re-joined
        (["Non-", "Governmental"], "Non- Governmental"),  # a capitalised word is not a broken one
        (["CTOC/COP/WG.4/", "2013/L.1"], "CTOC/COP/WG.4/ 2013/L.1"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    cleaned = clean_lines("\n\n".join(lines))
    text, offsets = join_lines(cleaned)
    assert text == joined
    assert len(offsets) == len(text)
