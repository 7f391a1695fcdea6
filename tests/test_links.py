"""Links between documents: quoted recommendations found in the report that adopted them."""

from __future__ import annotations

import pytest
from palermo.graph.links import PROV, link_quotations

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
