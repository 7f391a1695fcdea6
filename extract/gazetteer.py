"""The names the reference tables give (countries, organizations) found in a text: what more
than one extractor looks for (actors: who attended and spoke; tools: who made a tool), so it lives
here rather than in either of them.

Every label of a thing in a language, longest first, in one alternation per language and kind: a
name stands as a whole word, or in a run of names glued together by pdf-to-text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from palermo import lang as langs
from palermo import reference


def fold(name: str) -> str:
    """Case- and accent-insensitive key of a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@cache
def _label_regex(code: str, kind: str) -> re.Pattern[str]:
    """One alternation of every label of the countries or organizations, longest first."""
    labels: dict[str, str] = {}
    if kind == "country":
        for c in reference.countries().values():
            for label in c.labels.get(code, ()):
                labels[label] = c.iso3
    else:
        for o in reference.organizations().values():
            for label in o.labels.get(code, ()):
                labels[label] = o.key
            if code == "en" and o.acronym:
                labels[o.acronym] = o.key
    forms = []
    for label in sorted(labels, key=lambda s: (-len(s), s)):
        forms.append(re.escape(label).replace(r"\-", r"\-\s?"))  # "Anti- Slavery" from pdf conversion
        if code == "en" and " and " in label:
            forms.append(re.escape(label).replace(r"\ and\ ", r"\ (?:and|&)\ "))
    alternation = "|".join(forms) or "(?!)"  # a language no name of this kind is labelled in yet
    if code == "en":
        # a name stands alone, or in a run of names glued by pdf-to-text ("ArgentinaAustriaBelgium":
        # a capital right after a small letter starts a new name; longest first, "Nigeria" before "Niger")
        return re.compile(rf"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))(?:{alternation})(?![a-z])")
    table = langs.load(code)
    if table.has("name-before"):  # a language written with spaces: a name is a whole word ("Mali" not in "Somalie")
        return re.compile(f"(?:{table.expand('name-before')})(?:{alternation})(?:{table.expand('name-after')})")
    return re.compile(alternation)


@cache
def _label_keys(code: str, kind: str) -> dict[str, str]:
    if kind == "country":
        return reference.country_names(code)
    out = {}
    for o in reference.organizations().values():
        for label in o.labels.get(code, ()):
            out[label.casefold()] = o.key
        if code == "en" and o.acronym:
            out[o.acronym.casefold()] = o.key
    return out


Span = tuple[int, int, str]


def organizations_in(lang: langs.Lang, text: str) -> list[Span]:
    keys = _label_keys(lang.code, "org")
    return [
        (m.start(), m.end(), keys[re.sub(r"-\s", "-", m.group()).replace("&", "and").casefold()])
        for m in _label_regex(lang.code, "org").finditer(text)
    ]


def countries_in(lang: langs.Lang, text: str, orgs: list[Span] | None = None) -> list[Span]:
    """Exact country mentions: not inside an organization's name, a non-country word or a language."""
    keys = _label_keys(lang.code, "country")
    blocked = list(orgs if orgs is not None else organizations_in(lang, text))
    for word in lang.words_set("not-country"):
        blocked += [(m.start(), m.end(), "") for m in re.finditer(re.escape(word), text)]
    blocked += [(m.start(), m.end(), "") for m in lang.pattern("not-country-form").finditer(text)]  # "中国发展门户网"
    as_language = lang.pattern("country-as-language")
    out = []
    for m in _label_regex(lang.code, "country").finditer(text):
        if any(s < m.end() and m.start() < e for s, e, _ in blocked):
            continue
        if as_language.match(text, m.end()):
            continue
        out.append((m.start(), m.end(), keys[m.group().replace("&", "and").casefold()]))
    return out
