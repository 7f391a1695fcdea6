"""Fill the `cases_ru` column of the hand-written name tables (body-names.csv, instrument-names.csv,
organization-names.csv): every Russian name of a row in the other five cases, from pymorphy3, because
Russian texts decline names ("Конференцией участников", "Протокола о торговле людьми, дополняющего
Конвенцию", "Управлению ООН") and typing the forms by hand would drift from the names.

Only the phrase's head agrees: the leading adjectives and the first noun ("Рабочая группа",
"Экономический и Социальный Совет") and a later adjective or participle in the head's gender and number
("…, дополняющий Конвенцию"); the rest is already in its own case ("Совет Безопасности"). ё is also
written е, as the texts do.

Run from the repository: `python ontology/generate_name_cases.py`; `--check` exits 1 when a table's
`cases_ru` differs from what pymorphy3 gives now (the test suite runs it).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pymorphy3

HERE = Path(__file__).resolve().parent
TABLES = ("body-names", "instrument-names", "organization-names")
NAME_COLUMNS = ("name_ru", "title_ru", "short_ru", "alt_ru")
CASES = ("gent", "datv", "accs", "ablt", "loct")
AGREEING = {"ADJF", "PRTF"}


def _nominative(word: str, morph: pymorphy3.MorphAnalyzer) -> pymorphy3.analyzer.Parse | None:
    return next((p for p in morph.parse(word) if "nomn" in p.tag and "Fixd" not in p.tag), None)


def _agrees(parse: pymorphy3.analyzer.Parse, head: pymorphy3.analyzer.Parse) -> bool:
    return (
        parse.tag.POS in AGREEING
        and parse.tag.number == head.tag.number
        and (parse.tag.number == "plur" or parse.tag.gender == head.tag.gender)
    )


def _declined(name: str, morph: pymorphy3.MorphAnalyzer) -> list[tuple[int, pymorphy3.analyzer.Parse]]:
    """The words of `name` that change with its case (index, nominative parse); empty when its first
    words are no nominative noun phrase (an acronym, a name already in another case)."""
    words = name.split(" ")
    lead: list[tuple[int, pymorphy3.analyzer.Parse]] = []
    head = None
    for i, word in enumerate(words):
        if word == "и" and lead:
            continue
        parse = _nominative(word.strip(",;:"), morph)
        if parse is None:
            return []
        lead.append((i, parse))
        if parse.tag.POS == "NOUN":
            head = parse
            break
        if parse.tag.POS not in AGREEING:
            return []
    if head is None:
        return []
    later = []
    for i in range(lead[-1][0] + 1, len(words)):
        parse = next((p for p in morph.parse(words[i].strip(",;:")) if "nomn" in p.tag), None)
        if parse is not None and _agrees(parse, head) and words[i - 1].endswith(","):
            later.append((i, parse))
    return lead + later


def _inflect(word: str, parse: pymorphy3.analyzer.Parse, case: str, animacy: str) -> str:
    """One word in `case`; an adjective's accusative follows its noun's animacy ("Европейский союз")."""
    core = word.rstrip(",;:")
    by_animacy = parse.tag.gender == "masc" or parse.tag.number == "plur"
    animate_form = case == "accs" and parse.tag.POS in AGREEING and by_animacy
    form = (parse.inflect({case, animacy}) if animate_form else None) or parse.inflect({case})
    new = form.word if form is not None else core.lower()
    old_parts, new_parts = core.split("-"), new.split("-")
    if len(old_parts) == len(new_parts):  # keep each part's capital ("Народно-Демократической")
        new_parts = [n[:1].upper() + n[1:] if o[:1].isupper() else n for o, n in zip(old_parts, new_parts, strict=True)]
    return "-".join(new_parts) + word[len(core) :]


def case_forms(name: str, morph: pymorphy3.MorphAnalyzer) -> list[str]:
    """`name` in the genitive, dative, accusative, instrumental and prepositional (each once)."""
    declined = _declined(name, morph)
    if not declined:
        return []
    head = next(p for _, p in declined if p.tag.POS == "NOUN")
    animacy = head.tag.animacy or "inan"
    out = []
    for case in CASES:
        words = name.split(" ")
        for i, parse in declined:
            words[i] = _inflect(words[i], parse, case, animacy)
        out.append(" ".join(words))
    out += [f.replace("ё", "е").replace("Ё", "Е") for f in out]
    return list(dict.fromkeys(out))


def fill(path: Path, morph: pymorphy3.MorphAnalyzer) -> str:
    """The table's CSV text with `cases_ru` recomputed from its Russian name columns."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [c for c in reader.fieldnames or [] if c != "cases_ru"]
        rows = list(reader)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, [*header, "cases_ru"], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        names = [n for col in NAME_COLUMNS for n in (row.get(col) or "").split("|") if n]
        forms = [f for n in names for f in case_forms(n, morph)]
        row["cases_ru"] = "|".join(f for f in dict.fromkeys(forms) if f not in names)
        writer.writerow(row)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    morph = pymorphy3.MorphAnalyzer()
    stale = []
    for name in TABLES:
        path = HERE / f"{name}.csv"
        if not path.exists():
            continue
        text = fill(path, morph)
        if "--check" in argv:
            if path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"{name}: cases_ru is out of date (run python ontology/generate_name_cases.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
