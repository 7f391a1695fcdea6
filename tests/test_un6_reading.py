"""Reading French, Spanish, Russian and Arabic texts (issue 29): the tricky forms, each on a short
snippet written for the test (not copied from ../shared/samples-un6), one row per language where
the form exists in it."""

from __future__ import annotations

import pytest
from palermo.extract import citations
from palermo.extract.context import Context

from palermo import lang as langs
from palermo.models import CitationFact
from palermo.reader import parse

# A session's report whose masthead, title and contents a mirror flattened onto one line: the contents
# word and its column heads, entries closed by leaders (two dots before a page number count) and page
# numbers, a heading after the last entry. The acts the contents list are that session's.
FLATTENED = [
    (
        "fr",
        "Nations Unies CTOC/COP/2030/41 Conférence des Parties Distr. générale 3 mars 2030 Original : anglais "
        "Rapport de la Conférence des Parties sur les travaux de sa douzième session Table des matières Page "
        "I. Résolutions et décisions adoptées ........ 3 A. Résolutions ..... 3 12/1. Examen du budget "
        "........ 4 B. Décisions ..... 6 12/1. Lieu de la treizième session .. 6 12/2. Ordre du jour .. 7 "
        "II. Ouverture de la session",
        "douzième session",
        [("COP", "resolution", "12/1"), ("COP", "decision", "12/1"), ("COP", "decision", "12/2")],
    ),
    (
        "es",
        "Naciones Unidas CTOC/COP/2030/41 Distr. general 3 de marzo de 2030 Original: inglés Informe de la "
        "Conferencia de las Partes sobre su duodécimo período de sesiones Índice Párrafos Página "
        "I. Decisiones adoptadas por la Conferencia ........ 1 3 12/1. Examen del presupuesto ....... 4 "
        "12/2. Lugar del próximo período de sesiones ...... 2-3 5 II. Introducción",
        "duodécimo período de sesiones",
        [("COP", "decision", "12/1"), ("COP", "decision", "12/2")],
    ),
    (
        "ru",
        "Организация Объединенных Наций CTOC/COP/2030/41 Distr.: General 3 March 2030 Original: English "
        "Доклад Конференции участников о работе ее двенадцатой сессии Содержание Глава Стр. "
        "I. Решения, принятые Конференцией ........ 5 12/1. Рассмотрение бюджета ....... 6 "
        "12/2. Место проведения следующей сессии ........ 7 II. Введение",
        "двенадцатой сессии",
        [("COP", "decision", "12/1"), ("COP", "decision", "12/2")],
    ),
]


@pytest.mark.parametrize(("code", "text", "title_end", "acts"), FLATTENED, ids=[c[0] for c in FLATTENED])
def test_a_flattened_contents_list_is_cut_into_its_entries(
    code: str, text: str, title_end: str, acts: list[tuple[str, ...]]
) -> None:
    doc = parse(text + "\n", "t.txt")
    assert doc.language == code
    assert [b.text[-len(title_end) :] for b in doc.blocks if b.kind == "header"] == [title_end]
    entries = [b.text for b in doc.blocks if b.kind == "toc"]
    assert entries[0].startswith("I. ") and all(e[-1].isdigit() for e in entries)
    assert [b.kind for b in doc.blocks][-1] == "heading"  # "II. …" after the last entry: the body
    listed = [
        (f.act.body, f.act.kind, f.act.number)
        for f in citations.extract(Context(doc))
        if isinstance(f, CitationFact) and f.act is not None
    ]
    assert listed == acts


@pytest.mark.parametrize(
    "text",
    [
        # the word in running text, with an ellipsis after it: not a contents list
        "Nations Unies\n\nLe Groupe a examiné la table des matières du rapport ... et l'a approuvée ... sans débat.\n",
        "Организация Объединенных Наций\n\nСодержание доклада ... было одобрено ... Группой.\n",
    ],
)
def test_the_contents_word_in_running_text_is_no_contents_list(text: str) -> None:
    assert not [b for b in parse(text, "t.txt").blocks if b.kind == "toc"]


@pytest.mark.parametrize(
    ("code", "token", "n"),
    [
        ("es", "undécimo", 11),  # the UN's 11th and 12th, where num2words says "décimo primero"
        ("es", "duodécima", 12),
        ("es", "decimotercer", 13),  # a compound in one word, its first part unaccented
        ("es", "vigesimoprimer", 21),
        ("es", "décimo tercer", 13),
        ("es", "quincuagésimo séptimo", 57),
    ],
)
def test_ordinals_in_every_spelling(code: str, token: str, n: int) -> None:
    assert langs.load(code).number(token) == n


# Acts as Arabic cites them: an old General Assembly resolution's session with the letter د ("الدورة")
# and an Arabic figure, read as the Roman numeral of its symbol; a dual ("قراريها") naming its second act
# past the first one's date; spaces round the slash.
ARABIC_ACTS = [
    (
        "وإذ تشير إلى قرارها 317 (د - 4) المؤرخ 2 كانون الأول/ديسمبر 1949،",
        [("GA", "resolution", "317 (IV)", "1949-12-02")],
    ),
    ("وإذ تشير إلى قرارها 2200 ألف (د-21)،", []),  # a lettered resolution the table does not read: nothing wrong
    (
        "إذ تشير إلى قراريها 55 / 25 المؤرخ 15 تشرين الثاني/نوفمبر 2000 و 55 / 255 المؤرخ 31 أيار/مايو 2001،",
        [("GA", "resolution", "55/25", "2000-11-15"), ("GA", "resolution", "55/255", "2001-05-31")],
    ),
]


@pytest.mark.parametrize(("sentence", "acts"), ARABIC_ACTS)
def test_arabic_acts(sentence: str, acts: list[tuple[str, ...]]) -> None:
    doc = parse("إن الجمعية العامة،\n\n" + sentence + "\n", "t.txt")
    found = [
        (f.act.body, f.act.kind, f.act.number, f.act_date)
        for f in citations.extract(Context(doc))
        if isinstance(f, CitationFact) and f.act is not None
    ]
    assert found == acts
