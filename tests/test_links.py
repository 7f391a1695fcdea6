"""Links between documents: quoted recommendations found in the report that adopted them, and
the paragraphs of two language versions of one work that say the same thing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from conftest import shared

from palermo.extract import extract_all
from palermo.graph.build import document_graph
from palermo.graph.links import PROV, align_versions, alignment_rows, link_quotations
from palermo.iri import DEFAULT_BASE, PAL, Minter
from palermo.pipeline import build
from palermo.reader import read

M5, M6 = "https://x/meeting/wg-tip/5", "https://x/meeting/wg-tip/6"
ADOPTED = [
    [
        "https://x/meeting/wg-tip/5/recommendation/22",
        M5,
        "adopted",
        "zh",
        "缔约各国应当考虑采取措施对私营征聘和就业机构实行管理、登记、许可和监测，包括禁止向雇员收取征聘费。",
    ],
    [
        "https://x/meeting/wg-tip/5/recommendation/23",
        M5,
        "adopted",
        "zh",
        "鼓励缔约各国在减少通过剥削贩运人口受害人而提供的所有类型服务和产品的需求方面，就良好做法共享信息。",
    ],
    [
        "https://x/meeting/wg-tip/5/recommendation/30",
        M5,
        "adopted",
        "en",
        "States parties should consider regulating private recruitment and employment agencies.",
    ],
]
QUOTED = "https://x/meeting/wg-tip/5/recommendation/quoted-1"

CASES = [
    # (case, quoted row, adopted it should link to or None)
    (
        "re-edited quote finds its source",
        [
            QUOTED,
            M5,
            "quoted",
            "zh",
            "缔约国应当考虑采取措施对私营征聘和就业机构实行管理,登记,许可和监测,包括禁止向雇员收取征聘费",
        ],
        ADOPTED[0][0],
    ),
    (
        "english quote, english source",
        [
            QUOTED,
            M5,
            "quoted",
            "en",
            "(e) States Parties should consider regulating private recruitment and employment agencies;",
        ],
        ADOPTED[2][0],
    ),
    (
        "another meeting's recommendation is not searched",
        [
            QUOTED,
            M6,
            "quoted",
            "zh",
            "缔约国应当考虑采取措施对私营征聘和就业机构实行管理、登记、许可和监测，包括禁止向雇员收取征聘费。",
        ],
        None,
    ),
    (
        "a text that is only on the same theme is no quotation",
        [QUOTED, M5, "quoted", "zh", "缔约国应当加强对私营就业机构的监督，并与工会合作制定行为守则。"],
        None,
    ),
    (
        "a quote in another language is not matched by its characters",
        [
            QUOTED,
            M5,
            "quoted",
            "en",
            "缔约国应当考虑采取措施对私营征聘和就业机构实行管理、登记、许可和监测，包括禁止向雇员收取征聘费。",
        ],
        None,
    ),
]


@pytest.mark.parametrize(("case", "row", "expected"), CASES, ids=[c[0] for c in CASES])
def test_link_quotations(case: str, row: list[str], expected: str | None) -> None:
    links = link_quotations([*ADOPTED, row])
    assert links == ([f"<{QUOTED}> <{PROV.wasQuotedFrom}> <{expected}> ."] if expected else [])


def test_two_equally_alike_sources_give_no_link() -> None:
    twin = [ADOPTED[0][0].replace("/22", "/99"), *ADOPTED[0][1:]]
    row = [QUOTED, M5, "quoted", "zh", ADOPTED[0][4]]
    assert link_quotations([ADOPTED[0], twin, row]) == []


# -- aligning language versions (graph/links.align_versions)

WORK = "https://x/doc/w"
ACT_A, ACT_B, ACT_C = (f"<https://x/act/ga/resolution/60-{n}>" for n in (1, 2, 3))
DATE = '"2006-03-15"^^<http://www.w3.org/2001/XMLSchema#date>'
RECALLS = "<https://x/concept/operative-verb/recalls>"


def version(language: str, *blocks: tuple) -> list[list[str]]:  # type: ignore[type-arg]
    """Rows of one version: (key, kind, length, anchor…) per block, in reading order."""
    expression = f"{WORK}/{language}"
    return [
        [WORK, expression, f"{expression}/{key}", key, kind, str(length), *anchors]
        for key, kind, length, *anchors in blocks
    ]


def pairs(rows: list[list[str]]) -> set[tuple[str, str]]:
    """(English key, Chinese key) of every link; each link must come back the other way too."""
    links = align_versions(rows)
    out = set()
    for line in links:
        s, _, o, _ = line.split(" ")
        a, b = s[1:-1].removeprefix(WORK + "/"), o[1:-1].removeprefix(WORK + "/")
        assert f"<{o[1:-1]}> <{PAL.alignedWith}> <{s[1:-1]}> ." in links
        if a.startswith("en/"):
            out.add((a.removeprefix("en/"), b.removeprefix("zh/")))
    return out


# Lengths are in English letters (alignment_rows scales each language by its table's length-unit):
# the two sides of a right pair are about as long.
ALIGN_CASES = [
    (
        "printed numbers: the Chinese version is an excerpt from paragraph 3",
        version(
            "en",
            ("para/1", "paragraph", 300),
            ("para/2", "paragraph", 200),
            ("para/3", "paragraph", 400),
            ("para/4", "paragraph", 250),
        ),
        version("zh", ("para/3", "paragraph", 400), ("para/4", "paragraph", 250)),
        {("para/3", "para/3"), ("para/4", "para/4")},
    ),
    (
        "a preambular paragraph more at the start: counts differ, the anchors and the order decide",
        version(
            "en",
            ("pp/1", "preamble", 300),
            ("pp/2", "preamble", 200, ACT_A, RECALLS),
            ("pp/3", "preamble", 400),
            ("pp/4", "preamble", 250, ACT_B),
        ),
        version(
            "zh",
            ("pp/1", "preamble", 133),
            ("pp/2", "preamble", 300),
            ("pp/3", "preamble", 200, ACT_A, RECALLS),
            ("pp/4", "preamble", 400),
            ("pp/5", "preamble", 250, ACT_B),
        ),
        {("pp/1", "pp/2"), ("pp/2", "pp/3"), ("pp/3", "pp/4"), ("pp/4", "pp/5")},
    ),
    (
        "one English paragraph the Chinese version splits in two: two links",
        version("en", ("para/p1", "paragraph", 600, ACT_A, ACT_B), ("para/p2", "paragraph", 200, ACT_C)),
        version(
            "zh",
            ("para/p1", "paragraph", 300, ACT_A),
            ("para/p2", "paragraph", 300, ACT_B),
            ("para/p3", "paragraph", 200, ACT_C),
        ),
        {("para/p1", "para/p1"), ("para/p1", "para/p2"), ("para/p2", "para/p3")},
    ),
    (
        "two English paragraphs the Chinese version merges into one",
        version(
            "en",
            ("para/p1", "paragraph", 300, ACT_A),
            ("para/p2", "paragraph", 300, DATE),
            ("para/p3", "paragraph", 200, ACT_C),
        ),
        version("zh", ("para/p1", "paragraph", 600, ACT_A, DATE), ("para/p2", "paragraph", 200, ACT_C)),
        {("para/p1", "para/p1"), ("para/p2", "para/p1"), ("para/p3", "para/p2")},
    ),
    (
        "unnumbered preamble after mastheads of different lines: the masthead lines are not paired",
        version(
            "en",
            ("header/1", "header", 20),
            ("header/2", "header", 15),
            ("header/3", "header", 60, ACT_C),
            ("pp/1", "preamble", 300, ACT_A),
            ("pp/2", "preamble", 200),
            ("para/1", "paragraph", 400, ACT_B),
        ),
        version(
            "zh",
            ("header/1", "header", 67, ACT_C),
            ("header/2", "header", 20),
            ("pp/1", "preamble", 300, ACT_A),
            ("pp/2", "preamble", 200),
            ("para/1", "paragraph", 400, ACT_B),
        ),
        {("pp/1", "pp/1"), ("pp/2", "pp/2"), ("para/1", "para/1")},
    ),
    (
        "a paragraph taken for a masthead line in one version is still paired by its anchors",
        version(
            "en", ("header/1", "header", 30), ("pp/1", "preamble", 300, ACT_A, DATE), ("pp/2", "preamble", 200, ACT_B)
        ),
        version(
            "zh", ("header/1", "header", 33), ("header/2", "header", 300, ACT_A, DATE), ("pp/1", "preamble", 200, ACT_B)
        ),
        {("pp/1", "header/2"), ("pp/2", "pp/1")},
    ),
    (
        "no anchors, block for block with lengths that fit: paired in order",
        version("en", ("para/p1", "paragraph", 300), ("para/p2", "paragraph", 100), ("para/p3", "paragraph", 500)),
        version("zh", ("para/p1", "paragraph", 300), ("para/p2", "paragraph", 100), ("para/p3", "paragraph", 500)),
        {("para/p1", "para/p1"), ("para/p2", "para/p2"), ("para/p3", "para/p3")},
    ),
    (
        "no anchors and a paragraph more on one side: nothing is sure",
        version("en", ("para/p1", "paragraph", 300), ("para/p2", "paragraph", 100), ("para/p3", "paragraph", 500)),
        version(
            "zh",
            ("para/p1", "paragraph", 300),
            ("para/p2", "paragraph", 100),
            ("para/p3", "paragraph", 167),
            ("para/p4", "paragraph", 500),
        ),
        set(),
    ),
    (
        "no anchors and lengths that do not fit: nothing is paired",
        version("en", ("para/p1", "paragraph", 300), ("para/p2", "paragraph", 100), ("para/p3", "paragraph", 500)),
        version("zh", ("para/p1", "paragraph", 67), ("para/p2", "paragraph", 667), ("para/p3", "paragraph", 100)),
        set(),
    ),
    (
        "beside an anchored pair, a paragraph whose length only roughly fits is left unaligned",
        version("en", ("para/p1", "paragraph", 300, ACT_A), ("para/p2", "paragraph", 300)),
        version(
            "zh", ("para/p1", "paragraph", 300, ACT_A), ("para/p2", "paragraph", 420), ("para/p3", "paragraph", 100)
        ),
        {("para/p1", "para/p1")},
    ),
    (
        "blocks with no letters (figures only) still pair by their anchors",
        version("en", ("para/p1", "paragraph", 0, ACT_A, DATE), ("para/p2", "paragraph", 300)),
        version("zh", ("para/p1", "paragraph", 0, ACT_A, DATE), ("para/p2", "paragraph", 280)),
        {("para/p1", "para/p1"), ("para/p2", "para/p2")},
    ),
    (
        "two printed numbers that differ are never a pair",
        version("en", ("para/3", "paragraph", 300)),
        version("zh", ("para/4", "paragraph", 300)),
        set(),
    ),
    (
        "a paragraph naming what the other version names elsewhere is left unaligned",
        version("en", ("para/p1", "paragraph", 300, ACT_A), ("para/p2", "paragraph", 200, ACT_B)),
        version("zh", ("para/p1", "paragraph", 200, ACT_B)),
        {("para/p2", "para/p1")},
    ),
    (
        "footnotes are aligned apart from the body, by their printed numbers",
        version(
            "en",
            ("para/1", "paragraph", 300),
            ("fn/1", "footnote", 40),
            ("para/2", "paragraph", 200),
            ("fn/2", "footnote", 30),
        ),
        version(
            "zh",
            ("para/1", "paragraph", 300),
            ("para/2", "paragraph", 200),
            ("fn/1", "footnote", 40),
            ("fn/2", "footnote", 30),
        ),
        {("para/1", "para/1"), ("para/2", "para/2"), ("fn/1", "fn/1"), ("fn/2", "fn/2")},
    ),
]


@pytest.mark.parametrize(("case", "en", "zh", "expected"), ALIGN_CASES, ids=[c[0] for c in ALIGN_CASES])
def test_align_versions(case: str, en: list[list[str]], zh: list[list[str]], expected: set[tuple[str, str]]) -> None:
    assert pairs(en + zh) == expected
    assert pairs(zh + en) == expected  # whichever document the build reads first


def test_other_works_are_not_aligned() -> None:
    en = version("en", ("para/1", "paragraph", 300))
    other = [[f"{WORK}-2", f"{WORK}-2/zh", f"{WORK}-2/zh/para/1", "para/1", "paragraph", "90"]]
    assert align_versions(en + other) == []


# -- the real versions of ../shared/samples-dev: d17 (English) and d44 (Chinese) are HRC resolution
# 8/12, d15 (English) and d43 (Chinese) GA resolution 51/66. Each pair below was decided by reading
# both texts whole. d44's reader takes its first three preambular paragraphs for masthead lines
# (header/6-8) and numbers the rest from 1; d17 is cut inside its seventh preambular paragraph, so
# d44's fifth and sixth (the 2008 Vienna Forum and thematic debate; the victims' exposure to
# racism) have no English counterpart. Masthead lines are never paired with masthead lines (the
# council's name, the resolution's number and title, "The Human Rights Council," stay unaligned).
GOLDEN_ALIGNMENT = {
    "act/hrc/resolution/8-12": {
        ("pp/1", "header/6"),  # reaffirms GA 61/144 and 61/180 and CHR decision 2004/110 of 19 April 2004
        ("pp/2", "header/7"),  # bearing in mind paragraph 6 of GA 60/251 of 15 March 2006
        ("pp/3", "header/8"),  # recalls HRC 5/1 and 5/2 of 18 June 2007; the mandate-holder's duties
        ("pp/4", "pp/1"),  # recalls the Universal Declaration and the two Covenants
        ("pp/5", "pp/2"),  # reaffirms the CRC and its Protocol, CEDAW and its Protocol
        ("pp/6", "pp/3"),  # recalls the 1949 Convention, the UNTOC, its Protocols, the TIP Protocol
        ("pp/7", "pp/4"),  # recalls the Millennium Declaration's resolve (the English text is cut)
    },
    "act/ga/resolution/51-66": {  # d43 has no masthead; both preambles start together
        ("pp/1", "pp/1"),  # reaffirms the Universal Declaration, CEDAW and the other instruments
        ("pp/2", "pp/2"),  # recalls the 1949 Convention; the Secretary-General's report
        ("pp/3", "pp/3"),  # recalls all previous resolutions on the traffic in women and girls
        ("pp/4", "pp/4"),  # the Vienna, Cairo, Copenhagen and Beijing conferences with their dates
        ("pp/5", "pp/5"),  # the work of intergovernmental and non-governmental organizations
    },
}
REAL_VERSIONS = ("d17.txt", "d44.txt", "d15.txt", "d43.txt")


def _keyed(links: Iterable[str], base: str) -> dict[str, set[tuple[str, str]]]:
    """{work path: {(English key, Chinese key)}} of N-Triples or N-Quads alignment lines."""
    out: dict[str, set[tuple[str, str]]] = {}
    for line in links:
        s, p, o = line.split(" ")[:3]
        if p == f"<{PAL.alignedWith}>" and "/en/" in s:
            work, en = s[1:-1].removeprefix(base).split("/en/")
            out.setdefault(work, set()).add((en, o[1:-1].removeprefix(base).split("/zh/")[1]))
    return out


def test_real_versions_build_to_the_golden_alignment(tmp_path: Path) -> None:
    folder = shared("samples-dev")
    result = build([folder / name for name in REAL_VERSIONS], tmp_path / "data", jobs=1)
    assert result.errors == []
    quads = (result.out / "graph.nq").read_text(encoding="utf-8").splitlines()
    aligned = [q for q in quads if q.endswith(f"<{DEFAULT_BASE}graph/alignment> .")]
    assert _keyed(aligned, DEFAULT_BASE) == GOLDEN_ALIGNMENT
    assert len(aligned) == 2 * sum(len(p) for p in GOLDEN_ALIGNMENT.values())  # both ways, nothing else


def _rows(*names: str) -> list[list[str]]:
    folder, minter, out = shared("samples-dev"), Minter(DEFAULT_BASE), []
    for name in names:
        doc = read(folder / name)
        built = document_graph(doc, extract_all(doc).facts, minter)
        out += alignment_rows(built, built.g.sorted())
    return out


def test_anchors_are_what_the_facts_state_in_no_language() -> None:
    rows = {(r[1].rsplit("/", 1)[1], r[3]): r for r in _rows("d17.txt", "d44.txt")}
    en, zh = rows["en", "pp/1"], rows["zh", "header/6"]
    acts = {f"<{DEFAULT_BASE}act/ga/resolution/61-144>", f"<{DEFAULT_BASE}act/ga/resolution/61-180>"}
    assert acts <= set(en[6:]) & set(zh[6:])
    assert '"2004-04-19"^^<http://www.w3.org/2001/XMLSchema#date>' in en[6:]
    for row in rows.values():  # never the version's own nodes, never a quote
        assert not [t for t in row[6:] if t.startswith(f"<{row[1]}/") or (t.startswith('"') and "^^" not in t)]


def _variants(rows: list[list[str]]) -> Iterator[tuple[str, list[list[str]], tuple[str, str, str] | None]]:
    """(what was done, the rows, (language, kept key, merged key) of a merge) for each block
    left out in turn (a paragraph the reader lost), either version cut before or after each of
    its blocks (shorter excerpts), and each two running blocks of a version run together."""
    for k, row in enumerate(rows):
        yield f"without {row[2]}", rows[:k] + rows[k + 1 :], None
    for language in ("en", "zh"):
        side = [r for r in rows if r[1].endswith("/" + language)]
        other = [r for r in rows if not r[1].endswith("/" + language)]
        for k in range(1, len(side)):
            yield f"{language} from {side[k][3]}", side[k:] + other, None
            yield f"{language} up to {side[k - 1][3]}", side[:k] + other, None
            x, y = side[k - 1], side[k]
            merged = [*x[:5], str(int(x[5]) + int(y[5])), *sorted(set(x[6:]) | set(y[6:]))]
            yield f"{x[2]} with {y[3]}", [*side[: k - 1], merged, *side[k + 1 :], *other], (language, x[3], y[3])


@pytest.mark.parametrize("names", [REAL_VERSIONS[:2], REAL_VERSIONS[2:]], ids=["d17-d44", "d15-d43"])
def test_versions_cut_or_merged_leave_pairs_unaligned_never_wrong(names: tuple[str, str]) -> None:
    """Every pair made from a changed version is one of the golden alignment (a merged block
    taking its first key may pair as either of its blocks did)."""
    rows = _rows(*names)
    ((work, golden),) = ((w, g) for w, g in GOLDEN_ALIGNMENT.items() if w in rows[0][0])
    assert _keyed(align_versions(rows), DEFAULT_BASE) == {work: golden}
    for done, variant, merge in _variants(rows):
        allowed = set(golden)
        if merge is not None:
            language, first, second = merge
            if language == "en":
                allowed |= {(first, z) for e, z in golden if e == second}
            else:
                allowed |= {(e, first) for e, z in golden if z == second}
        made = _keyed(align_versions(variant), DEFAULT_BASE).get(work, set())
        assert made <= allowed, done
