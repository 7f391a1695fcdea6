"""N-Triples written straight from values: a document's graph is a set of lines, never an rdflib
Graph (which indexes every triple three ways, only for the lines to be serialised again).

Terms are N-Triples text: `Vocab` gives a namespace's terms (`pal.Citation` → `<…ns#Citation>`,
made once each), `ref` an IRI minted by palermo/iri.py, `literal`/`integer`/`date` a literal,
escaped as N-Triples wants it (one line each), with its language tag or datatype (none for
xsd:string). The lines are canonical: the same graph, the same bytes.
"""

from __future__ import annotations

import re

from rdflib import RDF, XSD

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_SPECIAL = re.compile(r'[\\"\n\r]')
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_DATE_TYPES = {10: f"<{XSD.date}>", 7: f"<{XSD.gYearMonth}>", 4: f"<{XSD.gYear}>"}
_INTEGER = f"<{XSD.integer}>"
TYPE = f"<{RDF.type}>"


class Vocab:
    """The terms of one namespace in N-Triples syntax, each made on first use."""

    def __init__(self, namespace: str) -> None:
        self._ns = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        term = ref(self._ns + name)
        setattr(self, name, term)
        return term


def ref(iri: str) -> str:
    """An IRI (the N-Triples escapes applied to what an IRI may not hold)."""
    if _IRI_BAD.search(iri):
        iri = _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", iri)
    return f"<{iri}>"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A string, language-tagged string or typed literal (`datatype` an N-Triples IRI term)."""
    if _SPECIAL.search(text):
        text = _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text)
    if lang:
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^{datatype}'
    return f'"{text}"'


def integer(value: int) -> str:
    return f'"{value}"^^{_INTEGER}'


def date(value: str) -> str:
    """`2021-10-28` as xsd:date, `2022-06` as xsd:gYearMonth, `2009` as xsd:gYear."""
    return literal(value, datatype=_DATE_TYPES.get(len(value), _DATE_TYPES[4]))


class Triples:
    """A graph as a set of N-Triples lines, with the subjects of each class (what a build counts)
    and the lines of the subjects other graphs may describe too: those not under `own` (a
    document's language version: its blocks, facts and evidence are its own)."""

    def __init__(self, own: str | None = None) -> None:
        self.lines: set[str] = set()
        self.typed: dict[str, set[str]] = {}  # class term → subjects
        self.types: dict[str, list[str]] = {}  # subject → its type lines
        self.described: set[str] = set()  # the subjects (plain IRIs)
        self.shareable: set[str] = set()
        self._own = own + "/" if own else None

    def add(self, s: str, p: str, o: str) -> None:
        """One triple of N-Triples terms (`s` a plain IRI string, as minted)."""
        line = f"{ref(s)} {p} {o} ."
        self.lines.add(line)
        self.described.add(s)
        if p == TYPE:
            self.typed.setdefault(o, set()).add(s)
            self.types.setdefault(s, []).append(line)
        if self._own is None or not s.startswith(self._own):
            self.shareable.add(line)

    def shared(self) -> list[str]:
        """The lines of the subjects other graphs may describe, and the types of what they point at."""
        out = set(self.shareable)
        for line in self.shareable:
            obj = line.split(" ", 2)[2]
            if obj.startswith("<"):
                out.update(self.types.get(obj[1:-3], ()))
        return sorted(out)

    def sorted(self) -> list[str]:
        return sorted(self.lines)

    def subjects(self, cls: str) -> list[str]:
        """The subjects typed `cls` (an N-Triples term), sorted."""
        return sorted(self.typed.get(cls, ()))

    def __len__(self) -> int:
        return len(self.lines)
