"""Write ontology/country-names.csv: every country of ontology/countries.csv named in Arabic, French,
Russian and Spanish, from CLDR (Babel), with the forms the texts print besides: Russian names in
every case (pymorphy3: "Беларусью", "Россию"; ё written е), hyphenated names also with a space
("Pays Bas"). English and Chinese stay in countries.csv, which follows the UN's own short names.
Where the UN's official short name differs from CLDR's ("Bolivie (État plurinational de)", "Federación
de Rusia", "Российская Федерация"), country-names-un.csv (written by hand) gives it; it is added as
another form, with its own variants. Its acronym columns hold the abbreviations UN texts print for a
few countries ("США", "EE.UU.", "EAU", "RDC"), added as they are: they are not declined.

Run from the repository: `python ontology/generate_country_names.py`; `--check` exits 1 when the
file differs from what the libraries give now (the test suite runs it).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

import pymorphy3
from babel import Locale
from generate_name_cases import case_forms

HERE = Path(__file__).resolve().parent
OUT = HERE / "country-names.csv"
UN_NAMES = HERE / "country-names-un.csv"
LANGS = ("ar", "es", "fr", "ru")
RU_CASES = ("gent", "datv", "accs", "ablt", "loct")
HYPHEN = re.compile(r"(?<=\w)-(?=\w)")  # a hyphen inside a word, not the UN's Arabic " - "


def _iso2_codes() -> list[tuple[str, str]]:
    with (HERE / "countries.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["iso3"], r["iso2"]) for r in csv.DictReader(fh)]


def _un_names() -> dict[tuple[str, str], str]:
    """{(iso3, language): the UN's official short name} where it differs from CLDR's."""
    with UN_NAMES.open(encoding="utf-8", newline="") as fh:
        return {(r["iso3"], c): r[f"name_{c}"] for r in csv.DictReader(fh) for c in LANGS if r[f"name_{c}"]}


def _acronyms() -> dict[tuple[str, str], list[str]]:
    """{(iso3, language): the abbreviations UN texts print} ("США", "EE.UU."; "|"-separated)."""
    with UN_NAMES.open(encoding="utf-8", newline="") as fh:
        return {
            (r["iso3"], c): r[f"acronym_{c}"].split("|")
            for r in csv.DictReader(fh)
            for c in LANGS
            if r.get(f"acronym_{c}")
        }


def _capitals_like(word: str, new: str) -> str:
    """`new` with the capitals of `word`'s hyphenated parts ("Гвинея-Бисау" → "Гвинеи-Бисау")."""
    old_parts, new_parts = word.split("-"), new.split("-")
    if len(old_parts) != len(new_parts):
        return new[:1].upper() + new[1:] if word[:1].isupper() else new
    return "-".join(n[:1].upper() + n[1:] if o[:1].isupper() else n for o, n in zip(old_parts, new_parts, strict=True))


def _russian_cases(name: str, morph: pymorphy3.MorphAnalyzer) -> list[str]:
    """The name in each case, word by word: the words in the nominative agree, the rest stay."""
    words = name.split(" ")
    parses = [next((p for p in morph.parse(w) if "nomn" in p.tag), None) for w in words]
    out = []
    for case in RU_CASES:
        form = []
        for word, parse in zip(words, parses, strict=True):
            inflected = parse.inflect({case}) if parse is not None and "Fixd" not in parse.tag else None
            new = inflected.word if inflected is not None else word
            form.append(_capitals_like(word, new))
        out.append(" ".join(form))
    return out


def _variants(code: str, name: str, morph: pymorphy3.MorphAnalyzer, head_only: bool = False) -> list[str]:
    """A name's forms. A UN name (`head_only`) declines its head alone, the rest keeps its own case
    ("Боливии (Многонациональное Государство)", "Соединенного Королевства Великобритании …")."""
    forms = [name]
    if code == "ru":
        forms += case_forms(name, morph) if head_only else _russian_cases(name, morph)
        forms += [f.replace("ё", "е").replace("Ё", "Е") for f in forms]
    forms += [HYPHEN.sub(" ", f) for f in forms if HYPHEN.search(f)]
    forms += [f.replace("’", "'") for f in forms if "’" in f]
    return list(dict.fromkeys(forms))


def table() -> str:
    """The CSV text: iso3, then the preferred name and "|"-separated other forms per language; a form
    two countries would share is left out (it could not say which one a text means)."""
    morph = pymorphy3.MorphAnalyzer()
    codes = _iso2_codes()
    names = {code: Locale.parse(code).territories for code in LANGS}
    un = _un_names()
    acronyms = _acronyms()
    forms = {}
    for iso3, iso2 in codes:
        for code in LANGS:
            found = _variants(code, names[code][iso2], morph)
            if (iso3, code) in un:
                found += _variants(code, un[(iso3, code)], morph, head_only=True)
            found += acronyms.get((iso3, code), [])
            forms[(iso3, code)] = list(dict.fromkeys(found))
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (iso3, code), found in forms.items():
        for form in found:
            owners[(code, form.casefold())].add(iso3)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["iso3", *(f"name_{c}" for c in LANGS), *(f"alt_{c}" for c in LANGS)])
    for iso3, _ in codes:
        alts = []
        for code in LANGS:
            rest = forms[(iso3, code)][1:]
            alts.append("|".join(f for f in rest if owners[(code, f.casefold())] == {iso3}))
        writer.writerow([iso3, *(forms[(iso3, c)][0] for c in LANGS), *alts])
    return buf.getvalue()


def main(argv: list[str]) -> int:
    text = table()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.name} is out of date (run python ontology/generate_country_names.py)")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
