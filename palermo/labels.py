"""One label rule for every kind of thing: what pages, pictures, search, query results and exports
call a thing, in the language asked for, with what goes under it (a title, the name in the other
language).

The rule reads only what the graph holds about the thing (and the things its label is made of: an
act's body, an article's instrument, a recommendation's meeting), through `about(iri)`, which gives
a thing's (predicate IRI, value) pairs: `Labels.of_store` asks a pyoxigraph store's default graph.
The words and the order of the parts are data, one table per language in `ontology/labels/`
("Resolution 5/2 (COP)", "COP第5/2号决议"); class names come from the ontology's `rdfs:label`
unless the language's table names them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from palermo.iri import ELI, PAL, PREFIXES, SCHEMA
from palermo.resources import ontology_path, tsv_rows

# The terms as plain strings: the graph's (predicate, value) pairs are compared as str, which an
# rdflib URIRef never equals.
_TYPE, _LABEL, _NOTATION = str(RDF.type), str(RDFS.label), str(SKOS.notation)
_LANGUAGE, _DOC_TYPE = str(DCTERMS.language), str(DCTERMS.type)
_NAMES = tuple(map(str, (SKOS.prefLabel, SCHEMA.name, DCTERMS.title, ELI.title, RDFS.label)))
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_VOCABULARIES = tuple(  # their terms are named by the ontology's rdfs:label, else their own name in words
    str(ns) for ns in (*PREFIXES.values(), SKOS, DCTERMS, RDF, RDFS, OWL, PROV, FOAF)
)
_REMEMBERED = 200_000
About = Callable[[str], Sequence[tuple[str, object]]]


@dataclass(frozen=True)
class Label:
    """A thing's label in one language (`lang`), and lines that go under it: its title, its name
    in the other language."""

    text: str
    lang: str | None = None
    under: tuple[tuple[str, str | None], ...] = field(default=())


@cache
def table(lang: str) -> dict[tuple[str, str], str]:
    """The label table of a language (`ontology/labels/<lang>.tsv`): (kind, key) → value; English
    for a language without a table."""
    path = ontology_path("labels", f"{lang}.tsv")
    if not path.is_file():
        return table("en")
    return {(kind, key): text for kind, key, text in tsv_rows(path, 3)}


@cache
def label_languages() -> tuple[str, ...]:
    """The languages things are labelled in (a label in one, its names in the others under it):
    those with a table in `ontology/labels/`, English, the fallback, first."""
    found = sorted(path.stem for path in ontology_path("labels").glob("*.tsv"))
    return ("en", *(code for code in found if code != "en"))


@cache
def class_labels() -> dict[tuple[str, str], str]:
    """(class or property IRI, language) → its rdfs:label in the ontology."""
    found: dict[tuple[str, str], str] = {}
    for t in ox.parse(path=str(ontology_path("palermo.ttl")), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == _LABEL and isinstance(t.object, ox.Literal):
            found[(t.subject.value, t.object.language or "en")] = t.object.value
    return found


def class_label(iri: str, lang: str = "en") -> str:
    """A class's name for people ("agenda item statement", not `AgendaStatement`)."""
    local = re.split(r"[#/]", iri)[-1]
    named = table(lang).get(("class", local)) or class_labels().get((iri, lang)) or class_labels().get((iri, "en"))
    return named or in_words(local)


def in_words(name: str) -> str:
    """A camel-case or snake-case name in words, for a name no table gives: `citesForInformation`
    → "cites for information"."""
    return _CAMEL.sub(" ", name).replace("_", " ").lower()


def _text(v: object) -> str:
    return str(getattr(v, "value", v))


def _lang(v: object) -> str | None:
    return getattr(v, "language", None) or None


@dataclass(frozen=True)
class _Said:
    """What the label rule reads of one thing: its values by predicate and the language's words."""

    values: dict[str, list[object]]
    words: dict[tuple[str, str], str]
    lang: str

    def one(self, p: str) -> str | None:
        found = self.values.get(p)
        return _text(found[0]) if found else None

    def made(self, template: str, **parts: str) -> tuple[str, str]:
        return self.words[("template", template)].format(**parts), self.lang


class Labels:
    """Labels of the things of one graph, remembered (a page asks for the same meeting often).

    `base`: the graph's base IRI, so that a thing the graph says nothing about is named by its path
    (`doc/x`), not its whole IRI."""

    def __init__(self, about: About, base: str = "", languages: Sequence[str] | None = None) -> None:
        self.about, self.base = about, base
        self.languages = tuple(languages) if languages is not None else label_languages()
        self._seen: dict[tuple[str, str], Label] = {}

    @classmethod
    def of_store(cls, store: ox.Store, base: str = "") -> Labels:
        """Labels read from a store's default graph."""

        def about(iri: str) -> list[tuple[str, object]]:
            quads = store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())
            return sorted(((q.predicate.value, q.object) for q in quads), key=lambda t: (t[0], str(t[1])))

        return cls(about, base)

    def __call__(self, iri: str, lang: str = "en") -> Label:
        """The label of `iri` in `lang`, with its title and its label in the other language under it."""
        key = (iri, lang)
        found = self._seen.get(key)
        if found is None:
            if len(self._seen) >= _REMEMBERED:  # a site of 10,000 documents names millions of things
                self._seen.clear()
            found = self._seen[key] = self._label(iri, lang)
        return found

    def text(self, iri: str, lang: str = "en") -> str:
        return self(iri, lang).text

    # -- the rule
    def _label(self, iri: str, lang: str) -> Label:
        pairs = self.about(iri)
        values: dict[str, list[object]] = {}
        for p, o in pairs:
            values.setdefault(p, []).append(o)
        types = {_text(o) for o in values.get(_TYPE, [])}
        text, text_lang = self._main(iri, values, types, lang)
        others = [o for o in self.languages if o != lang]
        under: list[tuple[str, str | None]] = []
        title = self._title(values, types, lang)
        if title is not None and title[0] != text:
            under.append(title)
        for other in others:
            in_other, other_lang = self._main(iri, values, types, other)
            if other_lang == other and in_other != text and all(in_other != u for u, _ in under):
                under.append((in_other, other))
        return Label(text, text_lang, tuple(under))

    def _main(self, iri: str, values: dict[str, list[object]], types: set[str], lang: str) -> tuple[str, str | None]:
        """The label proper: (text, its language); the first rule that fits the thing's kind."""
        said = _Said(values, table(lang), lang)
        return self._of_kind(said, types) or self._of_text(iri, said, types) or self._named(iri, said, types)

    def _of_kind(self, said: _Said, types: set[str]) -> tuple[str, str | None] | None:
        """An act, article, meeting, recommendation or agenda item: its language's template."""
        lang, one, made, words = said.lang, said.one, said.made, said.words
        if str(PAL.Act) in types and one(str(PAL.actNumber)):
            kind = one(str(PAL.actKind)) or ""
            body = self._notation(one(str(PAL.issuedBy)))
            return made("act", kind=words.get(("word", kind), kind), number=one(str(PAL.actNumber)) or "", body=body)
        if str(PAL.Article) in types and one(str(PAL.number)):
            instrument = self(one(str(ELI.is_part_of)) or "", lang).text
            return made("article", number=one(str(PAL.number)) or "", instrument=instrument)
        if str(PAL.ArticleParagraph) in types:
            article = self.about(one(str(ELI.is_part_of)) or "")
            number = next((_text(o) for p, o in article if p == str(PAL.number)), "")
            part_of = next((_text(o) for p, o in article if p == str(ELI.is_part_of)), "")
            instrument = self(part_of, lang).text
            return made("article-paragraph", article=number, number=one(str(PAL.number)) or "", instrument=instrument)
        if str(PAL.Meeting) in types:
            body = self._notation(one(str(PAL.body)))
            if one(str(PAL.ordinal)):
                return made("meeting", body=body, ordinal=one(str(PAL.ordinal)) or "")
            date = one(str(SCHEMA.startDate))
            if date:
                return made("meeting-dated", body=body, date=date)
        if str(PAL.RecommendationSet) in types and one(str(PAL.adoptedAt)):
            return made("recommendations", meeting=self(one(str(PAL.adoptedAt)) or "", lang).text)
        if str(PAL.Recommendation) in types and one(str(PAL.adoptedAt)):
            meeting = self(one(str(PAL.adoptedAt)) or "", lang).text
            number = one(str(PAL.number)) or ""
            quoted = one(str(PAL.quotedIn))
            if quoted:
                document = self._document_of(quoted, lang)
                return made("quoted-recommendation", number=number, meeting=meeting, document=document)
            return made("recommendation", number=number, meeting=meeting)
        if str(PAL.MeetingAsStated) in types and one(str(PAL.meeting)):
            meeting = self(one(str(PAL.meeting)) or "", lang).text
            return made("stated-meeting", meeting=meeting, version=self(one(str(PAL.statedIn)) or "", lang).text)
        if str(PAL.AgendaItem) in types and one(str(PAL.meeting)):
            meeting = self(one(str(PAL.meeting)) or "", lang).text
            return made("agenda-item", number=one(str(PAL.number)) or "", meeting=meeting)
        return None

    def _of_text(self, iri: str, said: _Said, types: set[str]) -> tuple[str, str | None] | None:
        """A document by its symbol, a language version, a block of its text or a fact."""
        lang, one, made, words = said.lang, said.one, said.made, said.words
        if str(ELI.LegalResource) in types and one(str(ELI.id_local)):
            return one(str(ELI.id_local)) or "", None
        if str(ELI.LegalExpression) in types and one(str(ELI.realizes)):
            language = one(_LANGUAGE) or iri.rsplit("/", 1)[-1]
            document = self(one(str(ELI.realizes)) or "", lang).text
            return made("version", document=document, language=words.get(("word", language), language))
        if one(str(PAL.key)) and one(str(ELI.is_part_of)):  # a block of a version's text
            kind = next((t for t in sorted(types) if t.startswith(str(PAL))), "")
            version = self(one(str(ELI.is_part_of)) or "", lang).text
            if str(ELI.LegalExpression) not in {_text(o) for p, o in self.about(one(str(ELI.is_part_of)) or "")}:
                version = self._document_of(one(str(ELI.is_part_of)) or "", lang)
            label = one(str(PAL.label)) or one(str(PAL.key)) or ""
            return made("block", version=version, kind=class_label(kind, lang), label=label)
        if one(str(PAL.about)) and any(t.startswith(str(PAL)) for t in types):  # a fact
            kind = next(t for t in sorted(types) if t.startswith(str(PAL)))
            about = self(one(str(PAL.about)) or "", lang).text
            return made("fact", kind=class_label(kind, lang)[:1].upper() + class_label(kind, lang)[1:], about=about)
        return None

    def _named(self, iri: str, said: _Said, types: set[str]) -> tuple[str, str | None]:
        """The thing's own name, a document's type and subject, its notation, else its IRI."""
        lang, values, one, made, words = said.lang, said.values, said.one, said.made, said.words
        named = self._name(values, lang)
        if named is not None:
            return named
        if str(ELI.LegalResource) in types:
            versions = sorted(_text(o) for o in values.get(str(ELI.is_realized_by), []))
            typed = one(_DOC_TYPE)
            subject = one(str(PAL.reportsOn)) or one(str(PAL.beforeMeeting))
            if typed and subject:  # a document printing no symbol: "Report of WG-TIP meeting 11"
                key = typed.rsplit("/", 1)[-1]
                if ("word", key) in words:
                    return made("typed-document", type=words[("word", key)], about=self(subject, lang).text)
            if versions:
                return self._name(_values(self.about(versions[0])), lang) or (self._source(versions[0]), None)
        notation = one(_NOTATION)
        if notation:
            return notation, None
        if iri.startswith(str(PAL)) or (not values and iri.startswith(_VOCABULARIES)):  # a class or property
            return class_label(iri, lang), lang
        return self._path(iri), None

    def _title(self, values: dict[str, list[object]], types: set[str], lang: str) -> tuple[str, str | None] | None:
        """What goes under a label that is not a name: a document's or article's title."""
        if str(PAL.Article) in types or (str(ELI.LegalResource) in types and str(PAL.Instrument) not in types):
            found = self._name(values, lang)
            if found is None:
                for version in sorted(_text(o) for o in values.get(str(ELI.is_realized_by), [])):
                    found = self._name(_values(self.about(version)), lang)
                    if found is not None:
                        break
            return found
        if str(PAL.Recommendation) in types:
            return self._name({"t": values.get(str(PAL.text), [])}, lang, ("t",))
        blocks = values.get(str(PAL.block))
        if blocks:  # a fact: where it was read (a recommendation's blocks are its text, above)
            return table(lang)[("template", "fact-where")].format(block=self(_text(blocks[0]), lang).text), lang
        return None

    def _name(
        self, values: dict[str, list[object]], lang: str, names: Sequence[str] = _NAMES
    ) -> tuple[str, str | None] | None:
        """A name the graph states, in `lang` first, then in the other languages in order."""
        order = (lang, *[o for o in self.languages if o != lang], None)
        for p in names:
            found = values.get(p, [])
            for wanted in order:
                texts = sorted(_text(o) for o in found if _lang(o) == wanted)
                if texts:
                    return " ".join(texts[0].split()), wanted
        return None

    def _notation(self, iri: str | None) -> str:
        """A body's short name (`COP`, `WG-TIP`)."""
        if not iri:
            return ""
        found = [_text(o) for p, o in self.about(iri) if p == _NOTATION]
        return min(found) if found else self._path(iri)

    def _document_of(self, version: str, lang: str) -> str:
        work = next((_text(o) for p, o in self.about(version) if p == str(ELI.realizes)), None)
        return self(work, lang).text if work else self(version, lang).text

    def _source(self, version: str) -> str:
        found = [_text(o) for p, o in self.about(version) if p == str(PAL.sourceFile)]
        return found[0] if found else self._path(version)

    def _path(self, iri: str) -> str:
        path = iri[len(self.base) :] if self.base and iri.startswith(self.base) else iri
        return unquote(path) if self.base else path


def _values(pairs: Sequence[tuple[str, object]]) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for p, o in pairs:
        found.setdefault(p, []).append(o)
    return found
