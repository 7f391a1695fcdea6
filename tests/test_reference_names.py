"""Names of bodies, instruments, articles, organizations (and the UN's short names of countries) in
Arabic, French, Russian and Spanish: ontology/body-names.csv, instrument-names.csv, article-titles.csv,
organization-names.csv, country-names-un.csv. Each table is checked against its base table, each name
against its language's script, and the names against the real texts of ../shared/samples-un6."""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest
from conftest import shared
from rdflib import SKOS, Graph, Literal, URIRef

from palermo.iri import ELI, Minter

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
LANGS = ("ar", "es", "fr", "ru")
NAME_PREFIXES = ("name", "title", "short", "alt", "acronym", "cases")

# table → (its key columns, the base table and the base's key columns)
TABLES = {
    "body-names": (("code",), "bodies", ("code",)),
    "instrument-names": (("code",), "instruments", ("code",)),
    "organization-names": (("key",), "organizations", ("key",)),
    "article-titles": (("instrument", "number"), "articles", ("instrument", "number")),
    "country-names-un": (("iso3",), "countries", ("iso3",)),
}

# A language's letters: its own script only (digits, spaces and punctuation are free).
SCRIPT = {
    "ar": re.compile(r"[\u0600-\u06FF]"),
    "ru": re.compile(r"[А-Яа-яЁё]"),
    "es": re.compile(r"[A-Za-zÀ-ÿ]"),
    "fr": re.compile(r"[A-Za-zÀ-ÿŒœ]"),
}


def _rows(name: str) -> list[dict[str, str]]:
    with (ONTOLOGY / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _language(column: str) -> str | None:
    prefix, _, lang = column.rpartition("_")
    return lang if prefix in NAME_PREFIXES and lang in LANGS else None


def _names(row: dict[str, str], lang: str, prefixes: tuple[str, ...] = NAME_PREFIXES) -> list[str]:
    """Every name of a row in one language (all its columns, "|"-separated variants split)."""
    return [n for p in prefixes for n in (row.get(f"{p}_{lang}") or "").split("|") if n]


def _key(row: dict[str, str], columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(row[c] for c in columns)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_key_is_in_its_base_table(table: str) -> None:
    own, base, base_cols = TABLES[table]
    known = {_key(r, base_cols) for r in _rows(base)}
    keys = [_key(r, own) for r in _rows(table)]
    assert keys, table
    assert len(keys) == len(set(keys)), f"{table}: a key twice"
    assert not [k for k in keys if k not in known], table


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_name_is_written_in_its_language_script(table: str) -> None:
    """Arabic names in Arabic letters, Russian in Cyrillic, French and Spanish in Latin; no stray other script."""
    wrong = []
    for row in _rows(table):
        for column, value in row.items():
            lang = _language(column)
            if lang is None or not value:
                continue
            for name in value.split("|"):
                letters = [c for c in name if c.isalpha()]
                if not letters or any(not SCRIPT[lang].match(c) for c in letters):
                    wrong.append((column, name))
    assert not wrong, wrong[:5]


# Article titles are left out: they repeat across instruments by design ("Entry into force" in each).
@pytest.mark.parametrize("table", sorted(set(TABLES) - {"article-titles"}))
def test_no_name_shared_by_two_keys(table: str) -> None:
    """Within one language a name says which thing it is: two keys never claim the same name."""
    own = TABLES[table][0]
    for lang in LANGS:
        owners: dict[str, set[tuple[str, ...]]] = {}
        for row in _rows(table):
            for name in _names(row, lang):
                owners.setdefault(name.casefold(), set()).add(_key(row, own))
        assert not {n: o for n, o in owners.items() if len(o) > 1}, lang


@pytest.mark.parametrize("table", ["body-names", "instrument-names", "organization-names", "article-titles"])
def test_no_empty_rows(table: str) -> None:
    """A row is there for a name: one with no name in any of the four languages says nothing."""
    assert not [r for r in _rows(table) if not any(_names(r, lang) for lang in LANGS)]


def test_convention_and_trafficking_protocol_titles_complete_in_french_and_spanish() -> None:
    """Every article of UNTOC and the Trafficking Protocol that has an English title has its French and
    Spanish title (the other languages and instruments are filled where known, left empty otherwise)."""
    articles = _rows("articles")
    titled = {(r["instrument"], r["number"]) for r in articles if r["title_en"] and r["instrument"] in ("UNTOC", "TIP")}
    got = {(r["instrument"], r["number"]): r for r in _rows("article-titles")}
    missing = [(k, lang) for k in titled for lang in ("es", "fr") if not (got.get(k) or {}).get(f"title_{lang}")]
    assert not missing, missing[:5]


KNOWN = [
    ("instrument-names", "TIP", "fr", "Protocole relatif à la traite des personnes"),
    ("instrument-names", "TIP", "es", "Protocolo contra la trata de personas"),
    ("instrument-names", "TIP", "ru", "Протокол о торговле людьми"),
    ("instrument-names", "TIP", "ar", "بروتوكول الاتجار بالأشخاص"),
    ("instrument-names", "TIP", "ru", "Протокола о торговле людьми"),  # a generated case form
    ("instrument-names", "UNTOC", "es", "Convención de Palermo"),
    ("instrument-names", "SOM", "fr", "Protocole relatif au trafic illicite de migrants"),
    ("instrument-names", "COP-ROP", "ru", "правил процедуры"),
    ("organization-names", "unodc", "fr", "ONUDC"),
    ("organization-names", "unodc", "fr", "Office des Nations Unies contre la drogue et le crime"),
    ("organization-names", "unodc", "es", "Oficina de las Naciones Unidas contra la Droga y el Delito"),
    ("organization-names", "unodc", "ru", "УНП ООН"),
    ("organization-names", "unodc", "ru", "Управлением Организации Объединенных Наций по наркотикам и преступности"),
    ("organization-names", "unodc", "ar", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة"),
    ("organization-names", "ohchr", "fr", "HCDH"),
    ("organization-names", "unhcr", "es", "ACNUR"),
    ("organization-names", "iom", "ru", "Международной организации по миграции"),
    ("body-names", "COP", "ru", "Конференцией участников"),
    ("body-names", "WG-TIP", "ar", "الفريق العامل المعني بالاتجار بالأشخاص"),
    ("body-names", "WG-SOM", "ru", "Рабочей группы по незаконному ввозу мигрантов"),
    ("body-names", "ECOSOC", "ru", "Экономический и Социальный Совет"),
    ("body-names", "HRC", "fr", "Conseil des droits de l'homme"),  # both apostrophes
]


@pytest.mark.parametrize(("table", "key", "lang", "name"), KNOWN)
def test_known_names(table: str, key: str, lang: str, name: str) -> None:
    own = TABLES[table][0]
    row = next(r for r in _rows(table) if _key(r, own) == (key,))
    assert name in _names(row, lang)


# (instrument, article, language): its official title
ARTICLE_TITLES = {
    ("UNTOC", "32", "fr"): "Conférence des Parties à la Convention",
    ("UNTOC", "32", "es"): "Conferencia de las Partes en la Convención",
    ("UNTOC", "32", "ru"): "Конференция участников Конвенции",
    ("UNTOC", "32", "ar"): "مؤتمر الأطراف في الاتفاقية",
    ("TIP", "5", "fr"): "Incrimination",
    ("TIP", "6", "es"): "Asistencia y protección a las víctimas de la trata de personas",
    ("TIP", "14", "ru"): "Исключающее положение",
    ("UNTOC", "18", "fr"): "Entraide judiciaire",
}


@pytest.mark.parametrize(("instrument", "number", "lang", "title"), [(*k, v) for k, v in ARTICLE_TITLES.items()])
def test_known_article_titles(instrument: str, number: str, lang: str, title: str) -> None:
    row = next(r for r in _rows("article-titles") if (r["instrument"], r["number"]) == (instrument, number))
    assert row[f"title_{lang}"] == title


@pytest.mark.parametrize(
    ("lang", "name", "iso3"),
    [
        ("fr", "Bolivie (État plurinational de)", "BOL"),
        ("fr", "Venezuela (République bolivarienne du)", "VEN"),
        ("fr", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "GBR"),
        ("fr", "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord", "GBR"),
        ("fr", "Fédération de Russie", "RUS"),
        ("es", "Reino Unido de Gran Bretaña e Irlanda del Norte", "GBR"),
        ("es", "Estados Unidos de América", "USA"),
        ("es", "República de Corea", "KOR"),
        ("ru", "Российской Федерации", "RUS"),  # a UN name in another case
        ("ru", "Республики Молдова", "MDA"),  # the UN declines the head only
        ("ar", "الاتحاد الروسي", "RUS"),
        ("fr", "Bolivie", "BOL"),  # CLDR's name stays
    ],
)
def test_un_country_names_are_other_forms(lang: str, name: str, iso3: str) -> None:
    from palermo import reference

    assert reference.country_names(lang).get(name.casefold()) == iso3


def test_cases_column_is_current() -> None:
    """cases_ru is what pymorphy3 gives now from the Russian names (regenerate, never hand-edit)."""
    done = subprocess.run(
        [sys.executable, str(ONTOLOGY / "generate_name_cases.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_name_cases", ONTOLOGY / "generate_name_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "form", "absent"),
    [
        ("Рабочая группа по торговле людьми", "Рабочей группой по торговле людьми", "Рабочей группой по торговлей"),
        (
            "Экономический и Социальный Совет",
            "Экономическим и Социальным Советом",
            "Экономического и Социального Совет",
        ),
        ("Генеральная Ассамблея", "Генеральную Ассамблею", "Генеральный Ассамблею"),
        ("Совет Безопасности", "Совета Безопасности", "Совета Безопасностей"),
        (
            "Протокол о торговле людьми, дополняющий Конвенцию",
            "Протокола о торговле людьми, дополняющего Конвенцию",
            "Протокола о торговле людьми, дополняющий Конвенцию",
        ),
        (
            "Боливия (Многонациональное Государство)",
            "Боливии (Многонациональное Государство)",
            "Боливии (многонационального Государство)",
        ),
        (
            "Лаосская Народно-Демократическая Республика",
            "Лаосской Народно-Демократической Республики",
            "Лаосской Народно-демократической Республики",
        ),
        (
            "Специальный докладчик по вопросу о правах человека мигрантов",
            "Специальному докладчику по вопросу о правах человека мигрантов",
            "Специальный докладчика",
        ),
    ],
)
def test_russian_case_forms(name: str, form: str, absent: str) -> None:
    gen = _generator()
    forms = gen.case_forms(name, gen.pymorphy3.MorphAnalyzer())
    assert form in forms
    assert absent not in forms


@pytest.mark.parametrize("name", ["УНП ООН", "Бюро по демократическим институтам", "Совета Европы"])
def test_no_case_forms_for_what_does_not_decline(name: str) -> None:
    """Acronyms, indeclinable heads and names already in another case give no forms (no invented ones)."""
    gen = _generator()
    assert gen.case_forms(name, gen.pymorphy3.MorphAnalyzer()) == []


# ---- the names against the real texts -----------------------------------------------------------

ARABIC_MARKS = re.compile(r"[\u064B-\u0652\u0670\u0640]")  # vowel marks, shadda, dagger alif, tatweel


def _normal(text: str) -> str:
    """What matching ignores: case, runs of space and line breaks, Arabic vowel marks, tatweel and hamza
    seats on alif, ё/е; the curly apostrophe is a straight one."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("ё", "е").replace("Ё", "Е")
    text = ARABIC_MARKS.sub("", text)
    text = re.sub("[أإآ]", "ا", text)
    return re.sub(r"\s+", " ", text).casefold()


def _sample(name: str) -> tuple[str, str]:
    """(language, normalised text) of one samples-un6 file."""
    path = shared("samples-un6") / name
    return name[:2], _normal(path.read_text(encoding="utf-8"))


# (file, table, key, columns the form must come from): the samples print these bodies' and
# instruments' names in full, read by hand; a truncated or damaged mention is not listed.
IN_SAMPLES = [
    ("fr01.txt", "body-names", "COP", ("name",)),
    ("fr01.txt", "instrument-names", "FIREARMS", ("title",)),
    ("fr01.txt", "instrument-names", "UNTOC", ("title",)),
    ("fr02.txt", "body-names", "WG-TIP", ("name",)),
    ("fr02.txt", "instrument-names", "TIP", ("short", "alt")),
    ("fr03.txt", "body-names", "HRC", ("name",)),
    ("fr03.txt", "instrument-names", "TIP", ("alt",)),
    ("fr03.txt", "organization-names", "sr-tip", ("name",)),
    ("fr05.txt", "organization-names", "sr-tip", ("alt",)),
    ("fr05.txt", "body-names", "GA", ("name",)),
    ("fr07.txt", "body-names", "COP", ("short",)),  # "Conférence des Parties (CP) à la Convention …"
    ("fr07.txt", "body-names", "WG-TIP", ("name",)),
    ("fr07.txt", "body-names", "WG-SOM", ("name",)),
    ("fr07.txt", "instrument-names", "UNTOC", ("short",)),
    ("fr08.txt", "body-names", "WG-TIP", ("alt",)),
    ("fr08.txt", "instrument-names", "TIP", ("alt",)),
    ("es01.txt", "body-names", "COP", ("name",)),
    ("es01.txt", "instrument-names", "TIP", ("title",)),
    ("es01.txt", "instrument-names", "SOM", ("title",)),
    ("es02.txt", "body-names", "WG-TIP", ("name",)),
    ("es02.txt", "instrument-names", "TIP", ("title",)),
    ("es02.txt", "instrument-names", "TIP", ("short",)),
    ("es02.txt", "instrument-names", "UNTOC", ("short",)),
    ("es03.txt", "body-names", "HRC", ("name",)),
    ("es05.txt", "body-names", "GA", ("name",)),
    ("es07.txt", "body-names", "COP", ("name",)),
    ("es07.txt", "instrument-names", "UNTOC", ("title",)),
    ("es07.txt", "instrument-names", "UNTOC", ("alt",)),
    ("ru01.txt", "body-names", "COP", ("name",)),
    ("ru01.txt", "instrument-names", "UNTOC", ("cases",)),
    ("ru02.txt", "body-names", "WG-TIP", ("name",)),
    ("ru02.txt", "instrument-names", "TIP", ("cases",)),
    ("ru03.txt", "body-names", "WG-SOM", ("cases",)),
    ("ru03.txt", "instrument-names", "SOM", ("cases",)),
    ("ru03.txt", "instrument-names", "COP-ROP", ("cases",)),
    ("ru05.txt", "body-names", "SC", ("name",)),
    ("ru05.txt", "instrument-names", "UNTOC", ("cases",)),
    ("ru07.txt", "body-names", "COP", ("name",)),
    ("ru07.txt", "instrument-names", "TIP", ("cases",)),
    ("ru08.txt", "body-names", "GA", ("cases",)),
    ("ar01.txt", "body-names", "HRC", ("name",)),
    ("ar01.txt", "instrument-names", "UNTOC", ("title",)),
    ("ar03.txt", "body-names", "GA", ("name",)),
    ("ar03.txt", "body-names", "ECOSOC", ("name",)),
    ("ar03.txt", "body-names", "CCPCJ", ("name",)),
    ("ar04.txt", "body-names", "COP", ("name",)),
    ("ar06.txt", "body-names", "COP", ("alt",)),
    ("ar06.txt", "instrument-names", "UNTOC", ("alt",)),
    ("ar06.txt", "organization-names", "unodc", ("name",)),
    ("ar08.txt", "body-names", "SC", ("name",)),
]


@pytest.mark.parametrize(("file", "table", "key", "columns"), IN_SAMPLES)
def test_names_occur_in_samples(file: str, table: str, key: str, columns: tuple[str, ...]) -> None:
    lang, text = _sample(file)
    own = TABLES[table][0]
    row = next(r for r in _rows(table) if _key(r, own) == (key,))
    names = _names(row, lang, columns)
    assert names, (table, key, lang, columns)
    assert any(_normal(n) in text for n in names), (file, key, names)


# Where the index names a body but the text does not print it whole: PDF damage drops every accented
# letter ("COMISIN DE PREVENCIN"), the Arabic text layer is scrambled.
UNREADABLE = {"es08.txt", "ar02.txt"}


def test_every_body_of_the_index_is_named_in_its_text() -> None:
    """Each sample's body (index.tsv) is found by one of its names in that language, in some case."""
    folder = shared("samples-un6")
    bodies = {r["code"]: r for r in _rows("body-names")}
    with (folder / "index.tsv").open(encoding="utf-8", newline="") as fh:
        index = list(csv.DictReader(fh, delimiter="\t"))
    missed: list[tuple[str, str]] = []
    checked = 0
    for entry in index:
        row = bodies.get(entry["body"])
        if row is None or entry["file"] in UNREADABLE:
            continue
        checked += 1
        lang, text = _sample(entry["file"])
        if not any(_normal(n) in text for n in _names(row, lang)):
            missed.append((entry["file"], entry["body"]))
    assert checked >= 18
    assert not missed, missed


SIX = {"ar", "en", "es", "fr", "ru", "zh"}


@pytest.fixture(scope="module")
def reference_graph() -> Graph:
    from palermo.graph.build import reference_graph as build

    return Graph().parse(data="\n".join(build(Minter()).sorted()), format="nt")


@pytest.mark.parametrize(
    ("path", "prop"),
    [
        ("country/fra", SKOS.prefLabel),
        ("body/cop", SKOS.prefLabel),
        ("body/wg-tip", SKOS.prefLabel),
        ("instrument/tip", SKOS.prefLabel),
        ("instrument/tip", ELI.title),
        ("instrument/untoc", ELI.title),
        ("instrument/tip/art/5", SKOS.prefLabel),
        ("instrument/untoc/art/34", SKOS.prefLabel),
        ("org/unodc", SKOS.prefLabel),
    ],
)
def test_reference_graph_names_things_in_the_six_languages(reference_graph: Graph, path: str, prop: URIRef) -> None:
    """The tables reach the graph: one prefLabel (or title) per language, in each of the six."""
    node = URIRef(Minter().base + path)
    found = [o.language for o in reference_graph.objects(node, prop) if isinstance(o, Literal)]
    assert sorted(found) == sorted(SIX), (path, found)


def test_russian_case_forms_are_alternative_labels(reference_graph: Graph) -> None:
    """A Russian name in another case is a variant (altLabel), never a second preferred name."""
    node = URIRef(Minter().base + "body/wg-tip")
    alts = {str(o) for o in reference_graph.objects(node, SKOS.altLabel) if getattr(o, "language", None) == "ru"}
    assert "Рабочей группы по торговле людьми" in alts
