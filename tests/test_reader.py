"""Reader: structure and masthead of short texts in the forms the documents use."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from palermo.extract.context import Context
from palermo.reader import ReadError, decode, parse

ZH_BACKGROUND = """\
联合国打击跨国 有组织犯罪公约 缔约方会议

Distr.: General
2 August 2011
Chinese
Original: English

贩运人口问题工作组

2011年10月10日至12日，维也纳

临时议程*项目5

打击贩运人口的国际合作

打击贩运人口的国际合作

由秘书处编写的会议室文件

目录

\t页次
一. 导言\t2
附件\t
关键工具\t6

* CTOC/COP/WG.4/2011/1。

一. 导言

1. 缔约方会议第 4/4 号决定承认《人口贩运议定书》。¹
2. 工作组应举行会议，包括：
 - 第一点；
 - 第二点。

¹ CTOC/COP/WG.4/2010/3。

3. 本背景文件由秘书处编拟。
"""


def blocks(text: str) -> dict[str, str]:
    return {b.key: b.text for b in parse(text, "t.txt").blocks}


def test_masthead_zh() -> None:
    doc = parse(ZH_BACKGROUND, "t.txt")
    h = Context(doc).masthead
    assert doc.language == "zh"
    assert h.value("date") == "2011-08-02"
    assert h.value("original_language") == "English"
    assert h.value("body") == "WG-TIP"
    assert h.value("agenda_item") == "5"
    assert h.value("title") == "打击贩运人口的国际合作"  # printed twice, kept once
    assert h.value("doc_type") == "background-paper"
    assert (h.value("meeting_line") or "").startswith("2011年10月10日")


def test_structure_zh() -> None:
    b = blocks(ZH_BACKGROUND)
    assert b["heading/1"] == "一. 导言"  # the table of contents gave no headings
    assert "heading/2" not in b
    assert b["fn/*"] == "* CTOC/COP/WG.4/2011/1。"
    assert b["para/1"].endswith("《人口贩运议定书》。")  # the footnote marker is gone
    assert "第二点" in b["para/2"]  # bullets stay in their paragraph
    assert b["fn/1"] == "CTOC/COP/WG.4/2010/3。"
    assert b["para/3"] == "3. 本背景文件由秘书处编拟。"


def test_every_block_maps_back_to_the_original() -> None:
    doc = parse(ZH_BACKGROUND, "t.txt")
    for b in doc.blocks:
        assert len(b.offsets) == len(b.text)
        for ch, off in zip(b.text, b.offsets):
            if "\u4e00" <= ch <= "\u9fff":
                assert doc.text[off] == ch


DOUBLE_SPACED = """\
 一. 导言 

1. 联合国打击跨国有组织犯罪公约缔约方会议第 4/4 号决定承认《联合国有组

织犯罪公约关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定

书》是打击贩运人口的有法律约束力的主要全球性文书。缔约方会议还决定设

立一个工作组。 

__________________ 

 1 CTOC/COP/WG.4/2011/8，第 46-51 段。 
 2. 毒品和犯罪问题办公室应当与会员国、机构间打击人口贩运协调小组和贩

运人口特别是妇女和儿童问题特别报告员合作，继续就议定书的关键概念开展

工作。 

  贩运人口问题工作组先前的审议情况 

3. 工作组 2013 年 11 月 6 日第 1 次会议以协商一致的方式通过了其临时议程和

工作安排： 

 1. 组织事项： 

  (a) 会议开幕； 

 2. 其他事项。 
"""


def test_double_spaced_lines_join() -> None:
    b = blocks(DOUBLE_SPACED)
    assert "《联合国有组织犯罪公约关于预防" in b["para/1"]
    assert b["para/1"].endswith("设立一个工作组。")
    assert b["fn/1"].startswith("1 CTOC/COP/WG.4/2011/8")  # a bare number is a footnote below a rule
    assert b["para/2"].endswith("继续就议定书的关键概念开展工作。")
    assert b["heading/2"] == "贩运人口问题工作组先前的审议情况"  # an unnumbered heading
    # a numbered list out of sequence is a list inside paragraph 3, not paragraphs 1 and 2
    assert b["para/3/1"] == "1. 组织事项:"
    assert b["para/3/a"] == "(a) 会议开幕;"
    assert b["para/3/2"] == "2. 其他事项。"


def test_page_break_footnote_inside_paragraph() -> None:
    text = (
        "一. 背景\n\n1. 第一段。\n\n2. 各国还应当对劳工进行定期检查，对公平的工资做出硬性规定，\n\n"
        "__________________\n\n 3 见“逾越权限或违背指示”，第 7 条。\n 禁止雇主从工资中扣除招聘费。\n\n"
        "3. 第三段。\n"
    )
    b = blocks(text)
    assert b["para/2"].endswith("做出硬性规定,禁止雇主从工资中扣除招聘费。")
    assert b["fn/3"].startswith("3 见")


def test_resolution_preamble_and_operative_paragraphs() -> None:
    text = (
        "## 第 5/2 号决议\n\n《公约》的执行情况\n\n《联合国打击跨国有组织犯罪公约》缔约方会议，\n\n"
        "回顾《公约》<sup>1</sup>第 32 条，\n\n欢迎工作组的结果，\n\n---\n\n<sup>1</sup> 同上，第 2225 卷。\n\n"
        "关切报告所指出的情况，\n\n1. 敦促各国批准；\n\n#### 2. 鼓励各国考虑：\n\n(a) 运用办法；\n"
    )
    doc = parse(text, "r.txt")
    b = {x.key: x.text for x in doc.blocks}
    h = Context(doc).masthead
    assert h.act is not None and (h.act.number, h.act.kind, h.value("doc_type")) == ("5/2", "resolution", "resolution")
    assert h.value("title") == "《公约》的执行情况"
    assert [k for k in b if k.startswith("pp/")] == ["pp/1", "pp/2", "pp/3"]
    assert b["pp/3"] == "关切报告所指出的情况,"
    assert b["fn/1"] == "同上,第 2225 卷。"
    assert b["para/2/a"] == "(a) 运用办法;"


def test_masthead_report_title_zh() -> None:
    text = " 贩运人口问题工作组 2013 年 11 月 6 日至 8 日在维也纳 \n举行会议的报告 \n \n\n一. 导言 \n\n1. 第一段。\n"
    doc = parse(text, "r.txt")
    h = Context(doc).masthead
    assert h.value("title") == "贩运人口问题工作组 2013 年 11 月 6 日至 8 日在维也纳举行会议的报告"
    assert h.value("doc_type") == "report"


EN_MASTHEAD = """\
CTOC/COP/WG.4/2010/2

Distr.: General 9 December 2009

Original: English

Working Group on Trafficking in Persons

Vienna, 27-29 January 2010

Item 3 of the provisional agenda*

Analysis of key concepts of the Trafficking in Persons Protocol

Background paper prepared by the Secretariat

V.09-88757 (E) 221209 231209

*0988757*

I. Introduction

1. In decision 4/4, the Conference acknowledged the Protocol.
"""


def test_masthead_en() -> None:
    doc = parse(EN_MASTHEAD, "e.txt")
    h = Context(doc).masthead
    assert doc.language == "en"
    assert h.value("symbol") == "CTOC/COP/WG.4/2010/2"
    assert h.value("date") == "2009-12-09"
    assert h.value("original_language") == "English"
    assert h.value("agenda_item") == "3"
    assert h.value("body") == "WG-TIP"
    assert h.value("title") == "Analysis of key concepts of the Trafficking in Persons Protocol"
    assert h.value("doc_type") == "background-paper"
    assert h.value("meeting_line") == "Vienna, 27-29 January 2010"
    assert [b.key for b in doc.blocks if b.kind != "header"] == ["heading/1", "para/1"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty document"),
        (b"  \n\n \t\n", "empty document"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("贩运人口问题工作组".encode("gbk"), "not UTF-8"),
        ("贩运人口".encode()[:-1], "cut in the middle of a character"),
        ("正常的文本".encode() * 5000, "over the"),
    ],
)
def test_bad_input(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as e:
        decode(path, max_bytes=50_000)
    assert message in str(e.value)
    assert str(path) in str(e.value)
    assert "\n" not in str(e.value)


# pdf-to-text wraps running text at a fixed width: a line that runs to it without ending a sentence
# goes on below, whether the paragraph is numbered or not; a stop after "Ms." ends no sentence.
_WRAPPED_ZH_FILLER = "\n".join(["一. 导言", "", "1. 第一段。", "", "二. 建议", ""])
WRAPPED = [
    (
        "unnumbered zh paragraph under a heading",
        _WRAPPED_ZH_FILLER
        + "\n建议 1\n\n"
        + "缔约国应根据本国国内法的基本原则，确保国家法律框架规定对借助技\n"
        + "术实施的贩运人口活动进行有效调查和起诉，包括有具备足够的灵活\n"
        + "性以跟上技术发展的步伐，并允许有效使用电子证据。\n\n"
        + "建议 2\n\n"
        + "鼓励缔约国寻求加强针对借助技术实施的人口贩运特别是儿童贩运活\n"
        + "动的行动对策，以及加强执法机构的专门知识和能力，利用新技术工\n"
        + "具对数字设备和网络空间进行高效的合法调查和行动。\n"
        + "\n".join(f"{n}. 第{n}段的文字足够长，占满一整行的宽度，以便测出换行的宽度。" for n in range(2, 9)),
        "缔约国应根据本国国内法的基本原则，确保国家法律框架规定对借助技术实施的贩运人口活动进行有效调查和起诉，"
        "包括有具备足够的灵活性以跟上技术发展的步伐，并允许有效使用电子证据。",
    ),
]


@pytest.mark.parametrize(("case", "text", "paragraph"), WRAPPED, ids=[c[0] for c in WRAPPED])
def test_wrapped_lines_join(case: str, text: str, paragraph: str) -> None:
    texts = list(blocks(text).values())
    assert unicodedata.normalize("NFKC", paragraph) in texts, texts
    assert not any(t.startswith("术实施") or t.startswith("性以跟上") for t in texts)


def test_abbreviation_at_line_end_continues_the_masthead_text() -> None:
    lines = [
        "Side Event to the Working Group on Trafficking in Persons:",
        "",
        "The panel of UNODC experts was chaired by Ms. Doris Buddenburg, Senior",
        "Manager of AHTMSU/UN.GIFT, and was comprised of Ms. Riikka Puttonen, Ms.",
        "Julie Kvammen, Associate Expert at UNODC Regional Office for Middle East",
        "and North Africa, and Mr. Alun Jones, Chief of Advocacy at the Office.",
        "",
    ]
    filler = [f"Line {n} of a wrapped web page that runs right up to the usual width of" for n in range(12)]
    texts = list(blocks("\n".join(lines + filler)).values())
    assert any(t.startswith("The panel") and t.endswith("Chief of Advocacy at the Office.") for t in texts), texts


def test_traditional_chinese_is_read_as_simplified_with_its_offsets() -> None:
    """The tables hold Simplified words: a Traditional text is read converted, character for
    character, and every block still maps back to the original characters."""
    text = "中國代表發言\n\n1. 締約國會議審議了《補充議定書》第十條的執行情況。\n"
    doc = parse(text, "t.txt")
    para = next(b for b in doc.blocks if b.kind == "paragraph")
    assert para.text == "1. 缔约国会议审议了《补充议定书》第十条的执行情况。"
    span = para.span_of(0, len(para.text))
    assert text[span.start : span.end] == "1. 締約國會議審議了《補充議定書》第十條的執行情況。"


def test_simplified_chinese_is_left_as_it_is() -> None:
    text = "一. 导言\n\n1. 著作和显著进展，以及后来的发展。\n"
    assert (
        next(b for b in parse(text, "t.txt").blocks if b.kind == "paragraph").text
        == "1. 著作和显著进展,以及后来的发展。"
    )
