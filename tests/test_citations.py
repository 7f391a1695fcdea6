"""Citations extractor: symbols, acts and articles in the forms the documents use."""

from __future__ import annotations

import pytest

from palermo.extract import citations
from palermo.extract.context import Context
from palermo.models import CitationFact
from palermo.reader import parse

ZH = "一. 导言\n\n1. {}\n"
EN = "I. Introduction\n\n1. {}\n"


def cited(text: str) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for f in citations.extract(Context(parse(text, "t.txt"))):
        assert isinstance(f, CitationFact)
        if f.target_kind == "document":
            out.append(("doc", f.symbol, f.paragraphs))
        elif f.target_kind == "act":
            assert f.act
            out.append(("act", f.act.body, f.act.kind, f.act.number, f.act_date))
        else:
            out.append(("art", f.instrument, f.article, f.paragraph))
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # document symbols, with cited paragraphs, across a line break, in link markup
        ("见 CTOC/COP/WG.4/2011/8，第 46-51 段。", [("doc", "CTOC/COP/WG.4/2011/8", "46-51")]),
        ("经口头修订的会议报告（CTOC/COP/WG.4/\n2013/L.1）。", [("doc", "CTOC/COP/WG.4/2013/L.1", None)]),
        (
            "与会者名单载于 [CTOC/COP/WG.4/2021/INF/1/Rev.1](#) 号文件。",
            [("doc", "CTOC/COP/WG.4/2021/INF/1/Rev.1", None)],
        ),
        ("２０１９ 年报告（Ａ/ＨＲＣ/４１/４６）中。", [("doc", "A/HRC/41/46", None)]),  # full-width
        # a resolution symbol is the resolution
        ("按照《联合国全球行动计划》（A/RES/64/293）的授权。", [("act", "GA", "resolution", "64/293", None)]),
        # acts with dates, lists carrying the body, titles
        ("缔约方会议 2008 年 10 月 17 日第 4/4 号决定。", [("act", "COP", "decision", "4/4", "2008-10-17")]),
        (
            "大会 2006 年 12 月 19 日第 61/144 号决议、2006 年 12 月 20 日第 61/180 号决议和第 64/178 号决议。",
            [
                ("act", "GA", "resolution", "61/144", "2006-12-19"),
                ("act", "GA", "resolution", "61/180", "2006-12-20"),
                ("act", "GA", "resolution", "64/178", None),
            ],
        ),
        ("欢迎大会 2010 年 7 月 30 日第 64/293 决议。", [("act", "GA", "resolution", "64/293", "2010-07-30")]),
        (
            "经社理事会第 2003/20 号决议；预防犯罪和刑事司法委员会第 19/4 号决议。",
            [("act", "ECOSOC", "resolution", "2003/20", None), ("act", "CCPCJ", "resolution", "19/4", None)],
        ),
        (
            "欧洲议会和理事会关于防止贩运人口的第 2011/36/EU 号指令。该指令取代理事会第 2002/629/JHA 号框架决定。",
            [("act", "EU", "directive", "2011/36/EU", None), ("act", "EU", "framework-decision", "2002/629/JHA", None)],
        ),
        ("欧安组织常设理事会第 557/Rev.1 号决定。", [("act", "OSCE", "decision", "557/Rev.1", None)]),
        ("工作组在第 5/2 号决议中。", [("act", "COP", "resolution", "5/2", None)]),  # numbering implies COP
        # articles: paragraphs, two articles, two instruments, both protocols, pronoun, rules of procedure
        ("《人口贩运议定书》第 9 条第(4)款呼吁缔约国。", [("art", "TIP", 9, "4")]),
        (
            "《有组织犯罪公约》第 32 条第 3 款和缔约方会议议事规则第 2 条第 2 款。",
            [("art", "UNTOC", 32, "3"), ("art", "COP-ROP", 2, "2")],
        ),
        ("考虑到《公约》第\n32 和 37 条。", [("art", "UNTOC", 32, None), ("art", "UNTOC", 37, None)]),
        (
            "根据《打击贩运人口议定书》和《联合国打击跨国有组织犯罪公约关于打击陆、海、空偷运移民的补充议定书》"
            "第 12 条，"
            "缔约国必须确保。根据这两项议定书第 13 条，缔约国还必须核查。",
            [("art", "TIP", 12, None), ("art", "SOM", 12, None), ("art", "TIP", 13, None), ("art", "SOM", 13, None)],
        ),
        ("这一点在《打击有组织犯罪公约》中得到反映，包括在其第 8 条要求缔约国。", [("art", "UNTOC", 8, None)]),
        ("《议定书》第 10 条第 2 款强调了。", [("art", "TIP", 10, "2")]),
        ("《禁止贩运人口议 定书》第 3 条所界定的。", [("art", "TIP", 3, None)]),  # a space from pdf conversion
        # not articles of the instruments
        ("秘书处采购司《供应商行为守则》方面的重要性，特别是第 5 条。", []),
        ("建议准则第 11 条促进。", []),
        ("《人口贩运议定书》第 45 条。", []),  # the Protocol has 20 articles
        ("同上，第 2225 卷，第 39574 号。", []),
    ],
)
def test_zh(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert cited(ZH.format(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In decision 4/4, the Conference acknowledged the Protocol.", [("act", "COP", "decision", "4/4", None)]),
        (
            "Recalling General Assembly resolution 64/293 of 30 July 2010.",
            [("act", "GA", "resolution", "64/293", "2010-07-30")],
        ),
        ("See Economic and Social Council resolution 2004/45.", [("act", "ECOSOC", "resolution", "2004/45", None)]),
        ("in accordance with article 32, paragraph 3, of the Organized Crime Convention.", [("art", "UNTOC", 32, "3")]),
        ("and rule 2, paragraph 2, of the rules of procedure for the Conference.", [("art", "COP-ROP", 2, "2")]),
        ("The list is in CTOC/COP/WG.4/2010/1.", [("doc", "CTOC/COP/WG.4/2010/1", None)]),
        # the own body of "its", a body named after the act, numbering that only some bodies use
        (
            "Recalling its resolutions 5/1 on institution-building and 5/2 on a code of conduct, and decision "
            "2004/110 of 19 April 2004 of the Commission on Human Rights,",
            [
                ("act", "COP", "resolution", "5/1", None),
                ("act", "COP", "resolution", "5/2", None),
                ("act", "CHR", "decision", "2004/110", "2004-04-19"),
            ],
        ),
        (
            "The Human Rights Council recalls General Assembly resolutions 63/156 of 18 December 2008 and 64/178 of "
            "18 December 2009, and Council resolution 8/12.",
            [
                ("act", "GA", "resolution", "63/156", "2008-12-18"),
                ("act", "GA", "resolution", "64/178", "2009-12-18"),
                ("act", "HRC", "resolution", "8/12", None),
            ],
        ),
        (
            "Economic and Social Council decision 16 (LVI) and resolution 1980/127, and General Assembly "
            "resolution55/25.",
            [
                ("act", "ECOSOC", "decision", "16 (LVI)", None),
                ("act", "ECOSOC", "resolution", "1980/127", None),
                ("act", "GA", "resolution", "55/25", None),
            ],
        ),
        # articles: paragraphs first, lists, subparagraphs, ranges, abbreviations
        (
            "Under the United Nations Convention against Transnational Organized Crime, paragraphs 3 (d), 4 and 5 of "
            "article 32 of the Convention and article 18, paragraphs 13 and 14, of the Convention",
            [
                ("art", "UNTOC", 32, "3(d)"),
                ("art", "UNTOC", 32, "4"),
                ("art", "UNTOC", 32, "5"),
                ("art", "UNTOC", 18, "13"),
                ("art", "UNTOC", 18, "14"),
            ],
        ),
        (
            "article 3, subparagraph (a), of the Trafficking in Persons Protocol and articles 6 to 8 of the Protocol",
            [("art", "TIP", 3, "(a)"), ("art", "TIP", 6, None), ("art", "TIP", 7, None), ("art", "TIP", 8, None)],
        ),
        (
            "the Protocol against the Smuggling of Migrants by Land, Sea and Air (art. 6) and the Protocol, article 16",
            [("art", "SOM", 6, None), ("art", "SOM", 16, None)],
        ),
        # a symbol cut short is no citation; a mirror's lower case is
        ("see CTOC/COP/2008/CRP and a/ac.254/4/add.1/rev.4.", [("doc", "A/AC.254/4/Add.1/Rev.4", None)]),
    ],
)
def test_en(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert cited(EN.format(sentence)) == expected


def test_own_symbol_and_own_act_are_not_citations() -> None:
    text = (
        "## 第 5/2 号决议\n\n执行情况\n\n《联合国打击跨国有组织犯罪公约》缔约方会议，\n\n"
        "回顾其第 5/2 号决议和第 4/4 号决定，\n\n1. 敦促各国；\n"
    )
    assert cited(text) == [("act", "COP", "decision", "4/4", None)]


def test_verbs_of_a_resolution() -> None:
    text = (
        "## 第 5/2 号决议\n\n执行情况\n\n《联合国打击跨国有组织犯罪公约》缔约方会议，\n\n"
        "还回顾其 2008 年 10 月 17 日第 4/4 号决定，\n\n1. 请秘书处；\n\n2. 鼓励各国考虑：\n\n"
        "(a) 《人口贩运议定书》第 3 条；\n"
    )
    doc = parse(text, "r.txt")
    verbs = [(f.evidence.block, f.verb) for f in citations.extract(Context(doc))]
    assert verbs == [("pp/1", "recalls"), ("para/2/a", "encourages")]
    ops = [(f.evidence.block, f.verb, f.operative) for f in citations.operative(Context(doc))]
    assert ops == [("pp/1", "recalls", False), ("para/1", "requests", True), ("para/2", "encourages", True)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # one kind and body for every member, whatever separates them and whatever each carries
        (
            "又回顾大会1998年12月9日第53/111号和1999年12月17日第54/126号决议以及经济及社会理事会"
            "1997年7月21日第1997/22号、第1998/18号和1999年7月28日第1999/23号决议。",
            [
                ("act", "GA", "resolution", "53/111", "1998-12-09"),
                ("act", "GA", "resolution", "54/126", "1999-12-17"),
                ("act", "ECOSOC", "resolution", "1997/22", "1997-07-21"),
                ("act", "ECOSOC", "resolution", "1998/18", None),
                ("act", "ECOSOC", "resolution", "1999/23", "1999-07-28"),
            ],
        ),
        ("缔约方会议第1/2、2/3及3/1号决定。", [("act", "COP", "decision", n, None) for n in ("1/2", "2/3", "3/1")]),
        # Security Council resolutions run together with their years: the number alone, the year its date
        (
            "重申安理会第1373(2001)1624(2005)2178 (2014)号决议和各项主席声明,",
            [
                ("act", "SC", "resolution", "1373", "2001"),
                ("act", "SC", "resolution", "1624", "2005"),
                ("act", "SC", "resolution", "2178", "2014"),
            ],
        ),
        (
            "安理会第2388(2017)号决议和第5/2号决议。",
            [("act", "SC", "resolution", "2388", "2017"), ("act", "COP", "resolution", "5/2", None)],
        ),
    ],
)
def test_zh_lists(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert cited(ZH.format(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Recalling General Assembly resolutions 61/144, 63/156 and 64/178, and decisions 1/2, 2/3 and 3/1 of "
            "the Conference of the Parties,",
            [("act", "GA", "resolution", n, None) for n in ("61/144", "63/156", "64/178")]
            + [("act", "COP", "decision", n, None) for n in ("1/2", "2/3", "3/1")],
        ),
        (
            "Stressing the Security Council resolutions on this matter, including resolutions 1325 (2000) and "
            "2106 (2013), which address sexual violence, as well as 2331 (2016), which addresses trafficking,",
            [
                ("act", "SC", "resolution", "1325", "2000"),
                ("act", "SC", "resolution", "2106", "2013"),
                ("act", "SC", "resolution", "2331", "2016"),
            ],
        ),
        # a resolution symbol with its year cites the resolution
        ("as set out in S/RES/2388 (2017).", [("act", "SC", "resolution", "2388", None)]),
        # siblings named after a symbol: a corrigendum, plural revisions; a symbol cut at a slash
        (
            "the drafts (A/AC.254/4/Revs.3 and 4) and the text (A/AC.254/4/Rev.5 and Corr.1) replace A/58/.",
            [
                ("doc", "A/AC.254/4/Rev.3", None),
                ("doc", "A/AC.254/4/Rev.4", None),
                ("doc", "A/AC.254/4/Rev.5", None),
                ("doc", "A/AC.254/4/Rev.5/Corr.1", None),
            ],
        ),
    ],
)
def test_en_lists(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert cited(EN.format(sentence)) == expected


def test_a_symbol_broken_over_lines() -> None:
    """A line that ends in a symbol cut after a part's stop goes on with the next line."""
    text = "说明\n\n秘书处转交专家组会议的报告(A/AC.\n261/3和Corr.\n2)。\n\n见(E/2002/30/Rev.\n1),第二部分。\n"
    assert cited(text) == [
        ("doc", "A/AC.261/3", None),
        ("doc", "A/AC.261/3/Corr.2", None),
        ("doc", "E/2002/30/Rev.1", None),
    ]


def subject_articles(text: str) -> list[tuple[object, ...]]:
    facts = citations.subject_articles(Context(parse(text, "t.txt")))
    assert all(f.extractor == "article-subject" for f in facts)
    return [(f.instrument, f.article, f.paragraph) for f in facts if isinstance(f, CitationFact)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the one protocol the text is about, in a heading and after it
        (
            "Part II - Protection of victims (Articles 6-8)\n\nArticles 6 and 7 oblige States to protect victims "
            "of trafficking; the Protocol builds on its parent Convention.\n",
            [("TIP", 6, None), ("TIP", 7, None), ("TIP", 8, None), ("TIP", 6, None), ("TIP", 7, None)],
        ),
        ("The aims of the Protocol against Trafficking in Persons are listed in article 2.\n", [("TIP", 2, None)]),
        # a Conference decision: the Convention
        (
            "Conference of the Parties to the United Nations Convention against Transnational Organized Crime\n\n"
            "Decision 9/1\n\nThe Conference,\n\n1. Recalls paragraph 5 of article 32;\n",
            [("UNTOC", 32, "5")],
        ),
        # several protocols: none; an instrument the tables do not know: none; a rule is no article
        (
            "The Trafficking in Persons Protocol and the Firearms Protocol are linked; see article 5.\n",
            [],
        ),
        ("The Protocol applies. The Criminal Code of the State, in article 12, says otherwise.\n", []),
        ("The Protocol applies; rule 5 does not.\n", []),
        ("《人口贩运议定书》适用于此。特别是第 5 条第 2 款。\n", [("TIP", 5, "2")]),
        ("《人口贩运议定书》适用于此。《供应商行为守则》特别是第 5 条。\n", []),
    ],
)
def test_articles_of_the_subject(text: str, expected: list[tuple[object, ...]]) -> None:
    assert subject_articles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one instrument for a list in parentheses separated by semicolons; paragraphs listed in one 款
        (
            "《联合国打击跨国有组织犯罪公约》适用。根据公约有关条款(第8条第1款;第16条第4款(a)项;第27条第1和2款)，"
            "缔约国应当合作。",
            [
                ("art", "UNTOC", 8, "1"),
                ("art", "UNTOC", 16, "4(a)"),
                ("art", "UNTOC", 27, "1"),
                ("art", "UNTOC", 27, "2"),
            ],
        ),
        # Traditional Chinese, Chinese numerals, the protocol by the short name the text gave it
        (
            "鑑於《聯合國打擊跨國有組織犯罪公約關於預防、禁止和懲治販運人口特別是婦女和兒童行為的補充議定書》"
            "(以下簡稱“補充議定書”)已生效;\n\n又鑑於根據補充議定書第十條第三款的規定,各國應當合作。\n",
            [("art", "TIP", 10, "3")],
        ),
        # articles of another law near it are not the Protocol's
        (
            "《人口贩运议定书》对本国生效。\n\n行政长官根据本地区第5/2001号法律第七条第二款的规定命令公布。\n",
            [],
        ),
    ],
)
def test_zh_article_lists_and_forms(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [c for c in cited(text) if c[0] == "art"] + subject_articles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list broken over lines (pdf-to-text) is still one list
        (
            EN.format(
                "Recalling General Assembly resolutions 61/144,\n63/156 and\n64/178, and Economic and Social "
                "Council decision\n2010/243,"
            ),
            [("act", "GA", "resolution", n, None) for n in ("61/144", "63/156", "64/178")]
            + [("act", "ECOSOC", "decision", "2010/243", None)],
        ),
        (
            ZH.format("回顾大会第61/144号、\n第63/156号及第64/178号决议，"),
            [("act", "GA", "resolution", n, None) for n in ("61/144", "63/156", "64/178")],
        ),
    ],
)
def test_lists_over_line_breaks(text: str, expected: list[tuple[object, ...]]) -> None:
    assert cited(text) == expected
