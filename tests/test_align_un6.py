"""Aligning language versions in Arabic, French, Russian and Spanish with English (issue 29):
short texts of one resolution or report written in each language as its UN version prints it
(Arabic "1 -" numbers in Arabic-Indic digits between direction marks, "أولا -"/"ألف -" headings,
"(أ)" items, keyed by the Latin letter of their place; "a)" items in French, Russian and Spanish),
then the real versions of ../shared read by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared

from palermo.extract import extract_all
from palermo.graph.build import document_graph
from palermo.graph.links import align_versions, alignment_rows
from palermo.iri import DEFAULT_BASE, PAL, Minter
from palermo.pipeline import build
from palermo.reader import parse, read

WORK = "https://x/doc/w"


def _rows(text: str, language: str) -> list[list[str]]:
    """The alignment rows of a text, as one version of the work WORK."""
    doc = parse(text, f"snippet-{language}.txt", language)
    built = document_graph(doc, extract_all(doc).facts, Minter(DEFAULT_BASE))
    return [
        [WORK, f"{WORK}/{language}", f"{WORK}/{language}/{row[3]}", *row[3:]]
        for row in alignment_rows(built, built.g.sorted())
    ]


def _pairs(links: list[str], first: str) -> set[tuple[str, str]]:
    """(key in the `first` version, key in the other) of every link, each checked to come back."""
    out = set()
    for line in links:
        s, _, o, _ = line.split(" ")
        assert f"{o} <{PAL.alignedWith}> {s} ." in links
        if s.startswith(f"<{WORK}/{first}/"):
            out.add((s[1:-1].split("/", 6)[6], o[1:-1].split("/", 6)[6]))
    return out


REPORT_EN = """I. Introduction

1. In its decision 4/4, the Conference of the Parties established a working group on trafficking in persons.

2. The working group held its first meeting in Vienna from 14 to 15 April 2009.

II. Recommendations

3. The working group recommended that States:

(a) Consider article 9 of the Protocol;

(b) Share information on good practices;

4. The secretariat was requested to report to the Conference at its fifth session.
"""
REPORT = {
    "ar": """أولا - مقدمة

\u200f١\u200f - أنشأ مؤتمر الأطراف، في مقرره 4/4، فريقا عاملا معنيا بالاتجار بالأشخاص.

\u200f٢\u200f - وعقد الفريق العامل اجتماعه الأول في فيينا يومي 14 و15 نيسان/أبريل 2009.

ثانيا - التوصيات

\u200f٣\u200f - أوصى الفريق العامل بأن تقوم الدول بما يلي:

(أ) النظر في المادة 9 من البروتوكول؛

(ب) تبادل المعلومات عن الممارسات الجيدة؛

\u200f٤\u200f - وطُلب إلى الأمانة أن تقدم تقريرا إلى المؤتمر في دورته الخامسة.
""",
    "ru": """I. Введение

1. В своем решении 4/4 Конференция Участников учредила рабочую группу по торговле людьми.

2. Рабочая группа провела свое первое совещание в Вене 14-15 апреля 2009 года.

II. Рекомендации

3. Рабочая группа рекомендовала государствам:

a) рассмотреть статью 9 Протокола;

b) обмениваться информацией о передовой практике;

4. Секретариату было предложено представить доклад Конференции на ее пятой сессии.
""",
    "fr": """I. Introduction

1. Dans sa décision 4/4, la Conférence des Parties a créé un groupe de travail sur la traite des personnes.

2. Le groupe de travail a tenu sa première réunion à Vienne les 14 et 15 avril 2009.

II. Recommandations

3. Le groupe de travail a recommandé aux États:

a) D’examiner l’article 9 du Protocole;

b) D’échanger des informations sur les bonnes pratiques;

4. Le secrétariat a été prié de faire rapport à la Conférence à sa cinquième session.
""",
    "es": """I. Introducción

1. En su decisión 4/4, la Conferencia de las Partes estableció un grupo de trabajo sobre la trata de personas.

2. El grupo de trabajo celebró su primera reunión en Viena los días 14 y 15 de abril de 2009.

II. Recomendaciones

3. El grupo de trabajo recomendó a los Estados que:

a) Examinaran el artículo 9 del Protocolo;

b) Intercambiaran información sobre buenas prácticas;

4. Se pidió a la secretaría que informara a la Conferencia en su quinto período de sesiones.
""",
}
SAME = {("heading/1", "heading/1"), ("heading/2", "heading/2"), *((f"para/{k}", f"para/{k}") for k in (1, 2, 3, 4))}
# Items are split off in every language ("(أ)", "(ب)" are items a and b, as "a)", "b)" are), so each
# pairs with its English item; Arabic numbers in Arabic-Indic digits pair with 1-4.
ITEMS = {("para/3/a", "para/3/a"), ("para/3/b", "para/3/b")}
REPORT_CASES = [(lang, SAME | ITEMS) for lang in ("ar", "ru", "fr", "es")]


@pytest.mark.parametrize(("language", "expected"), REPORT_CASES, ids=[c[0] for c in REPORT_CASES])
def test_report_versions_align_paragraph_for_paragraph(language: str, expected: set[tuple[str, str]]) -> None:
    en, other = _rows(REPORT_EN, "en"), _rows(REPORT[language], language)
    assert _pairs(align_versions(en + other), "en") == expected
    assert _pairs(align_versions(other + en), "en") == expected  # whichever version is read first


RESOLUTION_EN = """The General Assembly,

Reaffirming its resolution 58/137 of 22 December 2003,

1. Requests the Secretary-General to submit a report to the General Assembly at its sixty-fifth
session that includes the following elements:

(a) An analysis of the measures taken by States to prevent trafficking in persons;

(b) An overview of the assistance provided to victims of trafficking in persons;

(c) Recommendations on how to strengthen international cooperation in this field;

2. Decides to consider the question at its sixty-fifth session.
"""
RESOLUTION_AR = """إن الجمعية العامة،

إذ تعيد تأكيد قرارها 58/137 المؤرخ 22 كانون الأول/ديسمبر 2003،

١ - تطلب إلى الأمين العام أن يقدم إلى الجمعية العامة في دورتها الخامسة والستين تقريرا يتضمن العناصر التالية:

(أ) تحليل للتدابير التي اتخذتها الدول لمنع الاتجار بالأشخاص؛

(ب) استعراض للمساعدة المقدمة إلى ضحايا الاتجار بالأشخاص؛

(ج) توصيات بشأن سبل تعزيز التعاون الدولي في هذا المجال؛

٢ - تقرر أن تنظر في المسألة في دورتها الخامسة والستين.
"""


def test_a_resolution_s_items_pair_item_for_item() -> None:
    """Three items "(a)"-"(c)" and "(أ)"-"(ج)" split off on both sides: each pairs with its own, the
    paragraph with the paragraph (the paragraph with its items against one block: ROW_CASES)."""
    links = align_versions(_rows(RESOLUTION_EN, "en") + _rows(RESOLUTION_AR, "ar"))
    items = {(f"para/1{x}", f"para/1{x}") for x in ("", "/a", "/b", "/c")}
    assert items | {("pp/1", "pp/1"), ("para/2", "para/2")} == _pairs(links, "en")


def _version(language: str, *blocks: tuple[str, str, int, str]) -> list[list[str]]:
    """Rows of one version of WORK: (key, kind, length, anchors separated by spaces) per block."""
    expression = f"{WORK}/{language}"
    return [
        [WORK, expression, f"{expression}/{key}", key, kind, str(length), *anchors.split()]
        for key, kind, length, anchors in blocks
    ]


ACTS = [f"<https://x/act/sc/resolution/{n}>" for n in (2195, 2242, 2253)]


def _items_after_paragraph_2(parent: str) -> list[list[str]]:
    """English paragraph 2 citing an act, then items (a) and (b) of `parent`, 100 letters each,
    against one Arabic paragraph 2 of 300 citing the act."""
    items = [(f"{parent}/{x}", "item", 100, "") for x in "ab"]
    return _version("en", ("para/2", "paragraph", 100, ACTS[0]), *items) + _version(
        "ar", ("para/2", "paragraph", 300, ACTS[0])
    )


DOCS = [f"<https://x/doc/s-2016-{n}>" for n in (949, 361)]

# (case, rows, expected (key in en, key in the other version))
ROW_CASES = [
    (
        # A mirror that ran the English preamble into one line: its one pair with the paragraph it
        # shares documents with must not set the work's ratio at 1 to 30, which would make the short
        # line before it pass for the length of the paragraph before that one.
        "a flattened preamble does not set the ratio",
        _version(
            "en",
            ("header/4", "header", 51, ACTS[0]),
            ("header/5", "header", 1480, " ".join(DOCS + ACTS[1:])),
        )
        + _version(
            "ru",
            ("header/1", "header", 70, ACTS[0]),
            ("pp/1", "preamble", 28, ""),
            ("pp/2", "preamble", 50, " ".join(DOCS)),
            ("pp/3", "preamble", 118, ""),
        ),
        {("header/5", "pp/2")},
    ),
    (
        "both versions split the items: item for item, not the paragraph with its items against one",
        _version(
            "en",
            ("para/2", "paragraph", 40, ACTS[0]),
            ("para/2/a", "item", 90, DOCS[0]),
            ("para/2/b", "item", 80, DOCS[1]),
            ("para/2/c", "item", 60, ACTS[1]),
        )
        + _version(
            "fr",
            ("para/2", "paragraph", 45, ACTS[0]),
            ("para/2/a", "item", 100, DOCS[0]),
            ("para/2/b", "item", 85, DOCS[1]),
            ("para/2/c", "item", 70, ACTS[1]),
        ),
        {(k, k) for k in ("para/2", "para/2/a", "para/2/b", "para/2/c")},
    ),
    (
        "a paragraph with its items against one block",
        _items_after_paragraph_2("para/2"),
        {("para/2", "para/2"), ("para/2/a", "para/2"), ("para/2/b", "para/2")},
    ),
    (
        "items of another paragraph are not the paragraph's: two running blocks at most",
        _items_after_paragraph_2("para/3"),
        {("para/2", "para/2"), ("para/3/a", "para/2")},
    ),
]


@pytest.mark.parametrize(("case", "rows", "expected"), ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_align_rows(case: str, rows: list[list[str]], expected: set[tuple[str, str]]) -> None:
    assert _pairs(align_versions(rows), "en") == expected


# -- the real versions in ../shared, read whole by hand (benchmarks/align_units.py lists the
# blocks that say the same thing in each two, with which the length units are measured).


def _aligned(quads: list[str]) -> dict[str, set[tuple[str, str]]]:
    """{work path: {(key, key)}} of a build's alignment links, the first key in the version whose
    language comes first."""
    out: dict[str, set[tuple[str, str]]] = {}
    for line in quads:
        s, p, o = line.split(" ")[:3]
        if p == f"<{PAL.alignedWith}>" and s < o:
            work, _, a = s[1:-1].removeprefix(DEFAULT_BASE).partition("/en/")
            out.setdefault(work, set()).add((a, o[1:-1].rsplit("/ru/", 1)[1]))
    return out


def test_real_versions_in_three_languages_are_one_work(tmp_path: Path) -> None:
    """CTOC/COP/WG.4/2010/2 in English, French and Russian is one work of three versions; SC
    resolution 2331 (2016) in English and Russian another. The French and Russian excerpts hold
    only the masthead and the contents (never paired, by design). The English resolution's preamble
    is one masthead line on its mirror: it pairs with the Russian paragraph sharing its three
    documents (it holds the first five, but a pair is of one or two blocks); before the measured
    ratio kept out such pairs, the line before it paired with the first Russian paragraph."""
    files = [
        shared("samples-en") / "01-wg4-2010-2-key-concepts-bp.txt",
        shared("samples-un6") / "fr02.txt",
        shared("samples-un6") / "ru02.txt",
        shared("samples-un6") / "ru05.txt",
        shared("samples-dev2") / "e12.txt",
    ]
    result = build(files, tmp_path / "data", jobs=1)
    assert result.errors == []
    graph = (result.out / "graph.nt").read_text(encoding="utf-8").splitlines()
    realized = "<http://data.europa.eu/eli/ontology#is_realized_by>"
    works = {ln.split(" ")[2][1:-1].removeprefix(DEFAULT_BASE) for ln in graph if f" {realized} " in ln}
    assert {
        "doc/ctoc-cop-wg.4-2010-2/en",
        "doc/ctoc-cop-wg.4-2010-2/fr",
        "doc/ctoc-cop-wg.4-2010-2/ru",
        "act/sc/resolution/2331/en",
        "act/sc/resolution/2331/ru",
    } == works
    assert _aligned(graph) == {"act/sc/resolution/2331": {("header/5", "pp/2")}}


def test_real_french_and_arabic_resolution_never_pairs_wrong() -> None:
    """HRC resolution 26/8 in French and Arabic, aligned as one work: the Arabic preamble splits at
    each verb ("إذ يعيد تأكيد", "وإذ يشير إلى") as the French does, so its four paragraphs are the
    French four; the mirror cut the Arabic fourth short, so it may go unpaired, the first three pair."""
    folder = shared("samples-un6")
    rows = []
    for name in ("fr03.txt", "ar01.txt"):
        doc = read(folder / name)
        built = document_graph(doc, extract_all(doc).facts, Minter(DEFAULT_BASE))
        language = doc.language
        rows += [
            [WORK, f"{WORK}/{language}", f"{WORK}/{language}/{row[3]}", *row[3:]]
            for row in alignment_rows(built, built.g.sorted())
        ]
    right = {(f"pp/{n}", f"pp/{n}") for n in (1, 2, 3, 4)}
    pairs = _pairs(align_versions(rows), "fr")
    assert right - {("pp/4", "pp/4")} <= pairs <= right


def _changed(rows: list[list[str]], language: str) -> list[tuple[str, list[list[str]], tuple[str, str] | None]]:
    """(what was done, the rows, (kept key, merged key) of a merge) for each block of the
    `language` version left out in turn, that version cut before or after each of its blocks,
    and each two of its running blocks run together (the first one's key kept)."""
    side = [r for r in rows if r[1].endswith("/" + language)]
    other = [r for r in rows if not r[1].endswith("/" + language)]
    out: list[tuple[str, list[list[str]], tuple[str, str] | None]] = []
    for k in range(len(side)):
        out.append((f"without {side[k][3]}", side[:k] + side[k + 1 :] + other, None))
    for k in range(1, len(side)):
        out.append((f"from {side[k][3]}", side[k:] + other, None))
        out.append((f"up to {side[k - 1][3]}", side[:k] + other, None))
        x, y = side[k - 1], side[k]
        merged = [*x[:5], str(int(x[5]) + int(y[5])), *sorted(set(x[6:]) | set(y[6:]))]
        out.append((f"{x[3]} with {y[3]}", [*side[: k - 1], merged, *side[k + 1 :], *other], (x[3], y[3])))
    return out


@pytest.mark.parametrize(("language", "expected"), REPORT_CASES, ids=[c[0] for c in REPORT_CASES])
def test_versions_cut_or_merged_never_pair_wrong(language: str, expected: set[tuple[str, str]]) -> None:
    """A report in each language and the English, either with a block lost, cut short or two blocks
    run together: every pair made is one of the right ones (a merged block, keeping its first key,
    may pair as either of its two). Items split on both sides keep a lost English item's
    neighbour from passing for it."""
    rows = _rows(REPORT_EN, "en") + _rows(REPORT[language], language)
    for side in ("en", language):
        for done, variant, merge in _changed(rows, side):
            allowed = set(expected)
            if merge is not None:
                first, second = merge
                if side == "en":
                    allowed |= {(first, z) for e, z in expected if e == second}
                else:
                    allowed |= {(e, first) for e, z in expected if z == second}
            assert _pairs(align_versions(variant), "en") <= allowed, f"{side}: {done}"


def test_real_french_and_arabic_resolution_are_one_work(tmp_path: Path) -> None:
    """HRC resolution 26/8 in French and Arabic built together: one work, the act, of two versions
    (the Arabic heading prints the number with its digits spaced, "2 6 / 8": read as 26/8, and were it
    unreadable, the symbol A/HRC/RES/26/8 names the act)."""
    folder = shared("samples-un6")
    result = build([folder / "fr03.txt", folder / "ar01.txt"], tmp_path / "data", jobs=1)
    assert result.errors == []
    graph = (result.out / "graph.nt").read_text(encoding="utf-8").splitlines()
    realized = "<http://data.europa.eu/eli/ontology#is_realized_by>"
    pairs = {
        (s[1:-1].removeprefix(DEFAULT_BASE), o[1:-1].removeprefix(DEFAULT_BASE))
        for s, p, o, *_ in (ln.split(" ") for ln in graph)
        if p == realized
    }
    work = "act/hrc/resolution/26-8"
    assert pairs == {(work, f"{work}/fr"), (work, f"{work}/ar")}
