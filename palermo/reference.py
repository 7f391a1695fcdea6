"""Reference tables of ontology/ (CSV), loaded once: countries, bodies, meetings, instruments,
organizations, tools and the closed concept schemes (document types, roles).

The tables are data; this module only reads them into typed rows and indexes, so extractors
and the graph builder share one reading.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, TypeVar

from palermo.resources import ontology_path


def rows(name: str) -> list[dict[str, str]]:
    """Rows of ontology/<name>.csv as dicts (header = keys)."""
    with ontology_path(f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


T = TypeVar("T")


def typed(name: str, cls: type[T]) -> list[T]:
    """Rows of ontology/<name>.csv as `cls`, a dataclass whose fields are columns; fields annotated
    `int` or `bool` ("yes") (a string here: annotations are postponed) are converted."""
    read: dict[object, Callable[[str], Any]] = {"int": int, "bool": lambda cell: cell == "yes"}
    out = []
    for r in rows(name):
        values: dict[str, Any] = {f.name: read.get(f.type, str)(r[f.name]) for f in fields(cls)}  # type: ignore[arg-type]
        out.append(cls(**values))
    return out


def names(row: dict[str, str], *columns: str) -> tuple[str, ...]:
    """The non-empty names of `columns` in order ("|" separates variants in a cell), without repeats."""
    return tuple(dict.fromkeys(n for c in columns for n in row[c].split("|") if n))


def labels(row: dict[str, str], *stems: str) -> dict[str, tuple[str, ...]]:
    """A row's names by language, from its `<stem>_<language>` columns, stems in order of preference
    ("name", "short", "alt"): the languages are those the table has columns for, in column order."""
    codes = dict.fromkeys(c.rsplit("_", 1)[1] for c in row if "_" in c and c.rsplit("_", 1)[0] in stems)
    found = {code: names(row, *(f"{s}_{code}" for s in stems if f"{s}_{code}" in row)) for code in codes}
    return {code: named for code, named in found.items() if named}


@cache
def _more_names(name: str) -> dict[str, dict[str, str]]:
    """The rows of a table of names in the other four languages (ontology/<name>.csv: Arabic,
    French, Russian, Spanish), by their first column, the key of the table they complete."""
    return {next(iter(r.values())): r for r in rows(name)}


def in_six(
    row: dict[str, str], key: str, more: str, *stems: str, also: tuple[str, ...] = ()
) -> dict[str, tuple[str, ...]]:
    """A thing's names in the six languages: English and Chinese from its row, the other four from
    the row of `more` for `key` (with its `also` columns: an organization's acronym in a language
    that has its own, ONUDC, УНП ООН); a Russian name's other cases (`cases_ru`) come last."""
    out = labels(row, *stems)
    other = _more_names(more).get(key)
    if other is not None:
        preferred = [s for s in stems if s != "alt"]
        out.update(labels(other, *preferred, *also, *(["alt"] if "alt" in stems else []), "cases"))
    return out


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    m49: str
    kind: str
    labels: dict[str, tuple[str, ...]]  # language → names, preferred first


@cache
def countries() -> dict[str, Country]:
    """Every country, named in the six languages: English and Chinese as the UN writes them
    (countries.csv), Arabic, French, Russian and Spanish from CLDR (country-names.csv, generated)."""
    out = {}
    for r in rows("countries"):
        labelled = in_six(r, r["iso3"], "country-names", "name", "short", "alt")
        out[r["iso3"]] = Country(r["iso3"], r["iso2"], r["m49"], r["kind"], labelled)
    return out


@cache
def country_names(language: str) -> dict[str, str]:
    """{name as written (case-folded): iso3} for one language, every variant included."""
    return {n.casefold(): c.iso3 for c in countries().values() for n in c.labels.get(language, ())}


@dataclass(frozen=True)
class Body:
    code: str
    kind: str
    parent: str
    numbering: str  # "session": acts numbered <session>/<n>; "year": <year>/<n>
    max_ordinal: int  # the highest session or meeting ordinal the body can have reached
    unit: str  # what its meetings are called: "session", or "session meeting" (working groups)
    act_formats: str  # how its acts are numbered: session (5/2), year (2004/110), roman, sc, eu
    labels: dict[str, tuple[str, ...]]  # language → names, the official one first

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(self.unit.split())


@cache
def bodies() -> dict[str, Body]:
    """The bodies, named in the six languages (bodies.csv, body-names.csv)."""
    out = {}
    for r in rows("bodies"):
        labelled = in_six(r, r["code"], "body-names", "name", "short", "alt")
        kept = {k: r[k] for k in ("code", "kind", "parent", "numbering", "unit", "act_formats")}
        out[r["code"]] = Body(**kept, max_ordinal=int(r["max_ordinal"]), labels=labelled)
    return out


def root(code: str) -> str | None:
    """The top body a body belongs to (a COP working group → COP); None for an unknown code."""
    seen = set()
    while code in bodies() and bodies()[code].parent and code not in seen:
        seen.add(code)
        code = bodies()[code].parent
    return code if code in bodies() else None


def kind_of(code: str) -> str | None:
    """The kind of a body (working-group, council …), None for an unknown code."""
    body = bodies().get(code)
    return body.kind if body else None


@cache
def only_of_kind(kind: str) -> str | None:
    """The body of a kind when there is one only ("assembly": the General Assembly)."""
    codes = [b.code for b in bodies().values() if b.kind == kind]
    return codes[0] if len(codes) == 1 else None


@dataclass(frozen=True)
class CalendarEntry:
    body: str
    ordinal: int
    start: str
    end: str
    place: str


@cache
def calendar() -> tuple[CalendarEntry, ...]:
    return tuple(typed("meetings", CalendarEntry))


def meeting_during(body: str, day: str) -> CalendarEntry | None:
    """The calendar meeting of `body` held on `day` (YYYY-MM-DD)."""
    if len(day) != 10:
        return None
    for e in calendar():
        if e.body == body and e.start <= day <= e.end:
            return e
    return None


def meeting_by_dates(body: str, start: str, end: str | None) -> CalendarEntry | None:
    """The calendar meeting of `body` that starts on `start` (and ends on `end`, if given)."""
    for e in calendar():
        if e.body == body and e.start == start and (end is None or e.end == end):
            return e
    return None


@dataclass(frozen=True)
class Instrument:
    code: str
    adopted: str
    titles: dict[str, str]  # language → official title
    labels: dict[str, tuple[str, ...]]  # language → names, the short title first where there is one


@cache
def instruments() -> dict[str, Instrument]:
    """The instruments, titled in the six languages (instruments.csv, instrument-names.csv)."""
    out = {}
    for r in rows("instruments"):
        titles = {code: names[0] for code, names in in_six(r, r["code"], "instrument-names", "title").items()}
        short = in_six(r, r["code"], "instrument-names", "short")
        more = in_six(r, r["code"], "instrument-names", "alt")  # variants, and Russian cases
        labelled = {
            code: tuple(dict.fromkeys((*short.get(code, (title,)), *more.get(code, ()))))
            for code, title in titles.items()
        }
        out[r["code"]] = Instrument(r["code"], r["adopted"], titles, labelled)
    return out


@dataclass(frozen=True)
class Article:
    instrument: str
    number: int
    titles: dict[str, str]  # language → the article's title, where it has one


@cache
def articles() -> tuple[Article, ...]:
    """The articles, titled in the languages article-titles.csv knows them in."""
    more = {(r["instrument"], r["number"]): r for r in rows("article-titles")}
    out = []
    for r in rows("articles"):
        titles = {**_titles(r), **_titles(more.get((r["instrument"], r["number"]), {}))}
        out.append(Article(r["instrument"], int(r["number"]), titles))
    return tuple(out)


def _titles(row: dict[str, str]) -> dict[str, str]:
    return {code: names[0] for code, names in labels(row, "title").items()}


@dataclass(frozen=True)
class Organization:
    key: str
    kind: str
    acronym: str
    labels: dict[str, tuple[str, ...]]  # language → names, preferred first


@cache
def organizations() -> dict[str, Organization]:
    out = {}
    for r in rows("organizations"):
        labelled = in_six(r, r["key"], "organization-names", "name", "short", "alt", also=("acronym",))
        out[r["key"]] = Organization(r["key"], r["kind"], r["acronym_en"], labelled)
    return out


@dataclass(frozen=True)
class Tool:
    key: str
    kind: str
    publisher: str
    year: str
    labels: dict[str, tuple[str, ...]]  # language → titles, preferred first


@cache
def tools() -> dict[str, Tool]:
    out = {}
    for r in rows("tools"):
        out[r["key"]] = Tool(r["key"], r["kind"], r["publisher"], r["year"], labels(r, "title", "alt"))
    return out


@dataclass(frozen=True)
class Concept:
    """A key of a closed concept scheme (ontology/concepts.csv); `rank` orders the keys of a scheme;
    a role `at_meeting` is a part taken in a meeting (not a mention, not a cited work's author)."""

    scheme: str
    key: str
    rank: int
    meaning: str
    at_meeting: bool


@cache
def concepts(scheme: str) -> tuple[Concept, ...]:
    """The keys of `scheme` ("document-type", "role") by rank; KeyError for a scheme the table lacks."""
    found = sorted((c for c in typed("concepts", Concept) if c.scheme == scheme), key=lambda c: c.rank)
    if not found:
        raise KeyError(f"ontology/concepts.csv has no concept scheme {scheme!r}")
    return tuple(found)


def document_types() -> tuple[str, ...]:
    """The document types, in the precedence the masthead gives them when their cues weigh the same."""
    return tuple(c.key for c in concepts("document-type"))


def roles() -> tuple[str, ...]:
    """The capacities an actor is named in, in the order pages list them and their legend shows them."""
    return tuple(c.key for c in concepts("role"))


@cache
def roles_at_meeting() -> tuple[str, ...]:
    """The roles that are a part taken in a meeting (attendance, speaking, chairing), by rank."""
    return tuple(c.key for c in concepts("role") if c.at_meeting)
