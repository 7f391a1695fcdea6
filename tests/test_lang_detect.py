"""Language detection for the six official languages, and the tricky forms each new table must read:
session ordinals in every gender and case, dates, figures with case endings, Roman numerals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from palermo import dates
from palermo import lang as langs
from palermo.text import clean_lines

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rapport de la Conférence des Parties sur les travaux de sa neuvième session", "fr"),
        ("Informe de la Conferencia de las Partes sobre su primer período de sesiones", "es"),
        ("Report of the Conference of the Parties on its ninth session", "en"),
        ("Доклад Конференции участников о работе ее четвертой сессии", "ru"),
        # a Russian or Arabic masthead keeps its English lines: the text under it decides
        (
            "Distr.: General 1 December 2008 Russian Original: English Доклад Конференции участников "
            "Конвенции Организации Объединенных Наций против транснациональной организованной преступности",
            "ru",
        ),
        (
            "Distr.: General 17 July 2014 Arabic Original: English مجلس حقوق الإنسان الدورة السادسة والعشرون "
            "البند 3 من جدول الأعمال قرار اعتمده مجلس حقوق الإنسان",
            "ar",
        ),
        ("贩运人口问题工作组的会议报告", "zh"),
        ("CTOC/COP/WG.4/2021/4 贩运人口问题工作组", "zh"),
        # a symbol and a place alone say nothing: English, the default
        ("CTOC/COP/2018/13 Vienna", "en"),
        ("", "en"),
        # French and Spanish share "de", "la", "que": the words only one of them uses decide
        ("La Conferencia de las Partes y el Grupo de Trabajo", "es"),
        ("La Conférence des Parties et le Groupe de travail", "fr"),
    ],
)
def test_detect(text: str, expected: str) -> None:
    assert langs.detect(text) == expected


@pytest.mark.parametrize(
    ("code", "token", "number"),
    [
        ("fr", "neuvième", 9),
        ("fr", "Soixante-seizième", 76),
        ("fr", "VINGT-SIXIÈME", 26),
        ("fr", "première", 1),
        ("fr", "14ème", 14),
        ("fr", "1 er", 1),
        ("es", "primer", 1),
        ("es", "Quincuagésimo séptimo", 57),
        ("es", "quinta", 5),
        ("es", "53 er", 53),
        ("es", "IX", 9),
        ("ru", "четвертой", 4),
        ("ru", "четвёртая", 4),
        ("ru", "пятой", 5),
        ("ru", "Сорок четвертая", 44),
        ("ru", "74-й", 74),
        ("ru", "7847-м", 7847),
        ("ar", "السادسة والعشرون", 26),
        ("ar", "الحادية عشرة", 11),
        ("ar", "الخامسة", 5),
        ("ar", "العاشر", 10),
        ("en", "fifty-first", 51),
        ("fr", "quatorzième-", None),
        ("ru", "74-xyz", None),
    ],
)
def test_ordinals(code: str, token: str, number: int | None) -> None:
    assert langs.load(code).number(token) == number


@pytest.mark.parametrize(
    ("code", "text", "start", "end"),
    [
        ("fr", "Distr. générale 1 er novembre 2018", "2018-11-01", None),
        ("fr", "Vienne, 27-29 janvier 2010", "2010-01-27", "2010-01-29"),
        ("fr", "du 15 au 19 octobre 2018", "2018-10-15", "2018-10-19"),
        ("es", "Viena, 28 de junio a 8 de julio de 2004", "2004-06-28", "2004-07-08"),
        ("es", "del 28 de junio al 8 de julio de 2004", "2004-06-28", "2004-07-08"),
        ("es", "23 de septiembre de 2004", "2004-09-23", None),
        ("ru", "8-17 октября 2008 года", "2008-10-08", "2008-10-17"),
        ("ru", "30 июня — 17 июля 2020 года", "2020-06-30", "2020-07-17"),
        ("ru", "30 мая – 1 июня 2012 года", "2012-05-30", "2012-06-01"),
        ("ru", "1 December 2008", "2008-12-01", None),
        ("ar", "21 كانون الأول/ديسمبر 1995", "1995-12-21", None),
        ("ar", "9 يوليوز 2024", "2024-07-09", None),
        ("ar", "17 July 2014", "2014-07-17", None),
    ],
)
def test_dates(code: str, text: str, start: str, end: str | None) -> None:
    lang = langs.load(code)
    m = lang.pattern("daterange").search(text)
    assert m is not None
    assert dates.range_of(lang, m) == (start, end)


@pytest.mark.parametrize(
    ("code", "text", "unit", "ords"),
    [
        ("fr", "sur les travaux de sa neuvième session", "session", "neuvième"),
        ("fr", "la 14ème session de la réunion", "session", "14ème"),
        ("es", "Quincuagésimo séptimo período de sesiones", "período de sesiones", "Quincuagésimo séptimo"),
        ("es", "el IX período de sesiones", "período de sesiones", "IX"),
        ("ru", "в рамках пятой сессии Конференции", "сессии", "пятой"),
        ("ar", "في دورته الحادية عشرة", "دورته", "الحادية عشرة"),
        ("ar", "الدورة السادسة والعشرون", "الدورة", "السادسة والعشرون"),
    ],
)
def test_meeting_ordinals(code: str, text: str, unit: str, ords: str) -> None:
    m = langs.load(code).pattern("meeting-ordinals").search(text)
    assert m is not None
    assert (m.group("unit"), m.group("ords")) == (unit, ords)


def test_arabic_marks_and_digits_are_normalised() -> None:
    """Vowel marks, tatweel and direction marks go; Arabic-Indic digits become ASCII; every clean
    character still points at its original."""
    text = "إتفاقيَّة الجريمةـ \u200fA/HRC/26/8\u200f ٢٠١٤"
    line = clean_lines(text)[0]
    assert line.text == "إتفاقية الجريمة A/HRC/26/8 2014"
    assert [text[i] for i in line.offsets] == list(line.text.replace("2014", "٢٠١٤"))


def test_generated_rows_are_current() -> None:
    """The month and ordinal rows are what CLDR and num2words give (regenerate, never hand-edit)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "ontology" / "generate_lang_rows.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
